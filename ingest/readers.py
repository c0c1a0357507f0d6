"""Reading source files (txt, md, html, docx, pdf) into text, behind one interface.

Every later stage works on a `SourceText`, so a new format only needs a small reader class added to the
registry at the bottom. Whatever goes wrong with a file becomes a `ReadError` with a one-line Vietnamese
reason, because the person who uploaded the file (not a programmer) must understand what to fix: an
empty file, a scanned PDF without a text layer, a document still typed in the old TCVN3/VNI fonts...

The text is decoded but not normalised (that is `ingest.text`'s job) except for what the container
forces on us: "\n" line ends, no BOM, and NFC for Windows-1258, whose combining tone marks are an
artefact of the code page rather than of the document.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import stat
import unicodedata
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

import docx
import pypdf
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString
from charset_normalizer import from_bytes
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from lxml import etree
from pypdf.errors import DependencyError, PdfReadWarning

from ingest.errors import ReadError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DocxReader",
    "Extracted",
    "ExtractingReader",
    "HtmlReader",
    "MarkdownReader",
    "PdfReader",
    "Reader",
    "SourceText",
    "TextReader",
    "decode_text",
    "html_to_text",
    "legacy_vietnamese_encoding",
    "read_source",
    "supported_suffixes",
]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_MIB = 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    """A source file turned into text, with what later stages need to cite and deduplicate it."""

    path: str  # as given
    name: str  # file name, e.g. "001_x.txt"
    format: str  # "txt" | "docx" | "pdf" | "md" | "html"
    text: str  # decoded, "\n" line ends, not yet normalised
    sha256: str  # of the raw bytes
    size: int  # bytes
    encoding: str | None  # detected for txt/md/html
    pages: int | None  # for pdf


@dataclass(frozen=True)
class Extracted:
    """What a reader learns from the bytes: the text, plus the encoding or page count when it has one."""

    text: str
    encoding: str | None = None
    pages: int | None = None


class Reader(Protocol):
    """Turns the bytes of one file format into text; raises `ReadError` when it cannot.

    `path` is only there to name the file in errors: the caller has already read (and size-checked) it.
    """

    formats: tuple[str, ...]  # file suffixes it handles, e.g. (".txt",)

    def read(self, path: Path, data: bytes) -> str: ...


class ExtractingReader(Reader, Protocol):
    """A `Reader` that also reports its format name, encoding and page count, as `read_source` needs."""

    format: str

    def extract(self, path: Path, data: bytes) -> Extracted: ...


# --------------------------------------------------------------------------------------------------
# Vietnamese text checks shared by all formats
# --------------------------------------------------------------------------------------------------

_VN_LOWER = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_VN_LETTERS = frozenset(_VN_LOWER + _VN_LOWER.upper())

# TCVN3 (ABC) puts lowercase Vietnamese letters on bytes that cp1252/latin-1 shows as symbols
# (0xB8 "¸" = á, 0xB5 "µ" = à, 0xAE "®" = đ, 0xAD soft hyphen = ư ...) or as capitals (0xD6 "Ö" = ệ).
_TCVN3_SYMBOLS = "".join(map(chr, [*range(0xA1, 0xAF), *range(0xB5, 0xBA), *range(0xBB, 0xBF)]))
_TCVN3_CAPITALS = "ÆÇÈÉÊËÎÏÐÑÓÔÕÖ×ØÜÝ"
_TCVN3_MARK = re.compile(
    f"[A-Za-z][{re.escape(_TCVN3_SYMBOLS)}]|[{re.escape(_TCVN3_SYMBOLS)}][A-Za-z]|[a-z][{_TCVN3_CAPITALS}]"
)
# VNI writes a tone as a second byte after the vowel ("aø" = à, "eä" = ệ) and "đ" as "ñ"; only the
# marks that never follow a vowel in real Vietnamese count ("oà", "uâ", "quá" are ordinary words).
_VNI_MARK = re.compile(r"[aeiouyAEIOUY][ùøûõïåäëüÙØÛÕÏÅÄËÜ]|(?<![^\W\d_])[ñÑ][A-Za-z]|[öÖ][ôÔ]")
_ASCII_LETTER = re.compile("[A-Za-z]")
_SAMPLE_CHARS = 200_000  # legacy encodings and code pages are uniform: the head of a file tells
_LEGACY_MIN_WORDS = 2
_LEGACY_MIN_SHARE = 0.1
_LEGACY_MIN_DISTINCT = 3
_LEGACY_MARKS = (("TCVN3 (ABC)", _TCVN3_MARK), ("VNI", _VNI_MARK))


def legacy_vietnamese_encoding(text: str) -> str | None:
    """Name the legacy font encoding ("TCVN3 (ABC)" or "VNI") a text seems typed in, else None.

    Such text reaches us as cp1252 mojibake ("Céng hßa x· héi", "Coäng hoøa xaõ hoäi") from a .txt, or
    unchanged inside a DOCX/PDF that used .VnTime/VNI-Times fonts; converting it is the user's job.
    Vietnamese uses many different marks, so a few recurring ones (Polish "ą" read as "¹", French
    "naïf") are not enough.
    """
    words = [w for w in text[:_SAMPLE_CHARS].split() if _ASCII_LETTER.search(w)]
    best: tuple[int, str | None] = (0, None)
    for name, pattern in _LEGACY_MARKS:
        hits, distinct = _legacy_evidence(words, pattern)
        if hits >= _LEGACY_MIN_WORDS and hits >= _LEGACY_MIN_SHARE * len(words) and distinct >= _LEGACY_MIN_DISTINCT:
            best = max(best, (hits, name))
    return best[1]


def _legacy_evidence(words: list[str], pattern: re.Pattern[str]) -> tuple[int, int]:
    """How many words show the pattern, and how many different non-ASCII marks those matches use."""
    hits = 0
    marks: set[str] = set()
    for word in words:
        found = pattern.findall(word)
        if found:
            hits += 1
            marks.update(char for match in found for char in match if not char.isascii())
    return hits, len(marks)


def _is_plausible_vietnamese(text: str) -> bool:
    """True when the text has Vietnamese-only letters (ă, đ, ơ, ư, ệ...) and almost nothing foreign.

    Used to accept a cp1258 decoding: Latin-1 text never yields those letters, and legacy-font or binary
    bytes decoded as cp1258 leave stray marks, foreign letters or symbols stuck to words.
    """
    text = text[:_SAMPLE_CHARS]
    vietnamese_only = foreign = 0
    for index, char in enumerate(text):
        if char.isascii():
            continue
        if char in _VN_LETTERS:
            vietnamese_only += ord(char) > 0xFF
        elif unicodedata.combining(char) or char.isalpha() or _touches_letter(text, index):
            foreign += 1
    return vietnamese_only >= 3 and foreign * 10 <= vietnamese_only


def _touches_letter(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return before.isalpha() or after.isalpha()


def _legacy_error(path: Path, encoding: str) -> ReadError:
    return ReadError(str(path), f"tệp dùng bảng mã cũ {encoding}; hãy chuyển sang Unicode (UTF-8) rồi nạp lại")


def _finish(path: Path, extracted: Extracted) -> Extracted:
    """The checks every format shares: "\n" line ends, no BOM, some text, not a legacy font encoding."""
    text = extracted.text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise ReadError(str(path), "tệp không có nội dung văn bản (trống hoặc chỉ có khoảng trắng)")
    legacy = legacy_vietnamese_encoding(text)
    if legacy is not None:
        raise _legacy_error(path, legacy)
    return Extracted(text, extracted.encoding, extracted.pages)


# --------------------------------------------------------------------------------------------------
# Plain text decoding (txt, md, html)
# --------------------------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str, str], ...] = (  # (bom, codec, label); UTF-32 before UTF-16 (same prefix)
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
)
_UTF16_SAMPLE_BYTES = 4096
_UTF16_NUL_SHARE = 0.3  # ASCII-heavy text in UTF-16 has a NUL in (nearly) every other byte
_UTF16_STRAY_NUL_SHARE = 0.05
_MAX_CONTROL_SHARE = 0.02
_WESTERN_CHAOS_MARGIN = 0.1  # how much worse than the best guess cp1252 may look and still be chosen
# Control codes other than \t \n \v \f \r and DOS's end-of-file \x1a, private-use and lone surrogates.
_JUNK_CHARS = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")
_BINARY = "tệp không phải văn bản (chứa dữ liệu nhị phân)"


def decode_text(path: Path, data: bytes) -> Extracted:
    """Decode text bytes: BOM, BOM-less UTF-16, UTF-8, Windows-1258, then charset-normalizer's guess.

    UTF-8 goes first because it almost never decodes by accident; TCVN3/VNI are refused rather than
    guessed, since a cp1252 reading of them is mojibake that would poison the graph silently.
    """
    text, encoding = _decode(path, data)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise ReadError(str(path), _BINARY)
    return Extracted(text, encoding)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _strict_decode(path, data[len(bom) :], codec), label
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return _strict_decode(path, data, utf16), utf16
    if b"\x00" in data:
        raise ReadError(str(path), _BINARY)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    cp1258 = _decode_cp1258(data)
    if cp1258 is not None:
        return cp1258, "cp1258"
    legacy = legacy_vietnamese_encoding(data.decode("latin-1"))
    if legacy is not None:
        raise _legacy_error(path, legacy)
    return _guess_encoding(path, data)


def _strict_decode(path: Path, data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ReadError(str(path), f"không giải mã được tệp theo bảng mã {codec}") from exc


def _bomless_utf16(data: bytes) -> str | None:
    """Recognise UTF-16 without a BOM by its NULs: on odd bytes for LE, on even bytes for BE."""
    sample = data[:_UTF16_SAMPLE_BYTES]
    half = len(sample) // 2
    if half < 2 or len(data) % 2:
        return None
    even = sample[0 : half * 2 : 2].count(0) / half
    odd = sample[1 : half * 2 : 2].count(0) / half
    if odd >= _UTF16_NUL_SHARE and even <= _UTF16_STRAY_NUL_SHARE:
        return "utf-16-le"
    if even >= _UTF16_NUL_SHARE and odd <= _UTF16_STRAY_NUL_SHARE:
        return "utf-16-be"
    return None


def _decode_cp1258(data: bytes) -> str | None:
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    return text if _is_plausible_vietnamese(text) else None


def _guess_encoding(path: Path, data: bytes) -> tuple[str, str]:
    """charset-normalizer's guess, but Windows-1252 when it fits about as well.

    On short Western text it often ranks cp1257/cp1250 first ("à la fenêtre" → "ą la fenźtre"), while
    a non-Vietnamese, non-Unicode file in a Vietnamese office is almost always cp1252.
    """
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise ReadError(
            str(path),
            "không xác định được bảng mã của tệp; hãy lưu lại dưới dạng Unicode (UTF-8) rồi nạp lại",
        )
    western = next((match for match in matches if match.encoding == "cp1252"), None)
    if western is not None and western.chaos <= best.chaos + _WESTERN_CHAOS_MARGIN:
        best = western
    return str(best), best.encoding


def _control_share(text: str) -> float:
    """Share of characters no text file contains: control codes, private-use points, lone surrogates."""
    return len(_JUNK_CHARS.findall(text)) / len(text) if text else 0.0


class TextReader:
    """Plain text, in whatever encoding `decode_text` recognises."""

    formats: tuple[str, ...] = (".txt",)
    format = "txt"

    def read(self, path: Path, data: bytes) -> str:
        return self.extract(path, data).text

    def extract(self, path: Path, data: bytes) -> Extracted:
        return _finish(path, decode_text(path, data))


class MarkdownReader(TextReader):
    """Markdown is kept as written: headings and lists are structure the parser can use."""

    formats: tuple[str, ...] = (".md", ".markdown")
    format = "md"


# --------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------

_DROPPED_TAGS = ("head", "title", "script", "style", "nav", "noscript", "template", "svg")  # not body text
_BLOCK_TAGS = (
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header",
    "footer", "main", "aside", "blockquote", "pre", "dl", "dt", "dd", "figure", "figcaption", "address",
    "form", "fieldset", "hr", "caption",
)  # fmt: skip
_SPACES = re.compile(r"\s+")
_BLANK_RUNS = re.compile(r"\n{3,}")


class HtmlReader:
    """A saved web page: visible text only, one block per line, table rows as "cell | cell"."""

    formats: tuple[str, ...] = (".html", ".htm")
    format = "html"

    def read(self, path: Path, data: bytes) -> str:
        return self.extract(path, data).text

    def extract(self, path: Path, data: bytes) -> Extracted:
        decoded = decode_text(path, data)
        return _finish(path, Extracted(html_to_text(decoded.text), decoded.encoding))


def html_to_text(markup: str) -> str:
    """Lay HTML out as lines: source whitespace collapses, blocks and <br> break lines."""
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(_DROPPED_TAGS):
        tag.decompose()
    for special in soup.find_all(string=lambda s: isinstance(s, PreformattedString)):
        special.extract()  # comments, doctype, CDATA, processing instructions
    _collapse_source_whitespace(soup)
    for table in reversed(soup.find_all("table")):  # innermost first, so nested tables flatten
        table.replace_with(NavigableString(f"\n\n{_html_table_text(table)}\n\n"))
    for br in soup.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for block in soup.find_all(_BLOCK_TAGS):
        block.insert_before(NavigableString("\n\n"))
        block.insert_after(NavigableString("\n\n"))
    return _tidy_lines(soup.get_text())


def _collapse_source_whitespace(soup: BeautifulSoup) -> None:
    for string in soup.find_all(string=True):
        if string.find_parent("pre") is not None:
            continue
        collapsed = _SPACES.sub(" ", string)
        if collapsed != string:
            string.replace_with(NavigableString(collapsed))


def _html_table_text(table: Tag) -> str:
    rows = []
    for tr in table.find_all("tr"):
        cells = [_SPACES.sub(" ", cell.get_text(" ")).strip() for cell in tr.find_all(["td", "th"])]
        if any(cells):
            rows.append(" | ".join(cells))
    return "\n".join(rows)


def _tidy_lines(text: str) -> str:
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


# --------------------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc, or a password-protected .docx


class DocxReader:
    """A Word document: body paragraphs and tables in document order, one table row per line."""

    formats: tuple[str, ...] = (".docx",)
    format = "docx"

    def read(self, path: Path, data: bytes) -> str:
        return self.extract(path, data).text

    def extract(self, path: Path, data: bytes) -> Extracted:
        try:
            document = docx.Document(io.BytesIO(data))
            blocks = [block.rstrip() for block in _docx_blocks(document, document.element.body)]
        except Exception as exc:  # untrusted bytes: any parser failure means a broken file
            raise ReadError(str(path), _docx_failure(data)) from exc
        return _finish(path, Extracted("\n\n".join(block for block in blocks if block.strip())))


def _docx_failure(data: bytes) -> str:
    reason = "tệp DOCX bị hỏng hoặc không đúng định dạng"
    if data.startswith(_OLE_MAGIC):
        reason += " (có vẻ là tệp Word cũ .doc hoặc tệp có mật khẩu; hãy lưu lại thành .docx)"
    return reason


def _docx_blocks(document: DocxDocument, container: etree._Element) -> Iterator[str]:
    """Walk w:p and w:tbl children in order; content controls (w:sdt) are opened, not skipped."""
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, document).text
        elif child.tag == qn("w:tbl"):
            yield "\n".join(_docx_row_text(row) for row in Table(child, document).rows)
        elif child.tag == qn("w:sdt"):
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from _docx_blocks(document, content)


def _docx_row_text(row: _Row) -> str:
    cells: list[_Cell] = []
    for cell in row.cells:  # a cell spanning several grid columns comes back once per column
        if not cells or cell != cells[-1]:
            cells.append(cell)
    return " | ".join(" ".join(cell.text.split()) for cell in cells)


# --------------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------------

_MIN_TEXT_CHARS_PER_PAGE = 10  # below this on average, the pages are images (a scan)


def _quiet_pypdf() -> None:
    """pypdf logs and warns about every oddity of real-world PDFs; failures reach us as exceptions.

    Done once at import, not per call, because toggling logging/warnings state is not thread-safe. An
    application that configured the "pypdf" logger itself keeps its setting.
    """
    logger = logging.getLogger("pypdf")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=PdfReadWarning)


_quiet_pypdf()


class PdfReader:
    """A PDF's text layer, page by page; scanned or locked PDFs are refused with the reason."""

    formats: tuple[str, ...] = (".pdf",)
    format = "pdf"

    def read(self, path: Path, data: bytes) -> str:
        return self.extract(path, data).text

    def extract(self, path: Path, data: bytes) -> Extracted:
        pages = _pdf_page_texts(path, data)
        text = "\n\n".join(page.strip("\n") for page in pages if page.strip())
        if len("".join(text.split())) < _MIN_TEXT_CHARS_PER_PAGE * len(pages):
            raise ReadError(
                str(path),
                "tệp PDF là bản quét, không có lớp chữ; cần nhận dạng ký tự (OCR) trước khi nạp",
            )
        return _finish(path, Extracted(text, pages=len(pages)))


def _pdf_page_texts(path: Path, data: bytes) -> list[str]:
    try:
        pdf = pypdf.PdfReader(io.BytesIO(data))
        _unlock_pdf(path, pdf)
        pages = [page.extract_text() or "" for page in pdf.pages]
    except ReadError:
        raise
    except Exception as exc:  # pypdf raises many exception types on malformed input
        raise ReadError(str(path), "tệp PDF bị hỏng hoặc không đúng định dạng") from exc
    if not pages:
        raise ReadError(str(path), "tệp PDF bị hỏng hoặc không có trang nào")
    return pages


def _unlock_pdf(path: Path, pdf: pypdf.PdfReader) -> None:
    """Open an encrypted PDF with the empty password (owner-only protection), or refuse it."""
    if not pdf.is_encrypted:
        return
    try:
        unlocked = pdf.decrypt("") != pypdf.PasswordType.NOT_DECRYPTED
    except DependencyError as exc:
        raise ReadError(
            str(path), "tệp PDF được mã hoá theo cách máy chủ chưa giải được; hãy gỡ mã hoá rồi nạp lại"
        ) from exc
    if not unlocked:
        raise ReadError(str(path), "tệp PDF được đặt mật khẩu; hãy gỡ mật khẩu rồi nạp lại")


# --------------------------------------------------------------------------------------------------
# Registry and entry point
# --------------------------------------------------------------------------------------------------

_READERS: tuple[ExtractingReader, ...] = (
    TextReader(),
    MarkdownReader(),
    HtmlReader(),
    DocxReader(),
    PdfReader(),
)
_REGISTRY: Mapping[str, ExtractingReader] = MappingProxyType(
    {suffix: reader for reader in _READERS for suffix in reader.formats}
)


def supported_suffixes() -> tuple[str, ...]:
    """The file suffixes `read_source` accepts, sorted, for messages and upload forms."""
    return tuple(sorted(_REGISTRY))


def read_source(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read one source file into a `SourceText`, or raise `ReadError` saying (in Vietnamese) why not.

    The size is checked with `stat` before reading, so an oversized upload never lands in memory.
    """
    shown = str(path)
    file = Path(path)
    size = _checked_size(shown, file)
    reader = _reader_for(shown, file)
    if size == 0:
        raise ReadError(shown, "tệp rỗng (0 byte)")
    if size > max_bytes:
        raise ReadError(shown, f"tệp quá lớn ({_format_size(size)}), vượt giới hạn {_format_size(max_bytes)}")
    data = _read_bytes(shown, file, max_bytes)
    extracted = reader.extract(file, data)
    return SourceText(
        path=shown,
        name=file.name,
        format=reader.format,
        text=extracted.text,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        encoding=extracted.encoding,
        pages=extracted.pages,
    )


def _checked_size(shown: str, file: Path) -> int:
    try:
        info = file.stat()
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise ReadError(shown, "không tìm thấy tệp") from exc
    except PermissionError as exc:
        raise ReadError(shown, "không có quyền đọc tệp") from exc
    except OSError as exc:
        raise ReadError(shown, f"không đọc được tệp (lỗi hệ thống {exc.errno})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(shown, "đường dẫn là một thư mục, không phải tệp")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(shown, "đường dẫn không phải tệp thông thường")
    return info.st_size


def _reader_for(shown: str, file: Path) -> ExtractingReader:
    suffix = file.suffix.lower()
    reader = _REGISTRY.get(suffix)
    if reader is not None:
        return reader
    accepted = ", ".join(supported_suffixes())
    if not suffix:
        raise ReadError(shown, f"tệp không có phần mở rộng nên không rõ định dạng; chỉ nhận: {accepted}")
    raise ReadError(shown, f"định dạng '{suffix}' không được hỗ trợ; chỉ nhận: {accepted}")


def _read_bytes(shown: str, file: Path, max_bytes: int) -> bytes:
    """Read at most one byte past the limit, in case the file grew after `stat`."""
    try:
        with file.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError as exc:
        raise ReadError(shown, "không có quyền đọc tệp") from exc
    except OSError as exc:
        raise ReadError(shown, f"không đọc được tệp (lỗi hệ thống {exc.errno})") from exc
    if len(data) > max_bytes:
        raise ReadError(shown, f"tệp quá lớn, vượt giới hạn {_format_size(max_bytes)}")
    if not data:
        raise ReadError(shown, "tệp rỗng (0 byte)")
    return data


def _format_size(size: int) -> str:
    """MB with a decimal comma ("51,0 MB"); bytes for limits too small to show in MB."""
    if size < _MIB // 10:
        return f"{size} byte"
    return f"{size / _MIB:.1f} MB".replace(".", ",")
