"""One registry of fact kinds (ingest/facts.py): every part that handles "each kind of fact" reads it, so
the registry, the extraction record, the pipeline, the evaluation JSON, the build folder's JSON, the graph
builder, the ontology and the counts cannot drift apart. The outputs themselves are pinned elsewhere
(tests/test_extract_equivalence.py, the scorer's figures, the graph tests)."""
from __future__ import annotations

import json
import typing
from dataclasses import fields

from rdflib import RDF, URIRef
from rdflib.namespace import OWL

from graph.build import _Builder, build_document_graph
from graph.ontology import ontology_graph
from graph.vocab import CANCU
from ingest.extract.pipeline import build_nlp, extract_document, extraction_to_json
from ingest.facts import BY_CLASS, FACTS, count, counts
from ingest.model import Extraction, Header
from ingest.serialize import extraction_from_dict, extraction_to_dict
from search.passages import passages_from_document
from tests.samples import DocumentMaker


def _plan():
    m = DocumentMaker("kh3_cao_phong", Header(
        issuer="Ủy ban nhân dân huyện Cao Phong", symbol="3/KH-UBND", number="3", date="2024-02-01",
        doc_type="Kế hoạch", title="Kế hoạch giảm nghèo bền vững năm 2024"))
    m.pre("Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ;")
    s = m.section("I", "I", "MỤC TIÊU VÀ NHIỆM VỤ", kind="roman")
    m.para(s, "Tỷ lệ hộ nghèo giảm 2% trong năm 2024.", marker="-")
    m.para(s, "Phòng Lao động - Thương binh và Xã hội chủ trì, Ủy ban nhân dân xã Bắc Phong phụ trách xã Bắc Phong.",
           marker="-")
    m.para(s, "Kinh phí thực hiện 500 triệu đồng từ ngân sách trung ương.", marker="-")
    return m.build()


def test_the_extraction_holds_one_typed_list_per_registered_kind():
    hints = typing.get_type_hints(Extraction)
    lists = [f.name for f in fields(Extraction) if f.name != "document"]
    assert lists == [k.name for k in FACTS]
    for kind in FACTS:
        assert hints[kind.name] == list[kind.record]


def test_every_kind_has_a_finder_a_graph_builder_and_an_ontology_class():
    ontology = ontology_graph()
    for kind in FACTS:
        assert callable(kind.finder)
        assert callable(getattr(_Builder, f"build_{kind.name}"))
        assert (URIRef(CANCU[kind.rdf_class]), RDF.type, OWL.Class) in ontology
        assert BY_CLASS[kind.rdf_class] is kind


def test_every_registered_kind_flows_through_pipeline_json_serialisation_graph_and_counts():
    nlp = build_nlp()
    assert [name for name, _ in nlp.pipeline] == [k.component for k in FACTS]
    extraction = extract_document(_plan(), nlp)
    found = counts(extraction)
    assert set(found) == {k.name for k in FACTS} and count(extraction) == sum(found.values())
    assert all(found[name] for name in ("references", "assignments", "places", "targets", "budgets")), found
    record = extraction_to_json(extraction)
    assert {k: len(record[k]) for k in found} == found
    assert all(row["text"] for k in found for row in record[k])
    data = json.loads(json.dumps(extraction_to_dict(extraction), ensure_ascii=False))
    assert extraction_to_dict(extraction_from_dict(data)) == extraction_to_dict(extraction)
    assert extraction_from_dict(data).assignments[0].agency.canonical  # nested records come back as records
    graph = build_document_graph(extraction)
    for kind in FACTS:
        assert len(set(graph.subjects(RDF.type, CANCU[kind.rdf_class]))) == found[kind.name], kind.name
    metadata = {p.id: p.metadata for p in passages_from_document(extraction.document, extraction=extraction)}
    assert any("agencies" in m for m in metadata.values()) and any("communes" in m for m in metadata.values())
