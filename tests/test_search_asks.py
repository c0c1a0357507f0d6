"""What a question asks for (search/asks.py), and how fusion lifts the clauses that hold it."""
from __future__ import annotations

import pytest

from search.asks import Asks, answer_match, asked_for, passage_match
from search.hybrid import Fused, favour_answers, spread_contexts
from search.passages import Passage


@pytest.mark.parametrize(("question", "asks"), [
    ("Tỷ lệ hộ nghèo của huyện giảm bao nhiêu phần trăm mỗi năm?", Asks("percent")),
    ("ty le bao phu bao hiem y te dat bao nhieu", Asks("percent")),
    ("Mỗi học sinh được hỗ trợ bao nhiêu tiền một tháng?", Asks("money")),
    ("kinh phí thực hiện là bao nhiêu tỷ đồng", Asks("money")),
    ("Ủy ban nhân dân xã có mấy ngày để trả lời?", Asks("duration", "ngay")),
    ("trong bao nhieu thang phai hoan thanh", Asks("duration", "thang")),
    ("Sau bão, nước đọng phải xử lý trong bao lâu?", Asks("duration")),
    ("Báo cáo gửi Sở Tài chính trước ngày nào?", Asks("date", bound="deadline")),
    ("han chot nop ho so la khi nao", Asks("date", bound="deadline")),
    ("Quy định này có hiệu lực từ ngày nào?", Asks("date", bound="start")),
    ("Khi nào tổ chức hội nghị sơ kết?", Asks("date")),
    ("Huyện có bao nhiêu xã đạt chuẩn nông thôn mới?", Asks("count", "xa")),
    ("Năm nay lấy bao nhiêu mẫu nước để quan trắc?", Asks("count", "mau")),
    ("cây cao dưới bao nhiêu mét thì được miễn", Asks("count", "met")),
    ("Dân số phải đạt đến mức nào thì được đầu tư trường học?", Asks("number")),
    # without a unit, the noun asked about
    ("Lệ phí cấp chứng chỉ là bao nhiêu?", Asks("money")),
    ("Mỗi người được hỗ trợ bao nhiêu một tháng?", Asks("money")),  # "một" is no unit
    ("lai xuat cho vay ho ngheo giam con bao nhieu", Asks("percent")),
    ("Tỉ lệ bao phủ bảo hiểm y tế đạt bao nhiêu?", Asks("percent")),
    ("Hạn nộp báo cáo là ngày mấy?", Asks("date", bound="deadline")),
    ("Mỗi gia đình có bao nhiêu người được hỗ trợ?", Asks("count", "nguoi")),
    # no figure: a source of funds, a body
    ("Kinh phí thực hiện kế hoạch lấy từ nguồn nào?", Asks("funding")),
    ("Cơ quan nào chủ trì xây dựng kế hoạch?", Asks("agency")),
    ("Đơn vị nào có nhiệm vụ đề xuất danh mục dự án?", Asks("agency")),
    ("ai chiu trach nhiem tong hop bao cao", Asks("agency")),
    # words that fold alike: "bộ máy" is no "mấy", "văn bản nào" no "Ban nào"
    ("Kiến nghị về tổ chức bộ máy do bộ nào xem xét?", Asks("agency")),
    ("Kế hoạch được lập căn cứ vào những văn bản nào?", None),
    ("ke hoach can cu van ban nao", None),
    ("to chuc bo may gom may phong", Asks("count", "phong")),
    # nothing to see in a clause
    ("Văn bản thẩm định không kết luận thì được hiểu thế nào?", None),
    ("Quy định về phí tham quan được sửa đổi ra sao?", None),
    ("", None),
])
def test_the_question_says_what_answer_it_expects(question: str, asks: Asks | None) -> None:
    assert asked_for(question) == asks


@pytest.mark.parametrize(("asks", "text", "match"), [
    (Asks("percent"), "Phấn đấu đến năm 2030 có 65% số xã đạt chuẩn.", 1.0),
    (Asks("percent"), "Phấn đấu đến năm 2030 các xã đạt chuẩn.", 0.0),
    (Asks("money"), "Mức hỗ trợ 200.000 đồng/học sinh/tháng.", 1.0),
    (Asks("money"), "Hỗ trợ cho 40 học sinh.", 0.0),
    (Asks("duration", "ngay"), "Trả lời trong thời hạn 10 ngày làm việc.", 1.0),
    (Asks("duration", "ngay"), "Hoàn thành trong 02 tháng.", 0.5),  # a duration, in another unit
    (Asks("duration", "ngay"), "Hội nghị tổ chức ngày 15 tháng 3 năm 2026.", 0.0),  # a date is no duration
    (Asks("duration"), "Xử lý trong 12-24 giờ sau khi nước rút.", 1.0),
    (Asks("date", bound="deadline"), "Hoàn thành chậm nhất trước ngày 30/6/2026.", 1.0),
    (Asks("date", bound="deadline"), "Phát động vào ngày 01/12/2025.", 0.5),  # a date, not a deadline
    (Asks("date", bound="start"), "Nghị quyết có hiệu lực từ ngày 01 tháng 01 năm 2026.", 1.0),
    (Asks("date"), "Tổ chức hội nghị trong quý II.", 1.0),
    (Asks("date", bound="deadline"), "Hoàn thành trong tháng 12/2025.", 1.0),
    # a cited act's date is no answer
    (Asks("date"), "Thực hiện Quyết định số 12/2025/QĐ-UBND ngày 05/3/2025 của Ủy ban nhân dân tỉnh.", 0.0),
    (Asks("date"), "Tổ chức hội nghị sơ kết.", 0.0),
    (Asks("count", "mau"), "Tổng cộng 120 mẫu/năm.", 1.0),
    (Asks("count", "mau"), "Xã A: lấy mẫu 01 vị trí.", 0.0),  # the number counts places, not samples
    (Asks("count", "xa"), "Có 12 hộ được hỗ trợ.", 0.5),  # a count of something else
    (Asks("count", "met"), "Trẻ em cao dưới 1,2m được miễn vé.", 1.0),  # the unit as written
    (Asks("number"), "Quy mô dân số từ 3.000 người trở lên.", 1.0),
    (Asks("number"), "Theo Quyết định số 90/QĐ-TTg của Thủ tướng.", 0.0),  # a symbol is no figure
])
def test_a_clause_holds_the_answer_asked_for(asks: Asks, text: str, match: float) -> None:
    assert answer_match(asks, text) == match


def passage(text: str, context: str = "Kế hoạch 5/KH-UBND", **metadata) -> Passage:
    return Passage(id="d:p1", doc_id="d", source="d.txt", text=text, context=context, metadata=metadata)


@pytest.mark.parametrize(("asks", "p", "match"), [
    (Asks("agency"), passage("Chủ trì tổng hợp, báo cáo kết quả.", agencies=["Sở Tài chính"]), 1.0),
    (Asks("agency"), passage("Chủ trì tổng hợp, báo cáo kết quả.", "Kế hoạch 5/KH-UBND › 3. Sở Tài chính"), 1.0),
    (Asks("agency"), passage("Tổng hợp kết quả thực hiện hằng năm.", "Kế hoạch 5/KH-UBND › II. Nhiệm vụ"), 0.0),
    (Asks("funding"), passage("Từ nguồn ngân sách tỉnh và nguồn xã hội hóa.", "Kế hoạch 5/KH-UBND › IV. Tổ chức"), 1.0),
    (Asks("funding"), passage("Bố trí từ dự toán chi thường xuyên.", "Kế hoạch 5/KH-UBND › V. Kinh phí"), 1.0),
    (Asks("funding"), passage("Tổ chức tập huấn cho cán bộ xã.", "Kế hoạch 5/KH-UBND › II. Nhiệm vụ"), 0.0),
    (Asks("percent"), passage("Đạt 90% số hộ."), 1.0),
])
def test_a_passage_holds_a_body_or_a_source_of_funds_in_its_facts_or_heading(asks: Asks, p: Passage,
                                                                             match: float) -> None:
    assert passage_match(asks, p) == match


def fused(*scores: float) -> list[Fused]:
    return [Fused(i, s, i + 1, i + 1) for i, s in enumerate(scores)]


@pytest.mark.parametrize(("weight", "matches", "order"), [
    (0.2, {2: 1.0}, [2, 0, 1, 3]),  # 0.85 + 0.2 passes 1.0
    (0.2, {3: 1.0}, [0, 1, 2, 3]),  # 0.5 + 0.2 passes nothing: a weak clause stays down
    (0.2, {1: 0.5, 2: 1.0}, [2, 0, 1, 3]),
    (0.0, {3: 1.0}, [0, 1, 2, 3]),  # off
])
def test_clauses_holding_the_answer_are_lifted_within_reach(weight, matches, order) -> None:
    out = favour_answers(fused(1.0, 0.9, 0.85, 0.5), lambda i: matches.get(i, 0.0), weight=weight, depth=10)
    assert [f.id for f in out] == order


def test_the_lift_follows_the_best_score_of_the_list() -> None:
    # BM25 scores: the lift is 0.15 × 12 = 1.8, enough to pass 9.5 from 8, not from 6
    out = favour_answers(fused(12.0, 9.5, 8.0, 6.0), lambda i: 1.0 if i in (2, 3) else 0.0, weight=0.15, depth=10)
    assert [f.id for f in out] == [0, 2, 1, 3]


@pytest.mark.parametrize(("groups", "per_context", "order"), [
    (["a", "a", "a", "b", None, None, None], 2, [0, 1, 3, 4, 5, 6, 2]),
    (["a", "a", "a", "b", None], 0, [0, 1, 2, 3, 4]),  # off
    ([None, None, None, None], 1, [0, 1, 2, 3]),  # clauses under the title alone are never held back
])
def test_one_list_of_like_lines_does_not_fill_the_page(groups, per_context, order) -> None:
    out = spread_contexts(fused(*[1.0 - i / 10 for i in range(len(groups))]), groups.__getitem__,
                          per_context=per_context)
    assert [f.id for f in out] == order


@pytest.mark.parametrize(("context", "group"), [
    ("Kế hoạch 12/KH-UBND: giảm nghèo › III. Nhiệm vụ › Các xã thực hiện:", "d\x1fKế hoạch 12/KH-UBND: giảm nghèo › "
                                                                              "III. Nhiệm vụ › Các xã thực hiện:"),
    ("Kế hoạch 12/KH-UBND: giảm nghèo", None),
    ("", None),
])
def test_a_clause_belongs_to_the_list_of_its_headings(context: str, group: str | None) -> None:
    assert Passage(id="d:p1", doc_id="d", source="d.txt", text="…", context=context).group == group
