"""Record that bodies merged, split or were renamed (the 2025 reorganisation) with W3C ORG events.

Old plans name bodies that no longer exist (a district's Phòng Lao động - Thương binh và Xã hội);
newer ones name their successors. A change event links them so a question about today's body can
reach the tasks given to its predecessors. The event belongs to the document that decided the change:
put its triples in that document's named graph.
"""
from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from graph import iris
from graph.vocab import ORG, bind_prefixes

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def change_event(originals: list[URIRef], results: list[URIRef], *, date: str,
                 decided_by: URIRef | None = None, graph: Graph | None = None) -> URIRef:
    """Add an org:ChangeEvent (originals -> results, on `date`) to `graph`; returns the event's IRI."""
    if not originals or not results:
        raise ValueError("a change needs at least one original and one resulting organisation")
    if not _ISO_DATE.match(date):
        raise ValueError(f"date must be ISO yyyy-mm-dd: {date!r}")
    graph = graph if graph is not None else Graph()
    bind_prefixes(graph)
    event = iris.fact_iri("change", "org", date, *sorted(map(str, originals)), "->", *sorted(map(str, results)))
    graph.add((event, RDF.type, ORG.ChangeEvent))
    graph.add((event, PROV.startedAtTime, Literal(f"{date}T00:00:00", datatype=XSD.dateTime)))
    for original in originals:
        graph.add((event, ORG.originalOrganization, original))
        graph.add((original, ORG.changedBy, event))
    for result in results:
        graph.add((event, ORG.resultingOrganization, result))
        graph.add((result, ORG.resultedFrom, event))
    if decided_by is not None:
        graph.add((event, PROV.wasDerivedFrom, decided_by))
    return event
