"""The web pages for staff and researchers: server-rendered HTML in Vietnamese over the current build.

Search works without JavaScript (a GET form); the graph view and the SPARQL editor add small vanilla
scripts from /static. Nothing is fetched from another host: the Content-Security-Policy says so too.
URL keys are described in `api.pages_data` and docs/ui.md.
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import pages_data as pd
from ingest.errors import BadRequest, CancuError

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
QUERIES = HERE.parent / "docs" / "queries"

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(TEMPLATES))

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
_STATIC_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*\.(css|js|svg|png|ico)$")
_STATIC_TYPES = {"css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
                 "svg": "image/svg+xml", "png": "image/png", "ico": "image/x-icon"}
NAV = (("/", "Tìm kiếm"), ("/can-cu", "Căn cứ của nhiệm vụ"), ("/van-ban", "Văn bản"),
       ("/quyet-dinh", "Văn bản được dẫn"), ("/co-quan", "Cơ quan"), ("/xa", "Xã"), ("/do-thi", "Đồ thị"),
       ("/truy-van", "Truy vấn SPARQL"))
FILTERS = (("doc_id", "Văn bản"), ("locality", "Địa bàn"), ("agency", "Cơ quan"), ("programme", "Chương trình, dự án"),
           ("year", "Năm"))


@lru_cache(maxsize=64)
def _static_version(name: str) -> str:
    path = STATIC / name
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10] if path.is_file() else "0"


def static_url(name: str) -> str:
    return f"/static/{name}?v={_static_version(name)}"


templates.env.globals.update(
    static_url=static_url, nav=NAV, decision_url=pd.decision_url, agency_url=pd.agency_url,
    commune_url=pd.commune_url, document_url=pd.document_url, vn_date=pd.vn_date, vn_number=pd.vn_number,
    short=pd.short, ROLE_LABELS=pd.ROLE_LABELS, RELATION_LABELS=pd.RELATION_LABELS,
)


def _service(request: Request):
    return request.app.state.service


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> Response:
    path = request.url.path
    active = next((href for href, _ in NAV if href != "/" and (path == href or path.startswith(href + "/"))),
                  "/" if path in ("/", "/tim-kiem") else None)
    html = templates.get_template(template).render(request=request, active=active, **context)
    headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Content-Language": "vi",
               "Referrer-Policy": "same-origin", "Cache-Control": "no-cache"}
    return Response(html.encode("utf-8"), status_code=status, media_type="text/html; charset=utf-8", headers=headers)


def error_page(request: Request, status: int, message: str, *, title: str | None = None) -> Response:
    titles = {404: "Không tìm thấy trang", 400: "Yêu cầu không hợp lệ", 503: "Chưa có dữ liệu",
              500: "Lỗi máy chủ"}
    return render(request, "error.html", status=status, status_code=status,
                  title=title or titles.get(status, "Lỗi"), message=message)


def _guard(request: Request, build_page) -> Response:
    """Domain errors (no data, unknown document, bad query) become an HTML page with their status."""
    try:
        return build_page()
    except CancuError as exc:
        return error_page(request, exc.status, exc.message)


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
def search_page(request: Request, q: str = Query("", max_length=1000), doc_id: str = "", locality: str = "",
                agency: str = "", programme: str = "", year: str = "", trang: int = Query(1, ge=1, le=50)) -> Response:
    from api.routes_search import run_search
    from api.service import open_index

    def build() -> Response:
        service = _service(request)
        cat = pd.catalog(service)
        chosen = {"doc_id": doc_id, "locality": locality, "agency": agency, "programme": programme, "year": year}
        try:
            index = open_index(service)
            options = pd.search_options(service, index, cat)
        except CancuError as exc:
            return error_page(request, exc.status, exc.message)
        context: dict[str, Any] = {"q": q, "chosen": chosen, "options": options, "filter_names": FILTERS,
                                   "results": None, "page": trang, "error": None}
        if q.strip():
            per_page = 10
            try:
                found = run_search(service, q, top=per_page + 1, offset=(trang - 1) * per_page,
                                   filters=_filters(chosen))
            except BadRequest as exc:
                context["error"] = exc.message
                return render(request, "search.html", status=400, **context)
            rows = found["results"]
            context["semantic_note"] = found["semantic"]["note"]
            context["results"] = pd.search_results(service, cat, rows[:per_page])
            params = {k: v for k, v in {"q": q, **chosen}.items() if v}
            context["more_url"] = "/tim-kiem?" + urlencode({**params, "trang": trang + 1}) if len(rows) > per_page else None
            context["less_url"] = "/tim-kiem?" + urlencode({**params, "trang": trang - 1}) if trang > 1 else None
            context["answer_url"] = "/can-cu?" + urlencode({"q": q})
        else:
            context["documents"] = pd.document_rows(cat)
        return render(request, "search.html", **context)

    return _guard(request, build)


# ---------------------------------------------------------------- which decision governs a task

@router.get("/can-cu")
def answer_page(request: Request, q: str = Query("", max_length=1000), doan: str = Query("", max_length=300)) -> Response:
    from api.routes_search import run_search

    def build() -> Response:
        service = _service(request)
        cat = pd.catalog(service)
        context: dict[str, Any] = {"q": q, "answer": None, "hits": [], "error": None, "doan": doan, "chosen": doan}
        if doan and cat.clause(doan) is None:
            return error_page(request, 404, f"không có đoạn văn bản '{doan}'")
        if not q.strip() and not doan:
            return render(request, "answer.html", **context)
        try:
            if q.strip():
                context["hits"] = pd.search_results(service, cat, run_search(service, q, top=6, offset=0,
                                                                             filters={})["results"])
            context["answer"] = pd.answer_for(service, cat, q, doan or None)
        except BadRequest as exc:
            context["error"] = exc.message
            return render(request, "answer.html", status=400, **context)
        if context["answer"] is not None:
            context["chosen"] = context["answer"].clause_id
        return render(request, "answer.html", **context)

    return _guard(request, build)


# ---------------------------------------------------------------- documents

@router.get("/van-ban")
def documents_page(request: Request) -> Response:
    return _guard(request, lambda: render(request, "documents.html",
                                          documents=pd.document_rows(pd.catalog(_service(request)))))


@router.get("/van-ban/{doc_id}")
def document_page(request: Request, doc_id: str) -> Response:
    def build() -> Response:
        cat = pd.catalog(_service(request))
        if doc_id not in cat.extractions:
            return error_page(request, 404, f"không có văn bản '{doc_id}' trong kho")
        return render(request, "document.html", **pd.document_view(cat, doc_id))

    return _guard(request, build)


# ---------------------------------------------------------------- cited documents

@router.get("/quyet-dinh")
def decisions_page(request: Request) -> Response:
    def build() -> Response:
        cat = pd.catalog(_service(request))
        rows = sorted(cat.decisions.values(), key=lambda d: (-len({c.doc_id for c in d.citations}),
                                                             -(d.year or 0), d.label))
        return render(request, "decisions.html", decisions=rows)

    return _guard(request, build)


@router.get("/quyet-dinh/{key:path}")
def decision_page(request: Request, key: str) -> Response:
    def build() -> Response:
        cat = pd.catalog(_service(request))
        view = pd.decision_view(cat, key)
        if view is not None:
            return render(request, "decision.html", **view)
        matches = cat.decision_by_symbol(key)  # "/quyet-dinh/90%2FQĐ-TTg": a symbol as written
        if len(matches) == 1:
            return RedirectResponse(pd.decision_url(matches[0].key), status_code=307)
        if matches:
            return render(request, "decisions.html", decisions=matches, symbol=key)
        return error_page(request, 404, f"không có văn bản được dẫn với mã '{key}'")

    return _guard(request, build)


# ---------------------------------------------------------------- agencies and communes

@router.get("/co-quan")
def agencies_page(request: Request) -> Response:
    def build() -> Response:
        cat = pd.catalog(_service(request))
        rows = sorted(cat.agencies.values(), key=lambda a: (a.generic, a.locality or "", a.label))
        return render(request, "agencies.html", agencies=rows)

    return _guard(request, build)


@router.get("/co-quan/{key:path}")
def agency_page(request: Request, key: str) -> Response:
    def build() -> Response:
        view = pd.agency_view(pd.catalog(_service(request)), key)
        if view is None:
            return error_page(request, 404, f"không có cơ quan với mã '{key}'")
        return render(request, "agency.html", **view)

    return _guard(request, build)


@router.get("/xa")
def communes_page(request: Request) -> Response:
    def build() -> Response:
        cat = pd.catalog(_service(request))
        rows = sorted(cat.communes.values(), key=lambda c: (c.district or "", c.name))
        return render(request, "communes.html", communes=rows)

    return _guard(request, build)


@router.get("/xa/{key:path}")
def commune_page(request: Request, key: str) -> Response:
    def build() -> Response:
        view = pd.commune_view(pd.catalog(_service(request)), key)
        if view is None:
            return error_page(request, 404, f"không có xã với mã '{key}'")
        return render(request, "commune.html", **view)

    return _guard(request, build)


# ---------------------------------------------------------------- graph view

@router.get("/do-thi")
def graph_page(request: Request) -> Response:
    def build() -> Response:
        data = pd.graph_data(pd.catalog(_service(request)))
        groups = {kind: sorted((n for n in data["nodes"] if n["kind"] == kind), key=lambda n: n["label"])
                  for kind in ("document", "decision", "agency", "commune")}
        return render(request, "graph.html", groups=groups, counts={"nodes": len(data["nodes"]),
                                                                     "edges": len(data["edges"])})

    return _guard(request, build)


@router.get("/do-thi.json")
def graph_json(request: Request, chung: bool = Query(False, description="kể cả cơ quan chung chung")) -> Response:
    data = pd.graph_data(pd.catalog(_service(request)), include_generic=chung)
    headers = {"Cache-Control": "no-cache"}
    body = json.dumps({"ok": True, **data}, ensure_ascii=False).encode("utf-8")
    return Response(body, media_type="application/json", headers=headers)


# ---------------------------------------------------------------- SPARQL editor

@router.get("/truy-van")
def sparql_page(request: Request, mau: str = Query("", max_length=100), query: str = Query("", max_length=20000)) -> Response:
    examples = pd.sparql_examples(QUERIES)
    chosen = next((e for e in examples if e.name == mau), None) or (None if query or not examples else examples[0])
    text = query or (chosen.query if chosen else "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10")
    return render(request, "sparql.html", examples=examples, chosen=chosen.name if chosen else "", text=text,
                  examples_data={e.name: e.query for e in examples})


@router.get("/xem")
def resolve_iri(request: Request, iri: str = Query(..., max_length=2000, description="IRI của một nút trong đồ thị")) -> Response:
    """A graph IRI (from a SPARQL result) opens the page that shows that node."""
    def build() -> Response:
        target = pd.page_for_iri(pd.catalog(_service(request)), iri)
        if target is None:
            return error_page(request, 404, f"không có trang cho {iri}")
        return RedirectResponse(target, status_code=303)

    return _guard(request, build)
