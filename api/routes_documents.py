"""Documents, clauses and corpus statistics as JSON."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict

from fastapi import APIRouter, Query, Request

from api.service import Service
from ingest.errors import NotFound
from ingest.model import Extraction, Section

router = APIRouter(prefix="/api", tags=["văn bản"])


def service(request: Request) -> Service:
    return request.app.state.service


def document_summary(ex: Extraction) -> dict:
    d = ex.document
    h = d.header
    return {
        "id": d.id, "source": d.source, "symbol": h.symbol, "type": h.doc_type, "issuer": h.issuer,
        "date": h.date, "year": int(h.date[:4]) if h.date else None, "title": h.title,
        "clauses": len(d.clauses()), "references": len(ex.references), "assignments": len(ex.assignments),
        "targets": len(ex.targets), "budgets": len(ex.budgets),
    }


def _outline(section: Section) -> dict:
    return {
        "id": section.id, "path": section.path, "kind": section.kind, "label": section.label, "title": section.title,
        "project": section.project, "subproject": section.subproject,
        "clauses": [{"id": c.id, "text": c.text, "kind": c.kind, "marker": c.marker} for c in section.clauses],
        "children": [_outline(c) for c in section.children],
    }


def _facts(ex: Extraction) -> dict:
    def row(rec) -> dict:
        data = asdict(rec)
        data.pop("text", None)
        return data

    return {
        "references": [row(r) for r in ex.references],
        "assignments": [row(a) for a in ex.assignments],
        "places": [row(p) for p in ex.places],
        "targets": [row(t) for t in ex.targets],
        "budgets": [row(b) for b in ex.budgets],
    }


@router.get("/health", summary="Tình trạng dịch vụ")
def health(request: Request) -> dict:
    build = service(request).build()
    return {"ok": True, "build": build.id, "documents": len(build.doc_ids)}


@router.get("/documents", summary="Danh sách văn bản, kèm bộ lọc theo loại, cơ quan ban hành và năm")
def list_documents(request: Request,
                   type: str | None = Query(None, description="Loại văn bản, ví dụ: Kế hoạch"),
                   issuer: str | None = Query(None, description="Cơ quan ban hành"),
                   year: int | None = Query(None, description="Năm ban hành"),
                   offset: int = Query(0, ge=0, description="Bỏ qua bao nhiêu văn bản"),
                   limit: int = Query(50, ge=1, le=500, description="Số văn bản tối đa")) -> dict:
    build = service(request).build()
    rows = [document_summary(build.extraction(d)) for d in build.doc_ids]
    facets = {key: Counter(str(r[key]) for r in rows if r[key]) for key in ("type", "issuer", "year")}
    rows = [r for r in rows if (type is None or r["type"] == type) and (issuer is None or r["issuer"] == issuer)
            and (year is None or r["year"] == year)]
    return {"ok": True, "total": len(rows), "offset": offset, "limit": limit,
            "facets": {k: dict(v.most_common()) for k, v in facets.items()}, "documents": rows[offset : offset + limit]}


@router.get("/documents/{doc_id}", summary="Một văn bản: thông tin, dàn ý, căn cứ, phân công, địa bàn, chỉ tiêu, kinh phí")
def get_document(request: Request, doc_id: str) -> dict:
    ex = service(request).build().extraction(doc_id)
    d = ex.document
    return {
        "ok": True,
        "document": {**document_summary(ex), "place": d.header.place, "signature": asdict(d.signature) if d.signature else None,
                     "recipients": d.recipients, "annexes": d.annexes, "warnings": d.warnings},
        "preamble": [{"id": c.id, "text": c.text} for c in d.preamble],
        "outline": _outline(d.body),
        "closing": [{"id": c.id, "text": c.text} for c in d.closing],
        **_facts(ex),
    }


@router.get("/clauses/{clause_id}", summary="Một đoạn văn bản theo mã, kèm vị trí trong tệp gốc và các dữ kiện trích từ nó")
def get_clause(request: Request, clause_id: str) -> dict:
    doc_id = clause_id.split(":", 1)[0]
    ex = service(request).build().extraction(doc_id)
    clause = ex.document.clause(clause_id)
    if clause is None:
        raise NotFound(f"không có đoạn '{clause_id}'")
    facts = {k: [f for f in v if f.get("clause_id") == clause_id] for k, v in _facts(ex).items()}
    return {"ok": True, "clause": {**asdict(clause), "document": document_summary(ex)}, **facts}


@router.get("/stats", summary="Thống kê kho văn bản")
def stats(request: Request) -> dict:
    build = service(request).build()
    totals: Counter = Counter()
    for doc_id in build.doc_ids:
        s = document_summary(build.extraction(doc_id))
        for key in ("clauses", "references", "assignments", "targets", "budgets"):
            totals[key] += s[key]
    return {"ok": True, "build": build.id, "documents": len(build.doc_ids), **totals,
            "stages": build.manifest.get("stages", {})}
