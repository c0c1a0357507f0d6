"""A document's outline as plain text: header, legal basis, heading tree with clause ids, closing, and the
texts attached after the signature (each with its own heading tree)."""
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
    lines.extend(_tree(doc.body))
    if doc.closing or doc.signature or doc.recipients:
        lines.append("Kết thúc:")
        lines.extend(f"  [{c.id}] {_short(c.text)}" for c in doc.closing)
        if doc.recipients:
            lines.append(f"  Nơi nhận: {'; '.join(doc.recipients)}")
        s = doc.signature
        if s:
            lines.append("  Ký: " + " / ".join(x for x in (s.authority, s.capacity, s.position, s.signer) if x))
    for attachment in doc.attachments:
        kind = attachment.kind or "Văn bản kèm theo"
        lines.append(f"{kind} <{attachment.body.path}>: {_short(attachment.title or '—', 80)}")
        if attachment.caption:
            lines.append(f"  {_short(attachment.caption)}")
        lines.extend(_tree(attachment.body))
    if doc.annexes:
        lines.append("Phụ lục, biểu kèm theo: " + "; ".join(doc.annexes))
    if doc.warnings:
        lines.append("Cảnh báo: " + "; ".join(doc.warnings))
    return "\n".join(lines)


_SUFFIX = {"roman": ".", "arabic": ".", "dotted": ".", "article": ".", "alpha": ")"}
_PREFIX = {"chapter": "Chương ", "article": "Điều ", "muc": "Mục ", "part": "Phần "}


def _tree(root) -> list[str]:
    lines = []
    for section in root.walk():
        indent = "  " * section.level
        if section.kind != "root":
            label = _PREFIX.get(section.kind, "") + section.label + _SUFFIX.get(section.kind, "")
            lines.append(f"{indent}{label} {_short(section.title, 80)}  <{section.path}>")
        for c in section.clauses:
            mark = f"{c.marker} " if c.marker else ""
            lines.append(f"{indent}  [{c.id}] {mark}{_short(c.text, 70)}")
    return lines
