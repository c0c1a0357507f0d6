"""Programmes, their projects and periods, read from titles by general rules.

A decision whose title says "phê duyệt Chương trình ..." approves a programme; a plan's "Dự án 4" belongs
to the programme its own title (or the heading above) names most closely. No programme name is listed
here: a new programme in an unseen document is found the same way.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from graph.slug import slug

_APPROVES = re.compile(r"phê\s+duyệt\s+(chương\s+trình\b[^;]*)", re.IGNORECASE)
_PERIOD = re.compile(r"giai\s+đoạn\s+(?:[IVX]+\s+)?(?:từ\s+)?((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)", re.IGNORECASE)
_YEAR = re.compile(r"\bnăm\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_PROJECT = re.compile(r"^(tiểu\s+dự\s+án|dự\s+án)\s*(\d+[a-z]?)?\b", re.IGNORECASE)

# Words every programme name shares: they say nothing about which programme is meant.
_GENERIC_TOKENS = frozenset(
    ["chuong", "trinh", "muc", "tieu", "quoc", "gia", "giai", "doan", "nam", "va", "cac", "ve", "phe", "duyet", "thuc", "hien", "ke", "hoach", "tren", "dia", "ban", "huyen", "tinh", "xa", "cua", "den", "trong", "cho"]
)


@dataclass(frozen=True)
class Period:
    start: int
    end: int


def approved_programme(title: str | None) -> str | None:
    """The programme a decision approves, from its title ("về phê duyệt Chương trình ...")."""
    if not title:
        return None
    match = _APPROVES.search(unicodedata.normalize("NFC", title))
    if not match:
        return None
    name = " ".join(match.group(1).split()).rstrip(" .,;:")
    return name[0].upper() + name[1:]


_IN_TITLE = re.compile(r"(chương\s+trình\b.*)", re.IGNORECASE)
_PERIOD_PHRASES = re.compile(
    r"[,;]?\s*(?:giai\s+đoạn\s+(?:[IVX]+\s+)?(?:từ\s+)?(?:năm\s+)?(?:19|20)\d\d(?:\s*[-–—]\s*(?:19|20)\d\d)?"
    r"|(?:đến|vào)?\s*năm\s+(?:19|20)\d\d)",
    re.IGNORECASE,
)
_PLACE_TAIL = re.compile(r"\s+(?:trên\s+địa\s+bàn|tại|của)\s+.*$", re.IGNORECASE)


def programme_name(name: str) -> str:
    """The programme without its phase or place: phases of one programme meet on one node.

    "Chương trình MTQG giảm nghèo bền vững, giai đoạn 2021-2025 trên địa bàn thị xã Mường Lay" ->
    "Chương trình MTQG giảm nghèo bền vững" (the decisions approving each phase stay distinct).
    """
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    name = name.split(";")[0]
    name = _PLACE_TAIL.sub("", name)
    name = _PERIOD_PHRASES.sub("", name)
    name = " ".join(name.split()).rstrip(" .,;:-–")
    return name[0].upper() + name[1:] if name else name


def programme_in_title(title: str | None) -> str | None:
    """The programme a plan's own title names ("Kế hoạch thực hiện Chương trình ... năm 2022")."""
    if not title:
        return None
    match = _IN_TITLE.search(unicodedata.normalize("NFC", title))
    if not match:
        return None
    name = programme_name(match.group(1))
    return name if distinctive_tokens(name) else None


def period_of(text: str | None) -> Period | None:
    """"giai đoạn 2021-2025" -> 2021..2025; "năm 2024" -> 2024..2024."""
    if not text:
        return None
    text = unicodedata.normalize("NFC", text)
    match = _PERIOD.search(text)
    if match:
        start, end = int(match.group(1)), int(match.group(2))
        return Period(min(start, end), max(start, end))
    match = _YEAR.search(text)
    if match:
        year = int(match.group(1))
        return Period(year, year)
    return None


def distinctive_tokens(text: str) -> frozenset[str]:
    return frozenset(t for t in slug(text).split("-") if t and not t.isdigit() and t not in _GENERIC_TOKENS)


def best_programme(context: str, candidates: list[str], *, threshold: float = 0.6) -> str | None:
    """The candidate programme name that the context (a title, a heading) names most closely.

    Score = share of the candidate's distinctive words found in the context; a single candidate wins
    when the context says nothing against it (no distinctive words at all).
    """
    if not candidates:
        return None
    context_tokens = distinctive_tokens(context)
    scored = []
    for name in candidates:
        tokens = distinctive_tokens(name)
        score = len(tokens & context_tokens) / len(tokens) if tokens else 0.0
        scored.append((score, name))
    scored.sort(key=lambda item: -item[0])
    best_score, best = scored[0]
    if len(scored) > 1 and scored[1][0] == best_score:
        return None
    if best_score >= threshold:
        return best
    if len(candidates) == 1 and not context_tokens:
        return best
    return None


def project_label(label: str | None) -> str | None:
    """"DỰ ÁN 4: Phát triển ..." -> "Dự án 4"; "Tiểu dự án 2" stays."""
    if not label:
        return None
    match = _PROJECT.match(unicodedata.normalize("NFC", label.strip()))
    if not match:
        return None
    head = "Tiểu dự án" if match.group(1).lower().startswith("tiểu") else "Dự án"
    return f"{head} {match.group(2)}" if match.group(2) else head
