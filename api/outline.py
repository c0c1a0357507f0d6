"""A document's outline as plain text: header, legal basis, heading tree with clause ids, closing."""
from __future__ import annotations

from ingest.model import Document


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def render_outline(doc: Document) -> str:
    h = doc.header
    lines = [
        f"{doc.id}  ({doc.source})",
        f"  Loại: {h.doc_type or '—'}   Số: {h.symbol or '—'}   Ngày: {h.date or '—'}   Nơi ban hành: {h.place or '—'}",
        f"  Cơ quan ban hành: {h.issuer or '—'}",
        f"  Trích yếu: {h.title or '—'}",
    ]
    if doc.preamble:
        lines.append("Căn cứ:")
        lines.extend(f"  [{c.id}] {_short(c.text)}" for c in doc.preamble)
    lines.append("Nội dung:")
    for section in doc.body.walk():
        indent = "  " * section.level
        if section.kind != "root":
            label = section.label + ("." if section.kind in ("roman", "arabic", "dotted") else ")" if section.kind == "alpha" else "")
            lines.append(f"{indent}{label} {_short(section.title, 80)}  <{section.path}>")
        for c in section.clauses:
            mark = f"{c.marker} " if c.marker else ""
            lines.append(f"{indent}  [{c.id}] {mark}{_short(c.text, 70)}")
    if doc.closing or doc.signature or doc.recipients:
        lines.append("Kết thúc:")
        lines.extend(f"  [{c.id}] {_short(c.text)}" for c in doc.closing)
        if doc.recipients:
            lines.append(f"  Nơi nhận: {'; '.join(doc.recipients)}")
        s = doc.signature
        if s:
            lines.append("  Ký: " + " / ".join(x for x in (s.authority, s.capacity, s.position, s.signer) if x))
    if doc.annexes:
        lines.append("Phụ lục, biểu kèm theo: " + "; ".join(doc.annexes))
    if doc.warnings:
        lines.append("Cảnh báo: " + "; ".join(doc.warnings))
    return "\n".join(lines)
