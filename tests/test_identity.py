"""Document identity: one node per act across documents ingested one at a time (graph/iris.py,
graph/identity.py), from what the text says: type, issuer and its place, year, number."""
from __future__ import annotations

import pytest

from graph import iris
from graph.build import build_document_graph
from graph.identity import YearIndex
from graph.vocab import ELI
from ingest.extract.pipeline import build_nlp, extract_document
from ingest.model import Header
from tests.samples import DocumentMaker


@pytest.mark.parametrize("cited, home, key", [
    # a local body named without its place is the citing document's own
    (dict(symbol="153/KH-UBND", date="2025-11-18", issuer="UBND thành phố"), "thành phố Cần Thơ",
     "ubnd-thanh-pho-can-tho/kh/2025/153"),
    (dict(symbol="153/KH-UBND", date="2025-11-18", issuer="Ủy ban nhân dân thành phố Cần Thơ"), "tỉnh Hậu Giang",
     "ubnd-thanh-pho-can-tho/kh/2025/153"),
    (dict(symbol="84/2025/QĐ-UBND", issuer=None), "tỉnh Lạng Sơn", "ubnd-tinh-lang-son/qd/2025/84"),
    (dict(symbol="84/2025/QĐ-UBND", issuer=None), "tỉnh Cao Bằng", "ubnd-tinh-cao-bang/qd/2025/84"),
    # another level than the home's: which district is not said
    (dict(symbol="12/QĐ-UBND", date="2024-02-01", issuer="UBND huyện"), "tỉnh Lai Châu", "ubnd/qd/2024/12"),
    # national bodies never take a place
    (dict(symbol="90/QĐ-TTg", date="2022-01-18"), "tỉnh Lai Châu", "ttg/qd/2022/90"),
    (dict(symbol="27/2022/NĐ-CP"), "tỉnh Lai Châu", "cp/nd/2022/27"),
])
def test_document_key(cited, home, key):
    assert iris.document_key(home=home, **cited) == key


def _doc(doc_id: str, header: Header, *preamble: str):
    m = DocumentMaker(doc_id, header)
    for line in preamble:
        m.pre(line)
    return m.build()


@pytest.fixture(scope="module")
def extractions():
    nlp = build_nlp()
    docs = [
        _doc("kh_dated", Header(issuer="Ủy ban nhân dân tỉnh Lạng Sơn", symbol="5/KH-UBND", number="5",
                                date="2024-03-01", doc_type="Kế hoạch", title="Kế hoạch giảm nghèo"),
             "Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ;",
             "Căn cứ Quyết định số 12/QĐ-TTg ngày 02/01/2022 của Thủ tướng Chính phủ;"),
        _doc("kh_undated", Header(issuer="Ủy ban nhân dân tỉnh Cao Bằng", symbol="9/KH-UBND", number="9",
                                  date="2024-05-02", doc_type="Kế hoạch", title="Kế hoạch giảm nghèo"),
             "Căn cứ Quyết định số 90/QĐ-TTg của Thủ tướng Chính phủ;",
             "Thực hiện Kế hoạch số 5/KH-UBND ngày 01/3/2024 của Ủy ban nhân dân tỉnh Lạng Sơn;",
             "Căn cứ Quyết định số 12/QĐ-TTg ngày 05/01/2023 của Thủ tướng Chính phủ;"),
        _doc("qd_two_years", Header(issuer="Ủy ban nhân dân tỉnh Cao Bằng", symbol="30/QĐ-UBND", number="30",
                                    date="2024-06-02", doc_type="Quyết định", title="Quyết định giao vốn"),
             "Căn cứ Quyết định số 12/QĐ-TTg của Thủ tướng Chính phủ;"),
    ]
    return [extract_document(d, nlp) for d in docs]


def _cited(graph, doc_iri):
    return {str(o) for o in graph.objects(doc_iri, None) if str(o).startswith("https://cancu.vn/id/doc/")}


def test_an_undated_citation_meets_the_dated_act_and_the_document_itself(extractions):
    years = YearIndex.of(extractions)
    graph = build_document_graph(extractions[1], years=years)
    doc = iris.document_iri(symbol="9/KH-UBND", date="2024-05-02", issuer="Ủy ban nhân dân tỉnh Cao Bằng")
    cited = {str(o) for o in graph.objects(doc, ELI.based_on)} | \
        {str(o) for o in graph.objects(doc, iris.URIRef("https://cancu.vn/ontology#implements"))}
    assert cited == {"https://cancu.vn/id/doc/ttg/qd/2022/90",  # no date in this text: the corpus knows it
                     "https://cancu.vn/id/doc/ubnd-tinh-lang-son/kh/2024/5",  # the plan of document kh_dated
                     "https://cancu.vn/id/doc/ttg/qd/2023/12"}
    own = build_document_graph(extractions[0], years=years)
    assert (iris.URIRef("https://cancu.vn/id/doc/ubnd-tinh-lang-son/kh/2024/5"), ELI.id_local, None) in own


def test_without_a_corpus_year_the_citation_stays_undated(extractions):
    graph = build_document_graph(extractions[1])
    assert any(str(o).endswith("ttg/qd/undated/90") for o in graph.objects())


def test_two_years_known_leave_an_undated_citation_apart(extractions):
    years = YearIndex.of(extractions)
    graph = build_document_graph(extractions[2], years=years)
    nodes = {str(o) for o in graph.objects() if "/ttg/qd/" in str(o) and str(o).endswith("/12")}
    assert nodes == {"https://cancu.vn/id/doc/ttg/qd/undated/12"}  # 2022 and 2023 are both known
