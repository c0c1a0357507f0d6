"""Run a SPARQL query on a store and write the answer in the format a client asked for.

The CLI (`cancu sparql`, `cancu export`) and the HTTP endpoint both call these three functions, so
formats and content negotiation are decided in one place.
"""
from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph.querykind import query_form
from graph.results import QueryResult, to_sparql_json
from graph.store import GraphStore, Output
from graph.vocab import bind_prefixes
from ingest.errors import UnsupportedFormat

RESULT_FORMATS = ("json", "csv", "tsv", "xml", "table")  # SELECT and ASK
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")  # CONSTRUCT and DESCRIBE

FORMAT_ALIASES = {
    "ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "json-ld": "jsonld", "rdf": "rdfxml",
    "srj": "json", "srx": "xml", "txt": "table", "text": "table",
}

MIME_OF: dict[str, str] = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml",
    "table": "text/plain",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}

# Accepted media types, in order of preference when the client's q-values tie.
RESULT_MIMES: tuple[tuple[str, str], ...] = (
    ("application/sparql-results+json", "json"),
    ("application/json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("application/xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("text/plain", "table"),
    ("text/xml", "xml"),
)
GRAPH_MIMES: tuple[tuple[str, str], ...] = (
    ("text/turtle", "turtle"),
    ("application/x-turtle", "turtle"),
    ("application/n-triples", "ntriples"),
    ("text/plain", "ntriples"),
    ("application/ld+json", "jsonld"),
    ("application/json", "jsonld"),
    ("application/rdf+xml", "rdfxml"),
    ("application/xml", "rdfxml"),
)


def _kind_of(query_kind: str) -> str:
    return "graph" if query_kind in ("graph", "construct", "describe") else "select"


def negotiate(accept_header: str | None, query_kind: str) -> tuple[str, str]:
    """(media type, format) for an Accept header and a query kind (select/ask/construct/describe).

    Highest q wins, then the more specific range (`text/csv` over `text/*` over `*/*`), then the order
    in the header. An empty header gets SPARQL JSON results or Turtle. Nothing acceptable: 415.
    """
    table = GRAPH_MIMES if _kind_of(query_kind) == "graph" else RESULT_MIMES
    ranges = _parse_accept(accept_header or "*/*")
    for _, _, _, media in sorted(ranges):
        for mime, fmt in table:
            if _matches(media, mime):
                return MIME_OF[fmt], fmt
    raise UnsupportedFormat(
        f"Không có định dạng phù hợp với Accept: {accept_header}",
        detail="acceptable: " + ", ".join(m for m, _ in table),
    )


def _parse_accept(header: str) -> list[tuple[float, int, int, str]]:
    """Sort keys (-q, -specificity, position, media range); ranges with q=0 are dropped."""
    out = []
    for position, item in enumerate(header.split(",")):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        if not media:
            continue
        if media == "*":
            media = "*/*"
        q = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        out.append((-q, -specificity, position, media))
    return out


def _matches(media_range: str, mime: str) -> bool:
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return mime.split("/")[0] == media_range[:-2]
    return media_range == mime


def normalise_format(fmt: str, query_kind: str) -> str:
    fmt = FORMAT_ALIASES.get(fmt.lower(), fmt.lower())
    allowed = GRAPH_FORMATS if _kind_of(query_kind) == "graph" else RESULT_FORMATS
    if fmt not in allowed:
        raise UnsupportedFormat(
            f"Định dạng '{fmt}' không dùng được cho truy vấn {query_kind.upper()}",
            detail="formats: " + ", ".join(allowed),
        )
    return fmt


def run_query(store: GraphStore, query: str, fmt: str = "table", *, timeout: float | None = None,
              max_rows: int | None = None) -> str:
    """Answer a SELECT/ASK (table, json, csv, tsv, xml) or CONSTRUCT/DESCRIBE (turtle, ntriples, jsonld).

    `timeout` and `max_rows` default to the store's limits; 0 lifts them."""
    form = query_form(query)  # refuses UPDATE before anything runs
    fmt = normalise_format(fmt, form)
    result = store.query(query, timeout=timeout, max_rows=max_rows)
    return serialize_result(result, fmt)


def export(store: GraphStore, fmt: str, out: Output = None) -> bytes | None:
    """The whole graph: ttl/nt (merged), nq/trig/jsonld (one graph per document)."""
    return store.export(fmt, out)


# ================================================================================ serialisers

def serialize_result(result: QueryResult, fmt: str) -> str:
    kind = "graph" if result.kind == "graph" else "select"
    fmt = normalise_format(fmt, kind)
    if result.body is not None:  # already serialised by the engine (graph.queryworker)
        if result.body_format != fmt:
            raise ValueError(f"result serialised as {result.body_format}, asked for {fmt}")
        return result.body.decode("utf-8")
    if result.kind == "graph":
        return _graph_text(result, fmt)
    if result.kind == "ask":
        return _ask_text(bool(result.boolean), fmt)
    return {"json": _json, "csv": _csv, "tsv": _tsv, "xml": _xml, "table": _table}[fmt](result)


def _graph_text(result: QueryResult, fmt: str) -> str:
    graph = result.graph()
    bind_prefixes(graph)
    rdflib_format = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "pretty-xml"}[fmt]
    return graph.serialize(format=rdflib_format)


def _ask_text(value: bool, fmt: str) -> str:
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value})
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{word}</boolean></sparql>\n")
    if fmt in ("csv", "tsv"):
        return f"_askResult\r\n{word}\r\n" if fmt == "csv" else f"?_askResult\n{word}\n"
    return word + "\n"


def _json(result: QueryResult) -> str:
    payload: dict = {
        "head": {"vars": result.variables},
        "results": {"bindings": [{v: to_sparql_json(t) for v, t in b.items()} for b in result.bindings()]},
    }
    if result.truncated:
        payload["truncated"] = True  # an extension member; SPARQL JSON readers ignore it
    return json.dumps(payload, ensure_ascii=False)


def _csv_value(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_csv_value(t) for t in row])
    return buffer.getvalue()


def _tsv_value(term: Node | None) -> str:
    if term is None:
        return ""
    text = term.n3()
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _tsv(result: QueryResult) -> str:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_value(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(str(term))}</literal>"
        if term.datatype is not None:
            return f"<literal datatype={quoteattr(str(term.datatype))}>{escape(str(term))}</literal>"
        return f"<literal>{escape(str(term))}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _xml(result: QueryResult) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    out += ["</head>", "<results>"]
    for row in result.rows:
        out.append("<result>")
        out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(result.variables, row) if t is not None]
        out.append("</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _table_value(term: Node | None, width: int = 80) -> str:
    if term is None:
        return ""
    text = str(term).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(result: QueryResult) -> str:
    """A plain-text table for people: one column per variable, long values cut."""
    header = result.variables
    body = [[_table_value(t) for t in row] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths))
    rule = "  ".join("-" * w for w in widths)
    rows = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in body]
    footer = f"({len(body)} dòng{', đã cắt bớt' if result.truncated else ''})"
    return "\n".join([line.rstrip(), rule] + rows + [footer]) + "\n"
