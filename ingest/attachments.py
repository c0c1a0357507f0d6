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

from ingest.closing import looks_like_name
from ingest.header import motto_line
from ingest.markers import SIGNATURE_LINE, match_annex, match_marker
from ingest.text import is_all_caps
from ingest.vocab.legal import DOC_TYPE_WORDS

Item = tuple[str, int]

# "(Ban hành kèm theo Quyết định số 26/2025/QĐ-UBND ngày ...)", "(Kèm theo Kế hoạch số ...)": on its own
# line, or glued to the end of the title line.
_CAPTION = re.compile(r"\(\s*(?:[Bb]an hành\s+|BAN HÀNH\s+|[Đđ]ính\s+)?(?:[Kk]èm theo|KÈM THEO)\b")
_KINDS = sorted({*(w for w, v in DOC_TYPE_WORDS.items() if v[0]), "Quy trình", "Điều lệ", "Danh mục", "Phụ lục",
                 "Biểu", "Mẫu", "Bảng", "Tiêu chí", "Bộ tiêu chí", "Nội quy"}, key=len, reverse=True)
_KIND_START = re.compile(r"^(?P<kind>" + "|".join(re.escape(k.upper()) for k in _KINDS) + r")(?=\s|$|[:.,])")
_SYMBOL_IN_CAPTION = re.compile(
    r"(?:số|Số)\s*:?\s*(?P<sym>\d+[a-z]?(?:\s*/\s*\d{4})?\s*[/-]\s*[\w&Đđ]+(?:\s*[-/]\s*[\w&Đđ]+)*)")
_TITLE_LINES = 4  # lines of a title block above its caption
_SIGNS = re.compile(r"^(?:TM|T/M|KT|K/T|TL|TUQ|Q)\.")  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"


def is_caption(text: str) -> bool:
    """The caption of an attached text: "(Ban hành kèm theo ...)" opening the line, or closing a title
    line in capitals ("QUY CHẾ ... (Ban hành kèm theo ...)")."""
    text = _unemphasised(text)
    m = _CAPTION.search(text)
    return bool(m) and (m.start() == 0 or _caps_title(text[:m.start()]))


def _unemphasised(text: str) -> str:
    """A line without the emphasis marks a Markdown copy puts around it ("*(Ban hành kèm theo ...)*")."""
    return text.strip("*_ ")


def attachment_starts(items: list[Item], *, titled_only: bool = False) -> list[int]:
    """Indexes where an attached text begins: the title block above a caption, an annex heading standing
    alone ("PHỤ LỤC I", "Biểu số 01"), or a header of its own (a motto above a title). A start that only
    follows another one's header cells belongs to it. `titled_only` keeps the starts that cannot be a
    part of the document's own body (a caption or a motto), not bare annex headings."""
    starts: list[int] = []
    for i, (text, _) in enumerate(items):
        floor = starts[-1] if starts else 0
        if is_caption(text):
            top = _title_top(items, i, floor)
            if top is not None:  # a caption under no title is a sentence ("(Kèm theo Báo cáo số ...)")
                _add_start(starts, items, top)
        elif match_annex(text) and (is_all_caps(text) or len(text) < 30) and not titled_only:
            _add_start(starts, items, i)
        elif motto_line([text]) == 0:
            _add_start(starts, items, _header_back(items, i, floor))
    return starts


def _add_start(starts: list[int], items: list[Item], start: int) -> None:
    if starts and start <= starts[-1]:
        return
    if starts and all(_is_header_cell(t) or motto_line([t]) == 0 for t, _ in items[starts[-1]:start]):
        return  # the title block under an attached text's own header: one text
    starts.append(start)


def _title_top(items: list[Item], caption: int, floor: int) -> int | None:
    """The first line of the title block above a caption: capitals, a type word, an annex heading, or a
    short line of the trích yếu ("QUY ĐỊNH" / "Về quản lý ..." / "(Ban hành kèm theo ...)")."""
    best = caption if _CAPTION.search(_unemphasised(items[caption][0])).start() > 0 else None  # glued: its own title line
    for k in range(caption - 1, max(caption - 1 - _TITLE_LINES, floor - 1), -1):
        text = items[k][0]
        marker = match_marker(text)
        if (marker and marker.kind != "part" or text.endswith((".", ";", ":")) or len(text) > 250
                or SIGNATURE_LINE.match(text) or _SIGNS.match(text) or looks_like_name(text)):
            break
        if _caps_title(text) or _KIND_START.match(text) or match_annex(text):
            best = k
    return best


def _caps_title(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _header_back(items: list[Item], i: int, floor: int) -> int:
    """The issuer cells above an attached text's own motto."""
    k = i
    while k - 1 > floor and (is_all_caps(items[k - 1][0]) or re.fullmatch(r"[-_=\s]{3,}", items[k - 1][0])):
        k -= 1
    return k


def describe(items: list[Item]) -> tuple[str | None, str | None, str | None, str | None, int]:
    """(kind, title, caption, issuing symbol, index of the first body line) of an attached text."""
    first = 0
    motto = next((k for k in range(min(8, len(items))) if motto_line([items[k][0]]) == 0), None)
    if motto is not None:  # the attached text's own header (issuer, motto, number, date): not body
        first = motto + 1
        while first < len(items) and (_is_header_cell(items[first][0]) or ", ngày" in items[first][0]) and not (
                _KIND_START.match(items[first][0]) or match_annex(items[first][0]) or is_caption(items[first][0])):
            first += 1
    if first >= len(items):
        return None, None, None, None, 0
    caption_at = next((j for j in range(first, min(first + _TITLE_LINES + 2, len(items))) if is_caption(items[j][0])),
                      None)
    annex = match_annex(items[first][0])
    if caption_at is None and not annex:
        return None, None, None, None, 0
    kind_match = _KIND_START.match(items[first][0])
    kind = None
    if annex:
        kind = "Phụ lục" if annex.label.upper().startswith("PHỤ LỤC") else "Biểu mẫu"  # "Biểu số 01", "Mẫu số 02"
    elif kind_match:
        kind = next(k for k in _KINDS if k.upper() == kind_match["kind"])
    end = caption_at if caption_at is not None else first + 1
    while caption_at is None and end < len(items) and end - first < 3 and _caps_title(items[end][0]) and not (
            match_marker(items[end][0])):
        end += 1  # "PHỤ LỤC I" / "DANH MỤC CÁC NHIỆM VỤ": the annex's title under its number
    title_lines = [t for t, _ in items[first:end]]
    caption = None
    if caption_at is not None:
        line = items[caption_at][0]
        cut = _CAPTION.search(line).start()
        if cut:
            title_lines.append(line[:cut].strip())  # "QUY CHẾ ... (Ban hành kèm theo ...)"
        caption = line[cut:].strip()
    title = re.sub(r"\s+", " ", " ".join(title_lines)).strip(" :") or None
    symbol = None
    if caption:
        m = _SYMBOL_IN_CAPTION.search(caption)
        if m:
            symbol = re.sub(r"\s+", "", m["sym"])
    body_from = caption_at + 1 if caption_at is not None else end
    return kind, title, caption, symbol, body_from


def _is_header_cell(text: str) -> bool:
    return is_all_caps(text) and len(text) < 80 or bool(re.fullmatch(r"[-_=\s|]{3,}", text)) or bool(
        re.match(r"^(?:Số|SỐ)\s*:", text))
