"""JSON round-trip of documents and extractions, so a build folder holds everything the service needs
without re-reading the sources (and a reload is exact)."""
from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from ingest.model import (
    Agency,
    Assignment,
    Attachment,
    Budget,
    Clause,
    Document,
    Extraction,
    Header,
    OcrPage,
    Place,
    Reference,
    Section,
    Signature,
    Target,
)
from ingest.text import OffsetMap

FORMAT_VERSION = 1


def _tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _build(cls: type, data: dict) -> Any:
    names = {f.name for f in fields(cls)}
    kwargs = {k: v for k, v in data.items() if k in names}
    for key in ("span", "source_span"):
        if key in kwargs:
            kwargs[key] = _tuple(kwargs[key])
    return cls(**kwargs)


def _section(data: dict) -> Section:
    section = _build(Section, {**data, "children": [], "clauses": []})
    section.children = [_section(c) for c in data.get("children", [])]
    section.clauses = [_build(Clause, c) for c in data.get("clauses", [])]
    return section


def _attachment(data: dict) -> Attachment:
    attachment = _build(Attachment, {**data, "body": None})
    attachment.body = _section(data["body"])
    return attachment


def document_to_dict(doc: Document) -> dict:
    data = asdict(doc)
    omap = data.pop("source_map", None)
    if isinstance(doc.source_map, OffsetMap):
        m = doc.source_map
        data["source_map"] = [m.norm_starts, m.norm_lens, m.src_starts, m.src_lens]
    elif omap is None:
        data["source_map"] = None
    return data


def document_from_dict(data: dict) -> Document:
    omap = None
    if data.get("source_map"):
        omap = OffsetMap(*[list(x) for x in data["source_map"]])
    return Document(
        id=data["id"],
        source=data["source"],
        sha256=data.get("sha256", ""),
        text=data["text"],
        header=_build(Header, data.get("header") or {}),
        preamble=[_build(Clause, c) for c in data.get("preamble", [])],
        body=_section(data["body"]),
        closing=[_build(Clause, c) for c in data.get("closing", [])],
        signature=_build(Signature, data["signature"]) if data.get("signature") else None,
        recipients=list(data.get("recipients", [])),
        annexes=list(data.get("annexes", [])),
        attachments=[_attachment(a) for a in data.get("attachments", [])],
        source_map=omap,
        warnings=list(data.get("warnings", [])),
        ocr_pages=[_build(OcrPage, page) for page in data.get("ocr_pages", [])],
    )


def extraction_to_dict(ex: Extraction) -> dict:
    return {
        "format": FORMAT_VERSION,
        "document": document_to_dict(ex.document),
        "references": [asdict(r) for r in ex.references],
        "assignments": [asdict(a) for a in ex.assignments],
        "places": [asdict(p) for p in ex.places],
        "targets": [asdict(t) for t in ex.targets],
        "budgets": [asdict(b) for b in ex.budgets],
    }


def _assignment(data: dict) -> Assignment:
    a = _build(Assignment, data)
    a.agency = _build(Agency, data["agency"])
    a.reporter = _build(Agency, data["reporter"]) if data.get("reporter") else None
    return a


def extraction_from_dict(data: dict) -> Extraction:
    return Extraction(
        document=document_from_dict(data["document"]),
        references=[_build(Reference, r) for r in data.get("references", [])],
        assignments=[_assignment(a) for a in data.get("assignments", [])],
        places=[_build(Place, p) for p in data.get("places", [])],
        targets=[_build(Target, t) for t in data.get("targets", [])],
        budgets=[_build(Budget, b) for b in data.get("budgets", [])],
    )
