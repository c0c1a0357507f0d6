"""Stores keep one named graph per document, answer read-only SPARQL, export, and give up on time."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from graph import iris
from graph.build import build_document_graph
from graph.store import (
    EXPORT_FORMATS,
    GraphStore,
    MemoryStore,
    OxigraphStore,
    RemoteSparqlStore,
    load_ontology,
    make_store,
)
from graph.vocab import CANCU, ELI, ID
from ingest.errors import BadRequest, Forbidden, QueryTimeout, UnsupportedFormat
from tests.samples import plan_muong_lay, plan_phong_tho_2022

DOC_90 = URIRef(ID + "doc/ttg/qd/2022/90")
COUNT_90 = "PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT (COUNT(DISTINCT ?p) AS ?n) " \
           "WHERE { ?p eli:based_on <%s> }" % DOC_90


def _memory(tmp_path: Path) -> GraphStore:
    return MemoryStore()


def _oxigraph_in_memory(tmp_path: Path) -> GraphStore:
    return OxigraphStore()


def _oxigraph_on_disk(tmp_path: Path) -> GraphStore:
    return OxigraphStore(tmp_path / "store")


STORES = [_memory, _oxigraph_in_memory, _oxigraph_on_disk]


@pytest.fixture(params=STORES, ids=lambda f: f.__name__.strip("_"))
def store(request, tmp_path):
    instance = request.param(tmp_path)
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def graphs(sample_extractions) -> dict[str, Graph]:
    return {e.document.id: build_document_graph(e) for e in sample_extractions}


def _fill(store: GraphStore, graphs: dict[str, Graph]) -> None:
    for doc_id, graph in graphs.items():
        store.add_document(doc_id, graph)


def _by_value(triples) -> set:
    """Triples with literals compared by value: engines spell decimals differently ("30" vs "30.0")."""
    def norm(term):
        if isinstance(term, Literal):
            return ("literal", term.toPython() if term.datatype else str(term), term.datatype, term.language)
        return term
    return {tuple(norm(t) for t in triple) for triple in triples}


def _count(store: GraphStore, sparql: str) -> int:
    return int(store.query(sparql).rows[0][0])


def test_every_backend_is_a_graph_store(store):
    assert isinstance(store, GraphStore)


def test_documents_and_counts(store, graphs):
    _fill(store, graphs)
    assert store.documents() == sorted(graphs)
    assert store.triple_count() == sum(len(g) for g in graphs.values())
    assert _count(store, COUNT_90) == 3


def test_add_documents_loads_new_and_replaces_present_ones(store, graphs):
    store.add_document("s3_muong_lay", build_document_graph(plan_phong_tho_2022()))  # wrong content first
    written = store.add_documents(list(graphs.items()))
    assert written == sum(len(g) for g in graphs.values())
    assert store.documents() == sorted(graphs)
    assert store.triple_count() == sum(len(g) for g in graphs.values())
    assert _count(store, COUNT_90) == 3


def test_a_triple_shared_by_documents_counts_once(store, graphs):
    """Three plans describe Decision 90 in their own graphs; the default graph is their merge (a set)."""
    _fill(store, graphs)
    assert _count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{DOC_90}> <{ELI.id_local}> ?s }}") == 1
    store.remove_document("s1_phong_tho_2022")
    assert _count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{DOC_90}> <{ELI.id_local}> ?s }}") == 1


def test_re_adding_a_document_replaces_exactly_its_facts(store, graphs):
    _fill(store, graphs)
    before = store.triple_count()
    doc_id = "s3_muong_lay"
    changed = build_document_graph(plan_muong_lay())
    target = next(changed.subjects(None, CANCU.Target))
    changed.set((target, CANCU.indicator, Literal("Tỷ lệ hộ nghèo đa chiều", lang="vi")))
    store.add_document(doc_id, changed)
    indicators = {str(r[0]) for r in store.query(
        "PREFIX cancu: <https://cancu.vn/ontology#> SELECT DISTINCT ?i WHERE { ?t cancu:indicator ?i }").rows}
    assert "Tỷ lệ hộ nghèo đa chiều" in indicators
    assert "Tỷ lệ hộ nghèo giảm bình quân" not in indicators  # the old value is gone
    assert "Tỷ lệ hộ nghèo giảm" in indicators  # other documents untouched
    assert store.triple_count() == before
    store.add_document(doc_id, graphs[doc_id])  # back to the original: same content as before
    assert store.triple_count() == before


def test_remove_document_keeps_shared_nodes_cited_elsewhere(store, graphs):
    _fill(store, graphs)
    assert store.remove_document("s1_phong_tho_2022") is True
    assert store.remove_document("s1_phong_tho_2022") is False
    assert store.documents() == ["s2_phong_tho_thoat_ngheo", "s3_muong_lay"]
    assert _count(store, COUNT_90) == 2
    assert store.query(f"ASK {{ <{DOC_90}> <{ELI.id_local}> ?s }}").boolean is True
    for doc_id in ("s2_phong_tho_thoat_ngheo", "s3_muong_lay"):
        store.remove_document(doc_id)
    assert store.triple_count() == 0
    assert store.query(f"ASK {{ <{DOC_90}> ?p ?o }}").boolean is False


def test_ontology_graph_is_not_a_document(store, graphs):
    _fill(store, graphs)
    load_ontology(store)
    assert store.documents() == sorted(graphs)
    label = store.query("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?l WHERE { "
                        "<https://cancu.vn/id/role/lead> skos:prefLabel ?l FILTER(lang(?l) = 'vi') }")
    assert [str(r[0]) for r in label.rows] == ["chủ trì"]


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_parses_back(store, graphs, fmt, tmp_path):
    _fill(store, graphs)
    data = store.export(fmt)
    merged = Graph()
    for graph in graphs.values():
        merged += graph
    if fmt in ("ttl", "nt"):
        back = Graph().parse(data=data, format={"ttl": "turtle", "nt": "nt"}[fmt])
        assert _by_value(back) == _by_value(merged)
    else:
        back = Dataset().parse(data=data, format={"nq": "nquads", "trig": "trig", "jsonld": "json-ld"}[fmt])
        names = {str(g.identifier) for g in back.graphs() if len(g)}
        assert names == {str(iris.graph_iri(d)) for d in graphs}
        assert sum(len(g) for g in back.graphs()) == store.triple_count()
    out = tmp_path / f"export.{fmt}"
    assert store.export(fmt, out) is None and out.read_bytes() == data


def test_export_refuses_unknown_format(store):
    with pytest.raises(UnsupportedFormat):
        store.export("xlsx")


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }",
    "# a comment\nDROP ALL",
    "BASE <http://x/> CLEAR DEFAULT",
    "load <http://example.org/data.ttl>",
])
def test_update_is_refused(store, update):
    with pytest.raises(Forbidden):
        store.query(update)


@pytest.mark.parametrize("garbage", ["", "   ", "HELLO", "PREFIX x <http://x/> SELECT * {}"])
def test_not_a_query_is_a_bad_request(store, garbage):
    with pytest.raises(BadRequest):
        store.query(garbage)


def test_syntax_error_is_a_bad_request(store, graphs):
    _fill(store, graphs)
    with pytest.raises(BadRequest):
        store.query("SELECT ?s WHERE { ?s ?p }")


def test_result_cap_marks_truncation(store, graphs):
    _fill(store, graphs)
    result = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", max_rows=7)
    assert len(result.rows) == 7 and result.truncated
    assert not store.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", max_rows=7).truncated


def test_timeout_gives_up(store, graphs):
    _fill(store, graphs)
    assert _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") > 500
    cross_product = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # > 10^8 rows, streamed
    started = time.perf_counter()
    with pytest.raises(QueryTimeout):
        store.query(cross_product, timeout=0.3, max_rows=0)
    assert time.perf_counter() - started < 3
    assert store.query("ASK { ?s ?p ?o }", timeout=5).boolean is True  # the store still answers


def test_oxigraph_persists_and_backs_up(tmp_path, graphs):
    path = tmp_path / "store"
    first = OxigraphStore(path)
    _fill(first, graphs)
    count = first.triple_count()
    backup = first.backup(tmp_path / "backup")
    first.close()
    reopened = OxigraphStore(path)
    assert reopened.triple_count() == count
    reopened.close()
    copy = OxigraphStore(backup)
    assert copy.documents() == sorted(graphs)
    copy.close()


def test_oxigraph_rebuilds_its_union_graph(graphs):
    store = OxigraphStore()
    _fill(store, graphs)
    distinct = store.distinct_triples()
    assert distinct < store.triple_count()  # shared nodes are described in several graphs
    assert store.rebuild_union() == distinct


def _quads_by_value(store: OxigraphStore) -> set:
    return _by_value((q.subject, q.predicate, q.object, q.graph_name) for q in store._store)


def test_bulk_loading_writes_what_one_transaction_per_document_writes(graphs):
    """The bulk path (many new documents) and the per-document path (an upload) leave the same quads:
    each statement in its document's graph and once in the union, the default graph of queries."""
    bulk, single = OxigraphStore(), OxigraphStore()
    assert bulk.add_documents(graphs.items()) == sum(len(g) for g in graphs.values())
    _fill(single, graphs)
    assert _quads_by_value(bulk) == _quads_by_value(single)
    assert bulk.distinct_triples() == single.distinct_triples() < bulk.triple_count()
    assert _count(bulk, COUNT_90) == 3


def test_a_document_with_a_bad_term_fails_alone_in_a_bulk_load(graphs):
    bad = Graph()
    bad.add((URIRef("https://cancu.vn/id/doc/có khoảng trắng"), URIRef("https://cancu.vn/p"), Literal("x")))
    items = [("a_bad_one", bad), *graphs.items()]
    store, failed = OxigraphStore(), {}
    store.add_documents(items, on_error=lambda doc_id, exc: failed.setdefault(doc_id, exc))
    assert list(failed) == ["a_bad_one"]
    assert store.documents() == sorted(graphs)
    with pytest.raises(ValueError):
        OxigraphStore().add_documents(items)


def test_a_store_with_its_union_in_the_named_union_graph_is_still_served(tmp_path, graphs):
    """Stores written before the union moved to the default graph keep it in `UNION_GRAPH`."""
    import pyoxigraph as ox

    from graph.store import UNION_GRAPH

    path = tmp_path / "old"
    current = OxigraphStore(path)
    current.add_documents(graphs.items())
    raw = current._store
    raw.bulk_extend([ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(UNION_GRAPH))
                     for q in raw.quads_for_pattern(None, None, None, ox.DefaultGraph())])
    raw.remove_graph(ox.DefaultGraph())
    current.close()
    del raw  # the last reference: RocksDB's lock goes with it
    old = OxigraphStore(path)
    assert _count(old, COUNT_90) == 3
    assert old.documents() == sorted(graphs)
    old.remove_document("s1_phong_tho_2022")
    assert _count(old, COUNT_90) == 2
    old.close()


def test_compacting_a_bulk_loaded_store_keeps_every_statement(tmp_path, graphs):
    from ingest.errors import StoreError

    store = OxigraphStore(tmp_path / "g")
    store.add_documents(graphs.items())
    before = (store.documents(), store.triple_count(), store.distinct_triples(), _count(store, COUNT_90))
    store.compact()
    assert (store.documents(), store.triple_count(), store.distinct_triples(), _count(store, COUNT_90)) == before
    store.close()
    reader = OxigraphStore(tmp_path / "g", read_only=True)
    with pytest.raises(StoreError):
        reader.compact()
    reader.close()


def test_reserved_graph_names_are_refused(store):
    with pytest.raises(BadRequest):
        store.add_document("_union", Graph())


def test_make_store_picks_the_backend_by_name(tmp_path):
    assert isinstance(make_store("memory"), MemoryStore)
    assert isinstance(make_store("oxigraph", path=tmp_path / "g"), OxigraphStore)
    with pytest.raises(BadRequest):
        make_store("neo4j")


def test_same_answers_from_both_engines(graphs):
    """rdflib merges the default graph as a set, Oxigraph as a bag: DISTINCT queries agree."""
    memory, oxigraph = MemoryStore(), OxigraphStore()
    for s in (memory, oxigraph):
        _fill(s, graphs)
    query = "SELECT DISTINCT ?s ?o WHERE { ?s <http://data.europa.eu/eli/ontology#id_local> ?o } ORDER BY ?s"
    assert memory.query(query).rows == oxigraph.query(query).rows


# ----------------------------------------------------------------------- a real SPARQL server

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def oxigraph_server(tmp_path):
    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.exists():
        pytest.skip("the `oxigraph` server CLI (PyPI package oxigraph) is not installed")
    port = _free_port()
    process = subprocess.Popen(
        [str(binary), "serve", "--location", str(tmp_path / "server"), "--bind", f"127.0.0.1:{port}",
         ],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(100):
            try:
                httpx.get(base + "/query", params={"query": "ASK {}"}, timeout=0.5)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.slow
def test_remote_store_against_a_real_server(oxigraph_server, graphs):
    remote = RemoteSparqlStore(oxigraph_server + "/query", oxigraph_server + "/update")
    local = OxigraphStore()
    for s in (remote, local):
        _fill(s, graphs)
    assert remote.documents() == sorted(graphs)
    assert remote.triple_count() == local.triple_count()
    assert _count(remote, COUNT_90) == 3
    assert _count(remote, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{DOC_90}> <{ELI.id_local}> ?s }}") == 1
    remote.add_document("s1_phong_tho_2022", build_document_graph(plan_phong_tho_2022()))
    assert remote.triple_count() == local.triple_count()
    assert remote.remove_document("s1_phong_tho_2022") is True
    assert _count(remote, COUNT_90) == 2
    with pytest.raises(Forbidden):
        remote.query("DROP ALL")
    graph = remote.query(f"DESCRIBE <{DOC_90}>").graph()
    assert (DOC_90, ELI.id_local, Literal("90/QĐ-TTg")) in graph
    payload = json.loads(remote.export("jsonld"))
    assert payload
    remote.close()


# ------------------------------------------------------------------ queries the engine must never see

def _nested(n: int) -> str:
    return "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n


DANGEROUS = [  # each of these killed the whole server process (SIGSEGV) before the limits existed
    ("nested groups", _nested(3000), "nesting depth"),
    ("nested OPTIONAL", "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 3000 + "}" * 3001, "nesting depth"),
    ("nested parentheses", "SELECT * WHERE { FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }", "nesting depth"),
    ("long 1+1+... chain", "SELECT * WHERE { FILTER(" + "+".join(["1"] * 6000) + ") }", "operators"),
    ("20,000 UNION branches", "SELECT * WHERE {" + "UNION".join(["{}"] * 20000) + "}", "UNION branches"),
    ("nested blank nodes", "SELECT * WHERE { ?s ?p " + "[ ?p " * 3000 + "1" + " ]" * 3000 + " }", "nesting depth"),
]


@pytest.mark.parametrize("name, sparql, limit", DANGEROUS, ids=[d[0] for d in DANGEROUS])
def test_queries_over_the_engine_limits_are_refused_before_it_parses_them(store, name, sparql, limit):
    from graph.querylimits import QueryTooComplex

    with pytest.raises(QueryTooComplex) as caught:
        store.query(sparql)
    assert caught.value.status == 400 and "quá phức tạp" in caught.value.message
    assert limit in caught.value.detail


LEGITIMATE = [  # the same constructs at sizes people write pass the check
    _nested(40),
    "SELECT * WHERE {" + " UNION ".join(["{ ?s ?p ?o }"] * 100) + "}",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o = 1 || ?o = 2 || ?o = 3) } ORDER BY ?s",
    'PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:p "{{{{ ((( ]]] # not a comment" } # {{{{',
    "SELECT * WHERE { VALUES ?x { " + " ".join(f"<http://e/{i}>" for i in range(5000)) + " } }",
]


@pytest.mark.parametrize("sparql", LEGITIMATE, ids=range(len(LEGITIMATE)))
def test_ordinary_queries_pass_the_limits(sparql):
    from graph.querylimits import check_query

    check_query(sparql)


SERVICES = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://localhost:9/> { ?s ?p ?o } }",
    "PREFIX h: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE h:sparql { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
]


@pytest.mark.parametrize("sparql", SERVICES, ids=range(len(SERVICES)))
def test_service_calls_are_refused_by_default(store, sparql):
    from graph.querylimits import ServiceRefused

    with pytest.raises(ServiceRefused) as caught:
        store.query(sparql)
    assert caught.value.status == 403 and "SERVICE" in caught.value.message


@pytest.mark.parametrize("target, allowed, expected", [
    ("<https://query.wikidata.org/sparql>", ("https://query.wikidata.org/sparql",), True),
    ("<https://query.wikidata.org/sparql>", ("https://query.wikidata.org/",), True),
    ("<https://query.wikidata.org.evil/sparql>", ("https://query.wikidata.org/",), False),
    ("<http://127.0.0.1:8000/sparql>", ("https://query.wikidata.org/sparql",), False),
    ("?endpoint", ("https://query.wikidata.org/sparql",), False),
])
def test_the_service_allow_list_is_exact(target, allowed, expected):
    from graph.querylimits import ServiceRefused, check_query

    sparql = f"SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}"
    if expected:
        assert check_query(sparql, allowed_services=allowed).services == [target]
    else:
        with pytest.raises(ServiceRefused):
            check_query(sparql, allowed_services=allowed)


# ------------------------------------------------------------------------------ worker processes

@pytest.fixture(scope="module")
def disk_store(tmp_path_factory, graphs) -> Path:
    path = tmp_path_factory.mktemp("pool") / "store"
    writer = OxigraphStore(path)
    writer.add_documents(graphs.items())
    writer.close()
    return path


@pytest.fixture(scope="module")
def pool():
    from graph.querypool import QueryPool

    instance = QueryPool(2, reserved=1)
    yield instance
    instance.close()


def test_a_pooled_store_answers_like_the_store_itself(disk_store, pool):
    direct = OxigraphStore(disk_store, read_only=True)
    pooled = OxigraphStore(disk_store, read_only=True, pool=pool)
    # Every query with a LIMIT is ordered: the pool may answer from an in-memory copy, whose unordered
    # order is not the disk store's.
    for sparql in (COUNT_90, "SELECT ?s ?o WHERE { ?s a ?o } ORDER BY ?s ?o LIMIT 20",
                   "ASK { ?s ?p ?o }", "CONSTRUCT { ?s a ?o } WHERE { ?s a ?o } ORDER BY ?s ?o LIMIT 5",
                   "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"):
        a, b = direct.query(sparql), pooled.query(sparql)
        assert (a.kind, a.variables, a.rows, a.boolean, sorted(a.triples)) == \
               (b.kind, b.variables, b.rows, b.boolean, sorted(b.triples))
    direct.close()
    pooled.close()


def test_a_runaway_query_is_killed_at_its_time_limit_and_its_worker_replaced(disk_store, pool):
    from graph.querypool import QueryPool  # noqa: F401 - the pool fixture is one

    store = OxigraphStore(disk_store, read_only=True, pool=pool)
    killed = pool.killed
    started = time.perf_counter()
    with pytest.raises(QueryTimeout) as caught:
        store.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=1)
    assert time.perf_counter() - started < 3
    assert "đã bị dừng" in caught.value.message and pool.killed == killed + 1
    assert store.query(COUNT_90).rows  # the next query gets a fresh worker
    store.close()


def test_an_engine_crash_costs_one_query_not_the_process(disk_store, pool):
    from graph.querypool import QueryAborted

    deep = _nested(20000)  # sent to the pool directly, past the limits, to crash a worker for real
    with pytest.raises(QueryAborted) as caught:
        pool.run(disk_store, deep, kind="select", union="urn:x", timeout=30, max_rows=10)
    assert caught.value.status == 503 and "máy chủ vẫn hoạt động" in caught.value.message
    assert "-11" in caught.value.detail or "-6" in caught.value.detail  # SIGSEGV (or SIGABRT)
    store = OxigraphStore(disk_store, read_only=True, pool=pool)
    assert store.query(COUNT_90).rows
    store.close()


def test_public_queries_leave_a_worker_for_the_service(disk_store):
    import threading

    from graph.querypool import QueryPool

    pool = QueryPool(2, reserved=1)
    store = OxigraphStore(disk_store, read_only=True, pool=pool)
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    outcome: dict = {}

    def run_public() -> None:
        try:
            store.query(runaway, timeout=3, lane="public")
        except QueryTimeout as exc:
            outcome["public"] = exc

    thread = threading.Thread(target=run_public)
    thread.start()
    time.sleep(0.5)
    started = time.perf_counter()
    with pytest.raises(QueryTimeout):  # the only other worker is the service's: a public query waits
        store.query("ASK { ?s ?p ?o }", timeout=0.5, lane="public")
    assert store.query(COUNT_90, lane="internal").rows  # ... while the service's own query runs at once
    assert time.perf_counter() - started < 2.5
    thread.join(10)
    assert isinstance(outcome.get("public"), QueryTimeout)
    store.close()
    pool.close()


@pytest.mark.slow
def test_an_allowed_service_answers_and_a_silent_one_is_cut_at_its_timeout(oxigraph_server, disk_store, pool):
    """SERVICE works for an allow-listed endpoint; one that accepts and never answers costs at most the
    service timeout (pyoxigraph has no HTTP timeouts, so the worker is killed)."""
    import httpx

    httpx.post(oxigraph_server + "/update", data={"update": "INSERT DATA { <http://e/a> <http://e/p> \"xa Nam Ban\" }"})
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)
    hang = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
    store = OxigraphStore(disk_store, read_only=True, pool=pool, allowed_services=(oxigraph_server + "/", hang),
                          service_timeout=1.5)
    answer = store.query(f"SELECT ?o WHERE {{ SERVICE <{oxigraph_server}/query> {{ <http://e/a> <http://e/p> ?o }} }}")
    assert [str(row[0]) for row in answer.rows] == ["xa Nam Ban"]
    started = time.perf_counter()
    with pytest.raises(QueryTimeout):
        store.query(f"SELECT * WHERE {{ SERVICE <{hang}> {{ ?s ?p ?o }} }}", timeout=30)
    assert time.perf_counter() - started < 4
    store.close()
    silent.close()


@pytest.mark.parametrize("query, names", [
    ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", True),
    ("SELECT * FROM <https://cancu.vn/graph/a> WHERE { ?s ?p ?o }", True),
    ("# rows from every plan\nSELECT * WHERE { ?s ?p \"from the graph\" }", False),
    ("SELECT * WHERE { ?s <https://x/graph> ?o }", False),
])
def test_a_query_names_a_dataset_only_by_its_keywords(query, names):
    from graph.querylimits import names_dataset

    assert names_dataset(query) is names
