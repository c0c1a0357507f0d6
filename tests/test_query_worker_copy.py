"""Query workers answer from an in-memory copy of the union graph once it is loaded, and the SPARQL
endpoint's SELECT answers come as the engine's own bytes: both must answer exactly what the disk store
and the row-by-row path answer."""
from __future__ import annotations

import json
import time

import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from graph.querypool import QueryPool
from graph.results import from_sparql_json
from graph.sparql import serialize_result
from graph.store import UNION_GRAPH, OxigraphStore

EX = Namespace("https://cancu.vn/id/test/")
C = Namespace("https://cancu.vn/ontology#")
SELECT = """PREFIX c: <https://cancu.vn/ontology#>
SELECT ?plan ?value ?note WHERE { ?t c:inDocument ?plan ; c:value ?value . OPTIONAL { ?t c:note ?note } }
ORDER BY ?value ?plan"""
NAMED = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


@pytest.fixture()
def store_path(tmp_path):
    store = OxigraphStore(tmp_path / "graph")
    for d in range(3):
        g = Graph()
        for i in range(4):
            t = EX[f"t{d}-{i}"]
            g.add((t, C.inDocument, EX[f"plan{d}"]))
            g.add((t, C.value, Literal(i * 1.5 + d)))
            if i % 2:
                g.add((t, C.note, Literal(f"Giảm tỷ lệ hộ nghèo {i}%\n\"dòng hai\" [{{\"a\"}},{{\"b\"", lang="vi")))
        store.add_document(f"kh-{d}", g)
    store.close()
    return tmp_path / "graph"


def _run(pool, path, sparql, **kw):
    kind = "select"
    return pool.run(path, sparql, kind=kind, union=UNION_GRAPH, timeout=30, max_rows=kw.pop("max_rows", 0), **kw)


def _bindings(body: bytes | str) -> list[dict]:
    """Bindings as rdflib terms: the engine writes a double as "0" where rdflib writes "0.0" (same value)."""
    return [{k: from_sparql_json(v) for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]


def test_the_copy_and_the_engine_bytes_answer_as_the_disk_and_the_rows(store_path):
    with_copy, without = QueryPool(1, reserved=0), QueryPool(1, reserved=0, memory_copy=False)
    try:
        first = _run(with_copy, store_path, SELECT)
        deadline = time.monotonic() + 30
        result = first
        while result.engine != "memory" and time.monotonic() < deadline:
            time.sleep(0.1)
            result = _run(with_copy, store_path, SELECT)
        assert first.engine == "disk" and result.engine == "memory"
        reference = _run(without, store_path, SELECT)
        assert reference.engine == "disk" and len(reference) == 12
        assert result.rows == reference.rows  # same terms, same order
        commented = _run(with_copy, store_path, "# values from every plan\n" + SELECT)  # "from" in a comment only
        assert commented.engine == "memory" and commented.rows == reference.rows
        named = _run(with_copy, store_path, NAMED)  # names graphs: answered on disk
        assert named.engine == "disk" and len(named) == 3

        expected_text = serialize_result(reference, "json")
        expected = json.loads(expected_text)
        body = _run(with_copy, store_path, SELECT, result_format="json")
        assert body.body_format == "json" and len(body) == 12 and not body.rows
        assert _bindings(body.body) == _bindings(expected_text)
        assert json.loads(body.body)["head"] == expected["head"]
        for fmt in ("tsv", "csv", "xml"):
            other = _run(with_copy, store_path, SELECT, result_format=fmt)
            assert other.body_format == fmt and len(other) == 12 and other.body

        cut = _run(with_copy, store_path, SELECT, result_format="json", max_rows=5)
        assert cut.truncated and len(cut) == 5
        assert json.loads(cut.body)["truncated"] is True
        assert _bindings(cut.body) == _bindings(expected_text)[:5]
        cut_tsv = _run(with_copy, store_path, SELECT, result_format="tsv", max_rows=5)
        assert cut_tsv.body.count(b"\n") == 6  # header + 5 rows (the newline inside a note is escaped)
    finally:
        with_copy.close()
        without.close()


@pytest.mark.parametrize("text", ["x", "[{\"a\"},{\"b\"", "{}", "],[{", "\\\",{\""])
def test_solutions_are_counted_on_the_engine_json(text):
    """Counting solutions on the JSON bytes agrees with the engine, whatever a literal holds."""
    import pyoxigraph as ox

    from graph.queryworker import json_rows

    store = ox.Store()
    for i in range(3):
        store.add(ox.Quad(ox.NamedNode(f"https://x/{i}"), ox.NamedNode("https://x/p"), ox.Literal(text + str(i))))
    for query, rows in (("SELECT ?s ?o WHERE { ?s ?p ?o }", 3), ("SELECT ?o WHERE { ?s ?p ?o FILTER(false) }", 0),
                        ("SELECT ?z WHERE { ?s ?p ?o }", 3)):
        body = store.query(query).serialize(format=ox.QueryResultsFormat.JSON)
        assert len(json.loads(body)["results"]["bindings"]) == rows
        assert json_rows(body) in (rows, None)
        if "{}" not in text and "?z" not in query:
            assert json_rows(body) == rows
