"""Upload and delete over HTTP: who may write, what is refused early, what an upload tells back, and
that readers always see a whole corpus (the old one or the new one) while a document is being ingested."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.iris import graph_iri
from ingest.structure import document_id

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FIRST = "003_609cd0d87b161299"
SECOND = "004_7d4be035516df80b"
TOKEN = "thu-nghiem-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def make_app(settings: Settings):
    return create_app(settings)


@pytest.fixture()
def settings(plan_data, copy_data) -> Settings:
    """A private copy of the shared one-plan build (245/KH-UBND, every stage): these tests write."""
    return Settings(data_dir=copy_data(plan_data), encoder="hashing", upload_token=TOKEN, max_upload_mb=1)


@pytest.fixture()
def client(settings):
    with TestClient(make_app(settings), raise_server_exceptions=False) as c:
        yield c


def _upload(client, name: str, data: bytes, headers=AUTH):
    return client.post("/api/documents", files={"file": (name, data, "application/octet-stream")}, headers=headers)


def _plan(doc_id: str) -> bytes:
    return (CORPUS / f"{doc_id}.txt").read_bytes()


def _graph_counts(client) -> dict[str, str]:
    response = client.get("/sparql", params={"query": PER_GRAPH})
    assert response.status_code == 200, response.text
    return {b["g"]["value"]: b["n"]["value"] for b in response.json()["results"]["bindings"]}


def _has_graph(client, doc_id: str) -> bool:
    query = f"ASK {{ GRAPH <{graph_iri(doc_id)}> {{ ?s ?p ?o }} }}"
    return client.get("/sparql", params={"query": query}).json()["boolean"]


# --------------------------------------------------------------------------------- who may write

def test_without_a_configured_token_writing_is_switched_off(settings):
    with TestClient(make_app(settings.with_values(upload_token=None))) as c:
        for response in (_upload(c, f"{SECOND}.txt", _plan(SECOND)), c.delete(f"/api/documents/{FIRST}", headers=AUTH)):
            assert response.status_code == 403
            body = response.json()
            assert body["ok"] is False and body["code"] == "forbidden"
            assert "chỉ đọc" in body["error"] and "CANCU_UPLOAD_TOKEN" in body["error"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer sai-ma"}, {"Authorization": TOKEN},
                                     {"Authorization": f"Basic {TOKEN}"}, {"Authorization": "Bearer "}],
                         ids=["missing", "wrong", "no-scheme", "basic", "empty"])
def test_a_missing_or_wrong_token_is_401(client, headers):
    for response in (_upload(client, f"{SECOND}.txt", _plan(SECOND), headers=headers),
                     client.delete(f"/api/documents/{FIRST}", headers=headers)):
        assert response.status_code == 401
        assert response.json()["code"] == "unauthorized" and "Bearer" in response.json()["error"]
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert _has_graph(client, FIRST) and not _has_graph(client, SECOND)


# ---------------------------------------------------------------------------- refused early

def test_a_declared_size_over_the_limit_is_413_before_reading(client):
    build = client.get("/api/health").json()["build"]
    response = _upload(client, "lon.txt", b"x" * (2 * 1024 * 1024))
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"
    assert "1 MB" in response.json()["error"]
    assert client.get("/api/health").json()["build"] == build


def test_a_streamed_body_is_cut_off_at_the_limit(client):
    boundary = "cancu-bien"

    def body():  # chunked: no Content-Length to check, so the stream itself is counted
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lon.txt\"\r\n"
               "Content-Type: text/plain\r\n\r\n").encode()
        for _ in range(40):
            yield b"y" * 64 * 1024
        yield f"\r\n--{boundary}--\r\n".encode()

    response = client.post("/api/documents", content=body(),
                           headers={**AUTH, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"


@pytest.mark.parametrize("name", ["ghi-chu.xyz", "bang.xlsx", "khong-duoi"])
def test_an_unsupported_suffix_is_415(client, name):
    response = _upload(client, name, b"Ke hoach")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_format" and ".docx" in response.json()["error"]


@pytest.mark.parametrize("name, data, reason", [
    ("rong.txt", b"", "rỗng"),
    ("hong.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nendobj", "PDF"),
    ("hong.docx", b"PK\x03\x04 not really a zip", ""),
])
def test_an_unreadable_file_is_422_with_the_readers_reason(client, name, data, reason):
    response = _upload(client, name, data)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "unreadable_document" and body["error"].startswith(f"{name}: ")
    assert reason in body["error"] and "\n" not in body["error"] and "cancu-upload-" not in body["error"]


@pytest.mark.parametrize("content_type, body", [("application/pdf", b"%PDF-1.7"), ("text/plain", b"Ke hoach")])
def test_a_body_that_is_not_multipart_is_415(client, content_type, body):
    response = client.post("/api/documents", content=body, headers={**AUTH, "Content-Type": content_type})
    assert response.status_code == 415 and "multipart/form-data" in response.json()["error"]


def test_a_form_without_a_file_is_400(client):
    response = client.post("/api/documents", data={"note": "không có tệp"}, files={"x": ("", b"", "text/plain")},
                           headers=AUTH)
    assert response.status_code == 400 and response.json()["ok"] is False


# ----------------------------------------------------------------------------- upload, delete

def test_an_uploaded_plan_is_summarised_and_served_at_once(client):
    response = _upload(client, f"{SECOND}.txt", _plan(SECOND))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["ok"] is True and body["status"] == "new"
    document = body["document"]
    assert document["id"] == SECOND and document["source"] == f"{SECOND}.txt"
    counts = document["counts"]
    assert set(counts) == {"sections", "clauses", "references", "assignments", "places", "targets", "budgets"}
    assert counts["clauses"] > 50 and counts["references"] > 0 and counts["assignments"] > 0
    assert isinstance(document["warnings"], list)
    assert response.headers["location"] == f"/api/documents/{SECOND}"
    # served at once: listed, readable, searchable, queryable
    assert client.get("/api/health").json()["build"] == body["build"]
    assert SECOND in {d["id"] for d in client.get("/api/documents").json()["documents"]}
    assert client.get(f"/api/documents/{SECOND}").status_code == 200
    hits = client.get("/api/search", params={"q": "giảm nghèo", "doc_id": SECOND}).json()["results"]
    assert hits and all(h["doc_id"] == SECOND for h in hits)
    assert _has_graph(client, SECOND) and _has_graph(client, FIRST)


def test_uploading_the_same_file_again_changes_nothing(client):
    first = _upload(client, f"{FIRST}.txt", _plan(FIRST))
    assert first.status_code == 200 and first.json()["status"] == "unchanged"


def test_the_file_name_gives_the_id_without_its_folders(client):
    response = _upload(client, "C:\\Tài liệu\\Kế hoạch giảm nghèo 2024.txt", _plan(SECOND))
    assert response.status_code == 201, response.text
    assert response.json()["document"]["id"] == document_id("Kế hoạch giảm nghèo 2024.txt")
    assert response.json()["document"]["source"] == "Kế hoạch giảm nghèo 2024.txt"


def test_a_name_that_folds_to_a_taken_id_gets_a_new_id_and_replaces_nothing(client):
    clauses = client.get(f"/api/documents/{FIRST}").json()
    response = _upload(client, f"{FIRST.upper()}.md", "# Kế hoạch\n\nMột dòng.\n".encode())
    assert response.status_code == 201 and response.json()["status"] == "new", response.text
    new_id = response.json()["document"]["id"]
    assert new_id != FIRST and new_id.startswith(FIRST) and FIRST in response.json()["note"]
    assert client.get(f"/api/documents/{FIRST}").json() == clauses  # the plan is untouched


def test_a_file_name_with_a_direction_override_is_shown_without_it(client):
    response = _upload(client, "ke-hoach\u202etxt.exe.txt", _plan(SECOND))
    assert response.status_code == 201, response.text
    assert response.json()["document"]["source"] == "ke-hoachtxt.exe.txt"


@pytest.mark.parametrize("length, status", [(200, 201), (300, 400)])
def test_a_long_file_name_is_accepted_or_refused_never_a_500(client, length, status):
    name = ("k" * (length - 4)) + ".txt"  # 300 bytes is more than a file system allows in one name
    response = _upload(client, name, _plan(SECOND))
    assert response.status_code == status, response.text


def test_a_multipart_body_cut_before_its_closing_boundary_is_refused(client):
    build = client.get("/api/health").json()["build"]
    boundary = "cancu-bien"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{SECOND}.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode() + _plan(SECOND)[:2000]
    response = client.post("/api/documents", content=body,
                           headers={**AUTH, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 400 and "cắt cụt" in response.json()["error"]
    assert client.get("/api/health").json()["build"] == build


def test_temporary_upload_files_of_a_dead_server_are_removed(client, settings):
    stale = settings.data_dir / ".uploads" / "999999999-abc"
    stale.mkdir(parents=True)
    (stale / "upload.txt").write_bytes(b"left behind by a killed server")
    assert _upload(client, f"{SECOND}.txt", _plan(SECOND)).status_code == 201
    assert not stale.exists() and list((settings.data_dir / ".uploads").iterdir()) == []


def test_a_document_that_fails_to_build_is_422_with_its_stage(client, monkeypatch):
    import graph.build

    def explode(ex, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(graph.build, "build_document_graph", explode)
    response = _upload(client, f"{SECOND}.txt", _plan(SECOND))
    assert response.status_code == 422
    body = response.json()
    assert body["error"].startswith(f"{SECOND}.txt: lỗi ở bước dựng đồ thị: RecursionError")
    assert SECOND not in {d["id"] for d in client.get("/api/documents").json()["documents"]}
    assert FIRST in {d["id"] for d in client.get("/api/documents").json()["documents"]}


def test_delete_removes_the_document_its_facts_and_passages(client):
    assert _upload(client, f"{SECOND}.txt", _plan(SECOND)).status_code == 201
    response = client.delete(f"/api/documents/{SECOND}", headers=AUTH)
    assert response.status_code == 200 and response.json() == {**response.json(), "ok": True, "removed": SECOND}
    assert client.get(f"/api/documents/{SECOND}").status_code == 404
    assert not _has_graph(client, SECOND) and _has_graph(client, FIRST)
    assert client.get("/api/search", params={"q": "giảm nghèo", "doc_id": SECOND}).json()["results"] == []
    missing = client.delete(f"/api/documents/{SECOND}", headers=AUTH)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


# -------------------------------------------------------------------------------- atomic swap

def test_readers_see_the_old_or_the_new_corpus_never_a_mix(client):
    before = _graph_counts(client)
    documents_before = {d["id"] for d in client.get("/api/documents").json()["documents"]}
    done = threading.Event()
    upload: dict = {}

    def send() -> None:
        try:
            upload["response"] = _upload(client, f"{SECOND}.txt", _plan(SECOND))
        finally:
            done.set()

    writer = threading.Thread(target=send)
    writer.start()
    seen_graphs, seen_documents = [], []
    while not done.is_set():
        seen_graphs.append(_graph_counts(client))
        seen_documents.append(frozenset(d["id"] for d in client.get("/api/documents").json()["documents"]))
    writer.join()
    assert upload["response"].status_code == 201
    after = _graph_counts(client)
    documents_after = {d["id"] for d in client.get("/api/documents").json()["documents"]}
    assert str(graph_iri(SECOND)) in after and documents_after == documents_before | {SECOND}
    assert len(seen_graphs) >= 2 and before in seen_graphs  # the readers really ran while the writer worked
    assert all(seen in (before, after) for seen in seen_graphs)
    assert all(seen in (documents_before, documents_after) for seen in seen_documents)
