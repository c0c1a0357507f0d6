"""The legal-reference grammar, as tables of Vietnamese citations and what they must give."""
from __future__ import annotations

import pytest

from ingest.extract.context import ClauseContext
from ingest.extract.references import find_references, normalise_symbol, parse_symbol, resolve_references

PREAMBLE = ClauseContext(doc_id="d", clause_id="d:pre.p1", in_preamble=True)
BODY = ClauseContext(doc_id="d", clause_id="d:II.1.p1", section_path="II.1")


def numbered(text: str, ctx: ClauseContext = BODY):
    return [r for r in find_references(text, ctx) if r.symbol]


# ---------------------------------------------------------------- symbols

@pytest.mark.parametrize("raw, expected", [
    ("13/2019/NQ- HĐND", "13/2019/NQ-HĐND"),
    ("90/QĐ-TTG", "90/QĐ-TTg"),
    ("09 / 2018 / TT - NHNN", "09/2018/TT-NHNN"),
    ("652/QD-TTg", "652/QĐ-TTg"),  # Đ typed as D
    ("13/2019/NQ-HDND", "13/2019/NQ-HĐND"),
    ("20- NQ/TU", "20-NQ/TU"),
    ("2151/QĐ- UBND", "2151/QĐ-UBND"),
    ("42/2013/TTLT-BGDĐT- BLĐTBXH-BTC", "42/2013/TTLT-BGDĐT-BLĐTBXH-BTC"),
    ("12/2020/TT-BGDDT", "12/2020/TT-BGDĐT"),
    ("482/SLĐTBXH-BTXH", "482/SLĐTBXH-BTXH"),
    ("số 90/QĐ-TTg", "90/QĐ-TTg"),
    ("15/TTr-UBND", "15/TTr-UBND"),
    ("10-ĐA/TU", "10-ĐA/TU"),
    ("10-DA/TU", "10-DA/TU"),  # DA (Dự án) and ĐA (Đề án) are both real: keep what is written
    ("30a/2008/NQ-CP", "30a/2008/NQ-CP"),
    ("83/2015/qh13", "83/2015/QH13"),
])
def test_normalise_symbol(raw, expected):
    assert normalise_symbol(raw) == expected


@pytest.mark.parametrize("symbol, number, year, type_name, detail, kind, issuer", [
    ("27/2022/NĐ-CP", "27", 2022, "Nghị định", None, "normative", "Chính phủ"),
    ("80/2015/QH13", "80", 2015, "Luật", None, "law", "Quốc hội"),
    ("88/2019/NQ-QH14", "88", 2019, "Nghị quyết", None, "normative", "Quốc hội"),
    ("55/2023/TT-BTC", "55", 2023, "Thông tư", None, "normative", "Bộ Tài chính"),
    ("13/2019/NQ-HĐND", "13", 2019, "Nghị quyết", None, "normative", None),  # local: place unknown
    ("90/QĐ-TTg", "90", None, "Quyết định", None, "administrative", "Thủ tướng Chính phủ"),
    ("3360/QĐ-BNN-VPĐP", "3360", None, "Quyết định", None, "administrative",
     "Bộ Nông nghiệp và Phát triển nông thôn"),
    ("1234/QĐ-BNNMT", "1234", None, "Quyết định", None, "administrative", "Bộ Nông nghiệp và Môi trường"),
    ("459/KH-UBND", "459", None, "Kế hoạch", None, "administrative", None),
    ("482/SLĐTBXH-BTXH", "482", None, "Công văn", None, "letter", None),
    ("1347/UBND", "1347", None, "Công văn", None, "letter", None),
    ("04-NQ/HU", "04", None, "Nghị quyết", None, "party", None),
    ("10-ĐA/TU", "10", None, "Đề án", None, "party", None),
    ("08-QĐi/TW", "08", None, "Quy định", None, "party", None),
    ("42/2013/TTLT-BGDĐT-BLĐTBXH-BTC", "42", 2013, "Thông tư", "Thông tư liên tịch", "normative",
     "Bộ Giáo dục và Đào tạo, Bộ Lao động - Thương binh và Xã hội, Bộ Tài chính"),
    ("105/2018/NĐ", "105", 2018, "Nghị định", None, "normative", None),
    ("20/NĐ-CP", "20", None, "Nghị định", None, "administrative", "Chính phủ"),
    ("27/2022", "27", 2022, None, None, "short", None),
    ("01", "01", None, None, None, "bare", None),
])
def test_parse_symbol(symbol, number, year, type_name, detail, kind, issuer):
    parts = parse_symbol(symbol)
    assert (parts.number, parts.year, parts.type_name, parts.type_detail, parts.kind, parts.issuer) == \
        (number, year, type_name, detail, kind, issuer)


# ---------------------------------------------------------------- one citation

SINGLE = [
    # (text, symbol, type, issuer, ISO date, title prefix)
    ("Căn cứ Quyết định số 263/QĐ-TTg ngày 22/02/2022 của Thủ tướng Chính phủ về việc Phê duyệt Chương "
     "trình MTQG xây dựng NTM giai đoạn 2021-2025;",
     "263/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", "2022-02-22", "về việc Phê duyệt Chương trình"),
    ("Căn cứ Nghị định số 27/2022/NĐ-CP ngày 19/4/2022 của Chính phủ Quy định cơ chế quản lý, tổ chức thực "
     "hiện các chương trình mục tiêu quốc gia;",
     "27/2022/NĐ-CP", "Nghị định", "Chính phủ", "2022-04-19", "Quy định cơ chế quản lý"),
    ("Thực hiện Nghị quyết số 04-NQ/HU ngày 22/12/2022 của Huyện ủy Phong Thổ về tăng cường sự lãnh đạo của "
     "các cấp ủy Đảng.",
     "04-NQ/HU", "Nghị quyết", "Huyện ủy Phong Thổ", "2022-12-22", "về tăng cường sự lãnh đạo"),
    ("Căn cứ Nghị quyết số 10-NQ/TU ngày 05/07/2022 của Ban Chấp hành Đảng bộ tỉnh Lai Châu về tăng cường sự "
     "lãnh đạo của các cấp ủy Đảng;",
     "10-NQ/TU", "Nghị quyết", "Ban Chấp hành Đảng bộ tỉnh Lai Châu", "2022-07-05", "về tăng cường"),
    ("Căn cứ Công văn số 482/SLĐTBXH-BTXH ngày 09-3-2022 của Sở Lao động - Thương binh và Xã hội tỉnh Điện "
     "Biên về việc đề xuất nội dung, kinh phí thực hiện Chương trình.",
     "482/SLĐTBXH-BTXH", "Công văn", "Sở Lao động - Thương binh và Xã hội tỉnh Điện Biên", "2022-03-09",
     "về việc đề xuất nội dung"),
    ("Căn cứ Quyết định số 747/QĐ-UBND ngày 30/6/2022 của Ủy ban nhân dân tỉnh Lai Châu; Ủy ban nhân dân "
     "huyện xây dựng kế hoạch như sau:",
     "747/QĐ-UBND", "Quyết định", "Ủy ban nhân dân tỉnh Lai Châu", "2022-06-30", None),
    ("theo Nghị quyết số 20-NQ/TU ngày 24/5/2019 của Ban Thường vụ Tỉnh ủy Lào Cai giảm bình quân từ 9%/năm",
     "20-NQ/TU", "Nghị quyết", "Ban Thường vụ Tỉnh ủy Lào Cai", "2019-05-24", None),
    ("Chế độ hỗ trợ học sinh theo Nghị định số 116/2016/NĐ-CP, ngày 18-7-2016 của Chính phủ: Hỗ trợ 281 "
     "triệu đồng",
     "116/2016/NĐ-CP", "Nghị định", "Chính phủ", "2016-07-18", None),
    ("Chế độ hỗ trợ học sinh khuyết tật theo Thông tư số 42/2013/TTLT-BGDĐT- BLĐTBXH-BTC ngày 31-12-2013; Hỗ "
     "trợ 67 triệu đồng",
     "42/2013/TTLT-BGDĐT-BLĐTBXH-BTC", "Thông tư",
     "Bộ Giáo dục và Đào tạo, Bộ Lao động - Thương binh và Xã hội, Bộ Tài chính", "2013-12-31", None),
    ("ưu tiên bố trí vốn theo Nghị quyết số 88/2019/NQ-QH14 của Quốc Hội Khóa XIV.",
     "88/2019/NQ-QH14", "Nghị quyết", "Quốc Hội Khóa XIV", None, None),
    ("sắp xếp các cơ sở giáo dục theo Nghị quyết số 19-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương "
     "khoá XII về tiếp tục đổi mới hệ thống tổ chức",
     "19-NQ/TW", "Nghị quyết", "Ban Chấp hành Trung ương khoá XII", "2017-10-25", "về tiếp tục đổi mới"),
    ("đạt chuẩn NTM theo Quyết định số 43/QĐ-UBND của UBND tỉnh Lai Châu",
     "43/QĐ-UBND", "Quyết định", "UBND tỉnh Lai Châu", None, None),
    ("Nguồn vốn thực hiện Quyết định số 880/QĐ-TTg ngày 22 tháng 7 năm 2022 của Thủ tướng Chính phủ giai đoạn "
     "2021-2025 dự kiến khoảng 136.000 triệu đồng",
     "880/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", "2022-07-22", None),
    ("số 13/2019/NQ- HĐND ngày23/7/2019 quy định chính sách hỗ trợ liên kết sản xuất",
     "13/2019/NQ-HĐND", "Nghị quyết", None, "2019-07-23", "quy định chính sách hỗ trợ"),
    ("trẻ 3 đến 5 tuổi Nghị định số 105/2018/NĐ: Hỗ trợ 1.075 triệu đồng",
     "105/2018/NĐ", "Nghị định", None, None, None),
    ("Các giải pháp được thể hiện tại Đề án số 01 của Huyện uỷ (Đề án cơ cấu lại kinh tế nông nghiệp gắn với "
     "phát triển sản phẩm OCOP trên địa bàn huyện Bắc Hà giai đoạn 2021- 2025) và",
     "01", "Đề án", "Huyện uỷ", None, "Đề án cơ cấu lại kinh tế nông nghiệp"),
    ("theo Chương trình Khung của Bộ Nông nghiệp và PTNT tại Quyết định số 3360/QĐ-BNN-VPĐP ngày 06/9/2022 và",
     "3360/QĐ-BNN-VPĐP", "Quyết định", "Bộ Nông nghiệp và PTNT", "2022-09-06", None),
    ("được Ủy ban nhân dân tỉnh giao tại Quyết định số 747/QĐ-UBND",
     "747/QĐ-UBND", "Quyết định", "Ủy ban nhân dân tỉnh", None, None),
    ("Trên cơ sở Kế hoạch số 1347/UBND ngày 18/6/2021 của UBND huyện Phong Thổ về việc triển khai Kế hoạch",
     "1347/UBND", "Kế hoạch", "UBND huyện Phong Thổ", "2021-06-18", "về việc triển khai"),
    # documents of other kinds, written for these tests
    ("Căn cứ Luật Ngân sách nhà nước số 83/2015/QH13 ngày 25 tháng 6 năm 2015;",
     "83/2015/QH13", "Luật", "Quốc hội", "2015-06-25", None),
    ("Căn cứ Thông tư số 55/2023/TT-BTC ngày 15 tháng 8 năm 2023 của Bộ trưởng Bộ Tài chính quy định quản lý, "
     "sử dụng và quyết toán kinh phí sự nghiệp;",
     "55/2023/TT-BTC", "Thông tư", "Bộ trưởng Bộ Tài chính", "2023-08-15", "quy định quản lý"),
    ("Căn cứ Nghị quyết số 25/2021/NQ-HĐND ngày 10 tháng 12 năm 2021 của Hội đồng nhân dân tỉnh Hà Giang quy "
     "định mức hỗ trợ phát triển sản xuất;",
     "25/2021/NQ-HĐND", "Nghị quyết", "Hội đồng nhân dân tỉnh Hà Giang", "2021-12-10", "quy định mức hỗ trợ"),
    ("Căn cứ Quyết định số 1234/QĐ-BNNMT ngày 05/8/2025 của Bộ trưởng Bộ Nông nghiệp và Môi trường về việc phê "
     "duyệt kế hoạch chuyển đổi số;",
     "1234/QĐ-BNNMT", "Quyết định", "Bộ trưởng Bộ Nông nghiệp và Môi trường", "2025-08-05", "về việc phê duyệt"),
    ("Căn cứ Nghị định 178/2024/NĐ-CP ngày 31/12/2024 của Chính phủ về chính sách, chế độ đối với cán bộ, công "
     "chức, viên chức trong thực hiện sắp xếp tổ chức bộ máy;",
     "178/2024/NĐ-CP", "Nghị định", "Chính phủ", "2024-12-31", "về chính sách, chế độ"),
    ("Theo đề nghị của Giám đốc Sở Tài chính tại Tờ trình số 123/TTr-STC ngày 01/3/2024.",
     "123/TTr-STC", "Tờ trình", "Giám đốc Sở Tài chính", "2024-03-01", None),
    ("Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, "
     "đạo đức, phong cách Hồ Chí Minh;",
     "05-CT/TW", "Chỉ thị", "Bộ Chính trị", "2016-05-15", "về đẩy mạnh học tập"),
    ("theo Công văn số 45/VPĐP-KHTC ngày 12/5/2023 của Văn phòng Điều phối nông thôn mới Trung ương về việc "
     "hướng dẫn thực hiện",
     "45/VPĐP-KHTC", "Công văn", "Văn phòng Điều phối nông thôn mới Trung ương", "2023-05-12", "về việc hướng dẫn"),
    ("Căn cứ Quyết định của UBND tỉnh số 12/QĐ-UBND ngày 1/2/2023 về việc giao vốn",
     "12/QĐ-UBND", "Quyết định", "UBND tỉnh", "2023-02-01", "về việc giao vốn"),
    ("Thực hiện Nghị quyết 30a/2008/NQ-CP ngày 27/12/2008 của Chính phủ về Chương trình hỗ trợ giảm nghèo",
     "30a/2008/NQ-CP", "Nghị quyết", "Chính phủ", "2008-12-27", "về Chương trình hỗ trợ"),
    ("Căn cứ Quyết định số 90/QĐ-TTg của Thủ tướng Chính phủ ngày 18/01/2022 về phê duyệt Chương trình",
     "90/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", "2022-01-18", "về phê duyệt"),
    ("theo hướng dẫn tại văn bản số 1520/UBND-VX ngày 03/4/2024 của UBND tỉnh Lào Cai",
     "1520/UBND-VX", "Công văn", "UBND tỉnh Lào Cai", "2024-04-03", None),
]


@pytest.mark.parametrize("text, symbol, doc_type, issuer, date, title", SINGLE)
def test_single_citation(text, symbol, doc_type, issuer, date, title):
    refs = numbered(text)
    assert [r.symbol for r in refs] == [symbol]
    ref = refs[0]
    assert (ref.doc_type, ref.issuer, ref.date) == (doc_type, issuer, date)
    if title is None:
        assert ref.title is None
    else:
        assert ref.title and ref.title.startswith(title)
    assert text[ref.span[0]:ref.span[1]] == ref.as_written
    assert ref.text == text and ref.clause_id == BODY.clause_id


def test_joint_circular_keeps_its_detail():
    ref = numbered("Thông tư liên tịch số 42/2013/TTLT-BGDĐT-BLĐTBXH-BTC ngày 31/12/2013")[0]
    assert (ref.doc_type, ref.doc_type_detail, ref.year) == ("Thông tư", "Thông tư liên tịch", 2013)


@pytest.mark.parametrize("text, expected", [
    ("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
     [("72/2025/QH15", "Luật Tổ chức chính quyền địa phương", 2025)]),
    ("Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 được sửa đổi, bổ sung bởi Luật số "
     "87/2025/QH15;",
     [("64/2025/QH15", "Luật Ban hành văn bản quy phạm pháp luật", 2025), ("87/2025/QH15", None, 2025)]),
    ("Căn cứ Luật Bảo vệ và phát triển rừng số 29/2004/QH11;",
     [("29/2004/QH11", "Luật Bảo vệ và phát triển rừng", 2004)]),
    ("Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương "
     "số 47/2019/QH14;",
     [("47/2019/QH14", "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền "
                       "địa phương", 2019)]),
])
def test_laws_with_name_and_number(text, expected):
    refs = find_references(text, PREAMBLE)
    assert [(r.symbol, r.name, r.year) for r in refs] == expected
    assert {(r.doc_type, r.issuer, r.relation) for r in refs} == {("Luật", "Quốc hội", "basis")}


def test_year_comes_from_the_symbol_or_the_date():
    a, b = numbered("Quyết định số 90/QĐ-TTg ngày 18/01/2022; Nghị định số 27/2022/NĐ-CP")
    assert (a.year, b.year) == (2022, 2022)


# ---------------------------------------------------------------- several symbols, one lead-in

MULTI = [
    ("Căn cứ Quyết định của Thủ tướng Chính phủ: số 1719/QĐ-TTg ngày 14/10/2021 về phê duyệt Chương trình mục "
     "tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi giai đoạn "
     "2021-2030; giai đoạn I từ 2021-2025; số 90/QĐ-TTg ngày 18/01/2022 về phê duyệt Chương trình mục tiêu "
     "Quốc gia giảm nghèo bền vững, giai đoạn 2021-2025; số 263/QĐ-TTg ngày 22/02/2022 về phê duyệt Chương "
     "trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021-2025;",
     [("1719/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", "2021-10-14",
       "về phê duyệt Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số "
       "và miền núi giai đoạn 2021-2030; giai đoạn I từ 2021-2025"),
      ("90/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", "2022-01-18",
       "về phê duyệt Chương trình mục tiêu Quốc gia giảm nghèo bền vững, giai đoạn 2021-2025"),
      ("263/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", "2022-02-22",
       "về phê duyệt Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021-2025")]),
    ("Nguồn vốn từ các nghị quyết như: Nghị quyết số 12/2019/NQ-HĐND ngày 23/7/2019 quy định chính sách đặc "
     "thù khuyến khích doanh nghiệp; số 13/2019/NQ- HĐND ngày23/7/2019 quy định chính sách hỗ trợ liên kết; "
     "số 38/2019/NQ-HĐND ngày 11/12/2019 thông qua Đề án phát triển một số cây dược liệu giai đoạn 2020-2025;",
     [("12/2019/NQ-HĐND", "Nghị quyết", None, "2019-07-23", "quy định chính sách đặc thù khuyến khích doanh nghiệp"),
      ("13/2019/NQ-HĐND", "Nghị quyết", None, "2019-07-23", "quy định chính sách hỗ trợ liên kết"),
      ("38/2019/NQ-HĐND", "Nghị quyết", None, "2019-12-11",
       "thông qua Đề án phát triển một số cây dược liệu giai đoạn 2020-2025")]),
    ("Căn cứ Nghị định số 27/2022/NĐ-CP ngày 19/4/2022 của Chính phủ Quy định cơ chế quản lý; Nghị định số "
     "38/2023/NĐ-CP ngày 24/6/2023 của Chính phủ về sửa đổi bổ sung Nghị định số 27/2022/NĐ-CP;",
     [("27/2022/NĐ-CP", "Nghị định", "Chính phủ", "2022-04-19", "Quy định cơ chế quản lý"),
      ("38/2023/NĐ-CP", "Nghị định", "Chính phủ", "2023-06-24", "về sửa đổi bổ sung Nghị định số 27/2022/NĐ-CP"),
      ("27/2022/NĐ-CP", "Nghị định", "Chính phủ", None, None)]),  # named inside the title: a citation too
    ("Trên cơ sở các Kế hoạch đã được UBND huyện ban hành như: Kế hoạch số 1347/UBND ngày 18/6/2021 của UBND "
     "huyện Phong Thổ về việc triển khai Đề án; Kế hoạch số 382/KH-UBND ngày 09/3/2020 về triển khai thực hiện "
     "“Đề án phát triển một số cây dược liệu”; Kế hoạch số 381/KH-UBND ngày 09/3/2020 về triển khai",
     [("1347/UBND", "Kế hoạch", "UBND huyện Phong Thổ", "2021-06-18", "về việc triển khai Đề án"),
      ("382/KH-UBND", "Kế hoạch", "UBND huyện", "2020-03-09",
       "về triển khai thực hiện “Đề án phát triển một số cây dược liệu”"),
      ("381/KH-UBND", "Kế hoạch", "UBND huyện", "2020-03-09", "về triển khai")]),
    ("Căn cứ các Nghị định của Chính phủ: số 27/2022/NĐ-CP ngày 19/4/2022 quy định cơ chế quản lý; số "
     "38/2023/NĐ-CP ngày 24/6/2023 sửa đổi, bổ sung một số điều của Nghị định số 27/2022/NĐ-CP;",
     [("27/2022/NĐ-CP", "Nghị định", "Chính phủ", "2022-04-19", "quy định cơ chế quản lý"),
      ("38/2023/NĐ-CP", "Nghị định", "Chính phủ", "2023-06-24",
       "sửa đổi, bổ sung một số điều của Nghị định số 27/2022/NĐ-CP"),
      ("27/2022/NĐ-CP", "Nghị định", "Chính phủ", None, None)]),
    ("Căn cứ các Quyết định số 12/QĐ-UBND, số 13/QĐ-UBND của UBND tỉnh Lai Châu",
     [("12/QĐ-UBND", "Quyết định", "UBND tỉnh Lai Châu", None, None),
      ("13/QĐ-UBND", "Quyết định", "UBND tỉnh Lai Châu", None, None)]),
    ("theo Nghị quyết số 41/NQ-HĐND ngày 11/12/2019 của HĐND tỉnh Lai Châu và Quyết định 30/QĐ-UBND ngày "
     "14/01/2020 của UBND tỉnh Lai Châu;",
     [("41/NQ-HĐND", "Nghị quyết", "HĐND tỉnh Lai Châu", "2019-12-11", None),
      ("30/QĐ-UBND", "Quyết định", "UBND tỉnh Lai Châu", "2020-01-14", None)]),
    ("Căn cứ Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị; Hướng dẫn số 12-HD/BTGTW ngày 02/3/2022 của "
     "Ban Tuyên giáo Trung ương; Thông báo số 45/TB-UBND ngày 1/2/2024 của UBND tỉnh",
     [("01-KL/TW", "Kết luận", "Bộ Chính trị", "2021-05-18", None),
      ("12-HD/BTGTW", "Hướng dẫn", "Ban Tuyên giáo Trung ương", "2022-03-02", None),
      ("45/TB-UBND", "Thông báo", "UBND tỉnh", "2024-02-01", None)]),
]


@pytest.mark.parametrize("text, expected", MULTI)
def test_several_symbols(text, expected):
    got = [(r.symbol, r.doc_type, r.issuer, r.date, r.title) for r in numbered(text)]
    assert got == expected


@pytest.mark.parametrize("text, issuers", [
    ("Căn cứ Quyết định số 1719/QĐ-UBND, 90/QĐ-UBND và 263/QĐ-UBND của UBND tỉnh Điện Biên",
     ["UBND tỉnh Điện Biên"] * 3),
    ("Căn cứ Nghị quyết số 15/2023/NQ-HĐND ngày 12/7/2023 và Nghị quyết số 20/2023/NQ-HĐND ngày 8/12/2023 của "
     "HĐND tỉnh Điện Biên;", ["HĐND tỉnh Điện Biên"] * 2),
    # a provincial decision does not take the Prime Minister as issuer from its neighbour
    ("Căn cứ Quyết định số 12/QĐ-UBND ngày 1/2/2022, Quyết định số 30/QĐ-TTg ngày 3/3/2022 của Thủ tướng Chính phủ",
     [None, "Thủ tướng Chính phủ"]),
])
def test_trailing_issuer_is_shared_by_a_list(text, issuers):
    assert [r.issuer for r in numbered(text)] == issuers


# ---------------------------------------------------------------- relations

@pytest.mark.parametrize("text, ctx, relations", [
    ("Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ;", PREAMBLE, ["basis"]),
    ("Thực hiện Kế hoạch số 53/KH-UBND ngày 08/02/2021 của UBND tỉnh Lào Cai.", PREAMBLE, ["implements"]),
    # "Căn cứ" in the body is not the legal-basis preamble
    ("- Căn cứ Quyết định số 2151/QĐ-UBND ngày 03/8/2023 của UBND huyện Phong Thổ về Phân công nhiệm vụ",
     BODY, ["mention"]),
    ("Triển khai thực hiện Đề án số 10-ĐA/TU ngày 11/12/2020 của Tỉnh uỷ Lào Cai về Giảm nghèo bền vững",
     BODY, ["implements"]),
    ("Quyết định này thay thế Quyết định số 15/2020/QĐ-UBND ngày 20/5/2020 của UBND tỉnh.", BODY, ["replaces"]),
    ("Bãi bỏ Quyết định số 20/2019/QĐ-UBND ngày 12/3/2019 của Ủy ban nhân dân tỉnh Sơn La.", BODY, ["repeals"]),
    ("Quyết định số 12/2018/QĐ-UBND ngày 02/4/2018 của UBND tỉnh hết hiệu lực kể từ ngày Quyết định này có hiệu "
     "lực.", BODY, ["repeals"]),
    ("Sửa đổi, bổ sung một số điều của Quy định ban hành kèm theo Quyết định số 30/2021/QĐ-UBND ngày 15/9/2021 "
     "của UBND tỉnh Yên Bái như sau:", BODY, ["amends"]),
    ("Sửa đổi khoản 2 Điều 3 Quyết định số 15/2023/QĐ-UBND ngày 1/6/2023 của UBND tỉnh như sau:", BODY,
     ["amends"]),
    ("Bổ sung kinh phí theo Quyết định số 12/QĐ-UBND ngày 1/2/2023 của UBND tỉnh.", BODY, ["mention"]),
    ("Nghị định số 115/2020/NĐ-CP của Chính phủ được sửa đổi, bổ sung bởi Nghị định số 85/2023/NĐ-CP ngày "
     "07/12/2023 của Chính phủ.", BODY, ["mention", "mention"]),
    # a document named in another's title is not amended by the current document
    ("theo Nghị định số 38/2023/NĐ-CP ngày 24/6/2023 của Chính phủ về sửa đổi bổ sung Nghị định số "
     "27/2022/NĐ-CP", BODY, ["mention", "mention"]),
    ("theo Nghị quyết số 88/2019/NQ-QH14 của Quốc Hội Khóa XIV.", BODY, ["mention"]),
])
def test_relation(text, ctx, relations):
    assert [r.relation for r in numbered(text, ctx)] == relations


# ---------------------------------------------------------------- short forms

@pytest.mark.parametrize("text, symbol, doc_type", [
    ("Kinh phí thực hiện theo QĐ 880 của Thủ tướng", "880", "Quyết định"),
    ("theo Quyết định 880 về hỗ trợ huyện nghèo", "880", "Quyết định"),
    ("theo Nghị quyết số 04 của Huyện ủy", "04", "Nghị quyết"),
    ("quy định tại NĐ 27/2022 về cơ chế", "27/2022", "Nghị định"),
    ("Đề án số 01 của Huyện uỷ", "01", "Đề án"),
])
def test_short_forms_are_read(text, symbol, doc_type):
    refs = numbered(text)
    assert [(r.symbol, r.doc_type) for r in refs] == [(symbol, doc_type)]


def test_short_forms_are_resolved_from_the_full_citation():
    clauses = [
        (PREAMBLE, "Căn cứ Quyết định số 880/QĐ-TTg ngày 22/7/2022 của Thủ tướng Chính phủ về phê duyệt một số "
                   "nội dung hỗ trợ 22 huyện nghèo;"),
        (PREAMBLE, "Thực hiện Nghị quyết số 04-NQ/HU ngày 22/12/2022 của Huyện ủy Phong Thổ về tăng cường sự lãnh "
                   "đạo;"),
        (BODY, "Kinh phí thực hiện theo QĐ 880 và Nghị quyết số 04; NĐ 27/2022 quy định cơ chế."),
        (BODY, "theo Nghị quyết số 04-NQ/HU ngày 22/12/2022 của Huyện ủy. Qua đó"),
        (BODY, "Nghị định số 27/2022/NĐ-CP ngày 19/4/2022 của Chính phủ"),
        (BODY, "được Ủy ban nhân dân tỉnh giao tại Quyết định số 747/QĐ-UBND"),
        (BODY, "Căn cứ Quyết định số 747/QĐ-UBND ngày 30/6/2022 của Ủy ban nhân dân tỉnh Lai Châu;"),
    ]
    refs = [r for ctx, text in clauses for r in find_references(text, ctx)]
    resolved = resolve_references(refs)
    assert len(resolved) == len(refs) == 9  # every occurrence is kept
    got = [(r.symbol, r.issuer, r.date, r.relation) for r in resolved]
    assert got == [
        ("880/QĐ-TTg", "Thủ tướng Chính phủ", "2022-07-22", "basis"),
        ("04-NQ/HU", "Huyện ủy Phong Thổ", "2022-12-22", "implements"),  # "Thực hiện ..." in the opening
        ("880/QĐ-TTg", "Thủ tướng Chính phủ", "2022-07-22", "mention"),
        ("04-NQ/HU", "Huyện ủy Phong Thổ", "2022-12-22", "mention"),
        ("27/2022/NĐ-CP", "Chính phủ", "2022-04-19", "mention"),
        ("04-NQ/HU", "Huyện ủy Phong Thổ", "2022-12-22", "mention"),  # the more specific issuer wins
        ("27/2022/NĐ-CP", "Chính phủ", "2022-04-19", "mention"),
        ("747/QĐ-UBND", "Ủy ban nhân dân tỉnh Lai Châu", "2022-06-30", "mention"),
        ("747/QĐ-UBND", "Ủy ban nhân dân tỉnh Lai Châu", "2022-06-30", "mention"),
    ]
    assert resolved[2].title == resolved[0].title


def test_short_form_stays_short_when_ambiguous():
    refs = numbered("Quyết định số 30/QĐ-UBND ngày 14/01/2020; Quyết định số 30/QĐ-TTg ngày 5/1/2021; Quyết định 30")
    assert resolve_references(refs)[-1].symbol == "30"


def test_same_administrative_symbol_of_two_years_is_two_documents():
    refs = numbered("Kế hoạch số 12/KH-UBND ngày 10/01/2022 của UBND tỉnh; Kế hoạch số 12/KH-UBND ngày 08/01/2024")
    assert [r.date for r in resolve_references(refs)] == ["2022-01-10", "2024-01-08"]


# ---------------------------------------------------------------- citations without a number

@pytest.mark.parametrize("text, doc_type, name", [
    ("hoạt động theo quy định tại Luật Hợp tác xã năm 2012 và các quy định có liên quan;", "Luật",
     "Luật Hợp tác xã năm 2012"),
    ("theo đúng Luật Ngân sách nhà nước hiện hành.", "Luật", "Luật Ngân sách nhà nước"),
    ("được thể hiện tại Nghị quyết về Đẩy mạnh ứng dụng công nghệ cao trong sản xuất nông nghiệp huyện Bắc Hà "
     "giai đoạn 2021-2025.", "Nghị quyết",
     "Nghị quyết về Đẩy mạnh ứng dụng công nghệ cao trong sản xuất nông nghiệp huyện Bắc Hà giai đoạn 2021-2025"),
    ("quyết tâm thực hiện thắng lợi Nghị quyết Đại hội Đảng bộ huyện lần thứ XX, đưa huyện ra khỏi huyện nghèo",
     "Nghị quyết", "Nghị quyết Đại hội Đảng bộ huyện lần thứ XX"),
    ("- Nguồn vốn thực hiện Đề án phát triển hạ tầng thiết yếu các khu sản xuất tập trung giai đoạn 2021-2025: "
     "Kinh phí dự kiến", "Đề án",
     "Đề án phát triển hạ tầng thiết yếu các khu sản xuất tập trung giai đoạn 2021-2025"),
    ("triển khai thực hiện Đề án hỗ trợ thiết bị xem truyền hình cho hộ nghèo. Thực hiện đa dạng hóa", "Đề án",
     "Đề án hỗ trợ thiết bị xem truyền hình cho hộ nghèo"),
    ("Đề án Phát triển du lịch huyện Phong Thổ giai đoạn 2023-2025 dự kiến khoảng 20.000 triệu đồng.", "Đề án",
     "Đề án Phát triển du lịch huyện Phong Thổ giai đoạn 2023-2025"),
])
def test_unnumbered(text, doc_type, name):
    refs = find_references(text, BODY)
    assert [(r.symbol, r.doc_type, r.name) for r in refs] == [(None, doc_type, name)]


@pytest.mark.parametrize("text", [
    "Phòng Nông nghiệp xây dựng Đề án phát triển cây chè giai đoạn 2024-2026 trình UBND huyện.",
    "Tổ chức thực hiện các chương trình, đề án giảm nghèo ở địa phương.",
    "Nâng cao hiệu quả pháp luật về giảm nghèo; tuân thủ luật pháp.",
])
def test_not_an_unnumbered_citation(text):
    assert find_references(text, BODY) == []


def test_unnumbered_laws_in_a_preamble():
    text = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều "
            "của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;")
    got = [(r.name, r.date, r.relation) for r in find_references(text, PREAMBLE)]
    assert got == [
        ("Luật Tổ chức chính quyền địa phương", "2015-06-19", "basis"),
        ("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương",
         "2019-11-22", "basis"),
    ]


def test_document_named_only_inside_a_title_is_not_a_separate_record():
    text = ("Căn cứ Nghị định số 163/2016/NĐ-CP ngày 21/12/2016 của Chính phủ quy định chi tiết thi hành một số "
            "điều của Luật Ngân sách nhà nước;")
    assert [r.symbol for r in find_references(text, PREAMBLE)] == ["163/2016/NĐ-CP"]


# ---------------------------------------------------------------- what is not a citation

@pytest.mark.parametrize("text", [
    "Có Biểu chi tiết số 01 kèm theo.",
    "Tiêu chí số 13 về tổ chức sản xuất; Chỉ tiêu 13.1 đạt.",
    "Tổng kinh phí 82.075 triệu đồng, trong đó ngân sách trung ương 71.750 triệu đồng.",
    "Có 8/16 xã đạt chuẩn nông thôn mới; duy trì 09/16 xã đạt tiêu chí.",
    "Phong Thổ, ngày 15 tháng 4 năm 2024; báo cáo trước ngày 10/12 hằng năm.",
    "Liên hệ số điện thoại 0213.3876.123; tỷ lệ hộ nghèo giảm còn 43,75%.",
    "Dự án 4: Phát triển giáo dục nghề nghiệp, việc làm bền vững; Tiểu dự án 2.",
    "Báo cáo 01 năm gửi về UBND huyện trước ngày 10/12.",
    "Kế hoạch năm 2024; Kế hoạch 2024 được giao đúng tiến độ.",
    "ỦY BAN NHÂN DÂN HUYỆN PHONG THỔ Số: 133/KH-UBND CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "theo quy định của pháp luật; theo hướng dẫn của Bộ Lao động - Thương binh và Xã hội.",
    "Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025.",
    "đạt chuẩn theo Bộ tiêu chí quốc gia về nông thôn mới; Chương trình 135.",
    "Vận động ủng hộ Quỹ Vì người nghèo; phong trào Toàn dân đoàn kết xây dựng nông thôn mới.",
    "Sở KH&ĐT; Phòng Tài chính - Kế hoạch; thôn/bản nghèo.",
    "thực hiện các chính sách, nghị quyết, đề án của tỉnh, huyện về phát triển nông, lâm nghiệp",
    "quán triệt mục tiêu trong Đề án giảm nghèo của tỉnh, các Kế hoạch giảm nghèo của Huyện ủy",
    "Hỗ trợ theo mẫu số 01/KH-UBND kèm theo; Phụ lục 03/QĐ-UBND.",
    "Hỗ trợ theo Nghị định số 20/NĐ-CP của Chính phủ; số tiền 13 tỷ đồng; số 02 kèm theo.",
])
def test_not_a_citation(text):
    refs = find_references(text, BODY)
    assert [r.symbol for r in refs if r.symbol not in ("20/NĐ-CP",)] == []
    assert all(r.symbol for r in refs)


# ---------------------------------------------------------------- provenance

def test_long_clause_gives_the_sentence():
    filler = "Tăng cường công tác chỉ đạo từ huyện đến cơ sở, đảm bảo sự phối hợp chặt chẽ. " * 25
    text = filler + "Thực hiện theo Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ. " + filler
    ref = numbered(text)[0]
    assert ref.text == "Thực hiện theo Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ."
    assert text[ref.span[0]:ref.span[1]].startswith("Quyết định số 90/QĐ-TTg")


# ---------------------------------------------------------------- symbols as the web writes them

@pytest.mark.parametrize("text, symbol", [
    ("Căn cứ Nghị định số 137/2020/NĐ-\u0421\u0420 ngày 27/11/2020 của Chính phủ;", "137/2020/NĐ-CP"),  # Cyrillic С Р
    ("theo Thông tư số 105/2025/TT-BT\u0421 ngày 31/10/2025 của Bộ Tài chính", "105/2025/TT-BTC"),
    ("tại văn bản số 16495/B\u0422\u0421-PTHT ngày 22/10/2025", "16495/BTC-PTHT"),
    ("Căn cứ Quyết định số 12/QĐ-\u03a4\u03a4g ngày 02/01/2024", "12/QĐ-TTg"),  # Greek Τ Τ
    ("Căn cứ Quyết định số 90/QĐ-TTgcủa Thủ tướng Chính phủ về phê duyệt", "90/QĐ-TTg"),
    ("theo Nghị quyết số 15/2023/NQ-HĐNDvề chính sách hỗ trợ", "15/2023/NQ-HĐND"),
    ("Xét đề nghị của Chính phủ tại Tờ trình số347/TTr-CP ngày 09/5/2025", "347/TTr-CP"),
])
def test_symbols_written_with_lookalikes_or_glued(text, symbol):
    refs = numbered(text)
    assert [r.symbol for r in refs] == [symbol]
    assert refs[0].as_written in text  # as written: the look-alike letters stay in the evidence


@pytest.mark.parametrize("text", [
    "nồng độ bụi dưới 40 \u03bcg/m3; hệ số \u03bbi,j quy đổi theo tỷ giá",  # Greek in formulas: not symbols
    "Nguyên tắc áp dụng Nghị định 1. Các cơ quan thực hiện theo quy định.",  # a heading then item 1
    "số1 hộ nghèo; số 12 xã; mục số12 của biểu",
])
def test_lookalikes_and_glued_numbers_make_no_citation(text):
    assert numbered(text) == []


# ---------------------------------------------------------------- fine-grained relations

PREAMBLE_QD = ClauseContext(doc_id="d", clause_id="d:pre.p1", in_preamble=True, doc_type="Quyết định")
BODY_QD = ClauseContext(doc_id="d", clause_id="d:D2.p1", section_path="D2", doc_type="Quyết định")
BODY_NQ = ClauseContext(doc_id="d", clause_id="d:D5.p1", section_path="D5", doc_type="Nghị quyết")


@pytest.mark.parametrize("text, ctx, relations", [
    # the opening: the opener of the line decides
    ("Căn cứ Nghị định số 45/2024/NĐ-CP ngày 10/5/2024 của Chính phủ;", PREAMBLE, ["basis"]),
    ("Thực hiện Chỉ thị số 08/CT-TTg ngày 03/4/2024 của Thủ tướng Chính phủ về chuyển đổi số;", PREAMBLE,
     ["implements"]),
    ("Triển khai Kết luận số 12-KL/TU ngày 05/6/2024 của Ban Thường vụ Tỉnh ủy;", PREAMBLE, ["implements"]),
    ("Để tiếp tục thực hiện nghiêm Chỉ thị số 11/CT-TTg ngày 18/5/2023 của Thủ tướng Chính phủ; Chỉ thị số "
     "22-CT/TU ngày 06/6/2023, Kế hoạch số 140-KH/TU ngày 29/12/2023 của Ban Thường vụ Tỉnh ủy, Ủy ban nhân dân "
     "tỉnh yêu cầu:", PREAMBLE, ["implements", "implements", "implements"]),
    ("Xét Tờ trình số 120/TTr-UBND ngày 14/11/2024 của Ủy ban nhân dân tỉnh; Báo cáo thẩm tra số 55/BC-BKTNS "
     "ngày 20/11/2024 của Ban Kinh tế - Ngân sách; Báo cáo giải trình, tiếp thu số 61/BC-UBND ngày 25/11/2024;",
     PREAMBLE, ["considered", "considered", "considered"]),
    ("Theo đề nghị của Sở Tài chính tại Công văn số 812/STC-QLNS ngày 05/11/2024.", PREAMBLE, ["considered"]),
    ("Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 77/TTr-SNV ngày 01/3/2024.", PREAMBLE, ["considered"]),
    ("Xét đề nghị của Chính phủ tại Tờ trình số 210/TTr-CP và Đề án số 211/ĐA-CP ngày 09/5/2024,", PREAMBLE,
     ["considered", "considered"]),
    # an act named inside another's title is mentioned, even in the opening; a chain member is a basis
    ("Căn cứ Nghị định số 38/2023/NĐ-CP ngày 24/6/2023 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định "
     "số 27/2022/NĐ-CP;", PREAMBLE, ["basis", "mention"]),
    ("Căn cứ Nghị định số 27/2022/NĐ-CP ngày 19/4/2022 của Chính phủ quy định cơ chế quản lý, được sửa đổi, bổ "
     "sung bởi Nghị định số 38/2023/NĐ-CP ngày 24/6/2023 của Chính phủ;", PREAMBLE, ["basis", "basis"]),
    ("Bộ trưởng Bộ Nội vụ ban hành Thông tư sửa đổi, bổ sung một số điều của Thông tư số 03/2022/TT-BNV.",
     PREAMBLE, ["amends"]),
    ("Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai thi hành Nghị quyết số 88/2024/QH15 như sau:",
     PREAMBLE, ["implements"]),
    # the body: the verb decides, when it is this document's own act
    ("Điều 1. Sửa đổi, bổ sung, thay thế một số điều, phụ lục của Thông tư số 05/2023/TT-BNV ngày 18/9/2023 "
     "của Bộ trưởng Bộ Nội vụ", BODY, ["amends"]),
    ("Bãi bỏ một số từ, cụm từ tại Nghị quyết số 14/2022/NQ-HĐND ngày 07/7/2022 của Hội đồng nhân dân tỉnh.",
     BODY, ["amends"]),
    ("Nghị quyết này có hiệu lực từ ngày 01/01/2026, thay thế Nghị quyết số 09/2021/NQ-HĐND ngày 23/9/2021 của "
     "Hội đồng nhân dân tỉnh quy định mức chuẩn trợ giúp xã hội.", BODY, ["replaces"]),
    ("(Kế hoạch này thay thế Kế hoạch số 076/KH-UBND ngày 30/8/2025 của Ủy ban nhân dân tỉnh).", BODY,
     ["replaces"]),
    ("Quyết định số 06/2021/QĐ-UBND ngày 22/01/2021 của Ủy ban nhân dân tỉnh hết hiệu lực kể từ ngày Quyết định "
     "này có hiệu lực.", BODY_QD, ["replaces"]),  # same type lapses: this decision takes its place
    ("Chỉ thị số 06/CT-UBND ngày 22/01/2021 của Ủy ban nhân dân tỉnh hết hiệu lực kể từ ngày Quyết định này có "
     "hiệu lực.", BODY_QD, ["repeals"]),
    ("Triển khai nghiêm túc, chất lượng và hiệu quả Nghị quyết số 90/2024/QH15 ngày 27/11/2024 phê duyệt chủ "
     "trương đầu tư; Nghị quyết số 51/NQ-CP ngày 13/3/2025 của Chính phủ ban hành Kế hoạch.", BODY,
     ["implements", "implements"]),
    ("nâng cao hiệu quả thực hiện Kết luận liên ngành tư pháp Trung ương số 19/KL-LNTPTW ngày 21/11/2024", BODY,
     ["implements"]),
    # near misses: a proposal, a process, a future act, "theo": not this document's act
    ("Về đề nghị sửa đổi, bổ sung Nghị định số 61/2019/NĐ-CP ngày 08/10/2019 của Chính phủ: giao Bộ Nội vụ.",
     BODY, ["mention"]),
    ("tổng hợp kiến nghị của tỉnh trong quá trình sửa đổi, bổ sung Nghị định số 61/2019/NĐ-CP", BODY,
     ["mention"]),
    ("sớm trình Ủy ban Thường vụ Quốc hội Nghị quyết sửa đổi một số điều Nghị quyết số 60/2025/UBTVQH15", BODY,
     ["mention"]),
    ("Thực hiện theo Quyết định số 15/QĐ-UBND ngày 02/02/2024 của Ủy ban nhân dân tỉnh.", BODY, ["mention"]),
    ("thực hiện chế độ theo quy định tại Nghị định số 20/2021/NĐ-CP ngày 15/3/2021 của Chính phủ", BODY,
     ["mention"]),
])
def test_fine_grained_relation(text, ctx, relations):
    assert [r.relation for r in numbered(text, ctx)] == relations


def test_a_list_introduced_by_a_lapse_lead_in():
    lead = "Các quyết định sau hết hiệu lực thi hành kể từ ngày 01 tháng 12 năm 2025:"
    ctx = ClauseContext(doc_id="d", clause_id="d:D2.2.a.p1", section_path="D2.2.a", doc_type="Quyết định",
                        breadcrumb=("2", "2. " + lead.rstrip(":")))
    ref = numbered("Quyết định số 15/2021/QĐ-UBND ngày 22/01/2021 của Ủy ban nhân dân tỉnh ban hành Quy chế.", ctx)
    assert [r.relation for r in ref] == ["replaces"]
    ctx = ClauseContext(doc_id="d", clause_id="d:D3.a.p1", section_path="D3.a", lead_in="Bãi bỏ các văn bản sau:")
    assert [r.relation for r in numbered("a) Chỉ thị số 02/CT-UBND ngày 10/3/2020 của UBND tỉnh;", ctx)] == ["repeals"]


@pytest.mark.parametrize("text, provisions", [
    ("Sửa đổi, bổ sung khoản 2 Điều 12 của Nghị quyết số 16/2023/NQ-HĐND ngày 06/12/2023 như sau:",
     "khoản 2 Điều 12"),
    ("Bãi bỏ điểm a khoản 1 Điều 5 Quyết định số 20/2022/QĐ-UBND ngày 12/3/2022.", "điểm a khoản 1 Điều 5"),
    ("Sửa đổi, bổ sung một số điều của Thông tư số 02/2023/TT-BTP như sau:", None),
])
def test_a_partial_change_names_its_parts(text, provisions):
    ref = numbered(text)[0]
    assert ref.relation == "amends" and ref.provisions == provisions


def test_dates_and_issuers_shared_in_a_proposal_list():
    text = ("Xét đề nghị của Chính phủ tại Tờ trình số 210/TTr-CP và Đề án số 211/ĐA-CP ngày 09 tháng 5 năm 2024, "
            "Báo cáo thẩm tra số 40/BC-UBPL15 ngày 03 tháng 6 năm 2024 của Ủy ban Pháp luật,")
    assert [r.date for r in numbered(text, PREAMBLE)] == ["2024-05-09", "2024-05-09", "2024-06-03"]


def test_a_normative_symbol_keeps_the_date_of_its_own_year():
    refs = numbered("Nghị quyết số 163/2024/QH15 ngày 27 tháng 11 năm 2025 phê duyệt; theo Nghị quyết số "
                    "163/2024/QH15 ngày 27/11/2024 của Quốc hội")
    assert {r.date for r in resolve_references(refs)} == {"2024-11-27"}


@pytest.mark.parametrize("text", [
    "gửi kết quả rà soát kèm theo đề xuất sửa đổi, bổ sung, thay thế, bãi bỏ cụ thể từng văn bản và đánh giá sự "
    "phù hợp với Nghị quyết số 12/2024/NQ-HĐND ngày 05/7/2024 của Hội đồng nhân dân tỉnh",
    "kiến nghị sửa đổi, bổ sung, bãi bỏ Quyết định số 44/2020/QĐ-UBND",
])
def test_a_proposed_chain_of_changes_is_no_change(text):
    assert [r.relation for r in numbered(text)] == ["mention"]
