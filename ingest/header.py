"""Where a document starts, and its administrative header (thể thức), from every layout it arrives in.

Decree 30/2020/NĐ-CP lays the header out as a two-column table: the issuer on the left over the number
("Số: 12/KH-UBND"), the national motto on the right over "<Địa danh>, ngày dd tháng mm năm yyyy"; then
the type word ("KẾ HOẠCH"), the trích yếu (title), and for decisions the enacting body ("ỦY BAN NHÂN
DÂN TỈNH ..."). Copies break that table in many ways: one cell per line and words cut over lines (web
copies), cells joined by "|" with the motto glued to "Độc lập" (pipe layout, DOCX tables), the two
columns side by side on one line (PDF), letters spaced out ("K Ế H O Ạ C H"), or no header at all.

The reader therefore works on *cells*, not lines: the header lines are cut at "|", at separator rules
and around the motto, and each field is read from the cells, looking one or two cells ahead where a
field was cut ("Số:" / "2820/QĐ-UBND"; "Hà" / "Nội, ngày 27 tháng 11 năm 2025"). A field the text does
not state stays missing.
"""
from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass

from ingest.issuers import AUTHORITY_LINE, ISSUER_HEAD, issuer_from_caps
from ingest.markers import ENACTING_LINE, SIGNATURE_LINE, match_marker, opens_legal_basis
from ingest.model import Header
from ingest.text import is_all_caps
from ingest.vocab.legal import DOC_TYPE_WORDS, LAW_TYPE, LETTER_TYPE, TYPE_CODES

# ---------------------------------------------------------------- the motto

_GAP = r"[\s|]*"  # between motto words: spaces, line breaks, table pipes, or nothing (glued)
_NATIONAL = re.compile(_GAP.join(
    ("C[ỘO]NG", "H(?:ÒA|OÀ|OA)", "X[ÃA]", "H[ỘO]I", "CH[ỦU]", "NGH[ĨI]A", "VI[ỆE]T", "NAM")), re.IGNORECASE)
_INDEPENDENCE = re.compile(r"Độc\s*lập\s*-?\s*Tự\s*do\s*-?\s*Hạnh\s*phúc", re.IGNORECASE)
_PARTY = re.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM")  # upper case only: the Party's header cell
# Words that only the motto uses: a leftover piece of it must never join the issuer.
_MOTTO_WORDS = frozenset("cộng hòa hoà xã hội chủ nghĩa việt nam độc lập tự do hạnh phúc".split())
_MOTTO_MARKS = frozenset("cộng hòa hoà chủ nghĩa độc lập hạnh phúc".split())

_RULE_RUN = re.compile(r"[-_=~*]{3,}")
_RULE_LINE = re.compile(r"^[-_=–—.*~\s|]{3,}$")

# ---------------------------------------------------------------- fields

_SYMBOL_CELL = re.compile(
    r"^(?:(?:Luật|LUẬT|Pháp lệnh|PHÁP LỆNH|Lệnh|LỆNH|Nghị quyết|Quyết định)\s+)?(?:Số|SỐ|số|So)\s*(?:hiệu)?\s*[:.]?\s*"
    r"(?P<rest>.*)$")
# "0204/KH-UBND", "26/2025/QĐ-UBND", "45-HD/BTCTW", "57 /KH-UBND", "60/2024/QH15"; a draft leaves the
# number out: "Số:     /KH-UBND", "Số: ....../QĐ-UBND".
_SYMBOL = re.compile(
    r"^(?P<sym>(?P<num>\d{1,6}[a-zA-Z]?|[.…_]*)(?:\s*[/-]\s*[0-9A-Za-zĐđ&.]*[0-9A-Za-zĐđ&])+)(?=$|[\s,;|(])")
_DATE = re.compile(
    r"^(?P<place>[^,\d]{0,60}?)\s*,?\s*ngày\s*(?P<d>\d{1,2}|[.…_]+)?\s*"
    r"(?:tháng\s*(?P<m>\d{1,2}|[.…_]+)?\s*năm\s*(?P<y>(?:19|20)\d\d)"
    r"|[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>(?:19|20)\d\d))",
    re.IGNORECASE)
_SUBJECT = re.compile(r"^(?:V/v|V/V|v/v|Về việc|VỀ VIỆC|Về(?= [a-zà-ỹđ]))\b")
_KINH_GUI = re.compile(r"^(?:Kính\s+gửi|KÍNH\s+GỬI)\b")
_PLACE_WORD = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]*|TP\.|-|phố|xã|trấn|tỉnh|huyện|quận|phường|thị|thành|khu)$")

# Type words as a header writes them, keyed without spaces ("KẾHOẠCH"): letter-spaced, cut over lines
# or written whole, the key is the same.
_TYPE_KEYS = {re.sub(r"\s+", "", word.upper()): word for word in DOC_TYPE_WORDS if DOC_TYPE_WORDS[word][0]}
_TYPE_KEYS.update({"ĐIỀULỆ": "Điều lệ", "QUYTRÌNH": "Quy trình", "BIÊNBẢN": "Biên bản", "TỜTRÌNH": "Tờ trình"})
_TYPE_START = re.compile(
    r"^(?P<type>" + "|".join(sorted((re.escape(w) for w, v in DOC_TYPE_WORDS.items() if v[0]), key=len, reverse=True))
    + r")\s+(?P<rest>\S.*)$")

_MAX_HEADER_LINES = 70


@dataclass
class Cell:
    text: str
    line: int  # index of the physical line it starts on


@dataclass
class HeaderRead:
    """What the header zone holds, and where the body starts (an index into the lines given)."""

    header: Header
    end: int
    authority: str | None = None  # the enacting body under the title, as written


# ---------------------------------------------------------------- where the document starts

def motto_line(texts: list[str], limit: int | None = None) -> int | None:
    """Index of the first line holding the motto's second half ("Độc lập - Tự do - Hạnh phúc") or the
    Party's "ĐẢNG CỘNG SẢN VIỆT NAM" cell, possibly cut over two lines."""
    stop = len(texts) if limit is None else min(len(texts), limit)
    for i in range(stop):
        pair = texts[i] + ("\n" + texts[i + 1] if i + 1 < len(texts) else "")
        m = _INDEPENDENCE.search(pair)
        if m and m.start() <= len(texts[i]):
            return i
        m = _PARTY.search(pair)
        if m and m.start() <= len(texts[i]) and _whole_cell(pair, m):
            return i
    return None


def _whole_cell(text: str, m: re.Match) -> bool:
    before = text[:m.start()].rsplit("\n", 1)[-1].rsplit("|", 1)[-1]
    after = text[m.end():].split("\n", 1)[0].split("|", 1)[0]
    return not before.strip(" -") and not _RULE_RUN.sub("", after).strip()


def document_start(texts: list[str]) -> int:
    """Index of the first line of the document proper: the issuer cells before the motto.

    Pages pasted from a legal-text website carry a copyright notice, a metadata box and a summary that
    cites other documents before the header; none of it is the document. The start is the motto's line
    walked back over the header cells above it (issuer, rules, "Số:", "V/v ..."). Text before the motto
    that already holds a document's closing or enacting formula is a document without header whose
    annex carries a form with a motto: then nothing is cut."""
    j = motto_line(texts)
    if j is None:
        return 0
    start = j
    k = j - 1
    while k >= 0 and j - k <= 30:
        text = texts[k]
        if _header_like(text):
            start = k
            k -= 1
            continue
        # a wrapped subject line: "V/v đôn đốc ... phát triển" / "sản xuất theo chuỗi giá trị năm 2025"
        back = next((b for b in range(k - 1, max(k - 4, -1), -1) if _SUBJECT.match(texts[b])), None)
        if back is not None and all(len(t) <= 160 and not t.endswith(":") for t in texts[back + 1:k + 1]):
            start = back
            k = back - 1
            continue
        break
    # the motto line itself may open with an issuer cell (PDF two columns): it is kept whole
    if start and any(_closes_or_enacts(t) for t in texts[:start]):
        return 0
    return start


def _header_like(text: str) -> bool:
    """A line of the header table above the motto: issuer capitals, a rule, "Số: ...", "V/v ..."."""
    if not any(ch.isalnum() for ch in text) or _RULE_LINE.match(text) or _SUBJECT.match(text):
        return True
    if _SYMBOL_CELL.match(text) and _symbol_in(text):
        return True
    cells = [c for c in (_RULE_RUN.sub(" ", p).strip() for p in text.split("|")) if c]
    if not cells:
        return True
    return len(text) < 160 and all(
        _caps_with_digits(c) or _motto_piece(c) or (_SYMBOL_CELL.match(c) and _symbol_in(c)) for c in cells)


def _symbol_in(text: str) -> bool:
    m = _SYMBOL_CELL.match(text)
    return bool(m) and (not m["rest"] or bool(_SYMBOL.match(m["rest"]) or re.match(r"\d\S*[/-]$", m["rest"])))


def _closes_or_enacts(text: str) -> bool:
    return bool(ENACTING_LINE.match(text) or re.match(r"^(?:Nơi nhận|NƠI NHẬN)\b", text)
                or re.match(r"^(?:TM|T/M|KT|K/T)\.\s", text))


def _motto_piece(text: str) -> bool:
    """ "CỘNG HÒA XÃ" / "HỘI CHỦ NGHĨA VIỆT NAM": a piece of the motto left by a line break."""
    words = re.findall(r"\w+", text.lower())
    return len(words) >= 2 and all(w in _MOTTO_WORDS for w in words) and any(w in _MOTTO_MARKS for w in words)


# ---------------------------------------------------------------- cells

def header_cells(texts: list[str]) -> list[Cell]:
    """The header lines cut into cells: at "|", at separator rules, and around both halves of the motto
    (found across line breaks, glued or not), which are dropped."""
    blob = "\n".join(texts)
    starts = []
    pos = 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    chars = list(blob)

    def blank(a: int, b: int) -> None:
        for x in range(a, b):
            chars[x] = "\n"

    for rx in (_NATIONAL, _INDEPENDENCE):
        for m in rx.finditer(blob):
            if rx is _NATIONAL and not _national_motto_here(blob, m):
                continue
            blank(m.start(), m.end())
    for m in _PARTY.finditer(blob):
        if _whole_cell(blob, m):
            blank(m.start(), m.end())
    for m in _RULE_RUN.finditer(blob):
        blank(m.start(), m.end())
    for m in re.finditer(r"\|", blob):
        blank(m.start(), m.end())
    cleaned = "".join(chars)
    cells = []
    for m in re.finditer(r"[^\n]+", cleaned):
        text = m.group().strip()
        if not text or _motto_piece(text):
            continue
        line = bisect.bisect_right(starts, m.start()) - 1
        cells.append(Cell(re.sub(r"\s+", " ", text), line))
    return cells


def _national_motto_here(blob: str, m: re.Match) -> bool:
    """The national name as the motto, not inside a title ("... HIỆP ĐỊNH GIỮA CHÍNH PHỦ NƯỚC CỘNG HÒA XÃ
    HỘI CHỦ NGHĨA VIỆT NAM VÀ ..."): followed by "Độc lập", or a cell of its own before "Độc lập" (two
    columns side by side: "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")."""
    if _INDEPENDENCE.match(re.sub(r"^[\s|\-_=]*", "", blob[m.end():m.end() + 80])):
        return True
    rest_of_line = blob[m.end():].split("\n", 1)[0]
    if not m.group().isupper() or _RULE_RUN.sub("", rest_of_line).strip(" |"):
        return False
    first = _INDEPENDENCE.search(blob)
    return first is None or m.start() < first.start()


# ---------------------------------------------------------------- reading the header

def read_header(texts: list[str]) -> HeaderRead:
    """Read the header at the top of `texts` (the document's physical lines, from its start)."""
    window = texts[:_MAX_HEADER_LINES]
    cells = header_cells(window)
    reader = _HeaderReader(cells)
    reader.run()
    return reader.result(texts)


class _HeaderReader:
    def __init__(self, cells: list[Cell]) -> None:
        self.cells = cells
        self.h = Header()
        self.issuer_parts: list[str] = []
        self.title_parts: list[str] = []
        self.title_caps = False
        self.authority_parts: list[str] = []
        self.subject_parts: list[str] = []
        self.last_line = -1  # the last physical line that belongs to the header
        self.last_kind: str | None = None  # "issuer" right after an issuer cell
        self.stop_line: int | None = None  # the first line of the body, when a cell said so

    # -- helpers
    def _take(self, i: int, n: int = 1) -> int:
        self.last_line = max(self.last_line, self.cells[i + n - 1].line)
        self.last_kind = None
        return i + n

    def _stop(self, i: int) -> None:
        self.stop_line = self.cells[i].line

    # -- the walk
    def run(self) -> None:
        cells = self.cells
        state = "top"
        in_subject = False
        i = 0
        while i < len(cells):
            text = cells[i].text
            if not any(ch.isalnum() for ch in text):
                joiner = state == "top" and self.last_kind == "issuer" and text in ("-", "–", "&", ",")
                if joiner:
                    self.issuer_parts.append(text)  # "PHÒNG TÀI CHÍNH" / "-" / "KẾ HOẠCH": one name
                i = self._take(i)  # else "*", "***" under a Party issuer: a decoration of the header
                self.last_kind = "issuer" if joiner else None
                continue
            if _body_starts(text, state, self.title_parts):
                self._stop(i)
                return
            if state == "top":
                n = self._symbol(i)
                if n:
                    i = n
                    in_subject = False
                    continue
                n = self._date(i)
                if n:
                    i = n
                    in_subject = False
                    continue
                n = self._type(i)
                if n:
                    i, state, in_subject = n, "title", False
                    continue
                if _SUBJECT.match(text) and not self.h.doc_type:
                    self.subject_parts = [text]
                    in_subject = True
                    i = self._take(i)
                    continue
                if in_subject and (_title_goes_on(self.subject_parts, text)
                                   or re.fullmatch(r"(?:V/v|V/V|v/v|Về việc)\s*:?", self.subject_parts[-1])):
                    self.subject_parts.append(text)  # "V/v:" / "Chính sách thuế TNCN"; "... của" / "Đảng, Nhà nước."
                    i = self._take(i)
                    continue
                in_subject = False
                if is_all_caps(text) or _caps_with_digits(text):
                    issuer = self._issuer_cell(text)
                    if issuer:
                        self.issuer_parts.append(text)
                    i = self._take(i)  # else a mark such as "KHẨN", "DỰ THẢO": header, but no field
                    self.last_kind = "issuer" if issuer else None
                    continue
                if not (self.h.symbol or self.h.date or self.issuer_parts or self.subject_parts):
                    n = self._headless_type(i)
                    if n:
                        i, state = n, "title"
                        continue
                    self._stop(i)  # no header: the body starts here
                    return
                if (self.h.symbol or self.h.number) and not self.title_parts and _title_like(text, cells, i):
                    self.title_parts.append(text)  # a title with no type word above it (pipe layouts)
                    i = self._take(i)
                    state = "title"
                    continue
                self._stop(i)
                return
            if state == "title":
                if _RULE_LINE.match(text):
                    i = self._take(i)
                    state = "authority" if self.title_parts else state
                    continue
                caps = is_all_caps(text) or _caps_with_digits(text)
                if not self.title_parts:
                    self.title_parts.append(text)
                    self.title_caps = caps
                    i = self._take(i)
                    continue
                if caps and _authority_like(text) and not _open_end(self.title_parts[-1]):
                    state = "authority"
                    continue
                if caps and self.title_caps:
                    self.title_parts.append(text)
                    i = self._take(i)
                    continue
                if not caps and not self.title_caps and _title_goes_on(self.title_parts, text):
                    self.title_parts.append(text)
                    i = self._take(i)
                    continue
                if caps and (_authority_like(text) or ISSUER_HEAD.match(text)):
                    state = "authority"
                    continue
                self._stop(i)
                return
            # state == "authority": the enacting body and the session of a council, in capitals
            if (is_all_caps(text) or _caps_with_digits(text)) and len(self.authority_parts) < 4 and (
                    self.authority_parts or AUTHORITY_LINE.match(text) or ISSUER_HEAD.match(text)):
                self.authority_parts.append(text)
                i = self._take(i)
                continue
            self._stop(i)
            return

    def _issuer_cell(self, text: str) -> bool:
        if _SUBJECT.match(text):
            return False
        if not (self.h.symbol or self.h.date):
            return bool(self.issuer_parts) or bool(ISSUER_HEAD.match(text)) or self._no_issuer_head_yet(text)
        return not self.issuer_parts and bool(ISSUER_HEAD.match(text))

    @staticmethod
    def _no_issuer_head_yet(text: str) -> bool:
        """ "ỦY BAN NHÂN" cut before "DÂN", or "HỘI" alone: the start of a body's name cut by a line break."""
        return len(text) < 40 and bool(re.match(r"^(?:ỦY|UỶ|HỘI|VĂN|THỦ|BAN|CHÍNH|QUỐC|NGÂN|KIỂM|BẢO|TÒA|VIỆN|ĐẢNG)\b", text))

    def _symbol(self, i: int) -> int:
        m = _SYMBOL_CELL.match(self.cells[i].text)
        if not m or self.h.symbol or self.h.number:
            return 0
        rest = m["rest"].strip()
        used = 1
        if not rest and i + 1 < len(self.cells):
            rest, used = self.cells[i + 1].text, 2  # "Số:" / "2820/QĐ-UBND"
        if re.search(r"\d\S*[/-]$", rest) and i + used < len(self.cells):
            rest, used = rest + self.cells[i + used].text, used + 1  # "Số: 3783/QĐ-" / "UBND"
        s = _SYMBOL.match(rest)
        if not s:
            return 0
        symbol = re.sub(r"\s+", "", s["sym"]).rstrip(".,;")
        number = s["num"] if s["num"] and s["num"][0].isdigit() else None
        if number:
            self.h.symbol, self.h.number = symbol, number
        else:  # "Số:    /KH-UBND" of an unnumbered draft: the type code still tells the type
            self.h.doc_type = self.h.doc_type or type_of_symbol("0" + symbol.lstrip(".…_"))
        after = rest[s.end():].strip(" |")
        end = self._take(i, used)
        if after:  # "Số: 186/KH-UBND Kỳ Sơn, ngày 14 tháng 4 năm 2023": the next column's cell
            self.cells[end - 1] = Cell(after, self.cells[end - 1].line)
            return end - 1
        return end

    def _date(self, i: int) -> int:
        if self.h.date or self.h.place:
            return 0
        for span in range(1, 7):  # "Bình" / "An," / "ngày" / "3 tháng 4" / "năm 2025": up to six cells
            if i + span > len(self.cells):
                break
            joined = " ".join(c.text for c in self.cells[i:i + span])
            m = _DATE.match(joined)
            if not m:
                continue
            place = m["place"].strip(" -,")
            if place and not all(_PLACE_WORD.match(w) for w in place.split()) or len(place.split()) > 7:
                return 0
            lengths = [len(c.text) + 1 for c in self.cells[i:i + span]]
            used = 0
            total = 0
            for n in lengths:  # the cells the match reached into
                used += 1
                total += n
                if total >= m.end():
                    break
            self.h.place = place or None
            day, month, year = m["d"], m["m"] or m["m2"], m["y"] or m["y2"]
            if day and day.isdigit() and month and month.isdigit() and iso_date(int(year), int(month), int(day)):
                self.h.date = iso_date(int(year), int(month), int(day))
            end = self._take(i, used)
            after = joined[m.end():].strip(" |")
            last = self.cells[end - 1]
            if after and last.text.endswith(after) and len(after) < len(last.text):
                self.cells[end - 1] = Cell(after, last.line)  # "..., ngày 5 tháng 9 năm 2025 KẾ HOẠCH"
                return end - 1
            return end
        return 0

    def _type(self, i: int) -> int:
        """A type word in one to three cells ("QUYẾT" / "ĐỊNH", "K Ế H O Ạ C H", "## NGHỊ QUYẾT"), unless it
        ends an issuer's name cut after a joiner ("PHÒNG TÀI CHÍNH -" / "KẾ HOẠCH")."""
        if self.last_kind == "issuer" and re.search(r"(?:\s(?:VÀ|&)|[-,&])$", self.issuer_parts[-1]):
            return 0
        best = 0
        for span in (1, 2, 3):
            if i + span > len(self.cells):
                break
            key = re.sub(r"[\s#:]", "", "".join(c.text for c in self.cells[i:i + span]))
            if not key.isupper():
                break
            if key in _TYPE_KEYS:
                best = span
        if not best:
            return 0
        key = re.sub(r"[\s#:]", "", "".join(c.text for c in self.cells[i:i + best]))
        self.h.doc_type = _TYPE_KEYS[key]
        return self._take(i, best)

    def _headless_type(self, i: int) -> int:
        """A body without header that opens with its type and title: "Thông tư quy định ..."."""
        if i != 0:
            return 0
        m = _TYPE_START.match(self.cells[i].text)
        if not m or not m["rest"][:1].islower() or re.match(r"^(?:này|số|được|đã|nêu|trên)\b", m["rest"]):
            return 0
        self.h.doc_type = DOC_TYPE_WORDS[m["type"]][0]
        self.title_parts = [m["rest"]]
        return self._take(i)

    def result(self, texts: list[str]) -> HeaderRead:
        h = self.h
        if self.issuer_parts:
            h.issuer, h.issuer_parent = issuer_from_caps(self.issuer_parts)
        authority = " ".join(self.authority_parts) or None
        title = self.title_parts or ([] if h.doc_type else self.subject_parts)
        if not self.title_parts and self.subject_parts:
            title = self.subject_parts
        if title:
            h.title = re.sub(r"\s+", " ", " ".join(title)).strip(" :;,")
        if not h.doc_type and self.subject_parts:
            h.doc_type = LETTER_TYPE  # no type word, a "V/v ..." subject under the number: an official letter
        if not h.doc_type and h.symbol:
            h.doc_type = type_of_symbol(h.symbol)
        # the body starts at the cell that said so, or after the last header cell when a body cell shares
        # its line (a line is never split between header and body)
        end = self.last_line + 1 if self.stop_line is None else max(self.stop_line, self.last_line + 1)
        return HeaderRead(h, end, authority)


def _body_starts(text: str, state: str, title_parts: list[str]) -> bool:
    """A cell that can only be the body: the enacting line, "Kính gửi", the legal basis, a numbered
    heading, or a long sentence."""
    if ENACTING_LINE.match(text) or _KINH_GUI.match(text):
        return True
    if text.lstrip("-+• ").startswith("Căn cứ") or (opens_legal_basis(text) and (state != "title" or title_parts)):
        return True
    if SIGNATURE_LINE.match(text) and state != "top":
        return False
    m = match_marker(text)
    if m and m.kind in {"roman", "arabic", "article", "chapter", "part", "muc"} and (state != "title" or title_parts):
        return True
    return len(text) > 300 and not is_all_caps(text)


def _caps_with_digits(text: str) -> bool:
    """ "KHÓA XVI, KỲ HỌP THỨ 28", "NĂM 2026", "VÀ", "BỘ": an upper-case cell (two letters are enough in a
    header, where words are cut one per line)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _open_end(text: str) -> bool:
    """A line cut inside a phrase: it ends on a word that cannot end a title ("CỦA", "VÀ", "về") or on a
    comma or hyphen ("CỦA BỘ CHÍNH TRỊ," / "BAN BÍ THƯ ...")."""
    if text.rstrip().endswith((",", "-", "–")):
        return True
    last = text.split()[-1].lower() if text.split() else ""
    return last in {"của", "và", "về", "cho", "tại", "trên", "theo", "với", "các", "những", "trong", "đối",
                    "ngày", "thuộc", "đến", "năm", "giai", "đoạn", "phục", "vụ", "hướng", "dẫn", "thi", "hành"}


def _authority_like(text: str) -> bool:
    """The enacting body under a title ("ỦY BAN NHÂN DÂN TỈNH ...", "BỘ TRƯỞNG BỘ TÀI CHÍNH", "KHÓA XVI, KỲ
    HỌP THỨ 28"): a body's name, not a title line that happens to begin with one ("QUỐC HỘI TẠI TỔ VÀ ...")."""
    if not AUTHORITY_LINE.match(text) or len(text.split()) > 14 or ";" in text:
        return False
    return not re.search(r"\b(?:VỀ|TẠI|CHO|ĐỐI VỚI|GIAI ĐOẠN|TRÊN ĐỊA BÀN|THỰC HIỆN|BAN HÀNH)\b", text)


def _title_goes_on(parts: list[str], text: str) -> bool:
    """Does a sentence-case title continue on `text`? A lower-case start or a line cut on a word that
    cannot end a title says so; after a line ending on a lower-case word, a short line without final
    punctuation is still the title ("... năm 2025 thực hiện" / "Chương trình mục tiêu quốc gia ...")."""
    if text[:1].islower() or _open_end(parts[-1]):
        return True
    last = parts[-1].split()[-1] if parts[-1].split() else ""
    return (last.isalpha() and last.islower() and not text.endswith((".", ":", ";"))
            and len(text) <= 160 and sum(map(len, parts)) + len(text) < 400)


def _title_like(text: str, cells: list[Cell], i: int) -> bool:
    """A sentence-case line between the number and the legal basis, without final punctuation: the
    title of a header that has no type word ("Quy định chế độ ..." of a pipe-layout circular)."""
    if text.endswith((".", ":", ";")) or len(text) > 300:
        return False
    nxt = cells[i + 1].text if i + 1 < len(cells) else ""
    return bool(nxt) and (_body_starts(nxt, "top", []) or _RULE_LINE.match(nxt) is not None
                          or AUTHORITY_LINE.match(nxt) is not None)


def iso_date(year: int, month: int, day: int) -> str | None:
    """ "2025-11-18", or None for a day that does not exist (a typo, "30 tháng 2")."""
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def type_of_symbol(symbol: str) -> str | None:
    """A header without a type line: the symbol's type code says it ("12/QĐ-UBND"), and a symbol without
    one is an official letter ("1520/SNNMT-KHTC" -> "Công văn"); a Party symbol puts the code first
    ("45-HD/BTCTW")."""
    known = {k.upper().replace("Đ", "D"): v[0] for k, v in TYPE_CODES.items()}
    m = re.fullmatch(r"\d+[a-z]?-([^/-]+)/.+", symbol)  # Party: 45-HD/BTCTW
    if m:
        return known.get(m.group(1).upper().replace("Đ", "D"))
    m = re.fullmatch(r"\d+[a-z]?(?:/(?:19|20)\d\d)?[/-]([^/-]+)(?:[/-].*)?", symbol)
    if not m:
        return None
    code = m.group(1)
    doc_type = known.get(code.upper().replace("Đ", "D"))
    if doc_type:
        return doc_type
    if re.fullmatch(r"\d+/(?:19|20)\d\d/QH\d+", symbol):
        return LAW_TYPE  # 60/2024/QH15: the Assembly's laws carry no type code
    return LETTER_TYPE if re.fullmatch(r"\d+[a-z]?/[^/]+", symbol) else None
