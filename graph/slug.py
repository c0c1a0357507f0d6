"""Accent-free slugs for IRIs: the same name written with or without diacritics, in capitals or with
the usual abbreviations (UBND, HĐND, MTQG ...) gives the same key."""
from __future__ import annotations

import re
import unicodedata

from ingest.vocab.admin import expand_abbreviations as _expand

try:  # the project's one Vietnamese text module, once it exists
    from ingest.text import fold as _project_fold
except ImportError:  # pragma: no cover - depends on what the lead has written
    _project_fold = None


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
    """The shared administrative abbreviations written out, so "UBND tỉnh X" and "Ủy ban nhân dân tỉnh X"
    give one key."""
    return _expand(text)


def slug(text: str, *, expand: bool = True) -> str:
    """Lower-case ASCII words joined by '-': the key used inside IRIs."""
    text = unicodedata.normalize("NFC", text or "")
    if expand:
        text = expand_abbreviations(text)
    text = fold(text).lower().replace("&", " va ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
