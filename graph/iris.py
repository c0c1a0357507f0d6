"""Stable IRIs minted from content, so that two plans citing the same decision meet on one node.

Rules (documented in docs/graph.md):
- document: `doc/{issuer}/{type}/{year}/{number}`. Administrative numbers restart every year
  (`90/QĐ-TTg`), so the year is part of the key; the issuer is the symbol's issuer code, qualified by
  the locality named in the issuer ("UBND tỉnh Lai Châu" -> `ubnd-tinh-lai-chau`) because every
  province and district has its own `UBND`.
  Without a year: `doc/{issuer}/{type}/undated/{number}`. Without a symbol: corpus documents
  `doc/corpus/{doc_id}`, cited documents `doc/named/{slug of the name}`.
- agency: `agency/{locality}/{slug of canonical name}` and its shared type `agency-type/{kind}`.
- place: `place/code/{official code}` when the gazetteer knows it, else
  `place/{parent}/{level}-{name}` (or `place/{level}-{name}` at the top).
- clause / section: their ids (`clause/{doc_id}/{path}.p{n}`).
- facts (citation, assignment, target, budget, mention): `{kind}/{doc_id}/{hash of what they say}`.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import URIRef

from graph.slug import slug
from graph.vocab import GRAPH_BASE, ID
from ingest.vocab.admin import LEVEL_WORDS, expand_abbreviations, level_of, locality_of

_MAX_SLUG = 90

# Type codes of Decree 30/2020 and the normative acts, by their folded upper-case spelling.
_TYPE_CODES: dict[str, str] = {
    "NQ": "nq", "QD": "qd", "CT": "ct", "QC": "qc", "QYD": "qyd", "TB": "tb", "HD": "hd",
    "CTR": "ctr", "KH": "kh", "PA": "pa", "BC": "bc", "TTR": "ttr", "CD": "cd", "ND": "nd",
    "TT": "tt", "TTLT": "ttlt", "VBHN": "vbhn", "QDLT": "qdlt", "NQLT": "nqlt",
    "KL": "kl", "CV": "cv", "TC": "tc",
}
# "ĐA" (đề án) and "DA" (dự án) fold alike: tell them apart before folding.
_TYPE_CODES_UNFOLDED: dict[str, str] = {"ĐA": "dean", "DA": "duan"}

# Document type names -> the same keys, so "Quyết định số 90" and "90/QĐ-TTg" agree.
_TYPE_NAMES: dict[str, str] = {
    "nghi-quyet": "nq", "quyet-dinh": "qd", "chi-thi": "ct", "quy-che": "qc", "quy-dinh": "qyd",
    "thong-bao": "tb", "huong-dan": "hd", "chuong-trinh": "ctr", "ke-hoach": "kh",
    "phuong-an": "pa", "de-an": "dean", "du-an": "duan", "bao-cao": "bc", "to-trinh": "ttr",
    "cong-dien": "cd", "nghi-dinh": "nd", "thong-tu": "tt", "thong-tu-lien-tich": "ttlt",
    "van-ban-hop-nhat": "vbhn", "luat": "luat", "bo-luat": "bluat", "phap-lenh": "pl",
    "hien-phap": "hp", "cong-van": "cv", "ket-luan": "kl", "nghi-quyet-lien-tich": "nqlt",
}



@dataclass(frozen=True)
class SymbolParts:
    number: str
    year: int | None = None
    type_code: str | None = None  # key: "qd"
    issuer_code: str | None = None  # as written: "TTg", "UBND", "SLĐTBXH-BTXH"


def _clean_symbol(symbol: str) -> str:
    symbol = unicodedata.normalize("NFC", symbol)
    symbol = re.sub(r"[\u2010-\u2015\u2212]", "-", symbol)
    return re.sub(r"\s+", "", symbol)


def _type_key_from_code(code: str) -> str | None:
    if code.upper() in _TYPE_CODES_UNFOLDED:
        return _TYPE_CODES_UNFOLDED[code.upper()]
    return _TYPE_CODES.get(slug(code, expand=False).upper().replace("-", ""))


def type_key(doc_type: str | None = None, type_code: str | None = None) -> str:
    """Key of a document type: from the symbol's code, else from the type name, else 'vb'."""
    if type_code:
        return type_code
    if doc_type:
        key = slug(doc_type)
        return _TYPE_NAMES.get(key, key)
    return "vb"


def parse_symbol(symbol: str | None) -> SymbolParts | None:
    """Number, year, type key and issuer of a symbol, for minting IRIs.

    The symbol grammar itself is the extractor's (`ingest.extract.references.parse_symbol`); this only
    turns its parts into IRI keys ("QĐ" -> "qd", ("SLĐTBXH", "BTXH") -> "SLĐTBXH-BTXH").
    """
    from ingest.extract.references import parse_symbol as parse_legal_symbol

    if not symbol:
        return None
    raw = _clean_symbol(symbol)
    parts = parse_legal_symbol(raw)
    if parts is None or not parts.number or not re.fullmatch(r"\d+[A-Za-z]?", parts.number):
        return None
    number = parts.number.lstrip("0") or "0"
    code = _type_key_from_code(parts.type_code) if parts.type_code else None
    issuer = "-".join(_as_written(c, raw) for c in parts.issuer_codes) or None
    if parts.type_code and not code:  # a code this scheme does not know stays part of the issuer, as written
        issuer = "-".join(x for x in (parts.type_code, issuer) if x)
    return SymbolParts(number, parts.year, code, issuer)


def _as_written(code: str, raw: str) -> str:
    """The issuer code with the casing the symbol used ("TTG" stays "TTG"; keys are folded later)."""
    m = re.search(re.escape(code), raw, re.IGNORECASE)
    return m.group() if m else code


# Generic names of issuing bodies and the code their symbols carry (Decree 30/2020 conventions).
_BODY_CODES: tuple[tuple[str, str], ...] = (
    ("uy-ban-thuong-vu-quoc-hoi", "UBTVQH"),
    ("thu-tuong-chinh-phu", "TTg"),
    ("thu-tuong", "TTg"),
    ("van-phong-chinh-phu", "VPCP"),
    ("chinh-phu", "CP"),
    ("quoc-hoi", "QH"),
    ("uy-ban-nhan-dan", "UBND"),
    ("hoi-dong-nhan-dan", "HĐND"),
    ("ban-chap-hanh-trung-uong", "TW"),
    ("huyen-uy", "HU"),
    ("tinh-uy", "TU"),
    ("thanh-uy", "TU"),
    ("thi-uy", "TU"),
    ("dang-uy", "ĐU"),
)
_INITIALS_BODIES = ("bộ", "sở", "ban", "phòng", "ủy ban", "văn phòng")
_SMALL_WORDS = {"và", "-", "&"}


def _level_of(locality: str) -> str:
    return level_of(locality) or locality.split()[0].lower()


def body_of(name: str) -> tuple[str, str | None]:
    """Split "Ủy ban nhân dân huyện Phong Thổ" into the body ("Ủy ban nhân dân huyện") and locality."""
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    locality = locality_of(name)
    if not locality:
        return name, None
    level = _level_of(locality)
    cut = len(name) - (len(locality) - len(level))
    return name[:cut].rstrip(" ,-"), locality


def _without_level(body: str, locality: str | None) -> str:
    """"Công an huyện" of "huyện Phong Thổ" -> "Công an": the level repeats the locality."""
    if not locality:
        return body
    level = _level_of(locality)
    if body.lower().endswith(" " + level):
        return body[: -len(level) - 1].rstrip(" ,-")
    return body


def issuer_code_from_name(name: str | None) -> str | None:
    """The code a body's symbols carry, from its name: "Bộ Tài chính" -> "BTC", "Huyện ủy X" -> "HU".

    Ministries and departments form codes from initials ("Bộ Lao động - Thương binh và Xã hội" ->
    "BLĐTBXH"), which is how Decree 30/2020 abbreviations are built.
    """
    if not name:
        return None
    body, locality = body_of(name)
    body = _without_level(body, locality)
    key = slug(body)
    for prefix, code in _BODY_CODES:
        if key == prefix or key.startswith(prefix + "-"):
            return code
    words = body.split()
    lowered = body.lower()
    for head in _INITIALS_BODIES:
        if lowered.startswith(head + " ") and len(words) > len(head.split()):
            initials = "".join(
                w[0].upper() for w in words[len(head.split()):] if w.lower() not in _SMALL_WORDS and w[0].isalpha()
            )
            return "".join(w[0].upper() for w in head.split()) + initials
    return None


# Codes of bodies that every province, district or commune has: their symbols name no place.
_LOCAL_BODY_CODES = frozenset({"UBND", "HĐND", "HDND", "TU", "HU", "ĐU", "DU", "TTHĐND", "HUBND"})


def _home_for(code: str | None, issuer_name: str | None, home: str | None) -> str | None:
    """The citing document's own locality, for a local body cited without its place: "Kế hoạch số
    153/KH-UBND ngày ... của UBND thành phố" in a document of thành phố Cần Thơ is Cần Thơ's plan. Used
    only when the issuer names no place, and when the level it names ("tỉnh") is the home's level."""
    if not home or not code or code.split("-")[0].upper() not in _LOCAL_BODY_CODES:
        return None
    if issuer_name and locality_of(issuer_name):
        return None
    if issuer_name:
        lowered = " " + unicodedata.normalize("NFC", issuer_name).lower() + " "
        named_levels = [lv for lv in LEVEL_WORDS if f" {lv} " in lowered]
        if named_levels and not any(_level_of(home) == lv for lv in named_levels):
            return None  # "UBND huyện" cited by a province's document: which district is not said
    return home


def issuer_key(issuer_code: str | None, issuer_name: str | None, home: str | None = None) -> str:
    """`ttg`, `btc`, `ubnd-tinh-lai-chau`: the code, qualified by the locality named in the issuer (or, for
    a local body named without its place, the citing document's own locality `home`)."""
    code = issuer_code or issuer_code_from_name(issuer_name)
    locality = locality_of(issuer_name) or _home_for(code, issuer_name, home)
    if code:
        base = slug(code, expand=False)
        return f"{base}-{slug(locality)}" if locality else base
    if issuer_name:
        return _short(slug(issuer_name))
    return "unknown"


def _short(key: str) -> str:
    if len(key) <= _MAX_SLUG:
        return key
    digest = hashlib.sha1(key.encode()).hexdigest()[:8]
    return f"{key[:_MAX_SLUG].rstrip('-')}-{digest}"


def _iri(path: str) -> URIRef:
    return URIRef(ID + path)


def document_key(
    *,
    symbol: str | None = None,
    number: str | None = None,
    year: int | None = None,
    date: str | None = None,
    doc_type: str | None = None,
    issuer: str | None = None,
    name: str | None = None,
    corpus_id: str | None = None,
    fallback_text: str | None = None,
    home: str | None = None,
    years: Callable[[str], int | None] | None = None,
) -> str:
    """The path of a document IRI under `doc/` (see the module docstring for the rules).

    `home` is the citing document's locality (for "UBND tỉnh" without a name); `years` gives the one year
    the corpus knows for a yearless key (`YearIndex.year`), so "90/QĐ-TTg" cited without a date meets
    "90/QĐ-TTg ngày 18/01/2022" on one node."""
    parts = _symbol_parts(symbol, number)
    if parts is not None:
        base = _yearless(parts, doc_type, issuer, home)
        the_year = parts.year or year or _year_of(date) or (years(base) if years else None)
        who, kind, num = base.split("/")
        when = str(the_year) if the_year else "undated"
        return f"{who}/{kind}/{when}/{num}"
    if corpus_id:
        return "corpus/" + quote(corpus_id, safe="-_.~")
    label = name or fallback_text or "unnamed"
    return "named/" + _short(slug(label))


def _symbol_parts(symbol: str | None, number: str | None) -> SymbolParts | None:
    parts = parse_symbol(symbol)
    if parts is None and number and re.fullmatch(r"\d+[A-Za-z]?", number.strip()):
        parts = SymbolParts(number.strip().lstrip("0") or "0")
    return parts


def _yearless(parts: SymbolParts, doc_type: str | None, issuer: str | None, home: str | None) -> str:
    who = issuer_key(parts.issuer_code, issuer, home)
    return f"{who}/{type_key(doc_type, parts.type_code)}/{slug(parts.number, expand=False)}"


def yearless_key(*, symbol: str | None = None, number: str | None = None, doc_type: str | None = None,
                 issuer: str | None = None, home: str | None = None) -> str | None:
    """`{issuer}/{type}/{number}`: what identifies a document once its year is known (None without a number)."""
    parts = _symbol_parts(symbol, number)
    return _yearless(parts, doc_type, issuer, home) if parts is not None else None


def document_iri(**kwargs) -> URIRef:
    return _iri("doc/" + document_key(**kwargs))


def _year_of(date: str | None) -> int | None:
    if date and re.match(r"\d{4}", date):
        return int(date[:4])
    return None


def graph_iri(doc_id: str) -> URIRef:
    """The named graph holding every fact read from one corpus document."""
    return URIRef(GRAPH_BASE + quote(doc_id, safe="-_.~"))


def doc_id_of_graph(iri: str) -> str | None:
    if not iri.startswith(GRAPH_BASE):
        return None
    from urllib.parse import unquote

    return unquote(iri[len(GRAPH_BASE):])


def _id_path(identifier: str) -> str:
    doc, sep, rest = identifier.partition(":")
    path = f"{doc}/{rest or 'root'}" if sep else identifier
    return quote(path, safe="/-_.~")


def clause_iri(clause_id: str) -> URIRef:
    return _iri("clause/" + _id_path(clause_id))


def section_iri(section_id: str) -> URIRef:
    return _iri("section/" + _id_path(section_id))


def fact_iri(kind: str, doc_id: str, *content: object) -> URIRef:
    """A fact read from a document, keyed on what it says and where it stands."""
    digest = hashlib.sha1("\x1f".join(map(str, content)).encode("utf-8")).hexdigest()[:16]
    return _iri(f"{kind}/{quote(doc_id, safe='-_.~')}/{digest}")


def organisation_iri(name: str) -> URIRef:
    """An issuing body named in full ("Ủy ban nhân dân huyện Phong Thổ")."""
    return _iri("org/" + _short(slug(name)))


def locality_key(locality: str | None) -> str:
    return _short(slug(locality)) if locality else "national"


def agency_parts(canonical: str, locality: str | None = None) -> tuple[str, str | None]:
    """The body key and locality of an agency.

    "Ủy ban nhân dân huyện Phong Thổ" and ("Ủy ban nhân dân huyện", "huyện Phong Thổ") both give
    ("uy-ban-nhan-dan", "huyện Phong Thổ"): the level word that repeats the locality is dropped, so an
    issuer named in full and the same body named by an extractor meet on one node.
    """
    body, named_locality = body_of(canonical)
    locality = locality or named_locality
    key = slug(_without_level(body, locality)) or slug(body)
    return _short(key), locality


def display_name(text: str, *, proper: bool = True) -> str:
    """Names from all-capital headers read as names.

    "SÌ LỞ LẦU" -> "Sì Lở Lầu" (a proper name); with proper=False a body keeps sentence case and only
    its locality is capitalised: "ỦY BAN NHÂN DÂN THỊ XÃ MƯỜNG LAY" -> "Ủy ban nhân dân thị xã Mường Lay".
    """
    text = " ".join(unicodedata.normalize("NFC", text).split())
    if not text or not text.isupper():
        return text
    if proper:
        return text.title()
    locality = locality_of(text)
    head = text[: len(text) - len(locality)] if locality else text
    out = head.lower()
    if locality:
        level = _level_of(locality)
        out += f"{level} {locality[len(level):].strip().title()}"
    return out[0].upper() + out[1:]


def agency_label(canonical: str, locality: str | None = None) -> str:
    """The full name of a scoped agency: "Phòng Lao động - Thương binh và Xã hội huyện Phong Thổ"."""
    canonical = expand_abbreviations(canonical, in_name=True)
    body, named_locality = body_of(display_name(canonical, proper=False))
    locality = locality or named_locality
    base = _without_level(body, locality)
    if not locality:
        return base
    level = _level_of(locality)
    return f"{base} {level} {display_name(locality[len(level):].strip())}"


def agency_iri(canonical: str, locality: str | None = None) -> URIRef:
    """An agency of one locality: the Phòng LĐTBXH of Phong Thổ is not that of Bắc Hà."""
    key, locality = agency_parts(canonical, locality)
    return _iri(f"agency/{locality_key(locality)}/{key}")


def agency_type_iri(kind_or_name: str) -> URIRef:
    return _iri("agency-type/" + _short(slug(kind_or_name)))


def place_iri(name: str, level: str | None = None, *, code: str | None = None,
              parent: str | None = None) -> URIRef:
    """By official code when known, else by folded name within the parent's key."""
    if code and code.strip():
        return _iri("place/code/" + slug(code, expand=False))
    return _iri("place/" + place_key(name, level, parent))


def place_key(name: str, level: str | None = None, parent: str | None = None) -> str:
    own = slug(f"{level} {name}" if level and not slug(name).startswith(slug(level) + "-") else name)
    return f"{parent}/{own}" if parent else own


def code_iri(scheme: str, key: str) -> URIRef:
    return _iri(f"{scheme}/{key}")


def programme_iri(name: str) -> URIRef:
    return _iri("programme/" + _short(slug(name)))


def project_iri(parent: URIRef | str, label: str) -> URIRef:
    """A programme's project ("Dự án 4") or a project's subproject ("Tiểu dự án 2")."""
    return URIRef(f"{parent}/{slug(label)}")


def year_iri(year: int) -> URIRef:
    return _iri(f"time/{year}")


def interval_iri(start: int, end: int) -> URIRef:
    return _iri(f"time/{start}-{end}")
