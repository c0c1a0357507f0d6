"""Reading source files into text, behind one interface: `read_source(path) -> SourceText`.

One module per format (txtai-style): `txt` (plain text and Markdown, any encoding), `html` (saved web
pages, site chrome dropped), `docx`, `doc` (old Word through antiword/catdoc, and RTF), `pdf` (text
layer, OCR for scanned pages), `image` (OCR). `limits` holds the per-file resource limits and their
refusals, `sandbox` runs the container formats in a limited child process, `ocr` and `repair` are
Tesseract and the safe repairs of its Vietnamese errors.

Every later stage works on a `SourceText`, so a new format only needs a reader class added to the
registry below. Whatever goes wrong with a file becomes a `ReadError` with a one-line Vietnamese
reason. Offices rename files freely, so for the office formats the bytes decide (a ".doc" that is a
DOCX, an RTF or a web page is read as what it is).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ingest.errors import ReadError
from ingest.readers.base import (
    HTML_START,
    OLE_MAGIC,
    RTF_MAGIC,
    ZIP_MAGIC,
    Extracted,
    ExtractingReader,
    OcrLine,
    Progress,
    Reader,
    legacy_vietnamese_encoding,
)
from ingest.model import OcrPage
from ingest.readers.limits import DEFAULT_LIMITS, ReadLimits

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_BYTES",
    "DocReader",
    "DocxReader",
    "Extracted",
    "ExtractingReader",
    "HtmlReader",
    "ImageReader",
    "MarkdownReader",
    "OcrLine",
    "OcrPage",
    "PdfReader",
    "Progress",
    "ReadLimits",
    "Reader",
    "RtfReader",
    "SourceText",
    "TextReader",
    "decode_text",
    "html_to_text",
    "legacy_vietnamese_encoding",
    "read_source",
    "reader_for_format",
    "supported_suffixes",
]

# Format name -> the module and class of its reader. Modules are imported on first use, so the reading
# child process of one PDF loads pypdf and not python-docx, lxml.html or Pillow.
_READER_CLASSES: Mapping[str, tuple[str, str]] = MappingProxyType({
    "txt": ("ingest.readers.txt", "TextReader"),
    "md": ("ingest.readers.txt", "MarkdownReader"),
    "html": ("ingest.readers.html", "HtmlReader"),
    "docx": ("ingest.readers.docx", "DocxReader"),
    "doc": ("ingest.readers.doc", "DocReader"),
    "rtf": ("ingest.readers.doc", "RtfReader"),
    "pdf": ("ingest.readers.pdf", "PdfReader"),
    "image": ("ingest.readers.image", "ImageReader"),
})
# Public names that live in a format module, loaded lazily like the readers.
_LAZY_NAMES: Mapping[str, str] = MappingProxyType({
    **{cls: module for module, cls in _READER_CLASSES.values()},
    "decode_text": "ingest.readers.txt",
    "html_to_text": "ingest.readers.html",
})


def __getattr__(name: str) -> Any:
    module = _LAZY_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_MIB = 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    """A source file turned into text, with what later stages need to cite and deduplicate it."""

    path: str  # as given
    name: str  # file name, e.g. "001_x.txt"
    format: str  # "txt" | "md" | "html" | "docx" | "doc" | "rtf" | "pdf" | "image"
    text: str  # decoded, "\n" line ends, not yet normalised
    sha256: str  # of the raw bytes
    size: int  # bytes
    encoding: str | None  # detected for txt/md/html/rtf
    pages: int | None  # for pdf and images
    ocr_lines: tuple[OcrLine, ...] = ()  # stretches of `text` read by OCR, with their confidence
    ocr_pages: tuple[OcrPage, ...] = ()  # pages read by OCR
    converter: str | None = None  # "tesseract 5.3.0 (vie)", "antiword"... when a program made the text
    notes: tuple[str, ...] = ()  # Vietnamese remarks on the reading (a page skipped at the time limit)


_OFFICE_FORMATS = frozenset({"doc", "docx", "rtf"})


@functools.cache
def reader_for_format(name: str) -> ExtractingReader:
    """The reader of a format name ("pdf"); imports only that format's module."""
    module, cls = _READER_CLASSES[name]
    return getattr(importlib.import_module(module), cls)()


@functools.cache
def _registry() -> Mapping[str, ExtractingReader]:
    readers = [reader_for_format(name) for name in _READER_CLASSES]
    return MappingProxyType({suffix: reader for reader in readers for suffix in reader.formats})


def supported_suffixes() -> tuple[str, ...]:
    """The file suffixes `read_source` accepts, sorted, for messages and upload forms."""
    return tuple(sorted(_registry()))


def read_source(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    limits: ReadLimits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    isolate: bool = True,
) -> SourceText:
    """Read one source file into a `SourceText`, or raise `ReadError` saying (in Vietnamese) why not.

    The size is checked with `stat` before reading, so an oversized upload never lands in memory.
    Container formats are read in a child process under `limits` unless `isolate` is False (tests of
    a reader's logic; never for uploads). `progress` gets (stage, done, total) per OCR page.
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
    reader = _reader_for_content(reader, data)
    if reader.isolated and isolate:
        from ingest.readers.sandbox import run_isolated

        reader.precheck(file, data, limits)
        extracted = run_isolated(reader.format, file, data, limits, progress)
    else:
        extracted = reader.extract(file, data, limits=limits, progress=progress)
    return SourceText(
        path=shown,
        name=file.name,
        format=reader.format,
        text=extracted.text,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        encoding=extracted.encoding,
        pages=extracted.pages,
        ocr_lines=extracted.ocr_lines,
        ocr_pages=extracted.ocr_pages,
        converter=extracted.converter,
        notes=extracted.notes,
    )


def _reader_for_content(reader: ExtractingReader, data: bytes) -> ExtractingReader:
    """For the office formats, the reader the bytes call for (a renamed file is read as what it is)."""
    if reader.format not in _OFFICE_FORMATS:
        return reader
    if data.startswith(ZIP_MAGIC):
        return reader_for_format("docx")
    if data.startswith(OLE_MAGIC):
        return reader_for_format("doc")
    if data.lstrip()[:5] == RTF_MAGIC:
        return reader_for_format("rtf")
    if HTML_START.match(data[:1024].lstrip(b"\xef\xbb\xbf")):
        return reader_for_format("html")
    return reader


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
    reader = _registry().get(suffix)
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
