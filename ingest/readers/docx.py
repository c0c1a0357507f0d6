"""Word documents (.docx): body paragraphs and tables in document order, after the bomb checks.

A DOCX is a zip of XML parts; python-docx loads every part and builds an object per paragraph, so a
tiny file of millions of empty paragraphs (or a part that unpacks to gigabytes) is refused from the
zip directory and a byte scan of the main part before python-docx sees it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from lxml import etree

from ingest.errors import ReadError
from ingest.readers.base import OLE_MAGIC, Extracted, Progress, SimpleReader, finish, table_row
from ingest.readers.limits import DEFAULT_LIMITS, ReadLimits, count_tags, open_zip



# Start tags of paragraphs and table cells: what python-docx makes one object for.
_BLOCK_TAG = re.compile(rb"<w:(?:p|tc)[\s>/]")
_BLOCK_TAG_BYTES = len(b"<w:tc/")
_MAIN_PART = "word/document.xml"


class DocxReader(SimpleReader):
    """A Word document: body paragraphs and tables in document order, one table row per line."""

    formats: tuple[str, ...] = (".docx",)
    format = "docx"

    def extract(
        self, path: Path, data: bytes, *, limits: ReadLimits = DEFAULT_LIMITS, progress: Progress | None = None
    ) -> Extracted:
        self.precheck(path, data, limits)
        try:
            document = docx.Document(io.BytesIO(data))
            blocks = [block.rstrip() for block in _docx_blocks(document, document.element.body)]
        except Exception as exc:  # untrusted bytes: any parser failure means a broken file
            raise ReadError(str(path), _docx_failure(data)) from exc
        return finish(path, Extracted("\n\n".join(block for block in blocks if block.strip())), limits=limits)


    def precheck(self, path: Path, data: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> None:
        check_docx(path, data, limits)


def check_docx(path: Path, data: bytes, limits: ReadLimits) -> None:
    """Refuse a DOCX whose zip directory or paragraph count no real document reaches."""
    archive = open_zip(path, data, limits, _docx_failure(data))
    with archive:
        if _MAIN_PART not in archive.namelist():
            return  # not a Word package: python-docx says so, with the usual message
        try:
            count = count_tags(archive, _MAIN_PART, _BLOCK_TAG, _BLOCK_TAG_BYTES, limits.max_paragraphs)
        except Exception as exc:  # corrupt deflate stream, bad CRC...
            raise ReadError(str(path), _docx_failure(data)) from exc
    if count > limits.max_paragraphs:
        raise ReadError(str(path), limits.too_many_paragraphs())


def _docx_failure(data: bytes) -> str:
    reason = "tệp DOCX bị hỏng hoặc không đúng định dạng"
    if data.startswith(OLE_MAGIC):
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
    return table_row([" ".join(cell.text.split()) for cell in cells])
