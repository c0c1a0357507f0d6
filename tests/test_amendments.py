"""Amendment status in the graph: invented Vietnamese documents go through the real extractors and the
graph builder, and the documented query (docs/queries/amendments.rq) lists what changed what."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from graph.build import build_document_graph
from graph.ontology import validate
from graph.store import MemoryStore, OxigraphStore
from graph.vocab import ELI
from ingest.extract.pipeline import build_nlp, extract_document
from ingest.model import Header
from tests.samples import DocumentMaker

QUERY = Path(__file__).resolve().parent.parent / "docs" / "queries" / "amendments.rq"
DOC = "https://cancu.vn/id/doc/"
LATER = DOC + "hdnd-tinh-lang-son/nq/2025/20"
AMENDED = DOC + "hdnd-tinh-lang-son/nq/2023/8"
REPLACED = DOC + "hdnd-tinh-lang-son/nq/2021/11"
REPEALED = DOC + "ubnd-tinh-lang-son/qd/2020/30"


def _resolution():
    m = DocumentMaker("nq20_lang_son", Header(
        issuer="Hội đồng nhân dân tỉnh Lạng Sơn", symbol="20/2025/NQ-HĐND", number="20", date="2025-12-05",
        doc_type="Nghị quyết", title="Sửa đổi, bổ sung một số điều của Nghị quyết số 08/2023/NQ-HĐND"))
    m.pre("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;")
    m.pre("Xét Tờ trình số 55/TTr-UBND ngày 01/11/2025 của Ủy ban nhân dân tỉnh; Báo cáo thẩm tra số 12/BC-KTNS "
          "ngày 20/11/2025 của Ban Kinh tế - Ngân sách;")
    d1 = m.section("D1", "Điều 1", "Sửa đổi, bổ sung Nghị quyết số 08/2023/NQ-HĐND", kind="arabic")
    m.para(d1, "Sửa đổi, bổ sung khoản 2 Điều 12 của Nghị quyết số 08/2023/NQ-HĐND ngày 10/7/2023 của Hội đồng "
               "nhân dân tỉnh Lạng Sơn như sau:")
    d2 = m.section("D2", "Điều 2", "Kiến nghị", kind="arabic")
    m.para(d2, "Về đề nghị sửa đổi, bổ sung Nghị định số 61/2019/NĐ-CP ngày 08/10/2019 của Chính phủ: giao Ủy ban "
               "nhân dân tỉnh tổng hợp.")
    d3 = m.section("D3", "Điều 3", "Hiệu lực thi hành", kind="arabic")
    m.para(d3, "Nghị quyết này có hiệu lực từ ngày 01/01/2026, thay thế Nghị quyết số 11/2021/NQ-HĐND ngày "
               "20/9/2021 của Hội đồng nhân dân tỉnh Lạng Sơn.")
    m.para(d3, "Bãi bỏ Quyết định số 30/2020/QĐ-UBND ngày 05/5/2020 của Ủy ban nhân dân tỉnh Lạng Sơn.")
    return m.build()


def _plan():
    m = DocumentMaker("kh7_lang_son", Header(
        issuer="Ủy ban nhân dân tỉnh Lạng Sơn", symbol="7/KH-UBND", number="7", date="2024-01-15",
        doc_type="Kế hoạch", title="Kế hoạch thực hiện Nghị quyết số 08/2023/NQ-HĐND"))
    m.pre("Thực hiện Nghị quyết số 08/2023/NQ-HĐND ngày 10/7/2023 của Hội đồng nhân dân tỉnh Lạng Sơn;")
    return m.build()


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    nlp = build_nlp()
    return {doc.id: build_document_graph(extract_document(doc, nlp)) for doc in (_resolution(), _plan())}


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def store(request, graphs):
    instance = MemoryStore() if request.param == "memory" else OxigraphStore()
    for doc_id, graph in graphs.items():
        instance.add_document(doc_id, graph)
    yield instance
    instance.close()


def _rows(store) -> set[tuple]:
    result = store.query(QUERY.read_text(encoding="utf-8"))
    cols = [result.variables.index(c) for c in ("act", "relation", "later", "provisions")]
    return {tuple(None if row[i] is None else str(row[i]) for i in cols) for row in result.rows}


def test_the_query_lists_every_change_and_nothing_else(store):
    assert _rows(store) == {
        (AMENDED, "amends", LATER, "khoản 2 Điều 12"),
        (REPLACED, "replaces", LATER, None),
        (REPEALED, "repeals", LATER, None),
    }


def test_the_query_gives_the_later_act_its_date_and_the_evidence(store):
    result = store.query(QUERY.read_text(encoding="utf-8"))
    rows = [dict(zip(result.variables, row)) for row in result.rows]
    assert {str(r["laterDate"]) for r in rows} == {"2025-12-05"}
    assert {str(r["laterSymbol"]) for r in rows} == {"20/2025/NQ-HĐND"}
    assert all(str(r["actSymbol"]) in str(r["evidence"]) for r in rows)


def test_status_is_one_triple_pattern_on_the_cited_act_whoever_cites_it(store):
    # the plan cites 08/2023 as a basis; the resolution's graph marks the same node amended
    assert store.query(f"ASK {{ <{AMENDED}> <{ELI.amended_by}> <{LATER}> }}").boolean
    result = store.query(f"SELECT ?plan WHERE {{ ?plan <https://cancu.vn/ontology#implements> <{AMENDED}> }}")
    assert [str(r[0]) for r in result.rows] == [DOC + "ubnd-tinh-lang-son/kh/2024/7"]


def test_proposals_are_considered_not_basis(graphs):
    graph = graphs["nq20_lang_son"]
    considered = {str(o) for o in graph.objects(URIRef(LATER), URIRef("https://cancu.vn/ontology#considered"))}
    basis = {str(o) for o in graph.objects(URIRef(LATER), ELI.based_on)}
    assert len(considered) == 2 and all("/ttr/2025/55" in c or "/bc/2025/12" in c for c in considered)
    assert basis == {DOC + "qh15/luat/2025/72"}


def test_the_graph_conforms_and_a_one_sided_change_does_not(graphs):
    merged = Graph()
    for graph in graphs.values():
        merged += graph
    assert validate(merged).conforms
    merged.remove((URIRef(LATER), ELI.amends, URIRef(AMENDED)))
    result = validate(merged)
    assert not result.conforms
