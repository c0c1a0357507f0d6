"""Vietnamese numerals as written in plans: "1.790.878", "43,75", "01", "1.365,41ha", "0,05 tỷ".

Vietnamese writes "." between thousands and "," before decimals, pads counts with a leading zero
("07 xã") and glues units to numbers ("1.181ha", "số540"). Every extractor that reads a quantity goes
through `parse_number`, so "2.025 hộ" is never read as the year 2025 nor "43,75" as 4375.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.text import fold, fold_keep_length, strip_marks

# A numeral: thousands groups with "." (or ","), an optional decimal part with "," (or "."), or plain.
NUMERAL = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.])|\d+\.\d{1,2}(?![\d.])|\d+(?:,\d+)?"
_NUMERAL_RE = re.compile(rf"^(?:{NUMERAL})$")
_EN_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$")  # "1,000,000" (English style)

# Money units, in million VND each.
_MONEY_FACTORS = {
    "ty": 1000.0,
    "trieu": 1.0,
    "nghin": 0.001,
    "ngan": 0.001,
    "dong": 0.000001,
}
# Multipliers written as words after a count: "1 triệu lượt khách", "3 nghìn hộ".
MULTIPLIERS = {"nghin": 1e3, "ngan": 1e3, "trieu": 1e6, "ty": 1e9}


def parse_number(s: str) -> float | None:
    """The value of one Vietnamese numeral, or None when `s` is not one.

    "1.790.878" -> 1790878, "43,75" -> 43.75, "1.365,41" -> 1365.41, "01" -> 1, "0,05" -> 0.05.
    A "." followed by exactly three digits is a thousands separator; followed by one or two digits it
    is a decimal point (English style, rare in these documents).
    """
    if s is None:
        return None
    s = s.strip().replace("\u00a0", "").replace(" ", "")
    if not s:
        return None
    if _EN_THOUSANDS.match(s):
        return float(s.replace(",", ""))
    if not _NUMERAL_RE.match(s):
        return None
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        return float(s.replace(".", "").replace(",", "."))
    if "," in s:
        return float(s.replace(",", "."))
    return float(s)


def money_factor(unit: str) -> float | None:
    """Million VND per one `unit` ("tỷ đồng" -> 1000), or None when `unit` is not money."""
    key = fold(unit).replace("vnd", "dong")
    words = re.findall(r"[a-z]+", key)
    if not words:
        return None
    head = words[0]
    if head in ("ty", "trieu", "nghin", "ngan"):
        return _MONEY_FACTORS[head]
    if head in ("dong", "d"):
        return _MONEY_FACTORS["dong"]
    return None


def parse_money_million_vnd(amount: str, unit: str) -> float | None:
    """An amount of money in million VND: ("76,47", "tỷ đồng") -> 76470, ("Không", "") -> 0.

    "Không" (none) is how budget tables write a zero line; anything unreadable gives None.
    """
    if amount is not None and fold(amount) in ("khong", "0"):
        return 0.0
    value = parse_number(amount)
    factor = money_factor(unit or "")
    if value is None or factor is None:
        return None
    return round(value * factor, 6)


@dataclass(frozen=True)
class Numeral:
    """A numeral found in text: its value and where it stands (`start`, `end` into the text)."""

    value: float
    start: int
    end: int
    text: str


# A numeral not glued to the end of a word ("m3"), except after "số" ("số540"); "-" and "/" may
# precede it (the second half of "300-500", "8/16": the quantity reader joins them).
_FIND_NUMERAL = re.compile(rf"(?:(?<=số)|(?<![\w.,]))(?:{NUMERAL})(?![\d])")


def find_numerals(text: str) -> list[Numeral]:
    """Every numeral in `text`, left to right (dates and symbols included: callers filter)."""
    out = []
    for m in _FIND_NUMERAL.finditer(text):
        raw = m.group()
        value = parse_number(raw)
        if value is not None:
            out.append(Numeral(value, m.start(), m.end(), raw))
    return out


# ---------------------------------------------------------------- quantities: a numeral with its unit

def _folded_alternation(words: tuple[str, ...]) -> str:
    """Regex alternation over accent-folded unit words, longest first so "hộ gia đình" beats "hộ"."""
    keys = sorted({fold(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)


# Generic unit vocabulary of planning documents (what a count or a measure is a number of).
MEASURE_UNITS = ("ha", "héc ta", "hécta", "km2", "km", "m2", "m3", "tấn", "tạ", "kg", "lít", "MW", "kWh")
COUNT_UNITS = (
    "hộ gia đình", "hộ", "người lao động", "người", "lao động", "việc làm",
    "học sinh", "học viên", "sinh viên", "trẻ em", "trẻ", "nhân khẩu", "khẩu", "đối tượng",
    "xã, phường, thị trấn", "xã, thị trấn", "xã, phường", "xã", "phường", "thị trấn",
    "thôn/bản/tổ dân phố", "thôn, bản", "thôn/bản", "thôn", "bản", "tổ dân phố",
    "trường học", "trường", "phòng", "lớp",
    "công trình", "cơ sở", "câu lạc bộ", "sản phẩm", "mô hình", "tiêu chí", "giường bệnh", "giường",
    "bác sỹ", "bác sĩ", "y sĩ", "nhân viên", "cán bộ", "công chức", "máy tính", "căn nhà", "căn hộ",
    "nhà văn hóa", "nhà tiêu", "nhà", "bãi", "nghĩa trang", "hợp tác xã", "HTX", "tổ hợp tác",
    "doanh nghiệp", "điểm", "tuyến", "cây cầu", "cầu", "con", "cây", "chậu", "đàn", "giếng", "bể",
    "thuê bao", "hồ sơ", "trạm y tế", "trạm", "làng nghề", "chuỗi liên kết", "chuỗi", "hội viên", "đoàn viên",
    "nhóm hộ", "tổ",
    # outputs of a plan's activities: samples taken, copies printed
    "mẫu", "cuốn", "tờ rơi", "ấn phẩm", "dự án", "tiểu dự án",
)
PER_UNITS = (
    "vạn dân", "nghìn dân", "1.000 dân", "năm", "tháng", "người", "hộ", "xã", "nhà", "ha", "01ha", "01 ha",
    "lớp", "trường", "bản", "thôn", "công trình", "khẩu", "lao động", "ngày", "km", "căn",
    "dự án", "mô hình", "cơ sở", "sản phẩm", "con", "m2",
)

# A unit as said (accent-folded, first syllable, as a question names it: "cao bao nhiêu mét") -> as written
# after a numeral in documents ("1,3m").
UNIT_SYMBOLS: dict[str, tuple[str, ...]] = {
    "met": ("m", "met"), "kilomet": ("km", "kilomet"), "ki": ("km", "kg"), "hecta": ("ha", "hecta"),
    "hec": ("ha", "hec"), "kilogam": ("kg", "kilogam"), "tan": ("tan", "t"), "lit": ("lit", "l"),
    "megawat": ("mw", "megawat"),
}

_UNIT_FORMS = frozenset(w.lower() for w in MEASURE_UNITS + COUNT_UNITS)
_F_MEASURE = _folded_alternation(MEASURE_UNITS)
_F_COUNT = _folded_alternation(COUNT_UNITS)
_F_PER = _folded_alternation(PER_UNITS)
_END = r"(?![a-z0-9])"  # a unit word ends at a non-letter (on folded text)

_RE_PERCENT = re.compile(r"\s*(?:%|phan tram" + _END + ")")
_RE_MULT = re.compile(r"\s*(nghin|ngan|trieu|ty)" + _END)
_RE_MONEY_TAIL = re.compile(r"\s*(?:dong|vnd|d)" + _END)
_RE_TRD = re.compile(r"\s*tr\.?\s?d" + _END)  # "500 trđ": the tables' triệu đồng
_RE_BARE_MONEY_END = re.compile(r"\s*(?:$|[^\sa-z]|\s+[^a-z\s])")  # "81.743 triệu." "20 tỷ (..."
_RE_DONG = re.compile(r"\s*(?:dong|vnd)" + _END)
_RE_MEASURE = re.compile(r"\s*(" + _F_MEASURE + ")" + _END)
_RE_COUNT = re.compile(r"\s*(" + _F_COUNT + ")" + _END)
_RE_LUOT = re.compile(r"\s*luot" + _END)
_RE_NEXT_WORD = re.compile(r"\s+([a-z]+)" + _END)
_RE_PER = re.compile(r"\s*/\s*(" + _F_PER + ")" + _END)
_RE_RANGE_SEP = re.compile(r"\s*(%)?\s*(?:-|den(?=\s)|toi(?=\s))\s*")
# A calendar date on accent-folded text: "31/5/2026", "ngay 01 thang 12 nam 2025", "thang 12/2025"
DATE_RE = re.compile(
    r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}|\d{1,2}-\d{1,2}-\d{4}|\d{1,2}\.\d{1,2}\.\d{4}"
    r"|ngay\s+\d{1,2}\s+thang\s+\d{1,2}(?:\s+nam\s+\d{4})?|thang\s+\d{1,2}(?:\s*/\s*|\s+nam\s+)\d{4}"
)
# a numeral that starts a legal symbol: "90/QĐ-TTg", "13/2019/NQ-HĐND", "04-NQ/HU", "482/SLĐTBXH-BTXH"
_RE_SYMBOL_TAIL = re.compile(r"(?:\s*/\s*\d{4})?\s*[/-]\s*[A-ZĐ][A-ZĐa-z&]*(?:\s*[-/]\s*[A-ZĐ][\wĐ&]*)*")


@dataclass(frozen=True)
class Quantity:
    """A number with what it counts: "300-500ha", "8/16 xã", "43,75%", "76,47 tỷ đồng"."""

    value: float
    start: int  # of the first numeral
    end: int  # after the unit (and its "/năm" part)
    num_end: int  # after the last numeral
    kind: str  # "percent", "money", "measure", "count"
    unit: str  # as written, whitespace collapsed: "%", "ha", "tiêu chí/xã", "triệu đồng/người"
    text: str
    value_max: float | None = None
    of: float | None = None
    money_million_vnd: float | None = None  # for kind "money"
    money_max_million_vnd: float | None = None
    per: str | None = None  # "năm" in "5%/năm", "người/tháng" in "500.000 đồng/người/tháng"


# A power of ten whose exponent lost its superscript in a copied table header: "Quặng (10³ tấn)" -> "(103 tấn)".
_LOST_POWER = re.compile(r"(?<=\()\s*10[369](?=\s*[^\W\d][^()]{0,20}\))")


def _blocked_spans(text: str, folded: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in DATE_RE.finditer(folded)]
    spans += [m.span() for m in _LOST_POWER.finditer(text)]
    for n in find_numerals(text):
        m = _RE_SYMBOL_TAIL.match(text, n.end)
        if m and not re.match(r"\s*/\s*\d", text[n.end:]) or (
            m and re.match(r"\s*/\s*\d{4}\s*/", text[n.end:])
        ):
            spans.append((n.start, m.end()))
    return spans


def _fold_table() -> dict[int, str]:
    """Accented Latin letter -> its bare lower-case letter, for a folding that keeps offsets."""
    table: dict[int, str] = {}
    for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        bare = strip_marks(chr(cp)).lower()
        if len(bare) == 1:
            table[cp] = bare
    table.update(_LOWER_DASHES)
    return table


def fold_same_length(text: str) -> str:
    """`ingest.text.fold_keep_length` through one translation table (the quantity reader's hot path)."""
    folded = text.translate(_FOLD_TABLE).lower()
    return folded if len(folded) == len(text) else fold_keep_length(text)


def find_quantities(text: str) -> list[Quantity]:
    """Every numeral of `text` that carries a unit, read with its range, ratio, multiplier and unit.

    Dates and legal symbols are left out; a numeral without a recognised unit is left out (it is an
    ordinal, a list number, a year, an article...). Units are matched on accent-folded text, so
    "Hộ", "hộ" and "ho" (typed without accents) all count.
    """
    return list(_quantities(text))  # a fresh list: callers may keep or change theirs


@lru_cache(maxsize=64)
def _quantities(text: str) -> tuple[Quantity, ...]:
    # cached: the targets and budgets readers both read every clause
    if not _DIGIT.search(text):
        return ()
    return tuple(_read_quantities(text))


_DIGIT = re.compile(r"\d")  # every numeral starts with one


def _read_quantities(text: str) -> list[Quantity]:
    folded = fold_same_length(text)
    blocked = _blocked_spans(text, folded)
    numerals = [n for n in find_numerals(text) if not any(a <= n.start < b for a, b in blocked)]
    out: list[Quantity] = []
    i = 0
    while i < len(numerals):
        n = numerals[i]
        i += 1
        value, value_max, of = n.value, None, None
        pos = n.end
        # ratio "8/16 xã"
        if i < len(numerals) and text[pos : pos + 1] == "/" and numerals[i].start == pos + 1:
            of = numerals[i].value
            pos = numerals[i].end
            i += 1
        # range "300-500ha", "6%-7%/năm", "20 - 30 lao động", "từ 20 đến 30"
        elif i < len(numerals):
            m = _RE_RANGE_SEP.match(folded, pos)
            if m and m.end() == numerals[i].start and numerals[i].value > value:
                value_max = numerals[i].value
                pos = numerals[i].end
                i += 1
        unit = _read_unit(folded, pos)
        if unit is None:
            continue
        unit_end, kind, factor = unit
        if kind == "count" and _opens_a_cell(text[pos:unit_end].strip()):
            continue
        if kind in ("count", "measure") and _misspelt_unit(text[pos:unit_end]):
            continue
        base_end = unit_end
        pm = _RE_PER.match(folded, unit_end)
        while pm:  # "%/năm", "người/xã/năm", "giường bệnh/vạn dân"
            unit_end = pm.end()
            pm = _RE_PER.match(folded, unit_end)
        per_word = re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", text[base_end:unit_end])).strip(" /") or None
        q_unit = re.sub(r"\s+", " ", text[pos:unit_end].strip())
        if kind == "percent":
            q_unit = q_unit.replace(" ", "")
        scale = 1.0 if kind == "money" else factor  # "1 triệu lượt khách" -> 1 000 000
        out.append(
            Quantity(
                value=value * scale,
                start=n.start,
                end=unit_end,
                num_end=pos,
                kind=kind,
                unit=q_unit,
                text=text[n.start : unit_end],
                value_max=value_max * scale if value_max is not None else None,
                of=of,
                money_million_vnd=round(value * factor, 6) if kind == "money" else None,
                money_max_million_vnd=round(value_max * factor, 6) if kind == "money" and value_max else None,
                per=per_word,
            )
        )
    return out


def _misspelt_unit(written: str) -> bool:
    """ "15 HÀ TĨNH" is no 15 hectares, "12 hồ chứa" no 12 households: a unit typed with accents must carry its
    own ("hộ", not "hồ"); typed without any accent ("ho", "ha") it may be any of them."""
    unit = re.sub(r"\s+", " ", re.sub(r"^(?:triệu|nghìn|ngàn|tỷ)\s+", "", written.strip().lower())).strip()
    if not unit or unit.startswith("lượt") or strip_marks(unit) == unit:
        return False
    return unit not in _UNIT_FORMS


def _opens_a_cell(written: str) -> bool:
    """ "8 Xã Tân Tiến", "3 Bãi ngao Nga Tân": a capitalised count word after a number opens the next cell of a
    flattened table (the number numbers the row); counts are written in lower case ("8 xã"), acronyms aside."""
    first = written.split()[0] if written else ""
    return first[:1].isupper() and not first.isupper()


def _read_unit(folded: str, pos: int) -> tuple[int, str, float] | None:
    """The unit right after `pos` on folded text: (end, kind, factor), or None when there is none.

    For money the factor is million VND per unit ("tỷ đồng" -> 1000); otherwise it is the word
    multiplier of "1 triệu lượt khách" (1 when there is none). A bare "triệu"/"tỷ" followed by
    punctuation is money ("81.743 triệu."); followed by a count noun it is a multiplier.
    """
    m = _RE_PERCENT.match(folded, pos)
    if m:
        return m.end(), "percent", 1.0
    m = _RE_MULT.match(folded, pos)
    if m:
        word = m.group(1)
        tail = _RE_MONEY_TAIL.match(folded, m.end())
        if tail:
            return tail.end(), "money", _MONEY_FACTORS[word]
        if _RE_BARE_MONEY_END.match(folded, m.end()):
            return m.end(), "money", _MONEY_FACTORS[word]
        unit = _count_or_measure(folded, m.end())
        return (unit[1], unit[0], MULTIPLIERS[word]) if unit else None
    m = _RE_DONG.match(folded, pos)
    if m:
        return m.end(), "money", _MONEY_FACTORS["dong"]
    m = _RE_TRD.match(folded, pos)
    if m:
        return m.end(), "money", _MONEY_FACTORS["trieu"]
    unit = _count_or_measure(folded, pos)
    return (unit[1], unit[0], 1.0) if unit else None


def _count_or_measure(folded: str, pos: int) -> tuple[str, int] | None:
    m = _RE_MEASURE.match(folded, pos)
    if m:
        return "measure", m.end()
    m = _RE_LUOT.match(folded, pos)
    if m:
        c = _RE_COUNT.match(folded, m.end()) or _RE_NEXT_WORD.match(folded, m.end())
        return "count", (c.end() if c else m.end())
    m = _RE_COUNT.match(folded, pos)
    if m and not _NOT_A_COUNT.match(folded, m.start(1)):
        return "count", m.end()
    return None


# unit words that begin a longer common noun: "04 mẫu giáo" is not four samples, "02 trường hợp" not two schools
_NOT_A_COUNT = re.compile(r"(?:mau\s+giao|truong\s+hop)" + _END)


# ---------------------------------------------------------------- the text a fact is shown with

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[-+*•(A-ZÀ-ỸĐ0-9])")
_CLAUSE_END = re.compile(r"(?<=;)\s+")


def context_window(text: str, start: int, end: int, limit: int = 1500) -> tuple[int, int]:
    """Bounds of the text to show with a fact at [start, end): the whole clause when it is short,
    else the sentence holding the fact, else (a run-on sentence) the ";"-parts around it."""
    if len(text) <= limit:
        return 0, len(text)
    lo, hi = _piece(text, start, end, _SENTENCE_END)
    if hi - lo <= limit:
        return lo, hi
    sub_lo, sub_hi = _piece(text[lo:hi], start - lo, end - lo, _CLAUSE_END, grow_to=limit // 2)
    return lo + sub_lo, lo + sub_hi


def _piece(text: str, start: int, end: int, splitter: re.Pattern, grow_to: int = 0) -> tuple[int, int]:
    bounds = [0] + [m.end() for m in splitter.finditer(text)] + [len(text)]
    parts = [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1) if bounds[k] < bounds[k + 1]]
    idx = next((k for k, (a, b) in enumerate(parts) if a <= start < b), len(parts) - 1)
    lo, hi = parts[idx]
    left, right = idx - 1, idx + 1
    while hi - lo < grow_to and (left >= 0 or right < len(parts)):
        if right < len(parts) and parts[right][1] - lo <= grow_to:
            hi = parts[right][1]
            right += 1
        elif left >= 0 and hi - parts[left][0] <= grow_to:
            lo = parts[left][0]
            left -= 1
        else:
            break
    return lo, max(hi, min(end, len(text)))


# ---------------------------------------------------------------- phrase bounds shared by the readers

_LOWER_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")
_FOLD_TABLE = _fold_table()


def lower_same_length(text: str) -> str:
    """Lower case with unified dashes, one character per character so offsets stay valid."""
    low = text.lower().translate(_LOWER_DASHES)
    return low if len(low) == len(text) else "".join(c.lower()[:1] or c for c in text).translate(_LOWER_DASHES)


def segment_start(low: str, pos: int, floor: int = 0, stops: str = ".;:") -> int:
    """Start of the phrase that leads to `pos`: after the last ".", ";" or ":", or after the "(" that
    is still open at `pos`. A closed parenthesis is part of the phrase ("... học nghề (từ trung cấp
    trở lên) đạt 60%")."""
    depth = 0
    for i in range(pos - 1, floor - 1, -1):
        ch = low[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                return i + 1
            depth -= 1
        elif depth == 0 and ch in stops and (i + 1 >= len(low) or low[i + 1].isspace()):
            return i + 1
    return floor
