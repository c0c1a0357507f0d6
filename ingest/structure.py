"""Recover a document's structure: header, legal-basis preamble, heading tree with clauses, closing.

Many real files lost their header or were cut mid-title; nothing here assumes a part is present. The
parser works on logical lines (see `ingest.lines`) and the numbering grammar (`ingest.markers`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ingest.vocab.admin import LEVEL_WORDS
from ingest.vocab.legal import LETTER_TYPE, TYPE_CODES
from ingest.lines import Line, is_preamble_start, join_lines, physical_lines, typical_width
from ingest.markers import (
    CLOSING_START,
    ENACTING_LINE,
    SIGNATURE_LINE,
    Marker,
    match_annex,
    match_marker,
)
from ingest.model import Clause, Document, Header, Section, Signature
from ingest.readers.provenance import attach_source_provenance
from ingest.text import OffsetMap, fold, is_all_caps, render, slug

DOC_TYPES = {
    # folded caps line -> document type as written in a citation
    "ke hoach": "Kế hoạch",
    "quyet dinh": "Quyết định",
    "nghi quyet": "Nghị quyết",
    "nghi dinh": "Nghị định",
    "thong tu": "Thông tư",
    "thong tu lien tich": "Thông tư liên tịch",
    "chi thi": "Chỉ thị",
    "cong van": "Công văn",
    "bao cao": "Báo cáo",
    "to trinh": "Tờ trình",
    "thong bao": "Thông báo",
    "huong dan": "Hướng dẫn",
    "chuong trinh": "Chương trình",
    "de an": "Đề án",
    "phuong an": "Phương án",
    "du an": "Dự án",
    "quy dinh": "Quy định",
    "quy che": "Quy chế",
    "cong dien": "Công điện",
    "luat": "Luật",
    "phap lenh": "Pháp lệnh",
    "ket luan": "Kết luận",
}
_NATIONAL_MOTTO = re.compile(
    r"CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|CỘNG\s+HOÀ\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM"
    r"|Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM",
    re.IGNORECASE,
)
_SYMBOL_LINE = re.compile(r"^(?:Số|SỐ|So)\s*[:.]?\s*(?P<sym>\S+(?:\s*[-/]\s*\S+)*)")
_DATE_LINE = re.compile(
    r"^(?P<place>[^,\d]{2,40}?)\s*,\s*ngày\s*(?P<d>\d{1,2}|\.{2,}|…+)?\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
_ISSUER_HEAD = re.compile(
    r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND|BỘ|SỞ|BAN|TỈNH ỦY|TỈNH UỶ|HUYỆN ỦY|HUYỆN UỶ|"
    r"THỦ TƯỚNG|CHÍNH PHỦ|QUỐC HỘI|VĂN PHÒNG|PHÒNG|TRUNG TÂM|CỤC|TỔNG CỤC|ĐẢNG ỦY|ĐẢNG BỘ|THÀNH ỦY|THỊ ỦY|NGÂN HÀNG)"
)
_ISSUING_SENTENCE = re.compile(
    r"(?P<issuer>(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Ban Thường vụ|Sở|Bộ|Phòng)"
    r"\s+(?:(?:tỉnh|huyện|thị xã|thành phố|quận|xã|phường|thị trấn)\s+)?(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]*\s?){1,5}?)\s*"
    r"(?:ban hành|xây dựng)\s+(?P<type>[Kk]ế hoạch|[Qq]uyết định|[Hh]ướng dẫn|[Cc]hương trình|[Đđ]ề án|[Pp]hương án)"
    r"(?P<title>[^()]*?)?(?:\s*\(sau đây|\s*,?\s*(?:cụ thể|như sau|với (?:các|những) nội dung)|\.\s|:|$)"
)
_CLOSING_TYPE = re.compile(r"Trên đây là\s+(?P<type>[Kk]ế hoạch|[Qq]uyết định|[Bb]áo cáo|[Hh]ướng dẫn|[Cc]hương trình|[Đđ]ề án)")
_CLOSING_ISSUER = re.compile(
    r"của\s+(?P<issuer>(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+(?:tỉnh|huyện|thị xã|thành phố|quận|xã|phường|thị trấn)\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ ]{1,40}?)\s*(?:[.,;/]|$)"
)
_ANNEX_MENTION = re.compile(r"\(\s*(?:Có\s+|có\s+|Chi tiết tại\s+|chi tiết tại\s+)?(?:phụ\s+)?(?:Biểu|biểu|Phụ lục|phụ lục|Phụ biểu|phụ biểu)[^()]{0,80}\)")


@dataclass
class _Frame:
    section: Section
    rank: int


def document_id(name: str) -> str:
    """Stable id from the file name, so re-ingesting the same file gives the same ids."""
    stem = Path(name).stem
    ident = re.sub(r"[^0-9A-Za-z_.-]+", "-", fold(stem)).strip("-.")
    return ident or "doc"


def _split_header(lines: list[Line]) -> int:
    """Index of the first line after the header zone (administrative header and title)."""
    for i, ln in enumerate(lines[:40]):
        text = ln.text
        if ENACTING_LINE.match(text) or text.startswith("Kính gửi") or _opens_preamble(text):
            return i
        m = match_marker(text)
        if m and m.kind in {"roman", "arabic", "article", "chapter", "part"}:
            return i
        if i >= 3 and len(text) > 160 and not is_all_caps(text):
            return i
    return 0


_CITES = re.compile(r"\bsố\s*\d|\d+\s*/\s*[A-ZĐ\d]|\d+-[A-ZĐ]{1,4}/")


def _opens_preamble(text: str) -> bool:
    """ "Căn cứ ..." always; "Thực hiện ..." only when it cites a document (else it is a title line)."""
    if text.startswith("Căn cứ"):
        return True
    return is_preamble_start(text) and bool(_CITES.search(text))


def parse_text(raw: str, *, name: str, sha256: str = "", doc_id: str | None = None) -> Document:
    """Parse decoded text into a `Document` (header, preamble, heading tree, closing)."""
    doc_id = doc_id or document_id(name)
    phys, warnings = physical_lines(raw)
    width = typical_width(phys)
    header_end = _split_header(phys)
    header_lines = [Line(list(ln.tokens), list(ln.physical_lengths)) for ln in phys[:header_end]]
    body_lines = join_lines(phys[header_end:], width)
    all_lines = header_lines + body_lines
    text, omap = render([ln.tokens for ln in all_lines])
    starts = []
    pos = 0
    for ln in all_lines:
        starts.append(pos)
        pos += len(ln.text) + 1
    builder = _Builder(doc_id, omap, warnings)
    header = _parse_header([(ln.text, starts[i]) for i, ln in enumerate(header_lines)])
    items = [(ln.text, starts[header_end + i]) for i, ln in enumerate(body_lines)]
    preamble, rest = _take_preamble(items)
    body_items, closing_items = _split_closing(rest)
    for line_text, start in preamble:
        builder.preamble_clause(line_text, start)
    root = builder.body_tree(body_items)
    signature, recipients = builder.closing(closing_items)
    document = Document(
        id=doc_id,
        source=name,
        sha256=sha256,
        text=text,
        header=header,
        preamble=builder.preamble,
        body=root,
        closing=builder.closing_clauses,
        signature=signature,
        recipients=recipients,
        annexes=sorted({m.group().strip("() ") for m in _ANNEX_MENTION.finditer(text)}),
        source_map=omap,
        warnings=builder.warnings,
    )
    _infer_header(document)
    return document


def parse_document(source) -> Document:
    """Parse an `ingest.readers.SourceText`, keeping what the reader knows of its origin (OCR confidence)."""
    return attach_source_provenance(parse_text(source.text, name=source.name, sha256=source.sha256), source)


# ---------------------------------------------------------------- header

def _parse_header(lines: list[tuple[str, int]]) -> Header:
    header = Header()
    if not lines:
        return header
    issuer_parts: list[str] = []
    title_parts: list[str] = []
    seen_type = False
    title_closed = False
    in_subject = False  # the "V/v ..." subject line of an official letter, possibly wrapped
    for text, start in lines:
        text = _NATIONAL_MOTTO.sub(" ", text).strip(" -")
        if not text or _RULE_LINE.match(text):
            in_subject = in_subject and bool(text)
            continue
        m = _SYMBOL_LINE.match(text)
        if m and not header.symbol:
            header.symbol = re.sub(r"\s+", "", m["sym"]).rstrip(".,;")
            header.number = re.split(r"[/-]", header.symbol)[0]
            if not header.number:  # "Số:    /KH-UBND" of an unnumbered draft: the type code still tells the type
                header.doc_type = header.doc_type or _type_of_symbol("0" + header.symbol)
                header.symbol = header.number = None
            rest = text[m.end():].strip()
            if rest:
                text = rest
            else:
                continue
        m = _DATE_LINE.search(text)
        if m and not header.date:
            header.place = m["place"].strip(" -")
            if (m["d"] or "").isdigit():
                header.date = f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
            in_subject = False
            continue
        folded = fold(text).strip(" :")
        if folded in DOC_TYPES and not seen_type:
            header.doc_type = DOC_TYPES[folded]
            seen_type, in_subject = True, False
            title_parts = [p for p in title_parts if not _SUBJECT_LINE.match(p)] if title_parts else []
            continue
        if seen_type:
            if title_parts and is_all_caps(text) and _AUTHORITY_LINE.match(text):
                title_closed = True  # "ỦY BAN NHÂN DÂN TỈNH ...", "KHÓA XVIII, KỲ HỌP ...": the enacting body
            if not title_closed:
                title_parts.append(text)
        elif _SUBJECT_LINE.match(text) or (in_subject and not is_all_caps(text)):
            title_parts.append(text)  # "V/v đôn đốc triển khai ..." of an official letter
            in_subject = True
        elif is_all_caps(text) and not header.symbol and (_ISSUER_HEAD.match(text) or issuer_parts):
            issuer_parts.append(text)
        elif not header.doc_type and not header.symbol and not issuer_parts:
            title_parts.append(text)  # a title fragment left by a cut-off header
    if issuer_parts:
        header.issuer, header.issuer_parent = _issuer_from_caps(issuer_parts)
    if title_parts:
        header.title = re.sub(r"\s+", " ", " ".join(title_parts)).strip()
    header.span = (lines[0][1], lines[-1][1] + len(lines[-1][0]))
    return header


def _issuer_from_caps(parts: list[str]) -> tuple[str, str | None]:
    """(issuer, parent) from the ALL-CAPS header lines: ["ỦY BAN NHÂN DÂN", "HUYỆN PHONG THỔ"] ->
    ("Ủy ban nhân dân huyện Phong Thổ", None); ["UBND TỈNH CAO BẰNG", "SỞ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG"]
    -> ("Sở Nông nghiệp và Môi trường tỉnh Cao Bằng", "Ủy ban nhân dân tỉnh Cao Bằng"). The issuer is the
    lowest body; a body named without a place takes its parent's ("Sở ... tỉnh Cao Bằng")."""
    bodies: list[list[str]] = []
    for part in parts:
        if bodies and not (_ISSUER_HEAD.match(part) and not _LEVEL_HEAD.match(part)):
            bodies[-1].append(part)  # "HUYỆN PHONG THỔ", "VÀ MÔI TRƯỜNG" continue the body above
        else:
            bodies.append([part])
    names = [_normalise_issuer(_caps_to_name(_expand_council(" ".join(b)))) for b in bodies]
    issuer = names[-1]
    parent = names[-2] if len(names) > 1 else None
    if parent and issuer in ("Văn phòng", "Thanh tra"):
        return f"{issuer} {parent}", parent  # the office of the body above: "Văn phòng Ủy ban nhân dân tỉnh ..."
    if parent and not _PLACE_IN_NAME.search(issuer):
        place = _PLACE_IN_NAME.search(parent)
        if place and re.search(r"\bủy$", issuer):
            issuer = f"{issuer} {parent[place.start():].split(' ', 1)[1]}"  # "Tỉnh ủy Gia Lai"
        elif place:
            issuer = f"{issuer} {parent[place.start():]}"
    return issuer, parent


def _expand_council(text: str) -> str:
    """ "UBND TỈNH CAO BẰNG" -> "ỦY BAN NHÂN DÂN TỈNH CAO BẰNG" (before case is lost)."""
    return re.sub(r"^HĐND\b", "HỘI ĐỒNG NHÂN DÂN", re.sub(r"^UBND\b", "ỦY BAN NHÂN DÂN", text))


_LEVELS_RE = "|".join(LEVEL_WORDS)  # the shared level words, longest first
_LEVEL_HEAD = re.compile(rf"^(?:{_LEVELS_RE.upper()})\b(?!\s+(?:ỦY|UỶ))")
_PLACE_IN_NAME = re.compile(rf"\b(?:{_LEVELS_RE})\s+[A-ZĐÀ-Ỹ]")
# A separator rule under a header block: "-------", "________".
_RULE_LINE = re.compile(r"^[-_=–—.*\s]{3,}$")
# The subject line of an official letter: "V/v đôn đốc ...", "Về việc ..." (before any type line).
_SUBJECT_LINE = re.compile(r"^(?:V/v|V/V|v/v|Về việc)\b")
# The enacting body named under a decision's title: "ỦY BAN NHÂN DÂN TỈNH ...", "CHỦ TỊCH ỦY BAN ...",
# "BỘ TRƯỞNG BỘ TÀI CHÍNH", "HỘI ĐỒNG NHÂN DÂN ...", "KHÓA XVIII - KỲ HỌP THỨ ...".
_AUTHORITY_LINE = re.compile(
    r"^(?:ỦY BAN|UỶ BAN|HỘI ĐỒNG|CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|CHÍNH PHỦ|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|CỤC TRƯỞNG|"
    r"TRƯỞNG BAN|BAN THƯỜNG VỤ|BAN CHẤP HÀNH|THỐNG ĐỐC|KHÓA|KHOÁ|KỲ HỌP)\b"
)


_UNIT_WORDS = LEVEL_WORDS


# Heads of bodies whose domain words are written in title case ("Sở Nông nghiệp và Môi trường").
_DOMAIN_HEADS = ("sở", "bộ", "phòng", "ban", "cục", "chi cục", "tổng cục", "trung tâm", "văn phòng", "vụ",
                 "viện", "hội", "ngân hàng", "kho bạc", "đài", "ủy ban", "uỷ ban")
_CAPS_ABBREVIATIONS = frozenset({"UBND", "HĐND", "MTQG", "CTMTQG", "MTTQ", "NTM", "DTTS", "QLDA", "NN&PTNT",
                                  "LĐ-TB&XH", "TC-KH", "KT-HT", "VH-TT", "GD&ĐT", "TN&MT", "BCĐ"})
_COUNCIL_WORDS = ("ủy ban nhân dân", "uỷ ban nhân dân", "hội đồng nhân dân")


def _caps_to_name(text: str) -> str:
    """ALL-CAPS body name to its usual spelling: generic words lower-case, place names title-case, and
    the domain of a department in title case ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" -> "Bộ Lao động -
    Thương binh và Xã hội")."""
    caps = text.split()
    words = text.lower().split()
    if len(words) >= 2 and words[1] in ("ủy", "uỷ") and words[0] in ("tỉnh", "huyện", "thị", "thành", "đảng"):
        # a party committee: "TỈNH ỦY GIA LAI" -> "Tỉnh ủy Gia Lai", "ĐẢNG ỦY XÃ KBANG" -> "Đảng ủy xã Kbang"
        if words[0] == "đảng":
            rest = _caps_to_name(" ".join(caps[2:])) if len(caps) > 2 else ""
            if rest.split() and rest.split()[0].lower() in _UNIT_WORDS:
                rest = rest[:1].lower() + rest[1:]
        else:
            rest = " ".join(w.capitalize() for w in words[2:])
        return f"{words[0].capitalize()} ủy {rest}".strip()
    out = []
    place = False
    head = 0
    low = " ".join(words)
    if not low.startswith(_COUNCIL_WORDS):
        head = max((len(h.split()) for h in _DOMAIN_HEADS if low == h or low.startswith(h + " ")), default=0)
    component_start = head
    for i, w in enumerate(words):
        if place:
            out.append(w.capitalize())
            continue
        two = " ".join(words[i : i + 2])
        is_level = w in ("tỉnh", "huyện", "quận", "phường") or (w == "xã" and two != "xã hội") or two in (
            "thị xã", "thành phố", "thị trấn", "đặc khu")
        if is_level and not (head and i == component_start):
            out.append(w)
            if two not in ("thị xã", "thành phố", "thị trấn", "đặc khu"):
                place = True
            head = 0  # the domain ended: what follows is the place
            continue
        if i and words[i - 1] in ("thị", "thành", "đặc") and w in ("xã", "phố", "trấn", "khu"):
            out.append(w)
            place = True
            continue
        if caps[i] in _CAPS_ABBREVIATIONS:
            out.append(caps[i])  # "UBND", "MTQG" stay abbreviations
        elif head and i == component_start:
            out.append(w.capitalize())
        else:
            out.append(w)
        if head and i >= head and (w in ("và", "-", "&") or w.endswith(",")):
            component_start = i + 1
    name = " ".join(out)
    return name[:1].upper() + name[1:]


def _infer_header(doc: Document) -> None:
    """Fill what a cut-off header lost from the issuing sentence and the closing formula."""
    h = doc.header
    texts = [c.text for c in doc.preamble] + [c.text for c in doc.body.clauses[:3]]
    for text in texts:
        m = _ISSUING_SENTENCE.search(text)
        if m:
            if not h.issuer:
                h.issuer = _normalise_issuer(m["issuer"])
            if not h.doc_type:
                h.doc_type = m["type"][:1].upper() + m["type"][1:]
            if not h.title or len(h.title) < 25:
                title = (m["type"] + (m["title"] or "")).strip(" ,;:")
                h.title = title[:1].upper() + title[1:] if len(title) > len(m["type"]) + 5 else h.title
            break
    for c in doc.closing:
        m = _CLOSING_TYPE.search(c.text)
        if m and not h.doc_type:
            h.doc_type = m["type"][:1].upper() + m["type"][1:]
        m = _CLOSING_ISSUER.search(c.text)
        if m and not h.issuer:
            h.issuer = _normalise_issuer(m["issuer"])
    if not h.doc_type and h.symbol:
        h.doc_type = _type_of_symbol(h.symbol)
    if not h.issuer and doc.signature and doc.signature.authority:
        authority = re.sub(r"^(?:TM|T/M)\.?\s*", "", doc.signature.authority)
        if authority:
            h.issuer = _caps_to_name(authority)


def _type_of_symbol(symbol: str) -> str | None:
    """A header without a type line: the symbol's type code says it ("12/QĐ-UBND"), and a symbol without
    one is an official letter ("1520/SNNMT-KHTC" -> "Công văn")."""
    m = re.fullmatch(r"\d+[a-z]?(?:/(?:19|20)\d\d)?[/-]([^/-]+)(?:[/-].*)?", symbol)
    if not m:
        return None
    code = m.group(1)
    known = {k.upper().replace("Đ", "D"): v[0] for k, v in TYPE_CODES.items()}
    doc_type = known.get(code.upper().replace("Đ", "D"))
    if doc_type:
        return doc_type
    return LETTER_TYPE if re.fullmatch(r"\d+[a-z]?/[^/]+", symbol) else None


def _normalise_issuer(text: str) -> str:
    text = re.sub(r"^UBND\b", "Ủy ban nhân dân", text.strip())
    text = re.sub(r"^HĐND\b", "Hội đồng nhân dân", text)
    return text.replace("Uỷ ban", "Ủy ban")


# ---------------------------------------------------------------- preamble and closing

def _take_preamble(items: list[tuple[str, int]]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """The opening block up to the first body heading (or the enacting line of a decision)."""
    for i, (text, _) in enumerate(items):
        m = match_marker(text)
        if ENACTING_LINE.match(text):
            return items[:i], items[i + 1 :]
        if m and m.kind in {"roman", "arabic", "dotted", "article", "chapter", "part", "muc"}:
            return items[:i], items[i:]
    # no heading at all (an official letter): the addressees and the "Căn cứ / Thực hiện" lines that open it
    i = 0
    if items and items[0][0].startswith("Kính gửi"):
        i = 1
        while i < len(items) and (match_marker(items[i][0]) or (len(items[i][0]) < 80 and items[i][0].endswith((";", ".")))
                                  and not _opens_preamble(items[i][0])):
            i += 1
    while i < len(items) and _opens_preamble(items[i][0]):
        i += 1
    return items[:i], items[i:]


def _split_closing(items: list[tuple[str, int]]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    for i, (text, _) in enumerate(items):
        if CLOSING_START.match(text):
            return items[:i], items[i:]
    # no "Trên đây"/"Nơi nhận": a trailing signature block still closes the document
    for i in range(max(0, len(items) - 6), len(items)):
        if SIGNATURE_LINE.match(items[i][0]):
            return items[:i], items[i:]
    return items, []


# ---------------------------------------------------------------- body

class _Builder:
    def __init__(self, doc_id: str, omap: OffsetMap, warnings: list[str]) -> None:
        self.doc_id = doc_id
        self.omap = omap
        self.warnings = list(warnings)
        self.preamble: list[Clause] = []
        self.closing_clauses: list[Clause] = []
        self._paths: set[str] = set()

    def _clause(self, section: Section, text: str, start: int, *, kind: str, marker: str | None = None,
                breadcrumb: list[str] | None = None, lead_in: str | None = None, prefix: str | None = None,
                offset_in_line: int = 0) -> Clause:
        start = start + offset_in_line
        span = (start, start + len(text))
        n = len(section.clauses) + 1
        base = prefix or section.path or "body"
        clause = Clause(
            id=f"{self.doc_id}:{base}.p{n}",
            doc_id=self.doc_id,
            section_id=section.id,
            text=text,
            span=span,
            source_span=self.omap.span_to_source(span),
            kind=kind,  # type: ignore[arg-type]
            marker=marker,
            breadcrumb=list(breadcrumb or []),
            lead_in=lead_in,
        )
        section.clauses.append(clause)
        return clause

    def preamble_clause(self, text: str, start: int) -> None:
        holder = Section(id=f"{self.doc_id}:preamble", path="preamble", kind="root", label="", title="", level=0, span=(0, 0))
        holder.clauses = self.preamble
        self._clause(holder, text, start, kind="preamble", prefix="preamble")

    def body_tree(self, items: list[tuple[str, int]]) -> Section:
        root = Section(id=f"{self.doc_id}:body", path="", kind="root", label="", title="", level=0,
                       span=(items[0][1] if items else 0, items[-1][1] + len(items[-1][0]) if items else 0))
        stack = [_Frame(root, 0)]
        lead_in: str | None = None
        lead_marker: str | None = None
        for text, start in items:
            annex = match_annex(text) if is_all_caps(text) else None
            marker = match_marker(text)
            if annex and not marker:
                marker = annex
            if marker is None and _is_noise(text):
                self.warnings.append(f"bỏ dòng nhiễu: {text!r}")
                continue
            if marker and marker.is_heading:
                while stack[-1].rank >= marker.rank and len(stack) > 1:
                    stack.pop()
                section = self._section(stack[-1].section, marker, text, start)
                stack.append(_Frame(section, marker.rank))
                lead_in, lead_marker = None, None
                self._heading_clause(section, marker, text, start, stack)
                continue
            section = stack[-1].section
            crumbs = _breadcrumb(stack)
            if marker:  # bullet: the clause is its text without the marker
                bullet_lead = lead_in if lead_marker and lead_marker != marker.label else None
                clause = self._clause(section, marker.rest, start, kind="bullet", marker=marker.label,
                                      breadcrumb=crumbs, lead_in=bullet_lead,
                                      offset_in_line=max(text.find(marker.rest), 0))
                if text.rstrip().endswith(":"):
                    lead_in, lead_marker = clause.text, marker.label
            else:
                clause = self._clause(section, text, start, kind="paragraph", breadcrumb=crumbs, lead_in=lead_in)
                lead_in, lead_marker = (clause.text, "¶") if text.rstrip().endswith(":") else (None, None)
        return root

    def _section(self, parent: Section, marker: Marker, text: str, start: int) -> Section:
        title, _ = _split_title(marker.rest)
        path_label = _path_label(marker)
        base = parent.path
        if marker.kind == "dotted" and parent.kind in ("arabic", "dotted"):
            # "1.1.3" already holds its parents' numbers: IV + 1.1.3 -> IV.1.1.3
            anchor = parent
            while anchor.kind in ("arabic", "dotted") and anchor.path:
                anchor = self._parents[anchor.id]
            base = anchor.path
        path = f"{base}.{path_label}" if base else path_label
        while path in self._paths:
            path += "~"
        self._paths.add(path)
        section = Section(
            id=f"{self.doc_id}:{path}",
            path=path,
            kind=marker.kind if marker.kind in ("roman", "arabic", "dotted", "paren", "alpha", "project", "subproject", "annex", "part", "chapter", "muc", "article") else "arabic",  # type: ignore[arg-type]
            label=marker.label,
            title=title,
            level=parent.level + 1,
            span=(start, start + len(text)),
            project=parent.project,
            subproject=parent.subproject,
        )
        project = re.match(r"^(Dự án \d+)", marker.label if marker.kind == "project" else title)
        if project:
            section.project, section.subproject = project.group(1), None
        sub = re.match(r"^(Tiểu dự án(?: \d+)?)", marker.label if marker.kind == "subproject" else title)
        if sub:
            section.subproject = sub.group(1)
        self._parents[section.id] = parent
        parent.children.append(section)
        return section

    @property
    def _parents(self) -> dict[str, Section]:
        if not hasattr(self, "_parent_map"):
            self._parent_map: dict[str, Section] = {}
        return self._parent_map

    def _heading_clause(self, section: Section, marker: Marker, text: str, start: int, stack: list[_Frame]) -> None:
        """A heading that carries its own sentence ("c) Phân công thực hiện: Giao Phòng ...") is also a clause."""
        _, body = _split_title(marker.rest)
        if body or re.search(r"\d", marker.rest):  # "Dự án 3: ...: 2.400 triệu đồng" carries a fact
            offset = text.find(marker.rest)
            self._clause(section, marker.rest, start, kind="heading", breadcrumb=_breadcrumb(stack[:-1]),
                         offset_in_line=max(offset, 0))

    def closing(self, items: list[tuple[str, int]]) -> tuple[Signature | None, list[str]]:
        holder = Section(id=f"{self.doc_id}:closing", path="closing", kind="root", label="", title="", level=0, span=(0, 0))
        holder.clauses = self.closing_clauses
        recipients: list[str] = []
        sig_lines: list[tuple[str, int]] = []
        in_recipients = False
        pieces = [piece for text, start in items for piece in _split_columns(text, start)]
        two_columns = len(pieces) > len(items)  # recipients and signature interleaved line by line
        for text, start in pieces:
            if text.startswith("Nơi nhận") or text.startswith("NƠI NHẬN"):
                in_recipients = True
                rest = re.sub(r"^(?:Nơi nhận|NƠI NHẬN)\s*:?\s*", "", text)
                recipients.extend(_recipients(rest))
                continue
            if SIGNATURE_LINE.match(text) or (sig_lines and (is_all_caps(text) or _looks_like_name(text))):
                sig_lines.append((text, start))
                in_recipients = in_recipients and two_columns
                continue
            if in_recipients and (match_marker(text) or text.startswith("Lưu")):
                recipients.extend(_recipients(text))
                continue
            self._clause(holder, text, start, kind="closing", prefix="closing")
        return _signature(sig_lines), recipients


def _split_columns(text: str, start: int) -> list[tuple[str, int]]:
    """A two-column closing exported line by line ("- UBND tỉnh; KT. CHỦ TỊCH"): the recipients on the left,
    the signature block on the right."""
    if SIGNATURE_LINE.match(text) or is_all_caps(text):
        return [(text, start)]
    for m in re.finditer(r"[;:.,)]\s+", text):
        right = text[m.end():]
        if not SIGNATURE_LINE.match(right):
            continue
        if is_all_caps(right):
            return [(text[:m.start() + 1], start), (right, start + m.end())]
        named = _CAPS_THEN_NAME.match(right)  # "- Lưu: VT. PHÓ CHỦ TỊCH Nông Văn Tuấn" (the name line joined)
        if named and is_all_caps(named["caps"]):
            return [(text[:m.start() + 1], start), (named["caps"], start + m.end()),
                    (named["name"], start + m.end() + named.start("name"))]
    return [(text, start)]


_CAPS_THEN_NAME = re.compile(r"^(?P<caps>.+?)\s+(?P<name>(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s?){2,5})$")


def _recipients(text: str) -> list[str]:
    parts = re.sub(r"^[-+•*]\s*", "", text.strip()).split(";")
    return [p.strip(" ;.,") for p in parts if p.strip(" ;.,")]


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and w[1:].islower() for w in words if w.isalpha())


def _signature(lines: list[tuple[str, int]]) -> Signature | None:
    if not lines:
        return None
    sig = Signature(span=(lines[0][1], lines[-1][1] + len(lines[-1][0])))
    for text, _ in lines:
        if re.match(r"^(?:TM|T/M)\.?\s", text):
            sig.authority = text
        elif re.match(r"^(?:KT|K/T|Q|TL|TUQ)\.\s", text):
            sig.capacity = text
        elif is_all_caps(text):
            sig.position = text
        elif _looks_like_name(text):
            sig.signer = text
    return sig


def _split_title(rest: str) -> tuple[str, str | None]:
    """Heading text -> (short title, inline body). "Phòng Dân tộc:" has no body; "Phạm vi: Kế hoạch ..." has."""
    rest = rest.strip()
    if re.match(r"^(?:Tiểu dự án|Dự án)\s*\d*\s*:", rest) and len(rest) < 240:
        return rest, None  # "Dự án 1: Hỗ trợ đầu tư ..." is the project's name, not a sentence
    m = re.match(r"^(?P<title>[^:]{2,160}?)\s*:\s*(?P<body>\S.*)$", rest)
    if not m and (len(rest) > 100 or rest.endswith(".")) and not is_all_caps(rest):
        return rest[:100].rsplit(" ", 1)[0].rstrip(" ,;.") if len(rest) > 100 else rest.rstrip(" ."), rest
    if m:
        return m["title"].strip(), rest
    m = re.match(r"^(?P<title>.{10,200}?[^A-ZĐ\d])\.\s+(?P<body>[A-ZĐÀ-Ỹ].*)$", rest)
    if m:
        return m["title"].strip(), rest
    if len(rest) > 220:
        return rest[:120].rsplit(" ", 1)[0] + "…", rest
    return rest.rstrip(" :.;"), None


def _path_label(marker: Marker) -> str:
    if marker.kind == "project":
        return "DA" + marker.label.split()[-1]
    if marker.kind == "subproject":
        num = marker.label.split()[-1]
        return "TDA" + (num if num.isdigit() else "")
    if marker.kind == "annex":
        return "PL-" + slug(marker.label)
    if marker.kind == "article":
        return "D" + marker.label
    if marker.kind == "chapter":
        return "C" + marker.label
    if marker.kind == "part":
        return "P" + slug(marker.label)
    if marker.kind == "muc":
        return "M" + marker.label
    return marker.label


def _breadcrumb(stack: list[_Frame]) -> list[str]:
    out = []
    for frame in stack[1:]:
        s = frame.section
        label = s.label if s.kind not in ("project", "subproject") else ""
        if s.kind == "alpha":
            label += ")"
        elif s.kind in ("roman", "arabic", "dotted"):
            label += "."
        out.append(f"{label} {s.title}".strip())
    return out


_STRUCTURAL_CAPS = re.compile(r"^(?:QUYẾT ĐỊNH|NGHỊ QUYẾT|QUYẾT NGHỊ|CHƯƠNG|MỤC|PHẦN|ĐIỀU|PHỤ LỤC|BIỂU)")


def _is_noise(text: str) -> bool:
    """A short ALL-CAPS line without numbering inside the body: a stray running header or stamp."""
    return is_all_caps(text) and len(text.split()) <= 6 and not _STRUCTURAL_CAPS.match(text)
