"""Recover a document's structure: header, legal-basis preamble, heading tree with clauses, closing,
and the texts attached after the signature.

Many real files lost their header, were cut mid-title or pasted with a website's chrome around them;
nothing here assumes a part is present. The parts have their own modules: where the document starts and
its header (`ingest.header`), issuer names (`ingest.issuers`), the closing block and where the document
ends (`ingest.closing`), attached texts (`ingest.attachments`); this module puts them together and
builds the heading trees from logical lines (`ingest.lines`) and the numbering grammar (`ingest.markers`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ingest.attachments import attachment_starts, describe
from ingest.catalog import Catalog, opening_after, read_catalog
from ingest.closing import ClosingReader, document_end, split_closing
from ingest.header import document_start, iso_date, read_header, type_of_symbol
from ingest.issuers import authority_name, caps_to_name, issuer_from_caps, normalise_issuer
from ingest.lines import drop_page_furniture, fold_task_tables, join_lines, tokenized_lines, typical_width
from ingest.markers import ENACTING_LINE, Marker, match_annex, match_marker, opens_legal_basis
from ingest.model import Attachment, Clause, Document, Section, Signature
from ingest.readers.provenance import attach_source_provenance
from ingest.text import OffsetMap, fold, is_all_caps, render, slug

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
# "Nghị quyết này được Ủy ban Thường vụ Quốc hội ... thông qua ngày 06 tháng 02 năm 2025": the adoption
# date of a law or resolution that has no date in its header.
_ADOPTED = re.compile(
    r"thông qua\s+ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>(?:19|20)\d\d)", re.IGNORECASE)
# "Bộ trưởng Bộ Giáo dục và Đào tạo ban hành Thông tư ...", "Quốc hội ban hành Luật ...": the enacting
# sentence of a normative text names its issuer.
_ENACTING_SENTENCE = re.compile(
    r"^(?:(?:Bộ trưởng|Thủ trưởng|Tổng Kiểm toán|Thống đốc|Chánh án|Viện trưởng)\s+)?(?P<issuer>"
    r"Quốc hội|Ủy ban Thường vụ Quốc hội|Chính phủ|Thủ tướng Chính phủ|Bộ\s[^,;.]{3,60}?|Ngân hàng Nhà nước Việt Nam"
    r"|Kiểm toán nhà nước|Tòa án nhân dân tối cao|Viện kiểm sát nhân dân tối cao)\s+ban hành\s+"
    r"(?P<type>Luật|Bộ luật|Nghị quyết|Nghị định|Thông tư|Quyết định|Pháp lệnh)\b")
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


def parse_text(raw: str, *, name: str, sha256: str = "", doc_id: str | None = None) -> Document:
    """Parse decoded text into a `Document` (header, preamble, heading tree, closing, attachments).

    Never raises on any text: a part that is not there stays empty."""
    doc_id = doc_id or document_id(name)
    lines = tokenized_lines(raw)
    texts = [ln.text for ln in lines]
    warnings: list[str] = []
    start = document_start(texts)
    catalog = read_catalog(texts[:start] if start else texts)
    if not start and catalog is not None:  # a page without the document's header: it starts after the box
        start = opening_after(texts, catalog.end)
    if start:
        warnings.append(f"bỏ {start} dòng trước phần đầu văn bản (không thuộc văn bản)")
    read = read_header(texts[start:])
    header_end = start + read.end
    end = document_end(texts, header_end, read.header.symbol or (catalog.symbol() if catalog else None))
    if end < len(texts):
        warnings.append(f"bỏ {len(texts) - end} dòng sau văn bản (không thuộc văn bản)")
    header_lines = lines[start:header_end]
    body_phys, furniture = drop_page_furniture(lines[header_end:end])
    warnings.extend(furniture)
    body_lines = join_lines(fold_task_tables(body_phys), typical_width(lines[start:end]))
    all_lines = header_lines + body_lines
    text, omap = render([ln.tokens for ln in all_lines])
    starts = []
    pos = 0
    for ln in all_lines:
        starts.append(pos)
        pos += len(ln.text) + 1
    header = read.header
    header.authority = read.authority
    header.span = (0, starts[len(header_lines) - 1] + len(header_lines[-1].text)) if header_lines else None
    builder = _Builder(doc_id, omap, warnings)
    items = [(ln.text, starts[len(header_lines) + i]) for i, ln in enumerate(body_lines)]
    preamble, rest = _take_preamble(items)
    attached = next(iter(attachment_starts(rest, titled_only=True)), len(rest))  # the closing is before
    body_items, closing_items, after = split_closing(rest[:attached])
    after = after + rest[attached:]
    for line_text, line_start in preamble:
        builder.preamble_clause(line_text, line_start)
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
        attachments=builder.attachments(after),
        source_map=omap,
        warnings=builder.warnings,
    )
    _infer_header(document, texts[header_end:end])
    if catalog is not None:
        _fill_from_catalog(document, catalog)
    return document


def parse_document(source, doc_id: str | None = None) -> Document:
    """Parse an `ingest.readers.SourceText`, keeping what the reader knows of its origin (OCR confidence).
    `doc_id`: the id the workspace minted (unique in the corpus); by default, the folded file name."""
    return attach_source_provenance(parse_text(source.text, name=source.name, sha256=source.sha256, doc_id=doc_id),
                                    source)


# ---------------------------------------------------------------- header fields the header did not state

def _infer_header(doc: Document, body_texts: list[str]) -> None:
    """Fill what the header does not state from the text itself: the issuing sentence ("UBND huyện ...
    ban hành Kế hoạch ..."), the enacting sentence of a normative text, the enacting body under the title,
    the closing formula, the adoption line ("... thông qua ngày ..."), the signature. Nothing is invented:
    a field no sentence states stays missing."""
    h = doc.header
    texts = [c.text for c in doc.preamble] + [c.text for c in doc.body.clauses[:3]]
    for text in texts:
        m = _ISSUING_SENTENCE.search(text)
        if m:
            if not h.issuer:
                h.issuer = normalise_issuer(m["issuer"])
            if not h.doc_type:
                h.doc_type = m["type"][:1].upper() + m["type"][1:]
            if not h.title or len(h.title) < 25:
                title = (m["type"] + (m["title"] or "")).strip(" ,;:")
                h.title = title[:1].upper() + title[1:] if len(title) > len(m["type"]) + 5 else h.title
            break
    if not h.issuer and h.authority:
        h.issuer = authority_name(h.authority)  # "ỦY BAN THƯỜNG VỤ QUỐC HỘI" under the title
    if not h.issuer or not h.doc_type:
        for text in texts:
            m = _ENACTING_SENTENCE.match(text)
            if m:
                h.issuer = h.issuer or normalise_issuer(m["issuer"])
                h.doc_type = h.doc_type or m["type"]
                break
    for c in doc.closing:
        m = _CLOSING_TYPE.search(c.text)
        if m and not h.doc_type:
            h.doc_type = m["type"][:1].upper() + m["type"][1:]
        m = _CLOSING_ISSUER.search(c.text)
        if m and not h.issuer:
            h.issuer = normalise_issuer(m["issuer"])
    if not h.doc_type and h.symbol:
        h.doc_type = type_of_symbol(h.symbol)
    if not h.date:  # the adoption line, read from the end (cut over lines: the logical lines hold it whole)
        logical = [c.text for s in doc.body.walk() for c in s.clauses][-3:] + [c.text for c in doc.closing[-3:]]
        for text in [*body_texts[::-1], " ".join(logical)]:
            m = _ADOPTED.search(text)
            if m and iso_date(int(m["y"]), int(m["m"]), int(m["d"])):
                h.date = iso_date(int(m["y"]), int(m["m"]), int(m["d"]))
                break
    if not h.issuer and doc.signature and doc.signature.authority:
        authority = re.sub(r"^(?:TM|T/M)\.?\s*", "", doc.signature.authority)
        if authority:
            h.issuer = caps_to_name(authority)


def _fill_from_catalog(doc: Document, catalog: Catalog) -> None:
    """The website's catalogue box fills only what the document's own text left missing, and says so."""
    h = doc.header
    taken = []
    for name, value in (("symbol", catalog.symbol()), ("date", catalog.date()), ("doc_type", catalog.doc_type()),
                        ("issuer", catalog.issuer())):
        if value and not getattr(h, name):
            setattr(h, name, value)
            taken.append(name)
    if h.symbol and not h.number and "symbol" in taken:
        h.number = re.split(r"[/-]", h.symbol)[0]
    if taken:
        doc.warnings.append("lấy " + ", ".join(taken) + " từ phần thông tin của trang web (văn bản không ghi)")


# The former private names, still imported by the unseen-document tests.
_issuer_from_caps = issuer_from_caps
_caps_to_name = caps_to_name


# ---------------------------------------------------------------- preamble

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
                                  and not opens_legal_basis(items[i][0])):
            i += 1
    while i < len(items) and opens_legal_basis(items[i][0]):
        i += 1
    return items[:i], items[i:]


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

    def body_tree(self, items: list[tuple[str, int]], *, root_path: str = "", root_title: str = "",
                  drop_noise: bool = True) -> Section:
        """The heading tree of `items`. Short stray capitals (a stamp, a running header) are dropped from a
        document's body; an attached text keeps every line (its tables have capital header cells)."""
        root = Section(id=f"{self.doc_id}:{root_path or 'body'}", path=root_path, kind="root", label=root_path,
                       title=root_title, level=0,
                       span=(items[0][1] if items else 0, items[-1][1] + len(items[-1][0]) if items else 0))
        stack = [_Frame(root, 0)]
        lead_in: str | None = None
        lead_marker: str | None = None
        untitled: Section | None = None  # "Chương I" alone: its title is the next line
        for text, start in items:
            annex = match_annex(text) if is_all_caps(text) else None
            marker = match_marker(text)
            if annex and not marker:
                marker = annex
            if untitled is not None and marker is None and len(text) <= 250 and (
                    is_all_caps(text) or not text.endswith((".", ";", ":"))):
                untitled.title = text  # "Chương I" / "NHỮNG QUY ĐỊNH CHUNG", "PHỤ LỤC I" / "DANH MỤC ..."
                untitled.span = (untitled.span[0], start + len(text))
                if re.search(r"\d", text):  # "Điều 6." / "Sửa đổi ... Thông tư số 11/2025/TT-BTP": a clause too,
                    # as a title on the number's own line is (_heading_clause): its citation is a fact
                    self._clause(untitled, text, start, kind="heading", breadcrumb=_breadcrumb(stack[:-1]))
                untitled = None
                continue
            untitled = None
            if marker is None and drop_noise and _is_noise(text):
                self.warnings.append(f"bỏ dòng nhiễu: {text!r}")
                continue
            if marker and marker.is_heading:
                while stack[-1].rank >= marker.rank and len(stack) > 1:
                    stack.pop()
                section = self._section(stack[-1].section, marker, text, start)
                stack.append(_Frame(section, marker.rank))
                if not marker.rest and marker.kind in _TITLED_BELOW:
                    untitled = section
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
            kind=marker.kind if marker.kind in ("roman", "arabic", "dotted", "paren", "alpha", "project", "subproject", "annex", "part", "chapter", "muc", "article", "step") else "arabic",  # type: ignore[arg-type]
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
        reader = ClosingReader(lambda text, start: self._clause(holder, text, start, kind="closing", prefix="closing"))
        return reader.read(items)

    def attachments(self, items: list[tuple[str, int]]) -> list[Attachment]:
        """The texts after the signature, each with its own heading tree under f"A{n}"."""
        if not items:
            return []
        cuts = attachment_starts(items)
        if not cuts or cuts[0] != 0:
            cuts = [0, *cuts]
        out = []
        for n, (a, b) in enumerate(zip(cuts, [*cuts[1:], len(items)]), 1):
            part = items[a:b]
            kind, title, caption, symbol, body_from = describe(part)
            path = f"A{n}"
            body = self.body_tree(part[body_from:], root_path=path, root_title=title or "", drop_noise=False)
            out.append(Attachment(id=f"{self.doc_id}:{path}", kind=kind, title=title, body=body, caption=caption,
                                  issuing_symbol=symbol, span=(part[0][1], part[-1][1] + len(part[-1][0]))))
        return out


def _split_title(rest: str) -> tuple[str, str | None]:
    """Heading text -> (short title, inline body). "Phòng Dân tộc:" has no body; "Phạm vi: Kế hoạch ..." has."""
    rest = rest.strip()
    if re.match(r"^(?:Tiểu dự án|Dự án)\s*\d*\s*:", rest) and len(rest) < 240:
        return rest, None  # "Dự án 1: Hỗ trợ đầu tư ..." is the project's name, not a sentence
    m = re.match(r"^(?P<title>[^:]{2,160}?)\s*:\s*(?P<body>\S.*)$", rest)
    if not m and rest.endswith(":") and len(rest) <= 300 and not is_all_caps(rest):
        # "Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban Quản lý Khu kinh tế, ...):" announces the items
        # below it: the whole line is the title the items inherit, not cut at 100 characters
        return rest.rstrip(" :"), None
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
    if marker.kind == "step":
        return "B" + marker.label.split()[-1]
    return marker.label


_KIND_WORDS = {"chapter": "Chương", "article": "Điều", "muc": "Mục"}


def _breadcrumb(stack: list[_Frame]) -> list[str]:
    """Section titles from the top, with their numbers as written ("Chương I NHỮNG QUY ĐỊNH CHUNG",
    "Điều 3. Trách nhiệm", "2.", "a)"); inside an attached text its title comes first."""
    root = stack[0].section if stack else None
    out = [root.title] if root is not None and root.path and root.title else []
    for frame in stack[1:]:
        s = frame.section
        label = s.label if s.kind not in ("project", "subproject") else ""
        if s.kind in _KIND_WORDS:
            label = f"{_KIND_WORDS[s.kind]} {label}"
        if s.kind == "alpha":
            label += ")"
        elif s.kind in ("roman", "arabic", "dotted", "article"):
            label += "."
        out.append(f"{label} {s.title}".strip())
    return out


# Headings whose title may stand on the next line ("Chương I" / "QUY ĐỊNH CHUNG").
_TITLED_BELOW = frozenset({"part", "chapter", "muc", "annex", "roman", "article", "step"})
_STRUCTURAL_CAPS = re.compile(r"^(?:QUYẾT ĐỊNH|NGHỊ QUYẾT|QUYẾT NGHỊ|CHƯƠNG|MỤC|PHẦN|ĐIỀU|PHỤ LỤC|BIỂU)")


def _is_noise(text: str) -> bool:
    """A short ALL-CAPS line without numbering inside the body: a stray running header or stamp."""
    return is_all_caps(text) and len(text.split()) <= 6 and not _STRUCTURAL_CAPS.match(text)
