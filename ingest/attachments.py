"""Texts printed after the signature: attached regulations ("QUY CHẾ ... (Ban hành kèm theo Quyết định số
...)"), procedures, annexes and their tables.

A decision that "ban hành kèm theo" a Quy định, Quy chế, Quy trình or Điều lệ prints it after its own
signature with a title block of its own (Decree 30/2020/NĐ-CP, appendix on attached texts): the type
word, the trích yếu, and a caption in brackets naming the issuing document. Its body has the full
numbering grammar (Chương, Mục, Điều, khoản, điểm, Bước). Each such text becomes an `Attachment`
linked to the issuing reference; text after the signature that carries no title block (an annex table,
a note) is kept as an attachment without kind, never as closing.
"""
from __future__ import annotations

import re

from ingest.header import motto_line
from ingest.markers import match_annex
from ingest.text import is_all_caps
from ingest.vocab.legal import DOC_TYPE_WORDS

Item = tuple[str, int]

# "(Ban hành kèm theo Quyết định số 26/2025/QĐ-UBND ngày ...)", "(Kèm theo Kế hoạch số ...)"
CAPTION = re.compile(r"^\(?\s*(?:[Bb]an hành\s+|[Đđ]ính\s+)?(?:[Kk]èm theo|KÈM THEO)\b")
_KINDS = sorted({*(w for w, v in DOC_TYPE_WORDS.items() if v[0]), "Quy trình", "Điều lệ", "Danh mục", "Phụ lục",
                 "Biểu", "Mẫu", "Bảng", "Tiêu chí", "Bộ tiêu chí", "Nội quy"}, key=len, reverse=True)
_KIND_START = re.compile(r"^(?P<kind>" + "|".join(re.escape(k.upper()) for k in _KINDS) + r")(?=\s|$|[:.,])")
_SYMBOL_IN_CAPTION = re.compile(r"(?:số|Số)\s*:?\s*(?P<sym>\d+[a-z]?(?:\s*/\s*\d{4})?\s*[/-]\s*[\w&Đđ]+(?:\s*[-/]\s*[\w&Đđ]+)*)")
_LOOKAHEAD = 6  # lines from a title block's first line to its caption


def attachment_starts(items: list[Item]) -> list[int]:
    """Indexes where an attached text begins: a title block whose caption follows within a few lines,
    an annex heading standing alone ("PHỤ LỤC I", "Biểu số 01"), or a header of its own (a motto above
    a title). A start that only follows another one's header cells belongs to it."""
    starts: list[int] = []
    i = 0
    while i < len(items):
        text = items[i][0]
        if _title_block_at(items, i) is not None:
            _add_start(starts, items, i)
            i = _caption_index(items, i) + 1
            continue
        if match_annex(text) and (is_all_caps(text) or len(text) < 30):
            _add_start(starts, items, i)
        elif motto_line([text]) == 0:
            _add_start(starts, items, _header_back(items, i, starts[-1] if starts else 0))
        i += 1
    return starts


def _add_start(starts: list[int], items: list[Item], start: int) -> None:
    if starts and start <= starts[-1]:
        return
    if starts and all(_is_header_cell(t) or motto_line([t]) == 0 for t, _ in items[starts[-1]:start]):
        return  # the title block under an attached text's own header: one text
    starts.append(start)


def _title_block_at(items: list[Item], i: int) -> int | None:
    text = items[i][0]
    if not (_KIND_START.match(text) and (is_all_caps(text[:12]) or text.isupper())):
        return None
    caption = _caption_index(items, i)
    if caption is None:
        return None
    return i


def _caption_index(items: list[Item], i: int) -> int | None:
    for j in range(i, min(i + _LOOKAHEAD, len(items))):
        text = items[j][0]
        if CAPTION.match(text) or re.search(r"\(\s*(?:[Bb]an hành\s+)?[Kk]èm theo\b", text):
            return j
    return None


def _header_back(items: list[Item], i: int, floor: int) -> int:
    """The issuer cells above an attached text's own motto."""
    k = i
    while k - 1 > floor and (is_all_caps(items[k - 1][0]) or re.fullmatch(r"[-_=\s]{3,}", items[k - 1][0])):
        k -= 1
    return k


def describe(items: list[Item]) -> tuple[str | None, str | None, str | None, str | None, int]:
    """(kind, title, caption, issuing symbol, index of the first body line) of an attached text."""
    if not items:
        return None, None, None, None, 0
    first = 0
    while first < len(items) and (motto_line([items[first][0]]) == 0 or _is_header_cell(items[first][0])) and (
            not _KIND_START.match(items[first][0]) and not match_annex(items[first][0])):
        first += 1  # the attached text's own header (issuer, motto, number): not body
    if first >= len(items):
        return None, None, None, None, 0
    caption_at = _caption_index(items, first)
    text = items[first][0]
    kind_match = _KIND_START.match(text)
    annex = match_annex(text)
    if caption_at is None and not annex:
        return None, None, None, None, 0
    kind = None
    if kind_match:
        word = kind_match["kind"]
        kind = next(k for k in _KINDS if k.upper() == word)
    elif annex:
        kind = "Phụ lục" if annex.label.upper().startswith("PHỤ LỤC") else annex.label.split()[0].capitalize()
    end = caption_at if caption_at is not None else first + 1
    title_lines = [t for t, _ in items[first:end]]
    if caption_at is not None and not CAPTION.match(items[caption_at][0]):
        # the caption glued to the title line: "QUY CHẾ ... (Ban hành kèm theo ...)"
        glued = items[caption_at][0]
        cut = re.search(r"\(\s*(?:[Bb]an hành\s+)?[Kk]èm theo\b", glued)
        title_lines.append(glued[:cut.start()].strip())
        caption = glued[cut.start():]
    else:
        caption = items[caption_at][0] if caption_at is not None else None
    title = re.sub(r"\s+", " ", " ".join(title_lines)).strip(" :") or None
    symbol = None
    if caption:
        caption = caption.strip()
        m = _SYMBOL_IN_CAPTION.search(caption)
        if m:
            symbol = re.sub(r"\s+", "", m["sym"])
    body_from = (caption_at + 1) if caption_at is not None else first + 1
    return kind, title, caption, symbol, body_from


def _is_header_cell(text: str) -> bool:
    return is_all_caps(text) and len(text) < 80 or bool(re.fullmatch(r"[-_=\s|]{3,}", text)) or bool(
        re.match(r"^(?:Số|SỐ)\s*:", text))
