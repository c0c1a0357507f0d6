"""Documents, clauses and corpus statistics as JSON, read from the graph (the same read model as the
answers and the pages)."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from fastapi import APIRouter, Query

from answers import queries as Q
from answers.formats import to_json
from answers.knowledge import ocr_note
from answers.profiles import budget_json, target_json
from answers.model import DocumentFacts, Plan, ReadModel
from answers.status import document_status, parse_as_of, statuses
from api.deps import Model, ServiceDep
from ingest.errors import NotFound
from ingest.facts import FACTS

router = APIRouter(prefix="/api", tags=["văn bản"])

# node class -> count name: clauses, then every kind of fact (ingest/facts.py)
FACT_KINDS = {"Clause": "clauses", **{kind.rdf_class: kind.name for kind in FACTS}}


def fact_counts(model: ReadModel) -> dict[str, Counter]:
    """{document IRI: {clauses, and each kind of fact: references, assignments, places, targets, budgets}}."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in model.aggregate(Q.DOCUMENT_COUNTS):
        counts[row["doc"]][FACT_KINDS.get(row["kind"].rsplit("#", 1)[-1], "other")] = int(row["n"])
    return counts


def document_summary(plan: Plan, counts: Counter) -> dict:
    return {
        "id": plan.doc_id, "iri": plan.iri, "source": plan.source, "symbol": plan.symbol, "type": plan.type,
        "issuer": plan.issuer, "date": plan.date, "year": int(plan.date[:4]) if plan.date else None,
        "title": plan.title, "locality": plan.locality,
        **{k: counts.get(k, 0) for k in FACT_KINDS.values()},
    }


def _outline(doc: DocumentFacts, section_id: str) -> dict:
    s = doc.sections[section_id]
    return {
        "id": s.id, "iri": s.iri or None, "path": s.path, "kind": s.kind, "label": s.label, "title": s.title,
        "project": s.project, "subproject": s.subproject,
        "clauses": [_clause(doc, c) for c in s.clauses],
        "children": [_outline(doc, c) for c in s.children],
    }


def _clause(doc: DocumentFacts, clause_id: str) -> dict:
    c = doc.clauses[clause_id]
    return {"id": c.id, "iri": c.iri, "text": c.text, "kind": c.kind, "marker": c.marker,
            "ocr_confidence": c.ocr_confidence, "ocr_note": ocr_note(c.ocr_confidence)}


def _ocr(doc: DocumentFacts) -> dict | None:
    """How much of the document was read by OCR from a scan: clauses, of all, and their mean confidence."""
    read = [c.ocr_confidence for c in doc.clauses.values() if c.ocr_confidence is not None]
    if not read:
        return None
    mean = round(sum(read) / len(read), 3)
    return {"clauses": len(read), "of": len(doc.clauses), "confidence": mean, "note": ocr_note(mean)}


def _attachments(doc: DocumentFacts) -> list[dict]:
    """The texts issued with the document and printed after its signature (cancu:Attachment); each one's
    heading tree is the outline's section `section_id`."""
    return [{"iri": a.iri, "section_id": a.section_id, "path": a.path, "kind": a.kind, "title": a.title,
             "caption": a.caption, "issuing_symbol": a.issuing_symbol,
             "clauses": len(doc.subtree_clauses(a.section_id))} for a in doc.attachments]


def _facts(model: ReadModel, doc: DocumentFacts, clause_id: str | None = None, as_of: date | None = None) -> dict:
    """The facts read from a document (or one clause), each with the IRI of its node in the graph; each
    cited document with what later corpus documents did to it and whether its period has ended."""
    def mine(f) -> bool:
        return clause_id is None or f.clause_id == clause_id

    references = []
    known = statuses(model, (r.cited for r in doc.citations if mine(r)), as_of)
    for r in doc.citations:
        if mine(r):
            cited = model.legal_doc(r.cited)
            references.append({"iri": r.iri, "clause_id": r.clause_id, "relation": r.relation, "cited": r.cited,
                               "symbol": cited.symbol if cited else None, "type": cited.type if cited else None,
                               "issuer": cited.issuer if cited else None, "date": cited.date if cited else None,
                               "title": cited.title if cited else None, "name": cited.name if cited else None,
                               "as_written": r.as_written, "span": [r.start, r.end],
                               "status": to_json(known[r.cited].status), "term": to_json(known[r.cited].term)})
    assignments = []
    for a in doc.assignments:
        if mine(a):
            agency = model.agency(a.agency)
            assignments.append({
                "iri": a.iri, "clause_id": a.clause_id, "role": a.role, "agency": a.agency,
                "agency_label": agency.label if agency else None, "task": a.task, "verb": a.verb,
                "communes": [model.place(c).name if model.place(c) else c for c in a.communes],
                "commune_iris": a.communes, "reporter": a.reporter, "project": a.project, "span": [a.start, a.end]})
    places = []
    for m in doc.mentions:
        if mine(m):
            place = model.place(m.place)
            places.append({"iri": m.iri, "clause_id": m.clause_id, "place": m.place,
                           "name": place.name if place else None, "level": place.level if place else None,
                           "code": place.code if place else None, "span": [m.start, m.end]})
    targets = [target_json(model, t) for t in model.targets_of(doc.plan.doc_id) if mine(t)]
    budgets = [budget_json(model, b) for b in model.budgets_of(doc.plan.doc_id) if mine(b)]
    return {"references": references, "assignments": assignments, "places": places, "targets": targets,
            "budgets": budgets}


@router.get("/health", summary="Tình trạng dịch vụ")
def health(service: ServiceDep) -> dict:
    build = service.build()
    return {"ok": True, "build": build.id, "documents": len(build.doc_ids)}


@router.get("/documents", summary="Danh sách văn bản, kèm bộ lọc theo loại, cơ quan ban hành và năm")
def list_documents(model: Model,
                   type: str | None = Query(None, description="Loại văn bản, ví dụ: Kế hoạch"),
                   issuer: str | None = Query(None, description="Cơ quan ban hành"),
                   year: int | None = Query(None, description="Năm ban hành"),
                   offset: int = Query(0, ge=0, description="Bỏ qua bao nhiêu văn bản"),
                   limit: int = Query(50, ge=1, le=500, description="Số văn bản tối đa")) -> dict:
    counts = fact_counts(model)
    rows = [document_summary(p, counts.get(p.iri, Counter())) for _, p in sorted(model.all_plans().items())]
    facets = {key: Counter(str(r[key]) for r in rows if r[key]) for key in ("type", "issuer", "year")}
    rows = [r for r in rows if (type is None or r["type"] == type) and (issuer is None or r["issuer"] == issuer)
            and (year is None or r["year"] == year)]
    return {"ok": True, "total": len(rows), "offset": offset, "limit": limit,
            "facets": {k: dict(v.most_common()) for k, v in facets.items()}, "documents": rows[offset : offset + limit]}


def _document(model: ReadModel, doc_id: str) -> DocumentFacts:
    doc = model.document(doc_id)
    if doc is None:
        raise NotFound(f"không có văn bản '{doc_id}'")
    return doc


@router.get("/documents/{doc_id}", summary="Một văn bản: thông tin, dàn ý, căn cứ, phân công, địa bàn, chỉ tiêu, kinh phí")
def get_document(model: Model, doc_id: str,
                 as_of: str | None = Query(None, max_length=20, description="Xét hiệu lực và thời kỳ tại ngày này "
                                                                       "(2025-12-31 hoặc 31/12/2025); mặc định hôm nay")) -> dict:
    doc = _document(model, doc_id)
    p = doc.plan
    when = parse_as_of(as_of)
    own = document_status(model, p.iri, when)
    return {
        "ok": True,
        "document": {**document_summary(p, fact_counts(model).get(p.iri, Counter())), "place": p.place,
                     "signature": {"signer": p.signer, "position": p.signer_position} if p.signer else None,
                     "recipients": p.recipients, "programme": model.main_programme(doc),
                     "status": to_json(own.status), "term": to_json(own.term)},
        "preamble": [_clause(doc, c.id) for c in doc.clauses_of_kind("preamble")],
        "outline": _outline(doc, doc.root.id),
        "attachments": _attachments(doc),
        "ocr": _ocr(doc),
        "closing": [_clause(doc, c.id) for c in doc.clauses_of_kind("closing")],
        **_facts(model, doc, as_of=when),
    }


@router.get("/clauses/{clause_id}", summary="Một đoạn văn bản theo mã, kèm vị trí và các dữ kiện trích từ nó")
def get_clause(model: Model, clause_id: str) -> dict:
    doc = _document(model, clause_id.split(":", 1)[0])
    clause = doc.clauses.get(clause_id)
    if clause is None:
        raise NotFound(f"không có đoạn '{clause_id}'")
    counts = fact_counts(model).get(doc.plan.iri, Counter())
    data = {"id": clause.id, "iri": clause.iri, "doc_id": clause.doc_id, "section_id": clause.section_id,
            "text": clause.text, "span": [clause.start, clause.end], "kind": clause.kind, "marker": clause.marker,
            "breadcrumb": clause.breadcrumb, "lead_in": clause.lead_in,
            "ocr_confidence": clause.ocr_confidence, "ocr_note": ocr_note(clause.ocr_confidence),
            "document": document_summary(doc.plan, counts)}
    return {"ok": True, "clause": data, **_facts(model, doc, clause_id)}


@router.get("/stats", summary="Thống kê kho văn bản")
def stats(service: ServiceDep, model: Model) -> dict:
    build = service.build()
    totals: Counter = Counter()
    for counts in fact_counts(model).values():
        totals.update(counts)
    return {"ok": True, "build": build.id, "documents": len(model.all_plans()),
            **{k: totals.get(k, 0) for k in FACT_KINDS.values()},
            "stages": build.manifest.get("stages", {})}
