"""What the search index holds: one passage per clause, with the context a reader needs to judge it.

A bullet such as "- Thu nhập bình quân đạt 45 triệu đồng/người" means little without "Chỉ tiêu cụ thể
đến năm 2025" above it and the plan's title, so each passage carries the document title, the heading
breadcrumb and the lead-in, kept apart from the clause text (the text is what is quoted as evidence).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from ingest.facts import facts_of
from ingest.model import Clause, Document, Extraction, Section
from ingest.text import fold
from ingest.vocab.admin import locality_of

MetadataValue = str | int | list[str]


@dataclass(frozen=True)
class Passage:
    id: str  # the clause id
    doc_id: str
    source: str  # file name of the document
    text: str  # the clause text itself: what answers are quoted from
    context: str = ""  # "title › heading › sub-heading › lead-in"
    metadata: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Passage:
        return cls(id=data["id"], doc_id=data["doc_id"], source=data["source"], text=data["text"],
                   context=data.get("context", ""), metadata=dict(data.get("metadata") or {}))

    @property
    def group(self) -> str | None:
        """The part of its document the clause is listed in (its headings and lead-in), or None for a
        clause under its document's title alone: clauses of one group are one list of like lines."""
        if CONTEXT_SEPARATOR not in self.context:
            return None
        return f"{self.doc_id}\x1f{self.context}"


CONTEXT_SEPARATOR = " › "

def passages_from_document(doc: Document, *, title: str | None = None,
                           extraction: Extraction | None = None,
                           extra_metadata: dict[str, Any] | None = None) -> list[Passage]:
    """One passage per clause of `doc`. `title` overrides the header's title (cut-off headers);
    `extraction`, when given, adds the agencies, communes and programmes each clause names."""
    header = doc.header
    doc_title = title if title is not None else document_label(doc)
    sections = {s.id: s for s in doc.sections()}
    per_clause = _facts_by_clause(extraction) if extraction else {}
    year = _year(header.date)
    base: dict[str, Any] = {"doc_id": doc.id}
    if header.issuer:
        base["issuer"] = header.issuer
    if year is not None:
        base["year"] = year
    locality = locality_of(header.issuer) or (header.place or None)
    if locality:
        base["locality"] = locality
    if header.doc_type:
        base["doc_type"] = header.doc_type
    if header.symbol:
        base["symbol"] = header.symbol
    base.update(extra_metadata or {})

    out: list[Passage] = []
    for clause in doc.clauses():
        text = clause.text.strip()
        if not text:
            continue
        metadata = dict(base)
        metadata["kind"] = clause.kind
        section = sections.get(clause.section_id)
        programme = _programme(section)
        facts = per_clause.get(clause.id, {})
        if programme or facts.get("programme"):
            metadata["programme"] = sorted({*programme, *facts.get("programme", ())})
        for key in ("agencies", "communes"):
            if facts.get(key):
                metadata[key] = sorted(facts[key])
        out.append(Passage(id=clause.id, doc_id=doc.id, source=doc.source, text=text,
                           context=clause_context(clause, doc_title), metadata=metadata))
    return out


def clause_context(clause: Clause, doc_title: str | None) -> str:
    parts = [p for p in (doc_title, *clause.breadcrumb) if p and p.strip()]
    if clause.lead_in and clause.lead_in.strip() != clause.text.strip():
        parts.append(clause.lead_in)
    return CONTEXT_SEPARATOR.join(_one_line(p) for p in parts)


def document_label(doc: Document) -> str | None:
    """"Kế hoạch 245/KH-UBND của Ủy ban nhân dân huyện Phong Thổ: Thực hiện Chương trình ..." — what
    the document is, who issued it and what it is about, so a question that names the plan's symbol,
    issuer or place finds its clauses even when the clause itself never repeats them."""
    header = doc.header
    kind = " ".join(p for p in (header.doc_type, header.symbol, _written_date(header.date)) if p)
    who = f"của {header.issuer}" if header.issuer else ""
    title = _one_line(header.title) if header.title else ""
    if header.doc_type and fold(title).startswith(fold(header.doc_type) + " "):
        title = title[len(header.doc_type):].strip()  # "Kế hoạch triển khai ..." already says the type
    lead = " ".join(p for p in (kind, who) if p)
    if lead and title:
        return f"{lead}: {title}"
    return lead or title or None


def _programme(section: Section | None) -> list[str]:
    if section is None:
        return []
    return [p for p in (section.project, section.subproject) if p]


def _facts_by_clause(extraction: Extraction) -> dict[str, dict[str, set[str]]]:
    out: dict[str, dict[str, set[str]]] = {}

    def add(clause_id: str, key: str, values: Iterable[str | None]) -> None:
        bucket = out.setdefault(clause_id, {}).setdefault(key, set())
        bucket.update(v for v in values if v)

    for kind, records in facts_of(extraction):  # what each kind of fact adds (ingest/facts.py)
        for record in records:
            for key, values in kind.passage(record).items():
                add(record.clause_id, key, values)
    return out


def _year(date: str | None) -> int | None:
    match = re.match(r"(\d{4})", date or "")
    return int(match.group(1)) if match else None


def _written_date(iso: str | None) -> str | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    if not match:
        return None
    year, month, day = match.groups()
    return f"ngày {day}/{int(month)}/{year}"


def _one_line(text: str) -> str:
    return " ".join(text.split())
