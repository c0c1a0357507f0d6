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
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from ingest.extract.numbers import DATE_RE, NUMERAL, UNIT_SYMBOLS, find_quantities, fold_same_length
from ingest.text import fold
from search.passages import CONTEXT_SEPARATOR, Passage

Kind = Literal["percent", "money", "duration", "date", "count", "number", "agency", "funding"]


@dataclass(frozen=True)
class Asks:
    """The answer a question expects: its kind and, for a count or a duration, the unit it counts in
    (accent-folded: "mau" for "bao nhiêu mẫu nước", "ngay" for "mấy ngày"); for a date, whether it is a
    deadline ("trước ngày nào", "hạn chót") or a start ("từ ngày nào", "có hiệu lực khi nào"). Two kinds
    ask for no figure: "agency" ("đơn vị nào có nhiệm vụ …", "ai …") and "funding" ("lấy từ nguồn nào")."""

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
_ASK_DAY = re.compile(r"\b(?:ngay|hom) (?:may|bao nhieu)\b")  # "hạn nộp là ngày mấy"
_ASK_UNIT = re.compile(rf"\b{_HOW_MANY}\b\s*(?=(%|[a-z]+(?:\s+[a-z]+)?))")  # the unit read ahead, not taken
# the noun asked about, before "bao nhiêu": a rate ("lãi suất … bao nhiêu") or an amount of money ("lệ phí …")
_ASK_RATE = re.compile(r"\b(?:ty le|ti le|lai suat|lai xuat|tang truong)\b[^?]{0,60}\bbao nhieu\b|\bbao nhieu\s*%")
_ASK_MONEY = re.compile(
    r"\b(?:le phi|hoc phi|chi phi|muc phi|muc thu|muc chi|muc phat|tien phat|muc huong|muc ho tro|ho tro|tro cap"
    r"|phu cap|luong|kinh phi|so tien|von)\b[^?]{0,50}\bbao nhieu\b")
_ASK_NUMBER = re.compile(rf"\b(?:{_HOW_MANY}|(?:den|o) muc nao|muc nao)\b")
_ASK_FUNDING = re.compile(r"\b(?:(?:tu |lay tu |bang )?nguon nao|lay (?:tu|o) dau|tu dau ra|ai (?:chi )?tra|nguon kinh phi"
                          r"|nguon von)\b")
_ASK_AGENCY = re.compile(r"\b(?P<who>don vi|co quan|so|bo|ban|nganh|cap|to chuc) nao\b|(?:^|(?<=[\s,;:]))(?P<who2>ai)\b")
# Folding merges words: "mấy" (how many) with "máy" ("bộ máy"), "Ban" (a board) with "bản" ("văn bản"),
# "Sở" with "số". A question typed with diacritics must say the asking word itself; typed without, the
# word is taken unless a neighbour shows the other reading.
_SAID = {"may": "mấy", "don vi": "đơn vị", "co quan": "cơ quan", "so": "sở", "bo": "bộ", "ban": "ban",
         "nganh": "ngành", "cap": "cấp", "to chuc": "tổ chức", "ai": "ai"}
_OTHER_READING = {"may": re.compile(r"(?:\b(?:bo|nha|thiet bi|xe|dan) $)|(?:^ (?:moc|tinh|man|ra|vao)\b)"),
                  "ban": re.compile(r"\bvan $"), "so": re.compile(r"\bthu tu $")}
# what a date is asked as, in the question and in the clause ("chậm nhất trước ngày 31/01/2026")
_DEADLINE = re.compile(r"\b(?:truoc|cham nhat|han chot|thoi han|han cuoi|han|hoan thanh|xong)\b")
_START = re.compile(r"\b(?:tu ngay|ke tu|bat dau|hieu luc|ap dung tu)\b")
_BOUND_BEFORE = {"deadline": re.compile(r"(?:truoc|cham nhat|han|den het|hoan thanh|xong|trong)[^.;:]{0,12}$"),
                 "start": re.compile(r"(?:tu|ke tu|bat dau|hieu luc)[^.;:]{0,12}$")}
# words after "bao nhiêu" that are no unit: "bao nhiêu là …", "bao nhiêu một tháng" (a rate, not a count of "một")
_NOT_UNITS = frozenset({"la", "thi", "duoc", "con", "co", "nua", "lan luot", "va", "cua", "trong", "de", "tat",
                        "mot", "moi"})


def asked_for(question: str) -> Asks | None:
    """The answer type of `question`, or None when it asks for nothing `answer_match` can see.

    The unit after "bao nhiêu"/"mấy" decides first ("bao nhiêu phần trăm", "mấy ngày", "bao nhiêu xã");
    without one, the noun asked about ("lãi suất … bao nhiêu", "lệ phí … bao nhiêu"), then the words
    asking for a time, a date, any figure, a source of funds or a body.

    >>> asked_for("Tỷ lệ hộ nghèo giảm bao nhiêu phần trăm?")
    Asks(kind='percent', unit=None, bound=None)
    >>> asked_for("cap xa co may ngay de gui bao cao")
    Asks(kind='duration', unit='ngay', bound=None)
    """
    said = _reader(question or "")
    q = said.folded
    if _ASK_DAY.search(q):
        return _date(q)
    m = next((m for m in _ASK_UNIT.finditer(q) if said.asks(m.start(), q[m.start():].split(" ", 1)[0])), None)
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
    if _ASK_MONEY.search(q):
        return Asks("money")
    if _ASK_DURATION.search(q):
        return Asks("duration")
    if _ASK_DATE.search(q):
        return _date(q)
    if any(said.asks(m.start(), m.group()) for m in _ASK_NUMBER.finditer(q)):
        return Asks("number")
    if _ASK_FUNDING.search(q):
        return Asks("funding")
    for m in _ASK_AGENCY.finditer(q):
        word = m.group("who") or m.group("who2")
        if said.asks(m.start("who") if m.group("who") else m.start("who2"), word):
            return Asks("agency")
    return None


def _date(q: str) -> Asks:
    """A date, asked as a deadline ("trước", "hạn") or a start ("từ ngày", "hiệu lực") or neither."""
    return Asks("date", bound="deadline" if _DEADLINE.search(q) else "start" if _START.search(q) else None)


@dataclass(frozen=True)
class _Said:
    """The question folded to the same length as written, to check what an ambiguous folded word was."""

    text: str
    folded: str
    accented: bool

    def asks(self, start: int, word: str) -> bool:
        """Whether the folded `word` at `start` is the asking word and not its homograph."""
        if word not in _SAID:
            return True
        if self.accented:
            return self.text[start:start + len(word)].lower() == _SAID[word]
        other = _OTHER_READING.get(word)
        return not (other and (other.search(self.folded[max(0, start - 12):start])
                               or other.search(self.folded[start + len(word):start + len(word) + 12])))


def _reader(question: str) -> _Said:
    text = unicodedata.normalize("NFC", " ".join(question.split()))
    folded = fold_same_length(text)
    return _Said(text, folded, accented=folded != text.lower())


# ---------------------------------------------------------------- the clause's side

_NUM = rf"(?<![\w.,/])(?:{NUMERAL})(?:\s*(?:-|–|den|toi)\s*(?:{NUMERAL}))?"
_DURATION = re.compile(rf"{_NUM}\s*(?:{'|'.join(_TIME_UNITS)})(?![a-z])")
_DAY_MONTH = re.compile(r"\bngay\s+\d{1,2}\s*/\s*\d{1,2}\b|\bquy\s+(?:[1-4]|i{1,3}|iv)\b")
# the end of a cited act's number, just before its date: "Quyết định số 12/2025/QĐ-UBND ngày …"
_CITED_BEFORE = re.compile(r"\d+\s*/\s*(?:\d{4}\s*/\s*)?[a-z0-9]+(?:-[a-z0-9]+)+\s*,?\s*(?:ngay\s*)?$")
# where the money for a task comes from (accent-folded; the budget reader's sources are one case of it)
_FUNDING = re.compile(r"\b(?:kinh phi|nguon von|von|ngan sach|xa hoi hoa|nguon thu|tai tro|chi tra)\b")

# the head nouns that open a body's heading in plans ("3. Sở Tài chính", "Công an tỉnh", "Chi cục …"), on the
# folded heading. Narrower than the administrative vocabulary's heads (`ingest/vocab/admin.py`) on purpose:
# with all of them ("Báo", "Hội", "Trường", "Đoàn" …) more topic headings count as bodies, and on the
# real-document questions `responsible` fell from MRR 0.933 to 0.867 (two answers 1st -> 3rd).
_BODY_NAMED = re.compile(r"\b(?:so|bo|ban|uy ban|ubnd|cong an|chi cuc|cuc|trung tam|van phong|ngan hang"
                         r"|doanh nghiep|chu dau tu)\b")


def passage_match(asks: Asks, passage: Passage) -> float:
    """`answer_match` over a passage: its text for figures; for a body, the agencies the extractor found
    in the clause, or a body's name heading it ("3. Sở Tài chính") when the clause assigns nothing itself;
    for a source of funds, the clause and the heading it sits under ("V. Kinh phí thực hiện")."""
    parts = passage.context.split(CONTEXT_SEPARATOR)
    heading = parts[-1] if len(parts) > 1 else ""
    if asks.kind == "agency":
        return 1.0 if passage.metadata.get("agencies") or _BODY_NAMED.search(fold(heading)) else 0.0
    if asks.kind == "funding":
        return 1.0 if _FUNDING.search(fold(f"{heading} {passage.text}")) else 0.0
    return answer_match(asks, passage.text)


@lru_cache(maxsize=4096)
def answer_match(asks: Asks, text: str) -> float:
    """How well `text` holds the answer `asks` expects: 1 for the kind with its unit, 0.5 for the kind
    without the asked unit (or a figure of another kind for a count), 0 for none.

    Dates and legal symbols are no counts or durations: "ngày 01 tháng 12" holds no "01 tháng" of
    time, "số 90/QĐ-TTg" no ninety of anything."""
    if asks.kind in ("agency", "funding"):
        return 0.0  # read from the passage: `passage_match`
    folded = fold_same_length(text)
    if asks.kind == "date":
        dates = [m for m in (*DATE_RE.finditer(folded), *_DAY_MONTH.finditer(folded))
                 if not _CITED_BEFORE.search(folded[max(0, m.start() - 40):m.start()])]
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
