"""Clause search over HTTP: the same index and ranking as `cancu search`."""
from __future__ import annotations

from fastapi import APIRouter, Query

from answers.knowledge import mark_ocr
from answers.model import ReadModel
from api.deps import Index, Model
from search.render import best_window

router = APIRouter(prefix="/api", tags=["tìm kiếm"])

FILTER_PARAMS = ("doc_id", "issuer", "year", "locality", "agency", "commune", "programme", "doc_type")


def hit_json(hit, *, window: int = 320) -> dict:
    p = hit.passage
    start, end = best_window(p.text, hit.highlights, window) if hit.highlights else (0, min(len(p.text), window))
    return {
        "rank": hit.rank, "score": round(hit.score, 6), "clause": p.id, "doc_id": p.doc_id, "source": p.source,
        "text": p.text, "context": p.context, "breadcrumb": [c for c in p.context.split(" › ") if c],
        "snippet": {"start": start, "end": end, "text": p.text[start:end]},
        "highlights": [[a, b] for a, b in hit.highlights],
        "dense_rank": hit.dense_rank, "lexical_rank": hit.lexical_rank,
        "metadata": p.metadata,
    }


def run_search(index, q: str, *, top: int, offset: int, filters: dict, mode: str | None = None,
               model: ReadModel | None = None) -> dict:
    """The hits as JSON; with the read model, each says whether its clause was read by OCR from a scan
    (`ocr_confidence`, `ocr_note`; null for typed text), as the graph records it."""
    hits = index.search(q, top_k=offset + top, filters=filters or None, mode=mode)
    results = [hit_json(h) for h in hits[offset:]]
    if model is not None:
        mark_ocr(results, model)
    return {"ok": True, "query": q, "filters": filters, "offset": offset, "top": top,
            "semantic": index.semantic_status(),  # {"ready": false, "note": ...} while vectors are computed
            "results": results}


@router.get("/search", summary="Tìm đoạn văn bản phù hợp (kết hợp ngữ nghĩa và từ khóa, gõ không dấu vẫn được)")
def search(index: Index, model: Model,
           q: str = Query(..., min_length=1, max_length=1000, description="Câu hỏi hoặc từ khóa"),
           top: int = Query(10, ge=1, le=100, description="Số kết quả"),
           offset: int = Query(0, ge=0, le=1000, description="Bỏ qua bao nhiêu kết quả (phân trang)"),
           mode: str | None = Query(None, pattern="^(hybrid|dense|lexical)$", description="hybrid, dense hoặc lexical"),
           doc_id: str | None = Query(None, description="Chỉ trong văn bản này"),
           issuer: str | None = Query(None, description="Cơ quan ban hành"),
           year: int | None = Query(None, description="Năm ban hành"),
           locality: str | None = Query(None, description="Địa bàn, ví dụ: huyện Phong Thổ"),
           agency: str | None = Query(None, description="Cơ quan được nêu trong đoạn"),
           commune: str | None = Query(None, description="Xã được nêu trong đoạn"),
           programme: str | None = Query(None, description="Chương trình mục tiêu quốc gia"),
           doc_type: str | None = Query(None, description="Loại văn bản")) -> dict:
    values = dict(doc_id=doc_id, issuer=issuer, year=year, locality=locality, agency=agency, commune=commune,
                  programme=programme, doc_type=doc_type)
    filters = {k: v for k, v in values.items() if v not in (None, "")}
    return run_search(index, q, top=top, offset=offset, filters=filters, mode=mode, model=model)
