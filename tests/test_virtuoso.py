"""A real external SPARQL engine as the graph store: Virtuoso Open-Source, started and stopped here.

The sample corpus is ingested into it (`graph_store=remote`); the answers, the pages, the JSON API and
/sparql must then say exactly what they say over the embedded store. And the publish promise holds for
a shared server too: an ingest that fails leaves what is served untouched (graph/remote_builds.py), a
removed document leaves the union exactly as if it had never been there, and the graphs of failed or
dropped builds are cleaned up.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from api.settings import Settings
from tests.virtuoso import Virtuoso, missing

pytestmark = [pytest.mark.slow, pytest.mark.skipif(missing() is not None, reason=missing() or "")]

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PLAN, MUONG_LAY = "003_609cd0d87b161299", "004_7d4be035516df80b"
HTML = {"Accept": "text/html"}
QUESTIONS = [
    "Hỗ trợ tiền điện cho hộ nghèo ở Mường Lay thực hiện theo quyết định nào?",
    "Kế hoạch 245/KH-UBND của Phong Thổ năm 2022 dựa trên văn bản nào?",
    "phong tu phap phong tho phu trach xa nao, ai dong phu trach",
    "Ai chủ trì tiểu dự án hỗ trợ việc làm bền vững ở Phong Thổ năm 2022?",
    "xã Dào San do cơ quan nào phụ trách?",
]
PAGES = ["/van-ban", f"/van-ban/{PLAN}", f"/van-ban/{MUONG_LAY}", "/quyet-dinh", "/quyet-dinh/ttg/qd/2022/90",
         "/co-quan", "/co-quan/huyen-phong-tho/phong-lao-dong-thuong-binh-va-xa-hoi", "/xa", "/xa/code/03550",
         "/do-thi", "/can-cu?q=" + quote(QUESTIONS[0]), "/trach-nhiem?q=" + quote(QUESTIONS[2]),
         "/tim-kiem?q=" + quote("hỗ trợ người lao động đi làm việc ở nước ngoài")]
API = [f"/api/documents/{PLAN}", "/api/documents", f"/api/clauses/{PLAN}:II.4.2.c.p1", "/api/agencies?q=phong tu phap",
       "/api/agencies/huyen-phong-tho/phong-lao-dong-thuong-binh-va-xa-hoi", "/api/places/code/03571",
       "/api/decisions/90/QĐ-TTg", "/api/targets?indicator=tỷ lệ hộ nghèo", "/api/budgets/summary",
       *(f"/api/basis?q={quote(q)}" for q in QUESTIONS), *(f"/api/responsible?q={quote(q)}" for q in QUESTIONS)]
SPARQL = [
    "PREFIX cancu: <https://cancu.vn/ontology#> SELECT ?id ?text WHERE { ?c cancu:clauseId ?id ; cancu:text ?text }",
    "PREFIX cancu: <https://cancu.vn/ontology#> PREFIX org: <http://www.w3.org/ns/org#> "
    "SELECT ?a (COUNT(?f) AS ?n) WHERE { ?f a cancu:Assignment ; cancu:agency ?a } GROUP BY ?a",
    "PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT ?plan ?cited WHERE { ?plan eli:based_on ?cited }",
    "ASK { ?s ?p ?o }",
]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    with Virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


def remote(virtuoso: Virtuoso, data: Path, **more) -> Settings:
    return Settings(data_dir=data, encoder="hashing", graph_store="remote", sparql_query_url=virtuoso.sparql_url,
                    sparql_update_url=virtuoso.sparql_url, **more)


@pytest.fixture(scope="module")
def remote_data(virtuoso, tmp_path_factory) -> Path:
    from api.workspace import Workspace

    folder = tmp_path_factory.mktemp("remote") / "data"
    Workspace(remote(virtuoso, folder)).ingest([CORPUS])
    return folder


def _client(settings: Settings):
    from fastapi.testclient import TestClient

    from api.app import create_app

    return TestClient(create_app(settings), raise_server_exceptions=False)


def _strip(body: dict) -> dict:
    body.pop("build", None)
    body.pop("stages", None)
    return body


def test_answers_pages_and_json_are_the_same_on_virtuoso(virtuoso, remote_data, corpus_client):
    with _client(remote(virtuoso, remote_data)) as client:
        for url in PAGES:
            here, there = client.get(url, headers=HTML), corpus_client.get(url, headers=HTML)
            assert here.status_code == there.status_code == 200, url
            assert here.text == there.text, url
        for url in API:
            here, there = client.get(url), corpus_client.get(url)
            assert here.status_code == there.status_code == 200, url
            assert _strip(here.json()) == _strip(there.json()), url


def _rows(response) -> set:
    body = response.json()
    if "boolean" in body:
        return {body["boolean"]}
    return {tuple(sorted((k, v["value"]) for k, v in b.items())) for b in body["results"]["bindings"]}


def test_sparql_gives_the_same_results_on_virtuoso(virtuoso, remote_data, corpus_client):
    with _client(remote(virtuoso, remote_data, sparql_max_results=1_000_000)) as client:
        for query in SPARQL:
            here = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
            there = corpus_client.get("/sparql", params={"query": query},
                                      headers={"Accept": "application/sparql-results+json"})
            assert here.status_code == there.status_code == 200, (query, here.text[:300])
            assert _rows(here) == _rows(there), query


def test_cli_answers_the_same_on_virtuoso(virtuoso, remote_data, corpus_data, tmp_path, capsys):
    from api.cli import main

    queries = tmp_path / "q.txt"
    queries.write_text("\n".join(QUESTIONS) + "\n", encoding="utf-8")
    out = {}
    for name, data, extra in (("remote", remote_data, ["-s", "graph_store", "remote", "-s", "sparql_query_url",
                                                       virtuoso.sparql_url, "-s", "sparql_update_url", virtuoso.sparql_url]),
                              ("embedded", corpus_data, [])):
        capsys.readouterr()
        for kind in ("basis", "responsible"):
            assert main(["-s", "data_dir", str(data), "-s", "encoder", "hashing", *extra, kind, "--json",
                         "--queries", str(queries)]) == 0
        out[name] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out["remote"] == out["embedded"]


# ---------------------------------------------------------------- the publish promise on a shared server

def _union(settings: Settings) -> set:
    from api.service import Service, open_graph

    service = Service(settings)
    try:
        result = open_graph(service).query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", max_rows=0)
    finally:
        service.close()
    # Blank nodes (the ontology's owl:unionOf lists) get new labels in every build: compare them by
    # their place in the graph, as RDF does.
    graph = Graph()
    for row in result.rows:
        graph.add(tuple(row))
    return {tuple(str(t) for t in triple) for triple in to_canonical_graph(graph)}


def test_a_failed_ingest_leaves_the_served_graph_untouched(virtuoso, tmp_path, monkeypatch):
    from api.stages import IndexStage
    from api.workspace import Workspace
    from graph.remote_builds import VERSIONS, RemoteBuilds

    settings = remote(virtuoso, tmp_path / "data")
    workspace = Workspace(settings)
    workspace.ingest([CORPUS / f"{PLAN}.txt"])
    served = workspace.current().id
    before = _union(settings)
    builds = RemoteBuilds(virtuoso.sparql_url, virtuoso.sparql_url)
    graphs_before = builds.graphs()

    def broken(*args, **kwargs):  # the graph stage has written its graphs; the build then fails
        raise RuntimeError("chỉ mục hỏng giữa chừng")

    monkeypatch.setattr(IndexStage, "update", broken)
    with pytest.raises(RuntimeError):
        workspace.ingest([CORPUS / f"{MUONG_LAY}.txt"])
    monkeypatch.undo()
    assert workspace.current().id == served
    assert _union(settings) == before  # readers see exactly what they saw
    assert builds.graphs() > graphs_before  # the failed build's graphs are there, unread
    assert workspace.current().id == served

    workspace.ingest([CORPUS / f"{MUONG_LAY}.txt"])  # the next ingest publishes and cleans up
    after = _union(settings)
    assert before < after
    data = tmp_path / "data"
    kept = {s["union"] for s in (json.loads(p.read_text()) for p in (data / "builds").glob("*/graph/remote.json"))}
    written = json.loads((data / "remote-versions.json").read_text())
    mine = {g for g in builds.graphs() if any(g.startswith(f"{VERSIONS}{v}/") for v in written)}
    assert {g for g in mine if g.endswith("/_union")} == kept  # the failed build's graphs are gone
    builds.close()


def test_removing_a_document_leaves_the_union_as_if_it_had_never_been_there(virtuoso, tmp_path):
    from api.workspace import Workspace

    both = remote(virtuoso, tmp_path / "both")
    only = remote(virtuoso, tmp_path / "only")
    Workspace(both).ingest([CORPUS / f"{PLAN}.txt", CORPUS / f"{MUONG_LAY}.txt"])
    Workspace(both).remove([MUONG_LAY])
    Workspace(only).ingest([CORPUS / f"{PLAN}.txt"])
    assert _union(both) == _union(only)
