"""Citations of other documents: the legal-reference grammar.

A Vietnamese citation reads type + "số" + symbol + "ngày ..." + "của" issuer + "về ..." title, but real
text shares one lead-in between several symbols ("Quyết định của Thủ tướng Chính phủ: số ...; số ..."),
drops parts ("Quyết định 880", "Đề án số 01 của Huyện uỷ"), and breaks symbols with spaces from line
joining ("13/2019/NQ- HĐND"). The grammar here reads one clause at a time (`find_references`); a
document-level pass (`resolve_references`) completes short forms from the full citation found elsewhere.

Relations are kept simple and from the current document's point of view: every citation in the opening
preamble is `basis`; in the body the verb right before the citation decides (`amends`, `replaces`,
`repeals`, `implements`), else `mention`. A document named inside another citation's title ("Nghị định
38/2023 về sửa đổi Nghị định 27/2022") is not amended by the current document, so it stays `mention`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Literal

from ingest.extract.context import ClauseContext
from ingest.extract.relations import CHANGE_RELATIONS, VERB_RELATIONS, changed_provisions, continues_list, relation_of
from ingest.vocab.legal import (
    ABBREVIATIONS_WITHOUT_SO,
    AGENCY_SYLLABLES,
    CONFUSABLE_LETTERS,
    DOC_TYPE_WORDS,
    ISSUER_CODES,
    LAW_TYPE,
    LETTER_TYPE,
    LOCAL_ISSUER_CODES,
    LOCALITY_WORDS,
    MIXED_CASE_CODES,
    SYMBOL_FOLLOWERS,
    TITLE_CHAIN_BREAKS,
    TITLE_CLAUSE_BREAKS,
    TITLE_CONTINUATIONS,
    TITLE_STARTS,
    TYPE_ABBREVIATIONS,
    TYPE_CODES,
    TYPES_NEEDING_SYMBOL,
    TYPES_WITHOUT_SO,
    WEAK_TITLE_STARTS,
)
from ingest.model import Reference
from ingest.text import clean_chars, fold

__all__ = ["SymbolParts", "find_references", "normalise_symbol", "parse_symbol", "resolve_references"]

MAX_TEXT_CHARS = 1500  # a longer clause is cut to the sentence holding the citation
MAX_TITLE_CHARS = 500

SymbolKind = Literal["normative", "law", "administrative", "letter", "party", "short", "bare"]


@dataclass(frozen=True)
class SymbolParts:
    """What a symbol says by itself, before any context."""

    number: str | None
    year: int | None = None  # only normative symbols carry their year
    type_code: str | None = None  # "QĐ"
    type_name: str | None = None  # "Quyết định"
    type_detail: str | None = None  # "Thông tư liên tịch"
    issuer_codes: tuple[str, ...] = ()  # ("TTg",), ("BGDĐT", "BLĐTBXH", "BTC"), ("SLĐTBXH", "BTXH")
    kind: SymbolKind = "bare"

    @property
    def issuer(self) -> str | None:
        """The issuer named by national codes alone; None for local bodies (UBND, HĐND, HU ...)."""
        if self.kind in ("letter", "party", "bare", "short") or not self.issuer_codes:
            return None
        codes = self.issuer_codes
        if self.kind == "administrative":
            codes = codes[:1]  # 3360/QĐ-BNN-VPĐP: BNN issues, VPĐP drafts
        names = [_issuer_of_code(c) for c in codes]
        if any(n is None for n in names):
            return None
        return ", ".join(dict.fromkeys(names))  # type: ignore[arg-type]


# ---------------------------------------------------------------- symbol normalisation

_LOOKALIKE = str.maketrans(dict(CONFUSABLE_LETTERS))
_LOOKALIKE_TOKEN_RE = re.compile("[\\w/\\-–]*[" + "".join(CONFUSABLE_LETTERS) + "][\\w/\\-–]*")


def latin_lookalikes(text: str) -> str:
    """Cyrillic and Greek letters that imitate Latin ones, read as Latin inside symbol-like tokens
    ("NĐ-СР" -> "NĐ-CP", "BТС-PTHT" -> "BTC-PTHT"). Same length, so offsets hold. A token is symbol-like
    when it also has a Latin letter, a digit or a slash: a Greek letter of a formula ("λi,j") stays."""
    def fix(m: re.Match) -> str:
        token = m.group(0)
        if re.search(r"[A-Za-z0-9/]", token):
            return token.translate(_LOOKALIKE)
        return token
    return _LOOKALIKE_TOKEN_RE.sub(fix, text)


def _code_key(code: str) -> str:
    """Case- and Đ-insensitive key: "QD", "Qđ", "QĐ" -> "QD"."""
    return code.upper().replace("Đ", "D")


def _build_code_table() -> dict[str, str | None]:
    """Key -> canonical spelling; None where two codes share a key (ĐA Đề án / DA Dự án)."""
    table: dict[str, str | None] = {}
    for code in (*TYPE_CODES, *ISSUER_CODES, *LOCAL_ISSUER_CODES, *MIXED_CASE_CODES):
        key = _code_key(code)
        if key in table and table[key] != code:
            table[key] = None
        else:
            table[key] = code
    return table


_CANONICAL_CODES = _build_code_table()
_KNOWN_CODES = frozenset({*TYPE_CODES, *ISSUER_CODES, *LOCAL_ISSUER_CODES, *MIXED_CASE_CODES})


def _canonical_code(code: str) -> str:
    if code in _KNOWN_CODES:
        return code
    m = re.fullmatch(r"(QH|UBTVQH)(\d+)", code, re.IGNORECASE)
    if m:
        return m.group(1).upper() + m.group(2)
    canonical = _CANONICAL_CODES.get(_code_key(code))
    if canonical:
        return canonical
    return code.upper() if code.islower() or code.upper() in _KNOWN_CODES else code


def normalise_symbol(raw: str) -> str:
    """One spelling per symbol: no spaces, known codes in their official case, "D" read as "Đ" only
    where that gives a known code ("QD-TTg" -> "QĐ-TTg", "90/QĐ-TTG" -> "90/QĐ-TTg")."""
    text = latin_lookalikes(clean_chars(raw or ""))
    text = re.sub(r"^\s*(?:số|so)\s*:?\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+", "", text).strip(".,;:")
    parts = re.split(r"([/-])", text)
    return "".join(p if not p or p in "/-" or p[0].isdigit() else _canonical_code(p) for p in parts)


def _issuer_of_code(code: str) -> str | None:
    if re.fullmatch(r"QH\d+", code):
        return ISSUER_CODES["QH"]
    if re.fullmatch(r"UBTVQH\d+", code):
        return ISSUER_CODES["UBTVQH"]
    return ISSUER_CODES.get(code)


def parse_symbol(symbol: str) -> SymbolParts:
    """Split a (normalised or raw) symbol into what its shape encodes."""
    sym = normalise_symbol(symbol)
    m = re.fullmatch(r"(\d+[a-z]?)-([^/]+)/(.+)", sym)  # Party: 04-NQ/HU
    if m:
        type_name, detail = TYPE_CODES.get(m.group(2), (None, None))
        return SymbolParts(m.group(1), None, m.group(2), type_name, detail, tuple(m.group(3).split("-")), "party")
    m = re.fullmatch(r"(\d+[a-z]?)/((?:19|20)\d\d)(?:/(.+))?", sym)  # normative: 27/2022/NĐ-CP, 80/2015/QH13
    if m:
        number, year, rest = m.group(1), int(m.group(2)), m.group(3)
        if rest is None:
            return SymbolParts(number, year, kind="short")
        codes = rest.split("-")
        if re.fullmatch(r"(?:UBTV)?QH\d+", codes[0]):
            return SymbolParts(number, year, None, LAW_TYPE, None, tuple(codes), "law")
        if codes[0] in TYPE_CODES:
            type_name, detail = TYPE_CODES[codes[0]]
            return SymbolParts(number, year, codes[0], type_name, detail, tuple(codes[1:]), "normative")
        return SymbolParts(number, year, None, None, None, tuple(codes), "normative")
    m = re.fullmatch(r"(\d+[a-z]?)/(.+)", sym)  # administrative 90/QĐ-TTg or letter 482/SLĐTBXH-BTXH
    if m:
        codes = m.group(2).split("-")
        if codes[0] in TYPE_CODES:
            type_name, detail = TYPE_CODES[codes[0]]
            return SymbolParts(m.group(1), None, codes[0], type_name, detail, tuple(codes[1:]), "administrative")
        return SymbolParts(m.group(1), None, None, LETTER_TYPE, None, tuple(codes), "letter")
    m = re.fullmatch(r"\d+", sym)
    return SymbolParts(sym if m else None, kind="bare")


# ---------------------------------------------------------------- grammar pieces

_FOLLOWERS = "|".join(re.escape(w) for w in SYMBOL_FOLLOWERS)
# a code ends at a non-letter, or where a word that follows citations was glued on ("…/QĐ-TTgcủa")
_B = rf"(?=[^\w]|$|ngày|(?:{_FOLLOWERS})(?![^\W\d_]))"
_CODE = rf"(?:[A-ZĐ][A-Za-zĐđ0-9&]*{_B})"
_CODE_CAPS = rf"(?:[A-ZĐ][A-ZĐ0-9&]+[a-zđ]?{_B})"  # after a spaced hyphen: "QĐ- UBND", not "- Ban"
_CONT = rf"(?:[-–]{_CODE}|\s*[-–]\s+{_CODE_CAPS}|\s+[-–]\s*{_CODE_CAPS})"
_NUM = r"\d{1,5}[a-z]?"  # "30a/2008/NQ-CP"
_YEAR = r"(?:19|20)\d{2}"
_SYMBOL_RE = re.compile(
    rf"(?:(?<![\w/.,\-])|(?<=[Ss]ố))(?:"  # "số347/TTr-CP": "số" glued to the number
    rf"{_NUM}\s*[-–]\s*{_CODE}\s*/\s*{_CODE}{_CONT}*"  # Party 04-NQ/HU
    rf"|{_NUM}\s*/\s*{_YEAR}\s*/\s*{_CODE}{_CONT}*"  # normative 27/2022/NĐ-CP
    rf"|{_NUM}\s*/\s*{_CODE}{_CONT}*"  # administrative / letter 90/QĐ-TTg, 1347/UBND
    rf"|\d{{1,5}}\s*/\s*{_YEAR}(?![\d/])"  # short normative 27/2022 (lead word required)
    rf"|\d{{1,5}}(?![\d/\-]|[.,]\d|\s*%|\w))"  # bare number (lead word required)
)

_TYPE_ALT = "|".join(re.escape(w) for w in sorted(DOC_TYPE_WORDS, key=len, reverse=True))
_ABBR_ALT = "|".join(re.escape(w) for w in sorted(TYPE_ABBREVIATIONS, key=len, reverse=True))
_SO = r"(?P<so>số\s*:?\s*)?"
_LEAD_TYPE_RE = re.compile(rf"(?<!\w)(?P<type>{_TYPE_ALT})(?:\s+(?:liên tịch|liên ngành))?\s*{_SO}$", re.IGNORECASE)
_LEAD_LAW_RE = re.compile(r"(?<!\w)(?P<type>Bộ luật|Luật|Pháp lệnh)\s+(?P<name>[^;:.()“”\"]{1,150}?)\s+"
                          r"(?P<so>số\s*:?\s*)$")
_NOT_IN_LAW_NAME_RE = re.compile(  # "Luật Đất đai quy định tại Nghị định số ...": the name ended earlier
    r"(?<!\w)(?:tại|theo|ngày|về)(?!\w)|(?<!\w)(?!Luật|Bộ luật)(?:" + _TYPE_ALT + r")(?!\w)")
_LEAD_ABBR_RE = re.compile(rf"(?<![\w/\-&])(?P<abbr>{_ABBR_ALT})\.?\s*{_SO}$")
_LEAD_LIST_BEFORE_RE = re.compile(
    rf"(?<!\w)(?:các\s+)?(?P<type>{_TYPE_ALT})(?P<rest>\s+[^:;.]{{0,160}}?)?\s*:\s*(?P<so>số\s*:?\s*)?$", re.IGNORECASE)
_LEAD_CONT_RE = re.compile(r"(?:[;,]|(?<!\w)(?:và|hoặc))\s*(?:các\s+)?(?P<so>số\s*:?\s*)?$")
_HEADER_SO_RE = re.compile(r"(?<!\w)Số\s*:?\s*$")
_FORM_BEFORE_RE = re.compile(r"(?<!\w)(?:mẫu|biểu|phụ lục|biểu mẫu|mẫu biểu)(?:\s+\w+)?\s*(?:số\s*)?$", re.IGNORECASE)
_LEAD_TYPE_OF_RE = re.compile(  # "Quyết định của UBND tỉnh số 12/QĐ-UBND"
    rf"(?<!\w)(?P<type>{_TYPE_ALT})\s+của\s+(?P<iss>[^;:.()]{{2,100}}?)\s+(?P<so>số\s*:?\s*)$", re.IGNORECASE)
_UNIT_AFTER_NUMBER_RE = re.compile(
    r"\s*(?:năm|tháng|ngày|lần|người|hộ|xã|bản|thôn|triệu|tỷ|đồng|ha|km|m|%|lượt|học sinh|trường|"
    r"công trình|dự án|tiêu chí|chỉ tiêu)(?!\w)", re.IGNORECASE)

_DATE_RES = (
    re.compile(r"ngày\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*((?:19|20)\d{2})(?!\d)", re.IGNORECASE),
    re.compile(r"ngày\s*(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})(?!\d)", re.IGNORECASE),
)
_CLAUSE_AFTER_TITLE = "|".join(re.escape(w) for w in TITLE_CLAUSE_BREAKS)
_CHAIN_AFTER_TITLE_RE = re.compile(
    r"[\s,]+(?:" + "|".join(re.escape(w) for w in TITLE_CHAIN_BREAKS) + r")(?!\w)", re.IGNORECASE)
_WEAK_TITLE_START_RE = re.compile(
    r"(?:" + "|".join(re.escape(w) for w in WEAK_TITLE_STARTS) + r")(?!\w)", re.IGNORECASE)
_TITLE_START_RE = re.compile(
    r"(?:" + "|".join(re.escape(w) for w in sorted(TITLE_STARTS, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)
_ISSUER_TOKEN_RE = re.compile(r"[^\s;,.:()“”\"!?]+|[;,.:()“”\"!?]")
_ROMAN_RE = re.compile(r"[IVXLC]+")
_TYPE_WORD_AT_RE = re.compile(rf"(?:{_TYPE_ALT})(?!\w)")  # case-sensitive: capitalised type word
_NO_TYPE_STOP_AFTER = frozenset({"Bộ", "Sở", "Phòng", "Ban", "Vụ", "Cục", "-", "–", "&"})


@dataclass
class _Anchor:
    """A symbol (or bare number) accepted as a citation, with what its lead-in said."""

    lead_start: int
    sym_start: int
    sym_end: int
    raw: str
    doc_type: str | None = None
    detail: str | None = None
    name: str | None = None
    shared_issuer: str | None = None
    chain_start: int = -1  # lead_start of the first citation sharing this lead-in

    def __post_init__(self) -> None:
        if self.chain_start < 0:
            self.chain_start = self.lead_start


@dataclass
class _Cite:
    anchor: _Anchor
    end: int  # end of symbol + date + issuer
    date: str | None = None
    issuer: str | None = None
    title: str | None = None
    title_span: tuple[int, int] | None = None
    issuer_after_comma: bool = False  # "số 99-TB/TW ngày ..., của Ban Bí thư": maybe the next act's issuer


# ---------------------------------------------------------------- lead-ins

def _lead_type(word: str) -> tuple[str | None, str | None, str]:
    """Type word as written -> (doc_type, detail, canonical word)."""
    for key, value in DOC_TYPE_WORDS.items():
        if key.lower() == word.lower():
            return value[0], value[1], key
    return None, None, word


def _accept_bare(type_word: str, has_so: bool, raw: str, text: str, end: int, abbr: bool) -> bool:
    """A bare number after a type word: "Đề án số 01", "Quyết định 880" — not "Báo cáo 01 năm"."""
    if type_word in TYPES_NEEDING_SYMBOL:
        return False
    if not has_so:
        allowed = ABBREVIATIONS_WITHOUT_SO if abbr else TYPES_WITHOUT_SO
        if type_word not in allowed:
            return False
        if re.match(r"[.)](?:\s+[A-ZĐÀ-Ỹ]|\s*$)", text[end:end + 3]):
            return False  # "Nguyên tắc áp dụng Nghị định 1. Các ...": a heading then a list number
        if len(raw) == 4 and 1945 <= int(raw) <= 2099:
            return False  # "Kế hoạch 2024" is a year
    return not _UNIT_AFTER_NUMBER_RE.match(text, end)


def _law_name_ok(name: str) -> bool:
    """"Bảo vệ và phát triển rừng" is a law's name; "Đất đai quy định tại Nghị định" is not. Only an
    amending law names other laws ("sửa đổi, bổ sung một số điều của Luật ...")."""
    if name.startswith("sửa đổi"):
        return not re.search(r"(?<!\w)(?:tại|theo|ngày)(?!\w)", name)
    return not _NOT_IN_LAW_NAME_RE.search(name) and not re.search(r"(?<!\w)(?:của|Luật)(?!\w)", name)


def _find_anchors(text: str) -> list[_Anchor]:
    """Every symbol or bare number that a lead-in (or its own type code) makes a citation."""
    anchors: list[_Anchor] = []
    for m in _SYMBOL_RE.finditer(text):
        anchor = _read_lead(text, m.start(), m.end(), anchors)
        if anchor is not None:
            anchors.append(anchor)
    if anchors:
        _share_list_issuers(text, anchors)
    return anchors


def _read_lead(text: str, start: int, end: int, anchors: list[_Anchor]) -> _Anchor | None:
    """What stands before the symbol decides whether it is a citation and of which type: a type word
    ("Quyết định số"), a law's name ("Luật Ngân sách nhà nước số"), an abbreviation ("QĐ"), a list
    lead-in ("Quyết định của Thủ tướng Chính phủ: số"), the previous citation of a list ("; số"), or
    nothing at all for a full symbol that names its own type ("theo 90/QĐ-TTg")."""
    raw = text[start:end]
    before = text[max(0, start - 200):start]
    offset = start - len(before)
    parts = parse_symbol(raw)
    shape = parts.kind
    is_full = shape not in ("bare", "short")

    law = _LEAD_LAW_RE.search(before)
    if law and is_full and _law_name_ok(law.group("name")):
        return _Anchor(offset + law.start(), start, end, raw, law.group("type"),
                       name=f"{law.group('type')} {law.group('name').strip()}")

    lead = _LEAD_TYPE_RE.search(before) or _LEAD_TYPE_OF_RE.search(before)
    if lead:
        if lead.group("type").isupper():
            return None  # "KẾ HOẠCH Số: 133/KH-UBND" is a document header, not a citation
        doc_type, detail, word = _lead_type(lead.group("type"))
        if word == "Luật" and not lead.group("type")[0].isupper():
            lead = None  # "pháp luật số ...": not a lead-in
    if lead:
        if not (is_full or (shape == "short" and doc_type) or (
                shape == "bare" and doc_type and _accept_bare(word, bool(lead.group("so")), raw, text, end, False))):
            return None
        anchor = _Anchor(offset + lead.start(), start, end, raw, doc_type, detail)
        if "iss" in lead.groupdict():  # "Quyết định của UBND tỉnh số 12/QĐ-UBND"
            parsed = _parse_issuer(lead.group("iss"), 0)
            if not parsed or parsed[1] < len(lead.group("iss")):
                return None
            anchor.shared_issuer = parsed[0]
        return anchor

    abbr = _LEAD_ABBR_RE.search(before)
    if abbr:
        doc_type, detail = TYPE_ABBREVIATIONS[abbr.group("abbr")]
        if is_full or shape == "short" or _accept_bare(abbr.group("abbr"), bool(abbr.group("so")), raw, text, end,
                                                       True):
            return _Anchor(offset + abbr.start(), start, end, raw, doc_type, detail)
        return None

    listed = _LEAD_LIST_BEFORE_RE.search(before)
    is_list, list_issuer = _list_issuer(listed) if listed else (False, None)
    if listed and is_list:
        doc_type, detail, word = _lead_type(listed.group("type"))
        if doc_type and (is_full or (listed.group("so") and word not in TYPES_NEEDING_SYMBOL and shape == "bare")):
            return _Anchor(offset + listed.start(), start, end, raw, doc_type, detail, shared_issuer=list_issuer)

    cont = _LEAD_CONT_RE.search(before)
    if cont and anchors and (is_full or cont.group("so")):
        prev = anchors[-1]
        between = text[prev.sym_end:start]
        # a bare number continues only a list of bare numbers: "Quyết định số 12, số 13 của ..."
        bare_ok = is_full or (parse_symbol(prev.raw).kind == shape and
                              re.fullmatch(r"[\s,]*(?:và|hoặc)?\s*(?:số\s*)?", between))
        if bare_ok and not re.search(r"\.\s+[A-ZĐÀ-Ỹ]|\n", between):
            lead_start = offset + cont.start("so") if cont.group("so") else start
            anchor = _Anchor(lead_start, start, end, raw, prev.doc_type, prev.detail,
                             shared_issuer=prev.shared_issuer, chain_start=prev.chain_start)
            if parts.type_name and parts.type_name != prev.doc_type:
                anchor.doc_type, anchor.detail = None, None  # "...; 90/QĐ-TTg" after a Nghị quyết
            return anchor

    if shape in ("normative", "law", "administrative", "party") and parts.type_name and parts.issuer_codes \
            and not _HEADER_SO_RE.search(before) and not _FORM_BEFORE_RE.search(before):
        return _Anchor(start, start, end, raw)  # a full symbol alone: "theo 90/QĐ-TTg"
    return None


_LIST_LEAD_RE = re.compile(rf"(?<!\w)(?:các\s+)?(?P<type>{_TYPE_ALT})(?P<rest>\s+[^:;.]{{2,160}}?)\s*:", re.IGNORECASE)


def _share_list_issuers(text: str, anchors: list[_Anchor]) -> None:
    """"các Kế hoạch đã được UBND huyện ban hành như: Kế hoạch số ...; Kế hoạch số ...": the issuer
    of the lead-in belongs to every citation of its list (up to the end of the sentence)."""
    for group in _LIST_LEAD_RE.finditer(text):
        issuer = _list_issuer(group)[1]
        if not issuer:
            continue
        doc_type = _lead_type(group.group("type"))[0]
        sentence_end = re.search(r"\.\s+[A-ZĐÀ-Ỹ]|\n|$", text[group.end():])
        stop = group.end() + sentence_end.start()
        for anchor in anchors:
            if group.end() <= anchor.lead_start < stop and anchor.shared_issuer is None and \
                    anchor.doc_type in (doc_type, None):
                anchor.shared_issuer = issuer


def _list_issuer(lead: re.Match) -> tuple[bool, str | None]:
    """(is a list lead-in, the issuer it names): "Quyết định của Thủ tướng Chính phủ:" -> (True, "Thủ
    tướng Chính phủ"); "các Quyết định:" -> (True, None); "Kế hoạch thực hiện năm 2024:" -> (False, None)."""
    rest = (lead.group("rest") or "").strip()
    if not rest:
        return True, None
    m = re.fullmatch(r"của\s+(.+)", rest) or re.fullmatch(
        r"(?:đã\s+)?(?:được|do)\s+(.+?)\s+ban hành(?:\s+như)?", rest)
    parsed = _parse_issuer(m.group(1), 0) if m else None
    if not parsed or parsed[1] < len(m.group(1).rstrip()):  # type: ignore[union-attr]
        return False, None
    return True, parsed[0]


# ---------------------------------------------------------------- issuer, date, title

_CONNECTORS = frozenset({"-", "–", "&", "và"})
_NATIONAL_NAME_RE = re.compile(  # "Bộ Ngoại giao", "Bộ trưởng Bộ Tài chính": read whole, not word by word
    r"(?:(?:Bộ trưởng|Thứ trưởng|Chủ nhiệm|Tổng Giám đốc|Thống đốc)\s+)?(?:"
    + "|".join(re.escape(n) for n in sorted(set(ISSUER_CODES.values()), key=len, reverse=True)) + r")(?!\w)")


def _parse_issuer(text: str, pos: int) -> tuple[str, int] | None:
    """The agency phrase starting at `pos` ("Huyện ủy Phong Thổ", "Sở Lao động - Thương binh và Xã hội
    tỉnh Điện Biên"). Agency names are capitalised words, abbreviations and a closed set of lower-case
    syllables ("Thủ tướng Chính phủ", "Ủy ban nhân dân"), then an optional place ("tỉnh Lai Châu"); the
    phrase stops at punctuation, at a title word ("về", "quy định") and at any other word."""
    national = _NATIONAL_NAME_RE.match(text, pos)
    tokens = [(m.group(0), m.start(), m.end()) for m in _ISSUER_TOKEN_RE.finditer(text, national.end() if national
                                                                                    else pos)]
    kept: list[tuple[str, int, int]] = [(national.group(0), pos, national.end())] if national else []
    place = "none"  # "none" -> "open" after tỉnh/huyện/xã ... -> "named" once the place name is read
    for i, (tok, start, end) in enumerate(tokens):
        if not kept and not (tok[0].isupper() and tok[0].isalpha()):
            return None
        if kept and _ends_issuer(text, tok, start, kept[-1][0]):
            break
        low = tok.lower()
        if tok in _CONNECTORS:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if place == "named" or nxt is None or not (nxt[0][0].isupper() or nxt[0] in AGENCY_SYLLABLES):
                break
        elif not tok[0].isalnum():
            break
        elif tok[0].isupper() or _ROMAN_RE.fullmatch(tok):
            if place == "open":
                place = "named"
        elif low in LOCALITY_WORDS and place != "named":
            place = "open"
        elif low not in ("khóa", "khoá") and not (low in AGENCY_SYLLABLES and place == "none"):
            break
        kept.append((tok, start, end))
    while kept and (kept[-1][0] in _CONNECTORS or kept[-1][0].lower() in ("khóa", "khoá", "thị", "thành")):
        kept.pop()
    if not kept:
        return None
    return text[kept[0][1]:kept[-1][2]], kept[-1][2]


def _joint_issuers(text: str, first: str, end: int) -> tuple[str, int]:
    """A joint document (several issuer codes: "05/2013/TTLT-UBDT-NNPTNT-KHĐT") names all its issuers:
    "của Ủy ban Dân tộc, Bộ Nông nghiệp và Phát triển nông thôn, Bộ Kế hoạch và Đầu tư"."""
    names = [first]
    while True:
        m = re.match(r"\s*(?:,|và)\s*", text[end:])
        if not m:
            break
        parsed = _parse_issuer(text, end + m.end())
        if not parsed or not re.match(
                r"(?:Bộ|Ủy ban|Uỷ ban|Ngân hàng|Thanh tra|Kiểm toán|Tòa án|Viện|Ban Bí thư|Ban Chấp hành)\b", parsed[0]):
            break
        names.append(parsed[0])
        end = parsed[1]
    return ", ".join(names), end


def _ends_issuer(text: str, tok: str, start: int, prev: str) -> bool:
    """A title word ("về", "Quy định") or a capitalised type word ("và Quyết định 30/...") ends the issuer;
    "Bộ Kế hoạch và Đầu tư", "Ban Chấp hành" and "Phòng Tài chính - Kế hoạch" do not."""
    if prev in _NO_TYPE_STOP_AFTER:
        return False
    if _TITLE_START_RE.match(text, start):
        return True
    return tok[0].isupper() and bool(_TYPE_WORD_AT_RE.match(text, start))


def _parse_date(text: str, pos: int) -> tuple[str, int] | None:
    for rx in _DATE_RES:
        m = rx.match(text, pos)
        if m:
            day, month, year = (int(g) for g in m.groups())
            if 1 <= day <= 31 and 1 <= month <= 12:
                return f"{year:04d}-{month:02d}-{day:02d}", m.end()
    return None


def _skip(text: str, pos: int, chars: str = " \t,") -> int:
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


def _title_end(text: str, start: int) -> int:
    """Where a title ends: ";" (unless "; giai đoạn ..." continues it), a sentence end, ":", a comma
    before a new clause (", qua đó ..."), the close of a quoted name, or a bracketed aside."""
    limit = min(len(text), start + MAX_TITLE_CHARS)
    chain = _CHAIN_AFTER_TITLE_RE.search(text, start, limit)
    if chain:
        limit = chain.start()
    in_quote = False
    pos = start
    while pos < limit:
        ch = text[pos]
        if ch == "“":
            in_quote = True
        elif ch == "”":
            return pos + 1  # "về triển khai thực hiện “Đề án ...” và các văn bản khác"
        elif in_quote:
            pass
        elif ch == ";":
            nxt = text[pos + 1:pos + 40].lstrip().lower()
            if not nxt.startswith(TITLE_CONTINUATIONS):
                return pos
        elif ch == "." and (pos + 1 >= len(text) or text[pos + 1].isspace()) or ch == ":" or ch == "\n" or ch == "," and re.match(rf",\s*(?:{_CLAUSE_AFTER_TITLE})(?!\w)", text[pos:pos + 20], re.IGNORECASE):
            return pos
        elif ch == "(":
            return pos  # "(sau đây gọi tắt là ...)", "(hiệu lực từ ngày ...)": an aside, not the title
        pos += 1
    return limit


def _parse_tail(text: str, anchor: _Anchor) -> _Cite:
    """Date, issuer and title after the symbol, in either order ("ngày ... của ..." / "của ... ngày ...")."""
    cite = _Cite(anchor, anchor.sym_end)
    pos = _skip(text, anchor.sym_end)
    for _ in range(2):
        date = None if cite.date else _parse_date(text, pos)
        if date:
            cite.date, cite.end = date
            pos = _skip(text, cite.end)
            continue
        if not cite.issuer and re.match(r"(?:của|do)\s+", text[pos:pos + 8]):
            issuer_pos = _skip(text, pos + text[pos:pos + 8].index(" "), " \t")
            parsed = _parse_issuer(text, issuer_pos)
            sym = parse_symbol(anchor.raw)
            if parsed and (len(sym.issuer_codes) > 1 or (sym.kind == "party" and sym.issuer_codes == ("TW",))):
                parsed = _joint_issuers(text, *parsed)
            if parsed:
                cite.issuer_after_comma = "," in text[cite.end:pos]
                cite.issuer, cite.end = parsed
                issued = re.match(r"\s+ban hành(?!\w)", text[cite.end:]) if text.startswith("do", pos) else None
                cite.end += issued.end() if issued else 0  # "do UBND tỉnh ban hành ngày ..."
                pos = _skip(text, cite.end)
                continue
        break
    # title
    pos = _skip(text, cite.end)
    title_start = None
    if text.startswith("(", pos):
        close = text.find(")", pos)
        inner = text[pos + 1:close] if close > 0 else ""
        if close > 0 and len(inner) >= 12 and inner[:1].isupper() and not inner.lower().startswith("sau đây"):
            cite.title = inner.strip()
            cite.title_span = (pos + 1, close)
            return cite
    elif text[pos:pos + 1] in "“\"" or (_TITLE_START_RE.match(text, pos) and (
            cite.issuer or not _WEAK_TITLE_START_RE.match(text, pos))):
        title_start = pos  # "... 747/QĐ-UBND thực hiện Chương trình ...": a verb, not a title
    if title_start is not None:
        end = _title_end(text, title_start)
        title = re.sub(r"[\s,]+(?:cụ thể )?như sau$", "", text[title_start:end].strip(" ,;"))
        if len(title) > 3:
            cite.title = title
            cite.title_span = (title_start, title_start + len(title))
    return cite


def _pre_issuer(text: str, lead_start: int) -> str | None:
    """"của Bộ Nông nghiệp và PTNT tại Quyết định số ...": the issuer named just before the citation."""
    window_start = max(0, lead_start - 160)
    window = text[window_start:lead_start]
    if not re.search(r"(?<!\w)tại\s*$", window):
        return None
    for m in reversed(list(re.finditer(r"(?<!\w)(?:của|do|được)\s+", window))):
        parsed = _parse_issuer(text, window_start + m.end())
        if not parsed:
            continue
        rest = text[parsed[1]:lead_start]
        if re.fullmatch(r"\s*(?:[a-zà-ỹđ]+\s+){0,2}tại\s*", rest):
            return parsed[0]
    return None


# ---------------------------------------------------------------- unnumbered citations

_LAW_NAME_RE = re.compile(r"(?<![\w])(?<!pháp )(?<!Pháp )(?P<type>Bộ luật|Luật|Pháp lệnh)\s+"
                          r"(?=[A-ZĐÀ-Ỹ]|sửa đổi)")
_NQ_NAME_RE = re.compile(r"(?<!\w)(?<!các )Nghị quyết\s+(?=về\s|Đại hội|Hội nghị)")
_DEAN_NAME_RE = re.compile(r"(?<!\w)(?P<type>[Đđ]ề án)\s+(?=[\wÀ-ỹ])")
_PERIOD_RE = re.compile(
    r",?\s*giai đoạn\s*\d{4}\s*[-–]\s*\d{4}(?:\s*,?\s*(?:định hướng|tầm nhìn)\s+(?:đến\s+)?năm\s+\d{4})?", re.IGNORECASE)
_NAME_STOP_RE = re.compile(
    r"\s+(?:(?:dự kiến|khoảng|theo|nhằm|để|thì|đã|được|tại|trong đó|là|và các|hiện hành|có liên quan|"
    r"đưa|gồm|do|của|với tổng)(?!\w)|(?:số|ngày)\s*\d|và (?=Đề án|Nghị quyết|Luật|Kế hoạch|Quyết định))", re.IGNORECASE)
_GENERIC_BEFORE_DEAN_RE = re.compile(
    r"(?:(?<!\w)(?:các|những|mỗi|từng|nghị quyết|chương trình|chính sách|kế hoạch|dự án)|,)\s*$", re.IGNORECASE)
_DRAFTING_BEFORE_RE = re.compile(  # "xây dựng Đề án ...": a document still to be written
    r"(?<!\w)(?:xây dựng|lập|nghiên cứu|đề xuất|soạn thảo|dự thảo|tham mưu)\s*$", re.IGNORECASE)
_DEAN_BAD_FIRST = frozenset({"này", "đó", "trên", "của", "đã", "được", "và", "số", "nêu", "đề", "sẽ", "cấp"})


_NAME_PUNCT_RE = re.compile(r"[;.:()“”\"\n]")


def _name_end(text: str, start: int) -> int:
    """End of a document name: after its period ("giai đoạn 2021-2025"), else at punctuation or a word
    that starts the rest of the sentence. A comma continues a name only inside a short list of nouns
    ("khu sản xuất nông, lâm nghiệp, hàng hóa tập trung")."""
    limit = min(len(text), start + 300)
    stop = _NAME_STOP_RE.search(text, start, limit)
    hard_limit = stop.start() if stop else limit
    strong = _NAME_PUNCT_RE.search(text, start, hard_limit)
    end = strong.start() if strong else hard_limit
    pos = start
    while (comma := text.find(",", pos, end)) >= 0:
        nxt = re.match(r",\s*([^,;.:()“”\"\n]*)", text[comma:end])
        words = (nxt.group(1) if nxt else "").split()
        if not words or len(words) > 4 or not words[0][0].islower() or _PERIOD_RE.match(" ".join(words)):
            end = comma
            break
        pos = comma + 1
    period = _PERIOD_RE.search(text, start, limit)
    if period and period.start() <= end + 2:
        end = period.end()
    return end


def _unnumbered(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str, str, str | None, int | None]]:
    """(start, end, doc_type, name, title, year) for documents cited by name only."""
    out = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _LAW_NAME_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        amending = text.startswith("sửa đổi", m.end())
        if amending:  # "Luật sửa đổi, bổ sung một số điều của Luật A và Luật B ngày ...": one name
            stop = re.compile(r"[;.:()\n]|\s(?:ngày|số)\s*\d").search(text, m.end())
            end = stop.start() if stop else len(text)
        else:
            end = _name_end(text, m.end())
            vand = re.search(r"\s+và\s+", text[m.end():end])
            if vand:
                end = m.end() + vand.start()
        year = None
        ym = re.match(r"\s+năm\s+((?:19|20)\d{2})(?!\d)", text[end:])
        if ym:
            year = int(ym.group(1))
            end += ym.end()
        name = text[m.start():end].strip()
        if len(name.split()) >= 2 and free(m.start(), end):
            out.append((m.start(), end, m.group("type"), name, None, year))
            taken.append((m.start(), end))
    for m in _NQ_NAME_RE.finditer(text):
        if text.startswith("về", m.end()):
            end = _title_end(text, m.end())
            title = text[m.end():end].strip(" ,;")
        else:
            end = _name_end(text, m.end())
            title = None
        name = text[m.start():end].strip(" ,;")
        if len(name.split()) >= 4 and free(m.start(), end):
            out.append((m.start(), m.start() + len(name), "Nghị quyết", name, title, None))
            taken.append((m.start(), end))
    for m in _DEAN_NAME_RE.finditer(text):
        before = text[max(0, m.start() - 30):m.start()]
        if _GENERIC_BEFORE_DEAN_RE.search(before) or _DRAFTING_BEFORE_RE.search(before):
            continue
        first = re.match(r"[\wÀ-ỹ]+", text[m.end():])
        if not first or first.group(0).lower() in _DEAN_BAD_FIRST or first.group(0).isdigit():
            continue
        end = _name_end(text, m.end())
        name = text[m.start():end].strip(" ,;")
        words = name.split()
        if len(words) >= 5 and free(m.start(), end):
            out.append((m.start(), m.start() + len(name), "Đề án", name, None, None))
            taken.append((m.start(), end))
    return out


# ---------------------------------------------------------------- public API

def _evidence(text: str, start: int, end: int) -> str:
    if len(text) <= MAX_TEXT_CHARS:
        return text
    left = max((m.end() for m in re.finditer(r"[.!?]\s+|\n", text[:start])), default=0)
    right_m = re.search(r"[.!?](?:\s|$)|\n", text[end:])
    right = end + right_m.end() if right_m else len(text)
    if right - left > MAX_TEXT_CHARS:  # a run-on "sentence": cut at semicolons around the citation
        left = max([left] + [m.end() for m in re.finditer(r";\s*", text[:start])])
        semi = re.search(r";", text[end:])
        right = min(right, end + semi.end()) if semi else right
        if right - left > MAX_TEXT_CHARS:
            left, right = max(left, start - 600), min(right, end + 600)
    return text[left:right].strip()


def find_references(text: str, ctx: ClauseContext) -> list[Reference]:
    """Every citation in one clause, in text order. Spans are relative to `text`."""
    original = unicodedata.normalize("NFC", text)
    text = latin_lookalikes(original)  # same length: spans read on `text` hold for `original`
    anchors = _find_anchors(text)
    cites: list[_Cite] = []
    for i, anchor in enumerate(anchors):
        next_lead = anchors[i + 1].lead_start if i + 1 < len(anchors) else len(text)
        cite = _parse_tail(text, anchor)
        if cite.title_span and cite.title_span[1] > next_lead:
            # the title runs into the next citation: stop there unless that one is named inside it
            gap = text[cite.title_span[0]:next_lead]
            if re.search(r"(?:[;,]|(?<!\w)và|(?<!\w)hoặc)\s*$", gap):
                title = gap.rstrip(" ;,").removesuffix(" và").removesuffix(" hoặc").rstrip(" ;,")
                cite.title = title or None
                cite.title_span = (cite.title_span[0], cite.title_span[0] + len(title)) if title else None
        cites.append(cite)

    for i in range(len(cites) - 2, -1, -1):
        # "số 1719/QĐ-TTg, 90/QĐ-TTg và 263/QĐ-TTg của Thủ tướng ...", "Nghị quyết số 15/... ngày ... và
        # Nghị quyết số 20/... ngày ... của HĐND tỉnh": a trailing issuer belongs to the whole list
        cite, nxt = cites[i], cites[i + 1]
        gap = text[cite.end:nxt.anchor.lead_start]
        codes = {parse_symbol(c.anchor.raw).issuer_codes[:1] for c in (cite, nxt)} - {()}
        if not (cite.issuer or cite.title) and nxt.issuer and len(codes) <= 1 and (
                re.fullmatch(r"\s*(?:,|và|hoặc)\s*", gap) or (not cite.date and re.fullmatch(r"\s*;\s*", gap))):
            cite.issuer = nxt.issuer
        if not (cite.date or cite.issuer or cite.title) and nxt.date and codes and len(codes) == 1 and \
                re.fullmatch(r"\s*và\s*", gap):
            cite.date = nxt.date  # "Tờ trình số 347/TTr-CP và Đề án số 348/ĐA-CP ngày 09 tháng 5 năm 2025"
    title_spans = [(c.title_span, c) for c in cites if c.title_span]
    refs: list[tuple[int, Reference]] = []
    prev_end = -1  # where the previous citation (with its title) ends
    for cite in cites:
        a = cite.anchor
        nested = any(s[0] <= a.lead_start < s[1] for s, owner in title_spans if owner is not cite)
        parts = parse_symbol(a.raw)
        symbol = normalise_symbol(a.raw)
        doc_type, detail = a.doc_type, a.detail
        if doc_type is None or (parts.type_code and parts.type_name != doc_type and text[a.lead_start].islower()):
            # no type word, or a lower-case one the symbol contradicts ("các Thông báo kết luận số
            # 49/TB-VPCP": a Thông báo): the symbol's own type code says it
            doc_type, detail = parts.type_name, parts.type_detail
        elif parts.type_detail and parts.type_name == doc_type:
            detail = detail or parts.type_detail
        pre_issuer = _pre_issuer(text, a.lead_start)
        if pre_issuer and cite.issuer_after_comma:
            issuer = pre_issuer  # "của Bộ Chính trị tại thông báo số ..., của Ban Bí thư tại văn bản số ..."
        else:
            issuer = cite.issuer or a.shared_issuer or pre_issuer or parts.issuer
        year = parts.year or (int(cite.date[:4]) if cite.date else None)
        name = a.name
        if cite.title and doc_type and cite.title.lower().startswith(doc_type.lower()):
            name = name or cite.title
        after = max(cite.end, cite.title_span[1] if cite.title_span else 0)
        lead = min(a.chain_start, a.lead_start)
        relation = relation_of(text, lead, after, ctx, nested=nested, cited_type=doc_type)
        prev = refs[-1][1] if refs else None
        if relation == "mention" and not nested and prev is not None and prev.relation in VERB_RELATIONS \
                and continues_list(text[prev_end:a.lead_start]):
            relation = prev.relation  # "thực hiện Kết luận số ... và Nghị quyết số ...": one verb, a list
        provisions = changed_provisions(text, lead) if relation in CHANGE_RELATIONS else None
        if not nested:
            prev_end = after
        refs.append((a.lead_start, Reference(
            text=_evidence(original, a.lead_start, cite.end), clause_id=ctx.clause_id,
            span=(a.lead_start, cite.end), relation=relation, symbol=symbol, number=parts.number,
            year=year, doc_type=doc_type, doc_type_detail=detail, issuer=issuer, date=cite.date,
            title=cite.title, name=name, as_written=original[a.lead_start:cite.end], provisions=provisions)))

    taken = [(c.anchor.lead_start, c.end) for c in cites] + [s for s, _ in title_spans]
    for start, end, doc_type, name, title, year in _unnumbered(text, taken):
        date = None
        date_m = re.match(r"\s*,?\s*", text[end:])
        parsed = _parse_date(text, end + (date_m.end() if date_m else 0))
        cite_end = end
        if parsed:
            date, cite_end = parsed
            year = year or int(date[:4])
        relation = relation_of(text, start, cite_end, ctx, nested=False, cited_type=doc_type)
        refs.append((start, Reference(
            text=_evidence(original, start, cite_end), clause_id=ctx.clause_id, span=(start, cite_end),
            relation=relation, doc_type=doc_type, name=name, title=title, year=year, date=date,
            as_written=original[start:cite_end])))
    return [r for _, r in sorted(refs, key=lambda x: x[0])]


def _symbol_key(symbol: str | None) -> str | None:
    """Spelling-blind key of a symbol ("90/QĐ-TTg" and "90/QD-TTG" are one document)."""
    return re.sub(r"\s+", "", fold(symbol)) if symbol else None


def _same_number(a: str | None, b: str | None) -> bool:
    """ "04" and "4" are one number."""
    return bool(a and b) and a.lstrip("0") == b.lstrip("0")  # type: ignore[union-attr]


def _more_specific(a: str | None, b: str | None) -> str | None:
    """Of two spellings of one issuer, the one that extends the other ("Huyện ủy Phong Thổ" over
    "Huyện ủy"); otherwise the first one read."""
    if not a or not b:
        return a or b
    return b if len(b) > len(a) and _symbol_key(b).startswith(_symbol_key(a)) else a  # type: ignore[union-attr]


def _complete_short_form(ref: Reference, full: list[Reference]) -> Reference:
    """"Quyết định 880" -> 880/QĐ-TTg when exactly one full citation of that type and number exists."""
    parts = parse_symbol(ref.symbol or "")
    if parts.kind not in ("bare", "short"):
        return ref
    matches = {_symbol_key(f.symbol): f for f in full
               if _same_number(f.number, parts.number) and f.doc_type == ref.doc_type
               and (parts.year is None or f.year == parts.year)
               and (ref.date is None or f.date in (None, ref.date))}
    if len(matches) != 1:
        return ref
    match = next(iter(matches.values()))
    return replace(ref, symbol=match.symbol, year=ref.year or match.year)


def _same_document_groups(refs: list[Reference]) -> list[list[int]]:
    """Indices of the occurrences of one document: same symbol, and no two different dates (an
    administrative number restarts every year, so "12/KH-UBND" of 2022 and of 2024 are two plans). A
    symbol with its year ("163/2024/QH15") is one act whatever dates the text gives it."""
    groups: list[tuple[str, list[int]]] = []
    for i, ref in enumerate(refs):
        key = _symbol_key(ref.symbol)
        if key is None:
            continue
        dated_symbol = parse_symbol(ref.symbol or "").year is not None  # 27/2022/NĐ-CP: the year is in it
        for gkey, members in groups:
            dates = {refs[j].date for j in members if refs[j].date}
            if gkey == key and (dated_symbol or ref.date is None or not dates or dates == {ref.date}):
                members.append(i)
                break
        else:
            groups.append((key, [i]))
    return [members for _, members in groups]


def _date_contradicts(ref: Reference) -> bool:
    year = parse_symbol(ref.symbol or "").year
    return bool(year and ref.date and not ref.date.startswith(str(year)))


def resolve_references(refs: list[Reference]) -> list[Reference]:
    """Document-level pass: complete short forms ("Quyết định 880", "Nghị quyết số 04") from the full
    citation of the same type and number, and give every occurrence of one document the same symbol,
    type, issuer, date and title. Every occurrence is kept: each is a fact with its own provenance."""
    full = [r for r in refs if r.symbol and parse_symbol(r.symbol).kind not in ("bare", "short")]
    out = [_complete_short_form(r, full) if r.symbol else r for r in refs]
    for members in _same_document_groups(out):
        rs = [out[j] for j in members]
        types = [r.doc_type for r in rs if r.doc_type]
        doc_type = max(types, key=types.count) if types else None
        issuer = None
        for r in rs:
            issuer = _more_specific(issuer, r.issuer)
        # the title read next to a date and an issuer is the most reliable one
        titled = sorted((r for r in rs if r.title), key=lambda r: (not r.date, not r.issuer, -len(r.title or "")))
        shared = dict(
            symbol=rs[0].symbol, doc_type=doc_type, issuer=issuer,
            doc_type_detail=next((r.doc_type_detail for r in rs if r.doc_type_detail and r.doc_type == doc_type), None),
            # a normative symbol carries its year: a date of another year is a typo of the text
            date=next((r.date for r in sorted(rs, key=lambda r: _date_contradicts(r)) if r.date), None),
            year=next((r.year for r in rs if r.year), None),
            title=titled[0].title if titled else None,
        )
        name = next((r.name for r in rs if r.name), None)
        for j in members:
            out[j] = replace(out[j], name=out[j].name or name, **shared)
    return out
