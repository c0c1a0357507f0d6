"""Answers over HTTP: the same functions as `cancu basis`, `cancu responsible` and `cancu agency`.

Every answer carries its evidence (clause id, clause text, breadcrumb, plan) and the graph IRIs of what
it names, so a client can show the source next to the answer and follow the node in /sparql.
"""
from __future__ import annotations

from fastapi import APIRouter, Query

import answers as A
from answers.knowledge import Knowledge
from answers.status import parse_as_of
from answers.text import key as name_key
from answers.text import strip_level
from api.deps import Index, Model
from ingest.errors import BadRequest

router = APIRouter(prefix="/api", tags=["trả lời"])
AS_OF = "Xét hiệu lực và thời kỳ của văn bản tại ngày này (2025-12-31 hoặc 31/12/2025); mặc định hôm nay"


@router.get("/basis", summary="Văn bản nào là căn cứ của một nhiệm vụ (câu hỏi q hoặc mã đoạn clause), kèm chuỗi bằng chứng")
def basis(model: Model, index: Index,
          q: str | None = Query(None, max_length=1000, description="Mô tả nhiệm vụ hoặc câu hỏi, có dấu hay không dấu"),
          clause: str | None = Query(None, max_length=300, description="Mã đoạn, ví dụ 003_609cd0d87b161299:II.4.2.c.p1"),
          top: int = Query(10, ge=1, le=50, description="Số văn bản"),
          as_of: str | None = Query(None, max_length=20, description=AS_OF)) -> dict:
    if not (q and q.strip()) and not clause:
        raise BadRequest("cần tham số q (câu hỏi) hoặc clause (mã đoạn)")
    answer = A.governing(model, index, q if not clause else None, clause_id=clause, top=top, as_of=parse_as_of(as_of))
    return {"ok": True, **A.to_json(answer)}


@router.get("/decisions/{symbol:path}", summary="Những gì được ban hành, thực hiện theo một văn bản (vd 90/QĐ-TTg)")
def decision(model: Model, symbol: str,
             tasks: int = Query(30, ge=0, le=500, description="Số phân công tối đa mỗi kế hoạch"),
             as_of: str | None = Query(None, max_length=20, description=AS_OF)) -> dict:
    return {"ok": True, **A.to_json(A.decision_uses(model, symbol, max_tasks=tasks, as_of=parse_as_of(as_of)))}


@router.get("/responsible", summary="Ai chịu trách nhiệm: cơ quan chủ trì, phối hợp, xã phụ trách, kèm bằng chứng")
def responsible(model: Model, index: Index,
                q: str = Query(..., min_length=1, max_length=1000, description="Nhiệm vụ, cơ quan hoặc xã cần hỏi"),
                top: int = Query(10, ge=1, le=100, description="Số câu trả lời")) -> dict:
    return {"ok": True, **A.to_json(A.responsible(model, index, q, top=top))}


@router.get("/agencies", summary="Tìm cơ quan theo tên (có dấu hay không dấu, viết tắt), nhóm theo địa bàn")
def agencies(model: Model, q: str = Query("", max_length=300, description="Tên cơ quan; để trống: tất cả")) -> dict:
    if q.strip():
        found = A.find_agencies(model, q)
    else:
        kb = Knowledge(model)
        found = sorted((kb.agency_ref(a) for a in model.all_agencies()), key=lambda a: a.key)
    return {"ok": True, "query": q, "agencies": A.to_json(found),
            "by_locality": A.to_json(A.agencies_by_locality(found))}


@router.get("/agencies/{key:path}", summary="Trách nhiệm của một cơ quan trong mọi kế hoạch, theo kế hoạch, dự án và xã")
def agency(model: Model, key: str) -> dict:
    return {"ok": True, **A.to_json(A.agency_profile(model, key))}


@router.get("/agency-types/{key}", summary="Cùng một loại cơ quan ở các địa bàn (vd phong-lao-dong-thuong-binh-va-xa-hoi)")
def agency_type(model: Model, key: str) -> dict:
    return {"ok": True, **A.to_json(A.agency_type(model, key))}


@router.get("/places/{key:path}", summary="Một xã: cơ quan phụ trách, các đoạn nêu tên, các kế hoạch")
def place(model: Model, key: str) -> dict:
    return {"ok": True, **A.to_json(A.place_profile(model, key))}


@router.get("/targets", summary="Cùng một chỉ tiêu ở các kế hoạch (so khớp không dấu), kèm đoạn gốc và xã được giao")
def targets(model: Model,
            indicator: str = Query(..., min_length=1, max_length=300, description="Tên chỉ tiêu, ví dụ: tỷ lệ hộ nghèo"),
            commune: str | None = Query(None, max_length=200, description="Chỉ những chỉ tiêu đặt riêng cho xã này "
                                        "(tên, gõ không dấu được, hoặc khóa của trang xã)")) -> dict:
    rows = A.targets_across(model, indicator)
    if commune and commune.strip():
        rows = [r for r in rows if commune_matches(commune, r)]
    return {"ok": True, "indicator": indicator, "commune": commune, "count": len(rows), "targets": rows}


def commune_matches(wanted: str, row: dict) -> bool:
    """"mường so", "xã Mường So" or the page key "code/03589" names the commune a target is set for."""
    if not row.get("commune"):
        return False
    if wanted.strip() == row.get("commune_key"):
        return True
    return strip_level(name_key(wanted)) == strip_level(name_key(row["commune"]))


@router.get("/budgets/summary", summary="Kinh phí của từng kế hoạch theo nguồn vốn và theo xã, và tổng kinh phí kế hoạch nêu")
def budgets_summary(model: Model,
                    commune: str | None = Query(None, max_length=200, description="Chỉ những kế hoạch đặt kinh phí "
                                                "riêng cho xã này (tên, gõ không dấu được, hoặc khóa của trang xã)")) -> dict:
    plans = A.budgets_summary(model)
    if commune and commune.strip():
        for plan in plans:
            plan["by_commune"] = [c for c in plan["by_commune"] if commune_matches(commune, c)]
        plans = [p for p in plans if p["by_commune"]]
    return {"ok": True, "commune": commune, "plans": plans}
