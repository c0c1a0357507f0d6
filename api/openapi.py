"""The OpenAPI document says what the API really answers: every error in the one JSON shape.

FastAPI documents only 200 and its own validation body; our handlers answer 400/401/403/404/413/415/
422/429/500/503 in `{"ok": false, "status", "code", "error", "detail"}` (see `api.app.error_body`).
This fills the gap once, for every route, instead of a `responses=` on each: the codes each kind of
route can answer (from its parameters), plus the write endpoints' and the SPARQL
endpoint's own. A test runs schemathesis against the document to keep it true.
"""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

DESCRIPTIONS = {
    "400": "Yêu cầu không hợp lệ (tham số, truy vấn sai cú pháp hoặc quá phức tạp)",
    "401": "Thiếu hoặc sai mã tải lên (Authorization: Bearer ...)",
    "403": "Không được phép (máy chủ chỉ đọc, SPARQL Update, SERVICE)",
    "404": "Không tìm thấy (văn bản, đoạn, cơ quan hay địa danh được nêu)",
    "406": "Không có định dạng kết quả phù hợp với Accept",
    "413": "Nội dung quá lớn",
    "415": "Định dạng hoặc kiểu nội dung không được hỗ trợ",
    "422": "Tham số không hợp lệ, hoặc tệp không đọc/nạp được (kèm bước và lý do)",
    "429": "Máy khách có quá nhiều truy vấn đang chạy (xem Retry-After)",
    "500": "Lỗi máy chủ (không kèm chi tiết nội bộ)",
    "503": "Chưa có dữ liệu, máy chủ bận, hoặc truy vấn quá thời gian",
}
# What a route answers besides the generic codes: (method, path) -> status codes.
SPECIFIC: dict[tuple[str, str], tuple[str, ...]] = {
    ("post", "/api/documents"): ("400", "401", "403", "413", "415", "422"),
    ("delete", "/api/documents/{doc_id}"): ("401", "403", "404"),
    ("get", "/sparql"): ("400", "403", "406", "413", "415", "429"),
    ("post", "/sparql"): ("400", "403", "406", "413", "415", "429"),
}
# Successes besides the route's declared one.
SUCCESSES: dict[tuple[str, str], dict[str, str]] = {
    ("post", "/api/documents"): {"200": "Tệp đã có: không đổi, hoặc phiên bản mới thay thế phiên bản cũ"},
}
ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["ok", "status", "code", "error"],
    "properties": {
        "ok": {"type": "boolean", "enum": [False]},
        "status": {"type": "integer", "description": "mã HTTP"},
        "code": {"type": "string", "description": "mã lỗi cho máy đọc, ví dụ not_found, query_too_complex"},
        "error": {"type": "string", "description": "thông báo tiếng Việt cho người đọc"},
        "detail": {"description": "chi tiết (tiếng Anh): với 422 là danh sách {field, problem}",
                   "anyOf": [{"type": "string"}, {"type": "array", "items": {"$ref": "#/components/schemas/FieldProblem"}}]},
    },
}
FIELD_PROBLEM: dict[str, Any] = {
    "title": "FieldProblem", "type": "object",
    "properties": {"field": {"type": "string"}, "problem": {"type": "string"}},
}
_ERROR_REF = {"$ref": "#/components/schemas/Error"}


def _error_response(code: str) -> dict:
    return {"description": DESCRIPTIONS[code], "content": {"application/json": {"schema": _ERROR_REF}}}


def complete(schema: dict) -> dict:
    """Add the error answers to every operation of an OpenAPI document (in place; returned)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    components["FieldProblem"] = FIELD_PROBLEM
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "delete", "patch", "head", "options"):
                continue
            params = operation.get("parameters", [])
            codes = {"500", "503"}
            if params or "requestBody" in operation:  # a parameter may name what does not exist
                codes |= {"400", "404", "422"}
            codes |= set(SPECIFIC.get((method, path), ()))
            responses = operation.setdefault("responses", {})
            for code, description in SUCCESSES.get((method, path), {}).items():
                responses.setdefault(code, {"description": description, "content": {"application/json": {"schema": {}}}})
            for code in sorted(codes):
                responses[code] = _error_response(code)  # also replaces FastAPI's 422 body with ours
    return schema


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = complete(get_openapi(title=app.title, version=app.version,
                                                      description=app.description, routes=app.routes))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
