"""Namespaces of the graph: the vocabularies we reuse and the few terms that are ours.

Everything that is not specific to Vietnamese plans comes from an established vocabulary (ELI for
documents and citations, W3C ORG for agencies, SKOS for code lists, PROV-O for provenance, OWL-Time for
years and periods, QUDT for measured values); `CANCU` holds only what none of them says.
"""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

CANCU = Namespace("https://cancu.vn/ontology#")
ID = "https://cancu.vn/id/"
GRAPH_BASE = "https://cancu.vn/graph/"
ONTOLOGY_GRAPH = GRAPH_BASE + "_ontology"

ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
OA = Namespace("http://www.w3.org/ns/oa#")
CITO = Namespace("http://purl.org/spar/cito/")
LANG = Namespace("http://publications.europa.eu/resource/authority/language/")

# Code lists live under the identifier space, one folder per scheme, so the builder can mint a value
# the ontology did not list (a document type or funding source met for the first time) by one rule.
DOC_TYPE = Namespace(ID + "doc-type/")
RELATION = Namespace(ID + "relation/")
ROLE = Namespace(ID + "role/")
COMPARATOR = Namespace(ID + "comparator/")
FUNDING = Namespace(ID + "funding-source/")
UNIT_CODE = Namespace(ID + "unit/")
ADMIN_LEVEL = Namespace(ID + "admin-level/")
AGENCY_TYPE = Namespace(ID + "agency-type/")
TIME_ID = Namespace(ID + "time/")

PREFIXES: dict[str, str] = {
    "cancu": str(CANCU),
    "eli": str(ELI),
    "org": str(ORG),
    "skos": str(SKOS),
    "prov": str(PROV),
    "time": str(TIME),
    "qudt": str(QUDT),
    "unit": str(UNIT),
    "oa": str(OA),
    "cito": str(CITO),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "doctype": str(DOC_TYPE),
    "relation": str(RELATION),
    "role": str(ROLE),
    "comparator": str(COMPARATOR),
    "fund": str(FUNDING),
    "ucode": str(UNIT_CODE),
    "level": str(ADMIN_LEVEL),
    "agtype": str(AGENCY_TYPE),
    "agency": ID + "agency/",
    "doc": ID + "doc/",
    "place": ID + "place/",
}


def sparql_prologue(names: tuple[str, ...] | None = None) -> str:
    """PREFIX lines for queries written against this graph."""
    items = PREFIXES.items() if names is None else ((n, PREFIXES[n]) for n in names)
    return "".join(f"PREFIX {n}: <{iri}>\n" for n, iri in items)


def bind_prefixes(graph) -> None:
    """Give a graph our prefixes so its Turtle reads like the ontology."""
    for name, iri in PREFIXES.items():
        graph.bind(name, iri, override=True)
