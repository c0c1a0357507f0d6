"""Carrying what the reader knows about the text's origin onto the parsed `Document`.

The parser (`ingest.structure`) maps every clause back to the decoded source (`Clause.source_span`);
the reader knows which stretches of that source came from OCR and how sure Tesseract was. Joining the
two lets every fact say "read by OCR, confidence 0.87" next to its evidence, and lets a reader of the
graph prefer typed text when a scan disagrees.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from ingest.model import Document

if TYPE_CHECKING:
    from ingest.readers import SourceText


def attach_source_provenance(document: Document, source: SourceText) -> Document:
    """Set `ocr_confidence` on the clauses read by OCR, `ocr_pages` and the reader's notes; in place."""
    document.ocr_pages = list(getattr(source, "ocr_pages", ()))
    document.warnings.extend(note for note in getattr(source, "notes", ()) if note not in document.warnings)
    lines = sorted(getattr(source, "ocr_lines", ()), key=lambda line: line.start)
    if not lines:
        return document
    starts = [line.start for line in lines]
    for clause in document.clauses():
        clause.ocr_confidence = _confidence(lines, starts, *clause.source_span)
    return document


def _confidence(lines, starts: list[int], start: int, end: int) -> float | None:
    """Mean confidence of the OCR lines overlapping [start, end), weighted by the characters shared."""
    index = max(bisect.bisect_right(starts, start) - 1, 0)
    weight = total = 0.0
    while index < len(lines) and lines[index].start < end:
        line = lines[index]
        shared = min(end, line.end) - max(start, line.start)
        if shared > 0:
            weight += shared
            total += shared * line.confidence
        index += 1
    return round(total / weight, 3) if weight else None
