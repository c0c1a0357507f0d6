"""From physical lines (as a PDF or a text export broke them) to logical lines (paragraphs, headings,
list items), dropping page furniture on the way.

Extracted Vietnamese plans break lines mid-sentence, put blank lines between every physical line and
sprinkle page numbers; this module decides, line by line, whether the next line continues the current
one. The rules lean on the numbering grammar in `ingest.markers` and on punctuation, never on a
document's own words.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.markers import CLOSING_START, PREAMBLE_START, SIGNATURE_LINE, match_marker
from ingest.text import Token, is_all_caps, merge_tokens, repair_symbols, tokenize_line

_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?[-–—\s]*$", re.IGNORECASE)
_MARKDOWN_EMPHASIS = re.compile(r"^(\*\*|__)|(\*\*|__)$")
_FINAL = re.compile(r"[.;:!?…](?:[\"”’»)\]]*)$")
_HEADING_KINDS = {"roman", "arabic", "dotted", "alpha", "paren", "project", "subproject", "part", "chapter", "muc", "article"}


@dataclass
class Line:
    tokens: list[Token]
    physical_lengths: list[int] = field(default_factory=list)
    _text: str | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = " ".join(t.text for t in self.tokens)
        return self._text

    def changed(self) -> None:
        self._text = None


def physical_lines(raw: str) -> tuple[list[Line], list[str]]:
    """Cleaned non-empty physical lines, with page numbers and repeated running headers removed."""
    lines: list[Line] = []
    offset = 0
    for raw_line in raw.splitlines(keepends=True):
        tokens = [t for t in _strip_emphasis(tokenize_line(raw_line, offset)) if t.text]
        offset += len(raw_line)
        if tokens:
            text = " ".join(t.text for t in tokens)
            lines.append(Line(tokens, [len(text)]))
    warnings: list[str] = []
    kept = []
    for line in lines:
        if _PAGE_NUMBER.match(line.text):
            continue
        kept.append(line)
    dropped = _running_headers(kept)
    if dropped:
        warnings.append(f"bỏ {len(dropped)} dòng tiêu đề trang lặp lại")
    return [ln for i, ln in enumerate(kept) if i not in dropped], warnings


def _strip_emphasis(tokens: list[Token]) -> list[Token]:
    out = []
    for t in tokens:
        text = _MARKDOWN_EMPHASIS.sub("", t.text)
        if text != t.text:
            lead = len(t.text) - len(t.text.lstrip("*_"))
            t = Token(text, t.start + lead, t.start + lead + len(text)) if t.parts is None else Token(text, t.start, t.end)
        out.append(t)
    return out


def _running_headers(lines: list[Line]) -> set[int]:
    """Short lines repeated three times or more that stand alone (page headers/footers)."""
    counts = Counter(ln.text for ln in lines)
    out = set()
    for i, ln in enumerate(lines):
        key = ln.text
        if counts[key] < 3 or len(ln.text) > 80 or match_marker(ln.text):
            continue
        if not (ln.text[0].isupper() or ln.text[0].isdigit()) or ln.text[-1] in ".;,:":
            continue  # a repeated sentence piece, not page furniture
        prev = lines[i - 1].text if i else ""
        if is_all_caps(ln.text) or not prev or _FINAL.search(prev):
            out.add(i)
    return out


def typical_width(lines: list[Line]) -> int:
    """The length of a full physical line (90th percentile), to tell a wrapped heading from a short one."""
    lengths = sorted(ln.physical_lengths[0] for ln in lines if ln.physical_lengths)
    if not lengths:
        return 80
    return max(40, lengths[int(0.9 * (len(lengths) - 1))])


def _is_heading_like(text: str) -> bool:
    m = match_marker(text)
    if m and m.kind in _HEADING_KINDS:
        rest = _PROJECT_LABEL.sub("", m.rest)  # "1. Dự án 2: Đa dạng hóa sinh kế": a project's name, no body
        has_body = bool(re.search(r":\s*\S", rest))
        return not has_body and len(text) < 200
    return is_all_caps(text) and len(text) < 200


def _titlecase(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and letters[0].isupper() and all(c.islower() for c in letters[1:])


def continues(current: Line, nxt: Line, width: int) -> bool:
    """Does the physical line `nxt` continue the logical line `current`?"""
    prev_text = current.text
    next_text = nxt.text
    last = current.tokens[-1].text
    first = next_text[0]
    if last == "-" or (last.endswith("-") and len(last) > 1 and first.isalnum()):
        return True
    marker = match_marker(next_text)
    prev_final = bool(_FINAL.search(prev_text))
    if marker:
        lowercase_tail = marker.kind == "bullet" and marker.rest[:1].islower()
        return lowercase_tail and not prev_final
    if next_text.startswith("Căn cứ") or CLOSING_START.match(next_text) or SIGNATURE_LINE.match(next_text):
        return False
    if prev_text.count("(") > prev_text.count(")"):
        return True  # inside a parenthesis: "(NSTW: 101.000 triệu đồng;" / "NSĐP: 25.000 triệu đồng)"
    starts_upper = first.isupper() or first in "“\"«"
    if prev_final:
        return not starts_upper and not first.isdigit()
    if _is_heading_like(prev_text):
        if is_all_caps(prev_text) and is_all_caps(next_text):
            return True
        if not starts_upper:
            return True
        full = current.physical_lengths[-1] >= 0.75 * width
        if full and _open_word(last) and not is_all_caps(prev_text) and (
                last.lower() in _FUNCTION_WORDS or (current.physical_lengths[-1] >= 0.9 * width and len(prev_text) >= 70)):
            # "Điều 3. Chánh Văn phòng ..., Giám đốc các" / "Sở: ...": a numbered sentence cut at full
            # width after a word that cannot end it goes on, even when the next line starts upper-case
            return True
        return full and _titlecase(last) and _titlecase(next_text.split()[0])
    return True


_PROJECT_LABEL = re.compile(r"^(?:Tiểu dự án|Dự án|TIỂU DỰ ÁN|DỰ ÁN)\s*\d*\s*:\s*")
# Words a heading or a title never ends with: a line that ends with one of them is cut mid-sentence.
_FUNCTION_WORDS = frozenset((
    "các", "và", "của", "về", "với", "cho", "tại", "theo", "những", "để", "từ", "đến", "trong", "trên", "được",
    "là", "có", "bằng", "hoặc", "do", "như", "số", "ngày", "khi", "mà", "thì", "nhằm", "gồm", "thuộc", "qua",
    "đã", "sẽ", "tới", "vào", "giữa", "mọi", "mỗi",
))


def _open_word(word: str) -> bool:
    """A lower-case word (no closing punctuation): "các", "báo cáo", "về" cannot end a heading line."""
    return word.isalpha() and word.islower()


def join_lines(lines: list[Line], width: int | None = None) -> list[Line]:
    """Merge physical lines into logical ones; legal symbols broken by the join are repaired."""
    width = width or typical_width(lines)
    out: list[Line] = []
    for ln in lines:
        if out and continues(out[-1], ln, width):
            cur = out[-1]
            last = cur.tokens[-1]
            if last.text.endswith("-") and len(last.text) > 1 and ln.tokens[0].text[0].isalnum():
                cur.tokens[-1:] = [merge_tokens([last, ln.tokens[0]]), *ln.tokens[1:]]
            else:
                cur.tokens.extend(ln.tokens)
            cur.physical_lengths.extend(ln.physical_lengths)
            cur.changed()
        else:
            out.append(Line(list(ln.tokens), list(ln.physical_lengths)))
    for ln in out:
        ln.tokens = repair_symbols(ln.tokens)
        ln.changed()
    return out


def is_preamble_start(text: str) -> bool:
    return bool(PREAMBLE_START.match(text))
