"""What a question asks for, and whether a clause can answer it: the answer type of a Vietnamese question.

Staff ask plans for figures: "bao nhiêu phần trăm xã …", "mấy ngày để gửi báo cáo", "trước ngày nào",
"hỗ trợ bao nhiêu tiền mỗi tháng". Both retrievers rank by the question's words, and most of those words
name the document (province, programme, year) and the topic, which every clause of that document shares.
So the clause that holds the figure often ranks below one that merely talks about the topic ("Xã A lấy
mẫu nước tại vùng nuôi …" above "tổng cộng 120 mẫu/năm"). The question's own grammar says what the
answer looks like: a percentage, an amount of money, a duration, a date, a count of the noun after
"bao nhiêu"/"mấy". A clause that holds such an expression is a better candidate; `answer_match` says how
well, and `search.hybrid.favour_answers` lifts those clauses within the fused list.

Questions are read accent-folded, so "bao nhieu phan tram" asks what "bao nhiêu phần trăm" asks.
Clauses are read with the quantity reader of the extractors (`ingest.extract.numbers`): one reading
of Vietnamese numerals, units, dates and legal symbols for the whole product.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from ingest.extract.numbers import DATE_RE, NUMERAL, UNIT_SYMBOLS, find_quantities, fold_same_length
from ingest.text import fold

Kind = Literal["percent", "money", "duration", "date", "count", "number"]


@dataclass(frozen=True)
class Asks:
    """The answer a question expects: its kind and, for a count or a duration, the unit it counts in
    (accent-folded: "mau" for "bao nhiêu mẫu nước", "ngay" for "mấy ngày"); for a date, whether it is a
    deadline ("trước ngày nào", "hạn chót") or a start ("từ ngày nào", "có hiệu lực khi nào")."""

    kind: Kind
    unit: str | None = None
    bound: Literal["deadline", "start"] | None = None


# ---------------------------------------------------------------- the question's grammar (accent-folded)

_HOW_MANY = r"(?:bao nhieu|may)"
_TIME_UNITS = ("gio", "phut", "ngay", "tuan", "thang", "nam", "quy")
_MONEY_WORDS = ("tien", "dong", "ty", "trieu", "nghin", "ngan", "vnd")
_PERCENT_WORDS = ("phan tram", "%")

_ASK_DURATION = re.compile(r"\bbao lau\b")
_ASK_DATE = re.compile(r"\b(?:khi nao|bao gio|luc nao|(?:ngay|thang|nam|thoi diem|thoi han|han|moc) nao|han chot)\b")
_ASK_UNIT = re.compile(rf"\b{_HOW_MANY}\s+(%|[a-z]+(?:\s+[a-z]+)?)")
_ASK_RATE = re.compile(r"\bty le\b.*\bbao nhieu\b|\bbao nhieu\s*%")
_ASK_NUMBER = re.compile(rf"\b(?:{_HOW_MANY}|(?:den|o) muc nao|muc nao)\b")
# what a date is asked as, in the question and in the clause ("chậm nhất trước ngày 31/01/2026")
_DEADLINE = re.compile(r"\b(?:truoc|cham nhat|han chot|thoi han|han cuoi|hoan thanh|xong)\b")
_START = re.compile(r"\b(?:tu ngay|ke tu|bat dau|hieu luc|ap dung tu)\b")
_BOUND_BEFORE = {"deadline": re.compile(r"(?:truoc|cham nhat|han|den het|hoan thanh|xong)[^.;:]{0,12}$"),
                 "start": re.compile(r"(?:tu|ke tu|bat dau|hieu luc)[^.;:]{0,12}$")}
# words after "bao nhiêu" that are no unit: "bao nhiêu là …", "mấy năm nay" reads as a duration anyway
_NOT_UNITS = frozenset({"la", "thi", "duoc", "con", "co", "nua", "lan luot", "va", "cua", "trong", "de", "tat"})


def asked_for(question: str) -> Asks | None:
    """The answer type of `question`, or None when it asks for no figure ("cơ quan nào chủ trì?").

    >>> asked_for("Tỷ lệ hộ nghèo giảm bao nhiêu phần trăm?")
    Asks(kind='percent', unit=None)
    >>> asked_for("cap xa co may ngay de gui bao cao")
    Asks(kind='duration', unit='ngay')
    """
    q = fold(question or "")
    m = _ASK_UNIT.search(q)
    if m:
        words = m.group(1).split()
        head = words[0]
        if head in _PERCENT_WORDS or m.group(1).startswith("phan tram"):
            return Asks("percent")
        if head in _MONEY_WORDS:
            return Asks("money")
        if head in _TIME_UNITS:
            return Asks("duration", head)
        if head not in _NOT_UNITS:
            return Asks("count", head)
    if _ASK_RATE.search(q):
        return Asks("percent")
    if _ASK_DURATION.search(q):
        return Asks("duration")
    if _ASK_DATE.search(q):
        bound = "deadline" if _DEADLINE.search(q) else "start" if _START.search(q) else None
        return Asks("date", bound=bound)
    if _ASK_NUMBER.search(q):
        return Asks("number")
    return None


# ---------------------------------------------------------------- the clause's side

_NUM = rf"(?<![\w.,/])(?:{NUMERAL})(?:\s*(?:-|–|den|toi)\s*(?:{NUMERAL}))?"
_DURATION = re.compile(rf"{_NUM}\s*(?:{'|'.join(_TIME_UNITS)})(?![a-z])")
_DAY_MONTH = re.compile(r"\bngay\s+\d{1,2}\s*/\s*\d{1,2}\b|\bquy\s+(?:[1-4]|i{1,3}|iv)\b")


@lru_cache(maxsize=4096)
def answer_match(asks: Asks, text: str) -> float:
    """How well `text` holds the answer `asks` expects: 1 for the kind with its unit, 0.5 for the kind
    without the asked unit (or a figure of another kind for a count), 0 for none.

    Dates and legal symbols are no counts or durations: "ngày 01 tháng 12" holds no "01 tháng" of
    time, "số 90/QĐ-TTg" no ninety of anything."""
    folded = fold_same_length(text)
    if asks.kind == "date":
        dates = [*DATE_RE.finditer(folded), *_DAY_MONTH.finditer(folded)]
        if not dates:
            return 0.0
        if asks.bound is None:
            return 1.0
        before = _BOUND_BEFORE[asks.bound]
        return 1.0 if any(before.search(folded[max(0, m.start() - 30):m.start()]) for m in dates) else 0.5
    if asks.kind == "duration":
        found = _outside_dates(_DURATION, folded)
        if not found:
            return 0.0
        if asks.unit is None:
            return 1.0
        return 1.0 if any(re.search(rf"{asks.unit}(?![a-z])", m) for m in found) else 0.5
    quantities = find_quantities(text)
    if asks.kind in ("percent", "money"):
        return 1.0 if any(q.kind == asks.kind for q in quantities) else 0.0
    if asks.kind == "count" and asks.unit:
        written = "|".join(map(re.escape, UNIT_SYMBOLS.get(asks.unit, (asks.unit,))))
        if _outside_dates(re.compile(rf"{_NUM}\s*(?:{written})(?![a-z])"), folded):
            return 1.0
        return 0.5 if quantities else 0.0
    return 1.0 if quantities else 0.0


def _outside_dates(pattern: re.Pattern[str], folded: str) -> list[str]:
    """The matches of `pattern` that do not start inside a date."""
    dates = [m.span() for m in DATE_RE.finditer(folded)]
    return [m.group() for m in pattern.finditer(folded) if not any(a <= m.start() < b for a, b in dates)]
