"""Quantitative targets of a plan: "Tỷ lệ hộ nghèo đến năm 2025 còn dưới 30%" -> (Tỷ lệ hộ nghèo, <30 %, 2025).

A plan states its goals as a number with a unit inside a verb phrase ("phấn đấu", "đạt", "duy trì",
"giảm xuống còn"), as a floor or a cap ("ít nhất 85%", "không quá 2%"), a growth factor ("tăng ít nhất 1,8
lần") or a time bound on a task ("trong 24-48 giờ sau khi nước rút"). The same shapes also state what is
not a goal, and each kind has its rule below (`_NOT_A_GOAL`): labels and ages ("tiêu chí số 13", "dưới 5
tuổi"); details of another figure ("(với quy mô 60 con)"); conditions and cases ("các xã có tỷ lệ hộ nghèo
từ 40%", "Trường hợp có từ 02 người"); past results, damage, forecasts ("ước đạt 8,19%", "tăng 26,94% so
với cùng kỳ", "3.390 nhà bị hư hỏng"); scope and specifications ("tại 14 xã", "Phê duyệt danh sách 07 xã",
"chiều dài 3,2 km"); policy rates, quotas and scoring rules ("15 kg gạo/học sinh/tháng", "bằng 40% mức
lương cơ sở", "cộng 02 điểm"); the thresholds of rule-making texts ("phải đạt trên 50% số phiếu" in a
decree). A wrong target is as costly as a missed one. Money is read by `budgets`, except an income or
output value, which is a target ("Thu nhập bình quân đầu người đạt 45 triệu đồng/người"). Where the text
sets a figure for one commune, the target carries it (`ingest.extract.for_commune`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.extract.agencies import find_agencies
from ingest.extract.context import ClauseContext
from ingest.extract.for_commune import commune_fields, commune_for
from ingest.extract.numbers import (
    NUMERAL,
    Quantity,
    context_window,
    find_quantities,
    lower_same_length,
    parse_number,
    segment_start,
)
from ingest.model import Target
from ingest.text import fold
from ingest.vocab.legal import RULE_ATTACHMENT_WORDS, RULE_MAKING_TYPES, RULE_TITLE_WORDS

# ---------------------------------------------------------------- vocabulary
# Rules read the lower-cased text with its accents: folding would merge "đã" (past) with "đa", "đạt"
# (reach) with "đất" (land) and "thiếu" (lacking) with "tối thiểu" (at least).

# Section titles that describe the present or the past rather than set goals.
_DESCRIPTIVE_SECTIONS = re.compile(
    r"danh gia ket qua|danh gia chung|danh gia tinh hinh|ket qua thuc hien|ket qua dat duoc|thuc trang|"
    r"tinh hinh thuc hien|"
    r"tinh hinh kinh te|su can thiet|dieu kien tu nhien|dac diem tinh hinh|boi canh|tong ket|"
    r"(?:^|\| )(?:[ivxlc]+\.|\d+\.)?\s*khen thuong\b"  # reward quotas ("không quá 10% tập thể") are rules
)  # matched on folded titles
# Sections that assign work: a number there is a target only with an explicit goal word.
_ASSIGNMENT_SECTIONS = re.compile(r"to chuc thuc hien|phan cong|trach nhiem")  # folded titles
_GOAL_WORDS = re.compile(r"\b(phấn đấu|tối thiểu|ít nhất|đạt|giảm|tăng|nâng|mục tiêu|chỉ tiêu)\b")
# Words right before a numeral that make it a label, an article or an ordinal, not an amount.
_LABEL_BEFORE = re.compile(
    r"(?:(?<!tổng )\b(?:số|ngày|tháng|năm|điều|khoản|điểm|mục|biểu|phụ lục|phụ biểu|dự án|tiểu dự án|"
    r"tiêu chí|chỉ tiêu|mức độ|lớp|khóa|khoá|giai đoạn|lần thứ|quyết định|nghị quyết|nghị định|"
    r"thông tư|kế hoạch|công văn|chỉ thị|phương châm|tuổi)\s*(?:số\s*)?)$"
)
# "giảm hàng năm 1%-1,5%": "năm" there says how often, it labels nothing
_EVERY_PERIOD = re.compile(r"\b(?:hàng|hằng|mỗi|bình quân)\s+(?:năm|tháng|ngày)$")
_INCOME_WORDS = re.compile(
    r"thu nhập|giá trị sản|giá trị thu|doanh thu|grdp|tổng sản phẩm|thu ngân sách|mức sống|lương bình quân"
)
_SPENDING_WORDS = re.compile(r"kinh phí|nguồn vốn|\bvốn\b|ngân sách|\bchi\b|đầu tư|tổng mức|hỗ trợ")
_PAST_MARK = re.compile(r"\bđã\b")
# A sentence that reports results so far: "tăng 26,94% so với cùng kỳ", "10 tháng đầu năm ước đạt",
# "lũy kế", "tính đến hết ngày 31/10", "đợt mưa lũ vừa qua đã làm 963 nhà bị sập đổ".
_PAST_REPORT = re.compile(
    r"so với cùng kỳ|\btháng đầu năm\b|\bước (?:đạt|thực hiện|tính)\b|\bl[ũu]y kế\b|\bvừa qua\b|"
    r"\btính đến (?:hết |cuối )?(?:ngày|nay|thời điểm|tháng)\b|"
    r"\bđến nay\b[^.;]{0,40}\bđã\b|"  # "đến nay 100% các văn phòng đã xây dựng báo cáo tháng"
    r"\bdự báo\b"  # a forecast is not a goal either
)
_SHARE_OF_PLAN = re.compile(r"\s*(?:so với\s+)?(?:kế hoạch|dự toán|mục tiêu|chỉ tiêu)\b")
# The points of an emulation's scoring table: "Từ 88 - 90% cộng 02 điểm", "Điểm cộng", "thang điểm 100".
_SCORING = re.compile(
    r"\b(?:cộng|trừ)\s+\d+(?:[.,]\d+)?\s*điểm\b|\bđiểm (?:cộng|trừ|chuẩn|tối đa|thưởng)\b|\bthang điểm\b"
)
# A clause that opens with a condition or an example states a case, not a goal.
_CONDITION_OPENING = re.compile(r"(?:trường hợp|nếu|ví dụ)\b")
_ATTACHMENT_PATH = re.compile(r"A\d+\b")
# In a rule-making text only these words aim ("hoàn thành dưới 50% các chỉ tiêu" grades, "phải đạt" requires).
_STRIVE = re.compile(r"\b(?:phấn đấu|mục tiêu)\b")
# Section titles of goals: inside a rule-making text, only there (or with an aim verb) is a figure a goal.
_GOAL_SECTIONS = re.compile(r"muc tieu|chi tieu|ket qua can dat|yeu cau can dat")  # folded titles
# What only a goal says: the aim verbs and the target nouns of a plan.
_AIM = re.compile(r"\b(?:phấn đấu|mục tiêu|chỉ tiêu|cần đạt|phải đạt)\b")
# A legal provision cited before a parenthesis: "theo quy định tại điểm a khoản 2 Điều 9 Quyết định số
# 10/2024/QĐ-UBND (tỷ lệ không quá 10% tập thể)": the figure glosses a rule, it is not a goal.
_CITED_PROVISION = re.compile(r"\b(?:điểm|khoản|điều)\s+\w+\b|\b(?:quyết định|nghị định|thông tư|nghị quyết)\s+số\b")
# Place units counted right after a preposition of place are the scope of a task, not a goal:
# "ao nuôi đại diện ở 21 vùng nuôi tôm tập trung tại 14 xã, phường".
_PLACE_UNIT = re.compile(r"(?:xã|phường|thị trấn|thôn|bản|tổ dân phố|huyện|tỉnh|đơn vị hành chính)\b")
_AT_PLACE = re.compile(r"\b(?:tại|ở|thuộc|trên địa bàn|trên phạm vi)\s*$")
_SCOPE_LABEL = re.compile(r"\b(?:phạm vi|địa bàn)(?: thực hiện| triển khai)?\s*:?\s*$")  # "Phạm vi thực hiện: 47 xã"
# A decision that approves a list counts what was achieved: "Phê duyệt danh sách 07 xã đạt chuẩn …, 03 xã …".
_APPROVES = re.compile(r"\b(?:phê duyệt|công nhận)\b")
_APPROVES_A_LIST = re.compile(r"\b(?:phê duyệt|công nhận|ban hành)\s+danh sách\b")
_FACTOR = re.compile(
    r"\b(?:tăng|gấp)(?:\s+lên)?\s+(?:(?:ít nhất|tối thiểu|trên|hơn|khoảng)\s+)?(?P<n>" + NUMERAL + r")\s+lần\b(?!\s*/)"
)
# The dimensions of a work being described: "Đường giao thông …, chiều dài 3,2 km; tổng mức đầu tư …".
_DIMENSION_BEFORE = re.compile(
    r"\b(?:chiều dài|chiều rộng|bề rộng|chiều cao|mặt cắt|nền đường|mặt đường|công suất thiết kế|dung tích)"
    r"\s*(?:là|khoảng|:)?\s*$"
)
# Support paid per beneficiary is a policy rate: "Hỗ trợ gạo: 15 kg gạo/học sinh/tháng".
_BENEFICIARY_PER = re.compile(r"\b(?:học sinh|người|trẻ|hộ|nhân khẩu|khẩu|đối tượng|học viên|sinh viên)\b")
_PER_AFTER_OBJECT = re.compile(r"\s*(?:\w+\s+){0,2}?\w+\s*/\s*([\w\s/]{2,30})")  # "kg gạo/học sinh/tháng"
_SUPPORT_VERB = re.compile(r"\b(?:hỗ trợ|trợ cấp|được hưởng|được cấp|mức hưởng|định mức)\b")
# A sentence about funding: what else it supplies ("ngoài ra khoảng 3.850 tấn gạo") is a resource.
_FUNDING_SENTENCE = re.compile(r"(?:tổng\s+)?(?:kinh phí|nguồn vốn|vốn|ngân sách|dự toán)\b")
# A numeric time bound on a task: "xử lý các điểm nước tù đọng trong 24-48 giờ sau khi nước rút", "trong 24
# giờ đầu". Deadlines of a procedure ("trong 05 ngày làm việc kể từ ngày nhận hồ sơ") are rules, not goals.
_TIME_BOUND = re.compile(
    r"\btrong(?:\s+vòng)?\s+(?P<n>\d{1,3})(?:\s*-\s*(?P<m>\d{1,3}))?\s+(?P<unit>giờ|ngày)"
    r"(?=\s+(?:đầu\b|sau khi\b|kể từ khi\b))"
)
_DESCRIPTIVE_BEFORE = re.compile(  # "dân số 11.777 người", "Tổng diện tích tự nhiên là 11.266,56 ha"
    r"(?:dân số|diện tích tự nhiên|tổng diện tích|đơn vị hành chính|(?<!thực )hiện có|hiện nay có|đang có)"
    r"\s*(?:là|có|khoảng|gồm|:)?\s*$"
)
# A sentence about the present state ("Thị xã có 03 đơn vị hành chính gồm 01 xã và 02 phường",
# "Hiện nay toàn huyện có 1.234 hộ nghèo") sets no goal unless it says so ("phấn đấu", "đến năm 2025").
_PRESENT_STATE = re.compile(
    r"\b(?:đơn vị hành chính|diện tích tự nhiên|tính đến (?:nay|thời điểm|hết năm|ngày))\b|^\W*hiện nay\b"
)
_GOAL_SENTENCE = re.compile(r"\b(?:phấn đấu|mục tiêu|chỉ tiêu|kế hoạch|dự kiến|(?:đến|vào|tới) năm \d{4})\b")
# a year of the past, not the baseline of "từ 48,8% năm 2022 lên 55%"
_YEAR_MENTION = re.compile(
    r"(?<!đến )(?<!vào )(?<!tới )(?<!từ )(?<!với )(?<!cuối )\bnăm\s+(\d{4})\b(?!\s*(?:lên|đến|tới|xuống))"
    r"|giai đoạn\s+\d{4}\s*-\s*(\d{4})"
)
_FUTURE_YEAR = re.compile(r"(?:đến|vào|tới|trong|cuối)\s+năm\s+(\d{4})")
_ANY_YEAR = re.compile(r"\bnăm\s+(\d{4})\b")
# Heads of an indicator noun phrase: what is measured.
_MEASURE_HEADS = re.compile(
    r"^(tỷ lệ|tỉ lệ|số lượng|số|tổng số|tổng|thu nhập|sản lượng|diện tích|bình quân|giá trị|mức|tốc độ|grdp|gdp|"
    r"năng suất|độ che phủ|tỷ trọng|quy mô|lượt|chỉ số)\b"
)
# Filler around an indicator that says how, not what: verbs of aiming, comparators, time phrases.
_LEADING_FILLER = re.compile(
    r"^(?:[-+*•.,;:)\s]|và\b|đồng thời\b|trong đó\b|phấn đấu\b|tiếp tục\b|đảm bảo\b|bảo đảm\b|"
    r"(?:đến|vào|trong)?\s*năm\s+\d{4}\b|hằng năm\b|hàng năm\b|cả\b)+"
)
_TRAILING_FILLER = re.compile(
    r"(?:[\s,:;(-]|\b(?:đạt|là|còn|xuống|giảm xuống còn|giảm xuống|giảm|trên|dưới|khoảng|từ|tối thiểu|"
    r"ít nhất|có|cho|được|lên|tới|với|ở mức|mức|bằng|chiếm|vượt|hơn|không quá|tối đa|nâng|tăng|"
    r"(?:đến|vào|trong)?\s*năm\s+\d{4}|hằng năm|hàng năm|thì|gồm|phấn đấu|trong đó|và|của|hiện có|"
    r"hiện|tương đương|với quy mô|quy mô|cụ thể|các loại|(?:đến|vào|trong)\s+năm|năm|các|chỉ còn|chỉ)\b)+$"
)
_BOUNDARY = re.compile(r"[.;:]\s|[.;:]$|\(|\)")
_DIGIT = re.compile(r"\d")

_MAX_INDICATOR = 140


def find_targets(text: str, ctx: ClauseContext) -> list[Target]:
    """Every quantitative target stated in one clause, in reading order.

    Spans are offsets into `text` (the caller shifts them by the clause's start); `text` on each
    record is the clause, or the sentence holding the number when the clause is very long.
    """
    if not text or ctx.in_preamble or ctx.in_closing or not _DIGIT.search(text) or _descriptive_section(ctx):
        return []  # a target is a figure: a clause without a digit has none
    low = lower_same_length(text)
    in_assignments = _in_assignment_section(ctx) or _opens_with_an_agency(text)
    rules_only = _sets_rules(ctx) and not _folded_search(_GOAL_SECTIONS, " | ".join(ctx.breadcrumb))
    out: list[Target] = []
    prev: Quantity | None = None  # the figure just before, kept or not
    kept: Quantity | None = None  # the last figure read as a target
    for q in sorted([*find_quantities(text), *_time_bounds(text, low), *_factors(text, low)], key=lambda q: q.start):
        if _is_target(text, low, q, prev, in_assignments, rules_only, ctx.doc_year):
            out.append(_make_target(text, low, q, kept, ctx))
            kept = q
        prev = q
    return out


def _time_bounds(text: str, low: str) -> list[Quantity]:
    """ "trong 24-48 giờ sau khi nước rút" as a quantity of kind "duration" (the quantity reader leaves
    hours and days out: most of them are times and dates)."""
    if "trong" not in low:
        return []
    out = []
    for m in _TIME_BOUND.finditer(low):
        if re.match(r"\s*làm việc\b", low[m.end():]):
            continue
        hi = float(m.group("m")) if m.group("m") else None
        n = float(m.group("n"))
        out.append(Quantity(value=n, start=m.start("n"), end=m.end("unit"), num_end=m.end("m") if hi else m.end("n"),
                            kind="duration", unit=text[m.start("unit"):m.end("unit")], text=text[m.start("n"):m.end()],
                            value_max=hi if hi and hi > n else None))
    return out


def _factors(text: str, low: str) -> list[Quantity]:
    """ "thu nhập … tăng ít nhất 1,8 lần", "tăng lên 1,5 lần so với năm 2023", "gấp 2 lần": a growth factor
    (a frequency, "2 lần/tháng", is not one)."""
    if "lần" not in low:
        return []
    out = []
    for m in _FACTOR.finditer(low):
        value = parse_number(m.group("n"))
        if value is not None:
            out.append(Quantity(value=value, start=m.start("n"), end=m.end(), num_end=m.end("n"), kind="factor",
                                unit="lần", text=text[m.start("n"):m.end()]))
    return out


# ---------------------------------------------------------------- filters

def _descriptive_section(ctx: ClauseContext) -> bool:
    titles = " | ".join([*ctx.breadcrumb, ctx.section_title or ""])
    return _folded_search(_DESCRIPTIVE_SECTIONS, titles)


def _sets_rules(ctx: ClauseContext) -> bool:
    """Is the document a rule-making text (decree, circular, rule book, resolution, or a decision that issues
    a quy chế / quy định)?"""
    if ctx.doc_type in RULE_MAKING_TYPES:
        return True
    title = (ctx.doc_title or "").lower()
    if any(title.startswith(w) or f" {w}" in title[:40] for w in RULE_TITLE_WORDS):
        return True
    # a Quy định, Quy chế or Quy trình printed after the signature (its clauses live under "A<n>")
    attached = ctx.breadcrumb[0].lower() if ctx.breadcrumb and _ATTACHMENT_PATH.match(ctx.section_path) else ""
    return attached.startswith(RULE_ATTACHMENT_WORDS)


def _in_assignment_section(ctx: ClauseContext) -> bool:
    titles = " | ".join([*ctx.breadcrumb[:1], *(ctx.breadcrumb[-1:] if ctx.breadcrumb else [])])
    return _folded_search(_ASSIGNMENT_SECTIONS, titles)


_LIST_MARKER = re.compile(r"^\s*(?:[-+*•]|\(?\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|[IVX]+\.)?\s*")


def _opens_with_an_agency(text: str) -> bool:
    """ "2. Ủy ban nhân dân các xã A, B tập trung hoàn thiện hồ sơ 12 dự án …": a clause whose subject is an
    agency assigns work; the count it names is the task's object unless a goal word makes it a target."""
    start = _LIST_MARKER.match(text).end()
    return start < len(text) and any(a <= 1 for (a, _), _ in find_agencies(text[start : start + 120]))


@lru_cache(maxsize=512)
def _folded_search(pattern: re.Pattern, titles: str) -> bool:
    """Does the pattern occur in the folded titles? Cached: every clause of a section has the same."""
    return bool(pattern.search(fold(titles)))


@dataclass(frozen=True)
class _Around:
    """The words around one figure that the rules read (lower case, offsets into the clause)."""

    text: str
    low: str
    q: Quantity
    prev: Quantity | None  # the figure just before, kept or not
    before: str  # up to 60 characters before the figure
    after: str  # up to 40 characters after it
    seg: str  # the phrase that leads to it: since the last ".", ";", ":" or open bracket
    lead_start: int
    lead: str  # since the previous figure and the last comma
    sentence: str  # the sentence up to the figure
    clause: str  # the ";"-clause up to the figure
    whole_sentence: str  # the sentence (or ";"-clause) with what follows the figure
    in_assignments: bool
    rules_only: bool  # a text that sets rules, outside any section of goals
    doc_year: int | None


def _around(text: str, low: str, q: Quantity, prev: Quantity | None, in_assignments: bool, rules_only: bool,
            doc_year: int | None) -> _Around:
    seg_start = segment_start(low, q.start)
    lead_start = max(seg_start, prev.end if prev else 0, low.rfind(", ", 0, q.start) + 1)
    sentence = low[low.rfind(". ", 0, q.start) + 1 : q.start].lstrip(" -+*•")
    clause = sentence[sentence.rfind("; ") + 1 :].lstrip()
    return _Around(
        text=text, low=low, q=q, prev=prev,
        before=low[max(0, q.start - 60) : q.start], after=low[q.end : q.end + 40],
        seg=low[seg_start : q.start], lead_start=lead_start, lead=low[lead_start : q.start],
        sentence=sentence, clause=clause, whole_sentence=sentence + low[q.start : _sentence_end(low, q.end)],
        in_assignments=in_assignments, rules_only=rules_only, doc_year=doc_year,
    )


def _is_target(text: str, low: str, q: Quantity, prev: Quantity | None, in_assignments: bool, rules_only: bool,
               doc_year: int | None) -> bool:
    """A figure is a target unless one of the rules below reads it as something else."""
    a = _around(text, low, q, prev, in_assignments, rules_only, doc_year)
    return not any(rule(a) for rule in _NOT_A_GOAL)


def _label_or_ordinal(a: _Around) -> bool:
    """ "Điều 5", "tiêu chí số 13", "trẻ em dưới 5 tuổi", the second half of "01-02"."""
    if re.match(r"\s*tuổi\b", a.after):
        return True
    if _LABEL_BEFORE.search(a.before.rstrip()) and not _EVERY_PERIOD.search(a.before.rstrip()):
        return True
    start = a.q.start
    return start > 1 and a.low[start - 1] in "/-" and a.low[start - 2].isalnum()


def _money_to_spend(a: _Around) -> bool:
    """Money is a budget, except an income or an output value."""
    return a.q.kind == "money" and not is_outcome_money(a.seg, a.q)


# An estimate of the resources a plan needs, not a result to reach: "Vốn ngoài ngân sách … dự kiến 10%-15%",
# "nhu cầu sử dụng đất … đến năm 2030 dự kiến là 43.346.068 m2".
_RESOURCE_SUBJECT = re.compile(r"^\W*(?:tổng hợp\s+)?(?:nhu cầu|vốn|nguồn vốn|ngân sách|kinh phí|tổng vốn)\b")


def _estimated_resource(a: _Around) -> bool:
    """The need or the share of money a plan estimates ("… dự kiến (là) X"), unless it is set as a goal."""
    sentence = a.sentence.strip()
    return bool(_RESOURCE_SUBJECT.match(sentence)) and bool(re.search(r"\bdự kiến\b", sentence)) \
        and not re.search(r"\b(?:phấn đấu|mục tiêu|tối thiểu|ít nhất)\b", sentence)


def _part_of_another(a: _Around) -> bool:
    """A detail of another figure: "02 công trình nhà bán trú (16 phòng)", "(với quy mô 60 con)",
    "60.000 cây tương đương với 60 ha", the baseline of "từ 48,8% năm 2022 lên 55%", the criteria that
    qualify communes in "02 xã đạt từ 15-18 tiêu chí"."""
    q, prev, before = a.q, a.prev, a.before
    if prev is not None and prev.kind != "percent" and re.search(r"\(\s*$", before):
        if not re.search(r"[,;.]", a.low[prev.end : q.start]):
            return True
    if re.search(r"\(\s*(?:với\s+)?quy mô\s+(?:khoảng\s+|trên\s+)?$", before):
        return True
    if re.search(r"tương đương(?:\s+với)?\s+$", before):
        return True
    if re.search(r"\btừ\s+$", before) and re.match(r"\s*(?:năm\s+\d{4}\s*)?lên\b", a.after):
        return True
    if prev is not None and prev.kind == "count" and q.unit.lower().startswith("tiêu chí"):
        return bool(re.fullmatch(r"\s*đạt\s+(?:từ\s+)?", a.low[prev.end : q.start]))
    return False


def _a_condition(a: _Around) -> bool:
    """Who qualifies, not a goal: "thiếu trên 50% đất sản xuất", "các xã có tỷ lệ hộ nghèo từ 40% trở lên",
    "Trường hợp có từ 02 người trở lên …", "Ví dụ: …"."""
    if re.search(r"\bthiếu\s+(?:trên\s+|dưới\s+)?$", a.before):
        return True
    if _CONDITION_OPENING.match(a.clause) and not _AIM.search(a.whole_sentence):
        return True
    return bool(re.search(r"\b(?:xã|hộ|thôn|bản|vùng|địa bàn|huyện)\s+có\s+t[ỷỉ] lệ\b[^,;\d]{0,40}$", a.seg))


def _past_or_present(a: _Around) -> bool:
    """Results so far and the present state: "đã giảm xuống còn 6,47%", "dân số 11.777 người", "3.390 nhà
    bị hư hỏng", "tăng 26,94% so với cùng kỳ", "Năm 2024, toàn tỉnh có thêm 06 xã" (in a 2025 text)."""
    if _PAST_MARK.search(a.lead) or _DESCRIPTIVE_BEFORE.search(a.lead):
        return True
    if re.match(r"\s*(?:hiện có|đang có|bị)\b", a.after):
        return True
    aimed = bool(_AIM.search(a.whole_sentence))
    if not aimed and _PAST_REPORT.search(a.whole_sentence):
        return True
    if not aimed and a.q.kind == "percent" and _SHARE_OF_PLAN.match(a.after) and _PAST_MARK.search(a.clause):
        return True  # "đã giải ngân 496,2 tỷ đồng, đạt 44,05% kế hoạch": how much of a plan was done
    if _PRESENT_STATE.search(a.sentence) and not _GOAL_SENTENCE.search(a.sentence):
        return True
    if a.doc_year:  # "Tỷ lệ hộ nghèo năm 2016 là 9,04%" in a plan written in 2022
        head = a.lead if aimed else a.clause
        return any(int(x or y) < a.doc_year for x, y in _YEAR_MENTION.findall(head))
    return False


def _scope_or_specification(a: _Around) -> bool:
    """Where and what, not how much to achieve: "tại 14 xã, phường", "Phạm vi thực hiện: 47 xã", "Phê
    duyệt danh sách 07 xã", the count heading a list "(03 xã): xã A, …", "chiều dài 3,2 km"."""
    q = a.q
    if q.kind == "count" and q.of is None and _PLACE_UNIT.match(q.unit.lower()):
        if re.match(r"\s+\w", a.text[q.end : q.end + 3]) and a.text[q.end : q.end + 3].split()[0][:1].isupper():
            return True  # "8 xã Tân Tiến": a table's row number before a place's name
        if _AT_PLACE.search(a.before) or _SCOPE_LABEL.search(a.before):
            return True
    if re.search(r"\bdanh sách\s*(?:gồm\s*|có\s*)?$", a.before) or _APPROVES_A_LIST.search(a.clause):
        return True
    if q.kind == "count" and _PLACE_UNIT.match(q.unit.lower()) and _APPROVES.search(a.clause):
        return not _AIM.search(a.whole_sentence)  # "Phê duyệt xã, phường miền núi … gồm 56 xã, phường"
    if re.search(r"\(\s*$", a.before) and re.match(r"\s*\)\s*:", a.after):
        return True
    return q.kind == "measure" and bool(_DIMENSION_BEFORE.search(a.before))


def _a_rule_or_rate(a: _Around) -> bool:
    """Policy parameters: a figure glossing a cited provision, support per beneficiary ("15 kg gạo/học
    sinh/tháng"), shares of money or of a salary base ("bằng 40% mức lương cơ sở", "hỗ trợ 50% chi phí"),
    what a funding sentence also supplies, a product's concentration ("Chlorine 70%")."""
    q = a.q
    if _glosses_a_provision(a.low, q, a.sentence):
        return True
    per = q.per or (m.group(1) if (m := _PER_AFTER_OBJECT.match(a.after)) else "")
    if per and _BENEFICIARY_PER.search(per.lower()) and _SUPPORT_VERB.search(a.sentence) and q.kind != "money":
        return True
    if q.kind != "percent" and _FUNDING_SENTENCE.match(a.clause) and not _AIM.search(a.whole_sentence):
        return True
    if q.kind == "percent":
        return _names_a_concentration(a.text, a.low, q, a.lead_start) or _is_money_share(a.low, q, a.seg, a.sentence)
    return False


def _a_rule_of_a_regulation(a: _Around) -> bool:
    """A decree, circular, rule book or resolution sets thresholds, not goals ("phải đạt trên 50% số phiếu",
    "quy mô dân số từ 4.000 người trở lên"), unless the sentence aims ("phấn đấu") or a section of goals
    holds it ("Mục tiêu", "Các chỉ tiêu chủ yếu")."""
    return a.rules_only and not _STRIVE.search(a.whole_sentence)


def _a_scoring_rule(a: _Around) -> bool:
    """The points of an emulation's scoring table ("Từ 88 - 90% cộng 02 điểm", "Điểm cộng", "thang điểm 100"),
    a formula ("Tỷ lệ = b/a 100%") and a rate per an unlisted unit ("01 mẫu/vị trí") are rules of method."""
    item = a.clause + a.low[a.q.start : _sentence_end(a.low, a.q.end)]
    if _SCORING.search(item):
        return True
    if "=" in a.seg:
        return True
    return a.q.kind == "count" and a.q.per is None and a.after.startswith("/")


def _not_explicit_in_assignments(a: _Around) -> bool:
    """Sections that assign work hold a target only where a goal word says so (or as a percentage)."""
    return a.in_assignments and not (_GOAL_WORDS.search(a.seg) or a.q.kind == "percent")


_NOT_A_GOAL = (_label_or_ordinal, _money_to_spend, _part_of_another, _a_condition, _past_or_present,
               _scope_or_specification, _a_rule_or_rate, _a_rule_of_a_regulation, _a_scoring_rule,
               _not_explicit_in_assignments, _estimated_resource)


def _sentence_end(low: str, pos: int) -> int:
    m = _SENTENCE_STOP.search(low, pos)
    return m.start() if m else len(low)


_SENTENCE_STOP = re.compile(r"[.;!?](?:\s|$)")


def _glosses_a_provision(low: str, q: Quantity, sentence: str) -> bool:
    """A figure in brackets right after a cited provision restates that rule ("theo quy định tại điểm a
    khoản 2 Điều 9 Quyết định số 10/2024/QĐ-UBND (tỷ lệ không quá 10% tập thể, 5% cá nhân)")."""
    open_at = low.rfind("(", 0, q.start)
    if open_at < 0 or ")" in low[open_at : q.start] or _AIM.search(sentence):
        return False
    head = low[max(0, open_at - 200) : open_at]
    head = head[head.rfind(". ") + 1 :]
    return bool(_CITED_PROVISION.search(head))


def _names_a_concentration(text: str, low: str, q: Quantity, lead_start: int) -> bool:
    """ "cấp hóa chất Cloramin B, Chlorine 70%, máy phun": a percent glued to a capitalised item of an
    enumeration, with no indicator, verb or population around it, is part of a product's name."""
    lead = low[lead_start : q.start]
    words = text[lead_start : q.start].split()
    if not words or len(words) > 3 or not words[0][:1].isupper() or not low[:lead_start].rstrip().endswith(","):
        return False
    if _HEAD_INSIDE.search(lead) or _GOAL_WORDS.search(lead):
        return False
    if re.search(r"\b(?:là|còn|chiếm|trên|dưới|khoảng|từ|bằng|mức|xuống|lên|vượt)\b", lead):
        return False
    return bool(re.match(r"\s*(?:[,;.)]|$)", low[q.end : q.end + 3]))  # "70% số hộ": a share of a population


def _is_money_share(low: str, q: Quantity, seg: str, sentence: str) -> bool:
    """A share of money, not a target: "hỗ trợ 50% chi phí", "NSTW chiếm 64%" (of a budget line); unless
    the sentence sets it as a goal ("Phấn đấu bố trí kinh phí chiếm từ 5-6% vốn đầu tư toàn xã hội")."""
    if re.search(r"\b(?:phấn đấu|mục tiêu)\b", sentence):
        return False
    if re.match(r"\s*(?:tổng\s+)?(?:chi phí|kinh phí|học phí|lãi suất|tiền|giá|mức đóng|mức phí|vốn|nguồn vốn|"
                r"mức lương|lương cơ sở|lương tối thiểu|mức chuẩn|chuẩn trợ giúp)\b",
                low[q.end : q.end + 30]):
        return True
    return bool(re.search(r"\bchiếm\s*(?:khoảng\s+)?$", seg)) and bool(_SPENDING_WORDS.search(seg))


def is_outcome_money(seg: str, q: Quantity) -> bool:
    """Money that measures an outcome (income, output value), not money to be spent; `seg` is the
    lower-cased phrase that leads to the amount."""
    if not _INCOME_WORDS.search(seg):
        return False
    per = (q.per or "").lower().split("/")[0]
    rest = _INCOME_WORDS.sub(" ", seg)  # "thu ngân sách" is an outcome, not a "ngân sách" to spend
    return not _SPENDING_WORDS.search(rest) or per in ("người", "ha", "01ha", "01 ha", "lao động")


# ---------------------------------------------------------------- reading one target

def _make_target(text: str, low: str, q: Quantity, prev: Quantity | None, ctx: ClauseContext) -> Target:
    lo, hi = context_window(text, q.start, q.end)
    return Target(
        indicator=_indicator(text, low, q, prev),
        value=q.value,
        text=text[lo:hi],
        clause_id=ctx.clause_id,
        span=(q.start, q.end),
        unit=q.unit or None,
        comparator=_comparator(low, q, prev),
        value_max=q.value_max,
        of=q.of,
        year=stated_year(low, q.start, q.end, ctx),
        **commune_fields(commune_for(text, q.start, ctx)),
    )


def _comparator(low: str, q: Quantity, prev: Quantity | None) -> str:
    if q.value_max is not None:
        return "range"
    floor = prev.end if prev else 0
    before = low[max(floor, q.start - 40) : q.start]
    after = low[q.end : q.end + 20]
    if re.match(r"\s*trở lên\b", after):
        return ">="
    if re.match(r"\s*trở xuống\b", after):
        return "<="
    if re.search(r"\b(?:không quá|tối đa|giảm xuống còn|xuống còn)\s*:?\s*$", before):
        return "<="
    if re.search(r"\bdưới\s*$", before):
        segment = low[segment_start(low, q.start) : q.start]
        return ">=" if re.search(r"\bkhông còn\b", segment) else "<"
    if re.search(r"\b(?:trên|vượt|hơn)\s*$", before):
        return ">"
    if re.search(r"\b(?:tối thiểu|ít nhất)\s*(?:là\s+|cho\s+)?$", before):
        return ">="
    if re.search(r"\bkhoảng\s*$", before):
        return "~"
    return "="


def stated_year(low: str, start: int, end: int, ctx: ClauseContext, *, floor: int = 0,
                budget: bool = False) -> int | None:
    """The year a figure at [start, end) is for: stated right after it ("lên 55% vào năm 2025"), else in its
    sentence (since `floor`), else in the headings above ("Mục tiêu cụ thể đến năm 2030"). A budget's own
    heading or lead-in may name its year without "đến" ("Kinh phí thực hiện năm 2026:")."""
    stop = _BOUNDARY.search(low, end)
    tail = low[end : stop.start() if stop else len(low)]
    m = _ANY_YEAR.search(tail)
    if m and not re.search(r"\btừ\s+năm\s+" + m.group(1), tail):
        return int(m.group(1))
    sent_start = max(low.rfind(". ", 0, start) + 1, floor, 0)
    head = low[sent_start : start]
    years = _FUTURE_YEAR.findall(head) or _ANY_YEAR.findall(head)
    if years:
        return int(years[-1])
    if budget:
        for title in (ctx.lead_in or "", ctx.section_title or ""):
            m = _ANY_YEAR.search(lower_same_length(title))
            if m and not _PERIOD.search(lower_same_length(title)):
                return int(m.group(1))
    for title in (ctx.lead_in or "", ctx.section_title or "", *reversed(ctx.breadcrumb)):
        low_title = lower_same_length(title)
        m = _FUTURE_YEAR.search(low_title)
        if m:
            return int(m.group(1))
        # "Chỉ tiêu năm 2024" in a plan of 2024: the year the goals below are for
        years = [int(y) for y in _ANY_YEAR.findall(low_title) if ctx.doc_year and int(y) >= ctx.doc_year]
        if years and not _PERIOD.search(low_title):
            return years[-1]
    return None


_PERIOD = re.compile(r"\bgiai đoạn\s+\d{4}\s*-\s*\d{4}")


def _indicator(text: str, low: str, q: Quantity, prev: Quantity | None) -> str:
    """A short noun phrase naming what is measured, built from the words around the figure.

    Plans write either "<indicator> đạt 45%" or "45% <population> <condition>"; the words after the
    figure decide which (none, or only "trở lên"/"vào năm 2025", means the indicator came first).
    """
    pre_start = max(segment_start(low, q.start), prev.end if prev else 0)
    in_list = prev is not None and prev.end >= segment_start(low, q.start)
    if in_list and not _HEAD_INSIDE.search(low, pre_start, q.start):
        pre_start = max(pre_start, low.rfind(", ", pre_start, q.start) + 1)  # "01 cơ sở A, 01 cơ sở B"
    pre_end = q.start
    base = re.search(r"\btừ\s+[\d.,]+\s*%?\s*(?:năm\s+\d{4}\s*)?lên\s*$", low[pre_start : q.start])
    if base:  # "đạt từ 48,8% năm 2022 lên 55%": the indicator stands before the baseline
        pre_end = pre_start + base.start()
    pre = _pre_phrase(text, low, pre_start, pre_end)
    before = low[:q.start].rstrip()
    if not pre and before.endswith(":"):  # "giảm xuống còn: 25,93 %"
        colon = len(before) - 1
        pre = _pre_phrase(text, low, segment_start(low, colon), colon)
    post = _post_phrase(text, low, q)
    unit_noun = re.sub(r"/.*$", "", q.unit).strip()
    if q.kind == "count" and unit_noun.lower().startswith(("triệu", "nghìn", "ngàn", "tỷ")):
        unit_noun = unit_noun.split(" ", 1)[-1]
    pre_has_head = len(pre.split()) > 2 and bool(_MEASURE_HEADS.match(pre.lower()))
    post_is_ratio = bool(re.match(r"t[ỷỉ] lệ\b", post.lower()))

    lead = _colon_lead(text, low, pre_start)
    if lead and pre and not _MEASURE_HEADS.match(pre.lower()) and not post:
        name = f"{lead}: {pre}"  # "Tỷ lệ huy động học sinh đến trường: Tiểu học" (đạt 99,5%)
    elif q.kind == "percent":
        if post:
            name = post if post_is_ratio else f"Tỷ lệ {_uncap(post)}"
        elif pre:
            name = pre if _MEASURE_HEADS.match(pre.lower()) else f"Tỷ lệ {_uncap(pre)}"
        elif prev is not None and prev.kind == "count":  # "có 28/48 trường đạt 58,3%"
            name = f"Tỷ lệ {re.sub(r'/.*$', '', prev.unit)} {_post_phrase(text, low, prev)}"
        else:
            name = "Tỷ lệ"
    elif q.kind == "money":
        name = pre or "Giá trị"
    elif q.kind == "measure":
        unit_key = unit_noun.lower()
        head = "Diện tích" if unit_key in ("ha", "héc ta", "hécta", "km2", "m2") else "Quy mô"
        if unit_key in ("tấn", "tạ", "kg"):
            head = "Sản lượng"
        if post:
            name = post if _MEASURE_HEADS.match(post.lower()) else f"{head} {_uncap(post)}"
        elif _MEASURE_HEADS.match(pre.lower()):
            name = pre
        else:
            name = f"{head} {_uncap(_tail(pre))}".strip()
    else:
        if pre_has_head and not post:
            name = pre
        else:
            name = f"Số {unit_noun} {post}".strip()
            if pre:
                name = f"{name} ({pre})"
    if lead and not name.startswith(lead) and not _MEASURE_HEADS.match(name.lower()):
        name = f"{lead}: {name}"
    name = re.sub(r"\s+", " ", name).strip(" ,;:-")
    if len(name) > _MAX_INDICATOR:
        name = name[:_MAX_INDICATOR].rsplit(" ", 1)[0] + "…"
    return name[:1].upper() + name[1:]


# Measure heads worth cutting a long phrase at ("nâng tỷ lệ lao động..." -> "tỷ lệ lao động...").
_HEAD_INSIDE = re.compile(
    r"\b(tổng sản lượng|tổng giá trị|tổng diện tích|tổng thu nhập|tỷ lệ|tỉ lệ|tổng số|số lượng|thu nhập|grdp|gdp|"
    r"sản lượng|diện tích|giá trị|bình quân|tốc độ|năng suất|độ che phủ|tỷ trọng)\b"
)


def _pre_phrase(text: str, low: str, start: int, end: int) -> str:
    heads = list(_HEAD_INSIDE.finditer(low, start, end))
    if heads:
        k = len(heads) - 1
        # "thu nhập bình quân", "tỷ lệ hộ nghèo bình quân": one noun phrase with two heads
        while k > 0 and heads[k].start() - heads[k - 1].end() <= 30 and (
            "," not in low[heads[k - 1].end() : heads[k].start()]
        ):
            k -= 1
        start = heads[k].start()
    elif end - start > 60:
        comma = low.rfind(", ", start, end)
        if comma > 0:
            start = comma + 2
    phrase = _clean_phrase(text, start, end)
    words = phrase.split()
    return " ".join(words[-14:]) if len(words) > 14 and not heads else phrase


def _post_phrase(text: str, low: str, q: Quantity) -> str:
    stop = _BOUNDARY.search(low, q.end)
    end = stop.start() if stop else len(text)
    nxt = re.search(r"\d", low[q.end : end])
    if nxt:
        end = q.end + nxt.start()
    # a comma ends the phrase once it holds a few words ("xã, thị trấn có các dịch vụ viễn thông, ...")
    pos = q.end
    while True:
        comma = low.find(", ", pos, end)
        if comma < 0:
            break
        words = len(low[q.end : comma].split())
        if words == 0 or words >= 4:
            end = comma
            break
        pos = comma + 1
    if re.match(r"\s*(?:và|hoặc|,)", low[q.end : end]):
        return ""  # the next item of a list, not this figure's noun
    cut = re.search(r"\s(?:nhưng|để|nhằm|theo|thông qua|gắn với|đảm bảo|với)\s", low[q.end : end])
    if cut:
        end = q.end + cut.start()
    return _clean_phrase(text, q.end, end, post=True)


def _uncap(phrase: str) -> str:
    """"Dân số nông thôn" -> "dân số nông thôn" after a head word; acronyms and names stay."""
    if len(phrase) > 1 and phrase[0].isupper() and phrase[1].islower() and not re.match(r"\S+\s+[A-ZĐ]", phrase):
        return phrase[0].lower() + phrase[1:]
    return phrase


def _tail(phrase: str) -> str:
    """The last noun chunk of a verb phrase: "Phát triển các sản phẩm như cây dược liệu" -> "cây dược liệu"."""
    parts = re.split(r"\b(?:như|gồm|là)\b|:", phrase)
    return parts[-1].strip(" ,") if parts else phrase


def _clean_phrase(text: str, start: int, end: int, post: bool = False) -> str:
    piece = text[start:end]
    low = lower_same_length(piece)
    m = _LEADING_FILLER.match(low)
    cut = m.end() if m else 0
    if post:
        m2 = re.match(r"(?:\s|trở lên|trở xuống|(?:vào|đến|trong)?\s*năm\s+\d{4})+", low)
        cut = max(cut, m2.end() if m2 else 0)
    piece, low = piece[cut:], low[cut:]
    m = _TRAILING_FILLER.search(low)
    if m:
        piece = piece[: m.start()]
    return re.sub(r"\s+", " ", piece).strip(" ,;:-")


def _colon_lead(text: str, low: str, pos: int) -> str | None:
    """The "Tỷ lệ huy động học sinh đến trường" of "...đến trường: Mẫu giáo 5 tuổi đạt 98,5%"."""
    colon = low.rfind(":", 0, pos)
    if colon < 0 or ". " in low[colon:pos] or ";" in low[colon:pos]:
        return None
    start = segment_start(low, colon)
    phrase = _clean_phrase(text, start, colon)
    if phrase and _MEASURE_HEADS.match(phrase.lower()) and len(phrase) <= 100:
        return phrase
    return None
