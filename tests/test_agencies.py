"""Agency mentions and canonical names: one grammar for every province and for post-2025 names."""
from __future__ import annotations

import pytest

from ingest.extract.agencies import canonical_agency, find_agencies

PHONG_THO = "huyện Phong Thổ"


def names(text: str) -> list[str]:
    return [name for _, name in find_agencies(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # where a name ends: role verbs, the next agency, punctuation, a locality
        ("Giao phòng Nông nghiệp và PTNT đầu mối theo dõi, tổng hợp", ["phòng Nông nghiệp và PTNT"]),
        ("Giao Phòng Kinh tế-Hạ tầng và Ban Quản lý dự án đồng đầu mối, theo dõi",
         ["Phòng Kinh tế-Hạ tầng", "Ban Quản lý dự án"]),
        ("Trung tâm y tế huyện chỉ đạo trạm y tế tham mưu", ["Trung tâm y tế huyện"]),
        ("Phòng Văn hóa - Thông tin Chủ trì phối hợp với Sở Y tế", ["Phòng Văn hóa - Thông tin", "Sở Y tế"]),
        ("Ban Chỉ huy Quân sự huyện Tham mưu, giúp Ủy ban nhân dân huyện",
         ["Ban Chỉ huy Quân sự huyện", "Ủy ban nhân dân huyện"]),
        ("Ban quản lý rừng phòng hộ: Tham mưu giúp", ["Ban quản lý rừng phòng hộ"]),
        ("Giao Trung tâm văn hóa, thể thao và truyền thông đầu mối",
         ["Trung tâm văn hóa, thể thao và truyền thông"]),
        ("Phòng Lao động, Thương binh - Xã hội huyện", ["Phòng Lao động, Thương binh - Xã hội huyện"]),
        ("Phòng Văn hóa và Thông tin, Trung tâm Văn hóa - Truyền thanh - Truyền hình thị xã",
         ["Phòng Văn hóa và Thông tin", "Trung tâm Văn hóa - Truyền thanh - Truyền hình thị xã"]),
        ("Văn phòng HĐND&UBND huyện: Chủ trì", ["Văn phòng HĐND&UBND huyện"]),
        ("Sở Lao động - Thương binh và Xã hội tỉnh Điện Biên.", ["Sở Lao động - Thương binh và Xã hội tỉnh Điện Biên"]),
        ("cơ quan Thường trực theo quy định", ["cơ quan Thường trực"]),
        # a unit housed in a department is one mention
        ("Giao Văn phòng Điều phối Nông thôn mới - Phòng Nông nghiệp và PTNT đầu mối",
         ["Văn phòng Điều phối Nông thôn mới - Phòng Nông nghiệp và PTNT"]),
        # collective subjects
        ("Các cơ quan, đơn vị, UBND các xã, thị trấn được giao nhiệm vụ",
         ["Các cơ quan, đơn vị", "UBND các xã, thị trấn"]),
        ("Đề nghị Ủy ban MTTQ Việt Nam và các tổ chức đoàn thể chính trị - xã hội thị xã",
         ["Ủy ban MTTQ Việt Nam và các tổ chức đoàn thể chính trị - xã hội thị xã"]),
        # other provinces, post-2025 names
        ("Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Dân tộc và Tôn giáo",
         ["Sở Nông nghiệp và Môi trường", "Sở Dân tộc và Tôn giáo"]),
        ("UBND phường Tân Phong phối hợp với Phòng Kinh tế, Hạ tầng và Đô thị",
         ["UBND phường Tân Phong", "Phòng Kinh tế, Hạ tầng và Đô thị"]),
        ("Công an tỉnh chủ trì, phối hợp với Bộ Chỉ huy Quân sự tỉnh", ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"]),
        ("Đài Phát thanh và Truyền hình tỉnh, Báo Lào Cai tăng cường tuyên truyền",
         ["Đài Phát thanh và Truyền hình tỉnh", "Báo Lào Cai"]),
        ("Hội Liên hiệp Phụ nữ tỉnh chủ trì thực hiện Dự án 8", ["Hội Liên hiệp Phụ nữ tỉnh"]),
    ],
)
def test_mentions(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ban hành kế hoạch thực hiện. Báo cáo kết quả.",
        "Phòng chống thiên tai, tìm kiếm cứu nạn.",
        "Trường hợp cần thiết, Hội nghị được tổ chức.",
        "công tác thanh tra, kiểm tra; bảo hiểm y tế",
        "Trên cơ sở Kế hoạch số 78/KH-UBND ngày 14/02/2022",  # "cơ sở", and UBND inside a symbol
        "12 phòng tin học; 12 phòng Công nghệ",
        "cán bộ Hội, đoàn thể; Bộ Tiêu chí quốc gia",
        "xã Bản Lang, bản Nậm Cáy, thị trấn Phong Thổ",  # places, not agencies ("Phong" is not "Phòng")
    ],
)
def test_not_agencies(text: str) -> None:
    assert [n for n in names(text) if not n.lower().startswith("các")] == []


@pytest.mark.parametrize(
    ("written", "canonical", "kind"),
    [
        ("Phòng LĐ-TBXH", "Phòng Lao động - Thương binh và Xã hội", "phong-lao-dong-thuong-binh-va-xa-hoi"),
        ("Phòng Lao động-Thương binh và Xã hội huyện", "Phòng Lao động - Thương binh và Xã hội",
         "phong-lao-dong-thuong-binh-va-xa-hoi"),
        ("Phòng Lao động, Thương binh - Xã hội huyện", "Phòng Lao động - Thương binh và Xã hội",
         "phong-lao-dong-thuong-binh-va-xa-hoi"),
        ("phòng NN và PTNT", "Phòng Nông nghiệp và Phát triển nông thôn", "phong-nong-nghiep-va-phat-trien-nong-thon"),
        ("Phòng Nông nghiệp và PTNT huyện", "Phòng Nông nghiệp và Phát triển nông thôn",
         "phong-nong-nghiep-va-phat-trien-nong-thon"),
        ("Phòng TC-KH", "Phòng Tài chính - Kế hoạch", "phong-tai-chinh-ke-hoach"),
        ("Phòng Kinh tế-Hạ tầng", "Phòng Kinh tế và Hạ tầng", "phong-kinh-te-va-ha-tang"),
        ("Phòng KT-HT", "Phòng Kinh tế và Hạ tầng", "phong-kinh-te-va-ha-tang"),
        ("Phòng Văn hóa-Thông tin huyện", "Phòng Văn hóa và Thông tin", "phong-van-hoa-va-thong-tin"),
        ("Phòng GD&ĐT", "Phòng Giáo dục và Đào tạo", "phong-giao-duc-va-dao-tao"),
        ("Phòng TN&MT", "Phòng Tài nguyên và Môi trường", "phong-tai-nguyen-va-moi-truong"),
        ("Trung tâm y tế huyện", "Trung tâm Y tế", "trung-tam-y-te"),
        ("Trung tâm văn hóa, thể thao và truyền thông", "Trung tâm Văn hóa, Thể thao và Truyền thông",
         "trung-tam-van-hoa-the-thao-va-truyen-thong"),
        ("Trung tâm GDNN-GDTX huyện", "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên",
         "trung-tam-giao-duc-nghe-nghiep-giao-duc-thuong-xuyen"),
        ("Văn phòng HĐND-UBND huyện", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
         "van-phong-hoi-dong-nhan-dan-va-uy-ban-nhan-dan"),
        # branches keep their level (ANNOTATION rule 9)
        ("Công an huyện", "Công an huyện", "cong-an-huyen"),
        ("Ban QLDA huyện", "Ban Quản lý dự án huyện", "ban-quan-ly-du-an-huyen"),
        ("Bảo hiểm xã hội", "Bảo hiểm xã hội huyện", "bao-hiem-xa-hoi-huyen"),
        ("Chi cục Thống kê huyện", "Chi cục Thống kê huyện", "chi-cuc-thong-ke-huyen"),
        ("Ngân hàng chính sách xã hội", "Phòng giao dịch Ngân hàng Chính sách xã hội huyện",
         "phong-giao-dich-ngan-hang-chinh-sach-xa-hoi-huyen"),
        # councils
        ("UBND xã Dào San", "Ủy ban nhân dân cấp xã", "uy-ban-nhan-dan-cap-xa"),
        ("UBND huyện Phong Thổ", "Ủy ban nhân dân huyện", "uy-ban-nhan-dan-huyen"),
        ("Uỷ ban nhân dân thị xã", "Ủy ban nhân dân thị xã", "uy-ban-nhan-dan-thi-xa"),
        # post-2025 and other provinces
        ("Sở NN&MT", "Sở Nông nghiệp và Môi trường", "so-nong-nghiep-va-moi-truong"),
        ("Sở Dân tộc và Tôn giáo tỉnh Lào Cai", "Sở Dân tộc và Tôn giáo", "so-dan-toc-va-ton-giao"),
        ("Phòng Kinh tế xã Tân Uyên", "Phòng Kinh tế", "phong-kinh-te"),
        ("Phòng Văn hóa - Xã hội", "Phòng Văn hóa - Xã hội", "phong-van-hoa-xa-hoi"),
        ("Văn phòng Điều phối Nông thôn mới - Phòng Nông nghiệp và PTNT",
         "Phòng Nông nghiệp và Phát triển nông thôn", "phong-nong-nghiep-va-phat-trien-nong-thon"),
    ],
)
def test_canonical(written: str, canonical: str, kind: str) -> None:
    agency = canonical_agency(written, locality=PHONG_THO)
    assert (agency.canonical, agency.kind, agency.generic) == (canonical, kind, False)
    assert agency.name == written


@pytest.mark.parametrize(
    ("written", "locality", "expected_locality"),
    [
        ("Phòng Nội vụ", "huyện Phong Thổ", "huyện Phong Thổ"),
        ("Phòng Nội vụ huyện Bắc Hà", "huyện Phong Thổ", "huyện Bắc Hà"),  # the Phòng of Bắc Hà, not Phong Thổ
        ("Công an tỉnh Lai Châu", None, "tỉnh Lai Châu"),
        ("Huyện ủy Phong Thổ", None, "huyện Phong Thổ"),
        ("Phòng Kinh tế xã Tân Uyên", "tỉnh Lai Châu", "xã Tân Uyên"),
    ],
)
def test_locality(written: str, locality: str | None, expected_locality: str) -> None:
    assert canonical_agency(written, locality=locality).locality == expected_locality


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("các cơ quan, đơn vị liên quan", "Các cơ quan, đơn vị liên quan"),
        ("các phòng, ban, ngành", "Các phòng, ban, ngành"),
        ("UBND các xã", "Ủy ban nhân dân cấp xã"),
        ("Ủy ban nhân dân xã, thị trấn", "Ủy ban nhân dân cấp xã"),
        ("UBND các xã, phường", "Ủy ban nhân dân cấp xã"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội",
         "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội"),
        ("Ủy ban MTTQ Việt Nam và các tổ chức đoàn thể chính trị - xã hội thị xã",
         "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội"),
    ],
)
def test_generic(written: str, canonical: str) -> None:
    agency = canonical_agency(written, locality=PHONG_THO)
    assert agency.generic and agency.canonical == canonical


def test_same_kind_across_districts() -> None:
    a = canonical_agency("Phòng LĐ-TBXH", locality="huyện Phong Thổ")
    b = canonical_agency("Phòng Lao động - Thương binh và Xã hội huyện", locality="huyện Bắc Hà")
    assert a.kind == b.kind and a.locality != b.locality


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Ban Quản lý các Khu công nghiệp tỉnh, UBND cấp xã phối hợp", ["Ban Quản lý các Khu công nghiệp tỉnh", "UBND cấp xã"]),
        ("qua Phòng An ninh chính trị nội bộ Công an tỉnh", ["Phòng An ninh chính trị nội bộ", "Công an tỉnh"]),
        ("Cục Bảo tồn thiên nhiên và Đa dạng sinh học", ["Cục Bảo tồn thiên nhiên và Đa dạng sinh học"]),
        ("Sở Tài chính các tỉnh", ["Sở Tài chính"]),
        ("Các Bộ: Tài chính, Ngoại giao, Công Thương xử lý", ["Các Bộ"]),
        # a flattened table: the next cell is not more of the name
        ("Bộ Công an Các bộ, ngành liên quan", ["Bộ Công an", "Các bộ, ngành liên quan"]),
        ("Ban Chỉ huy Phòng chống thiên tai và tìm kiếm cứu nạn tỉnh", ["Ban Chỉ huy Phòng chống thiên tai và tìm kiếm cứu nạn tỉnh"]),
        ("Cục Thuế có trách nhiệm", ["Cục Thuế"]),
        ("Bộ Quốc phòng và Thủ trưởng các cơ quan", ["Bộ Quốc phòng", "Thủ trưởng các cơ quan"]),
        ("Chi nhánh Văn phòng đăng ký đất đai", ["Chi nhánh Văn phòng đăng ký đất đai"]),
        # lower-case words between title-case parts of one name
        ("Ban Quản lý Khu Nông nghiệp ứng dụng Công nghệ cao Hòa Bình, Sở Y tế",
         ["Ban Quản lý Khu Nông nghiệp ứng dụng Công nghệ cao Hòa Bình", "Sở Y tế"]),
        # ... near misses: the sentence goes on in lower case, or names a document
        ("Sở Y tế ứng dụng công nghệ thông tin", ["Sở Y tế"]),
        ("Sở Tư pháp phổ biến Luật Phổ biến giáo dục pháp luật", ["Sở Tư pháp"]),
        ("Sở Văn hóa thẩm định Kế hoạch Tuyên truyền", ["Sở Văn hóa"]),
        # the provincial newspaper and broadcaster merged in 2025, in its spellings
        ("Sở Tư pháp; Báo và Phát thanh, Truyền hình tỉnh và các sở", ["Sở Tư pháp", "Báo và Phát thanh, Truyền hình tỉnh",
                                                                       "các sở"]),
        ("Báo và Phát thanh Truyền hình Hòa Bình đưa tin", ["Báo và Phát thanh Truyền hình Hòa Bình"]),
        # a board named after the zones it manages, written in lower case
        ("Ban Quản lý các khu công nghệ cao và khu công nghiệp, Sở Xây dựng phối hợp",
         ["Ban Quản lý các khu công nghệ cao và khu công nghiệp", "Sở Xây dựng"]),
        ("Ban Quản lý khu kinh tế, các khu công nghiệp tổ chức kiểm tra", ["Ban Quản lý khu kinh tế, các khu công nghiệp"]),
        # ... near misses: no "Quản lý" before the zones, or the words after it are no zone
        ("Sở Công Thương các khu công nghiệp", ["Sở Công Thương"]),
        ("Ban Quản lý dự án các khu dân cư", ["Ban Quản lý dự án"]),
        # the offices of the party committees, as a collective
        ("Văn phòng Tỉnh ủy và các văn phòng huyện ủy, thành ủy tham mưu", ["Văn phòng Tỉnh ủy",
                                                                        "các văn phòng huyện ủy, thành ủy"]),
        # ... near miss: a committee after the comma is another subject only when it is a body's name
        ("các văn phòng huyện ủy, Sở Nội vụ", ["các văn phòng huyện ủy", "Sở Nội vụ"]),
        # a domain list with more than one comma before its "và"
        ("Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam tổ chức nghiên cứu",
         ["Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam"]),
        # ... near misses: the comma separates bodies, or the list never closes with "và"
        ("Sở Văn hóa, Công an tỉnh và Sở Y tế", ["Sở Văn hóa", "Công an tỉnh", "Sở Y tế"]),
        ("Sở Văn hóa, Thể thao và Du lịch, Sở Y tế", ["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế"]),
        ("Các Bộ: Văn hóa, Thể thao và Du lịch, Công Thương, Giáo dục và Đào tạo", ["Các Bộ"]),
        # services of the centre named by their area since 2025
        ("Thuế tỉnh Hòa Bình, Thống kê tỉnh cung cấp số liệu", ["Thuế tỉnh Hòa Bình", "Thống kê tỉnh"]),
        ("Thuế cơ sở 2 phối hợp với Hải quan khu vực IV", ["Thuế cơ sở 2", "Hải quan khu vực IV"]),
        # ... near misses: the same words as plain nouns
        ("Thuế thu nhập cá nhân; Thống kê tình hình; nộp thuế tỉnh", []),
    ],
)
def test_names_of_real_bodies(text: str, names: list[str]) -> None:
    from ingest.extract.agencies import scan
    assert [m.text for m in scan(text)] == names


@pytest.mark.parametrize(
    ("written", "canonical", "locality"),
    [
        # central bodies: national, whoever names them
        ("Bộ Tài chính", "Bộ Tài chính", None),
        ("Thủ tướng Chính phủ", "Thủ tướng Chính phủ", None),
        ("Ủy ban Kinh tế và Tài chính của Quốc hội", "Ủy ban Kinh tế và Tài chính", None),
        ("Cục Thủy sản và Kiểm ngư", "Cục Thủy sản và Kiểm ngư", None),
        ("Tập đoàn Điện lực Việt Nam", "Tập đoàn Điện lực Việt Nam", None),
        # local bodies: their own place, else the issuer's province for a provincial body
        ("Sở Y tế", "Sở Y tế", "tỉnh Lai Châu"),
        ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh", "tỉnh Lai Châu"),
        ("Phòng Nội vụ", "Phòng Nội vụ", "huyện Phong Thổ"),
        ("Đoàn đại biểu Quốc hội tỉnh", "Đoàn đại biểu Quốc hội tỉnh", "tỉnh Lai Châu"),
        ("Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "tỉnh Lai Châu"),
        ("Ủy ban nhân dân xã Dào San", "Ủy ban nhân dân cấp xã", "xã Dào San"),
        # header noise never enters a name
        ("Ủy ban nhân dân huyện Phong Thổ Cộng Hòa Xã Hội Chủ Nghĩa Việt Nam", "Ủy ban nhân dân huyện",
         "huyện Phong Thổ"),
    ],
)
def test_scope(written: str, canonical: str, locality: str | None) -> None:
    a = canonical_agency(written, locality="huyện Phong Thổ", province="tỉnh Lai Châu")
    assert (a.canonical, a.locality) == (canonical, locality)
