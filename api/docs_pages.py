"""`/docs` (Swagger UI) and `/redoc` served from this server, with a Content-Security-Policy.

FastAPI's own pages load their scripts from a CDN: they fail offline (the service runs with no network)
and let a third party run code on our origin. The scripts and styles here come from the
`fastapi-offline` package (Swagger UI and ReDoc bundles) and are served under `/static-docs`; the pages
carry no inline script (Swagger UI's start-up lives in a file of its own), so the policy allows scripts
from this origin only. Styles may be inline (both UIs set them at run time) and ReDoc runs its search
in a worker made from a blob.
"""
from __future__ import annotations

from html import escape
from importlib.resources import files

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

STATIC_URL = "/static-docs"
DOCS_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
_HEADERS = {"Content-Security-Policy": DOCS_CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}

_SWAGGER_INIT = """window.ui = SwaggerUIBundle({
  url: document.getElementById("swagger-ui").dataset.spec,
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  layout: "BaseLayout"
});
"""


def _page(title: str, head: str, body: str) -> HTMLResponse:
    html = (f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title>"
            f'<link rel="icon" href="{STATIC_URL}/favicon.png">{head}</head><body>{body}</body></html>')
    return HTMLResponse(html, headers=_HEADERS)


def install_docs(app: FastAPI) -> None:
    """Mount the bundles and the two pages (create the app with docs_url=None, redoc_url=None)."""
    app.mount(STATIC_URL, StaticFiles(directory=str(files("fastapi_offline") / "static")), name="static-docs")
    spec = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return _page(f"{app.title} — API (Swagger UI)",
                     f'<link rel="stylesheet" href="{STATIC_URL}/swagger-ui.css">',
                     f'<div id="swagger-ui" data-spec="{escape(spec)}"></div>'
                     f'<script src="{STATIC_URL}/swagger-ui-bundle.js"></script>'
                     '<script src="/docs/swagger-init.js"></script>')

    @app.get("/docs/swagger-init.js", include_in_schema=False)
    async def swagger_init() -> Response:
        return Response(_SWAGGER_INIT, media_type="text/javascript; charset=utf-8", headers=_HEADERS)

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return _page(f"{app.title} — API (ReDoc)", "",
                     f'<redoc spec-url="{escape(spec)}"></redoc>'
                     f'<script src="{STATIC_URL}/redoc.standalone.js"></script>')
