"""The extraction pipeline: a blank Vietnamese spaCy pipeline with one rule component per kind of fact.

Each component is a thin spaCy wrapper around a pure function (`find_references`, `find_assignments`,
...) that reads one clause with its `ClauseContext`; the component stores the records on the Doc and marks
their tokens in `doc.spans`, so the pipeline can be inspected and extended the spaCy way. Document-level
steps (short-form citations resolved against full ones) run after all clauses.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ingest.extract.assignments import subject_lines, table_headers
from ingest.extract.context import ClauseContext
from ingest.extract.gazetteer import gazetteer
from ingest.extract.references import resolve_references
from ingest.facts import FACTS, facts_of
from ingest.model import Clause, Document, Extraction, Section
from ingest.vocab.admin import locality_of

# component name -> (Doc attribute, finder): one rule component per kind of fact (ingest/facts.py)
_COMPONENTS: dict[str, tuple[str, Callable[[str, ClauseContext], list]]] = {
    kind.component: (kind.name, kind.finder) for kind in FACTS}


def _ensure_extensions() -> None:
    if not Doc.has_extension("ctx"):
        Doc.set_extension("ctx", default=None)
    for attr, _ in _COMPONENTS.values():
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)


class _RuleComponent:
    """Runs one finder on the Doc's text and context."""

    def __init__(self, attr: str, finder: Callable[[str, ClauseContext], list]) -> None:
        self.attr = attr
        self.finder = finder

    def __call__(self, doc: Doc) -> Doc:
        ctx = doc._.ctx
        text = doc.user_data.get("text")
        if text is None:  # Doc.text rebuilds the string from tokens on every call
            text = doc.user_data["text"] = doc.text
        records = self.finder(text, ctx) if ctx is not None else []
        setattr(doc._, self.attr, records)
        spans = []
        for rec in records:
            start, end = getattr(rec, "span", (0, 0))
            span = doc.char_span(start, end, label=self.attr, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.attr] = spans
        return doc


def _factory(attr: str, finder: Callable[[str, ClauseContext], list]) -> Callable[[Language, str], _RuleComponent]:
    def make(nlp: Language, name: str) -> _RuleComponent:
        return _RuleComponent(attr, finder)

    return make


def _register() -> None:
    for name, (attr, finder) in _COMPONENTS.items():
        if not Language.has_factory(name):
            Language.factory(name, func=_factory(attr, finder))


def build_nlp(*, segment_words: bool = False) -> Language:
    """A blank Vietnamese pipeline with the rule components.

    The components read characters, not tokens, so tokens only anchor `doc.spans`. Syllable tokens are
    the default: pyvi word segmentation (`segment_words=True`) gives the same facts (checked by a test)
    and costs about 3 ms more per clause."""
    _ensure_extensions()
    _register()
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": segment_words}}})
    for name in _COMPONENTS:
        nlp.add_pipe(name)
    return nlp


# ---------------------------------------------------------------- running over a document

def clause_contexts(document: Document) -> Iterable[tuple[Clause, ClauseContext]]:
    """Each clause of the document with what the extractors may know about its place."""
    header = document.header
    locality = _locality(header.issuer)
    year = int(header.date[:4]) if header.date else _year_after_basis(document)
    province = gazetteer().province_of(locality) if locality else None
    area = (locality, province.name if province else None, province.full_name if province else None)
    for clause in document.preamble:
        yield clause, _ctx(document, clause, area, year, in_preamble=True)
    yield from _body_contexts(document, document.body, area, year)
    for clause in document.closing:
        yield clause, _ctx(document, clause, area, year, in_closing=True)
    for attachment in document.attachments:  # regulations and annexes printed after the signature
        yield from _body_contexts(document, attachment.body, area, year)


def _body_contexts(document: Document, body: Section, area: tuple[str | None, str | None, str | None],
                   year: int | None) -> Iterable[tuple[Clause, ClauseContext]]:
    parents = {id(child): section for section in body.walk() for child in section.children}
    for section in body.walk():
        lines = subject_lines([c.text for c in section.clauses])
        headers = table_headers([c.text for c in section.clauses])
        parent_lead_in = _announcing_paragraph(parents.get(id(section)))
        for clause, line, table_header in zip(section.clauses, lines, headers):
            yield clause, _ctx(document, clause, area, year, section=section, subject_line=line,
                               table_header=table_header, parent_lead_in=parent_lead_in)


def _announcing_paragraph(parent) -> str | None:
    """The last paragraph of a numbered section when it ends with ":", announcing the numbered items below
    ("… cần tập trung một số nhiệm vụ trọng tâm sau:"); None for the document's root and for headings."""
    if parent is None or not parent.path or not parent.clauses:
        return None
    last = parent.clauses[-1]
    return last.text if last.kind == "paragraph" and last.text.rstrip().endswith(":") else None


def _ctx(document: Document, clause: Clause, area: tuple[str | None, str | None, str | None], year: int | None, *,
         section=None, in_preamble: bool = False, in_closing: bool = False,
         subject_line: str | None = None, table_header: str | None = None,
         parent_lead_in: str | None = None) -> ClauseContext:
    locality, province, province_area = area
    return ClauseContext(
        doc_id=document.id,
        clause_id=clause.id,
        section_path=section.path if section else "",
        section_title=section.title if section else "",
        breadcrumb=tuple(clause.breadcrumb),
        in_preamble=in_preamble,
        in_closing=in_closing,
        lead_in=clause.lead_in,
        subject_line=subject_line,
        table_header=table_header,
        parent_lead_in=parent_lead_in,
        project=section.project if section else None,
        subproject=section.subproject if section else None,
        issuer=document.header.issuer,
        locality=locality,
        province=province,
        province_area=province_area,
        doc_year=year,
        doc_type=document.header.doc_type,
        doc_title=document.header.title,
        # the section's first clause also reads its heading when that is a lead-in naming who leads
        extra={"kind": clause.kind, "marker": clause.marker,
               "first": bool(section is not None and section.clauses and section.clauses[0] is clause)},
    )


_DATE_YEAR = re.compile(r"ngày\s*\d{1,2}\s*(?:[/.-]\s*\d{1,2}\s*[/.-]|tháng\s*\d{1,2}\s*năm)\s*((?:19|20)\d{2})")


def _year_after_basis(document: Document) -> int | None:
    """A plan whose header was cut off is issued after the documents its preamble cites."""
    years = [int(m.group(1)) for c in document.preamble for m in _DATE_YEAR.finditer(c.text)]
    return max(years) if years else None


_locality = locality_of  # "Ủy ban nhân dân huyện Phong Thổ" -> "huyện Phong Thổ"


def extract_document(document: Document, nlp: Language | None = None) -> Extraction:
    """Every fact of one document, with spans shifted from clause to document offsets."""
    nlp = nlp or build_nlp()
    pairs = list(clause_contexts(document))
    docs = (nlp.make_doc(clause.text) for clause, _ in pairs)
    extraction = Extraction(document=document)
    for (clause, ctx), doc in zip(pairs, docs):
        doc._.ctx = ctx
        doc.user_data["text"] = clause.text  # the tokenizer keeps every character: Doc.text == clause.text
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        project = " - ".join(p for p in (ctx.project, ctx.subproject) if p) or None
        for attr, _ in _COMPONENTS.values():
            for rec in getattr(doc._, attr) or []:
                rec = _shift(rec, clause)
                if attr == "assignments" and rec.project is None and project:
                    rec = replace(rec, project=project)  # the task sits inside a programme project
                getattr(extraction, attr).append(rec)
    own = _symbol_key(document.header.symbol)
    # a plan naming its own symbol ("Kế hoạch số 133/KH-UBND" inside 133/KH-UBND) does not cite itself
    extraction.references = [r for r in resolve_references(extraction.references)
                             if not own or _symbol_key(r.symbol) != own]
    return extraction


def _symbol_key(symbol: str | None) -> str | None:
    return re.sub(r"\s+", "", symbol).upper() if symbol else None


def _shift(record: Any, clause: Clause) -> Any:
    start, end = record.span
    base = clause.span[0]
    return replace(record, span=(base + start, base + end), clause_id=clause.id)


# ---------------------------------------------------------------- the evaluation JSON

def _cap_text(text: str, span_in_text: tuple[int, int] | None = None, limit: int = 1500) -> str:
    if len(text) <= limit:
        return text
    if span_in_text is None:
        return text[:limit]
    start, end = span_in_text
    lo = max(0, start - limit // 2)
    return text[lo : lo + limit]


def extraction_to_json(extraction: Extraction) -> dict:
    """The record `score.py extraction` reads (see shared/eval/README.md)."""
    doc = extraction.document
    h = doc.header
    clause_text = {c.id: c for c in doc.clauses()}

    def text_of(rec) -> str:
        clause = clause_text.get(rec.clause_id)
        if rec.text and len(rec.text) <= 1500:
            return rec.text
        if clause is None:
            return (rec.text or "")[:1500]
        rel = (rec.span[0] - clause.span[0], rec.span[1] - clause.span[0])
        return _cap_text(clause.text, rel)

    return {
        "source": doc.source,
        "document": {"symbol": h.symbol, "type": h.doc_type, "issuer": h.issuer, "date": h.date, "title": h.title},
        **{kind.name: [kind.eval_json(rec, text_of(rec)) for rec in records] for kind, records in facts_of(extraction)},
    }
