"""Who does what: the role follows the main verb; the subject may be in the heading or a lead-in."""
from __future__ import annotations

import pytest

from ingest.extract.assignments import find_assignments
from ingest.extract.context import ClauseContext


def ctx(title: str = "", *, locality: str = "huyện Phong Thổ", lead_in: str | None = None, **kw) -> ClauseContext:
    return ClauseContext("doc", "doc:c1", section_title=title, breadcrumb=(title,) if title else (),
                         locality=locality, lead_in=lead_in, **kw)


def roles(text: str, context: ClauseContext) -> list[tuple[str, str]]:
    return [(a.role, a.agency.canonical) for a in find_assignments(text, context)]


LĐTBXH = "Phòng Lao động - Thương binh và Xã hội"
NN = "Phòng Nông nghiệp và Phát triển nông thôn"


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        # "Giao X đầu mối, phối hợp với Y": X leads, named partners cooperate, collective ones are left out
        ("Phân công thực hiện: Giao Phòng Dân tộc đầu mối, phối hợp với Ngân hàng chính sách xã hội và các "
         "cơ quan, đơn vị, Ủy ban nhân dân các xã, thị trấn triển khai thực hiện.", "",
         [("lead", "Phòng Dân tộc"), ("cooperate", "Phòng giao dịch Ngân hàng Chính sách xã hội huyện")]),
        ("Giao Phòng Kinh tế-Hạ tầng và Ban Quản lý dự án đồng đầu mối, theo dõi, tổng hợp.", "",
         [("lead", "Phòng Kinh tế và Hạ tầng"), ("lead", "Ban Quản lý dự án huyện")]),
        ("Nguồn ngân sách tỉnh giao cho Ban QLDA huyện thực hiện dự án: Nâng cấp đường.", "",
         [("lead", "Ban Quản lý dự án huyện")]),
        # the subject in the heading
        ("Chủ trì, phối hợp với các phòng, ban, ngành liên quan thực hiện chính sách dân tộc.", "Phòng Dân tộc",
         [("lead", "Phòng Dân tộc")]),
        ("Phối hợp với Phòng Lao động - Thương binh và Xã hội triển khai phân luồng đào tạo nghề.",
         "Phòng Giáo dục và Đào tạo", [("cooperate", "Phòng Giáo dục và Đào tạo")]),
        ("Chủ trì, phối hợp với phòng Nông nghiệp và Phát triển nông thôn, Tài nguyên và Môi trường và các phòng, "
         "ban có liên quan hướng dẫn các xã.", "Phòng Kinh tế và Hạ tầng huyện",
         [("lead", "Phòng Kinh tế và Hạ tầng"), ("cooperate", NN), ("cooperate", "Phòng Tài nguyên và Môi trường")]),
        # one task per sentence or ';' segment
        ("Thực hiện tốt công tác khám, điều trị bệnh cho người nghèo; phối hợp với các hội, đoàn thể tổ chức "
         "khám chữa bệnh miễn phí.", "Trung tâm Y tế thị xã",
         [("lead", "Trung tâm Y tế"), ("cooperate", "Trung tâm Y tế")]),
        # two agencies in one heading share the task
        ("Chủ trì triển khai thực hiện Tiểu dự án 1, 2 Dự án 6.",
         "Phòng Văn hóa và Thông tin, Trung tâm Văn hóa - Truyền thanh - Truyền hình thị xã",
         [("lead", "Phòng Văn hóa và Thông tin"), ("lead", "Trung tâm Văn hóa - Truyền thanh - Truyền hình")]),
        # inline heading "X: Chủ trì ..."
        ("Ngân hàng chính sách xã hội: Chủ trì, phối hợp với các phòng, ban triển khai tín dụng ưu đãi.",
         "Ngân hàng chính sách xã hội", [("lead", "Phòng giao dịch Ngân hàng Chính sách xã hội huyện")]),
        # subject written first
        ("Phòng Lao động-Thương binh và Xã hội phối hợp với các cơ quan, phòng, ban liên quan xây dựng kế hoạch.",
         "", [("cooperate", LĐTBXH)]),
        ("Trung tâm y tế huyện chỉ đạo trạm y tế tham mưu chính quyền địa phương.", "",
         [("lead", "Trung tâm Y tế")]),
        # "Đề nghị" the Front: a request, read as lead
        ("Tuyên truyền, vận động đoàn viên, hội viên tham gia phong trào.",
         "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội",
         [("lead", "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội")]),
        # other provinces, post-2025
        ("Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Tài chính, Sở Dân tộc và Tôn giáo và UBND "
         "các xã, phường triển khai thực hiện.", "",
         [("lead", "Sở Nông nghiệp và Môi trường"), ("cooperate", "Sở Tài chính"),
          ("cooperate", "Sở Dân tộc và Tôn giáo")]),
        ("UBND phường Tân Phong phối hợp với Phòng Kinh tế, Hạ tầng và Đô thị rà soát hộ nghèo.", "",
         [("cooperate", "Ủy ban nhân dân cấp xã")]),
        ("Phòng Văn hóa - Xã hội xã chủ trì, phối hợp với Trạm Y tế xã tổ chức truyền thông.", "",
         [("lead", "Phòng Văn hóa - Xã hội"), ("cooperate", "Trạm Y tế xã")]),
    ],
)
def test_roles(text: str, title: str, expected: list[tuple[str, str]]) -> None:
    assert roles(text, ctx(title)) == expected


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("Phụ trách xã: Tung Qua Lìn", LĐTBXH, ("in_charge_commune", LĐTBXH, "Tung Qua Lìn")),
        ("Phụ trách: Mường So", "Trung tâm Y tế huyện", ("in_charge_commune", "Trung tâm Y tế", "Mường So")),
        ("Đồng phụ trách xã Sì Lở Lầu cùng với Phòng Dân tộc.", "Ban quản lý rừng phòng hộ",
         ("co_in_charge_commune", "Ban Quản lý rừng phòng hộ", "Sì Lở Lầu")),
        # "Thị Trấn" alone: the district's one town, from the gazetteer
        ("Phụ trách xã: Thị Trấn", "Phòng Tài chính - Kế hoạch", ("in_charge_commune", "Phòng Tài chính - Kế hoạch",
                                                                 "Phong Thổ")),
    ],
)
def test_in_charge(text: str, title: str, expected: tuple[str, str, str]) -> None:
    [a] = find_assignments(text, ctx(title))
    assert (a.role, a.agency.canonical, a.commune) == expected


def test_cooperating_communes() -> None:
    [a] = find_assignments("Phối hợp với UBND các xã Bản Lang, Hoang Thèn, Mồ Sì San xây dựng kế hoạch.",
                           ctx("Phòng Kinh tế và Hạ tầng huyện"))
    assert a.role == "cooperate" and a.communes == ["Bản Lang", "Hoang Thèn", "Mồ Sì San"]


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("Tổng hợp báo cáo kết quả định kỳ về UBND thị xã và Sở Lao động - Thương binh và Xã hội.",
         "Phòng Lao động - Thương binh và Xã hội thị xã",
         [("Ủy ban nhân dân thị xã", LĐTBXH), ("Sở Lao động - Thương binh và Xã hội", LĐTBXH)]),
        ("Giao Ban quản lý dự án huyện chủ trì tổ chức thực hiện. Tổng hợp báo cáo kết quả thực hiện về cơ quan "
         "Thường trực theo quy định.", "", [("Cơ quan thường trực", "Ban Quản lý dự án huyện")]),
        ("Báo cáo 01 năm gửi về UBND huyện (qua Phòng Lao động-Thương binh và Xã hội huyện).", "",
         [("Ủy ban nhân dân huyện", None), (LĐTBXH, None)]),
        # the office that receives reports passes them on
        ("Định kỳ hàng quý báo cáo kết quả gửi Văn phòng Điều phối xây dựng NTM huyện tổng hợp báo cáo UBND huyện.",
         "", [("Văn phòng Điều phối Xây dựng nông thôn mới", None),
              ("Ủy ban nhân dân huyện", "Văn phòng Điều phối Xây dựng nông thôn mới")]),
        # post-2025
        ("Chủ trì thực hiện; định kỳ báo cáo UBND tỉnh, Bộ Nông nghiệp và Môi trường.", "Sở Nông nghiệp và Môi trường",
         [("Ủy ban nhân dân tỉnh", "Sở Nông nghiệp và Môi trường"),
          ("Bộ Nông nghiệp và Môi trường", "Sở Nông nghiệp và Môi trường")]),
    ],
)
def test_report_to(text: str, title: str, expected: list[tuple[str, str | None]]) -> None:
    got = [(a.agency.canonical, a.reporter.canonical if a.reporter else None)
           for a in find_assignments(text, ctx(title)) if a.role == "report_to"]
    assert got == expected


def test_reporting_only_sentence_is_not_a_task() -> None:
    got = roles("Tổng hợp báo cáo kết quả định kỳ về UBND thị xã.", ctx("Phòng Tài chính - Kế hoạch thị xã"))
    assert got == [("report_to", "Ủy ban nhân dân thị xã")]


def test_heading_is_shown_with_the_clause() -> None:
    [a] = find_assignments("Chủ trì, hướng dẫn, đôn đốc thực hiện.", ctx("Phòng Giáo dục và Đào tạo huyện"))
    assert a.text.startswith("Phòng Giáo dục và Đào tạo huyện") and a.verb == "chủ trì"


@pytest.mark.parametrize(
    ("text", "title", "kw"),
    [
        ("Căn cứ Quyết định số 90/QĐ-TTg của Thủ tướng Chính phủ; Phòng Nội vụ chủ trì", "", {"in_preamble": True}),
        ("- UBND tỉnh; - Các Sở: Tài chính, KH&ĐT;", "", {"in_closing": True}),
        ("Dự án 2, Dự án 4, Dự án 7;", LĐTBXH, {}),  # continues a lead-in, no task of its own
        ("Tỷ lệ hộ nghèo giảm bình quân 4%/năm.", "Mục tiêu cụ thể", {}),  # no subject anywhere
    ],
)
def test_no_assignment(text: str, title: str, kw: dict) -> None:
    assert roles(text, ctx(title, **kw)) == []


def test_decision_style_officials_name_their_agencies() -> None:
    text = ("Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: Tài chính, Kế hoạch và Đầu tư, Nông nghiệp và Môi "
            "trường; Chủ tịch UBND các huyện, thành phố chịu trách nhiệm thi hành Quyết định này.")
    got = roles(text, ctx(locality="tỉnh Lào Cai"))
    assert got == [("lead", "Văn phòng Ủy ban nhân dân"), ("lead", "Sở Tài chính"), ("lead", "Sở Kế hoạch và Đầu tư"),
                   ("lead", "Sở Nông nghiệp và Môi trường"), ("lead", "Ủy ban nhân dân huyện")]


def test_collective_subject_is_one_generic_agency() -> None:
    [a] = find_assignments("Các cơ quan, đơn vị, UBND các xã, thị trấn chủ động triển khai tổ chức thực hiện.", ctx())
    assert a.role == "lead" and a.agency.generic and a.agency.canonical == "Ủy ban nhân dân cấp xã"
