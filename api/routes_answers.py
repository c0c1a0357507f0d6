"""Answers over HTTP: the same functions as `cancu basis`, `cancu responsible` and `cancu agency`.

Every answer carries its evidence (clause id, clause text, breadcrumb, plan), so a client can show the
source next to the answer and link to /api/clauses/{id}.
"""
from __future__ import annotations

from fastapi import APIRouter, Query, Request

from api import answers as A
from ingest.errors import BadRequest

router = APIRouter(prefix="/api", tags=["trả lời"])


def _service(request: Request):
    return request.app.state.service


@router.get("/basis", summary="Văn bản nào là căn cứ của một nhiệm vụ (câu hỏi q hoặc mã đoạn clause), kèm chuỗi bằng chứng")
def basis(request: Request,
          q: str | None = Query(None, max_length=1000, description="Mô tả nhiệm vụ hoặc câu hỏi, có dấu hay không dấu"),
          clause: str | None = Query(None, max_length=300, description="Mã đoạn, ví dụ 003_609cd0d87b161299:II.4.2.c.p1"),
          top: int = Query(10, ge=1, le=50, description="Số văn bản")) -> dict:
    if not (q and q.strip()) and not clause:
        raise BadRequest("cần tham số q (câu hỏi) hoặc clause (mã đoạn)")
    answer = A.governing(_service(request), q if not clause else None, clause_id=clause, top=top)
    return {"ok": True, **A.to_json(answer)}


@router.get("/decisions/{symbol:path}", summary="Những gì được ban hành, thực hiện theo một văn bản (vd 90/QĐ-TTg)")
def decision(request: Request, symbol: str, tasks: int = Query(30, ge=0, le=500, description="Số phân công tối đa mỗi kế hoạch")) -> dict:
    return {"ok": True, **A.to_json(A.decision_uses(_service(request), symbol, max_tasks=tasks))}


@router.get("/responsible", summary="Ai chịu trách nhiệm: cơ quan chủ trì, phối hợp, xã phụ trách, kèm bằng chứng")
def responsible(request: Request,
                q: str = Query(..., min_length=1, max_length=1000, description="Nhiệm vụ, cơ quan hoặc xã cần hỏi"),
                top: int = Query(10, ge=1, le=100, description="Số câu trả lời")) -> dict:
    return {"ok": True, **A.to_json(A.responsible(_service(request), q, top=top))}


@router.get("/agencies", summary="Tìm cơ quan theo tên (có dấu hay không dấu, viết tắt)")
def agencies(request: Request, q: str = Query("", max_length=300, description="Tên cơ quan; để trống: tất cả")) -> dict:
    service = _service(request)
    if q.strip():
        found = A.find_agencies(service, q)
    else:
        found = sorted(A.knowledge(service).agencies.values(), key=lambda a: a.key)
    return {"ok": True, "query": q, "agencies": A.to_json(found)}


@router.get("/agencies/{key:path}", summary="Trách nhiệm của một cơ quan trong mọi kế hoạch, theo kế hoạch, dự án và xã")
def agency(request: Request, key: str) -> dict:
    return {"ok": True, **A.to_json(A.agency_profile(_service(request), key))}


@router.get("/agency-types/{key}", summary="Cùng một loại cơ quan ở các địa bàn (vd phong-lao-dong-thuong-binh-va-xa-hoi)")
def agency_type(request: Request, key: str) -> dict:
    return {"ok": True, **A.to_json(A.agency_type(_service(request), key))}


@router.get("/places/{key:path}", summary="Một xã: cơ quan phụ trách, các đoạn nêu tên, các kế hoạch")
def place(request: Request, key: str) -> dict:
    return {"ok": True, **A.to_json(A.place_profile(_service(request), key))}


@router.get("/targets", summary="Cùng một chỉ tiêu ở các kế hoạch (so khớp không dấu), kèm đoạn gốc")
def targets(request: Request,
            indicator: str = Query(..., min_length=1, max_length=300, description="Tên chỉ tiêu, ví dụ: tỷ lệ hộ nghèo")) -> dict:
    rows = A.targets_across(_service(request), indicator)
    return {"ok": True, "indicator": indicator, "count": len(rows), "targets": rows}


@router.get("/budgets/summary", summary="Kinh phí theo nguồn vốn của từng kế hoạch, và tổng kinh phí kế hoạch nêu")
def budgets_summary(request: Request) -> dict:
    return {"ok": True, "plans": A.budgets_summary(_service(request))}
