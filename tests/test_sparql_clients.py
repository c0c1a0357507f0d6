"""Real SPARQL clients against a real server: SPARQLWrapper and rdflib's SPARQLStore talk to `cancu serve`
(uvicorn in a subprocess) over the corpus, and a runaway query hits the time limit while other requests
are still answered quickly.

The server runs in its own process: an abandoned query keeps computing in its worker thread (the
engine cannot be interrupted), and that must not burn CPU in the test process after the test ends.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from graph.iris import graph_iri

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PLAN = "003_609cd0d87b161299"
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
CLAUSES = ("PREFIX cancu: <https://cancu.vn/ontology#> "
           "SELECT ?clause ?text WHERE { ?clause cancu:text ?text } ORDER BY ?clause LIMIT 5")
CONSTRUCT = ("PREFIX cancu: <https://cancu.vn/ontology#> "
             "CONSTRUCT { ?clause cancu:text ?text } WHERE { ?clause cancu:text ?text } LIMIT 10")
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT_S = 1.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(corpus_data):
    """`cancu serve` over the shared sample corpus (hashing encoder), with a 1 s query limit; yields its base URL."""
    data = corpus_data
    port = _free_port()
    cancu = Path(sys.executable).with_name("cancu")
    command = [str(cancu), "-s", "data_dir", str(data), "-s", "encoder", "hashing",
               "-s", "sparql_timeout", str(TIMEOUT_S), "-s", "sparql_max_results", "100000000",
               "serve", "--port", str(port)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CANCU_")}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"cancu serve exited: {process.stderr.read().decode(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("cancu serve did not start in 120 s")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ----------------------------------------------------------------------------------- SPARQLWrapper

@pytest.mark.parametrize("method", ["GET", "POST", "POSTDIRECTLY"])
def test_sparqlwrapper_json(server, method):
    from SPARQLWrapper import GET, JSON, POST, POSTDIRECTLY, SPARQLWrapper

    sw = SPARQLWrapper(f"{server}/sparql")
    sw.setQuery(PER_GRAPH)
    sw.setReturnFormat(JSON)
    if method == "GET":
        sw.setMethod(GET)
    else:
        sw.setMethod(POST)
        if method == "POSTDIRECTLY":
            sw.setRequestMethod(POSTDIRECTLY)
    result = sw.query().convert()
    counts = {b["g"]["value"]: int(b["n"]["value"]) for b in result["results"]["bindings"]}
    assert str(graph_iri(PLAN)) in counts and len(counts) == 6  # five plans and the ontology
    assert all(n > 100 for n in counts.values())


def test_sparqlwrapper_xml(server):
    from SPARQLWrapper import XML, SPARQLWrapper

    sw = SPARQLWrapper(f"{server}/sparql")
    sw.setQuery(CLAUSES)
    sw.setReturnFormat(XML)
    document = sw.query().convert()  # xml.dom.minidom
    results = document.getElementsByTagName("result")
    assert len(results) == 5
    texts = [b.getElementsByTagName("literal")[0].firstChild.data
             for b in document.getElementsByTagName("binding") if b.getAttribute("name") == "text"]
    assert len(texts) == 5 and all(t.strip() for t in texts)


def test_sparqlwrapper_ask(server):
    from SPARQLWrapper import JSON, SPARQLWrapper

    sw = SPARQLWrapper(f"{server}/sparql")
    sw.setQuery(f"ASK {{ GRAPH <{graph_iri(PLAN)}> {{ ?s ?p ?o }} }}")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True


def test_sparqlwrapper_construct_as_turtle(server):
    from SPARQLWrapper import TURTLE, SPARQLWrapper

    sw = SPARQLWrapper(f"{server}/sparql")
    sw.setQuery(CONSTRUCT)
    sw.setReturnFormat(TURTLE)
    response = sw.query()
    assert response.info()["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.convert(), format="turtle")
    assert len(graph) == 10


def test_sparqlwrapper_update_is_refused(server):
    from SPARQLWrapper import POST, SPARQLWrapper

    sw = SPARQLWrapper(f"{server}/sparql")
    sw.setMethod(POST)
    sw.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(urllib.error.HTTPError) as caught:  # SPARQLWrapper passes a 403 through as is
        sw.query()
    assert caught.value.code == 403
    assert json.loads(caught.value.read())["code"] == "forbidden"


# ------------------------------------------------------------------------------- rdflib SPARQLStore

@pytest.mark.parametrize("method", ["GET", "POST_FORM"])
def test_rdflib_sparqlstore(server, method):
    graph = Graph(store=SPARQLStore(f"{server}/sparql", method=method))
    rows = list(graph.query(CLAUSES))
    assert len(rows) == 5
    assert all(isinstance(row.clause, URIRef) and isinstance(row.text, Literal) for row in rows)
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert len(constructed) == 10


def test_rdflib_sparqlstore_vietnamese_filter(server):
    graph = Graph(store=SPARQLStore(f"{server}/sparql"))
    query = ('PREFIX cancu: <https://cancu.vn/ontology#> '
             'SELECT ?t WHERE { ?c cancu:text ?t FILTER(CONTAINS(?t, "hộ nghèo")) } LIMIT 3')
    texts = [str(row.t) for row in graph.query(query)]
    assert len(texts) == 3 and all("hộ nghèo" in t for t in texts)


# ------------------------------------------------------------------------------ runaway query (last)

def test_a_runaway_query_hits_the_time_limit_while_others_are_served(server):
    outcome: dict = {}

    def runaway() -> None:
        started = time.perf_counter()
        outcome["response"] = httpx.post(f"{server}/sparql", data={"query": RUNAWAY}, timeout=60)
        outcome["seconds"] = time.perf_counter() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)  # the runaway query is now running
    quick = []
    with httpx.Client(base_url=server, timeout=10) as client:
        for _ in range(5):
            started = time.perf_counter()
            health = client.get("/api/health")
            small = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
            quick.append(time.perf_counter() - started)
            assert health.status_code == 200 and small.status_code == 200 and small.json()["boolean"] is True
    thread.join(60)
    response = outcome["response"]
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False and body["code"] == "query_timeout" and "quá thời gian" in body["error"]
    assert outcome["seconds"] < TIMEOUT_S + 3
    assert max(quick) < 1.0, quick
    assert "Traceback" not in response.text
    json.dumps(body)  # plain JSON all the way
