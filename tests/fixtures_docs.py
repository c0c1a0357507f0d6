"""Build small DOCX and PDF files from text inside the tests, so no binary fixture is committed.

PDFs need a TrueType font with Vietnamese glyphs (the PDF core fonts have none); a test that needs one
is skipped, with the reason, on a machine that has none (`apt-get install fonts-dejavu-core`).
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Sequence
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

_FONT_NAME = "DejaVuSans.ttf"
_FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".fonts",
    Path.home() / ".local/share/fonts",
)


@functools.cache
def unicode_font() -> Path | None:
    """A DejaVuSans.ttf from the system fonts or from matplotlib's bundled data, if any."""
    usual = Path("/usr/share/fonts/truetype/dejavu") / _FONT_NAME
    if usual.is_file():
        return usual
    for folder in _FONT_DIRS:
        if folder.is_dir():
            found = next(folder.rglob(_FONT_NAME), None)
            if found is not None:
                return found
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.origin is not None:
        bundled = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf" / _FONT_NAME
        if bundled.is_file():
            return bundled
    return None


def _require_font() -> Path:
    font = unicode_font()
    if font is None:
        pytest.skip("không có phông TrueType tiếng Việt (DejaVuSans.ttf) để tạo PDF mẫu")
    return font


def make_docx(
    path: Path,
    paragraphs: Sequence[str],
    table_rows: Sequence[Sequence[str]] | None = None,
    *,
    heading: str | None = None,
    table_after: int = 1,
) -> Path:
    """A DOCX with an optional heading, then the paragraphs, the table placed after `table_after` of them."""
    document = docx.Document()
    if heading is not None:
        document.add_heading(heading, level=1)
    for paragraph in paragraphs[:table_after]:
        document.add_paragraph(paragraph)
    if table_rows:
        table = document.add_table(rows=len(table_rows), cols=max(len(row) for row in table_rows))
        for row, values in zip(table.rows, table_rows, strict=True):
            for cell, value in zip(row.cells, values, strict=False):  # short rows leave cells empty
                cell.text = value
    for paragraph in paragraphs[table_after:]:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def make_pdf(
    path: Path,
    lines: Sequence[str],
    *,
    lines_per_page: int | None = None,
    user_password: str | None = None,
) -> Path:
    """A text PDF, one wrapped line per item; `user_password` encrypts it so it needs that password."""
    font = _require_font()
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(font))
    pdf.set_font("DejaVu", size=11)
    per_page = lines_per_page or max(len(lines), 1)
    for index, line in enumerate(lines):
        if index % per_page == 0:
            pdf.add_page()
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    if not lines:
        pdf.add_page()
    if user_password is not None:
        pdf.set_encryption(owner_password="chu-so-huu", user_password=user_password)
    pdf.output(str(path))
    return path


def make_pdf_with_table(path: Path, before: Sequence[str], rows: Sequence[Sequence[str]],
                        after: Sequence[str] = ()) -> Path:
    """A text PDF: paragraphs, a table with ruled cells (as Word exports one), more paragraphs."""
    from fpdf.fonts import FontFace

    font = _require_font()
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(font))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for line in before:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(headings_style=FontFace()) as table:
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)
    for line in after:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path, pages: int = 1) -> Path:
    """A PDF with only drawings (like a scan's image), so it has no text layer at all."""
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.set_fill_color(200, 200, 200)
        pdf.rect(20, 20, 170, 250, style="F")
        for y in range(40, 260, 12):
            pdf.line(30, y, 180, y)
    pdf.output(str(path))
    return path


# ----------------------------------------------------------------------------------------------
# Scans: text rendered as page images, as a scanner or a phone would produce them
# ----------------------------------------------------------------------------------------------

_A4_INCHES = (8.27, 11.69)
_MARGIN_INCHES = 0.9


def scan_pages(
    lines: Sequence[str],
    *,
    dpi: int = 300,
    rotate: float = 0.0,
    noise: float = 0.0,
    point_size: float = 13.0,
    seed: int = 1258,
):
    """Render text as A4 page images (greyscale, black on white), wrapped to the printed width.

    `rotate` tilts each page by that many degrees (a page fed askew), `noise` is the share of pixels
    flipped to random grey (dust, toner); blank items of `lines` become blank lines.
    """
    import random

    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(_require_font()), size=round(point_size * dpi / 72))
    width, height = (round(side * dpi) for side in _A4_INCHES)
    margin = round(_MARGIN_INCHES * dpi)
    step = round(point_size * 1.5 * dpi / 72)
    wrapped = [piece for line in lines for piece in _wrap(line, font, width - 2 * margin)]
    per_page = max((height - 2 * margin) // step, 1)
    generator = random.Random(seed)
    pages = []
    for first in range(0, max(len(wrapped), 1), per_page):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        for row, text in enumerate(wrapped[first : first + per_page]):
            draw.text((margin, margin + row * step), text, fill=0, font=font)
        if rotate:
            page = page.rotate(rotate, resample=Image.Resampling.BICUBIC, fillcolor=255)
        if noise:
            pixels = page.load()
            for _ in range(int(width * height * noise)):
                pixels[generator.randrange(width), generator.randrange(height)] = generator.randrange(256)
        pages.append(page)
    return pages


def _wrap(line: str, font, width: int) -> list[str]:
    words = line.split()
    if not words:
        return [""]
    out, current = [], words[0]
    for word in words[1:]:
        candidate = f"{current} {word}"
        if font.getlength(candidate) <= width:
            current = candidate
        else:
            out.append(current)
            current = word
    out.append(current)
    return out


def make_scan_pdf(path: Path, lines: Sequence[str], *, dpi: int = 300, **scan: float) -> Path:
    """An image-only PDF of the text (no text layer at all), one image per A4 page."""
    pages = scan_pages(lines, dpi=dpi, **scan)
    pages[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return path


def make_mixed_pdf(path: Path, typed: Sequence[str], scanned: Sequence[str], *, dpi: int = 300) -> Path:
    """A PDF whose first page has a text layer and whose next pages are scans (annexes scanned in)."""
    import pypdf

    make_pdf(path.with_suffix(".typed.pdf"), typed)
    make_scan_pdf(path.with_suffix(".scan.pdf"), scanned, dpi=dpi)
    writer = pypdf.PdfWriter()
    for part in (path.with_suffix(".typed.pdf"), path.with_suffix(".scan.pdf")):
        writer.append(str(part))
    with path.open("wb") as handle:
        writer.write(handle)
    return path


# ----------------------------------------------------------------------------------------------
# Old Word (.doc): a Word 97 binary file, written by hand (no Debian or PyPI tool writes one)
# ----------------------------------------------------------------------------------------------

_SECTOR = 512
_END_OF_CHAIN, _FREE_SECTOR, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
_MINI_STREAM_CUTOFF = 4096


def make_doc(path: Path, paragraphs: Sequence[str]) -> Path:
    """A Word 97-2003 .doc holding the paragraphs as UTF-16 text in one piece.

    Minimal but valid: a compound file with the "WordDocument" stream (the FIB, then the text) and the
    "1Table" stream (the piece table, CLX); every stream is padded past the mini-stream cutoff, so no
    mini stream is needed. Word's own fields that readers do not need are zero.
    """
    import struct

    text = "\r".join(paragraphs) + "\r"
    encoded = text.encode("utf-16-le")
    text_at = 0x400
    fib = bytearray(text_at)
    # FibBase: wIdent, nFib (Word 97), unused, lid (vi-VN), pnNext, flags (fWhichTblStm | fExtChar)
    struct.pack_into("<HHHHHH", fib, 0, 0xA5EC, 0x00C1, 0, 0x042A, 0, 0x0200 | 0x1000)
    struct.pack_into("<H", fib, 0x0C, 0x00BF)  # nFibBack
    struct.pack_into("<II", fib, 0x18, text_at, text_at + len(encoded))  # fcMin, fcMac (older readers)
    struct.pack_into("<H", fib, 0x20, 14)  # csw
    struct.pack_into("<H", fib, 0x3E, 22)  # cslw
    struct.pack_into("<I", fib, 0x40, text_at + len(encoded))  # cbMac
    struct.pack_into("<I", fib, 0x4C, len(text))  # ccpText
    struct.pack_into("<H", fib, 0x98, 93)  # cbRgFcLcb (Word 97)
    pieces = struct.pack("<II", 0, len(text)) + struct.pack("<HIH", 0, text_at, 0)  # one uncompressed piece
    clx = b"\x02" + struct.pack("<I", len(pieces)) + pieces
    struct.pack_into("<II", fib, 0x1A2, 0, len(clx))  # fcClx, lcbClx
    word = bytes(fib) + encoded
    streams = {"WordDocument": _past_cutoff(word), "1Table": _past_cutoff(clx)}
    path.write_bytes(_compound_file(streams))
    return path


def _past_cutoff(data: bytes) -> bytes:
    size = max(len(data), _MINI_STREAM_CUTOFF + _SECTOR)
    return data + bytes(size - len(data))


def _compound_file(streams: dict[str, bytes]) -> bytes:
    """A version 3 compound file (512-byte sectors) with the streams under the root storage."""
    import struct

    sectors: list[bytes] = []
    fat: list[int] = []
    starts: dict[str, int] = {}

    def place(data: bytes) -> int:
        data += bytes(-len(data) % _SECTOR)
        first = len(sectors)
        count = len(data) // _SECTOR
        for index in range(count):
            sectors.append(data[index * _SECTOR : (index + 1) * _SECTOR])
            fat.append(first + index + 1 if index < count - 1 else _END_OF_CHAIN)
        return first

    for name, data in streams.items():
        starts[name] = place(data)
    ordered = sorted(streams, key=lambda n: (len(n), n.upper()))  # the directory's sibling order
    ids = {name: index + 1 for index, name in enumerate(ordered)}

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        record = bytearray(128)
        record[: len(raw)] = raw
        struct.pack_into("<HBB", record, 64, len(raw), kind, 1)
        struct.pack_into("<III", record, 68, _NO_STREAM, right, child)
        struct.pack_into("<IQ", record, 116, start, size)
        return bytes(record)

    directory = [entry("Root Entry", 5, ids[ordered[0]], _NO_STREAM, _END_OF_CHAIN, 0)]
    for index, name in enumerate(ordered):  # a right-leaning chain of siblings: a valid search tree
        right = ids[ordered[index + 1]] if index + 1 < len(ordered) else _NO_STREAM
        directory.append(entry(name, 2, _NO_STREAM, right, starts[name], len(streams[name])))
    directory_start = place(b"".join(directory))
    fat_count = 1
    while len(sectors) + fat_count > fat_count * (_SECTOR // 4):
        fat_count += 1
    fat_start = len(sectors)
    fat.extend([_FAT_SECTOR] * fat_count)
    fat.extend([_FREE_SECTOR] * (fat_count * (_SECTOR // 4) - len(fat)))
    table = struct.pack(f"<{len(fat)}I", *fat)
    sectors.extend(table[i * _SECTOR : (i + 1) * _SECTOR] for i in range(fat_count))
    header = bytearray(_SECTOR)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)  # v3, little-endian, 512/64-byte sectors
    struct.pack_into("<IIIIIIIII", header, 40, 0, fat_count, directory_start, 0, _MINI_STREAM_CUTOFF,
                     _END_OF_CHAIN, 0, _END_OF_CHAIN, 0)
    struct.pack_into("<109I", header, 76, *([fat_start + i for i in range(fat_count)] + [_FREE_SECTOR] * (109 - fat_count)))
    return bytes(header) + b"".join(sectors)


def rtf_escape(text: str) -> str:
    """Text as Word writes it in RTF with \\ansicpg1258: code-page bytes as \\'xx, the rest as \\uN?."""
    out = []
    for char in text:
        if char == "\n":
            out.append("\\par\n")
        elif char in "\\{}":
            out.append("\\" + char)
        elif ord(char) < 128:
            out.append(char)
        else:
            try:
                out.append("".join(f"\\'{byte:02x}" for byte in char.encode("cp1258")))
            except UnicodeEncodeError:
                out.append(f"\\u{ord(char)}?")
    return "".join(out)


def make_rtf(path: Path, paragraphs: Sequence[str]) -> Path:
    body = rtf_escape("\n".join(paragraphs))
    path.write_text(
        "{\\rtf1\\ansi\\ansicpg1258\\deff0{\\fonttbl{\\f0\\fnil\\fcharset163 Times New Roman;}}"
        f"\\uc1\\pard\\f0\\fs26 {body}\\par\n}}",
        encoding="ascii",
    )
    return path


# ----------------------------------------------------------------------------------------------
# Bombs: tiny files that unpack to far more than any document
# ----------------------------------------------------------------------------------------------


def make_paragraph_bomb(path: Path, paragraphs: int = 1_750_000) -> Path:
    """A valid DOCX whose body is `paragraphs` empty paragraphs (about 16 KB for 1.75 million)."""
    import io
    import zipfile

    template = io.BytesIO()
    docx.Document().save(template)
    body = b"<w:p/>" * paragraphs
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + body, 1)
            out.writestr(item.filename, data)
    return path


def make_zip_bomb_docx(path: Path, unpacked_mb: int = 1024) -> Path:
    """A DOCX with an extra part of `unpacked_mb` MB of zeros (about 1 MB compressed per GB)."""
    import io
    import zipfile

    template = io.BytesIO()
    docx.Document().save(template)
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for item in source.infolist():
            out.writestr(item.filename, source.read(item.filename))
        with out.open("word/media/padding.bin", "w", force_zip64=True) as part:
            chunk = bytes(1024 * 1024)
            for _ in range(unpacked_mb):
                part.write(chunk)
    return path


def make_pdf_stream_bomb(path: Path, unpacked_mb: int = 400) -> Path:
    """A one-page PDF whose page drawing is a Flate stream of `unpacked_mb` MB of spaces (≈ 400 KB)."""
    import zlib

    packer = zlib.compressobj(9)
    stream = b"".join(packer.compress(b" " * (1 << 20)) for _ in range(unpacked_mb)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path
