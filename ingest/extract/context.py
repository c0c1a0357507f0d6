"""What an extractor may know about the clause it reads, beyond the clause's own text.

Vietnamese plans often leave the subject of a task in the heading ("2.1. Phòng Dân tộc" then
"- Chủ trì, phối hợp ..."), and whether a citation is a legal basis depends on where it stands, so every
component gets the clause's place in the document, not only its words.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ClauseContext:
    doc_id: str
    clause_id: str
    section_path: str = ""  # "VI.2.1"
    section_title: str = ""  # title of the innermost heading: "Phòng Lao động - Thương binh và Xã hội"
    breadcrumb: tuple[str, ...] = ()  # titles from the top heading down to the innermost one
    in_preamble: bool = False  # the opening "Căn cứ ... / Thực hiện ..." block
    in_closing: bool = False  # "Trên đây là ...", "Nơi nhận", signature
    lead_in: str | None = None  # the bullet ending with ":" that introduces this clause
    # the paragraph above that only names a body ("Sở Y tế", "2. Sở Tài chính:") and whose tasks follow it
    subject_line: str | None = None
    project: str | None = None  # "Dự án 4" when inside a programme project heading
    subproject: str | None = None  # "Tiểu dự án 2"
    issuer: str | None = None  # the document's issuer: "Ủy ban nhân dân huyện Phong Thổ"
    locality: str | None = None  # "huyện Phong Thổ" (the issuer's area), used to scope agencies
    province: str | None = None  # "Lai Châu" when known
    province_area: str | None = None  # "tỉnh Lai Châu": the province the issuer's area lies in, when known
    doc_year: int | None = None
    doc_type: str | None = None  # the document's own type ("Quyết định"): an act of the same type it lapses, it replaces
    doc_title: str | None = None  # its title (trích yếu): "Ban hành Quy chế phối hợp ..."
    table_header: str | None = None  # the header row of the Markdown table this clause is a row of
    # the paragraph ending with ":" that closes the parent section's text and announces its numbered items
    # ("… Văn phòng X và các văn phòng Y cụ thể hoá để tổ chức thực hiện, trong đó, cần tập trung một số nhiệm
    # vụ trọng tâm sau:" then "(1) …", "(2) …")
    parent_lead_in: str | None = None
    extra: dict = field(default_factory=dict, hash=False, compare=False)
