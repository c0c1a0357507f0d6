"""What every reader shares: the record it returns, the reader interface and the checks all formats pass.

Whatever goes wrong with a file becomes a `ReadError` with a one-line Vietnamese reason, because the
person who uploaded the file (not a programmer) must understand what to fix: an empty file, a scan the
OCR could not read, a document still typed in the old TCVN3/VNI fonts...
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from ingest.errors import ReadError
from ingest.model import OcrPage
from ingest.readers.limits import DEFAULT_LIMITS, ReadLimits

# Signatures that tell what a file is, whatever its name says.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .doc, or a password-protected .docx
RTF_MAGIC = b"{\\rtf"
ZIP_MAGIC = b"PK\x03\x04"
HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<\?xml[^>]*>\s*<html)", re.IGNORECASE)

# (stage, done, total), the shape of the CLI's progress bar callbacks: "OCR plan.pdf", page 3 of 12.
Progress = Callable[[str, int, int], None]


TABLE_CELL_SEPARATOR = " | "  # how every reader writes a table row; `ingest.lines.table_cells` reads it back


def table_row(cells: list[str]) -> str:
    """A table row as one line: its cells (already one line each) joined by " | ", empty ones kept so a row
    lines up with its header ("1 | Tập huấn | Sở Y tế |  | Quý II")."""
    return TABLE_CELL_SEPARATOR.join(cells)


@dataclass(frozen=True)
class OcrLine:
    """A stretch of the text that OCR produced, with the engine's confidence in it.

    `start`/`end` are character offsets into the reader's text (the decoded source text every later
    stage maps its `source_span` into), so a clause can say how sure the machine was of its words.
    """

    start: int
    end: int
    page: int  # 1-based
    confidence: float  # mean word confidence, 0..1


@dataclass(frozen=True)
class Extracted:
    """What a reader learns from the bytes: the text, plus encoding, page count and OCR provenance."""

    text: str
    encoding: str | None = None
    pages: int | None = None
    ocr_lines: tuple[OcrLine, ...] = ()
    ocr_pages: tuple[OcrPage, ...] = ()  # the record the Document keeps
    converter: str | None = None  # external program that produced the text ("antiword"), if any
    notes: tuple[str, ...] = field(default=())  # Vietnamese remarks for the ingest report


class Reader(Protocol):
    """Turns the bytes of one file format into text; raises `ReadError` when it cannot.

    `path` is only there to name the file in errors: the caller has already read (and size-checked) it.
    """

    formats: tuple[str, ...]  # file suffixes it handles, e.g. (".txt",)

    def read(self, path: Path, data: bytes) -> str: ...


class ExtractingReader(Reader, Protocol):
    """A `Reader` that also reports its format name and what it learnt, as `read_source` needs.

    `isolated` readers parse untrusted containers (zip, PDF, DOM, images, external converters): they
    run in a child process under CPU and memory limits (`ingest.readers.sandbox`); plain text is
    decoded in the caller's process because its cost is linear in the (already bounded) file size.
    """

    format: str
    isolated: bool

    def extract(
        self, path: Path, data: bytes, *, limits: ReadLimits = DEFAULT_LIMITS, progress: Progress | None = None
    ) -> Extracted: ...


class SimpleReader:
    """Base for readers: `read` is `extract(...).text`."""

    formats: tuple[str, ...] = ()
    format = ""
    isolated = True

    def read(self, path: Path, data: bytes) -> str:
        return self.extract(path, data).text

    def precheck(self, path: Path, data: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> None:
        """Cheap structural checks (stdlib only, linear in the bytes) that `read_source` runs in the
        caller's process before starting the reading child, so a known bomb costs no process at all.
        `extract` runs them again: a reader used on its own is just as safe."""

    def extract(
        self, path: Path, data: bytes, *, limits: ReadLimits = DEFAULT_LIMITS, progress: Progress | None = None
    ) -> Extracted:
        raise NotImplementedError


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


def is_plausible_vietnamese(text: str) -> bool:
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


def legacy_error(path: Path, encoding: str) -> ReadError:
    return ReadError(str(path), f"tệp dùng bảng mã cũ {encoding}; hãy chuyển sang Unicode (UTF-8) rồi nạp lại")


EMPTY_TEXT = "tệp không có nội dung văn bản (trống hoặc chỉ có khoảng trắng)"


def finish(path: Path, extracted: Extracted, *, limits: ReadLimits = DEFAULT_LIMITS) -> Extracted:
    """The checks every format shares: "\n" line ends, no BOM, some text, not a legacy font encoding.

    Line ends are rewritten only when the text has "\r" (never for OCR text, whose offsets must hold).
    """
    text = extracted.text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text.lstrip("\ufeff")
    if not text.strip():
        raise ReadError(str(path), EMPTY_TEXT)
    if len(text) > limits.max_text_chars:
        raise ReadError(str(path), limits.too_much_text(len(text)))
    legacy = legacy_vietnamese_encoding(text)
    if legacy is not None:
        raise legacy_error(path, legacy)
    return extracted if text is extracted.text else replace(extracted, text=text)
