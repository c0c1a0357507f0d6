"""The built graph satisfies the shapes; each kind of breakage is caught."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF

from graph.build import build_document_graph
from graph.ontology import ontology_graph, shapes_graph, validate
from graph.vocab import CANCU, ELI, ROLE
from tests.samples import plan_phong_tho_out_of_poverty, sample_extractions


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return ontology_graph()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return shapes_graph()


def test_ontology_and_shapes_parse(ontology, shapes):
    assert (None, RDF.type, None) in ontology
    assert len(shapes) > 50


def test_every_term_of_ours_has_vietnamese_and_english_labels(ontology):
    from rdflib.namespace import OWL, RDFS

    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in ontology.subjects(RDF.type, kind):
            if not str(term).startswith(str(CANCU)):
                continue
            languages = {label.language for label in ontology.objects(term, RDFS.label)}
            assert {"vi", "en"} <= languages, term


@pytest.mark.parametrize("extraction", sample_extractions(), ids=lambda e: e.document.id)
def test_each_built_document_conforms(extraction, ontology, shapes):
    result = validate(build_document_graph(extraction), ontology=ontology, shapes=shapes)
    assert result.conforms, result.report


def test_the_merged_sample_corpus_conforms(ontology, shapes):
    merged = Graph()
    for extraction in sample_extractions():
        merged += build_document_graph(extraction)
    result = validate(merged, ontology=ontology, shapes=shapes)
    assert result.conforms, result.report


def _first(graph: Graph, cls):
    return next(graph.subjects(RDF.type, cls))


def _drop_provenance(g: Graph) -> None:
    g.remove((_first(g, CANCU.Target), PROV.wasDerivedFrom, None))


def _reverse_span(g: Graph) -> None:
    g.set((_first(g, CANCU.Citation), CANCU.startOffset, Literal(10**6)))


def _commune_missing(g: Graph) -> None:
    g.remove((next(g.subjects(CANCU.role, ROLE.in_charge_commune)), CANCU.commune, None))


def _unknown_relation(g: Graph) -> None:
    g.set((_first(g, CANCU.Citation), CANCU.relation, CANCU.somethingElse))


def _negative_budget(g: Graph) -> None:
    g.set((_first(g, CANCU.Budget), CANCU.startOffset, Literal(0)))
    from graph.vocab import QUDT

    g.set((_first(g, CANCU.Budget), QUDT.numericValue, Literal(-5)))


def _clause_without_text(g: Graph) -> None:
    g.remove((_first(g, CANCU.Clause), CANCU.text, None))


def _fact_from_missing_clause(g: Graph) -> None:
    from rdflib import URIRef

    g.set((_first(g, CANCU.Assignment), PROV.wasDerivedFrom, URIRef("https://cancu.vn/id/clause/x/nowhere")))


def _cited_document_blank(g: Graph) -> None:
    citation = _first(g, CANCU.Citation)
    cited = g.value(citation, CANCU.citedDocument)
    g.remove((cited, ELI.id_local, None))
    g.remove((cited, ELI.title, None))


@pytest.mark.parametrize("breakage", [
    _drop_provenance, _reverse_span, _commune_missing, _unknown_relation, _negative_budget,
    _clause_without_text, _fact_from_missing_clause, _cited_document_blank,
], ids=lambda f: f.__name__.strip("_"))
def test_a_broken_graph_fails(breakage, ontology, shapes):
    graph = build_document_graph(plan_phong_tho_out_of_poverty())
    breakage(graph)
    result = validate(graph, ontology=ontology, shapes=shapes)
    assert not result.conforms
    assert result.violations >= 1
