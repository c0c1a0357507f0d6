"""One module for Vietnamese text: NFC, dash and space clean-up, accent folding, and the map from
normalised text back to the source characters.

Every fact found later carries a span in the normalised text; `OffsetMap` turns it into a span in the
decoded source file, so a user can be shown exactly where it stands in the original.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

# Dash variants seen in extracted text; all become ASCII "-" (symbols and ranges are written with it).
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad"), "-")
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2009\u200a\u202f\u3000\t\u000b\u000c"), " ")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_CHAR_TABLE = {**_DASHES, **_SPACES, **_ZERO_WIDTH}

_FOLD_TABLE = {ord("đ"): "d", ord("Đ"): "D", **_DASHES}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_chars(text: str) -> str:
    """NFC plus unified dashes and spaces; keeps length-changing steps out of the offset-critical path."""
    return nfc(text).translate(_CHAR_TABLE)


def strip_marks(text: str) -> str:
    """Remove Vietnamese diacritics, keeping case: "Phòng Tư pháp" -> "Phong Tu phap"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def fold(text: str) -> str:
    """Matching key for text typed without accents: lower case, no diacritics, đ -> d, one space."""
    return re.sub(r"\s+", " ", strip_marks(text or "").lower()).strip()


def fold_keep_length(text: str) -> str:
    """Like `fold` but one output character per input character, so spans found on it apply to `text`."""
    out = []
    for ch in text:
        f = strip_marks(ch).lower()
        out.append(f if len(f) == 1 else ch.lower())
    return "".join(out)


def slug(text: str) -> str:
    """ASCII identifier from Vietnamese text: "Phòng Lao động - TB&XH" -> "phong-lao-dong-tb-xh"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


_UPPER_VI = "A-ZÀ-ỸĐ"
_LOWER_VI = "a-zà-ỹđ"


def is_upper_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


_NOT_LETTER = re.compile(r"[\W\d_]+")


def is_all_caps(text: str) -> bool:
    """ALL-CAPS line such as "KẾ HOẠCH" or "IV. TỔ CHỨC THỰC HIỆN" (at least 3 letters)."""
    return text.isupper() and len(_NOT_LETTER.sub("", text)) >= 3


# ---------------------------------------------------------------- offset map

@dataclass
class OffsetMap:
    """Piecewise map from normalised offsets to source offsets.

    Each segment says: normalised text [n, n + nlen) came from source [s, s + slen). Inside a segment of
    equal lengths the map is exact; otherwise (NFC changed the length, tokens merged) it is clamped to the
    segment's bounds, which is exact at every token boundary.
    """

    norm_starts: list[int] = field(default_factory=list)
    norm_lens: list[int] = field(default_factory=list)
    src_starts: list[int] = field(default_factory=list)
    src_lens: list[int] = field(default_factory=list)

    def add(self, norm_start: int, norm_len: int, src_start: int, src_len: int) -> None:
        if self.norm_starts and norm_len == src_len:
            i = len(self.norm_starts) - 1
            n_end = self.norm_starts[i] + self.norm_lens[i]
            s_end = self.src_starts[i] + self.src_lens[i]
            if self.norm_lens[i] == self.src_lens[i] and norm_start - n_end == src_start - s_end >= 0:
                # contiguous one-to-one run: extend the last segment (gaps map one-to-one too)
                self.norm_lens[i] = norm_start + norm_len - self.norm_starts[i]
                self.src_lens[i] = src_start + src_len - self.src_starts[i]
                return
        self.norm_starts.append(norm_start)
        self.norm_lens.append(norm_len)
        self.src_starts.append(src_start)
        self.src_lens.append(src_len)

    def to_source(self, offset: int, *, end: bool = False) -> int:
        if not self.norm_starts:
            return offset
        i = bisect.bisect_right(self.norm_starts, offset) - 1
        if i < 0:
            return self.src_starts[0]
        n0, nlen, s0, slen = self.norm_starts[i], self.norm_lens[i], self.src_starts[i], self.src_lens[i]
        delta = offset - n0
        if delta >= nlen:  # in a gap (inserted space) after the segment
            return s0 + slen
        if nlen == slen:
            return s0 + delta
        return s0 + (slen if end and delta > 0 else 0)

    def span_to_source(self, span: tuple[int, int]) -> tuple[int, int]:
        start, stop = span
        return self.to_source(start), max(self.to_source(stop, end=True), self.to_source(start))


# ---------------------------------------------------------------- tokens with provenance

@dataclass
class Token:
    """A whitespace-free piece of a line with the source span it came from.

    `parts` pairs (normalised length, source length) for runs whose length cleaning changed (NFC of
    decomposed letters), so offsets inside the token still map exactly; None means one-to-one.
    """

    text: str
    start: int  # source offset
    end: int
    parts: tuple[tuple[int, int], ...] | None = None

    def pieces(self) -> tuple[tuple[int, int], ...]:
        return self.parts or ((len(self.text), self.end - self.start),)


def merge_tokens(tokens: list[Token], sep: str = "") -> Token:
    """One token from several, keeping the exact offset pieces (source gaps become empty pieces)."""
    parts: list[tuple[int, int]] = []
    for i, t in enumerate(tokens):
        if i:
            gap = t.start - tokens[i - 1].end
            parts.append((len(sep), gap))
        parts.extend(t.pieces())
    return Token(sep.join(t.text for t in tokens), tokens[0].start, tokens[-1].end, tuple(parts))


_CLUSTER = re.compile(r".[\u0300-\u036f\u0323\u0309]*", re.DOTALL)


def _clean_token(raw: str, start: int) -> list[Token]:
    piece = clean_chars(raw)
    if len(piece) == len(raw) and " " not in piece:
        return [Token(piece, start, start + len(raw))] if piece else []
    # cleaning changed lengths or produced spaces: map cluster by cluster
    out: list[Token] = []
    cur_text: list[str] = []
    cur_parts: list[tuple[int, int]] = []
    cur_start = None
    pos = start
    for m in _CLUSTER.finditer(raw):
        cleaned = clean_chars(m.group())
        if not cleaned.strip():
            if cur_text:
                out.append(Token("".join(cur_text), cur_start, pos, tuple(cur_parts)))
                cur_text, cur_parts, cur_start = [], [], None
            pos += len(m.group())
            continue
        if cur_start is None:
            cur_start = pos
        cur_text.append(cleaned)
        cur_parts.append((len(cleaned), len(m.group())))
        pos += len(m.group())
    if cur_text:
        out.append(Token("".join(cur_text), cur_start, pos, tuple(cur_parts)))
    return out


_WS = re.compile(r"\S+")


def tokenize_line(line: str, offset: int) -> list[Token]:
    """Split a physical line into cleaned tokens, each remembering its source span."""
    cleaned = clean_chars(line)
    if len(cleaned) == len(line):  # the usual case: cleaning was one-to-one
        return [Token(m.group(), offset + m.start(), offset + m.end()) for m in _WS.finditer(cleaned)]
    tokens: list[Token] = []
    for m in _WS.finditer(line):
        tokens.extend(_clean_token(m.group(), offset + m.start()))
    return tokens


def render(lines: list[list[Token]]) -> tuple[str, OffsetMap]:
    """Join token lines with single spaces and newlines, recording the offset map."""
    parts: list[str] = []
    omap = OffsetMap()
    pos = 0
    for li, line in enumerate(lines):
        if li:
            parts.append("\n")
            pos += 1
        for ti, tok in enumerate(line):
            if ti:
                parts.append(" ")
                pos += 1
            src = tok.start
            npos = pos
            for nlen, slen in tok.pieces():
                if nlen:
                    omap.add(npos, nlen, src, slen)
                npos += nlen
                src += slen
            parts.append(tok.text)
            pos += len(tok.text)
    return "".join(parts), omap


# ---------------------------------------------------------------- legal symbols broken by spaces

# "13/2019/NQ- HĐND", "20- NQ/TU", "09 / 2018 / TT - NHNN", "2151/QĐ- UBND": spaces inside a symbol.
_CODE = rf"[{_UPPER_VI}][{_UPPER_VI}&]{{0,9}}(?:g|r)?(?![{_UPPER_VI}{_LOWER_VI}0-9])"
_SPACED_SYMBOL = re.compile(
    rf"\b\d{{1,5}}(?:\s*/\s*\d{{4}})?\s*[/-]\s*{_CODE}(?:\s*[-/]\s*{_CODE})*"
)


def repair_symbols(tokens: list[Token]) -> list[Token]:
    """Merge tokens that are pieces of one legal symbol, e.g. ["13/2019/NQ-", "HĐND"] -> ["13/2019/NQ-HĐND"]."""
    if len(tokens) < 2:
        return tokens
    text = " ".join(t.text for t in tokens)
    starts = []
    pos = 0
    for t in tokens:
        starts.append(pos)
        pos += len(t.text) + 1
    merges: list[tuple[int, int]] = []  # token index ranges [i, j] to merge
    for m in _SPACED_SYMBOL.finditer(text):
        if " " not in m.group():
            continue
        # only repair spaces next to a separator ("NQ- HĐND", "20 - NQ"), never between two words
        if re.search(r"[\w&]\s+[\w&]", m.group()):
            continue
        i = bisect.bisect_right(starts, m.start()) - 1
        j = bisect.bisect_right(starts, m.end() - 1) - 1
        if j > i and starts[i] == m.start():
            merges.append((i, j))
    if not merges:
        return tokens
    out: list[Token] = []
    k = 0
    for i, j in merges:
        out.extend(tokens[k:i])
        out.append(merge_tokens(tokens[i : j + 1]))
        k = j + 1
    out.extend(tokens[k:])
    return out
