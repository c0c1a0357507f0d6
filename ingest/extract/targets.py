"""Quantitative targets of a plan: "Tỷ lệ hộ nghèo đến năm 2025 còn dưới 30%" -> (Tỷ lệ hộ nghèo, <30 %, 2025).

A plan states its goals as a number with a unit inside a verb phrase ("phấn đấu", "đạt", "duy trì",
"giảm xuống còn"). The same shapes also describe the past ("năm 2016 là 9,04%"), give ages ("trẻ em dưới
5 tuổi"), detail another figure ("(với quy mô 60 con)") or cite an article ("tiêu chí số 13"); those are
left out, because a wrong target is as costly as a missed one. Money is read by `budgets`, except an
income or output value, which is a target ("Thu nhập bình quân đầu người đạt 45 triệu đồng/người").
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.extract.context import ClauseContext
from ingest.extract.numbers import Quantity, context_window, find_quantities, lower_same_length, segment_start
from ingest.model import Target
from ingest.text import fold

# ---------------------------------------------------------------- vocabulary
# Rules read the lower-cased text with its accents: folding would merge "đã" (past) with "đa", "đạt"
# (reach) with "đất" (land) and "thiếu" (lacking) with "tối thiểu" (at least).

# Section titles that describe the present or the past rather than set goals.
_DESCRIPTIVE_SECTIONS = re.compile(
    r"danh gia ket qua|ket qua thuc hien|ket qua dat duoc|thuc trang|tinh hinh thuc hien|"
    r"tinh hinh kinh te|su can thiet|dieu kien tu nhien|dac diem tinh hinh|boi canh|tong ket"
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
_INCOME_WORDS = re.compile(
    r"thu nhập|giá trị sản|giá trị thu|doanh thu|grdp|tổng sản phẩm|thu ngân sách|mức sống|lương bình quân"
)
_SPENDING_WORDS = re.compile(r"kinh phí|nguồn vốn|\bvốn\b|ngân sách|\bchi\b|đầu tư|tổng mức|hỗ trợ")
_PAST_MARK = re.compile(r"\bđã\b")
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
    r"(?<!đến )(?<!vào )(?<!tới )(?<!từ )\bnăm\s+(\d{4})\b(?!\s*(?:lên|đến|tới|xuống))|giai đoạn\s+\d{4}\s*-\s*(\d{4})"
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
    in_assignments = _in_assignment_section(ctx)
    out: list[Target] = []
    prev: Quantity | None = None  # the figure just before, kept or not
    kept: Quantity | None = None  # the last figure read as a target
    for q in find_quantities(text):
        if _is_target(low, q, prev, in_assignments, ctx.doc_year):
            out.append(_make_target(text, low, q, kept, ctx))
            kept = q
        prev = q
    return out


# ---------------------------------------------------------------- filters

def _descriptive_section(ctx: ClauseContext) -> bool:
    titles = " | ".join([*ctx.breadcrumb, ctx.section_title or ""])
    return _folded_search(_DESCRIPTIVE_SECTIONS, titles)


def _in_assignment_section(ctx: ClauseContext) -> bool:
    titles = " | ".join([*ctx.breadcrumb[:1], *(ctx.breadcrumb[-1:] if ctx.breadcrumb else [])])
    return _folded_search(_ASSIGNMENT_SECTIONS, titles)


@lru_cache(maxsize=512)
def _folded_search(pattern: re.Pattern, titles: str) -> bool:
    """Does the pattern occur in the folded titles? Cached: every clause of a section has the same."""
    return bool(pattern.search(fold(titles)))


def _is_target(low: str, q: Quantity, prev: Quantity | None, in_assignments: bool, doc_year: int | None) -> bool:
    before = low[max(0, q.start - 60) : q.start]
    after = low[q.end : q.end + 40]
    seg_start = segment_start(low, q.start)
    seg = low[seg_start : q.start]
    # the words that lead to this number: since the previous figure and the last comma
    lead_start = max(seg_start, prev.end if prev else 0, low.rfind(", ", 0, q.start) + 1)
    lead = low[lead_start : q.start]

    if _LABEL_BEFORE.search(before.rstrip()) or re.match(r"\s*tuổi\b", after):
        return False
    if q.start > 0 and low[q.start - 1] in "/-" and q.start > 1 and low[q.start - 2].isalnum():
        return False  # the second half of "/01ha", "01-02"
    if q.kind == "money" and not is_outcome_money(seg, q):
        return False
    # a detail of the figure just before: "02 công trình nhà bán trú (16 phòng)", "(với quy mô 60 con)"
    if prev is not None and prev.kind != "percent" and re.search(r"\(\s*$", before):
        if not re.search(r"[,;.]", low[prev.end : q.start]):
            return False
    if re.search(r"\(\s*(?:với\s+)?quy mô\s+(?:khoảng\s+|trên\s+)?$", before):
        return False
    if re.search(r"tương đương(?:\s+với)?\s+$", before):
        return False
    # a baseline: "từ 48,8% năm 2022 lên 55%"
    if re.search(r"\btừ\s+$", before) and re.match(r"\s*(?:năm\s+\d{4}\s*)?lên\b", after):
        return False
    # a condition, not a goal: "thiếu trên 50% đất sản xuất", "các xã có tỷ lệ hộ nghèo từ 40% trở lên"
    if re.search(r"\bthiếu\s+(?:trên\s+|dưới\s+)?$", before):
        return False
    if re.search(r"\b(?:xã|hộ|thôn|bản|vùng|địa bàn|huyện)\s+có\s+t[ỷỉ] lệ\b[^,;\d]{0,40}$", seg):
        return False
    # the criteria count that qualifies communes: "02 xã đạt từ 15-18 tiêu chí"
    if prev is not None and prev.kind == "count" and q.unit.lower().startswith("tiêu chí"):
        if re.fullmatch(r"\s*đạt\s+(?:từ\s+)?", low[prev.end : q.start]):
            return False
    # the past and the present state
    if _PAST_MARK.search(lead) or _DESCRIPTIVE_BEFORE.search(lead):
        return False
    if re.match(r"\s*(?:hiện có|đang có)\b", after):
        return False
    sentence = low[low.rfind(". ", 0, q.start) + 1 : q.start].lstrip(" -+*•")
    if _PRESENT_STATE.search(sentence) and not _GOAL_SENTENCE.search(sentence):
        return False
    if doc_year and any(int(a or b) < doc_year for a, b in _YEAR_MENTION.findall(lead)):
        return False  # "Tỷ lệ hộ nghèo năm 2016 là 9,04%" in a plan written in 2022
    if in_assignments and not (_GOAL_WORDS.search(seg) or q.kind == "percent"):
        return False
    if q.kind == "percent" and _is_money_share(low, q, seg, sentence):
        return False
    return True


def _is_money_share(low: str, q: Quantity, seg: str, sentence: str) -> bool:
    """A share of money, not a target: "hỗ trợ 50% chi phí", "NSTW chiếm 64%" (of a budget line); unless
    the sentence sets it as a goal ("Phấn đấu bố trí kinh phí chiếm từ 5-6% vốn đầu tư toàn xã hội")."""
    if re.search(r"\b(?:phấn đấu|mục tiêu)\b", sentence):
        return False
    if re.match(r"\s*(?:tổng\s+)?(?:chi phí|kinh phí|học phí|lãi suất|tiền|giá|mức đóng|mức phí|vốn|nguồn vốn)\b",
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
        year=_year(low, q, ctx),
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


def _year(low: str, q: Quantity, ctx: ClauseContext) -> int | None:
    # the year stated right after the figure ("lên 55% vào năm 2025"), then in its sentence, then above
    stop = _BOUNDARY.search(low, q.end)
    tail = low[q.end : stop.start() if stop else len(low)]
    m = _ANY_YEAR.search(tail)
    if m and not re.search(r"\btừ\s+năm\s+" + m.group(1), tail):
        return int(m.group(1))
    sent_start = max(low.rfind(". ", 0, q.start) + 1, 0)
    head = low[sent_start : q.start]
    years = _FUTURE_YEAR.findall(head) or _ANY_YEAR.findall(head)
    if years:
        return int(years[-1])
    for title in (ctx.lead_in or "", ctx.section_title or "", *reversed(ctx.breadcrumb)):
        m = _FUTURE_YEAR.search(lower_same_length(title))
        if m:
            return int(m.group(1))
    return None


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
