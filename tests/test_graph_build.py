"""From extractions to RDF: stable IRIs, shared nodes, provenance, programme structure."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import ORG, PROV, RDF, SKOS

from graph import iris
from graph.build import build_document_graph
from graph.programmes import programme_name
from graph.reorg import change_event
from graph.vocab import CANCU, ELI, FUNDING, ID
from ingest.model import Extraction, Header, Reference
from tests.samples import (
    DocumentMaker,
    plan_muong_lay,
    plan_phong_tho_2022,
    plan_phong_tho_out_of_poverty,
    sample_extractions,
)

DOC = ID + "doc/"


# ----------------------------------------------------------------------------- symbols and keys

@pytest.mark.parametrize(
    "symbol, number, year, type_code, issuer_code",
    [
        ("90/QĐ-TTg", "90", None, "qd", "TTg"),
        ("90/QD-TTG", "90", None, "qd", "TTG"),  # Đ written as D, TTg in capitals
        ("27/2022/NĐ-CP", "27", 2022, "nd", "CP"),
        ("09 / 2018 / TT - NHNN", "9", 2018, "tt", "NHNN"),  # spaces inside the symbol
        ("80/2015/QH13", "80", 2015, None, "QH13"),  # a law: no type code
        ("04-NQ/HU", "4", None, "nq", "HU"),  # Party document
        ("482/SLĐTBXH-BTXH", "482", None, None, "SLĐTBXH-BTXH"),  # official letter
        ("12/ĐA-UBND", "12", None, "dean", "UBND"),  # đề án, not dự án
        ("02/2023/TTLT-BTC-BLĐTBXH", "2", 2023, "ttlt", "BTC-BLĐTBXH"),
    ],
)
def test_parse_symbol(symbol, number, year, type_code, issuer_code):
    parts = iris.parse_symbol(symbol)
    assert (parts.number, parts.year, parts.type_code, parts.issuer_code) == (number, year, type_code, issuer_code)


@pytest.mark.parametrize("symbol", [None, "", "Quyết định", "số/QĐ-TTg"])
def test_parse_symbol_rejects_non_symbols(symbol):
    assert iris.parse_symbol(symbol) is None


@pytest.mark.parametrize(
    "name, locality",
    [
        ("Ủy ban nhân dân huyện Phong Thổ", "huyện Phong Thổ"),
        ("UBND tỉnh Lai Châu", "tỉnh Lai Châu"),
        ("Huyện ủy Phong Thổ", "huyện Phong Thổ"),
        ("Sở Lao động - Thương binh và Xã hội tỉnh Lai Châu", "tỉnh Lai Châu"),  # "Xã hội" is no commune
        ("ỦY BAN NHÂN DÂN THỊ XÃ MƯỜNG LAY", "thị xã MƯỜNG LAY"),
        ("UBND Phường 3", "phường 3"),
        ("Thủ tướng Chính phủ", None),
        ("Phòng Lao động - Thương binh và Xã hội", None),
    ],
)
def test_locality_of(name, locality):
    assert iris.locality_of(name) == locality


@pytest.mark.parametrize(
    "fields, key",
    [
        ({"symbol": "90/QĐ-TTg", "date": "2022-01-18", "issuer": "Thủ tướng Chính phủ"}, "ttg/qd/2022/90"),
        ({"symbol": "90/QĐ-TTg", "date": "2023-02-12"}, "ttg/qd/2023/90"),
        ({"symbol": "90/QD-TTG", "year": 2022}, "ttg/qd/2022/90"),
        ({"symbol": "27/2022/NĐ-CP"}, "cp/nd/2022/27"),  # the year is in the symbol
        ({"symbol": "90/QĐ-TTg"}, "ttg/qd/undated/90"),  # no year: documented fallback
        ({"symbol": "459/KH-UBND", "date": "2023-02-15", "issuer": "UBND tỉnh Lai Châu"},
         "ubnd-tinh-lai-chau/kh/2023/459"),
        ({"symbol": "459/KH-UBND", "date": "2023-02-15", "issuer": "Ủy ban nhân dân tỉnh Lai Châu"},
         "ubnd-tinh-lai-chau/kh/2023/459"),
        ({"symbol": "04-NQ/HU", "date": "2022-12-22", "issuer": "Huyện ủy Phong Thổ"}, "hu-huyen-phong-tho/nq/2022/4"),
        # a number without a symbol: the code comes from the issuer's name
        ({"number": "04", "doc_type": "Nghị quyết", "date": "2022-12-22", "issuer": "Huyện ủy Phong Thổ"},
         "hu-huyen-phong-tho/nq/2022/4"),
        ({"symbol": "80/2015/QH13", "doc_type": "Luật"}, "qh13/luat/2015/80"),
        ({"name": "Luật Ngân sách nhà nước", "doc_type": "Luật"}, "named/luat-ngan-sach-nha-nuoc"),
        ({"corpus_id": "000_571cade1eccd0710"}, "corpus/000_571cade1eccd0710"),
    ],
)
def test_document_key(fields, key):
    assert iris.document_key(**fields) == key


def test_same_decision_cited_by_two_plans_is_one_node():
    merged = build_document_graph(plan_phong_tho_2022()) + build_document_graph(plan_phong_tho_out_of_poverty())
    nodes = set(merged.subjects(ELI.id_local, Literal("90/QĐ-TTg")))
    assert nodes == {URIRef(DOC + "ttg/qd/2022/90")}
    citing = set(merged.subjects(ELI.based_on, URIRef(DOC + "ttg/qd/2022/90")))
    assert len(citing) == 2


def _plan_citing(symbol_dates: list[tuple[str, str]]) -> Extraction:
    m = DocumentMaker("t_two_years", Header(issuer="Ủy ban nhân dân huyện Bắc Hà", doc_type="Kế hoạch",
                                             title="Kế hoạch thử"))
    refs = []
    for symbol, date in symbol_dates:
        day, month, year = date[8:], date[5:7], date[:4]
        clause = m.pre(f"Căn cứ Quyết định số {symbol} ngày {day}/{month}/{year} của Thủ tướng Chính phủ;")
        refs.append(Reference(text=clause.text, clause_id=clause.id, span=m.span(clause, symbol), relation="basis",
                              symbol=symbol, number=symbol.split("/")[0], doc_type="Quyết định",
                              issuer="Thủ tướng Chính phủ", date=date))
    return Extraction(document=m.build(), references=refs)


def test_same_number_in_two_years_is_two_nodes():
    graph = build_document_graph(_plan_citing([("90/QĐ-TTg", "2022-01-18"), ("90/QĐ-TTg", "2023-02-12")]))
    nodes = set(graph.subjects(ELI.id_local, Literal("90/QĐ-TTg")))
    assert nodes == {URIRef(DOC + "ttg/qd/2022/90"), URIRef(DOC + "ttg/qd/2023/90")}


def test_agencies_are_scoped_by_locality_but_share_a_type():
    merged = build_document_graph(plan_phong_tho_out_of_poverty()) + build_document_graph(plan_muong_lay())
    phong_tho = URIRef(ID + "agency/huyen-phong-tho/phong-lao-dong-thuong-binh-va-xa-hoi")
    muong_lay = URIRef(ID + "agency/thi-xa-muong-lay/phong-lao-dong-thuong-binh-va-xa-hoi")
    kind = URIRef(ID + "agency-type/phong-lao-dong-thuong-binh-va-xa-hoi")
    assert {phong_tho, muong_lay} <= set(merged.subjects(RDF.type, ORG.Organization))
    assert set(merged.objects(phong_tho, ORG.classification)) == {kind}
    assert set(merged.objects(muong_lay, ORG.classification)) == {kind}
    assert merged.value(phong_tho, SKOS.prefLabel) == Literal(
        "Phòng Lao động - Thương binh và Xã hội huyện Phong Thổ", lang="vi")


def test_issuer_and_extracted_agency_meet_on_one_node():
    """The plan's issuer (header) and "Ủy ban nhân dân huyện" named in a task are one body."""
    graph = build_document_graph(plan_phong_tho_2022())
    doc = URIRef(DOC + "ubnd-huyen-phong-tho/kh/2022/245")
    issuer = graph.value(doc, ELI.passed_by)
    assert issuer == URIRef(ID + "agency/huyen-phong-tho/uy-ban-nhan-dan")
    assert issuer in set(graph.objects(None, CANCU.agency))


def test_document_without_symbol_is_keyed_on_corpus_id():
    graph = build_document_graph(plan_phong_tho_out_of_poverty())
    doc = URIRef(DOC + "corpus/s2_phong_tho_thoat_ngheo")
    assert (doc, RDF.type, CANCU.Plan) in graph
    assert graph.value(doc, CANCU.corpusId) == Literal("s2_phong_tho_thoat_ngheo")


def test_building_twice_gives_the_same_graph():
    assert isomorphic(build_document_graph(plan_phong_tho_2022()), build_document_graph(plan_phong_tho_2022()))
    assert set(build_document_graph(plan_muong_lay())) == set(build_document_graph(plan_muong_lay()))


def test_graph_is_named_after_the_document():
    extraction = plan_muong_lay()
    assert build_document_graph(extraction).identifier == iris.graph_iri(extraction.document.id)


# ------------------------------------------------------------------------------- provenance

@pytest.mark.parametrize("extraction", sample_extractions(), ids=lambda e: e.document.id)
@pytest.mark.parametrize("fact_class", [CANCU.Citation, CANCU.Assignment, CANCU.Target, CANCU.Budget,
                                        CANCU.PlaceMention])
def test_every_fact_points_to_its_clause_and_span(extraction, fact_class):
    graph = build_document_graph(extraction)
    text = extraction.document.text
    facts = list(graph.subjects(RDF.type, fact_class))
    for fact in facts:
        clause = graph.value(fact, PROV.wasDerivedFrom)
        assert (clause, RDF.type, CANCU.Clause) in graph
        start, end = int(graph.value(fact, CANCU.startOffset)), int(graph.value(fact, CANCU.endOffset))
        clause_start, clause_end = int(graph.value(clause, CANCU.startOffset)), int(graph.value(clause, CANCU.endOffset))
        assert clause_start <= start <= end <= clause_end
        assert text[start:end] in str(graph.value(clause, CANCU.text))


def test_citation_keeps_relation_and_direct_link():
    graph = build_document_graph(plan_phong_tho_out_of_poverty())
    doc = URIRef(DOC + "corpus/s2_phong_tho_thoat_ngheo")
    party = URIRef(DOC + "hu-huyen-phong-tho/nq/2022/4")
    assert (doc, CANCU.implements, party) in graph
    citation = next(graph.subjects(CANCU.citedDocument, party))
    assert graph.value(citation, CANCU.relation) == URIRef(ID + "relation/implements")
    assert graph.value(citation, CANCU.asWritten) == Literal("Nghị quyết số 04-NQ/HU ngày 22/12/2022 của Huyện ủy Phong Thổ")


# ------------------------------------------------------------------------- programmes, codes

def test_programme_approved_by_the_cited_decision_with_projects_below_it():
    graph = build_document_graph(plan_phong_tho_2022())
    programme = URIRef(ID + "programme/chuong-trinh-muc-tieu-quoc-gia-giam-ngheo-ben-vung")
    assert graph.value(programme, CANCU.approvedBy) == URIRef(DOC + "ttg/qd/2022/90")
    assert graph.value(programme, CANCU.period) == URIRef(ID + "time/2021-2025")
    assert graph.value(programme, SKOS.prefLabel) == Literal(
        "Chương trình mục tiêu quốc gia giảm nghèo bền vững", lang="vi")
    project4 = URIRef(f"{programme}/du-an-4")
    subproject = URIRef(f"{programme}/du-an-6/tieu-du-an-2")
    assert graph.value(project4, SKOS.broader) == programme
    assert graph.value(subproject, SKOS.broader) == URIRef(f"{programme}/du-an-6")
    assert (None, CANCU.aboutProject, project4) in graph  # the section and its budget


def test_programme_name_variants_meet():
    """"Chương trình MTQG ..." and "Chương trình mục tiêu Quốc gia ..., giai đoạn" are one programme."""
    programmes = [set(build_document_graph(e).subjects(RDF.type, CANCU.Programme))
                  for e in (plan_phong_tho_2022(), plan_muong_lay())]
    assert programmes[0] == programmes[1]


@pytest.mark.parametrize("written, name", [
    ("Chương trình mục tiêu Quốc gia giảm nghèo bền vững, giai đoạn 2021-2025",
     "Chương trình mục tiêu Quốc gia giảm nghèo bền vững"),
    ("Chương trình MTQG giảm nghèo bền vững giai đoạn 2021-2025 trên địa bàn thị xã Mường Lay",
     "Chương trình MTQG giảm nghèo bền vững"),
    ("chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi "
     "giai đoạn 2021-2030; giai đoạn I từ 2021-2025",
     "Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi"),
    ("Chương trình xây dựng nông thôn mới năm 2024", "Chương trình xây dựng nông thôn mới"),
])
def test_programme_name_drops_phase_and_place(written, name):
    assert programme_name(written) == name


def test_a_plan_naming_its_programme_in_the_title_joins_it_without_citing_the_approval():
    extraction = plan_muong_lay()
    extraction.references = []
    graph = build_document_graph(extraction)
    programme = URIRef(ID + "programme/chuong-trinh-muc-tieu-quoc-gia-giam-ngheo-ben-vung")
    assert graph.value(URIRef(DOC + "corpus/s3_muong_lay"), CANCU.programme) == programme
    assert (URIRef(f"{programme}/du-an-2"), SKOS.broader, programme) in graph


@pytest.mark.parametrize("source, key", [("NSTW", "nstw"), ("NSĐP", "nsdp"), ("ngân sách trung ương", "nstw"),
                                         ("vốn tín dụng", "von-tin-dung"), ("lồng ghép", "long-ghep"),
                                         ("dân góp", "dan-gop"), (None, "khong-ro")])
def test_funding_sources_are_code_list_values(source, key):
    extraction = plan_muong_lay()
    extraction.budgets[0].source = source
    graph = build_document_graph(extraction)
    assert set(graph.objects(None, CANCU.fundingSource)) == {FUNDING[key]}


def test_commune_in_an_assignment_reuses_the_coded_place():
    graph = build_document_graph(plan_phong_tho_out_of_poverty())
    communes = set(graph.objects(None, CANCU.commune))
    assert communes == {URIRef(ID + "place/code/03565"), URIRef(ID + "place/code/03550")}


def test_change_event_links_old_and_new_bodies():
    old = iris.agency_iri("Phòng Lao động - Thương binh và Xã hội", "huyện Phong Thổ")
    new = iris.agency_iri("Sở Nội vụ", "tỉnh Lai Châu")
    graph = Graph()
    event = change_event([old], [new], date="2025-07-01", graph=graph)
    assert graph.value(new, ORG.resultedFrom) == event
    assert graph.value(event, ORG.originalOrganization) == old
