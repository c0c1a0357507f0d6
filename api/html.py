"""Server-rendered HTML: the templates, their shared globals, the security headers every page carries,
and the error page (the app's one exception handler renders it for browsers; see `api.app`)."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

from answers import pages as P

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

templates = Jinja2Templates(directory=str(TEMPLATES))

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
NAV = (("/", "Tìm kiếm"), ("/can-cu", "Căn cứ của nhiệm vụ"), ("/trach-nhiem", "Ai chịu trách nhiệm"),
       ("/van-ban", "Văn bản"), ("/quyet-dinh", "Văn bản được dẫn"), ("/co-quan", "Cơ quan"), ("/xa", "Xã"), ("/do-thi", "Đồ thị"),
       ("/truy-van", "Truy vấn SPARQL"))
ERROR_TITLES = {404: "Không tìm thấy trang", 400: "Yêu cầu không hợp lệ", 503: "Chưa có dữ liệu",
                500: "Lỗi máy chủ"}


@lru_cache(maxsize=64)
def _static_version(name: str) -> str:
    path = STATIC / name
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10] if path.is_file() else "0"


def static_url(name: str) -> str:
    return f"/static/{name}?v={_static_version(name)}"


templates.env.globals.update(
    static_url=static_url, nav=NAV, decision_url=P.decision_url, agency_url=P.agency_url,
    commune_url=P.commune_url, document_url=P.document_url, vn_date=P.vn_date, vn_number=P.vn_number,
    short=P.short, ROLE_LABELS=P.ROLE_LABELS, RELATION_LABELS=P.RELATION_LABELS,
    STATUS_BADGES=P.STATUS_BADGES, EVIDENCE_NAMES=P.EVIDENCE_NAMES, EVIDENCE_HELP=P.EVIDENCE_HELP,
)


def render(request: Request, template: str, *, status: int = 200, **context: Any) -> Response:
    path = request.url.path
    active = next((href for href, _ in NAV if href != "/" and (path == href or path.startswith(href + "/"))),
                  "/" if path in ("/", "/tim-kiem") else None)
    html = templates.get_template(template).render(request=request, active=active, **context)
    headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Content-Language": "vi",
               "Referrer-Policy": "same-origin", "Cache-Control": "no-cache"}
    return Response(html.encode("utf-8"), status_code=status, media_type="text/html; charset=utf-8", headers=headers)


def error_page(request: Request, status: int, message: str, *, title: str | None = None) -> Response:
    return render(request, "error.html", status=status, status_code=status,
                  title=title or ERROR_TITLES.get(status, "Lỗi"), message=message)


def wants_html(request: Request) -> bool:
    """A browser asking for a page (the API, the SPARQL endpoint and scripts get the JSON error shape)."""
    path = request.url.path
    return (request.method == "GET" and not path.startswith(("/api/", "/sparql"))
            and "text/html" in request.headers.get("accept", ""))
