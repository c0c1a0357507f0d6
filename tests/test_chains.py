"""Implementation chains and truthful evidence: invented Vietnamese documents go through the real
extractors and the graph builder into a store; `governing` must reach each governing document by the way
the texts give, and say of each step whether it is direct (the task's clause cites it), inherited (the
section, the lead-in or the plan's opening cites it) or derived (programme approval, a programme named
in a title). No step may name a clause that does not cite the step's target."""
from __future__ import annotations

import pytest

import answers as A
from answers.knowledge import Knowledge
from answers.model import ReadModel
from answers.text import symbol_key
from graph.build import build_document_graph
from graph.programmes import approved_after, approved_programme, document_term, programme_name
from graph.store import MemoryStore, load_ontology
from graph.vocab import CANCU
from graph.identity import YearIndex
from ingest.extract.pipeline import build_nlp, extract_document
from ingest.model import Header
from tests.samples import DocumentMaker

MINISTRY = "Bộ Văn hóa, Thể thao và Du lịch"


def _province_plan():
    """A province's plan carrying out a ministry's programme; the approval is in its legal basis."""
    m = DocumentMaker("kh12_hoa_binh", Header(
        issuer="Ủy ban nhân dân tỉnh Hòa Bình", symbol="12/KH-UBND", number="12", date="2023-02-20",
        doc_type="Kế hoạch", title="Kế hoạch thực hiện Chương trình phát triển văn hóa đọc trên địa bàn tỉnh năm 2023"))
    m.pre(f"Căn cứ Quyết định số 55/QĐ-BVHTTDL ngày 10/01/2022 của {MINISTRY} (nay là Bộ Văn hóa) về việc phê "
          "duyệt Chương trình phát triển văn hóa đọc trong cộng đồng giai đoạn 2022-2025;")
    s = m.section("I", "I", "NHIỆM VỤ", kind="roman")
    m.para(s, "Sở Văn hóa, Thể thao và Du lịch chủ trì tổ chức Ngày sách và văn hóa đọc Việt Nam.", marker="-")
    return m.build()


def _district_plan():
    """A district's plan whose opening says only "Thực hiện Kế hoạch số 12/KH-UBND ..." (no "Căn cứ")."""
    m = DocumentMaker("kh30_lac_son", Header(
        issuer="Ủy ban nhân dân huyện Lạc Sơn", symbol="30/KH-UBND", number="30", date="2023-03-15",
        doc_type="Kế hoạch", title="Kế hoạch xây dựng tủ sách cộng đồng năm 2023"))
    m.pre("Thực hiện Kế hoạch số 12/KH-UBND ngày 20/02/2023 của Ủy ban nhân dân tỉnh Hòa Bình về thực hiện "
          "Chương trình phát triển văn hóa đọc trên địa bàn tỉnh năm 2023;")
    s = m.section("II", "II", "NỘI DUNG THỰC HIỆN", kind="roman")
    books = m.section("II.1", "1", "Xây dựng tủ sách cộng đồng", parent=s)
    m.para(books, "Thực hiện theo Hướng dẫn số 05/HD-SVHTTDL ngày 01/3/2023 của Sở Văn hóa, Thể thao và Du lịch.",
           marker="-")
    m.para(books, "Phòng Văn hóa và Thông tin chủ trì xây dựng tủ sách tại các xã, thị trấn.", marker="-")
    return m.build()


def _amending_resolution():
    """An amending resolution: the act it amends is named by the article above the amended text."""
    m = DocumentMaker("nq9_hoa_binh", Header(
        issuer="Hội đồng nhân dân tỉnh Hòa Bình", symbol="9/2025/NQ-HĐND", number="9", date="2025-07-01",
        doc_type="Nghị quyết", title="Sửa đổi, bổ sung một số điều của Nghị quyết số 3/2022/NQ-HĐND"))
    m.pre("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;")
    article = m.section("D1", "Điều 1", "", kind="arabic")
    m.para(article, "Sửa đổi, bổ sung một số điều của Nghị quyết số 3/2022/NQ-HĐND ngày 10/3/2022 của Hội đồng "
                    "nhân dân tỉnh Hòa Bình như sau:")
    item = m.section("D1.1", "1", "Bổ sung khoản 4 Điều 3 như sau", parent=article)
    m.para(item, "“4. Thư viện cấp xã được hỗ trợ 20 triệu đồng mỗi năm để bổ sung sách.”")
    return m.build()


def _scheme_plan():
    """A commune plan implementing a decision that itself approves a scheme (Đề án)."""
    m = DocumentMaker("kh4_tan_lac", Header(
        issuer="Ủy ban nhân dân xã Mãn Đức", symbol="4/KH-UBND", number="4", date="2024-01-10",
        doc_type="Kế hoạch", title="Kế hoạch chuyển đổi số năm 2024"))
    m.pre("Thực hiện Quyết định số 99/QĐ-UBND ngày 05/01/2024 của Ủy ban nhân dân tỉnh Hòa Bình phê duyệt Đề án "
          "chuyển đổi số tỉnh Hòa Bình giai đoạn 2024-2026;")
    s = m.section("I", "I", "NHIỆM VỤ", kind="roman")
    m.para(s, "Công chức Văn phòng - Thống kê số hóa hồ sơ thủ tục hành chính.", marker="-")
    return m.build()


@pytest.fixture(scope="module")
def model() -> ReadModel:
    nlp = build_nlp()
    docs = (_province_plan(), _district_plan(), _scheme_plan(), _amending_resolution())
    extractions = [extract_document(doc, nlp) for doc in docs]
    years = YearIndex.of(extractions)
    store = MemoryStore()
    load_ontology(store)
    for e in extractions:
        store.add_document(e.document.id, build_document_graph(e, years=years))
    return ReadModel(store)


def _task(model: ReadModel, doc_id: str, words: str) -> str:
    doc = model.document(doc_id)
    return next(c.id for c in doc.clauses.values() if words in c.text)


def _by_symbol(answer: A.BasisAnswer) -> dict[str, A.records.Governing]:
    return {symbol_key(g.document.symbol): g for g in answer.documents if g.document.symbol}


def assert_truthful(model: ReadModel, answer: A.BasisAnswer) -> None:
    """Every step that names a clause names one that cites the step's target; a direct step is the
    task's own clause; an answer's evidence is the strongest of its routes."""
    kb = Knowledge(model)
    tasks = {t.clause.clause_id for t in answer.tasks}
    for g in answer.documents:
        assert g.path, g.document.label
        for step in g.path:
            assert step.evidence in ("direct", "inherited", "derived")
            if step.clause is not None and step.target_iri:
                cited = {r.cited for r in kb.refs_of(step.clause.clause_id)}
                assert step.target_iri in cited, (step.text, step.clause.clause_id)
            if step.evidence == "direct":
                assert step.clause is not None and step.clause.clause_id in tasks
            if step.link in ("in_programme", "programme_of"):
                assert step.clause is None  # read from headings or titles: no clause says it
        for c in g.citations:
            assert any(r.cited in _iris_of(model, g.document) for r in kb.refs_of(c.clause.clause_id))


def _iris_of(model: ReadModel, document) -> set[str]:
    key = A.knowledge.document_key(document)
    return {d.iri for d in model.legal_docs().values()
            if A.knowledge.document_key(Knowledge(model).cited_iri(d.iri)) == key}


def test_a_plan_that_only_implements_gets_a_basis_and_the_programme_decision(model):
    clause = _task(model, "kh30_lac_son", "Phòng Văn hóa và Thông tin chủ trì")
    answer = A.governing(model, None, clause_id=clause)
    found = _by_symbol(answer)
    implemented = found[symbol_key("12/KH-UBND")]
    assert implemented.reasons == ["plan_implements"] and implemented.evidence == "inherited"
    assert [s.link for s in implemented.path] == ["plan_implements"]
    assert implemented.path[0].clause.clause_id == "kh30_lac_son:pre.p1"

    approving = found[symbol_key("55/QĐ-BVHTTDL")]
    assert approving.reasons == ["implemented_programme"] and approving.evidence == "derived"
    assert [(s.link, s.evidence) for s in approving.path] == [
        ("plan_implements", "inherited"), ("programme_of", "derived"), ("approved_by", "derived")]
    assert "phát triển văn hóa đọc" in approving.path[1].target.lower()
    # the approval is read where the province's plan cites the ministry's decision
    assert approving.path[2].clause.clause_id == "kh12_hoa_binh:pre.p1"
    assert approving.document.issuer and "Văn hóa" in approving.document.issuer

    guide = found[symbol_key("05/HD-SVHTTDL")]
    assert guide.reasons == ["cited_in_section"] and guide.evidence == "inherited"
    assert_truthful(model, answer)


def test_the_clause_that_cites_is_direct(model):
    clause = _task(model, "kh30_lac_son", "Hướng dẫn số 05/HD-SVHTTDL")
    answer = A.governing(model, None, clause_id=clause)
    first = answer.documents[0]
    assert symbol_key(first.document.symbol) == symbol_key("05/HD-SVHTTDL")
    assert first.evidence == "direct" and first.path[0].clause.clause_id == clause
    assert_truthful(model, answer)


def test_an_implemented_decision_that_approves_a_scheme_is_the_programme_step_itself(model):
    clause = _task(model, "kh4_tan_lac", "số hóa hồ sơ")
    answer = A.governing(model, None, clause_id=clause)
    found = _by_symbol(answer)
    decision = found[symbol_key("99/QĐ-UBND")]
    assert decision.reasons == ["plan_implements"]
    assert decision.document.programme and decision.document.programme.startswith("Đề án chuyển đổi số")
    assert not [g for g in answer.documents if "implemented_programme" in g.reasons]  # nothing beyond it
    assert_truthful(model, answer)


def test_the_article_above_an_amended_text_names_the_act_it_amends(model):
    clause = _task(model, "nq9_hoa_binh", "Thư viện cấp xã")
    answer = A.governing(model, None, clause_id=clause)
    amended = _by_symbol(answer)[symbol_key("3/2022/NQ-HĐND")]
    assert amended.reasons[0] == "cited_in_heading" and amended.evidence == "inherited"
    assert amended.path[0].clause.clause_id == "nq9_hoa_binh:D1.p1"  # the article's own sentence cites it
    assert_truthful(model, answer)


def test_a_ministry_decision_is_linked_to_the_programme_it_approves(model):
    programmes = {p.name: p for p in model.programmes.values()}
    reading = next(p for name, p in programmes.items() if "văn hóa đọc" in name.lower())
    assert reading.approved_by == ["https://cancu.vn/id/doc/bvhttdl/qd/2022/55"]
    scheme = next(p for name, p in programmes.items() if name.lower().startswith("đề án chuyển đổi số"))
    assert scheme.approved_by == ["https://cancu.vn/id/doc/ubnd-tinh-hoa-binh/qd/2024/99"]
    assert CANCU.approvedBy  # the documented property


@pytest.mark.parametrize("title, name", [
    ("về phê duyệt Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025",
     "Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025"),
    ("phê duyệt Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030 (sau đây gọi là Chương trình)",
     "Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030"),
    ("về việc phê duyệt Chương trình “Quan trắc môi trường nông nghiệp đến năm 2035” và Kế hoạch khác",
     "Chương trình Quan trắc môi trường nông nghiệp đến năm 2035"),
    ("phê duyệt Đề án phát triển du lịch cộng đồng tỉnh Sơn La", "Đề án phát triển du lịch cộng đồng tỉnh Sơn La"),
    ("ban hành Chương trình hành động thực hiện Nghị quyết số 12-NQ/TU",
     "Chương trình hành động thực hiện Nghị quyết số 12-NQ/TU"),
    # investment policy, a plan, or no name: not a programme's approval
    ("phê duyệt chủ trương đầu tư Chương trình mục tiêu quốc gia phòng, chống ma túy", None),
    ("ban hành Kế hoạch thực hiện Chương trình xây dựng nông thôn mới", None),
    ("phê duyệt Chương trình", None),
])
def test_the_programme_a_title_approves(title, name):
    assert approved_programme(title) == name


@pytest.mark.parametrize("written, name", [
    ("Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030 trên địa bàn thành phố",
     "Chương trình mục tiêu quốc gia phòng, chống ma túy"),
    # a work programme is told apart by whose it is: the owner stays in its name
    ("Chương trình công tác của Ban Chỉ đạo tỉnh về chuyển đổi số năm 2025",
     "Chương trình công tác của Ban Chỉ đạo tỉnh về chuyển đổi số"),
])
def test_the_name_a_programme_is_keyed_on(written, name):
    assert programme_name(written) == name


@pytest.mark.parametrize("after, name", [
    (" (nay là Bộ Nông nghiệp và Môi trường) về việc phê duyệt Chương trình khuyến nông quốc gia;",
     "Chương trình khuyến nông quốc gia"),
    (" về phê duyệt Đề án tổng kiểm kê tài sản công", "Đề án tổng kiểm kê tài sản công"),
    (", Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện; phê duyệt Chương trình X", None),  # not its title
])
def test_the_programme_named_right_after_a_citation(after, name):
    assert approved_after(after) == name


@pytest.mark.parametrize("title, kind, term", [
    ("Kế hoạch thực hiện Chương trình giảm nghèo bền vững giai đoạn 2021 - 2025", "Kế hoạch", (2021, 2025)),
    ("phê duyệt Chương trình phòng, chống ma túy đến năm 2030", "Quyết định", (None, 2030)),
    ("Chiến lược phát triển nông nghiệp đến năm 2030, tầm nhìn đến năm 2050", "Quyết định", (None, 2030)),
    ("Kế hoạch xây dựng nông thôn mới năm 2024", "Kế hoạch", (2024, 2024)),
    ("Kế hoạch tài chính 03 năm 2026-2028", "Kế hoạch", (2026, 2028)),
    # the year of a law or of a date is not a period; a decision "năm 2024" is not a yearly plan
    ("Kế hoạch triển khai thi hành Luật Đất đai năm 2024", "Kế hoạch", None),
    ("Kế hoạch kiểm kê tài sản thời điểm 0 giờ ngày 01 tháng 01 năm 2026", "Kế hoạch", None),
    ("Luật Ngân sách nhà nước năm 2015", "Luật", None),
    ("về tổ chức Ngày sách năm 2024", "Quyết định", None),
])
def test_the_period_a_document_is_for(title, kind, term):
    found = document_term(title, kind)
    assert (None if found is None else (found.start, found.end)) == term
