"""The one commune a target or a budget is set for, where the text ties it to one.

Plans break their goals and money down by commune in a few shapes: a line or a table row labelled with the
commune ("- Xã Tân Lập: 120 hộ", "xã Tân Lập 120 hộ, xã Hòa Bình 80 hộ" inside brackets), a commune as the
subject ("UBND xã Tân Lập phấn đấu đạt 100% …", "Xã Hòa Bình phấn đấu …"), a commune as the place of the
figure ("xây dựng 03 mô hình tại xã Tân Lập", "tỷ lệ hộ nghèo của xã Hòa Bình"), or a heading or lead-in that
names the commune the lines below are about ("3. Xã Tân Lập" / "- UBND xã Hòa Bình:"). Everywhere else the
figure is left without a commune: a clause that names several communes ("các xã Tân Lập, Hòa Bình đạt 100%")
does not say which figure is whose, and a commune named in another sentence or clause says nothing about it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.extract.context import ClauseContext
from ingest.extract.places import COMMUNE_LEVELS, find_places
from ingest.model import Place

# What may stand between the start of a line and the commune that labels or opens it: list markers and the
# people's committee whose commune it is ("- UBND xã", "2. Ủy ban nhân dân phường").
_HEAD = re.compile(
    r"^[\s\-+*•]*(?:\(?\d{1,2}(?:\.\d{1,2})*[.)]\s*|[a-zđ]\)\s*)?(?:(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+)?$"
)
# A preposition that makes the commune the place of the figure.
_AT = re.compile(r"\b(?:tại|ở|của|thuộc|trên địa bàn|cho)\s+(?:(?:ủy ban nhân dân|ubnd)\s+)?$")
# What may stand between a labelling commune and its figure: "xã Tân Lập: 120 hộ", "xã Tân Lập - 120 hộ".
_GLUE = re.compile(r"^\s*[:\-–]?\s*(?:(?:là|có|đạt|khoảng|gồm)\s+)?$")
# The commune inside the indicator's noun phrase: "tỷ lệ hộ nghèo xã Tân Lập giảm còn 5%".
_INDICATOR = re.compile(r"\b(?:tỷ lệ|tỉ lệ|tổng số|số lượng|thu nhập|diện tích|sản lượng)\b[^,;:()]{0,40}$")
# A figure, its unit and a short population noun right before the commune: "100% hộ dân xã", "50 hộ xã".
_POPULATION = re.compile(r"^[\d.,]+\s*(?:%|\S+)?(?:\s+(?!và\b|hoặc\b|tại\b)[^\s,;:()\d]+){0,3}\s+$")
_ITEM_STOP = re.compile(r"[.;!?](?=\s|$)")


def commune_for(text: str, start: int, ctx: ClauseContext) -> Place | None:
    """The commune that the figure at `start` of the clause `text` is set for, or None where the text ties it to
    none (or to several)."""
    communes = _communes(text, ctx)
    if communes:
        return _in_the_clause(text, start, communes)
    for heading in (ctx.lead_in, ctx.section_title):
        if heading:
            found = _heading_commune(heading, ctx)
            if found is not None:
                return found
    return None


def commune_fields(place: Place | None) -> dict[str, str | None]:
    """The `commune`, `commune_level` and `commune_code` of a Target or Budget set for `place`."""
    if place is None:
        return {"commune": None, "commune_level": None, "commune_code": None}
    return {"commune": place.name, "commune_level": place.level, "commune_code": place.code}


def _in_the_clause(text: str, start: int, communes: tuple[Place, ...]) -> Place | None:
    low = text.lower()
    lo, hi = _item(low, start)
    inside = [p for p in communes if lo <= p.span[0] < hi]
    if len({(p.level, p.name) for p in inside}) != 1:
        return None  # no commune in this item, or several: the text does not say whose the figure is
    place = inside[0]
    level_start = _level_start(low, place)
    before = low[lo:level_start]
    if place.span[1] <= start:
        between = low[place.span[1]:start]
        if _HEAD.match(before) or _GLUE.match(between) or _AT.search(before) or _INDICATOR.search(before):
            return place
        return None
    # after the figure: its place ("hỗ trợ 50 hộ tại xã Tân Lập") or its population ("100% hộ dân xã Tân Lập")
    after = low[start:level_start]
    return place if _AT.search(before) or _POPULATION.match(after) else None


def _item(low: str, start: int) -> tuple[int, int]:
    """The part of the clause that holds the figure: its sentence or ";"-clause, or, inside brackets, the
    comma-separated item ("hỗ trợ 300 hộ (xã A 120 hộ, xã B 180 hộ)")."""
    lo = max((m.end() for m in _ITEM_STOP.finditer(low, 0, start)), default=0)
    stop = _ITEM_STOP.search(low, start)
    hi = stop.start() if stop else len(low)
    depth, opened = 0, -1
    for i in range(start - 1, lo - 1, -1):
        if low[i] == ")":
            depth += 1
        elif low[i] == "(":
            if depth == 0:
                opened = i
                break
            depth -= 1
    if opened >= 0:
        close = low.find(")", start)
        hi = min(hi, close) if close >= 0 else hi
        lo = max(opened + 1, low.rfind(",", opened, start) + 1)
        comma = low.find(",", start, hi)
        hi = comma if comma >= 0 else hi
    return lo, hi


def _level_start(low: str, place: Place) -> int:
    """Where the level word before the name starts ("xã Tân Lập" -> the "x"), or the name itself."""
    level = place.level or ""
    head = low[max(0, place.span[0] - len(level) - 1) : place.span[0]].rstrip(" :")
    return place.span[0] - len(level) - 1 if head.endswith(level) else place.span[0]


def _heading_commune(heading: str, ctx: ClauseContext) -> Place | None:
    """The commune a heading or lead-in is about, when it opens with it and names no other ("3. Xã Tân Lập",
    "- UBND xã Hòa Bình:"); "Phối hợp với UBND xã Tân Lập thực hiện:" is about a task, not the commune."""
    communes = _communes(heading, ctx)
    if len({(p.level, p.name) for p in communes}) != 1 or len(heading.split()) > 12:
        return None
    place = communes[0]
    low = heading.lower()
    return place if _HEAD.match(low[: _level_start(low, place)]) else None


@lru_cache(maxsize=256)
def _communes(text: str, ctx: ClauseContext) -> tuple[Place, ...]:
    """The communes named in a text (cached: every figure of a clause asks)."""
    return tuple(p for p in find_places(text, ctx) if p.level in COMMUNE_LEVELS)
