"""PDFs: the text layer where a page has one, OCR where it has none, page by page.

Portals publish plans as scans (signed, stamped pages), as exports from Word, and as both at once (a
typed plan with scanned annexes). Each page is read from its text layer (pypdf) when it has enough
text; a page without is rendered (pypdfium2) and recognised (`ingest.readers.ocr`), with progress
reported per page and its confidence kept in provenance. A page that draws ruled lines may hold a
table (an annex of tasks with "Cơ quan chủ trì" and "Cơ quan phối hợp" columns): pdfplumber finds its
cells, and each row becomes one line of cells joined by " | ", as the Word and web page readers write a
row, so the columns stay apart. A locked or broken file is refused with the reason, and so is a file
with more pages than `ReadLimits` allows.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
import zlib
from pathlib import Path

import pypdf
from pypdf.errors import DependencyError, PdfReadWarning

from ingest.errors import ReadError
from ingest.readers import ocr
from ingest.readers.base import Extracted, Progress, SimpleReader, finish, table_row
from ingest.readers.limits import DEFAULT_LIMITS, ReadLimits

_MIN_TEXT_CHARS_PER_PAGE = 10  # below this a page is an image (a scan), or blank
_BROKEN = "tệp PDF bị hỏng hoặc không đúng định dạng"
_MAX_CONTENT_BYTES = 64 * 1024 * 1024  # the drawing of one page; real pages take kilobytes


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


class PdfReader(SimpleReader):
    """A PDF's text, page by page: the text layer, or OCR for the pages that are images."""

    formats: tuple[str, ...] = (".pdf",)
    format = "pdf"

    def extract(
        self, path: Path, data: bytes, *, limits: ReadLimits = DEFAULT_LIMITS, progress: Progress | None = None
    ) -> Extracted:
        layers, ruled = _text_layers(path, data, limits)
        layers = _with_tables(data, layers, ruled)
        scanned = [number for number, text in enumerate(layers, 1) if _is_image_page(text)]
        pages = [ocr.PageContent(number, text) for number, text in enumerate(layers, 1)]
        notes: tuple[str, ...] = ()
        if scanned:
            recognised, notes = _recognise(path, data, scanned, limits, progress)
            pages = [ocr.PageContent(p.number, p.text, recognised.get(p.number)) for p in pages]
        extracted = ocr.join_pages(pages, converter=ocr.engine() if scanned else None, notes=notes)
        if not extracted.text.strip() and scanned:
            raise ReadError(str(path), "tệp PDF là bản quét nhưng nhận dạng ký tự (OCR) không đọc được chữ nào")
        return finish(path, extracted, limits=limits)


def _is_image_page(text: str) -> bool:
    return len("".join(text.split())) < _MIN_TEXT_CHARS_PER_PAGE


def _text_layers(path: Path, data: bytes, limits: ReadLimits) -> tuple[list[str], list[int]]:
    """Each page's text layer, and the pages (0-based) whose drawing has rectangles or lines."""
    try:
        pdf = pypdf.PdfReader(io.BytesIO(data))
        _unlock_pdf(path, pdf)
        count = len(pdf.pages)
        if count > limits.max_pages:
            raise ReadError(str(path), limits.too_many_pages(count))
        pages, ruled = [], []
        for number, page in enumerate(pdf.pages):
            _check_contents(path, page, limits)
            pages.append(page.extract_text() or "")
            if _draws_rules(page):
                ruled.append(number)
    except ReadError:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # pypdf raises many exception types on malformed input
        raise ReadError(str(path), _BROKEN) from exc
    if not pages:
        raise ReadError(str(path), "tệp PDF bị hỏng hoặc không có trang nào")
    return pages, ruled


_RULES = re.compile(rb"(?<![A-Za-z])(?:re|l)\s")  # drawing operators: a rectangle, a line (cell borders)


def _with_tables(data: bytes, layers: list[str], ruled: list[int]) -> list[str]:
    """The text of each page, with the tables of pages that have ruled cells as rows of cells.

    Only pages that draw rectangles or lines (`ruled`) are given to pdfplumber (ten times slower than
    pypdf); a page where it finds no table of two columns and two rows keeps pypdf's text."""
    candidates = [n for n in ruled if not _is_image_page(layers[n])]
    if not candidates:
        return layers
    import pdfplumber

    out = list(layers)
    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            for n in candidates:
                text = _page_with_tables(pdf.pages[n])
                if text is not None:
                    out[n] = text
    except Exception:  # noqa: BLE001 - pdfplumber fails on some files pypdf reads: keep pypdf's text
        return layers
    return out


def _draws_rules(page: pypdf.PageObject) -> bool:
    try:
        contents = page.get_contents()
        return contents is not None and bool(_RULES.search(contents.get_data()))
    except Exception:  # noqa: BLE001 - a damaged drawing: no table to look for
        return False


def _page_with_tables(page) -> str | None:
    """The page's text from top to bottom: the text between tables as pdfplumber reads it, and each table
    as one line per row. None when the page has no table of at least two rows and two columns."""
    tables = sorted((t for t in page.find_tables() if len(t.rows) >= 2 and len(t.columns) >= 2),
                    key=lambda t: t.bbox[1])
    if not tables:
        return None
    parts: list[str] = []
    top = page.bbox[1]
    for table in tables:
        x0, t_top, x1, t_bottom = table.bbox
        if t_top > top:
            parts.append(page.crop((page.bbox[0], top, page.bbox[2], t_top)).extract_text() or "")
        parts.append("\n".join(_row_text(row) for row in table.extract() if any(cell for cell in row)))
        top = max(top, t_bottom)
    if top < page.bbox[3]:
        parts.append(page.crop((page.bbox[0], top, page.bbox[2], page.bbox[3])).extract_text() or "")
    return "\n".join(part for part in parts if part.strip())


def _row_text(cells: list[str | None]) -> str:
    """A table row as every reader writes one (a merged cell's other columns come back empty)."""
    return table_row([" ".join((cell or "").split()) for cell in cells])


def _check_contents(path: Path, page: pypdf.PageObject, limits: ReadLimits) -> None:
    """Refuse a page whose drawing unpacks past `_MAX_CONTENT_BYTES` (a Flate bomb).

    pypdf's text extraction gives up silently on such a stream, but the renderer of a scanned page
    would not; zlib with `max_length` finds out in milliseconds, before either of them tries.
    """
    contents = page.get("/Contents")
    streams = contents.get_object() if contents is not None else None
    if streams is None:
        return
    for stream in streams if isinstance(streams, pypdf.generic.ArrayObject) else [streams]:
        stream = stream.get_object()
        if stream.get("/Filter") in ("/FlateDecode", "/Fl") and isinstance(stream, pypdf.generic.EncodedStreamObject):
            unpacker = zlib.decompressobj()
            try:
                unpacker.decompress(stream._data, _MAX_CONTENT_BYTES)
            except zlib.error:
                continue  # pypdf recovers what it can from a damaged stream, within its own limits
            if unpacker.unconsumed_tail:
                raise ReadError(str(path), limits.too_unpacked_stream())


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


def _recognise(
    path: Path, data: bytes, numbers: list[int], limits: ReadLimits, progress: Progress | None
) -> tuple[dict[int, ocr.RecognisedPage], tuple[str, ...]]:
    """OCR the given pages (1-based); a page over the time limit is skipped with a note."""
    if not ocr.available():
        raise ReadError(str(path), f"tệp PDF là bản quét, không có lớp chữ; {ocr.OcrUnavailable()}")
    if len(numbers) > limits.max_ocr_pages:
        raise ReadError(str(path), limits.too_many_ocr_pages(len(numbers)))
    import pypdfium2 as pdfium  # only scans need the renderer

    stage = f"OCR {path.name}"
    recognised: dict[int, ocr.RecognisedPage] = {}
    notes: list[str] = []
    try:
        document = pdfium.PdfDocument(data, password="")
    except pdfium.PdfiumError as exc:
        raise ReadError(str(path), _BROKEN) from exc
    with document:
        for done, number in enumerate(numbers):
            if progress is not None:
                progress(stage, done, len(numbers))
            image = _render(document[number - 1], limits)
            try:
                recognised[number] = ocr.recognise(image, timeout=limits.ocr_page_seconds)
            except ocr.OcrTimeout:
                notes.append(f"trang {number}: nhận dạng ký tự quá {limits.ocr_page_seconds:.0f} giây, đã bỏ qua")
    if progress is not None:
        progress(stage, len(numbers), len(numbers))
    return recognised, tuple(notes)


def _render(page, limits: ReadLimits):
    """The page as a greyscale image at `ocr_dpi`, scaled down when that would pass the pixel limit."""
    width, height = page.get_size()  # points (1/72 inch)
    scale = limits.ocr_dpi / 72
    pixels = width * height * scale * scale
    if pixels > limits.max_image_pixels:
        scale *= (limits.max_image_pixels / pixels) ** 0.5
    return page.render(scale=scale, grayscale=True).to_pil()
