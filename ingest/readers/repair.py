"""Repairs of the OCR errors that break what the graph is built from, and of nothing else.

Tesseract's Vietnamese model often loses the bar of "Đ" inside capitals ("45/QD-UBND", "NĐ-CP" read
as "ND-CP") and a tone of the two words every legal basis starts with ("Căn cú", "Cản cứ"). The first
hides a citation's type, the second the whole preamble. A repair is made only where it is safe:

* a symbol code is changed only inside a symbol ("số 45/QD-UBND"), only when the code as read is not a
  code and exactly one way of putting the bars back gives a known one ("QD" → "QĐ", "HDND" → "HĐND",
  "BGDDT" → "BGDĐT"; "HD", a real code for Hướng dẫn, stays);
* "Căn cứ" is restored only at the start of a line that goes on to cite a document (a type word or a
  symbol) or says "vào", so "Cần cù lao động" stays as written.

Every repair replaces characters one for one, so offsets into the text (and the OCR provenance kept
on them) stay valid. The codes come from `ingest.vocab.legal`, the one home of that vocabulary.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from ingest.text import fold
from ingest.vocab.legal import DOC_TYPE_WORDS, ISSUER_CODES, LOCAL_ISSUER_CODES, TYPE_CODES

_LETTERS = "A-ZĐa-zđ"
# "45/QD-UBND", "12/2021/ND-CP", "05/CT-TTg", "221-KL/TW": a number, then codes joined by "/" or "-".
_SYMBOL = re.compile(rf"(?<![\w/])\d{{1,5}}(?:/\d{{4}})?(?:\s?[/-]\s?[{_LETTERS}]{{1,12}})+(?![\w])")
_CODE = re.compile(rf"[{_LETTERS}]+")
_MAX_BARS = 4  # variants tried per code: 2**4 ways of restoring up to four bars


@cache
def _known_codes() -> frozenset[str]:
    return frozenset(TYPE_CODES) | frozenset(ISSUER_CODES) | LOCAL_ISSUER_CODES


@cache
def _restored_code(code: str) -> str | None:
    """The one known code that `code` becomes with some "D" read back as "Đ", else None."""
    known = _known_codes()
    if code in known or "D" not in code:
        return None
    positions = [i for i, char in enumerate(code) if char == "D"]
    if len(positions) > _MAX_BARS:
        return None
    found = set()
    for count in range(1, len(positions) + 1):
        for chosen in itertools.combinations(positions, count):
            variant = "".join("Đ" if i in chosen else char for i, char in enumerate(code))
            if variant in known:
                found.add(variant)
    return found.pop() if len(found) == 1 else None


def repair_symbols(line: str) -> str:
    """Put back the bar of "Đ" in the codes of the symbols on a line (see the module docstring)."""

    def fix_symbol(symbol: re.Match[str]) -> str:
        return _CODE.sub(lambda code: _restored_code(code.group()) or code.group(), symbol.group())

    return _SYMBOL.sub(fix_symbol, line)


# "Căn cứ" misread: two syllables that fold to "can cu", of the lengths of "Căn" and "cứ".
_BASIS_START = re.compile(r"^(?P<lead>\W{0,3})(?P<can>\w{3})(?P<space>\s)(?P<cu>\w{2})\b")
_TYPE_WORDS = tuple(fold(word) for word in DOC_TYPE_WORDS) + ("hien phap",)
_CITES_SYMBOL = re.compile(r"\d+\s?/\s?\d{0,4}/?\s?[A-ZĐ]")
_CITE_WINDOW = 120  # characters after "Căn cứ" in which the citation must begin


def repair_basis(line: str) -> str:
    """Restore "Căn cứ" at the start of a line that cites a document (see the module docstring)."""
    match = _BASIS_START.match(line)
    if match is None or fold(f"{match['can']} {match['cu']}") != "can cu":
        return line
    written = f"{match['can']} {match['cu']}"
    if written in ("Căn cứ", "CĂN CỨ", "căn cứ"):
        return line
    rest = line[match.end() : match.end() + _CITE_WINDOW]
    folded = f" {fold(rest)} "
    cites = _CITES_SYMBOL.search(rest) or any(f" {word} " in folded for word in _TYPE_WORDS)
    if not (cites or folded.startswith(" vao ")):  # "Căn cứ vào ...", the other way a basis opens
        return line
    fixed = "CĂN CỨ" if written.isupper() else "Căn cứ" if written[0].isupper() else "căn cứ"
    return line[: match.start("can")] + fixed[:3] + match["space"] + fixed[4:] + line[match.end() :]


def repair_ocr_line(line: str) -> str:
    """Both repairs on one line of OCR text; the result has exactly the line's length."""
    repaired = repair_basis(repair_symbols(line))
    return repaired if len(repaired) == len(line) else line
