"""Typed records that flow from ingest to the graph, the index and the API.

Everything downstream reads these dataclasses, never raw text layout: the parser may change how it
finds a heading, but a `Clause` stays a `Clause`. Offsets are character offsets; `span` is into the
normalised `Document.text`, `source_span` into the decoded source file (see `ingest.text.OffsetMap`).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Span = tuple[int, int]

HeadingKind = Literal[
    "roman",  # I.  II.
    "arabic",  # 1.
    "dotted",  # 1.1.  1.1.1. (depth in `Section.depth_hint`)
    "paren",  # (1)
    "alpha",  # a)
    "project",  # Dự án 4: ...  (unnumbered programme project)
    "subproject",  # Tiểu dự án 2: ...
    "annex",  # Phụ lục / Biểu
    "part",  # Phần I, A.
    "chapter",  # Chương I
    "muc",  # Mục 1
    "article",  # Điều 5.
    "step",  # Bước 1: (a procedure's steps)
    "root",
]


@dataclass
class Header:
    """The administrative header (thể thức) of a document; every field may be missing."""

    issuer: str | None = None  # "Ủy ban nhân dân huyện Phong Thổ"
    issuer_parent: str | None = None  # "Ủy ban nhân dân tỉnh Lai Châu" where the header shows it
    symbol: str | None = None  # "133/KH-UBND"
    number: str | None = None  # "133"
    place: str | None = None  # "Phong Thổ"
    date: str | None = None  # ISO "2024-04-15"
    doc_type: str | None = None  # "Kế hoạch"
    title: str | None = None  # trích yếu
    span: Span | None = None
    authority: str | None = None  # the enacting body under the title: "ỦY BAN THƯỜNG VỤ QUỐC HỘI"


@dataclass
class Signature:
    authority: str | None = None  # "TM. ỦY BAN NHÂN DÂN"
    capacity: str | None = None  # "KT. CHỦ TỊCH"
    position: str | None = None  # "PHÓ CHỦ TỊCH"
    signer: str | None = None  # "Trịnh Văn Đoàn"
    span: Span | None = None


@dataclass
class Clause:
    """The smallest addressable unit of text: a paragraph, a bullet, or a heading's own sentence."""

    id: str  # stable: f"{doc_id}:{section_path}.p{n}" e.g. "001_x:V.4.p2"
    doc_id: str
    section_id: str
    text: str
    span: Span
    source_span: Span
    kind: Literal["paragraph", "bullet", "heading", "preamble", "closing"] = "paragraph"
    marker: str | None = None  # "-", "+", "*" for bullets
    breadcrumb: list[str] = field(default_factory=list)  # section titles from the top, with numbers
    lead_in: str | None = None  # the bullet ending in ":" that introduces this one, if any
    ocr_confidence: float | None = None  # 0..1 when the text was read by OCR (mean over its lines), else None


@dataclass
class Section:
    id: str  # f"{doc_id}:{path}" e.g. "000_x:IV.1.1.3.c"
    path: str  # "IV.1.1.3.c"; the document's own numbering, "" for the root
    kind: HeadingKind
    label: str  # as written: "IV", "1.1.3", "c", "Dự án 4"
    title: str  # heading text without its number
    level: int
    span: Span
    children: list[Section] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    project: str | None = None  # "Dự án 4" when the heading names a programme project
    subproject: str | None = None  # "Tiểu dự án 2"

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class OcrPage:
    """A page of the source that was read by OCR, not from a text layer (see `ingest.readers.ocr`)."""

    page: int  # 1-based
    confidence: float  # mean word confidence, 0..1
    source_span: Span  # of the page's text in the decoded source
    engine: str  # "tesseract 5.3.0 (vie)"
    seconds: float = 0.0


@dataclass
class Attachment:
    """A text issued with the document and printed after its signature: a Quy định, Quy chế, Quy trình or
    Điều lệ "ban hành kèm theo" it, or an annex. Its body has its own heading tree; its sections and
    clauses have ids under f"{doc_id}:A{n}" and belong to the issuing document."""

    id: str  # f"{doc_id}:A1"
    kind: str | None  # "Quy chế", "Quy trình", "Phụ lục"; None for text after the signature without title
    title: str | None  # as written: "QUY CHẾ PHỐI HỢP TRONG CÔNG TÁC ..."
    body: Section  # root (kind="root", path "A1")
    caption: str | None = None  # "(Ban hành kèm theo Quyết định số 26/2025/QĐ-UBND ngày ... của ...)"
    issuing_symbol: str | None = None  # "26/2025/QĐ-UBND": the document that issues it (normally this one)
    span: Span | None = None


@dataclass
class Document:
    id: str  # stable, from the file name: re-ingesting the same file gives the same id
    source: str  # file name as given
    sha256: str  # of the source bytes: a changed file replaces its old version
    text: str  # normalised (NFC, lines joined, noise dropped)
    header: Header
    preamble: list[Clause]  # "Căn cứ ...", "Thực hiện ..." before the body
    body: Section  # root section (kind="root") holding the heading tree
    closing: list[Clause]  # "Trên đây là ...", "Nơi nhận", signature block
    signature: Signature | None = None
    recipients: list[str] = field(default_factory=list)
    annexes: list[str] = field(default_factory=list)  # "Biểu chi tiết số 01-02", "Phụ lục I"
    attachments: list[Attachment] = field(default_factory=list)  # texts printed after the signature
    source_map: Any = None  # ingest.text.OffsetMap (not serialised)
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[OcrPage] = field(default_factory=list)  # pages read by OCR; empty for typed text

    def sections(self):
        """Every section: the body's, then each attachment's (its root included)."""
        out = list(self.body.walk())
        for attachment in self.attachments:
            out.extend(attachment.body.walk())
        return out

    def clauses(self) -> list[Clause]:
        """Every clause in document order: preamble, body, closing, then the attachments."""
        out = list(self.preamble)
        for sec in self.body.walk():
            out.extend(sec.clauses)
        out.extend(self.closing)
        for attachment in self.attachments:
            for sec in attachment.body.walk():
                out.extend(sec.clauses)
        return out

    def clause(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses() if c.id == clause_id), None)


# ---------------------------------------------------------------- extracted facts

# basis (Căn cứ), implements (Thực hiện/Triển khai), amends, replaces, repeals, considered (Xét Tờ trình,
# Báo cáo thẩm tra: proposals, not legal bases), mention; see ingest.extract.relations
Relation = Literal["basis", "implements", "amends", "replaces", "repeals", "considered", "mention"]
Role = Literal["lead", "cooperate", "in_charge_commune", "co_in_charge_commune", "report_to"]


@dataclass
class Reference:
    """A citation of another document, as read from one clause."""

    text: str  # the clause (or sentence) it was read from
    clause_id: str
    span: Span  # of the citation inside Document.text
    relation: Relation
    symbol: str | None = None  # normalised "90/QĐ-TTg"
    number: str | None = None
    year: int | None = None
    doc_type: str | None = None  # "Quyết định"
    doc_type_detail: str | None = None  # "Thông tư liên tịch"
    issuer: str | None = None  # "Thủ tướng Chính phủ"
    date: str | None = None  # ISO
    title: str | None = None  # "về phê duyệt ..."
    name: str | None = None  # for citations without a number: "Luật Ngân sách nhà nước"
    as_written: str | None = None
    provisions: str | None = None  # the parts a change names: "khoản 2 Điều 12" (amends/replaces/repeals)


@dataclass
class Agency:
    name: str  # as written
    canonical: str  # "Phòng Lao động - Thương binh và Xã hội"
    kind: str | None = None  # shared agency type key, e.g. "phong-lao-dong-thuong-binh-xa-hoi"
    locality: str | None = None  # "huyện Phong Thổ"
    generic: bool = False  # "các cơ quan liên quan"


@dataclass
class Assignment:
    agency: Agency
    role: Role
    text: str
    clause_id: str
    span: Span
    task: str | None = None
    commune: str | None = None  # for in_charge_commune / co_in_charge_commune
    communes: list[str] = field(default_factory=list)
    reporter: Agency | None = None  # for report_to: who reports
    verb: str | None = None
    project: str | None = None


@dataclass
class Place:
    name: str  # "Sì Lở Lầu"
    level: str | None  # "xã", "phường", "thị trấn", "bản", "thôn", "huyện", "thị xã", "tỉnh"
    text: str
    clause_id: str
    span: Span
    code: str | None = None  # official administrative code where the gazetteer knows it
    district: str | None = None
    province: str | None = None


@dataclass
class Target:
    indicator: str
    value: float
    text: str
    clause_id: str
    span: Span
    unit: str | None = None
    comparator: str = "="  # "=", ">", ">=", "<", "<=", "~", "range"
    value_max: float | None = None
    of: float | None = None  # denominator: 8/16 xã -> value 8, of 16
    year: int | None = None
    kind: str = "target"  # "target", or "beneficiary_count" for numbers of people/turns served
    # the one commune the text sets it for ("- Xã Tân Lập: 120 hộ"); None where it names none or several
    commune: str | None = None  # "Tân Lập"
    commune_level: str | None = None  # "xã", "phường", "thị trấn", "đặc khu"
    commune_code: str | None = None  # official code where the gazetteer is sure


@dataclass
class Budget:
    amount_million_vnd: float
    text: str
    clause_id: str
    span: Span
    source: str | None = None  # "NSTW", "NSĐP", "vốn tín dụng", "lồng ghép", "dân góp"
    purpose: str | None = None
    programme: str | None = None
    amount_as_written: str | None = None
    capital_type: str | None = None  # "vốn đầu tư", "vốn sự nghiệp"
    unit_rate: str | None = None  # "nhà" for "40 triệu đồng/nhà": an amount per unit, not a total
    approx: bool = False  # "khoảng", "dự kiến khoảng"
    parent_amount_million_vnd: float | None = None  # the total this line breaks down
    year: int | None = None  # the year the money is for ("Kinh phí năm 2026: ..."), where the text says one
    commune: str | None = None  # the one commune the text sets it for, as on Target
    commune_level: str | None = None
    commune_code: str | None = None


@dataclass
class Extraction:
    """Every fact read from one document: one list per kind of fact of the registry (`ingest/facts.py`),
    named as the kind."""

    document: Document
    references: list[Reference] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    budgets: list[Budget] = field(default_factory=list)


def to_dict(obj: Any) -> dict:
    """Plain-JSON view of a record (drops the offset map)."""
    data = asdict(obj)
    data.pop("source_map", None)
    return data
