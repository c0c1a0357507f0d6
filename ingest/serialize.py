"""JSON round-trip of documents and extractions, so a build folder holds everything the service needs
without re-reading the sources (and a reload is exact)."""
from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from ingest.facts import FACTS, FactKind, facts_of
from ingest.model import (
    Attachment,
    Clause,
    Document,
    Extraction,
    Header,
    OcrPage,
    Section,
    Signature,
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
        **{kind.name: [asdict(r) for r in records] for kind, records in facts_of(ex)},
    }


def _fact(kind: FactKind, data: dict) -> Any:
    """A fact record from its dict; fields that hold records (an assignment's agency) rebuilt as records."""
    record = _build(kind.record, data)
    for name, cls in kind.nested.items():
        setattr(record, name, _build(cls, data[name]) if data.get(name) else None)
    return record


def extraction_from_dict(data: dict) -> Extraction:
    return Extraction(
        document=document_from_dict(data["document"]),
        **{kind.name: [_fact(kind, r) for r in data.get(kind.name, [])] for kind in FACTS},
    )
