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
