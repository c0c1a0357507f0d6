"""Hits for people (a ranked list with where each clause stands and the matched words marked) and
for the scorer (the JSON `score.py search` reads)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from search.index import Hit

Style = Literal["rich", "ansi", "plain"]
MAX_EVIDENCE_CHARS = 1_500  # the scorer ignores longer texts: a clause, not a section, is evidence

_ANSI_ON, _ANSI_OFF = "\x1b[1;33m", "\x1b[0m"


def best_window(text: str, spans: Sequence[tuple[int, int]], width: int) -> tuple[int, int]:
    """The `width`-character window holding the most highlighted characters, moved to word edges."""
    if len(text) <= width:
        return 0, len(text)
    if not spans:
        start = 0
    else:
        best, start = -1, spans[0][0]
        for s, _ in spans:
            lo = max(0, min(s - width // 4, len(text) - width))
            hi = lo + width
            covered = sum(min(e, hi) - max(b, lo) for b, e in spans if e > lo and b < hi)
            if covered > best:
                best, start = covered, lo
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start, start + 20)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", end - 20, end)
        end = space if space > start else end
    return start, end


def snippet(text: str, spans: Sequence[tuple[int, int]], *, width: int = 280, style: Style = "rich") -> str:
    start, end = best_window(text, spans, width)
    pieces = ["…" if start > 0 else ""]
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        pieces.append(_plain(text[pos:s], style))
        pieces.append(_mark(text[s:e], style))
        pos = e
    pieces.append(_plain(text[pos:end], style))
    pieces.append("…" if end < len(text) else "")
    return "".join(pieces)


def format_hits(hits: Sequence[Hit], *, style: Style = "rich", width: int = 280) -> str:
    """A readable ranked list: rank, score, file and clause id, breadcrumb, then the snippet."""
    if not hits:
        return "Không tìm thấy điều khoản nào phù hợp."
    blocks = []
    for hit in hits:
        p = hit.passage
        ranks = ", ".join(f"{name} #{r}" for name, r in (("ngữ nghĩa", hit.dense_rank), ("từ khóa", hit.lexical_rank))
                          if r is not None)
        head = f"{hit.rank}. {p.source} · {p.id} · {hit.score:.4f}" + (f" ({ranks})" if ranks else "")
        lines = [_bold(head, style)]
        if p.context:
            lines.append("   " + _dim(p.context, style))
        lines.append("   " + snippet(p.text, hit.highlights, width=width, style=style))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def evidence_text(hit: Hit) -> str:
    """The clause text, or when it is too long for the scorer the window around the matches."""
    text = hit.passage.text
    if len(text) <= MAX_EVIDENCE_CHARS:
        return text
    start, end = best_window(text, hit.highlights, MAX_EVIDENCE_CHARS)
    return text[start:end]


def hits_to_eval_json(query: str, hits: Sequence[Hit]) -> dict[str, Any]:
    """The object `score.py search` reads for one query."""
    return {
        "query": query,
        "results": [{"source": h.passage.source, "clause": h.passage.id, "text": evidence_text(h),
                     "score": round(float(h.score), 6)} for h in hits],
    }


def _plain(text: str, style: Style) -> str:
    if style == "rich":
        from rich.markup import escape

        return escape(text)
    return text


def _mark(text: str, style: Style) -> str:
    if style == "rich":
        return f"[bold yellow]{_plain(text, style)}[/bold yellow]"
    if style == "ansi":
        return f"{_ANSI_ON}{text}{_ANSI_OFF}"
    return f"«{text}»"


def _bold(text: str, style: Style) -> str:
    if style == "rich":
        return f"[bold]{_plain(text, style)}[/bold]"
    if style == "ansi":
        return f"\x1b[1m{text}{_ANSI_OFF}"
    return text


def _dim(text: str, style: Style) -> str:
    if style == "rich":
        return f"[dim]{_plain(text, style)}[/dim]"
    if style == "ansi":
        return f"\x1b[2m{text}{_ANSI_OFF}"
    return text
