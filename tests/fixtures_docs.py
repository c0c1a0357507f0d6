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
