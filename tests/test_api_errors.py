"""One JSON error shape for every failure, whatever raised it: {"ok": false, "status", "code", "error"}
(plus "detail" where useful), and never a stack trace or a server path in a response body."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import routes_documents, routes_sparql
from api.app import create_app
from api.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PLAN = "003_609cd0d87b161299"
TOKEN = "ma-thu-nghiem"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LEAKS = re.compile(r"Traceback|File \"|\.py\b|/work/|/tmp/|/home/|site-packages|line \d+, in ")


@pytest.fixture(scope="module")
def data_dir(plan_graph_data) -> Path:
    return plan_graph_data


def make_app(settings: Settings):
    return create_app(settings)


@pytest.fixture(scope="module")
def client(data_dir):
    settings = Settings(data_dir=data_dir, encoder="hashing", upload_token=TOKEN, max_upload_mb=1)
    with TestClient(make_app(settings), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def empty_client(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("empty") / "data", encoder="hashing")
    with TestClient(make_app(settings), raise_server_exceptions=False) as c:
        yield c


def assert_error_shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) - {"detail"} == {"ok", "status", "code", "error"}
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["code"], str) and body["code"]
    assert isinstance(body["error"], str) and body["error"].strip()
    if code is not None:
        assert body["code"] == code
    assert not LEAKS.search(response.text), response.text
    return body


def _upload(client, name: str, data: bytes, headers=AUTH):
    return client.post("/api/documents", files={"file": (name, data, "text/plain")}, headers=headers)


CASES = [
    # 404: unknown route, unknown document / clause
    ("unknown-api-route", lambda c: c.get("/api/khong-co"), 404, "not_found"),
    ("unknown-document", lambda c: c.get("/api/documents/khong-co"), 404, "not_found"),
    ("unknown-clause", lambda c: c.get(f"/api/clauses/{PLAN}:Z.9.p9"), 404, "not_found"),
    ("delete-unknown-document", lambda c: c.delete("/api/documents/khong-co", headers=AUTH), 404, "not_found"),
    # 405
    ("put-sparql", lambda c: c.put("/sparql", content="ASK {}"), 405, "method_not_allowed"),
    ("delete-health", lambda c: c.delete("/api/health"), 405, "method_not_allowed"),
    ("patch-document", lambda c: c.patch(f"/api/documents/{PLAN}"), 405, "method_not_allowed"),
    # 422: bad parameters
    ("limit-zero", lambda c: c.get("/api/documents", params={"limit": 0}), 422, "invalid_request"),
    ("year-not-a-number", lambda c: c.get("/api/documents", params={"year": "năm ngoái"}), 422, "invalid_request"),
    ("search-without-q", lambda c: c.get("/api/search"), 422, "invalid_request"),
    ("search-top-too-big", lambda c: c.get("/api/search", params={"q": "nghèo", "top": 10_000}),
     422, "invalid_request"),
    # 400
    ("sparql-syntax", lambda c: c.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p"}), 400, "bad_request"),
    ("sparql-not-a-query", lambda c: c.get("/sparql", params={"query": "xin chào"}), 400, "bad_request"),
    ("sparql-post-without-query", lambda c: c.post("/sparql", data={"format": "json"}), 400, "bad_request"),
    ("sparql-foreign-dataset", lambda c: c.get("/sparql", params={"query": "ASK {}", "named-graph-uri": "urn:g"}),
     400, "dataset_not_supported"),
    # 401 / 403 / 406 / 413 / 415
    ("upload-without-token", lambda c: _upload(c, "a.txt", b"Ke hoach", headers={}), 401, "unauthorized"),
    ("upload-wrong-token", lambda c: _upload(c, "a.txt", b"Ke hoach", headers={"Authorization": "Bearer x"}),
     401, "unauthorized"),
    ("sparql-update", lambda c: c.post("/sparql", data={"update": "DROP ALL"}), 403, "forbidden"),
    ("sparql-not-acceptable", lambda c: c.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"}),
     406, "not_acceptable"),
    ("upload-too-large", lambda c: _upload(c, "lon.txt", b"x" * (2 * 1024 * 1024)), 413, "payload_too_large"),
    ("upload-bad-suffix", lambda c: _upload(c, "bang.xlsx", b"x"), 415, "unsupported_format"),
    ("sparql-bad-content-type", lambda c: c.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"}),
     415, "unsupported_format"),
    # 422 from a reader
    ("upload-unreadable", lambda c: _upload(c, "rong.txt", b""), 422, "unreadable_document"),
]


@pytest.mark.parametrize("send, status, code", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_failure_has_the_one_json_shape(client, send, status, code):
    assert_error_shape(send(client), status, code)


def test_writing_switched_off_is_403_in_the_same_shape(data_dir):
    settings = Settings(data_dir=data_dir, encoder="hashing", upload_token=None)
    with TestClient(make_app(settings), raise_server_exceptions=False) as c:
        body = assert_error_shape(_upload(c, "a.txt", b"Ke hoach"), 403, "forbidden")
    assert "CANCU_UPLOAD_TOKEN" in body["error"]


@pytest.mark.parametrize("path", ["/api/health", "/api/documents", "/api/stats", f"/api/documents/{PLAN}",
                                  "/sparql?query=ASK%20%7B%7D"])
def test_no_data_yet_is_503_with_the_way_out(empty_client, path):
    body = assert_error_shape(empty_client.get(path), 503, "no_data")
    assert "cancu ingest" in body["error"]


def _explode(*args, **kwargs):
    raise RuntimeError(f'Traceback: File "{__file__}", line 1, in _explode: boom in {ROOT}/api/secret.py')


@pytest.mark.parametrize("target, send", [
    ((routes_documents, "document_summary"), lambda c: c.get("/api/documents")),
    ((routes_sparql, "serialize_result"), lambda c: c.get("/sparql", params={"query": "ASK {}"})),
    ((routes_sparql, "service_description"), lambda c: c.get("/sparql")),
], ids=["documents", "sparql-in-a-worker-thread", "service-description"])
def test_an_unexpected_failure_is_500_without_the_stack_trace(client, monkeypatch, target, send):
    monkeypatch.setattr(*target, _explode)
    body = assert_error_shape(send(client), 500, "internal_error")
    assert body["error"] == "lỗi máy chủ" and "boom" not in str(body)


def test_a_timeout_is_503_in_the_same_shape(client, monkeypatch):
    from ingest.errors import QueryTimeout

    class Stuck:
        def query(self, sparql, **kwargs):
            raise QueryTimeout("Truy vấn quá thời gian cho phép (1 giây)", detail="query exceeded 1s")

    monkeypatch.setattr(routes_sparql, "open_graph", lambda service: Stuck())
    assert_error_shape(client.get("/sparql", params={"query": "ASK {}"}), 503, "query_timeout")


def test_the_leak_pattern_itself_catches_what_it_must():
    assert LEAKS.search('Traceback (most recent call last):\n  File "/work/main/api/app.py", line 3, in f')
    assert not LEAKS.search('{"ok":false,"status":404,"code":"not_found","error":"không có văn bản \'x\'"}')


# ------------------------------------------------------------------ API documentation, offline

def test_api_docs_load_nothing_from_another_host_and_carry_a_csp(client):
    import re

    for path in ("/docs", "/redoc"):
        response = client.get(path)
        assert response.status_code == 200
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert not re.search(r"(src|href)=\"(https?:)?//", response.text)  # no CDN
        assert "<script>" not in response.text  # no inline script: the policy needs none
        for url in re.findall(r"(?:src|href)=\"(/[^\"]+)\"", response.text):
            assert client.get(url).status_code == 200, url


def test_the_openapi_document_lists_the_error_answers_in_their_real_shape(client):
    schema = client.get("/openapi.json").json()
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"ok", "status", "code", "error"}
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    paths = schema["paths"]
    upload = paths["/api/documents"]["post"]["responses"]
    assert {"200", "201", "400", "401", "403", "413", "415", "422"} <= set(upload)
    assert upload["422"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert {"401", "403", "404"} <= set(paths["/api/documents/{doc_id}"]["delete"]["responses"])
    assert {"400", "403", "406", "413", "415", "429", "503"} <= set(paths["/sparql"]["get"]["responses"])
    # a real 422 has the documented shape
    body = client.get("/api/search", params={"q": "x", "top": "nhiều"}).json()
    assert set(error["required"]) <= set(body) and body["detail"][0]["field"]
