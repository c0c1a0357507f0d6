"""The web pages for staff and researchers: server-rendered HTML in Vietnamese over the current build's
read model (the same one the JSON API and the CLI answer from).

Search works without JavaScript (a GET form); the graph view and the SPARQL editor add small vanilla
scripts from /static. Nothing is fetched from another host: the Content-Security-Policy says so too.
Errors are the app's: its one exception handler answers a browser with the error page (`api.app`).
URL keys are the paths of the graph's IRIs (`answers.pages`, docs/ui.md).
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

import answers as A
from answers import graphview as G
from answers import pages as P
from answers.status import parse_as_of
from api.deps import Index, Model
from api.html import HERE, STATIC, render
from api.routes_search import run_search
from ingest.errors import BadRequest, NotFound

QUERIES = HERE.parent / "docs" / "queries"

router = APIRouter(include_in_schema=False)

_STATIC_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*\.(css|js|svg|png|ico)$")
_STATIC_TYPES = {"css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
                 "svg": "image/svg+xml", "png": "image/png", "ico": "image/x-icon"}
FILTERS = (("doc_id", "Văn bản"), ("locality", "Địa bàn"), ("agency", "Cơ quan"), ("programme", "Chương trình, dự án"),
           ("year", "Năm"))
PER_PAGE = 10
AS_OF = "xét hiệu lực và thời kỳ tại ngày này (2025-12-31 hoặc 31/12/2025); mặc định hôm nay"


# ---------------------------------------------------------------- static files

@router.get("/static/{name}")
def static_file(request: Request, name: str) -> Response:
    path = STATIC / name
    if not _STATIC_NAME.match(name) or not path.is_file():
        raise StarletteHTTPException(404)
    data = path.read_bytes()
    etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
    headers = {"Cache-Control": "public, max-age=31536000, immutable" if request.query_params.get("v")
               else "public, max-age=3600", "ETag": etag, "X-Content-Type-Options": "nosniff"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    suffix = name.rsplit(".", 1)[1]
    return Response(data, media_type=_STATIC_TYPES[suffix], headers=headers)


# ---------------------------------------------------------------- search

def _filters(values: dict[str, str | None]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value in (None, ""):
            continue
        if key == "year":
            if not str(value).isdigit():
                raise BadRequest(f"năm không hợp lệ: {value}")
            out[key] = int(value)
        else:
            out[key] = value
    return out


@router.get("/")
@router.get("/tim-kiem")
def search_page(request: Request, model: Model, index: Index, q: str = Query("", max_length=1000), doc_id: str = "",
                locality: str = "", agency: str = "", programme: str = "", year: str = "",
                trang: int = Query(1, ge=1, le=50)) -> Response:
    chosen = {"doc_id": doc_id, "locality": locality, "agency": agency, "programme": programme, "year": year}
    context: dict[str, Any] = {"q": q, "chosen": chosen, "options": P.search_options(model, index),
                               "filter_names": FILTERS, "results": None, "page": trang, "error": None}
    if not q.strip():
        return render(request, "search.html", documents=P.document_rows(model), **context)
    try:
        found = run_search(index, q, top=PER_PAGE + 1, offset=(trang - 1) * PER_PAGE, filters=_filters(chosen))
    except BadRequest as exc:  # shown next to the form the user can correct
        context["error"] = exc.message
        return render(request, "search.html", status=400, **context)
    rows = found["results"]
    context["semantic_note"] = found["semantic"]["note"]
    context["results"] = P.search_results(model, rows[:PER_PAGE])
    params = {k: v for k, v in {"q": q, **chosen}.items() if v}
    context["more_url"] = "/tim-kiem?" + urlencode({**params, "trang": trang + 1}) if len(rows) > PER_PAGE else None
    context["less_url"] = "/tim-kiem?" + urlencode({**params, "trang": trang - 1}) if trang > 1 else None
    context["answer_url"] = "/can-cu?" + urlencode({"q": q})
    return render(request, "search.html", **context)


# ---------------------------------------------------------------- which decision governs a task

@router.get("/can-cu")
def answer_page(request: Request, model: Model, index: Index, q: str = Query("", max_length=1000),
                doan: str = Query("", max_length=300), ngay: str = Query("", max_length=20, description=AS_OF)) -> Response:
    context: dict[str, Any] = {"q": q, "answer": None, "hits": [], "error": None, "doan": doan, "chosen": doan}
    if doan and (model.document(doan.split(":", 1)[0]) is None
                 or doan not in model.document(doan.split(":", 1)[0]).clauses):
        raise NotFound(f"không có đoạn văn bản '{doan}'")
    if not q.strip() and not doan:
        return render(request, "answer.html", **context)
    try:
        if q.strip():
            context["hits"] = P.search_results(model, run_search(index, q, top=6, offset=0, filters={})["results"])
        context["answer"] = P.answer_for(model, index, q, doan or None, parse_as_of(ngay))
    except BadRequest as exc:
        context["error"] = exc.message
        return render(request, "answer.html", status=400, **context)
    if context["answer"] is not None:
        context["chosen"] = context["answer"].clause_id
    return render(request, "answer.html", **context)


# ---------------------------------------------------------------- who is responsible

MODES = {"task": "Cơ quan thực hiện nhiệm vụ", "agency_communes": "Xã được giao phụ trách và cơ quan cùng phụ trách",
         "agency_tasks": "Nhiệm vụ được giao", "commune_agencies": "Cơ quan phụ trách xã"}


@router.get("/trach-nhiem")
def responsible_page(request: Request, model: Model, index: Index, q: str = Query("", max_length=1000)) -> Response:
    """`answers.responsible` (the same answer as `cancu responsible` and /api/responsible), as a page."""
    context: dict[str, Any] = {"q": q, "answer": None, "error": None, "MODES": MODES}
    if q.strip():
        try:
            context["answer"] = A.responsible(model, index, q)
        except BadRequest as exc:
            context["error"] = exc.message
            return render(request, "responsible.html", status=400, **context)
    return render(request, "responsible.html", **context)


# ---------------------------------------------------------------- documents

@router.get("/van-ban")
def documents_page(request: Request, model: Model) -> Response:
    return render(request, "documents.html", documents=P.document_rows(model))


@router.get("/van-ban/{doc_id}")
def document_page(request: Request, model: Model, doc_id: str,
                  ngay: str = Query("", max_length=20, description=AS_OF)) -> Response:
    view = P.document_view(model, doc_id, parse_as_of(ngay))
    if view is None:
        raise NotFound(f"không có văn bản '{doc_id}' trong kho")
    return render(request, "document.html", **view)


# ---------------------------------------------------------------- cited documents

@router.get("/quyet-dinh")
def decisions_page(request: Request, model: Model) -> Response:
    return render(request, "decisions.html", decisions=P.decision_rows(model))


@router.get("/quyet-dinh/{key:path}")
def decision_page(request: Request, model: Model, key: str,
                  ngay: str = Query("", max_length=20, description=AS_OF)) -> Response:
    view = P.decision_view(model, key, parse_as_of(ngay))
    if view is not None:
        return render(request, "decision.html", **view)
    matches = P.decision_rows(model, symbol=key)  # "/quyet-dinh/90%2FQĐ-TTg": a symbol as written
    if len(matches) == 1:
        return RedirectResponse(P.decision_url(matches[0]["key"]), status_code=307)
    if matches:
        return render(request, "decisions.html", decisions=matches, symbol=key)
    raise NotFound(f"không có văn bản được dẫn với mã '{key}'")


# ---------------------------------------------------------------- agencies and communes

@router.get("/co-quan")
def agencies_page(request: Request, model: Model) -> Response:
    return render(request, "agencies.html", agencies=P.agency_rows(model))


@router.get("/co-quan/{key:path}")
def agency_page(request: Request, model: Model, key: str) -> Response:
    view = P.agency_view(model, key)
    if view is None:
        raise NotFound(f"không có cơ quan với mã '{key}'")
    return render(request, "agency.html", **view)


@router.get("/xa")
def communes_page(request: Request, model: Model) -> Response:
    return render(request, "communes.html", communes=P.commune_rows(model))


@router.get("/xa/{key:path}")
def commune_page(request: Request, model: Model, key: str) -> Response:
    view = P.commune_view(model, key)
    if view is None:
        raise NotFound(f"không có xã với mã '{key}'")
    return render(request, "commune.html", **view)


# ---------------------------------------------------------------- graph view

@router.get("/do-thi")
def graph_page(request: Request, model: Model, nut: str = Query("", max_length=300, description="nút bắt đầu"),
               q: str = Query("", max_length=200, description="tìm nút bắt đầu theo tên")) -> Response:
    """The graph view from one node (a document, a decision, an agency or a commune): the script expands
    neighbours on demand; without JavaScript the page lists the node's neighbours by relation."""
    index = G.graph_index(model)
    start = nut or G.default_start(model) or ""
    if nut and nut not in index.nodes:
        raise NotFound(f"không có nút '{nut}' trong đồ thị")
    return render(request, "graph.html", start=index.nodes.get(start), q=q,
                  found=G.find_nodes(model, q) if q.strip() else [],
                  neighbours=G.neighbour_groups(model, start) if start else {},
                  kinds=G.KIND_LABELS, relations=G.RELATION_LABELS, limit=G.NEIGHBOURS,
                  counts={"nodes": len(index.nodes), "edges": len(index.edges),
                          "documents": sum(n["kind"] == "document" for n in index.nodes.values())})


def _choices(values: list[str], allowed: tuple[str, ...], what: str) -> set[str] | None:
    chosen = {v for item in values for v in item.split(",") if v}
    unknown = chosen - set(allowed)
    if unknown:
        raise BadRequest(f"{what} không có: {', '.join(sorted(unknown))} (có: {', '.join(allowed)})")
    return chosen or None


@router.get("/do-thi/tim.json")
def graph_find(model: Model, q: str = Query(..., min_length=1, max_length=200, description="tên nút, gõ không dấu được"),
               loai: list[str] = Query([], description="loại nút: document, decision, agency, commune")) -> Response:
    found = G.find_nodes(model, q, kinds=_choices(loai, G.KINDS, "loại nút"))
    return _json({"ok": True, "query": q, "nodes": found})


@router.get("/do-thi.json")
def graph_json(model: Model,
               nut: list[str] = Query([], description="nút cần mở (lặp lại được); bỏ trống: toàn bộ đồ thị"),
               quan_he: list[str] = Query([], description="chỉ các quan hệ này: " + ", ".join(G.RELATIONS)),
               loai: list[str] = Query([], description="chỉ các loại nút này: " + ", ".join(G.KINDS)),
               gioi_han: int = Query(G.NEIGHBOURS, ge=1, le=500, description="số láng giềng tối đa mỗi nút"),
               chung: bool = Query(False, description="kể cả cơ quan chung chung")) -> Response:
    relations = _choices(quan_he, G.RELATIONS, "quan hệ")
    kinds = _choices(loai, G.KINDS, "loại nút")
    if not nut:
        return _json({"ok": True, **G.graph_data(model, include_generic=chung)})
    data = G.neighbourhood(model, nut, relations=relations, kinds=kinds, limit=gioi_han, include_generic=chung)
    if not data["start"]:
        raise NotFound("không có nút nào trong số đã hỏi")
    return _json({"ok": True, **data})


def _json(data: dict) -> Response:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-cache"})


# ---------------------------------------------------------------- SPARQL editor

@router.get("/truy-van")
def sparql_page(request: Request, mau: str = Query("", max_length=100), query: str = Query("", max_length=20000)) -> Response:
    examples = P.sparql_examples(QUERIES)
    chosen = next((e for e in examples if e.name == mau), None) or (None if query or not examples else examples[0])
    text = query or (chosen.query if chosen else "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10")
    return render(request, "sparql.html", examples=examples, chosen=chosen.name if chosen else "", text=text,
                  examples_data={e.name: e.query for e in examples})


@router.get("/xem")
def resolve_iri(model: Model, iri: str = Query(..., max_length=2000, description="IRI của một nút trong đồ thị")) -> Response:
    """A graph IRI (from a SPARQL result) opens the page that shows that node."""
    target = P.page_for_iri(model, iri)
    if target is None:
        raise NotFound(f"không có trang cho {iri}")
    return RedirectResponse(target, status_code=303)
