"""The HTTP application. `create_app(settings)` does all the wiring; importing this module does nothing.

Every error, whatever raised it, goes through one handler: a browser asking for a page gets the HTML error
page, everyone else one JSON shape: {"ok": false, "status", "code", "error"} (plus "detail" where
useful). No stack trace ever reaches a client.
"""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.docs_pages import install_docs
from api.html import error_page, wants_html
from api.openapi import install_openapi
from api.service import Service
from api.settings import Settings
from ingest.errors import CancuError

log = logging.getLogger("cancu")

_STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                 406: "not_acceptable", 413: "payload_too_large", 415: "unsupported_format", 422: "invalid_request",
                 429: "too_many_requests", 500: "internal_error", 503: "unavailable"}
_MESSAGES = {404: "không tìm thấy", 405: "phương thức không được hỗ trợ", 500: "lỗi máy chủ"}


def error_body(status: int, message: str, code: str | None = None, detail=None) -> dict:
    body = {"ok": False, "status": status, "code": code or _STATUS_CODES.get(status, "error"), "error": message}
    if detail is not None:
        body["detail"] = detail
    return body


def error_response(request: Request, status: int, message: str, code: str | None = None, detail=None,
                   headers=None) -> Response:
    """The one way a failure leaves: an HTML page for a browser asking for a page, else the JSON shape."""
    if wants_html(request):
        return error_page(request, status, message)
    return JSONResponse(error_body(status, message, code, detail), status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(CancuError)
    async def domain_error(request: Request, exc: CancuError) -> Response:
        return error_response(request, exc.status, exc.message, exc.code, exc.detail,
                              headers=getattr(exc, "headers", None))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404 and wants_html(request):
            return error_page(request, 404, f"không có trang {request.url.path}")
        message = exc.detail if isinstance(exc.detail, str) and exc.detail not in ("Not Found", "Method Not Allowed") \
            else _MESSAGES.get(exc.status_code, "lỗi")
        return error_response(request, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        detail = [{"field": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg")} for e in exc.errors()]
        return error_response(request, 422, "tham số không hợp lệ", "invalid_request", detail)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("lỗi không lường trước khi xử lý %s", request.url.path)
        return error_response(request, 500, "lỗi máy chủ")


def create_app(settings: Settings, *, service: Service | None = None) -> FastAPI:
    """The whole service: JSON API, SPARQL endpoint and web pages over the current build."""
    from api.routes_admin import router as admin_router
    from api.routes_answers import router as answers_router
    from api.routes_documents import router as documents_router
    from api.routes_pages import router as pages_router
    from api.routes_search import router as search_router
    from api.routes_sparql import router as sparql_router

    app = FastAPI(
        title="Căn cứ",
        description="Đồ thị tri thức và tìm kiếm ngữ nghĩa trên văn bản chính sách tiếng Việt: căn cứ pháp lý, "
                    "cơ quan chịu trách nhiệm, địa bàn, chỉ tiêu và kinh phí.",
        version="0.1.0",
        docs_url=None, redoc_url=None,  # served offline with a CSP by api.docs_pages
    )
    app.state.settings = settings
    app.state.service = service or Service(settings)
    # Any site may read (the SPARQL endpoint serves query editors elsewhere); none may preflight a write
    # with the upload token: DELETE and Authorization are not allowed cross-origin.
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST"],
                       allow_headers=["Accept", "Accept-Language", "Content-Type"])
    app.add_middleware(GZipMiddleware, minimum_size=1024)  # a long plan's page shrinks about tenfold
    _install_error_handlers(app)
    for router in (documents_router, search_router, sparql_router, admin_router, answers_router,
                   pages_router):  # pages last: their HTML routes are the most general
        app.include_router(router)
    install_docs(app)
    install_openapi(app)  # every route's error answers, in the one error shape
    return app
