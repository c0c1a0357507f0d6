"""A plan read from DOCX or PDF has the same structure as the same plan read from text."""
from pathlib import Path

import pytest

from ingest.readers import read_source
from ingest.structure import parse_document, parse_text
from tests.fixtures_docs import make_docx, make_pdf, unicode_font

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _outline(doc):
    return [(s.path, s.title[:40]) for s in doc.body.walk() if s.kind != "root"]


def _paragraphs(name: str) -> list[str]:
    """The logical lines of a corpus file: what a word processor would hold as paragraphs."""
    doc = parse_text((CORPUS / name).read_text(encoding="utf-8"), name=name)
    return doc.text.split("\n")


@pytest.mark.parametrize("name", ["003_609cd0d87b161299.txt", "002_6a73711e2256d6ba.txt"])
def test_docx_gives_the_same_outline_as_text(tmp_path, name):
    text_doc = parse_text((CORPUS / name).read_text(encoding="utf-8"), name=name)
    path = make_docx(tmp_path / name.replace(".txt", ".docx"), _paragraphs(name))
    docx_doc = parse_document(read_source(path))
    assert _outline(docx_doc) == _outline(text_doc)
    assert len(docx_doc.clauses()) == len(text_doc.clauses())
    assert docx_doc.header.symbol == text_doc.header.symbol


@pytest.mark.skipif(unicode_font() is None, reason="no Unicode TTF font for PDF fixtures")
def test_pdf_gives_the_same_outline_as_text(tmp_path):
    name = "003_609cd0d87b161299.txt"
    text_doc = parse_text((CORPUS / name).read_text(encoding="utf-8"), name=name)
    path = make_pdf(tmp_path / "plan.pdf", _paragraphs(name))
    pdf_doc = parse_document(read_source(path))
    assert _outline(pdf_doc) == _outline(text_doc)
    assert pdf_doc.header.symbol == "245/KH-UBND"
    sentences = {c.text for c in text_doc.clauses()}
    found = sum(c.text in sentences for c in pdf_doc.clauses())
    assert found >= 0.9 * len(sentences)


HEADER_CELLS = (("ỦY BAN NHÂN DÂN\nHUYỆN MƯỜNG TÈ\n-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"),
                ("Số: 88/QĐ-UBND", "Mường Tè, ngày 10 tháng 3 năm 2024"))
DECISION_BODY = ["QUYẾT ĐỊNH", "Về việc kiện toàn Ban Chỉ đạo giảm nghèo", "ỦY BAN NHÂN DÂN HUYỆN MƯỜNG TÈ",
                 "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", "QUYẾT ĐỊNH:",
                 "Điều 1. Kiện toàn Ban Chỉ đạo giảm nghèo huyện.", "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN",
                 "CHỦ TỊCH", "Nguyễn Văn Sơn"]
IDENTITY = ("88/QĐ-UBND", "2024-03-10", "Quyết định", "Ủy ban nhân dân huyện Mường Tè", "Mường Tè",
            "Về việc kiện toàn Ban Chỉ đạo giảm nghèo")


def _identity(doc):
    h = doc.header
    return h.symbol, h.date, h.doc_type, h.issuer, h.place, h.title


def test_a_word_header_table_gives_the_identity(tmp_path):
    path = make_docx(tmp_path / "qd.docx", DECISION_BODY, table_rows=HEADER_CELLS, table_after=0)
    doc = parse_document(read_source(path))
    assert _identity(doc) == IDENTITY
    assert doc.signature.signer == "Nguyễn Văn Sơn"


@pytest.mark.skipif(unicode_font() is None, reason="no Unicode TTF font for PDF fixtures")
def test_a_pdf_two_column_header_gives_the_identity(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(unicode_font()))
    pdf.set_font("DejaVu", size=10)
    left = ["ỦY BAN NHÂN DÂN", "HUYỆN MƯỜNG TÈ", "Số: 88/QĐ-UBND"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Mường Tè, ngày 10 tháng 3 năm 2024"]
    for row, (a, b) in enumerate(zip(left, right)):  # the two cells of each row at the same height
        y = 15 + 7 * row
        pdf.text(15, y, a)
        pdf.text(95, y, b)
    pdf.set_y(45)
    for line in DECISION_BODY:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "qd.pdf"
    pdf.output(str(path))
    doc = parse_document(read_source(path))
    assert _identity(doc) == IDENTITY
