"""Optical character recognition of page images with Tesseract and its Vietnamese model (Debian's
`tesseract-ocr` and `tesseract-ocr-vie`), through pytesseract.

pytesseract runs the `tesseract` program once per page, which gives what a scan of fifty pages needs:
a per-page time limit (the process is killed when it runs over), the CPU and memory limits of the
reading process inherited by each run, and word confidences (TSV output) to keep in provenance. The
text is rebuilt line by line from the words, one line per printed line and a blank line between the
blocks Tesseract finds (the issuer and motto columns of a header come out as two blocks), and each
line is repaired where the repair is safe (`ingest.readers.repair`).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image

from ingest.model import OcrPage
from ingest.readers.base import Extracted, OcrLine
from ingest.readers.repair import repair_ocr_line

LANGUAGE = "vie"
# --psm 3: automatic page segmentation (no orientation detection: pages are upright, slight skew is
# handled by Tesseract's line finder). --oem 1: the LSTM engine, the only one the vie model is good at.
_CONFIG = "--psm 3 --oem 1"
_NOT_INSTALLED = (
    "máy chủ chưa cài Tesseract với tiếng Việt (gói Debian tesseract-ocr, tesseract-ocr-vie) "
    "để nhận dạng ký tự (OCR)"
)


class OcrUnavailable(RuntimeError):
    """Tesseract or its Vietnamese model is missing; the message says which packages to install."""

    def __init__(self) -> None:
        super().__init__(_NOT_INSTALLED)


class OcrTimeout(RuntimeError):
    """A page took longer than the per-page limit."""


@dataclass(frozen=True)
class RecognisedLine:
    text: str
    confidence: float  # mean word confidence, 0..1
    block_start: bool  # first line of a new block: a blank line goes before it


@dataclass(frozen=True)
class RecognisedPage:
    lines: tuple[RecognisedLine, ...]
    confidence: float  # mean word confidence of the page, 0..1 (0 when no word was read)
    seconds: float


@functools.cache
def engine() -> str:
    """ "tesseract 5.3.0 (vie)", or raise `OcrUnavailable` when the program or the model is missing."""
    if shutil.which("tesseract") is None:
        raise OcrUnavailable
    try:
        languages = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
        version = subprocess.run(
            ["tesseract", "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
    except (OSError, subprocess.SubprocessError) as exc:
        raise OcrUnavailable from exc
    if LANGUAGE not in languages:
        raise OcrUnavailable
    number = version[1] if len(version) > 1 else "?"
    return f"tesseract {number} ({LANGUAGE})"


def available() -> bool:
    try:
        engine()
    except OcrUnavailable:
        return False
    return True


def recognise(image: Image.Image, *, timeout: float) -> RecognisedPage:
    """Read one page image; raise `OcrTimeout` when Tesseract runs past `timeout` seconds."""
    import pytesseract  # imported here: only OCR needs it, and the reading process imports lazily

    engine()
    started = time.perf_counter()
    try:
        data = pytesseract.image_to_data(
            image, lang=LANGUAGE, config=_CONFIG, timeout=timeout, output_type=pytesseract.Output.DICT
        )
    except RuntimeError as exc:  # pytesseract's way of saying the process was killed at the timeout
        if "timeout" in str(exc).lower():
            raise OcrTimeout(str(exc)) from exc
        raise
    lines = tuple(_lines(data))
    words = [conf for line in lines for conf in [line.confidence] * max(len(line.text.split()), 1)]
    confidence = sum(words) / len(words) if words else 0.0
    return RecognisedPage(lines, round(confidence, 4), time.perf_counter() - started)


def _lines(data: dict[str, list]) -> Iterator[RecognisedLine]:
    """Group Tesseract's words by (block, paragraph, line), in reading order, repaired."""
    current: tuple[int, int, int] | None = None
    words: list[str] = []
    confidences: list[float] = []
    opens_block = True
    previous_block: int | None = None
    for index, word in enumerate(data["text"]):
        word = (word or "").strip()
        if int(data["level"][index]) != 5 or not word:  # 5 = word; other levels carry no text
            continue
        key = (int(data["block_num"][index]), int(data["par_num"][index]), int(data["line_num"][index]))
        if key != current:
            if words:
                yield _line(words, confidences, opens_block)
                previous_block = current[0] if current else None
            opens_block = key[0] != previous_block
            current, words, confidences = key, [], []
        words.append(word)
        confidence = float(data["conf"][index])
        if confidence >= 0:
            confidences.append(confidence)
    if words:
        yield _line(words, confidences, opens_block)


def _line(words: list[str], confidences: list[float], opens_block: bool) -> RecognisedLine:
    confidence = sum(confidences) / len(confidences) / 100 if confidences else 0.0
    return RecognisedLine(repair_ocr_line(" ".join(words)), round(confidence, 4), opens_block)


@dataclass(frozen=True)
class PageContent:
    """One page's text, from its text layer (`ocr` is None) or from OCR."""

    number: int  # 1-based
    text: str
    ocr: RecognisedPage | None = None


def page_text(page: RecognisedPage) -> tuple[str, list[tuple[int, int, float]]]:
    """The page's text (lines, a blank line between blocks) and each line's (start, end, confidence)."""
    parts: list[str] = []
    spans: list[tuple[int, int, float]] = []
    position = 0
    for index, line in enumerate(page.lines):
        separator = "" if index == 0 else "\n\n" if line.block_start else "\n"
        position += len(separator)
        parts.append(separator + line.text)
        spans.append((position, position + len(line.text), line.confidence))
        position += len(line.text)
    return "".join(parts), spans


def join_pages(
    pages: list[PageContent], *, converter: str | None = None, notes: tuple[str, ...] = ()
) -> Extracted:
    """Join pages with a blank line, keeping where each OCR'd page and line landed in the whole text."""
    parts: list[str] = []
    lines: list[OcrLine] = []
    ocr_pages: list[OcrPage] = []
    position = 0
    for page in pages:
        if page.ocr is None:
            text, spans = page.text.strip("\n"), []
        else:
            text, spans = page_text(page.ocr)
        if not text.strip():
            continue
        if parts:
            parts.append("\n\n")
            position += 2
        parts.append(text)
        if page.ocr is not None:
            lines.extend(OcrLine(position + s, position + e, page.number, c) for s, e, c in spans)
            ocr_pages.append(OcrPage(page.number, page.ocr.confidence, (position, position + len(text)),
                                     converter or "", round(page.ocr.seconds, 3)))
        position += len(text)
    return Extracted("".join(parts), pages=len(pages), ocr_lines=tuple(lines), ocr_pages=tuple(ocr_pages),
                     converter=converter if ocr_pages else None, notes=notes)
