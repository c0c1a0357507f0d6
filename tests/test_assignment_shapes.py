"""The shapes in which real plans assign tasks, each with its near misses (invented examples).

A plan names who does what in a heading, a lead-in, a table label or the sentence itself; the main verb,
not the first verb, decides the role; the issuer's closing formulas assign nothing.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from ingest.extract.assignments import find_assignments, subject_lines, table_headers
from ingest.extract.context import ClauseContext

PROVINCE = "tỉnh Hòa Bình"


def ctx(title: str = "", *, lead_in: str | None = None, line: str | None = None, locality: str | None = PROVINCE,
        province: str | None = PROVINCE, doc_title: str | None = None) -> ClauseContext:
    return ClauseContext("doc", "doc:c1", section_title=title, breadcrumb=(title,) if title else (),
                         lead_in=lead_in, subject_line=line, locality=locality, province_area=province,
                         doc_title=doc_title)


def roles(text: str, context: ClauseContext | None = None) -> list[tuple[str, str]]:
    return [(a.role, a.agency.canonical) for a in find_assignments(text, context or ctx())]


# ---------------------------------------------------------------- a body's line, its tasks below


def test_a_body_named_on_its_own_line_owns_the_items_below() -> None:
    texts = ["2. Sở Tài chính:", "- Bố trí kinh phí thực hiện.", "- Hướng dẫn thanh quyết toán.",
             "3.", "Sở Xây dựng", "- Rà soát quy hoạch.", "4. Tổ chức thực hiện kế hoạch.", "- Báo cáo định kỳ."]
    assert subject_lines(texts) == [None, "2. Sở Tài chính:", "2. Sở Tài chính:", "2. Sở Tài chính:", None,
                                    "Sở Xây dựng", "Sở Xây dựng", None]


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("- Bố trí kinh phí thực hiện kế hoạch.", "2. Sở Tài chính:", [("lead", "Sở Tài chính")]),
        ("- Phối hợp với Sở Y tế kiểm tra.", "Công an tỉnh", [("cooperate", "Công an tỉnh")]),
        # the clause's own subject wins over the line above
        ("- Sở Y tế chủ trì tổ chức tập huấn.", "Sở Tài chính:", [("lead", "Sở Y tế")]),
        # a line that says more than a body is no subject line
        ("- Bố trí kinh phí.", None, []),
    ],
)
def test_subject_line(text: str, line: str | None, expected: list) -> None:
    assert roles(text, ctx(line=line)) == expected


def test_lines_that_are_not_a_bodys_line() -> None:
    texts = ["Sở Tài chính bố trí kinh phí.", "- Tổ chức kiểm tra.", "Các nội dung sau:", "- Tập huấn."]
    assert subject_lines(texts) == [None, None, None, None]


# ---------------------------------------------------------------- lead-ins


@pytest.mark.parametrize(
    ("text", "lead_in", "expected"),
    [
        # "X chủ trì, phối hợp:" then one bullet per partner: X leads, each body named below cooperates
        ("- Sở Tài chính: bố trí kinh phí kiểm tra.", "Sở Y tế chủ trì, phối hợp:", [("cooperate", "Sở Tài chính")]),
        ("- Công an tỉnh: bảo đảm an ninh trật tự.", "Sở Y tế chủ trì, phối hợp với các đơn vị:",
         [("cooperate", "Công an tỉnh")]),
        ("- Tổ chức tuyên truyền trên địa bàn.", "Sở Y tế chủ trì, phối hợp:", [("lead", "Sở Y tế")]),
        # "X chỉ đạo Y thực hiện các nội dung sau:": Y's tasks
        ("- Lập dự toán kinh phí.", "Sở Nông nghiệp và Môi trường chỉ đạo Chi cục Kiểm lâm thực hiện các nội dung sau:",
         [("lead", "Chi cục Kiểm lâm tỉnh")]),
        # the lead-in's body after an adverbial, a duty, a "Giao", an opening phrase
        ("a) Rà soát các mặt hàng dự trữ.", "Bộ Quốc phòng, Bộ Công an theo chức năng, nhiệm vụ, thẩm quyền chủ trì, "
         "phối hợp với các Bộ, cơ quan liên quan:", [("lead", "Bộ Quốc phòng"), ("lead", "Bộ Công an")]),
        ("1. Tổ chức niêm yết thủ tục hành chính.", "Giao Sở Tư pháp chủ trì, phối hợp các đơn vị liên quan có trách "
         "nhiệm:", [("lead", "Sở Tư pháp")]),
        ("a) Bảo đảm nguồn kinh phí.", "Trong đó, Bộ Tài chính có nhiệm vụ chủ trì, phối hợp với các Bộ:",
         [("lead", "Bộ Tài chính")]),
        ("- Tổ chức kiểm tra định kỳ.", "Sở Y tế có trách nhiệm:", [("lead", "Sở Y tế")]),
        # near miss: a lead-in that is a task of its own, not a list of bodies
        ("- Lập dự toán kinh phí.", "Sở Y tế chủ trì, phối hợp với Sở Tài chính tổ chức kiểm tra:", []),
    ],
)
def test_lead_ins(text: str, lead_in: str, expected: list) -> None:
    assert roles(text, ctx(lead_in=lead_in)) == expected


def test_the_lead_in_itself_names_the_lead() -> None:
    assert roles("Sở Y tế chủ trì, phối hợp:") == [("lead", "Sở Y tế")]


def test_bodies_in_brackets_after_a_collective_heading() -> None:
    got = roles("a) Tiếp nhận hồ sơ, tổ chức lấy ý kiến thẩm định.",
                ctx("Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban Quản lý Khu kinh tế):"))
    assert [r for r, _ in got] == ["lead", "lead"] and got[0][1] == "Sở Tài chính"
    assert got[1][1].startswith("Ban Quản lý Khu kinh tế")


# ---------------------------------------------------------------- the main verb decides the role


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("Sở Nội vụ: Căn cứ chức năng, nhiệm vụ, phối hợp với các cơ quan liên quan triển khai thực hiện.", "",
         [("cooperate", "Sở Nội vụ")]),
        ("Theo chức năng, nhiệm vụ được giao, chủ trì hướng dẫn các xã.", "Sở Xây dựng", [("lead", "Sở Xây dựng")]),
        ("Theo chức năng, nhiệm vụ của đơn vị phối hợp, hỗ trợ các xã chuyển đổi số.", "Sở Khoa học và Công nghệ",
         [("cooperate", "Sở Khoa học và Công nghệ")]),
        # words before "theo chức năng, nhiệm vụ" still describe the subject: the verb after it decides
        ("Sở Xây dựng, Ban Quản lý dự án quản lý công trình theo chức năng, nhiệm vụ được giao có trách nhiệm "
         "phối hợp kiểm tra.", "", [("cooperate", "Sở Xây dựng"), ("cooperate", "Ban Quản lý dự án tỉnh")]),
        # ... near miss: a task verb with its own object and no such adverbial keeps its role
        ("Sở Xây dựng quản lý công trình, phối hợp kiểm tra chất lượng.", "", [("lead", "Sở Xây dựng")]),
        # "X phối hợp Y tham mưu": X cooperates, Y gets nothing
        ("Sở Y tế phối hợp Sở Nội vụ tham mưu Ủy ban nhân dân tỉnh khen thưởng.", "", [("cooperate", "Sở Y tế")]),
        # "X và các đơn vị liên quan tham mưu": X leads (the collective is kept, generic)
        ("Sở Y tế và các đơn vị liên quan tham mưu Ủy ban nhân dân tỉnh khen thưởng.", "",
         [("lead", "Sở Y tế"), ("lead", "Các đơn vị liên quan")]),
        # "X chủ trì, phối hợp với Y, Z": Y and Z cooperate
        ("Bộ Tài chính chủ trì, phối hợp với Bộ Xây dựng, Bộ Công Thương nghiên cứu đề xuất.", "",
         [("lead", "Bộ Tài chính"), ("cooperate", "Bộ Xây dựng"), ("cooperate", "Bộ Công Thương")]),
    ],
)
def test_main_verb(text: str, title: str, expected: list) -> None:
    assert roles(text, ctx(title)) == expected


# ---------------------------------------------------------------- labels of task tables


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- Cơ quan chủ trì: Sở Tư pháp.", [("lead", "Sở Tư pháp")]),
        ("Đơn vị chủ trì tham mưu thực hiện: Sở Nội vụ.", [("lead", "Sở Nội vụ")]),
        ("- Cơ quan thực hiện: Sở Tư pháp; Sở Y tế; Công an tỉnh.",
         [("lead", "Sở Tư pháp"), ("lead", "Sở Y tế"), ("lead", "Công an tỉnh")]),
        ("Đơn vị phối hợp: Sở Nội vụ, Sở Tư pháp.", [("cooperate", "Sở Nội vụ"), ("cooperate", "Sở Tư pháp")]),
        # the label decides, whatever verb follows
        ("- Cơ quan thực hiện: Sở Y tế tiến hành rà soát các văn bản.", [("lead", "Sở Y tế")]),
        # near misses: other fields of the table
        ("- Thời gian thực hiện: Quý IV năm 2026.", []),
        ("- Nội dung: Rà soát các văn bản quy phạm pháp luật.", []),
    ],
)
def test_role_labels(text: str, expected: list) -> None:
    assert roles(text, ctx("Sở Tài chính")) == expected


@pytest.mark.parametrize(
    ("text", "title", "lead_in", "task"),
    [
        # a label line under an item: the item is the task
        ("- Cơ quan chủ trì: Sở Tư pháp.", "Rà soát văn bản quy phạm pháp luật về đất đai", None,
         "Rà soát văn bản quy phạm pháp luật về đất đai"),
        ("- Đơn vị phối hợp: Sở Nội vụ.", "Kiện toàn đội ngũ công chức pháp chế", None,
         "Kiện toàn đội ngũ công chức pháp chế"),
        # under a lead-in, the lead-in is the task
        ("- Cơ quan chủ trì: Sở Tư pháp.", "Nhiệm vụ cụ thể", "b) Tập huấn cho cán bộ cấp xã:",
         "Tập huấn cho cán bộ cấp xã"),
        # the label's own words, when it says more than who, stay the task
        ("- Cơ quan thực hiện: Sở Y tế tiến hành rà soát các văn bản.", "Rà soát", None,
         "tiến hành rà soát các văn bản"),
        # near miss: a heading that only names a body gives no task
        ("- Cơ quan chủ trì: Sở Tư pháp.", "Sở Tài chính", None, None),
    ],
)
def test_a_role_label_is_about_the_item_it_is_listed_under(text: str, title: str, lead_in: str | None,
                                                           task: str | None) -> None:
    (found,) = find_assignments(text, ctx(title, lead_in=lead_in))
    assert found.task == task


# ---------------------------------------------------------------- requests, notices, collective bodies


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đề nghị Ủy ban Kinh tế và Tài chính của Quốc hội xem xét, cho ý kiến.",
         [("lead", "Ủy ban Kinh tế và Tài chính")]),
        ("Giao Bộ Giáo dục và Đào tạo, Bộ Y tế nghiên cứu các kiến nghị của tỉnh.",
         [("lead", "Bộ Giáo dục và Đào tạo"), ("lead", "Bộ Y tế")]),
        ("Các Bộ, cơ quan: Tài chính, Ngoại giao, Tập đoàn Điện lực Việt Nam theo chức năng, nhiệm vụ được giao "
         "xử lý kiến nghị.",
         [("lead", "Bộ Tài chính"), ("lead", "Bộ Ngoại giao"), ("lead", "Tập đoàn Điện lực Việt Nam")]),
        # the province as the subject of a notice's task
        ("Trong thời gian tới, Tỉnh tập trung rà soát các dự án.", [("lead", "Ủy ban nhân dân tỉnh")]),
        # near miss: a province named as a place, not as the subject
        ("Tỉnh Hòa Bình có 10 huyện.", []),
    ],
)
def test_requests_and_notices(text: str, expected: list) -> None:
    assert roles(text, ctx(locality=None, province=None, doc_title="Kết luận tại buổi làm việc với tỉnh Hòa Bình")) \
        == expected


def test_the_province_of_a_notice_is_the_one_it_speaks_to() -> None:
    [a] = find_assignments("Tỉnh chủ động làm việc với các bộ.", ctx(
        locality=None, province=None, doc_title="Kết luận của Phó Thủ tướng tại buổi làm việc với tỉnh Hòa Bình"))
    assert a.agency.locality == "tỉnh Hòa Bình"


def test_requested_front_and_mass_organisations_lead_the_items() -> None:
    got = find_assignments("- Tuyên truyền, vận động nhân dân tham gia.",
                           ctx(lead_in="Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các đoàn thể:"))
    assert [(a.role, a.verb, a.agency.generic) for a in got] == [("lead", "đề nghị", True)]


@pytest.mark.parametrize(
    "text",
    [
        "Văn phòng Chính phủ thông báo để Ủy ban nhân dân tỉnh và các Bộ, cơ quan liên quan biết, thực hiện./.",
        "Yêu cầu các sở, ban, ngành, địa phương nghiêm túc triển khai thực hiện./.",
        "Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị nghiêm túc tổ chức thực hiện Kế hoạch này./.",
    ],
)
def test_closing_formulas_assign_nothing(text: str) -> None:
    assert roles(text) == []


def test_a_collective_task_is_not_a_formula() -> None:
    assert roles("Các cơ quan, đơn vị chủ động triển khai thực hiện.") == [("lead", "Các cơ quan, đơn vị")]


# ---------------------------------------------------------------- who is reported to


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Báo cáo kết quả về Ủy ban nhân dân tỉnh (qua Sở Tư pháp) trước ngày 15/12.",
         [("Ủy ban nhân dân tỉnh", "báo cáo"), ("Sở Tư pháp", "báo cáo (qua)")]),
        ("Báo cáo Ủy ban nhân dân tỉnh (thông qua Sở Tài chính) để xem xét.",
         [("Ủy ban nhân dân tỉnh", "báo cáo"), ("Sở Tài chính", "báo cáo (qua)")]),
        ("Các cơ quan gửi báo cáo về Sở Y tế để tổng hợp.", [("Sở Y tế", "gửi về")]),
        ("Kịp thời báo cáo cấp có thẩm quyền (Ủy ban nhân dân tỉnh, Bộ Y tế) xem xét.",
         [("Ủy ban nhân dân tỉnh", "báo cáo"), ("Bộ Y tế", "báo cáo")]),
        # the receiver far after "gửi", named by "về"
        ("Rà soát các văn bản thuộc phạm vi quản lý và gửi kết quả rà soát kèm theo đề xuất sửa đổi, bổ sung, thay thế, "
         "bãi bỏ cụ thể từng văn bản và đánh giá sơ bộ tính tương thích với các quy định mới của Luật về Sở Tư pháp "
         "để tổng hợp.", [("Sở Tư pháp", "gửi về")]),
        # near misses: a receiver that names no body, "trình" is not reporting
        ("Kịp thời báo cáo cấp có thẩm quyền xem xét.", []),
    ],
)
def test_report_receivers(text: str, expected: list) -> None:
    got = [(a.agency.canonical, a.verb) for a in find_assignments(text, ctx("Sở Tài chính"))
           if a.role == "report_to"]
    assert got == expected

@pytest.mark.parametrize(
    ("text", "issuer", "expected"),
    [
        # a head's bare title, in the document of a body that official heads, is the issuer's head
        ("Tổng hợp kết quả, báo cáo Bộ trưởng trước ngày 15/12.", "Bộ Xây dựng", ["Bộ Xây dựng"]),
        ("Định kỳ hằng quý báo cáo Cục trưởng kết quả thực hiện.", "Cục Quản lý đường bộ", ["Cục Quản lý đường bộ"]),
        ("Tổng hợp kết quả, báo cáo Chủ tịch trước ngày 10/12.", "Ủy ban nhân dân tỉnh Hòa Bình",
         ["Ủy ban nhân dân tỉnh"]),
        # the title with its body named is that body, whoever issued the document
        ("Tổng hợp kết quả, báo cáo Bộ trưởng Bộ Y tế trước ngày 15/12.", "Ủy ban nhân dân tỉnh Hòa Bình", ["Bộ Y tế"]),
        # near misses: a title that heads no body of the issuer's kind, and a document with no known issuer
        ("Tổng hợp kết quả, báo cáo Bộ trưởng trước ngày 15/12.", "Ủy ban nhân dân tỉnh Hòa Bình", []),
        ("Tổng hợp kết quả, báo cáo Bộ trưởng trước ngày 15/12.", None, []),
    ],
)
def test_a_bare_title_is_the_head_of_the_issuer(text: str, issuer: str | None, expected: list) -> None:
    context = replace(ctx("Vụ Kế hoạch - Tài chính"), issuer=issuer)
    assert [a.agency.canonical for a in find_assignments(text, context) if a.role == "report_to"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a standing report regime gives its receivers, no lead task
        ("Sở Y tế: Định kỳ hằng năm (trước ngày 15 tháng 12) báo cáo kết quả về Ủy ban nhân dân tỉnh.",
         [("report_to", "Ủy ban nhân dân tỉnh")]),
        # near miss: a periodic task with its own verb is a task
        ("Sở Y tế: Định kỳ hằng năm tổ chức kiểm tra các cơ sở.", [("lead", "Sở Y tế")]),
    ],
)
def test_a_reporting_regime_is_no_task(text: str, expected: list) -> None:
    assert roles(text) == expected



# ---------------------------------------------------------------- who the bodies are


def test_central_bodies_have_no_locality() -> None:
    got = {a.agency.canonical: a.agency.locality for a in find_assignments(
        "Báo cáo Thủ tướng Chính phủ và Bộ Tài chính, Ủy ban nhân dân tỉnh.", ctx("Sở Y tế"))}
    assert got == {"Thủ tướng Chính phủ": None, "Bộ Tài chính": None, "Ủy ban nhân dân tỉnh": PROVINCE}


def test_a_provincial_body_named_in_a_district_plan_is_the_provinces() -> None:
    context = ctx("Phòng Nội vụ", locality="huyện Lạc Sơn", province=PROVINCE)
    got = {a.agency.canonical: a.agency.locality for a in find_assignments(
        "Chủ trì, báo cáo Sở Nội vụ và Ủy ban nhân dân huyện.", context)}
    assert got == {"Phòng Nội vụ": "huyện Lạc Sơn", "Sở Nội vụ": PROVINCE, "Ủy ban nhân dân huyện": "huyện Lạc Sơn"}


def test_a_typo_makes_no_new_agency() -> None:
    [a] = find_assignments("Sở Tài chíng chủ trì bố trí kinh phí.", ctx())
    assert (a.agency.canonical, a.agency.name) == ("Sở Tài chính", "Sở Tài chíng")


# ---------------------------------------------------------------- items, fields and formulas


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an item under a body is its task, however it is worded
        ("- Chuẩn hóa dữ liệu không gian, kết nối với cơ sở dữ liệu quy hoạch.", [("lead", "Sở Xây dựng")]),
        ("- Định kỳ rà soát, đề xuất sửa đổi các quy chuẩn kỹ thuật.", [("lead", "Sở Xây dựng")]),
        # near misses: a list of projects, a report only, a case
        ("- Dự án 2, Dự án 4 và Dự án 6 của Chương trình.", []),
        ("- Định kỳ báo cáo kết quả về Ủy ban nhân dân tỉnh.", [("report_to", "Ủy ban nhân dân tỉnh")]),
        ("- Trường hợp có vướng mắc thì kịp thời phản ánh.", []),
    ],
)
def test_items_under_a_body(text: str, expected: list) -> None:
    assert roles(text, ctx("Sở Xây dựng")) == expected


def test_a_later_segment_without_a_verb_goes_on_enumerating() -> None:
    got = roles("Phối hợp với các xã xây dựng kế hoạch, nhất là các tiêu chí đăng ký; tiêu chí tại các xã trong lộ "
                "trình đạt chuẩn.", ctx("Sở Xây dựng"))
    assert got == [("cooperate", "Sở Xây dựng")]


def test_vague_partners_of_a_label_are_left_out() -> None:
    assert roles("Đơn vị phối hợp: Sở Tư pháp; các cơ quan, đơn vị liên quan.") == [("cooperate", "Sở Tư pháp")]


def test_a_request_over_several_segments_is_one_formula() -> None:
    assert roles("Yêu cầu Giám đốc các sở, ban, ngành; Chủ tịch Ủy ban nhân dân các xã; Thủ trưởng các cơ quan "
                 "liên quan nghiêm túc triển khai thực hiện Chỉ thị này./.") == []


def test_an_execution_article_assigns_every_body_it_names() -> None:
    got = roles("Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Tư pháp, Tài chính; Chủ tịch Ủy ban nhân dân "
                "các xã có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.")
    assert [r for r, _ in got] == ["lead"] * 4
    assert [a for _, a in got][:3] == ["Văn phòng Ủy ban nhân dân", "Sở Tư pháp", "Sở Tài chính"]


# ---------------------------------------------------------------- a heading broken over two lines


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("Thành phố chủ trì, phối hợp với Sở Y tế triển khai.", "3. Bộ Tư lệnh",
         [("lead", "Bộ Tư lệnh"), ("cooperate", "Sở Y tế")]),
        ("và Du lịch: Chủ trì tổ chức các hoạt động.", "2.1. Sở Văn hóa, Thể thao",
         [("lead", "Sở Văn hóa, Thể thao và Du lịch")]),
        # near misses: the heading names a whole body, the clause opens with its own subject or verb
        ("Tỉnh Hòa Bình chủ trì triển khai.", "Sở Tài chính", [("lead", "Ủy ban nhân dân tỉnh")]),
        ("Tổng hợp báo cáo kết quả định kỳ về Ủy ban nhân dân thị xã.", "Phòng Nội vụ thị xã",
         [("report_to", "Ủy ban nhân dân thị xã")]),
    ],
)
def test_heading_broken_over_two_lines(text: str, title: str, expected: list) -> None:
    assert roles(text, ctx(title)) == expected


# ---------------------------------------------------------------- the closing paragraph


def closing(text: str) -> list[tuple[str, str]]:
    context = ClauseContext("doc", "doc:closing.p1", in_closing=True, locality=PROVINCE, province_area=PROVINCE)
    return [(a.role, a.agency.canonical) for a in find_assignments(text, context)]


def test_a_reporting_regime_in_the_closing_names_its_receivers() -> None:
    assert closing("Trên đây là Kế hoạch chuyển đổi số. Đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện. "
                   "Định kỳ hằng năm (trước ngày 30 tháng 11) báo cáo kết quả thực hiện về Sở Xây dựng để tổng hợp "
                   "báo cáo Ủy ban nhân dân tỉnh.") == [("report_to", "Sở Xây dựng"), ("report_to", "Ủy ban nhân dân tỉnh")]


@pytest.mark.parametrize(
    "text",
    [
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan kịp thời báo cáo về Sở Tư pháp.",
        "Trên đây là Kế hoạch của Ủy ban nhân dân tỉnh; yêu cầu các sở, ngành triển khai thực hiện./.",
    ],
)
def test_the_rest_of_the_closing_assigns_nothing(text: str) -> None:
    assert closing(text) == []


def test_a_steering_committee_named_in_prose() -> None:
    [_, a] = find_assignments("Định kỳ báo cáo Ủy ban nhân dân tỉnh và Ban Chỉ đạo về phát triển khoa học, công "
                              "nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh.", ctx("Sở Xây dựng"))
    assert a.agency.canonical == "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh"


def test_taking_part_in_cooperation_is_cooperating() -> None:
    assert roles("Các ngân hàng thương mại tham gia phối hợp với Sở Y tế tuyên truyền.") == \
        [("cooperate", "Các ngân hàng thương mại")]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Bộ Nông nghiệp và Môi trường: Các bộ, ngành liên quan và Ủy ban nhân dân các tỉnh.", ""),  # partners' cell
        ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG 1", ""),  # a body and a row number
        ("Các hội thảo, chương trình tập huấn được tổ chức hằng năm.", ""),  # "hội thảo" is no association
        ("Giai đoạn 2026 - 2030 hoàn thành các nội dung của đề án.", "Bộ Y tế"),  # a time cell under a body
    ],
)
def test_table_cells_that_assign_nothing(text: str, title: str) -> None:
    assert roles(text, ctx(title, locality=None, province=None)) == []


# ---------------------------------------------------------------- a whole invented plan, as web copies lay it out


_WRAPPED_PLAN = """ỦY BAN NHÂN DÂN
TỈNH HÒA BÌNH

Số: 12/CT-UBND

Hòa Bình, ngày 05 tháng 11 năm 2025

CHỈ THỊ

VỀ VIỆC TĂNG CƯỜNG PHỐI HỢP THẨM ĐỊNH DỰ ÁN

Thời gian qua, công tác thẩm định còn chậm. Chủ tịch UBND tỉnh yêu cầu các sở, ngành thực hiện
các nội dung sau:

I.
Trách nhiệm trong công tác thẩm định dự án

1.
Các cơ quan tiếp nhận hồ sơ (Sở Tài chính, Ban Quản lý Khu Nông nghiệp ứng dụng Công nghệ cao Hòa
Bình, Ban Quản lý các Khu công nghiệp tỉnh):

a) Là đầu mối tiếp nhận hồ sơ, lập
báo cáo thẩm định.

b) Chịu trách nhiệm về nội dung
thẩm định.

2.
Các sở, ngành liên quan:

a) Sở Xây dựng

- Đánh giá sự phù hợp với quy
hoạch xây dựng;

II.
Tổ chức thực hiện

1. Sở Nội vụ, Sở Y tế,
Sở Tư pháp có trách nhiệm phối hợp công bố thông tin.
"""


def test_a_wrapped_plan_carries_its_headings_to_their_items() -> None:
    from ingest.extract.pipeline import extract_document
    from ingest.structure import parse_text
    doc = parse_text(_WRAPPED_PLAN, name="ct12.txt")
    got = [(a.role, a.agency.canonical, a.text[-40:]) for a in extract_document(doc).assignments]
    leads_a = [c for r, c, t in got if r == "lead" and t.endswith("lập báo cáo thẩm định.")]
    assert leads_a == ["Sở Tài chính", "Ban Quản lý Khu Nông nghiệp ứng dụng Công nghệ cao Hòa Bình",
                       "Ban Quản lý các Khu công nghiệp tỉnh"]
    assert len([1 for r, c, t in got if r == "lead" and t.endswith("về nội dung thẩm định.")]) == 3
    assert ("lead", "Sở Xây dựng") in {(r, c) for r, c, _ in got}
    # the numbered item wrapped after a comma is one sentence: every body it names cooperates
    coop = [c for r, c, t in got if r == "cooperate" and t.endswith("công bố thông tin.")]
    assert coop == ["Sở Nội vụ", "Sở Y tế", "Sở Tư pháp"]
    # near miss: the headings themselves and the opening request assign nothing to the bodies in brackets
    assert not [1 for r, c, t in got if c == "Sở Tài chính" and "thẩm định" not in t]


_REQUEST_BEFORE_RECIPIENTS = """ỦY BAN NHÂN DÂN
TỈNH HÒA BÌNH

Số: 30/KH-UBND

Hòa Bình, ngày 05 tháng 11 năm 2025

KẾ HOẠCH

Phòng, chống dịch bệnh sau mưa lũ

I. TỔ CHỨC THỰC HIỆN

1. Sở Y tế chủ trì tổ chức giám sát dịch bệnh.

2. Sở Tài chính báo cáo Ủy ban nhân dân tỉnh kết quả trước ngày 15/12/2025./.

Phòng, chống dịch là nhiệm vụ cấp bách. Đề nghị các sở, ban, ngành và địa phương khẩn
trương thực hiện; kịp thời báo cáo UBND tỉnh những khó khăn, vướng mắc để xem xét, chỉ đạo./.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""


def test_the_issuers_request_before_the_recipients_assigns_nothing() -> None:
    from ingest.extract.pipeline import extract_document
    from ingest.structure import parse_text
    got = [(a.role, a.agency.canonical) for a in extract_document(parse_text(_REQUEST_BEFORE_RECIPIENTS, name="kh30.txt")).assignments]
    # near miss: the numbered item ending with "./." is a task of the body, its report is kept
    assert got == [("lead", "Sở Y tế"), ("report_to", "Ủy ban nhân dân tỉnh")]


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        # the request names who makes it; its escalation sentence reports nothing
        ("Chủ tịch Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị khẩn trương triển khai thực hiện theo thẩm "
         "quyền. Trường hợp có khó khăn, vướng mắc, đề nghị các cơ quan có văn bản gửi Sở Xây dựng để tổng hợp./.", []),
        ("Ủy ban nhân dân tỉnh yêu cầu các sở, ngành nghiêm túc triển khai thực hiện./.", []),
        # near misses: a reporting regime stays a task; a body's own sentence is no request of the issuer
        ("Ủy ban nhân dân tỉnh yêu cầu các sở, ngành định kỳ trước ngày 30/11 hằng năm báo cáo kết quả về Sở Xây "
         "dựng./.", [("report_to", "Sở Xây dựng")]),
        ("Sở Tài chính bố trí kinh phí thực hiện./.", [("lead", "Sở Tài chính")]),
    ],
)
def test_the_issuers_named_request_before_the_recipients(last: str, expected: list) -> None:
    from ingest.extract.pipeline import extract_document
    from ingest.structure import parse_text
    text = _REQUEST_BEFORE_RECIPIENTS.replace(
        "Phòng, chống dịch là nhiệm vụ cấp bách. Đề nghị các sở, ban, ngành và địa phương khẩn\n"
        "trương thực hiện; kịp thời báo cáo UBND tỉnh những khó khăn, vướng mắc để xem xét, chỉ đạo./.", last)
    got = [(a.role, a.agency.canonical) for a in extract_document(parse_text(text, name="kh30.txt")).assignments]
    assert got[2:] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a topic closed by ':' then the sentence with its own subject, which later segments inherit
        ("Về dự án đường nối hai tỉnh: Tỉnh hoàn thiện hồ sơ dự án; chủ động làm việc với Bộ Xây dựng.",
         [("lead", "Ủy ban nhân dân tỉnh"), ("lead", "Ủy ban nhân dân tỉnh")]),
        ("Đối với nguồn vốn sự nghiệp: Sở Tài chính chủ trì thẩm định dự toán.", [("lead", "Sở Tài chính")]),
        # near misses: a field label, and a topic without a subject after it
        ("Thời gian thực hiện: Sở Tài chính trong tháng 12.", []),
        ("Về dự án đường nối hai tỉnh: Hoàn thiện hồ sơ dự án.", []),
    ],
)
def test_a_topic_before_the_subject(text: str, expected: list) -> None:
    assert roles(text, ctx(locality="tỉnh Hòa Bình")) == expected


def test_a_verb_after_a_body_ends_its_name() -> None:
    got = [(a.role, a.agency.canonical) for a in find_assignments(
        "Lập dự toán kinh phí báo cáo Sở Nông nghiệp và Môi trường trình cấp có thẩm quyền phê duyệt.",
        ctx("Chi cục Kiểm lâm")) if a.role == "report_to"]
    assert got == [("report_to", "Sở Nông nghiệp và Môi trường")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a body named by its role in the procedure is the (collective) subject, not the heading's body
        ("Trường hợp các cơ quan có ý kiến khác nhau, cơ quan chủ trì có trách nhiệm phối hợp với các cơ quan "
         "làm rõ; tổ chức khảo sát thực địa.", [("cooperate", "Cơ quan chủ trì"), ("lead", "Cơ quan chủ trì")]),
        ("Cơ quan tiếp nhận hồ sơ có trách nhiệm lấy ý kiến các sở.", [("lead", "Cơ quan tiếp nhận hồ sơ")]),
        # near misses: a power is no task; a label line is a label; the heading's body when no role noun is named
        ("Cơ quan tiếp nhận hồ sơ có quyền yêu cầu bổ sung hồ sơ.", []),
        ("Tổ chức khảo sát thực địa khu vực dự án.", [("lead", "Sở Tài chính")]),
    ],
)
def test_a_body_named_by_its_role(text: str, expected: list) -> None:
    got = [(a.role, a.agency.canonical) for a in find_assignments(text, ctx("Sở Tài chính"))]
    assert got == expected
    assert all(a.agency.generic for a in find_assignments(text, ctx("Sở Tài chính")) if a.agency.canonical != "Sở Tài chính")


# ---------------------------------------------------------------- bodies of the centre


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        # a ministry's departments, its journal, a department written without its tone mark
        ("Vụ Kế hoạch - Tài chính tham mưu bố trí kinh phí.", "", [("lead", "Vụ Kế hoạch - Tài chính")]),
        ("Tạp chí Nông nghiệp, Báo Nông thôn có trách nhiệm tuyên truyền.", "",
         [("lead", "Tạp chí Nông nghiệp"), ("lead", "Báo Nông thôn")]),
        # names written in sentence case go on over their domain words
        ("Cục Kiểm soát ô nhiễm môi trường chủ trì tổng hợp số liệu.", "",
         [("lead", "Cục Kiểm soát ô nhiễm môi trường")]),
        # a comma inside an institute's name
        ("Viện Chiến lược, Chính sách nông nghiệp và nông thôn nghiên cứu đề xuất giải pháp.", "",
         [("lead", "Viện Chiến lược, Chính sách nông nghiệp và Nông thôn")]),
        # a central department heading its lettered items, like a provincial department
        ("a) Chủ trì, phối hợp với Vụ Pháp chế xây dựng dự thảo.", "Cục Quản lý chất lượng có trách nhiệm:",
         [("lead", "Cục Quản lý chất lượng"), ("cooperate", "Vụ Pháp chế")]),
        # near misses: a crop season, a plain noun
        ("Vụ Đông Xuân năm nay cần chuẩn bị đủ giống.", "", []),
        ("Các vụ việc phức tạp được giải quyết dứt điểm.", "", []),
    ],
)
def test_bodies_of_the_centre(text: str, title: str, expected: list) -> None:
    assert roles(text, ctx(title, locality=None, province=None)) == expected


def test_a_department_without_its_tone_mark_is_the_same_kind_of_body() -> None:
    (a,) = find_assignments("Vu Pháp chế tham mưu xây dựng dự thảo.", ctx(locality=None, province=None))
    assert a.agency.kind == find_assignments("Vụ Pháp chế tham mưu xây dựng dự thảo.",
                                             ctx(locality=None, province=None))[0].agency.kind

_PLAN_SHAPES = """ỦY BAN NHÂN DÂN
TỈNH HÒA BÌNH
-------

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 45/KH-UBND

Hòa Bình, ngày 10 tháng 11 năm 2025

KẾ HOẠCH

Triển khai chuyển đổi số năm 2026

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;

Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU

1. Nâng cao hiệu quả quản lý nhà nước.

II. TỔ CHỨC THỰC HIỆN

1. Sở Khoa học và Công nghệ

a) Chủ trì, phối hợp với Sở Tài chính, Sở Nội vụ tham mưu Ủy ban nhân dân tỉnh ban hành kế hoạch chi tiết.

b) Tổng hợp, báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện trước ngày 15/12/2026.

2. Sở Tài chính: Căn cứ khả năng cân đối ngân sách, tham mưu bố trí kinh phí thực hiện Kế hoạch.

3. Sở Nội vụ phối hợp Sở Khoa học và Công nghệ đào tạo, bồi dưỡng kỹ năng số cho cán bộ.

4. Công an tỉnh chủ trì, phối hợp:
- Sở Khoa học và Công nghệ: bảo đảm hạ tầng mạng;
- Viettel Hòa Bình: hỗ trợ kết nối.

5. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh:
- Tuyên truyền, vận động nhân dân tham gia;
- Giám sát việc thực hiện.

6. Ủy ban nhân dân các xã, phường
- Xây dựng kế hoạch thực hiện tại địa phương;
- Báo cáo kết quả về Sở Khoa học và Công nghệ (qua Phòng Công nghệ thông tin) trước ngày 10/12 hằng năm.

7. Thuế tỉnh Hòa Bình, Kho bạc Nhà nước khu vực X: Phối hợp triển khai thanh toán điện tử.

Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh về Sở Khoa học và Công nghệ để tổng hợp, báo cáo Ủy ban nhân dân tỉnh xem xét./.

Nơi nhận:
- Như trên;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn A
"""


def test_a_plan_of_many_shapes() -> None:
    from ingest.extract.pipeline import extract_document
    from ingest.structure import parse_text
    got = [(a.role, a.agency.canonical) for a in extract_document(parse_text(_PLAN_SHAPES, name="kh45.txt")).assignments]
    assert got == [
        ("lead", "Sở Khoa học và Công nghệ"), ("cooperate", "Sở Tài chính"), ("cooperate", "Sở Nội vụ"),
        ("report_to", "Ủy ban nhân dân tỉnh"),
        ("lead", "Sở Tài chính"),  # "Căn cứ ..., tham mưu ..."
        ("cooperate", "Sở Nội vụ"),  # "X phối hợp Y ...": Y nothing
        # "4. Công an tỉnh chủ trì, phối hợp:" as a heading: it leads, the bodies of its bullets cooperate
        ("lead", "Công an tỉnh"), ("cooperate", "Sở Khoa học và Công nghệ"),
        ("lead", "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội"),
        ("lead", "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội"),
        ("lead", "Ủy ban nhân dân cấp xã"),
        ("report_to", "Sở Khoa học và Công nghệ"), ("report_to", "Phòng Công nghệ thông tin"),
        ("cooperate", "Thuế tỉnh"), ("cooperate", "Kho bạc Nhà nước khu vực"),
        # "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, ... phản ánh về Sở X để tổng hợp, báo cáo UBND
        # tỉnh": no task for the body of item 7 above it, only the receiver the chain names
        ("report_to", "Ủy ban nhân dân tỉnh"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the partner of a body the subject directs is that body's, not the subject's
        ("Chỉ đạo các ngân hàng thương mại phối hợp với Sở Y tế mở tài khoản cho người hưởng.", [("lead", "Sở Tài chính")]),
        # ... near miss: the subject's own partner
        ("Chủ trì, hướng dẫn, phối hợp với Sở Y tế mở tài khoản.", [("lead", "Sở Tài chính"), ("cooperate", "Sở Y tế")]),
        # a name with its members in brackets, then ':' : who they are, no task
        ("Các cơ quan tiếp nhận hồ sơ (Sở Tài chính, Ban Quản lý Khu kinh tế):", []),
    ],
)
def test_directed_partners_and_member_lists(text: str, expected: list) -> None:
    assert roles(text, ctx("Sở Tài chính")) == expected


def test_a_relative_clause_is_no_predicate() -> None:
    assert roles("Chủ tịch Ủy ban nhân dân các tỉnh từ Hà Tĩnh đến Lâm Đồng, trong đó trọng tâm là các tỉnh:") == []


def test_a_conditional_item_is_a_task_of_the_body_above() -> None:
    def bullet(title: str) -> ClauseContext:
        return ClauseContext("doc", "doc:c1", section_title=title, breadcrumb=(title,), locality=PROVINCE,
                             province_area=PROVINCE, extra={"kind": "bullet"})
    text = "Trường hợp cần cơ quan khác phối hợp xác định nội dung thì chủ động có văn bản đề nghị phối hợp."
    assert roles(text, bullet("Sở Khoa học và Công nghệ")) == [("lead", "Sở Khoa học và Công nghệ")]
    # near misses: the same words as a paragraph continuing an item, and a condition without a task after "thì"
    assert roles(text, ctx("Sở Khoa học và Công nghệ")) == []
    assert roles("Trường hợp văn bản không kết luận thì xem như thống nhất chủ trương.",
                 bullet("Sở Khoa học và Công nghệ")) == []

# ---------------------------------------------------------------- a ministry's own plan


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # a section heading that names the body: its items with no subject of their own are its tasks
        ("Chủ trì, phối hợp với các cơ quan liên quan xây dựng dự thảo.", ctx("NHIỆM VỤ CHỦ YẾU CỦA BỘ Y TẾ"),
         [("lead", "Bộ Y tế")]),
        ("Phối hợp với Bộ Tài chính hoàn thiện đề án.", ctx("Nhiệm vụ trọng tâm của Bộ Y tế"),
         [("cooperate", "Bộ Y tế")]),
        # near miss: a heading that names a task, not a body
        ("Chủ trì, phối hợp với các cơ quan liên quan xây dựng dự thảo.", ctx("NHIỆM VỤ CHỦ YẾU"), []),
        # a department's heading without its colon, over its lettered items (the heading is an ancestor)
        ("Theo dõi, đôn đốc việc thực hiện kế hoạch.",
         ClauseContext("doc", "doc:c1", section_title="Theo dõi, đôn đốc việc thực hiện kế hoạch",
                       breadcrumb=("TỔ CHỨC THỰC HIỆN", "Cục Quản lý chất lượng có trách nhiệm",
                                   "Theo dõi, đôn đốc việc thực hiện kế hoạch")),
         [("lead", "Cục Quản lý chất lượng")]),
        # the ministries' head written once, an adverb before "với"
        ("Bộ Y tế chủ trì, phối hợp chặt chẽ với các Bộ: Tài chính, Công Thương xây dựng đề án.", ctx(),
         [("lead", "Bộ Y tế"), ("cooperate", "Bộ Tài chính"), ("cooperate", "Bộ Công Thương")]),
        ("Bộ Y tế chủ trì, phối hợp với các Bộ Tài chính, Tư pháp xây dựng đề án.", ctx(),
         [("lead", "Bộ Y tế"), ("cooperate", "Bộ Tài chính"), ("cooperate", "Bộ Tư pháp")]),
        # near miss: collective partners are no one in particular
        ("Bộ Y tế chủ trì, phối hợp với các Bộ, cơ quan liên quan xây dựng đề án.", ctx(), [("lead", "Bộ Y tế")]),
        # the object of a request inside a task is not a new subject
        ("Phối hợp với Sở Y tế rà soát hiện trạng; yêu cầu các tổ chức, doanh nghiệp thực hiện nghiêm quy định.",
         ctx("Sở Công Thương:"), [("cooperate", "Sở Công Thương")]),
        # near miss: a request opening its own sentence names its subject
        ("Yêu cầu các Sở, ngành thực hiện nghiêm quy định.", ctx(), [("lead", "Các Sở, ngành")]),
        # a role label in the plan's requirements is no task; a named body there still is
        ("Các đơn vị chủ trì nhiệm vụ có trách nhiệm hoàn thành nhiệm vụ, bảo đảm tiến độ.", ctx("Yêu cầu"), []),
        ("Các đơn vị chủ trì nhiệm vụ có trách nhiệm hoàn thành nhiệm vụ, bảo đảm tiến độ.",
         ctx("Tổ chức thực hiện"), [("lead", "Các đơn vị")]),
        ("Sở Y tế có trách nhiệm hoàn thành nhiệm vụ, bảo đảm tiến độ.", ctx("Mục đích, yêu cầu"),
         [("lead", "Sở Y tế")]),
    ],
)
def test_a_ministrys_own_plan(text: str, context: ClauseContext, expected: list) -> None:
    assert roles(text, context) == expected


# ---------------------------------------------------------------- task tables (Markdown, or rows from Word, web pages, PDF)

_HEADER = "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |"


@pytest.mark.parametrize(
    ("row", "header", "expected"),
    [
        ("| 1. | Xây dựng cơ sở dữ liệu ngành. | Cục Quản lý chất lượng | Vụ Pháp chế, Vụ Kế hoạch - Tài chính | 2026 |",
         _HEADER, [("lead", "Cục Quản lý chất lượng"), ("cooperate", "Vụ Pháp chế"),
                   ("cooperate", "Vụ Kế hoạch - Tài chính")]),
        # two leads in one cell; collective partners are no one in particular
        ("| 2. | Tập huấn cán bộ. | Sở Y tế; Sở Nội vụ | các đơn vị có liên quan | Quý IV |", _HEADER,
         [("lead", "Sở Y tế"), ("lead", "Sở Nội vụ")]),
        # other wordings of the header
        ("| 1 | Sở Xây dựng | Rà soát quy hoạch | Sở Tài chính |",
         "| STT | Đơn vị chủ trì | Nội dung | Đơn vị phối hợp |", [("lead", "Sở Xây dựng"), ("cooperate", "Sở Tài chính")]),
        ("| 1 | Tập huấn cán bộ. | Sở Nội vụ | Sở Y tế |",
         "| **STT** | **Nội dung nhiệm vụ** | **Cơ quan, đơn vị chủ trì** | **Cơ quan/đơn vị phối hợp** |",
         [("lead", "Sở Nội vụ"), ("cooperate", "Sở Y tế")]),
        # a row as the Word, web page and PDF readers write it: cells joined by " | ", an empty cell kept
        ("1 | Tập huấn cán bộ. | Sở Nội vụ | Sở Y tế |  | Quý II",
         "TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Kinh phí | Thời gian",
         [("lead", "Sở Nội vụ"), ("cooperate", "Sở Y tế")]),
        # near misses: a table with no lead column, a row that does not fit its header
        ("| 1. | Sở Y tế | 120 | 2026 |", "| TT | Đơn vị | Kinh phí | Năm |", []),
        ("1 | Sở Y tế | 120 | 2026", "TT | Đơn vị | Kinh phí | Năm", []),
        ("| 1. | Tập huấn. | Sở Y tế |", _HEADER, []),
        # a footnote's mark on a column's name
        ("1 | Tập huấn | Sở Y tế | Sở Nội vụ", "STT | Nội dung | Cơ quan chủ trì[1] | Cơ quan phối hợp[2]",
         [("lead", "Sở Y tế"), ("cooperate", "Sở Nội vụ")]),
        # a group's title row (one cell besides the number) names the group, not a lead
        ("A. | SỞ Y TẾ |  | ", "STT | Cơ quan chủ trì | Cơ quan phối hợp | Nội dung", []),
        ("1 | Sở Y tế | Sở Nội vụ | Tập huấn", "STT | Cơ quan chủ trì | Cơ quan phối hợp | Nội dung",
         [("lead", "Sở Y tế"), ("cooperate", "Sở Nội vụ")]),
    ],
)
def test_rows_of_a_task_table(row: str, header: str, expected: list) -> None:
    context = ClauseContext("doc", "doc:c1", table_header=header, locality=PROVINCE, province_area=PROVINCE)
    assert roles(row, context) == expected


def test_the_header_of_a_task_table_is_carried_to_its_rows() -> None:
    texts = ["Các nhiệm vụ cụ thể như sau:", _HEADER, "| --- | --- | --- | --- | --- |",
             "| 1. | Tập huấn. | Sở Y tế | Sở Tài chính | 2026 |", "Sở Y tế tổng hợp báo cáo."]
    assert table_headers(texts) == [None, None, _HEADER, _HEADER, None]
    assert table_headers(["| TT | Đơn vị | Kinh phí |", "| 1. | Sở Y tế | 120 |"]) == [None, None]


def test_a_task_table_of_a_word_document_assigns_its_rows(tmp_path) -> None:
    from ingest.extract.pipeline import extract_document
    from ingest.readers import read_source
    from ingest.structure import parse_text
    from tests.fixtures_docs import make_docx

    rows = (("TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"),
            ("1", "Rà soát quy chế quản lý cụm công nghiệp", "Sở Công Thương", "Sở Tài chính, Sở Xây dựng", "Quý I"))
    path = make_docx(tmp_path / "ke_hoach.docx", ["KẾ HOẠCH", "Triển khai nhiệm vụ năm 2026", "I. NHIỆM VỤ"], rows,
                     table_after=3)
    document = parse_text(read_source(path).text, name=path.name)
    found = [(a.role, a.agency.canonical, a.task) for a in extract_document(document).assignments]
    task = "Rà soát quy chế quản lý cụm công nghiệp"
    assert found == [("lead", "Sở Công Thương", task), ("cooperate", "Sở Tài chính", task),
                     ("cooperate", "Sở Xây dựng", task)]


def test_rows_of_a_markdown_table_stay_lines_of_their_own() -> None:
    from ingest.structure import parse_text
    doc = parse_text("KẾ HOẠCH\nTriển khai nhiệm vụ năm 2026\nI. TỔ CHỨC THỰC HIỆN\n" + _HEADER + "\n"
                     "| --- | --- | --- | --- | --- |\n| 1. | Tập huấn cán bộ. | Sở Y tế | Sở Tài chính | 2026 |\n"
                     "| 2. | Kiểm tra định kỳ. | Sở Xây dựng | Công an tỉnh | 2027 |\n", name="x.txt")
    rows = [c.text for s in doc.body.walk() for c in s.clauses if c.text.startswith("| 2.")]
    assert rows == ["| 2. | Kiểm tra định kỳ. | Sở Xây dựng | Công an tỉnh | 2027 |"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an inline list of tasks: each item its own task, an item switching to "phối hợp" cooperates
        ("Chủ trì triển khai các nhiệm vụ về chuyển đổi số. Cụ thể: (i) Rà soát trình độ công nghệ; (ii) Tổ chức "
         "các chương trình hỗ trợ; (iii) Phối hợp với Sở Xây dựng trong chuyển đổi mô hình.",
         [("lead", "Sở Khoa học và Công nghệ"), ("lead", "Sở Khoa học và Công nghệ"),
          ("lead", "Sở Khoa học và Công nghệ"), ("cooperate", "Sở Khoa học và Công nghệ")]),
        # near miss: lower-case items are the objects of one task
        ("Hướng dẫn các đơn vị thực hiện theo quy định về: (i) đấu nối giao thông; (ii) về xây dựng công trình; "
         "(iii) quản lý hành lang an toàn.", [("lead", "Sở Khoa học và Công nghệ")]),
    ],
)
def test_an_inline_list_of_tasks(text: str, expected: list) -> None:
    assert roles(text, ctx("Sở Khoa học và Công nghệ")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Phối hợp với X ...; <verb> ...; <verb> ...": the ';' activities are done with the same partners
        ("Phối hợp với Sở Y tế xác định tiềm năng; xây dựng tiêu chuẩn kỹ thuật; xây dựng chính sách thí điểm.",
         [("cooperate", "Sở Công Thương")] * 3),
        # near misses: a segment that leads again, a new sentence
        ("Phối hợp với Sở Y tế xác định tiềm năng; chủ trì xây dựng tiêu chuẩn kỹ thuật.",
         [("cooperate", "Sở Công Thương"), ("lead", "Sở Công Thương")]),
        ("Phối hợp với Sở Y tế xác định tiềm năng. Xây dựng tiêu chuẩn kỹ thuật.",
         [("cooperate", "Sở Công Thương"), ("lead", "Sở Công Thương")]),
    ],
)
def test_the_activities_after_a_cooperation(text: str, expected: list) -> None:
    assert roles(text, ctx("Sở Công Thương")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a ministry's units named together, and whose they are
        ("Các Vụ, Cục, đơn vị thuộc Bộ có trách nhiệm triển khai kế hoạch.", [("lead", "Các Vụ, Cục, đơn vị thuộc Bộ")]),
        ("Các đơn vị thuộc Bộ Tài chính có trách nhiệm triển khai.", [("lead", "Các đơn vị thuộc Bộ Tài chính")]),
        ("Giao Vụ Tổ chức cán bộ chủ trì hướng dẫn thực hiện.", [("lead", "Vụ Tổ chức cán bộ")]),
        # near misses: "vụ" in lower case is a plain noun
        ("Công an tỉnh xử lý các vụ vi phạm.", [("lead", "Công an tỉnh")]),
        ("Các vụ việc phức tạp được giải quyết dứt điểm.", []),
    ],
)
def test_a_ministrys_units_together(text: str, expected: list) -> None:
    assert roles(text, ctx(locality=None, province=None)) == expected


# ---------------------------------------------------------------- a task table flattened one cell a paragraph

_FLAT_TABLE_PLAN = """ỦY BAN NHÂN DÂN
TỈNH HÒA BÌNH

Số: 77/KH-UBND

Hòa Bình, ngày 10 tháng 11 năm 2025

KẾ HOẠCH

PHÁT TRIỂN HẠ TẦNG SỐ NĂM 2026

I. TỔ CHỨC THỰC HIỆN

Các sở, ngành triển khai theo phụ lục kèm theo.

PHỤ LỤC

NHIỆM VỤ CỤ THỂ

TT

Nội dung/nhiệm vụ

Cơ quan chủ trì

Cơ quan phối hợp

Thời gian thực hiện

I

SỞ NỘI VỤ

1

Rà soát, bổ sung quy hoạch
hạ tầng viễn thông trong các
khu công nghiệp

Ban Quản lý các khu công nghiệp

Sở Xây dựng Sở Công Thương; UBND các xã

Quý II/2026

2

Đào tạo kỹ năng số cho cán bộ

Sở Nội vụ

Thường xuyên

3

Doanh nghiệp bảo đảm kinh phí thực hiện

Doanh nghiệp viễn thông

Sở Tài chính, Sở Khoa học và Công nghệ

Hằng năm
"""


def test_a_flattened_task_table_is_read_row_by_row() -> None:
    from ingest.extract.pipeline import extract_document
    from ingest.structure import parse_text
    doc = parse_text(_FLAT_TABLE_PLAN, name="kh77.txt")
    got = [(a.role, a.agency.canonical, a.text.split(" | ")[1][:12]) for a in extract_document(doc).assignments
           if " | " in a.text]
    assert got == [
        ("lead", "Ban Quản lý các khu công nghiệp", "Rà soát, bổ "),
        # two names the flattening left without a separator are two partners; the commune tier is no partner
        ("cooperate", "Sở Xây dựng", "Rà soát, bổ "),
        ("cooperate", "Sở Công Thương", "Rà soát, bổ "),
        # (the group's title row "I | SỞ NỘI VỤ" above assigns nothing) a row without partners: its time is no body
        ("lead", "Sở Nội vụ", "Đào tạo kỹ n"),
        ("cooperate", "Sở Tài chính", "Doanh nghiệp"),
        ("cooperate", "Sở Khoa học và Công nghệ", "Doanh nghiệp"),
    ]


@pytest.mark.parametrize(
    ("cells", "rows"),
    [
        # a table of tasks: header and rows become lines of cells
        (["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "1", "Tập huấn", "Sở Y tế", "Sở Nội vụ"],
         ["TT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp", "1 | Tập huấn | Sở Y tế | Sở Nội vụ"]),
        # ... near misses: a table of targets with a "chủ trì" column, a table without one, no "TT" cell
        (["TT", "Chỉ tiêu", "Đơn vị tính", "Cơ quan chủ trì theo dõi", "1", "Tỷ lệ hộ nghèo", "%", "Sở Nội vụ"], []),
        (["STT", "Nội dung", "Kinh phí", "Nguồn vốn", "1", "Tập huấn", "100", "Ngân sách tỉnh"], []),
        (["Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "1", "Tập huấn", "Sở Y tế", "Quý I"], []),
    ],
)
def test_flattened_task_tables(cells: list[str], rows: list[str]) -> None:
    from ingest.lines import fold_task_tables, tokenized_lines
    folded = fold_task_tables(tokenized_lines("\n\n".join(cells) + "\n\nIII. TỔ CHỨC THỰC HIỆN\n"))
    assert [ln.text for ln in folded if " | " in ln.text] == rows
    assert folded[-1].text == "III. TỔ CHỨC THỰC HIỆN"


def test_a_task_table_with_merged_cells_is_left_as_it_is() -> None:
    """A row with more paragraphs than the header has cells (a cell of several paragraphs, rows merged under
    one number): which paragraph is which column is unknown, so the table stays as it is."""
    from ingest.lines import fold_task_tables, tokenized_lines
    cells = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp",
             "1", "Tập huấn", "Sở Y tế", "Sở Nội vụ",
             "2", "Rà soát quy hoạch", "- Khảo sát hiện trạng.", "- Lập báo cáo.", "Sở Xây dựng", "Sở Tài chính",
             "3", "Kiểm tra", "Sở Nội vụ", "Sở Y tế"]
    lines = tokenized_lines("\n\n".join(cells) + "\n")
    assert [ln.text for ln in fold_task_tables(lines)] == cells


# ---------------------------------------------------------------- numbered items announced by a paragraph

_CONCLUSION = """TỈNH ỦY HÒA BÌNH
VĂN PHÒNG

Số 05-KL/VPTU

Hòa Bình, ngày 02 tháng 12 năm 2025

KẾT LUẬN

CỦA CHÁNH VĂN PHÒNG TỈNH ỦY TẠI HỘI NGHỊ CÔNG TÁC VĂN PHÒNG NĂM 2025

1. Về kết quả năm 2025

Năm qua, Văn phòng Tỉnh ủy và các văn phòng huyện ủy đã đạt được một số kết quả nổi bật như sau:

(1) Công tác tham mưu ngày càng chuyên nghiệp. Văn phòng Tỉnh ủy tiếp tục khẳng định vai trò trung tâm
thông tin.

(2) Công tác lưu trữ có nhiều đổi mới.

2. Về nhiệm vụ năm 2026

Thời gian tới, đòi hỏi Sở Nội vụ và các cơ quan tiếp tục phối hợp. Quán triệt ý kiến chỉ đạo; căn cứ
phương hướng đã nêu trong Báo cáo, Văn phòng Tỉnh ủy và các văn phòng huyện ủy cụ thể hoá để tổ chức
thực hiện, trong đó, cần tập trung một số nhiệm vụ trọng tâm sau:

(1) Nâng cao chất lượng công tác tham mưu, tổng hợp. Nghiên cứu, sửa đổi quy chế làm việc.

(2) Đẩy mạnh ứng dụng công nghệ thông tin; phối hợp với các cơ quan chức năng bảo đảm hậu cần.

3. Về kiến nghị

Các kiến nghị được tổng hợp, xem xét giải quyết.
"""


def test_numbered_items_take_the_subject_of_the_paragraph_announcing_them() -> None:
    from ingest.extract.pipeline import extract_document
    from ingest.structure import parse_text
    got = [(a.role, a.agency.name, a.text.split(": ")[-1][:25])
           for a in extract_document(parse_text(_CONCLUSION, name="kl05.txt")).assignments]
    tasks = [(r, t) for r, n, t in got if n == "Văn phòng Tỉnh ủy"]
    # one record per sentence or semicolon clause, the role by its verb
    assert tasks == [("lead", "Nâng cao chất lượng công "), ("lead", "Nâng cao chất lượng công "),
                     ("lead", "Đẩy mạnh ứng dụng công ng"), ("cooperate", "Đẩy mạnh ứng dụng công ng")]
    # near misses: the items under "… đã đạt được một số kết quả nổi bật như sau:" tell what was done, and a
    # body named inside the announcing paragraph's earlier sentence ("đòi hỏi Sở Nội vụ") is no subject
    assert not [1 for r, n, t in got if t.startswith(("Công tác", "Văn phòng Tỉnh ủy tiếp tục"))]
    assert not [1 for r, n, t in got if n == "Sở Nội vụ"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a connective with its comma before "phối hợp": the body cooperates, its partner gets nothing
        ("Ủy ban nhân dân các xã tổ chức rà soát dữ liệu; đồng thời, phối hợp với Công an tỉnh đối chiếu dữ liệu.",
         [("lead", "Ủy ban nhân dân cấp xã"), ("cooperate", "Ủy ban nhân dân cấp xã")]),
        ("Sở Y tế tổ chức kiểm tra; ngoài ra, phối hợp với Sở Tài chính bố trí kinh phí.",
         [("lead", "Sở Y tế"), ("cooperate", "Sở Y tế")]),
        # "đồng thời, <any verb>" is one more task of the subject
        ("Sở Y tế tổ chức kiểm tra; đồng thời, đối soát lại các số liệu báo cáo.",
         [("lead", "Sở Y tế"), ("lead", "Sở Y tế")]),
        # near misses: without the comma the same; "chủ trì, phối hợp với Y" still gives Y
        ("Sở Y tế tổ chức kiểm tra; đồng thời phối hợp với Sở Tài chính bố trí kinh phí.",
         [("lead", "Sở Y tế"), ("cooperate", "Sở Y tế")]),
        ("Sở Y tế chủ trì, phối hợp với Sở Tài chính bố trí kinh phí.",
         [("lead", "Sở Y tế"), ("cooperate", "Sở Tài chính")]),
    ],
)
def test_a_connective_before_the_verb(text: str, expected: list) -> None:
    assert roles(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the deadline sentence after a task is when it is due, not a second task
        ("- Rà soát dữ liệu số nhà. Thời gian hoàn thành trước ngày 31 tháng 12 năm 2025.", [("lead", "Sở Xây dựng")]),
        ("Khẩn trương chia sẻ dữ liệu. Thời gian thực hiện hoàn thành xong trước ngày 05/12/2025.", [("lead", "Sở Xây dựng")]),
        # near miss: a sentence that opens with a task keeps it, whatever deadline it names
        ("Hoàn thành việc rà soát trước ngày 31/12/2025.", [("lead", "Sở Xây dựng")]),
    ],
)
def test_a_deadline_sentence_is_no_task(text: str, expected: list) -> None:
    assert roles(text, ctx(line="Giao Sở Xây dựng")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a body's past deeds are no task
        ("Sở Nội vụ và các phòng chuyên môn đã đoàn kết, chủ động tham mưu kịp thời cho cấp ủy.", []),
        ("Sở Y tế đã phối hợp với Sở Tài chính tổ chức kiểm tra.", []),
        # near misses: the same bodies with a task in the present; "đã" later in the sentence
        ("Sở Nội vụ chủ động tham mưu kịp thời cho cấp ủy.", [("lead", "Sở Nội vụ")]),
        ("Sở Y tế rà soát các nội dung đã thực hiện.", [("lead", "Sở Y tế")]),
    ],
)
def test_past_deeds_are_no_task(text: str, expected: list) -> None:
    assert roles(text) == expected


@pytest.mark.parametrize(
    ("issuer", "text", "expected"),
    [
        # the issuer called by its head noun alone, also its leadership and after a topic closed by a comma
        ("Văn phòng Tỉnh ủy Hòa Bình", "Văn phòng sẽ phối hợp với các cơ quan liên quan tham mưu giải quyết.",
         [("cooperate", "Văn phòng Tỉnh ủy Hòa Bình")]),
        ("Văn phòng Tỉnh ủy Hòa Bình", "Những kiến nghị thuộc thẩm quyền, lãnh đạo Văn phòng sẽ chỉ đạo các đơn vị "
         "nghiên cứu, giải quyết.", [("lead", "Văn phòng Tỉnh ủy Hòa Bình")]),
        ("Bộ Y tế", "Bộ sẽ chủ trì kiểm tra việc thực hiện.", [("lead", "Bộ Y tế")]),
        # near misses: a full name is read as written; a compound noun; another head than the issuer's
        ("Văn phòng Tỉnh ủy Hòa Bình", "Văn phòng Chính phủ sẽ tổng hợp báo cáo.", [("lead", "Văn phòng Chính phủ")]),
        ("Văn phòng Tỉnh ủy Hòa Bình", "Văn phòng làm việc được bố trí tại tầng 2.", []),
        ("Bộ Y tế", "Sở sẽ chủ trì kiểm tra.", []),
    ],
)
def test_the_issuer_by_its_head_noun(issuer: str, text: str, expected: list) -> None:
    assert roles(text, replace(ctx(), issuer=issuer)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an opening on what the task rests on, then the subject
        ("Trên cơ sở kết quả khảo sát, Sở Xây dựng chủ trì, phối hợp Sở Tài chính xây dựng phương án.",
         [("lead", "Sở Xây dựng"), ("cooperate", "Sở Tài chính")]),
        ("Trên cơ sở kết quả rà soát, Sở Nội vụ hướng dẫn các xã lập hồ sơ.", [("lead", "Sở Nội vụ")]),
        # near miss: the body inside the opening proposes, it is not the subject
        ("Trên cơ sở đề xuất của Sở Y tế, tổng hợp, tham mưu Ủy ban nhân dân tỉnh bố trí kinh phí.", []),
    ],
)
def test_an_opening_on_what_the_task_rests_on(text: str, expected: list) -> None:
    assert roles(text) == expected
