"""Accent-free slugs for IRIs: the same name written with or without diacritics, in capitals or with
the usual abbreviations (UBND, HĐND, MTQG ...) gives the same key."""
from __future__ import annotations

import re
import unicodedata

try:  # the project's one Vietnamese text module, once it exists
    from ingest.text import fold as _project_fold
except ImportError:  # pragma: no cover - depends on what the lead has written
    _project_fold = None

# Generic abbreviations of Vietnamese administration (not names of this corpus): expanded before
# slugging so "UBND tỉnh Lai Châu" and "Ủy ban nhân dân tỉnh Lai Châu" are one key.
_ABBREVIATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?<!\w){abbr}(?!\w)"), full)
    for abbr, full in (
        ("UBND", "ủy ban nhân dân"),
        ("HĐND", "hội đồng nhân dân"),
        ("HDND", "hội đồng nhân dân"),
        ("MTQG", "mục tiêu quốc gia"),
        ("UBMTTQ", "ủy ban mặt trận tổ quốc"),
        ("MTTQ", "mặt trận tổ quốc"),
        ("LĐ-TB&XH", "lao động - thương binh và xã hội"),
        ("LĐTBXH", "lao động - thương binh và xã hội"),
        ("NSTW", "ngân sách trung ương"),
        ("NSĐP", "ngân sách địa phương"),
        ("NTM", "nông thôn mới"),
        ("DTTS&MN", "dân tộc thiểu số và miền núi"),
        ("DTTS", "dân tộc thiểu số"),
        ("KT-XH", "kinh tế - xã hội"),
    )
)


def _fallback_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Remove Vietnamese diacritics ("Phong Thổ" -> "Phong Tho")."""
    text = unicodedata.normalize("NFC", text)
    if _project_fold is not None:
        try:
            folded = _project_fold(text)
        except Exception:  # noqa: BLE001 - a contract change upstream must not break IRIs
            folded = None
        if isinstance(folded, str):
            return _fallback_fold(folded)
    return _fallback_fold(text)


def expand_abbreviations(text: str) -> str:
    for pattern, full in _ABBREVIATIONS:
        text = pattern.sub(full, text)
    return text


def slug(text: str, *, expand: bool = True) -> str:
    """Lower-case ASCII words joined by '-': the key used inside IRIs."""
    text = unicodedata.normalize("NFC", text or "")
    if expand:
        text = expand_abbreviations(text)
    text = fold(text).lower().replace("&", " va ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
