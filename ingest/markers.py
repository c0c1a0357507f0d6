"""The numbering grammar of Vietnamese administrative documents: what starts a heading or a list item.

Used twice: to decide where a broken physical line ends (a marker starts a new line) and to build the
heading tree. Ranks order heading kinds from the outermost (Phần, Chương) to the innermost (a), so a
document that skips a level (no roman numerals, "Tiểu dự án" without number) still nests correctly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

UP = "A-ZÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬĐÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
LO = "a-zàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ"

_ROMAN = re.compile(r"^(?P<num>[IVXL]{1,6})\s*[.)/]\s*(?P<rest>.*)$")
_ARABIC = re.compile(r"^(?P<num>\d{1,3})\s*[.)](?!\d)\s*(?P<rest>.*)$")
_DOTTED = re.compile(r"^(?P<num>\d{1,3}(?:\.(?:[1-9]\d?|0)){1,4})\.?(?!\d)\s*(?P<rest>.*)$")
_PAREN = re.compile(r"^\((?P<num>\d{1,2}|[a-zđ])\)\s*(?P<rest>.*)$")
_ALPHA = re.compile(r"^(?P<num>[a-zđ])\s*\)\s*(?P<rest>.*)$")
_ALPHA_DOT = re.compile(rf"^(?P<num>[a-zđ])\.\s+(?P<rest>[{UP}].*)$")
_PROJECT = re.compile(r"^(?:Dự án|DỰ ÁN)\s+(?P<num>\d{1,2})\s*[:.-]\s*(?P<rest>.*)$")
_SUBPROJECT = re.compile(r"^(?:Tiểu dự án|TIỂU DỰ ÁN)\s*(?P<num>\d{1,2})?\s*[:.-]\s*(?P<rest>.*)$")
_PART = re.compile(r"^(?:Phần|PHẦN)\s+(?P<num>[IVXL]+|\d+|thứ\s+\w+|THỨ\s+\w+)\s*[.:-]?\s*(?P<rest>.*)$")
_CHAPTER = re.compile(r"^(?:Chương|CHƯƠNG)\s+(?P<num>[IVXL]+|\d+)\s*[.:-]?\s*(?P<rest>.*)$")
_MUC = re.compile(r"^(?:Mục|MỤC)\s+(?P<num>\d+|[IVXL]+)\s*[.:-]\s*(?P<rest>.*)$")
_ARTICLE = re.compile(r"^(?:Điều|ĐIỀU)\s+(?P<num>\d{1,3}[a-z]?)\s*[.:]\s*(?P<rest>.*)$")
_STEP = re.compile(r"^(?:Bước|BƯỚC)\s+(?P<num>\d{1,2})\s*[:.)-]\s*(?P<rest>.*)$")
_ANNEX = re.compile(
    r"^(?P<num>(?:PHỤ LỤC|Phụ lục|MẪU BIỂU|Mẫu biểu|BIỂU MẪU|Biểu mẫu|BIỂU|Biểu|MẪU|Mẫu)(?:\s+(?:SỐ\s+|số\s+)?[\w.-]*\d[\w.-]*|\s+[IVXL]+\b)?)"
    r"\s*[:.-]?\s*(?P<rest>.*)$")
# "A. KẾT QUẢ THỰC HIỆN", "B. Nhiệm vụ năm 2025": the outermost parts of many plans (A-H only, so that
# "Q. CHỦ TỊCH" of a signature and initials of a name are not read as parts)
_UPPER_ALPHA = re.compile(rf"^(?P<num>[A-H])\.\s+(?P<rest>[{UP}][{UP}{LO}].*)$")
_BULLET = re.compile(r"^(?P<mark>(?:[-+*•▪◦●∙·]\s*)+)(?P<rest>\S.*)$")

RANK = {
    "part": 2,
    "chapter": 4,
    "muc": 6,
    "roman": 10,
    "article": 15,
    "arabic": 20,
    # dotted: 20 + 10 per extra level (1.1 -> 30, 1.1.1 -> 40)
    "step": 50,  # "Bước 1:" of a procedure
    "project": 56,
    "subproject": 58,
    "paren": 60,
    "alpha": 70,
    "annex": 1,
}

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_to_int(s: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = _ROMAN_VALUES.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    canonical = _int_to_roman(total)
    return total if canonical == s.upper() else None


def _int_to_roman(n: int) -> str:
    out = []
    for v, sym in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(sym)
            n -= v
    return "".join(out)


@dataclass(frozen=True)
class Marker:
    kind: str  # a HeadingKind, or "bullet"
    label: str  # "IV", "1.1.3", "a", "Dự án 4", "-"
    rest: str  # the text after the marker
    rank: int

    @property
    def is_heading(self) -> bool:
        return self.kind != "bullet"


def _starts_upper(text: str) -> bool:
    return bool(text) and (text[0].isupper() or text[0].isdigit() or text[0] in "“\"'(«")


def match_marker(line: str) -> Marker | None:
    """The numbering or bullet that starts `line`, if any (the line is already whitespace-normalised)."""
    line = line.strip()
    if not line:
        return None
    m = _PROJECT.match(line)
    if m:
        return Marker("project", f"Dự án {int(m['num'])}", m["rest"].strip(), RANK["project"])
    m = _SUBPROJECT.match(line)
    if m:
        label = f"Tiểu dự án {int(m['num'])}" if m["num"] else "Tiểu dự án"
        return Marker("subproject", label, m["rest"].strip(), RANK["subproject"])
    m = _STEP.match(line)
    if m:
        return Marker("step", f"Bước {int(m['num'])}", m["rest"].strip(), RANK["step"])
    for kind, rx in (("part", _PART), ("chapter", _CHAPTER), ("muc", _MUC), ("article", _ARTICLE)):
        m = rx.match(line)
        if m and (kind != "part" or _starts_upper(m["rest"]) or not m["rest"]):
            return Marker(kind, m["num"], m["rest"].strip(), RANK[kind])
    m = _UPPER_ALPHA.match(line)
    if m and len(m["rest"]) > 3:
        return Marker("part", m["num"], m["rest"].strip(), RANK["part"])
    m = _ROMAN.match(line)
    if m and roman_to_int(m["num"]) and _starts_upper(m["rest"]):
        return Marker("roman", m["num"], m["rest"].strip(), RANK["roman"])
    m = _DOTTED.match(line)
    if m and _starts_upper(m["rest"]):
        depth = m["num"].count(".")
        return Marker("dotted", m["num"], m["rest"].strip(), RANK["arabic"] + 10 * depth)
    m = _ARABIC.match(line)
    if m and _starts_upper(m["rest"]) and int(m["num"]) < 200:
        return Marker("arabic", str(int(m["num"])), m["rest"].strip(), RANK["arabic"])
    m = _PAREN.match(line)
    if m and _starts_upper(m["rest"]):
        return Marker("paren", f"({m['num']})", m["rest"].strip(), RANK["paren"])
    m = _ALPHA.match(line) or _ALPHA_DOT.match(line)
    if m and m["rest"]:
        return Marker("alpha", m["num"], m["rest"].strip(), RANK["alpha"])
    m = _BULLET.match(line)
    if m:
        marks = m["mark"].replace(" ", "")
        return Marker("bullet", marks[-1].replace("•", "-"), m["rest"].strip(), 100)
    return None


def match_annex(line: str) -> Marker | None:
    """An annex heading ("PHỤ LỤC I", "Biểu số 01", "Mẫu biểu số 02") standing alone on its line."""
    m = _ANNEX.match(line.strip())
    if m and (line.strip().isupper() or not m["rest"]) and (
            m["num"].isupper() or re.search(r"\d|\b[IVXL]+$", m["num"]) or m["num"] == "Phụ lục"):
        return Marker("annex", m["num"], m["rest"].strip(), RANK["annex"])
    return None


# Lines that open the legal-basis preamble.
PREAMBLE_START = re.compile(
    r"^(?:Căn cứ|Thực hiện|Xét|Theo đề nghị|Theo đề xuất|Trên cơ sở|Tiếp theo|Thi hành|Để triển khai|Nhằm triển khai)\b",
)
# A citation of a document by number: "số 12", "12/KH-UBND", "45-NQ/TW".
CITES = re.compile(r"\bsố\s*\d|\d+\s*/\s*[A-ZĐ\d]|\d+-[A-ZĐ]{1,4}/")


def opens_legal_basis(text: str) -> bool:
    """A line of the legal-basis preamble: "Căn cứ ..." always (also as a Party bullet "- Căn cứ ...");
    "Thực hiện", "Xét", "Theo đề nghị" ... only when it cites a document (else it is a title or a task)."""
    bare = re.sub(r"^[-+•]\s*", "", text)
    if bare.startswith("Căn cứ"):
        return True
    return bool(PREAMBLE_START.match(bare)) and bool(CITES.search(bare))


# Lines that open the closing block.
CLOSING_START = re.compile(r"^(?:Trên đây là|Nơi nhận\s*:?|Nơi nhận\b)", re.IGNORECASE)
SIGNATURE_LINE = re.compile(
    r"^(?:TM\.|T/M|KT\.|K/T|Q\.|TL\.|TUQ\.|Q\. ?CHỦ TỊCH|CHỦ TỊCH|PHÓ CHỦ TỊCH|(?:PHÓ |TỔNG )?GIÁM ĐỐC|BỘ TRƯỞNG|"
    r"THỨ TRƯỞNG|(?:PHÓ )?THỦ TƯỚNG|(?:PHÓ )?TRƯỞNG (?:BAN|PHÒNG)|(?:PHÓ )?(?:TỔNG CỤC|CỤC|CHI CỤC|VIỆN|VỤ) TRƯỞNG|"
    r"(?:PHÓ )?CHÁNH VĂN PHÒNG|(?:PHÓ )?CHÁNH THANH TRA|(?:PHÓ )?CHÁNH ÁN|(?:PHÓ )?CHỦ NHIỆM|(?:PHÓ )?THỐNG ĐỐC|"
    r"(?:PHÓ )?TỔNG KIỂM TOÁN|(?:PHÓ )?TỔNG BÍ THƯ|BÍ THƯ|PHÓ BÍ THƯ)(?:\s|$)"
)
# "QUYẾT ĐỊNH:" / "NGHỊ QUYẾT:" / "QUYẾT NGHỊ:" between a decision's preamble and its articles.
def _letter_spaced(phrase: str) -> str:
    """ "QUYẾT ĐỊNH" also as exported letter by letter: "Q U Y Ế T Đ Ị N H"."""
    return r"\s*".join(re.escape(ch) for ch in phrase.replace(" ", ""))


ENACTING_LINE = re.compile(
    r"^(?:" + "|".join(_letter_spaced(w) for w in ("QUYẾT ĐỊNH", "NGHỊ QUYẾT", "QUYẾT NGHỊ", "CHỈ THỊ", "THÔNG TƯ"))
    + r")\s*:\s*$"
)
