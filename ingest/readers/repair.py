"""Repairs of the OCR errors that break what the graph is built from, and of nothing else.

Tesseract's Vietnamese model often loses the bar of "Đ" inside capitals ("45/QD-UBND", "NĐ-CP" read
as "ND-CP"), reads it as the Icelandic "Ð" or twice ("QĐÐ"), and misses a tone of the two words every
legal basis starts with ("Căn cú", "Cản cứ"). The first hide a citation's type, the last the whole
preamble. A repair is made only where it is safe:

* "Ð"/"ð" (eth, U+00D0/U+00F0) become "Đ"/"đ" everywhere: Vietnamese has no eth;
* a symbol code is changed only inside a symbol ("số 45/QD-UBND"), only when the code as read is not a
  code and exactly one way of putting the bars back, or of dropping a doubled letter, gives a known
  one ("QD" → "QĐ", "HDND" → "HĐND", "BGDDT" → "BGDĐT", "QĐĐ" → "QĐ", "HDĐĐND" → "HĐND"; "HD", a
  real code for Hướng dẫn, stays);
* "Căn cứ" is restored only at the start of a line that goes on to cite a document (a type word or a
  symbol) or says "vào", so "Cần cù lao động" stays as written.

Repairs run on each OCR line before the page's text and its provenance offsets are laid out. The
codes come from `ingest.vocab.legal`, the one home of that vocabulary.
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
_MAX_BARS = 4  # bars restored per code at most: 2**4 variants
_RUNS = re.compile(r"(.)\1+")


@cache
def _known_codes() -> frozenset[str]:
    return frozenset(TYPE_CODES) | frozenset(ISSUER_CODES) | LOCAL_ISSUER_CODES


@cache
def _restored_code(code: str) -> str | None:
    """The one known code that `code` becomes with bars put back or a doubled letter dropped, else None."""
    known = _known_codes()
    if code in known:
        return None
    found = {variant for variant in _variants(code) if variant in known}
    return found.pop() if len(found) == 1 else None


def _variants(code: str) -> set[str]:
    """Bars put back on any of the D's; then, on each, one repeated letter dropped or every run collapsed
    ("HĐĐĐND" → "HĐND": Tesseract sometimes reads one "Đ" two or three times)."""
    positions = [i for i, char in enumerate(code) if char == "D"][:_MAX_BARS]
    barred = {code} | {
        "".join("Đ" if i in chosen else char for i, char in enumerate(code))
        for count in range(1, len(positions) + 1)
        for chosen in itertools.combinations(positions, count)
    }
    out = set(barred)
    for variant in barred:
        out |= {variant[:i] + variant[i + 1 :] for i in range(1, len(variant)) if variant[i] == variant[i - 1]}
        out.add(_RUNS.sub(r"\1", variant))
    out.discard(code)
    return out


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


_ETH = str.maketrans("Ðð", "Đđ")


def repair_ocr_line(line: str) -> str:
    """All repairs, on one line of OCR text."""
    return repair_basis(repair_symbols(line.translate(_ETH)))
