"""From physical lines (as a PDF or a text export broke them) to logical lines (paragraphs, headings,
list items), dropping page furniture on the way.

Extracted Vietnamese plans break lines mid-sentence, put blank lines between every physical line and
sprinkle page numbers; this module decides, line by line, whether the next line continues the current
one. The rules lean on the numbering grammar in `ingest.markers` and on punctuation, never on a
document's own words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.closing import looks_like_name
from ingest.markers import (
    CLOSING_START,
    PREAMBLE_START,
    SIGNATURE_LINE,
    match_annex,
    match_marker,
    opens_legal_basis,
)
from ingest.text import Token, fold, is_all_caps, merge_tokens, repair_symbols, tokenize_line
from ingest.vocab.legal import TABLE_NUMBER_HEADERS, TASK_TABLE_LEAD_WORDS, TASK_TABLE_TASK_WORDS

_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:Trang\s+)?(?P<n>\d{1,3})(?:\s*/\s*\d{1,3})?[-–—\s]*$", re.IGNORECASE)
_NUMERIC_CELL = re.compile(r"^[-+]?[\d.,%/\s]*\d[\d.,%/\s]*$")
# Words after which a number is part of the sentence ("năm 2025", "khoản 3", "tháng 11").
_COUNTED_WORDS = frozenset({"năm", "tháng", "ngày", "khoản", "điều", "điểm", "mục", "phần", "chương", "số", "bước"})
# "**QUYẾT ĐỊNH**", "__Nơi nhận__:": emphasis marks at a token's edges (before closing punctuation too)
_ENDS = ".,;:!?\"”’)"  # what a word wrapped in emphasis may end with ("**Chú ý:**")
_EMPHASIS_PARTS = re.compile(r"(?P<lead>\*{1,3}|__)?(?P<core>.*?)(?P<trail>\*{1,3}|__)?(?P<punct>[.,:;)]*)", re.DOTALL)
_MARKDOWN_HEADING = re.compile(r"#{1,6}")
_MIN_PAGE_LINES = 12  # repeats closer than this are text that begins alike, not a page's header
_FINAL = re.compile(r"[.;:!?…](?:[\"”’»)\]]*)$")
_HEADING_KINDS = {"roman", "arabic", "dotted", "alpha", "paren", "project", "subproject", "part", "chapter", "muc",
                  "article", "step"}
# "(Ban hành kèm theo Quyết định số ...)": the caption of an attached text always stands on its own.
_CAPTION = re.compile(r"^\(\s*(?:[Bb]an hành\s+)?[Kk]èm theo\b")


@dataclass
class Line:
    tokens: list[Token]
    physical_lengths: list[int] = field(default_factory=list)
    _text: str | None = field(default=None, repr=False, compare=False)
    blank_before: int = 0  # empty physical lines before it: a run of them marks a page break

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = " ".join(t.text for t in self.tokens)
        return self._text

    def changed(self) -> None:
        self._text = None


def physical_lines(raw: str) -> tuple[list[Line], list[str]]:
    """Cleaned non-empty physical lines, with page furniture removed where pagination is evident."""
    return drop_page_furniture(tokenized_lines(raw))


def tokenized_lines(raw: str) -> list[Line]:
    """Every non-empty physical line as tokens with source offsets; markdown emphasis and heading marks
    ("**", "## QUYẾT ĐỊNH", a lone "#") are not text and go."""
    lines: list[Line] = []
    offset = 0
    blank = 0
    for raw_line in raw.splitlines(keepends=True):
        tokens = [t for t in _strip_emphasis(tokenize_line(raw_line, offset)) if t.text]
        offset += len(raw_line)
        if tokens and _MARKDOWN_HEADING.fullmatch(tokens[0].text):
            tokens = tokens[1:]  # "## QUYẾT ĐỊNH" -> "QUYẾT ĐỊNH"; "#" alone -> nothing
        if tokens:
            text = " ".join(t.text for t in tokens)
            lines.append(Line(tokens, [len(text)], blank_before=blank))
            blank = 0
        else:
            blank += 1
    return lines


def drop_page_furniture(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """Page numbers and running headers/footers, removed only where the pages show: a line is dropped
    as furniture only if it could not be part of a sentence or of a table (see `_page_numbers` and
    `_running_headers`)."""
    warnings: list[str] = []
    numbers = _page_numbers(lines)
    kept = [ln for i, ln in enumerate(lines) if i not in numbers]
    dropped = _running_headers(kept, paginated=len(numbers) >= 2)
    if dropped:
        warnings.append(f"bỏ {len(dropped)} dòng tiêu đề trang lặp lại")
    return [ln for i, ln in enumerate(kept) if i not in dropped], warnings


def _page_numbers(lines: list[Line]) -> set[int]:
    """Page numbers where the pages show. A bare number ("21", "Trang 3", "- 4 -") is a page number
    when a page break surrounds it: a run of empty lines, as text exports of PDFs and Word files leave
    them. A number is always text when it ends a sentence cut over lines ("... đến năm" / "15") or numbers
    the rows of a table flattened one cell per line (1, 2, 3 a few lines apart), as in pasted web pages."""
    found = {i: int(m["n"]) for i, ln in enumerate(lines) if (m := _PAGE_NUMBER.match(ln.text))}
    candidates = {}
    for i, value in found.items():
        prev = lines[i - 1].text if i else ""
        if prev and prev.split()[-1].lower() in _FUNCTION_WORDS | _COUNTED_WORDS:
            continue
        if any(abs(found.get(j, -9) - value) == 1 for j in range(i - _MIN_PAGE_LINES, i + _MIN_PAGE_LINES) if j != i):
            continue  # 1, 2, 3 a few lines apart: a numbered table, not pages
        nxt = lines[i + 1].text if i + 1 < len(lines) else ""
        if _NUMERIC_CELL.match(prev) or _NUMERIC_CELL.match(nxt):
            continue  # "100" / "10", "0,108" / "10": figures of a table, one cell per line
        candidates[i] = value
    # a page break is a run of empty lines; where the text has almost none (a PDF's text layer, pages
    # joined by one empty line), a single one is already a break
    spaced = sum(1 for ln in lines if ln.blank_before) > 0.1 * len(lines)
    gap = 2 if spaced else 1
    out = set()
    for i in candidates:
        after = lines[i + 1].blank_before if i + 1 < len(lines) else gap
        styled = not lines[i].text.strip().isdigit()  # "Trang 3", "- 3 -", "3/12"
        if max(lines[i].blank_before, after) >= gap - styled:
            out.add(i)
    return out


def _strip_emphasis(tokens: list[Token]) -> list[Token]:
    """Markdown emphasis marks at a token's edges go; the source offsets of what stays are exact."""
    out = []
    for t in tokens:
        if "*" not in t.text and "_" not in t.text:
            out.append(t)
            continue
        m = _EMPHASIS_PARTS.fullmatch(t.text)
        core = m["core"] if m else ""
        if not m or not (m["lead"] or m["trail"]) or not core or core[0] in "*_" or core[-1] in "*_" or (
                m["lead"] and not core[0].isalnum()) or (m["trail"] and not (core[-1].isalnum() or core[-1] in _ENDS)):
            out.append(t)
            continue
        lead, core, trail, punct = m["lead"] or "", m["core"], m["trail"] or "", m["punct"]
        if t.parts is not None:  # cleaning changed lengths: keep the token's own span
            out.append(Token(core + punct, t.start, t.end))
            continue
        start = t.start + len(lead)
        parts = ((len(core), len(core)), (len(punct), len(trail) + len(punct))) if trail else None
        out.append(Token(core + punct, start, t.end if trail else start + len(core) + len(punct), parts))
    return out


def _running_headers(lines: list[Line], paginated: bool = False) -> set[int]:
    """Short lines repeated three times or more that stand alone between pages (running headers and
    footers). The pages must show: page numbers, or repeats far apart (a page holds dozens of lines).
    A repeat that is cut mid-phrase ("Căn cứ Thông tư số" ending a line) or opens a legal-basis line
    is a sentence that begins alike, never furniture."""
    positions: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        positions.setdefault(ln.text, []).append(i)
    out = set()
    for key, where in positions.items():
        if len(where) < 3 or len(key) > 80 or match_marker(key):
            continue
        if not (key[0].isupper() or key[0].isdigit()) or key[-1] in ".;,:":
            continue  # a repeated sentence piece, not page furniture
        if PREAMBLE_START.match(key) or CLOSING_START.match(key) or SIGNATURE_LINE.match(key):
            continue
        last = key.split()[-1]
        if _open_word(last) and last.lower() in _FUNCTION_WORDS:
            continue  # "Căn cứ Thông tư số": the line goes on
        gaps = [b - a for a, b in zip(where, where[1:])]
        if not paginated or min(gaps) < _MIN_PAGE_LINES:
            continue  # no pages to repeat on, or repeats within a page: text that begins alike
        for i in where:
            prev = lines[i - 1].text if i else ""
            if is_all_caps(key) or not prev or _FINAL.search(prev):
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


_LONE_BAR = re.compile(r"(?<!\S)\|(?!\S)")  # a "|" between spaces: how the readers join a row's cells


def is_table_row(text: str) -> bool:
    """A row of a table: cells between "|" as Markdown writes it ("| 1 | Nhiệm vụ | Sở X |"), or cells
    joined by " | " as the Word, web page and PDF readers write a table row (`ingest.readers.base.table_row`)."""
    stripped = text.strip()
    if len(stripped) > 2 and stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        return True
    return len(_LONE_BAR.findall(text)) >= 2


def table_cells(row: str) -> list[tuple[int, int]]:
    """Spans of the cells of a table row (either way of writing it, see `is_table_row`), without padding."""
    bars = [-1, *(i for i, c in enumerate(row) if c == "|"), len(row)]
    spans = []
    for a, b in zip(bars, bars[1:]):
        cell = row[a + 1:b]
        lead = len(cell) - len(cell.lstrip())
        spans.append((a + 1 + lead, a + 1 + len(cell.rstrip())))
    stripped = row.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(spans) > 2:
        spans = spans[1:-1]  # Markdown: nothing before the first bar or after the last
    return spans


def continues(current: Line, nxt: Line, width: int, *, closed_after: bool = False) -> bool:
    """Does the physical line `nxt` continue the logical line `current`? `closed_after`: a blank line
    follows `nxt` (it is the last line of its block)."""
    prev_text = current.text
    next_text = nxt.text
    if is_table_row(prev_text) or is_table_row(next_text):
        return False  # "| 1. | Nhiệm vụ | Cơ quan chủ trì | ... |": a row of a Markdown table is a line of its own
    last = current.tokens[-1].text
    first = next_text[0]
    if last == "-" or (last.endswith("-") and len(last) > 1 and first.isalnum()):
        return True
    if closed_after and _heading_tail(current, nxt):
        return True
    marker = match_marker(next_text)
    prev_final = bool(_FINAL.search(prev_text))
    if _LONE_MARKER.match(prev_text):
        return marker is None  # "II." / "Trách nhiệm ...": the number's own line, its text on the next one
    if _LONE_MARKER.match(next_text):
        # "1." alone starts an item, unless the sentence above was cut before a number ("tại khoản" / "3.")
        return not prev_final and last.lower() in _COUNTED_WORDS | _FUNCTION_WORDS
    if marker:
        lowercase_tail = marker.kind == "bullet" and marker.rest[:1].islower()
        return lowercase_tail and not prev_final
    if _opens_block(next_text):
        return False
    if opens_legal_basis(next_text) and not (_open_word(last) and last.lower() in _FUNCTION_WORDS):
        return False  # "Thực hiện Nghị định số ...", "Theo đề nghị ... tại Tờ trình số ...": a new sentence
    if _CAPTION.match(next_text) or _CAPTION.match(prev_text) and prev_text.endswith(")"):
        return False
    if prev_text.count("(") > prev_text.count(")"):
        return True  # inside a parenthesis: "(NSTW: 101.000 triệu đồng;" / "NSĐP: 25.000 triệu đồng)"
    starts_upper = first.isupper() or first in "“\"«"
    if prev_final:
        return not starts_upper and not first.isdigit()
    if _is_heading_like(prev_text):
        if is_all_caps(prev_text) and is_all_caps(next_text):
            return True
        if not starts_upper or prev_text.endswith(","):
            return True  # "1. Sở Tài chính, Sở Xây dựng," / "Sở Y tế chủ trì ...": a heading never ends on a comma
        if _ends_in_body_head(current.tokens):
            return True  # "d) Phối hợp chặt chẽ với Bộ" / "Công an, ...": a body's name cut after its head noun
        full = current.physical_lengths[-1] >= 0.75 * width
        if full and _open_word(last) and not is_all_caps(prev_text) and (
                last.lower() in _FUNCTION_WORDS or (current.physical_lengths[-1] >= 0.9 * width and len(prev_text) >= 70)):
            # "Điều 3. Chánh Văn phòng ..., Giám đốc các" / "Sở: ...": a numbered sentence cut at full
            # width after a word that cannot end it goes on, even when the next line starts upper-case
            return True
        if last in _TITLE_STARTS and (next_text.split()[0][:1].isupper()):
            return True  # "Điều 3. Chánh" / "Văn phòng ...": a person's title never ends a line's sense
        return full and _titlecase(last) and _titlecase(next_text.split()[0])
    if is_all_caps(next_text) and len(next_text.split()) >= 2 and not last.endswith((",", "-")) and not (
            _open_word(last) and last.lower() in _FUNCTION_WORDS):
        return False  # an ALL-CAPS line after a line that could end: a title or heading starts ("QUY CHẾ")
    return True


# A numbering on a line of its own ("II.", "1.", "2.1.", "a)"), as web copies of Word files leave it.
_LONE_MARKER = re.compile(r"^(?:[IVXL]{1,6}\.|\d{1,2}[.)]|\d{1,2}(?:\.\d{1,2}){1,3}\.|[a-zđ]\)|\((?:\d{1,2}|[a-zđ])\))$")
_PROJECT_LABEL = re.compile(r"^(?:Tiểu dự án|Dự án|TIỂU DỰ ÁN|DỰ ÁN)\s*\d*\s*:\s*")
# Words a heading or a title never ends with: a line that ends with one of them is cut mid-sentence.
_FUNCTION_WORDS = frozenset((
    "các", "và", "của", "về", "với", "cho", "tại", "theo", "những", "để", "từ", "đến", "trong", "trên", "được",
    "là", "có", "bằng", "hoặc", "do", "như", "số", "ngày", "khi", "mà", "thì", "nhằm", "gồm", "thuộc", "qua",
    "đã", "sẽ", "tới", "vào", "giữa", "mọi", "mỗi",
))


# First syllables of officials' titles (Chánh Văn phòng, Phó Chủ tịch, Giám đốc, Thủ trưởng, Chủ tịch,
# Trưởng ban): a line that ends on one of them is cut inside the title.
_TITLE_STARTS = frozenset({"Chánh", "Phó", "Giám", "Thủ", "Chủ", "Trưởng", "Tổng"})


def _opens_block(text: str) -> bool:
    """A line that starts something of its own: a legal basis ("Căn cứ …"), the closing formula, a
    signature, an annex ("Mẫu biểu số 02", "PHỤ LỤC I")."""
    return bool(text.startswith("Căn cứ") or CLOSING_START.match(text) or SIGNATURE_LINE.match(text)
                or match_annex(text))


def _heading_tail(current: Line, nxt: Line) -> bool:
    """A numbered heading's last words, wrapped onto a short line of their own that closes the block:
    "2. Ban Quản lý Khu kinh tế" / "Đông Nam" / (blank), "Điều 10. Chế độ tài chính của" / "Quỹ". Web copies
    put a blank line after every heading, so a short unnumbered line between a heading and that blank line,
    ending without punctuation, is the heading's own end, even when it starts with a capital."""
    head = match_marker(current.text)
    if head is None or head.kind == "bullet" or nxt.blank_before or _FINAL.search(current.text):
        return False
    text = nxt.text
    words = text.split()
    return (len(words) <= 5 and words[0][:1].isupper() and not _FINAL.search(text) and match_marker(text) is None
            and not _opens_block(text))


def _head_prefixes() -> frozenset[tuple[str, ...]]:
    """The head nouns of bodies' names and their beginnings ("Bộ", "Ủy ban", "Ủy ban Mặt trận"), as
    lower-case word tuples: a line ending with one is cut inside a name."""
    from ingest.vocab.admin import BODY_HEADS, COUNCIL_HEADS, FRONT_HEADS
    out = set()
    for head in (*BODY_HEADS, *COUNCIL_HEADS, *FRONT_HEADS):
        words = tuple(head.lower().split())
        if words[0].isupper() or not words[0].isalpha():
            continue
        for n in range(1, len(words) + 1):
            if n < len(words) or head in BODY_HEADS:  # a body head needs its domain after it
                out.add(words[:n])
    return frozenset(out)


_HEAD_PREFIXES = _head_prefixes()


def _ends_in_body_head(tokens: list[Token]) -> bool:
    words = [t.text for t in tokens[-4:]]
    for n in range(min(4, len(words)), 0, -1):
        tail = words[-n:]
        if tail[0][:1].isupper() and tuple(w.lower() for w in tail) in _HEAD_PREFIXES:
            return True
    return False


def _open_word(word: str) -> bool:
    """A lower-case word (no closing punctuation): "các", "báo cáo", "về" cannot end a heading line."""
    return word.isalpha() and word.islower()


def join_lines(lines: list[Line], width: int | None = None) -> list[Line]:
    """Merge physical lines into logical ones; legal symbols broken by the join are repaired."""
    width = width or typical_width(lines)
    out: list[Line] = []
    for i, ln in enumerate(lines):
        closed_after = i + 1 == len(lines) or lines[i + 1].blank_before > 0
        if out and continues(out[-1], ln, width, closed_after=closed_after) and not _signed_name(out):
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


def _signed_name(out: list[Line]) -> bool:
    """The line so far is the signer's name under a signature block ("PHÓ CHỦ TỊCH" / "Lâm Văn Bi"): it
    ends there, whatever follows (an annex title, a table)."""
    return len(out) >= 2 and looks_like_name(out[-1].text) and (
        is_all_caps(out[-2].text) or bool(SIGNATURE_LINE.match(out[-2].text)))


# ---------------------------------------------------------------- task tables flattened one cell a paragraph

# The number of a table row: "1", "12.", "II", "A" (a group of rows).
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}\.?|[IVXL]{1,5}\.?|[A-ZĐ]\.?)$")
_MAX_HEADER_CELL = 60  # a column's name is short; a longer paragraph after "TT" is text, not a header
_MAX_CELL = 1000
_LONG_PARAGRAPH = 400  # after the last row: a paragraph this long is text, not a cell


def _cells(lines: list[Line]) -> list[tuple[int, int]]:
    """[start, end) line ranges of paragraphs: a paragraph starts after an empty line, its wrapped lines follow."""
    out: list[tuple[int, int]] = []
    for i, ln in enumerate(lines):
        if i == 0 or ln.blank_before:
            out.append((i, i + 1))
        else:
            out[-1] = (out[-1][0], i + 1)
    return out


def _cell_text(lines: list[Line], cell: tuple[int, int]) -> str:
    return " ".join(lines[k].text for k in range(*cell))


def _task_header(lines: list[Line], cells: list[tuple[int, int]], c: int) -> int:
    """Number of cells of a task table's header starting at cell c ("TT" / "Nội dung" / "Cơ quan chủ trì" /
    "Cơ quan phối hợp" / "Thời gian"), 0 when c starts none: the header ends at the first row number."""
    if fold(_cell_text(lines, cells[c])).strip(" .:") not in TABLE_NUMBER_HEADERS:
        return 0
    k = c + 1
    while k < len(cells) and k - c <= 10:
        text = _cell_text(lines, cells[k])
        if _ROW_NUMBER.match(text) or len(text) > _MAX_HEADER_CELL:
            break
        k += 1
    names = [fold(_cell_text(lines, cells[n])) for n in range(c + 1, k)]
    leads = [fold(w) for w in TASK_TABLE_LEAD_WORDS]
    if len(names) < 3 or k >= len(cells) or not _ROW_NUMBER.match(_cell_text(lines, cells[k])):
        return 0
    tasks = tuple(fold(w) for w in TASK_TABLE_TASK_WORDS)
    has_task = any(re.sub(r"^(?:ten|cac)\s+", "", name).startswith(tasks) for name in names)
    return k - c if has_task and any(w in name for name in names for w in leads) else 0


def _bar(after: Token) -> Token:
    """The cell separator of a folded row: a "|" of no source length, where the cell before it ends."""
    return Token("|", after.end, after.end, ((1, 0),))


def _row_line(lines: list[Line], cells: list[tuple[int, int]], width: int) -> Line:
    """One line for a header or a row: its cells joined by " | " (`ingest.readers.base.table_row`), as many
    as the header has (a row whose last cells are empty gets empty ones)."""
    tokens: list[Token] = []
    lengths: list[int] = []
    for n, cell in enumerate(cells):
        if n:
            tokens.append(_bar(tokens[-1]))
        for k in range(*cell):
            tokens.extend(lines[k].tokens)
            lengths.extend(lines[k].physical_lengths)
    for _ in range(width - len(cells)):
        tokens.append(_bar(tokens[-1]))
    line = Line(tokens, lengths, blank_before=lines[cells[0][0]].blank_before)
    return line


def _row_number(text: str) -> tuple[str, int] | None:
    """("n", 3) for a row number "3" / "3.", ("group", 0) for a group's "II" / "B."; None for any other cell."""
    if not _ROW_NUMBER.match(text):
        return None
    digits = text.rstrip(".")
    return ("n", int(digits)) if digits.isdigit() else ("group", 0)


def _follows(number: tuple[str, int], last: tuple[str, int] | None) -> bool:
    """Does a row number come next after `last`: n+1, a group, or 1 again after a group?"""
    kind, n = number
    if kind == "group" or last is None:
        return True
    return n == last[1] + 1 or (last[0] == "group" and n == 1)


def _next_row(lines: list[Line], cells: list[tuple[int, int]], k: int, width: int,
              number: tuple[str, int]) -> int | None:
    """Where the row starting at cell k ends, within the header's width: at the next number (n+1) first, so
    that a cell holding "I" or "II" (a code in the last column) is not taken for a group; else at a group's
    number or a numbering that starts again."""
    window = [(j, _row_number(_cell_text(lines, cells[j]))) for j in range(k + 1, min(len(cells), k + width + 1))]
    found = [j for j, n in window if n and n[0] == "n" and number[0] == "n" and n[1] == number[1] + 1]
    found = found or [j for j, n in window if n and _follows(n, number)]
    return found[0] if found else None


def _after_table(text: str) -> bool:
    """A paragraph that is no cell of the table above it: an annex, a numbered heading, a title in capitals, a
    long paragraph."""
    marker = match_marker(text)
    heading = marker is not None and marker.kind in _HEADING_KINDS and marker.kind != "paren"
    return bool(match_annex(text) or heading or is_all_caps(text) or len(text) > _LONG_PARAGRAPH)


def fold_task_tables(lines: list[Line]) -> list[Line]:
    """Physical lines where a table of tasks was flattened one cell per paragraph (as web copies of
    plans leave it: "TT" / "Nội dung" / "Cơ quan chủ trì" / "Cơ quan phối hợp" / "Thời gian", then "1" / the
    task / the bodies / …) become one line per row, cells joined by " | ", so a row is read as one task with
    its columns. Other tables (targets, budgets) stay as they are. A row runs to the next row number (n+1, a
    group, 1 after a group) within the header's width; the last row takes as many paragraphs as the header has
    cells when what follows is no cell (an annex, a heading, the end). A table where a row has more
    paragraphs than the header has cells (a cell of several paragraphs, merged rows: which paragraph is which
    column is unknown) is left as it is."""
    cells = _cells(lines)
    out: list[Line] = []
    done = 0  # lines [0, done) are in `out`
    c = 0
    while c < len(cells):
        width = _task_header(lines, cells, c)
        if not width:
            c += 1
            continue
        rows = [_row_line(lines, cells[c:c + width], width)]
        k = c + width
        last = None
        clean = True
        while k < len(cells) and (number := _row_number(_cell_text(lines, cells[k]))) and _follows(number, last):
            nxt = _next_row(lines, cells, k, width, number)
            if nxt is None:  # no next row within the header's width: the last row, or a row of merged cells
                nxt = min(len(cells), k + width)
                if nxt < len(cells) and not _after_table(_cell_text(lines, cells[nxt])):
                    clean = False  # more paragraphs than cells (a cell of several paragraphs, merged rows)
                    break
            rows.append(_row_line(lines, cells[k:nxt], width))
            last, k = number, nxt
        if not clean or len(rows) < 2:
            c += 1  # which paragraph is which column is unknown: the table stays as it is
            continue
        out.extend(lines[done:cells[c][0]])
        out.extend(rows)
        c = k
        done = cells[c - 1][1]
    out.extend(lines[done:])
    return out
