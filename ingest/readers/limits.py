"""How much work reading one file may cost, and the one-line refusals when a file asks for more.

A 16 KB DOCX can hold 1.75 million empty paragraphs, a 150 KB zip can unpack to gigabytes, a small PDF
can declare a hundred thousand pages and a saved page can hold millions of tags. Each of these
is refused here by a cheap structural check before any parser builds objects for it, and whatever
slips past the checks is stopped by the CPU and memory limits of the reading process
(`ingest.readers.sandbox`). Limits are counts a real plan never approaches: a 300-page plan has a few
thousand paragraphs and unpacks to a few megabytes of XML.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from ingest.errors import ReadError

_MIB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """Per-file limits; every field has a default no real document reaches."""

    max_unpacked_mb: int = 256  # declared uncompressed size of all parts of a zip container (DOCX)
    max_parts: int = 5_000  # entries of a zip container
    max_paragraphs: int = 100_000  # paragraphs + table cells of a Word document
    max_pages: int = 3_000  # pages of a PDF with a text layer
    max_ocr_pages: int = 300  # pages that need OCR in one file
    max_html_elements: int = 500_000
    max_image_pixels: int = 90_000_000  # one page image (A3 at 600 dpi is 70 million)
    max_text_chars: int = 30_000_000
    cpu_seconds: int = 30  # CPU of the reading process (converters and each OCR page have their own)
    memory_mb: int = 1_024  # address space of the reading process and of each converter
    ocr_page_seconds: float = 60.0  # wall time to recognise one page
    ocr_dpi: int = 300

    def to_dict(self) -> dict:
        return asdict(self)

    # The refusals, one line each, so a message cannot drift from the limit it reports.
    def too_unpacked(self, size: int) -> str:
        return (f"tệp giải nén ra {size / _MIB:.0f} MB, vượt giới hạn {self.max_unpacked_mb} MB "
                "(có thể là tệp nén độc hại)")

    def too_unpacked_stream(self) -> str:
        return "tệp PDF chứa luồng nén giải ra quá lớn (có thể là tệp độc hại)"

    def too_many_parts(self, count: int) -> str:
        return f"tệp gồm {count} thành phần nén, vượt giới hạn {self.max_parts} (có thể là tệp độc hại)"

    def too_many_paragraphs(self) -> str:
        return f"tệp có hơn {self.max_paragraphs} đoạn văn, vượt giới hạn (có thể là tệp độc hại)"

    def too_many_pages(self, count: int) -> str:
        return f"tệp PDF có {count} trang, vượt giới hạn {self.max_pages} trang"

    def too_many_ocr_pages(self, count: int) -> str:
        return f"tệp có {count} trang cần nhận dạng ký tự (OCR), vượt giới hạn {self.max_ocr_pages} trang"

    def too_many_elements(self) -> str:
        return f"trang HTML có hơn {self.max_html_elements} thẻ, vượt giới hạn (có thể là tệp độc hại)"

    def too_many_pixels(self, pixels: int) -> str:
        return (f"ảnh quá lớn ({pixels / 1e6:.0f} triệu điểm ảnh), vượt giới hạn "
                f"{self.max_image_pixels / 1e6:.0f} triệu (có thể là tệp độc hại)")

    def too_much_text(self, chars: int) -> str:
        return f"tệp chứa {chars} ký tự, vượt giới hạn {self.max_text_chars} ký tự"

    def too_slow(self) -> str:
        return f"đọc tệp vượt giới hạn {self.cpu_seconds} giây xử lý; tệp quá phức tạp hoặc có thể độc hại"

    def too_big_in_memory(self) -> str:
        return f"đọc tệp vượt giới hạn bộ nhớ {self.memory_mb} MB; tệp quá lớn khi giải nén hoặc có thể độc hại"


DEFAULT_LIMITS = ReadLimits()


def open_zip(path: Path, data: bytes, limits: ReadLimits, broken: str) -> zipfile.ZipFile:
    """Open a zip container after checking its directory: part count and total unpacked size.

    The sizes are the ones the directory declares; Python's zip reader never returns more bytes than
    declared for a part, so the declared total bounds what any parser can be handed.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadError(str(path), broken) from exc
    if len(infos) > limits.max_parts:
        raise ReadError(str(path), limits.too_many_parts(len(infos)))
    unpacked = sum(info.file_size for info in infos)
    if unpacked > limits.max_unpacked_mb * _MIB:
        raise ReadError(str(path), limits.too_unpacked(unpacked))
    return archive


_CHUNK = 1 << 20


def count_tags(archive: zipfile.ZipFile, name: str, pattern: re.Pattern[bytes], longest: int, limit: int) -> int:
    """Count matches of a start-tag pattern (at most `longest` bytes) in one part, streaming; stop past `limit`.

    A byte scan rather than a parse, so a part of millions of empty paragraphs costs milliseconds. A
    match is counted in the chunk where it starts, once its whole extent has been seen.
    """
    count = 0
    carry = b""
    with archive.open(name) as part:
        while True:
            chunk = part.read(_CHUNK)
            window = carry + chunk
            decided = len(window) if not chunk else max(len(window) - (longest - 1), 0)
            carry = window[decided:]
            # a match starting in the carry is counted with the next chunk (the pattern has no look-behind)
            count += len(pattern.findall(window)) - len(pattern.findall(carry))
            if not chunk or count > limit:
                return count
