"""The ontology and the SHACL shapes as graphs, and validation of a built graph against them."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontologies"
ONTOLOGY_FILE = ONTOLOGY_DIR / "cancu.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


def ontology_graph() -> Graph:
    """Classes, properties and code lists (load it into the store so queries can read labels)."""
    graph = Graph()
    graph.parse(ONTOLOGY_FILE, format="turtle")
    return graph


def shapes_graph() -> Graph:
    graph = Graph()
    graph.parse(SHAPES_FILE, format="turtle")
    return graph


@dataclass(frozen=True)
class Validation:
    conforms: bool
    report: str  # pyshacl's text report: one block per violation, with focus node and path
    violations: int


def validate(graph: Graph, *, ontology: Graph | None = None, shapes: Graph | None = None) -> Validation:
    """Check a built graph against the shapes, with the ontology's class hierarchy in view."""
    from pyshacl import validate as shacl_validate  # heavy import: only when validating

    conforms, results, text = shacl_validate(
        data_graph=graph,
        shacl_graph=shapes if shapes is not None else shapes_graph(),
        ont_graph=ontology if ontology is not None else ontology_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    from rdflib.namespace import SH

    count = len(list(results.objects(None, SH.result)))  # top-level results, not nested details
    return Validation(bool(conforms), str(text), count)
