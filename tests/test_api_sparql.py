"""The SPARQL 1.1 Protocol endpoint (/sparql) and the `cancu sparql` / `cancu export` commands.

One small build (one plan, graph stage only) serves every test; answers are checked by parsing them
back, and the endpoint, the CLI and the store must agree on the same query.
"""
from __future__ import annotations

import csv
import io
import json
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from api import routes_sparql
from api.app import create_app
from api.cli import main
from api.service import Service
from api.settings import Settings
from graph.iris import graph_iri
from graph.results import QueryResult
from graph.store import UNION_GRAPH
from ingest.errors import QueryTimeout

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PLAN = "003_609cd0d87b161299"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
CLAUSES = ("PREFIX cancu: <https://cancu.vn/ontology#> "
           "SELECT ?clause ?text WHERE { ?clause cancu:text ?text } ORDER BY ?clause LIMIT 7")
CONSTRUCT = ("PREFIX cancu: <https://cancu.vn/ontology#> "
             "CONSTRUCT { ?clause cancu:text ?text } WHERE { ?clause cancu:text ?text } LIMIT 12")
JSON_MIME = "application/sparql-results+json"


@pytest.fixture(scope="module")
def data_dir(plan_graph_data) -> Path:
    return plan_graph_data


@pytest.fixture(scope="module")
def settings(data_dir) -> Settings:
    return Settings(data_dir=data_dir, encoder="hashing")


@pytest.fixture(scope="module")
def client(settings):
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


def _json_rows(response) -> list[dict]:
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


# ------------------------------------------------------------------------ three ways to ask

def test_get_post_form_and_post_body_give_the_same_answer(client):
    by_get = client.get("/sparql", params={"query": PER_GRAPH})
    by_form = client.post("/sparql", data={"query": PER_GRAPH})
    by_body = client.post("/sparql", content=PER_GRAPH.encode("utf-8"),
                          headers={"Content-Type": "application/sparql-query; charset=utf-8"})
    for response in (by_get, by_form, by_body):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(JSON_MIME)
    assert _json_rows(by_get) == _json_rows(by_form) == _json_rows(by_body)
    graphs = {row["g"] for row in _json_rows(by_get)}
    assert str(graph_iri(PLAN)) in graphs and int(by_get.headers["x-cancu-rows"]) == len(graphs)


def test_vietnamese_literals_survive_the_round_trip(client):
    query = ('PREFIX cancu: <https://cancu.vn/ontology#> '
             'SELECT ?t WHERE { ?c cancu:text ?t FILTER(CONTAINS(?t, "hộ nghèo")) } LIMIT 3')
    rows = _json_rows(client.post("/sparql", data={"query": query}))
    assert rows and all("hộ nghèo" in r["t"] for r in rows)


# ------------------------------------------------------------------------ content negotiation

def _parse_json(text: str) -> int:
    return len(json.loads(text)["results"]["bindings"])


def _parse_xml(text: str) -> int:
    root = ET.fromstring(text)
    return len(root.findall(".//{http://www.w3.org/2005/sparql-results#}result"))


def _parse_csv(text: str) -> int:
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["clause", "text"]
    return len(rows) - 1


def _parse_tsv(text: str) -> int:
    lines = text.rstrip("\n").split("\n")
    assert lines[0] == "?clause\t?text"
    return len(lines) - 1


@pytest.mark.parametrize("accept, media, parse", [
    (None, JSON_MIME, _parse_json),
    ("application/sparql-results+json", JSON_MIME, _parse_json),
    ("application/sparql-results+xml", "application/sparql-results+xml", _parse_xml),
    ("text/csv", "text/csv", _parse_csv),
    ("text/tab-separated-values", "text/tab-separated-values", _parse_tsv),
    ("text/html, */*;q=0.1", JSON_MIME, _parse_json),  # what a browser sends
])
def test_select_results_follow_the_accept_header(client, accept, media, parse):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params={"query": CLAUSES}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert parse(response.text) == 7


@pytest.mark.parametrize("fmt, media, parse", [
    ("json", JSON_MIME, _parse_json),
    ("xml", "application/sparql-results+xml", _parse_xml),
    ("csv", "text/csv", _parse_csv),
    ("tsv", "text/tab-separated-values", _parse_tsv),
    ("text/csv", "text/csv", _parse_csv),  # a media type as the format
])
def test_format_parameter_wins_over_accept(client, fmt, media, parse):
    response = client.get("/sparql", params={"query": CLAUSES, "format": fmt}, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert parse(response.text) == 7


@pytest.mark.parametrize("accept, fmt, media, rdflib_format", [
    (None, None, "text/turtle", "turtle"),
    ("text/turtle", None, "text/turtle", "turtle"),
    ("application/n-triples", None, "application/n-triples", "nt"),
    ("application/ld+json", None, "application/ld+json", "json-ld"),
    ("application/json", "ntriples", "application/n-triples", "nt"),
    (None, "jsonld", "application/ld+json", "json-ld"),
    (None, "xml", "application/rdf+xml", "xml"),  # SPARQLWrapper's default format word for CONSTRUCT
])
def test_construct_answers_in_rdf_syntaxes(client, accept, fmt, media, rdflib_format):
    params = {"query": CONSTRUCT, **({"format": fmt} if fmt else {})}
    response = client.get("/sparql", params=params, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert len(Graph().parse(data=response.text, format=rdflib_format)) == 12


@pytest.mark.parametrize("accept, answer", [(JSON_MIME, '"boolean": true'), ("text/csv", "true"),
                                            ("application/sparql-results+xml", "<boolean>true</boolean>")])
def test_ask(client, accept, answer):
    response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": accept})
    assert response.status_code == 200 and answer in response.text


@pytest.mark.parametrize("params, accept, status, code", [
    ({"query": CLAUSES}, "image/png", 406, "not_acceptable"),
    ({"query": CLAUSES, "format": "turtle"}, None, 415, "unsupported_format"),
    ({"query": CONSTRUCT, "format": "csv"}, None, 415, "unsupported_format"),
    ({"query": "SELECT * WHERE { ?s ?p }"}, None, 400, "bad_request"),
    ({"query": "hello"}, None, 400, "bad_request"),
    ({"query": ""}, None, 400, "bad_request"),
])
def test_bad_queries_and_formats_get_the_json_error(client, params, accept, status, code):
    response = client.get("/sparql", params=params, headers={"Accept": accept} if accept else {})
    assert response.status_code == status
    body = response.json()
    assert body["ok"] is False and body["status"] == status and body["code"] == code and body["error"]


def test_two_queries_in_one_request_are_refused(client):
    response = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert response.status_code == 400 and response.json()["code"] == "bad_request"


@pytest.mark.parametrize("content_type, body, status", [
    ("text/plain", "ASK {}", 415),
    ("application/json", '{"query": "ASK {}"}', 415),
    ("application/x-www-form-urlencoded", "format=json", 400),  # no query
])
def test_post_needs_a_query_in_a_protocol_body(client, content_type, body, status):
    response = client.post("/sparql", content=body, headers={"Content-Type": content_type})
    assert response.status_code == status and response.json()["ok"] is False


def test_an_oversized_query_is_refused_before_reading_it(client):
    response = client.post("/sparql", content=b"#" * (routes_sparql.MAX_QUERY_BYTES + 1),
                           headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"


# ------------------------------------------------------------------------------- read-only

@pytest.mark.parametrize("send", [
    lambda c: c.get("/sparql", params={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}),
    lambda c: c.get("/sparql", params={"query": "PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }"}),
    lambda c: c.get("/sparql", params={"update": "CLEAR ALL"}),
    lambda c: c.post("/sparql", data={"update": "DROP ALL"}),
    lambda c: c.post("/sparql", data={"query": "LOAD <http://example.org/x.ttl>"}),
    lambda c: c.post("/sparql", content="DROP ALL", headers={"Content-Type": "application/sparql-update"}),
], ids=["insert", "delete-where", "get-update", "form-update", "load", "update-body"])
def test_updates_are_refused_and_nothing_changes(client, send):
    before = _json_rows(client.get("/sparql", params={"query": PER_GRAPH}))
    response = send(client)
    assert response.status_code == 403
    body = response.json()
    assert body == {**body, "ok": False, "status": 403, "code": "forbidden"} and "chỉ đọc" in body["error"]
    assert _json_rows(client.get("/sparql", params={"query": PER_GRAPH})) == before


# ----------------------------------------------------------------------------------- dataset

def test_the_union_default_graph_may_be_named(client):
    response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": UNION_GRAPH})
    assert response.status_code == 200 and response.json()["boolean"] is True


@pytest.mark.parametrize("param", [{"default-graph-uri": "http://example.org/g"},
                                   {"named-graph-uri": str(graph_iri(PLAN))}])
def test_other_datasets_are_refused_with_a_hint(client, param):
    response = client.post("/sparql", data={"query": "ASK { ?s ?p ?o }", **param})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "dataset_not_supported" and "GRAPH <https://cancu.vn/graph/" in body["error"]


def test_a_document_graph_is_reached_with_graph(client):
    query = f"ASK {{ GRAPH <{graph_iri(PLAN)}> {{ ?s ?p ?o }} }}"
    assert client.get("/sparql", params={"query": query}).json()["boolean"] is True


# ------------------------------------------------------------------------ service description

def test_without_a_query_the_endpoint_describes_itself(client):
    response = client.get("/sparql")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=response.text, format="turtle")
    service = next(g.subjects(RDF.type, SD.Service))
    assert str(service).endswith("/sparql")
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.feature, SD.UnionDefaultGraph) in g
    formats = set(g.objects(service, SD.resultFormat))
    assert {FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_XML, FORMATS.SPARQL_Results_CSV,
            FORMATS.SPARQL_Results_TSV, FORMATS.Turtle} <= formats
    assert URIRef(graph_iri(PLAN)) in set(g.objects(None, SD.name))


def test_service_description_in_json_ld(client):
    response = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert response.status_code == 200
    assert len(Graph().parse(data=response.text, format="json-ld")) > 10


# ------------------------------------------------------------------------------------- CORS

def test_preflight_for_a_post_with_a_content_type(client):
    response = client.options("/sparql", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, accept"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] in ("*", "https://yasgui.example")
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "content-type" in response.headers["access-control-allow-headers"].lower()


def test_cross_origin_answers_expose_the_truncation_header(client):
    response = client.post("/sparql", data={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"})
    assert response.headers["access-control-allow-origin"] in ("*", "https://yasgui.example")
    assert "X-Cancu-Truncated" in response.headers["access-control-expose-headers"]


def test_no_origin_may_preflight_a_delete_or_send_the_upload_token(client):
    response = client.options("/api/documents/x", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "DELETE",
        "Access-Control-Request-Headers": "authorization"})
    assert response.status_code == 400
    assert "DELETE" not in response.headers.get("access-control-allow-methods", "")


# ----------------------------------------------------------------------------- limits

@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
    "SELECT * WHERE { FILTER(" + "+".join(["1"] * 6000) + ") }",
    "SELECT * WHERE {" + "UNION".join(["{}"] * 20000) + "}",
], ids=["3000-nested-groups", "6000-long-sum", "20000-unions"])
def test_a_query_that_would_overflow_the_engine_is_a_400_and_the_server_keeps_serving(client, query):
    response = client.post("/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "query_too_complex" and "quá phức tạp" in body["error"]
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_service_is_refused_and_no_request_leaves_the_server(client):
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    response = client.get("/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> "
                                                      "{ ?s ?p ?o } }"})
    assert response.status_code == 403 and response.json()["code"] == "service_refused"
    with pytest.raises(socket.timeout):
        listener.accept()
    listener.close()


def test_one_client_runs_at_most_its_share_of_queries():
    from ingest.errors import CancuError

    slots = routes_sparql.ClientSlots(2)
    with slots.hold("10.0.0.1"), slots.hold("10.0.0.1"):
        with pytest.raises(CancuError) as caught, slots.hold("10.0.0.1"):
            pass
        assert caught.value.status == 429 and caught.value.headers["Retry-After"]
        with slots.hold("10.0.0.2"):  # another client is not affected
            pass
    with slots.hold("10.0.0.1"):  # slots are given back
        pass


def test_a_runaway_query_gets_503_at_the_limit_and_its_worker_is_stopped(settings):
    from graph.querypool import shared_pool

    quick = settings.with_values(sparql_timeout=1.0)
    pool = shared_pool(quick.sparql_workers, quick.sparql_worker_memory_mb)
    killed = pool.killed
    with TestClient(create_app(quick)) as c:
        started = time.perf_counter()
        response = c.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
        assert response.status_code == 503 and response.json()["code"] == "query_timeout"
        assert time.perf_counter() - started < 4
        assert pool.killed == killed + 1
        assert c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200

def test_results_over_the_cap_are_cut_and_say_so(settings):
    capped = settings.with_values(sparql_max_results=5)
    with TestClient(create_app(capped)) as c:
        cut = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        whole = c.get("/sparql", params={"query": CLAUSES.replace("LIMIT 7", "LIMIT 3")})
    assert cut.status_code == 200 and cut.headers["x-cancu-truncated"] == "true"
    assert len(cut.json()["results"]["bindings"]) == 5
    assert "x-cancu-truncated" not in whole.headers


class _SlowStore:
    """Stands for a runaway query: holds its worker thread, then gives up as the real stores do."""

    def query(self, sparql, *, timeout=None, max_rows=None, lane="internal") -> QueryResult:
        time.sleep(1.5)
        raise QueryTimeout("Truy vấn quá thời gian cho phép (1.5 giây)", detail="query exceeded 1.5s")


def test_a_slow_query_times_out_without_blocking_other_requests(client, monkeypatch):
    monkeypatch.setattr(routes_sparql, "open_graph", lambda service: _SlowStore())
    slow: dict = {}

    def send_slow() -> None:
        slow["response"] = client.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"})

    worker = threading.Thread(target=send_slow)
    worker.start()
    time.sleep(0.2)
    started = time.perf_counter()
    assert client.get("/api/health").status_code == 200
    assert client.get("/api/documents").status_code == 200
    assert time.perf_counter() - started < 1.0  # answered while the slow query still holds its thread
    worker.join(10)
    response = slow["response"]
    assert response.status_code == 503
    assert response.json()["code"] == "query_timeout" and "quá thời gian" in response.json()["error"]


# --------------------------------------------------------------------------------------- CLI

def _cli(data_dir: Path, *argv: str) -> list[str]:
    return ["-s", "data_dir", str(data_dir), "-s", "encoder", "hashing", *argv]


def test_cli_sparql_answers_like_the_endpoint(client, data_dir, capsys):
    assert main(_cli(data_dir, "sparql", PER_GRAPH, "--format", "json")) == 0
    from_cli = json.loads(capsys.readouterr().out)
    from_http = client.get("/sparql", params={"query": PER_GRAPH}).json()
    assert from_cli == from_http


def test_cli_sparql_reads_a_query_file_and_prints_a_table(data_dir, tmp_path, capsys):
    rq = tmp_path / "clauses.rq"
    rq.write_text(CLAUSES, encoding="utf-8")
    assert main(_cli(data_dir, "sparql", f"@{rq}")) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["clause", "text"] and out[-1] == "(7 dòng)"


def test_cli_construct_defaults_to_turtle(data_dir, capsys):
    assert main(_cli(data_dir, "sparql", CONSTRUCT)) == 0
    assert len(Graph().parse(data=capsys.readouterr().out, format="turtle")) == 12


@pytest.mark.parametrize("argv, message", [
    (["sparql", "DELETE WHERE { ?s ?p ?o }"], "chỉ đọc"),
    (["sparql", "ASK { ?s ?p ?o }", "--format", "turtle"], "không dùng được"),
    (["sparql", "@khong-co.rq"], "không tìm thấy"),
])
def test_cli_sparql_errors_are_one_line(data_dir, capsys, argv, message):
    assert main(_cli(data_dir, *argv)) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("lỗi:") and message in err and "\n" not in err


@pytest.mark.parametrize("fmt, rdflib_format",
                         [("ttl", "turtle"), ("nt", "nt"), ("nq", "nquads"), ("jsonld", "json-ld")])
def test_cli_export_parses_back(data_dir, tmp_path, capsys, fmt, rdflib_format):
    from rdflib import Dataset

    out = tmp_path / f"graph.{fmt}"
    assert main(_cli(data_dir, "export", "--format", fmt, "-o", str(out))) == 0
    parsed = Dataset() if fmt in ("nq", "jsonld") else Graph()
    parsed.parse(out, format=rdflib_format)
    assert len(parsed) > 1000 if fmt in ("ttl", "nt") else sum(len(g) for g in parsed.graphs()) > 1000
    if fmt in ("nq", "jsonld"):
        assert URIRef(graph_iri(PLAN)) in {g.identifier for g in parsed.graphs()}


def test_cli_export_to_stdout(data_dir, capsysbinary):
    assert main(_cli(data_dir, "export", "--format", "nt")) == 0
    assert len(Graph().parse(data=capsysbinary.readouterr().out.decode("utf-8"), format="nt")) > 1000


def test_cli_without_data_says_how_to_ingest(tmp_path, capsys):
    assert main(["-s", "data_dir", str(tmp_path / "empty"), "sparql", "ASK {}"]) == 1
    assert "cancu ingest" in capsys.readouterr().err


def test_the_endpoint_is_in_the_openapi_schema(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/sparql"])
    assert "application/sparql-query" in paths["/sparql"]["post"]["requestBody"]["content"]


def test_service_keeps_serving_the_same_store_object(settings):
    """The endpoint opens the build's store once, not per request."""
    service = Service(settings)
    from api.service import open_graph

    assert open_graph(service) is open_graph(service)
