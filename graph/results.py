"""One result type for every store, with terms as rdflib nodes, so the serialisers are written once."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

ResultKind = TypingLiteral["select", "ask", "graph"]


@dataclass
class QueryResult:
    kind: ResultKind
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)
    truncated: bool = False  # the result cap cut it short
    elapsed_ms: float = 0.0
    body: bytes | None = None  # a SELECT answer serialised by the engine (no rows then): see graph.queryworker
    body_format: str | None = None  # its format: json, xml, csv or tsv
    count: int | None = None  # its number of rows
    engine: str = ""  # where a query worker answered: "memory" (its copy of the union) or "disk"
    worker_cpu_ms: float | None = None  # CPU time the query worker spent on it

    def bindings(self) -> list[dict[str, Node]]:
        """Rows as {variable: term}, unbound variables left out (as in SPARQL JSON results)."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]

    def values(self, variable: str) -> list[Node | None]:
        index = self.variables.index(variable)
        return [row[index] for row in self.rows]

    def graph(self) -> Graph:
        graph = Graph()
        for triple in self.triples:
            graph.add(triple)
        return graph

    def __len__(self) -> int:
        if self.body is not None:
            return self.count or 0
        if self.kind == "select":
            return len(self.rows)
        if self.kind == "graph":
            return len(self.triples)
        return 1


# ------------------------------------------------------------------------ pyoxigraph <-> rdflib

def from_oxigraph(term) -> Node | None:
    """A pyoxigraph term as an rdflib node (xsd:string literals become plain literals)."""
    if term is None:
        return None
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    return Literal(str(term))  # RDF-star quoted triple: shown, not modelled


_TERM_CACHE = 200_000  # distinct terms remembered per converter (IRIs repeat a lot within one document)


def to_oxigraph(term: Node):
    """One rdflib term as a pyoxigraph term (which validates it: a bad IRI or language tag raises)."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and term.datatype != RDF.langString:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


class OxigraphTerms:
    """rdflib -> pyoxigraph conversion with a cache: IRIs repeat a lot within one document."""

    def __init__(self) -> None:
        self._cache: dict[Node, object] = {}

    def __call__(self, term: Node):
        cached = self._cache.get(term)
        if cached is None:
            cached = to_oxigraph(term)
            if len(self._cache) < _TERM_CACHE:
                self._cache[term] = cached
        return cached


class NTriplesTerms:
    """rdflib term -> its N-Triples spelling, by way of Oxigraph: the conversion validates the term and
    Oxigraph escapes it as its own parser reads it back. Cached like `OxigraphTerms`."""

    def __init__(self) -> None:
        self._cache: dict[Node, str] = {}

    def __call__(self, term: Node) -> str:
        cached = self._cache.get(term)
        if cached is None:
            cached = str(to_oxigraph(term))
            if len(self._cache) < _TERM_CACHE:
                self._cache[term] = cached
        return cached


# ------------------------------------------------------------------- SPARQL 1.1 JSON results

def from_sparql_json(term: dict | None) -> Node | None:
    if term is None:
        return None
    kind = term.get("type")
    value = term.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in term:
            return Literal(value, lang=term["xml:lang"])
        datatype = term.get("datatype")
        if datatype and datatype != str(XSD.string):
            return Literal(value, datatype=URIRef(datatype))
        return Literal(value)
    return Literal(value)


def to_sparql_json(term: Node) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "literal", "value": str(term)}
