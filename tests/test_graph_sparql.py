"""Content negotiation, query forms and result formats (checked by parsing answers back)."""
from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.query import Result

from graph.build import build_document_graph
from graph.querykind import query_form
from graph.sparql import export, negotiate, run_query
from graph.store import MemoryStore, OxigraphStore
from graph.vocab import ELI, ID
from ingest.errors import BadRequest, Forbidden, UnsupportedFormat

DOC_90 = URIRef(ID + "doc/ttg/qd/2022/90")
SELECT = ("PREFIX eli: <http://data.europa.eu/eli/ontology#> "
          "SELECT DISTINCT ?doc ?symbol ?date WHERE { ?doc eli:id_local ?symbol OPTIONAL { ?doc eli:date_document ?date } } "
          "ORDER BY ?symbol")
CONSTRUCT = f"CONSTRUCT {{ <{DOC_90}> ?p ?o }} WHERE {{ <{DOC_90}> ?p ?o }}"


# ----------------------------------------------------------------------------- negotiation

@pytest.mark.parametrize(
    "accept, kind, expected",
    [
        (None, "select", ("application/sparql-results+json", "json")),
        ("", "ask", ("application/sparql-results+json", "json")),
        ("*/*", "select", ("application/sparql-results+json", "json")),
        ("application/sparql-results+json", "select", ("application/sparql-results+json", "json")),
        ("application/json", "select", ("application/sparql-results+json", "json")),
        ("text/csv", "select", ("text/csv", "csv")),
        ("text/tab-separated-values", "select", ("text/tab-separated-values", "tsv")),
        ("application/sparql-results+xml", "ask", ("application/sparql-results+xml", "xml")),
        ("text/plain", "select", ("text/plain", "table")),
        ("text/*", "select", ("text/csv", "csv")),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "select", ("application/sparql-results+xml", "xml")),
        ("text/html, */*;q=0.1", "select", ("application/sparql-results+json", "json")),  # browsers
        ("text/turtle, text/csv", "select", ("text/csv", "csv")),  # first acceptable one
        ("application/json;q=0, text/csv", "select", ("text/csv", "csv")),  # q=0 means "not this"
        (None, "construct", ("text/turtle", "turtle")),
        ("*/*", "describe", ("text/turtle", "turtle")),
        ("application/n-triples", "construct", ("application/n-triples", "ntriples")),
        ("text/plain", "construct", ("application/n-triples", "ntriples")),
        ("application/ld+json", "describe", ("application/ld+json", "jsonld")),
        ("application/json", "construct", ("application/ld+json", "jsonld")),
        ("application/rdf+xml", "construct", ("application/rdf+xml", "rdfxml")),
        ("text/html;q=0.9, text/turtle", "graph", ("text/turtle", "turtle")),
    ],
)
def test_negotiate(accept, kind, expected):
    assert negotiate(accept, kind) == expected


@pytest.mark.parametrize("accept, kind", [("text/html", "select"), ("image/png", "construct"),
                                          ("text/csv", "construct"), ("*/*;q=0", "select")])
def test_negotiate_refuses_what_it_cannot_write(accept, kind):
    with pytest.raises(UnsupportedFormat):
        negotiate(accept, kind)


# ----------------------------------------------------------------------------- query forms

@pytest.mark.parametrize(
    "query, form",
    [
        ("SELECT * WHERE { ?s ?p ?o }", "select"),
        ("select * { ?s ?p ?o }", "select"),
        ("PREFIX eli: <http://data.europa.eu/eli/ontology#>\nASK { ?s eli:cites ?o }", "ask"),
        ("# kế hoạch nào?\nPREFIX : <http://x/#>\nBASE <http://x/>\nCONSTRUCT WHERE { ?s ?p ?o }", "construct"),
        ("DESCRIBE <https://cancu.vn/id/doc/ttg/qd/2022/90>", "describe"),
        ("PREFIX x: <http://x/#insert>  SELECT ?insert WHERE { ?insert ?p ?o }", "select"),
    ],
)
def test_query_form(query, form):
    assert query_form(query) == form


@pytest.mark.parametrize("update", ["INSERT DATA { <a:b> <a:c> <a:d> }", "PREFIX x: <http://x/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "CREATE GRAPH <http://g>"])
def test_query_form_refuses_updates(update):
    with pytest.raises(Forbidden) as info:
        query_form(update)
    assert info.value.status == 403


# ------------------------------------------------------------------------------- formats

@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def store(request, sample_extractions):
    instance = MemoryStore() if request.param == "memory" else OxigraphStore()
    for extraction in sample_extractions:
        instance.add_document(extraction.document.id, build_document_graph(extraction))
    yield instance
    instance.close()


def test_json_results_parse_back(store):
    text = run_query(store, SELECT, "json")
    parsed = Result.parse(io.StringIO(text), format="json")
    symbols = [str(row.symbol) for row in parsed]
    assert "90/QĐ-TTg" in symbols and symbols == sorted(symbols)
    row = next(r for r in parsed if str(r.symbol) == "90/QĐ-TTg")
    assert row.doc == DOC_90 and row.date == Literal("2022-01-18", datatype=row.date.datatype)


def test_xml_results_parse_back(store):
    parsed = Result.parse(io.BytesIO(run_query(store, SELECT, "xml").encode()), format="xml")
    assert DOC_90 in {row.doc for row in parsed}


def test_csv_and_tsv(store):
    rows = list(csv.reader(io.StringIO(run_query(store, SELECT, "csv"))))
    assert rows[0] == ["doc", "symbol", "date"]
    assert [str(DOC_90), "90/QĐ-TTg", "2022-01-18"] in rows
    tsv = run_query(store, SELECT, "tsv").splitlines()
    assert tsv[0] == "?doc\t?symbol\t?date"
    assert f'<{DOC_90}>\t"90/QĐ-TTg"\t"2022-01-18"^^<http://www.w3.org/2001/XMLSchema#date>' in tsv


def test_table_is_for_people(store):
    table = run_query(store, SELECT, "table")
    assert table.splitlines()[0].split() == ["doc", "symbol", "date"]
    assert "90/QĐ-TTg" in table and table.rstrip().endswith("dòng)")


@pytest.mark.parametrize("fmt, expected", [("json", '"boolean": true'), ("xml", "<boolean>true</boolean>"),
                                           ("csv", "true"), ("table", "true")])
def test_ask_formats(store, fmt, expected):
    assert expected in run_query(store, f"ASK {{ <{DOC_90}> ?p ?o }}", fmt)


@pytest.mark.parametrize("fmt, rdflib_format", [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld"),
                                                ("rdfxml", "xml"), ("ttl", "turtle"), ("nt", "nt")])
def test_construct_formats_parse_back(store, fmt, rdflib_format):
    graph = Graph().parse(data=run_query(store, CONSTRUCT, fmt), format=rdflib_format)
    assert (DOC_90, ELI.id_local, Literal("90/QĐ-TTg")) in graph
    assert (DOC_90, ELI.date_document, None) in graph


def test_describe(store):
    graph = Graph().parse(data=run_query(store, f"DESCRIBE <{DOC_90}>", "turtle"), format="turtle")
    assert (DOC_90, ELI.id_local, Literal("90/QĐ-TTg")) in graph


def test_json_marks_a_cut_result(store):
    payload = json.loads(run_query(store, "SELECT * WHERE { ?s ?p ?o }", "json", max_rows=5))
    assert len(payload["results"]["bindings"]) == 5 and payload["truncated"] is True


@pytest.mark.parametrize("query, fmt, error", [
    ("DROP ALL", "json", Forbidden),
    ("INSERT DATA { <a:b> <a:c> <a:d> }", "table", Forbidden),
    (SELECT, "turtle", UnsupportedFormat),  # a table cannot be Turtle
    (CONSTRUCT, "csv", UnsupportedFormat),
    ("SELECT WHERE", "json", BadRequest),
])
def test_run_query_errors(store, query, fmt, error):
    with pytest.raises(error):
        run_query(store, query, fmt)


def test_export_writes_a_file(store, tmp_path):
    out = tmp_path / "graph.nq"
    assert export(store, "nq", out) is None
    assert out.stat().st_size > 1000
