"""Answers on the sample corpus: which decision governs a task, who is responsible, and the same facts
across plans. The corpus is ingested once for this module with the deterministic hashing encoder, so the
lexical side of search carries the questions (the e5 model is exercised by the slow test at the end)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import answers as A
from answers.text import NameTable, find_symbols, issuer_match, read_question, symbol_key
from api.service import Service, open_graph, open_index, read_model
from api.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CROSS_DOC = ROOT / "docs" / "queries" / "cross_doc"
PT_PLAN, NTM_2024, BAC_HA, KH_245, MUONG_LAY = (
    "000_571cade1eccd0710", "001_0bdc397dfbf6e071", "002_6a73711e2256d6ba", "003_609cd0d87b161299",
    "004_7d4be035516df80b")


# ==================================================================================== question reading (pure)

@pytest.mark.parametrize("question, types, issuers", [
    ("Hỗ trợ tiền điện theo quyết định nào của Thủ tướng?", ("Quyết định",), ("thu tuong",)),
    ("sap xep truong hoc theo nghi quyet nao cua trung uong", ("Nghị quyết",), ("trung uong",)),
    ("Kế hoạch của UBND tỉnh Lai Châu về hỗ trợ huyện là kế hoạch số mấy?", ("Kế hoạch",),
     ("uy ban nhan dan tinh lai chau",)),
    ("Tập huấn theo văn bản nào của Bộ Nông nghiệp và của UBND tỉnh?", (), ("bo nong nghiep", "uy ban nhan dan tinh")),
    ("Kế hoạch 245/KH-UBND căn cứ vào những văn bản nào?", (), ()),
])
def test_question_names_the_document_type_and_issuer_it_asks_for(question, types, issuers):
    cues = read_question(question)
    assert cues.asked_types == types
    assert cues.issuer_phrases == issuers


@pytest.mark.parametrize("question, roles, projects, commune, agency", [
    ("Cơ quan nào chủ trì Dự án 2 ở Phong Thổ?", ("lead",), ("Dự án 2",), False, True),
    ("phong tu phap phu trach xa nao, ai dong phu trach", ("co_in_charge_commune", "in_charge_commune"), (), True, True),
    ("Ai phối hợp thực hiện tiểu dự án 3 dự án 4?", ("cooperate",), ("Tiểu dự án 3", "Dự án 4"), False, True),
    ("Kế hoạch căn cứ vào những văn bản nào?", (), (), False, False),
    ("Đơn vị nào lựa chọn nhà thầu và báo cáo kết quả cho UBND huyện trước ngày 15/12?", (), (), False, True),
    ("Ban quản lý dự án báo cáo kết quả cho cơ quan nào?", ("report_to",), (), False, True),
    ("ai nhan bao cao tien do du an 3", ("report_to",), ("Dự án 3",), False, True),
])
def test_question_names_roles_projects_and_what_it_asks(question, roles, projects, commune, agency):
    cues = read_question(question)
    assert (cues.roles, cues.projects, cues.asks_commune, cues.asks_agency) == (roles, projects, commune, agency)


@pytest.mark.parametrize("question, relations", [
    ("Quy chế phối hợp năm 2025 của tỉnh Bắc Giang thay cho những quyết định nào trước đây?", ("replaces",)),
    ("Nghị quyết về mức thu học phí thay thế nghị quyết nào?", ("replaces",)),
    ("Quy định về cấp phép được bổ sung vào thông tư nào của Bộ Xây dựng?", ("amends",)),
    ("Chỉ thị 12/CT-UBND được ban hành để tiếp tục thực hiện chỉ thị nào của Thủ tướng?", ("implements",)),
    ("quyet dinh 15/2024/QD-UBND bai bo quyet dinh nao", ("repeals",)),
    # "thực hiện theo" names the act a task is done under, not one the document carries out
    ("Việc sắp xếp trường học ở huyện Yên Lạc thực hiện theo nghị quyết nào?", ()),
    ("Hỗ trợ tiền điện cho hộ nghèo theo quyết định nào?", ()),
])
def test_question_names_what_the_document_does_to_the_one_it_asks_for(question, relations):
    assert read_question(question).relations == relations


@pytest.mark.parametrize("text, symbols", [
    ("Kế hoạch 245/KH-UBND về giảm nghèo", ["245/KH-UBND"]),
    ("theo Nghị quyết 19-NQ/TW và Nghị định 27/2022/NĐ-CP", ["19-NQ/TW", "27/2022/NĐ-CP"]),
    ("giai đoạn 2021-2025, đạt 45 triệu đồng/người", []),
    ("căn cứ 90/qd-ttg", ["90/qd-ttg"]),
])
def test_symbols_written_in_a_question(text, symbols):
    assert find_symbols(text) == symbols


def test_symbols_compare_without_accents_case_or_leading_zeros():
    assert symbol_key("90/QĐ-TTg") == symbol_key("90/qd-ttg") == symbol_key("090/QĐ-TTg")


@pytest.mark.parametrize("phrases, issuer, words", [
    (("thu tuong chinh phu",), "Thủ tướng Chính phủ", 4),
    (("tinh",), "UBND tỉnh Lai Châu", 1),
    (("uy ban nhan dan tinh",), "UBND tỉnh Lai Châu", 5),
    (("tinh",), "UBND huyện Phong Thổ", 0),
    (("trung uong",), "Ban Chấp hành Trung ương khoá XII", 2),
    (("bo nong nghiep",), None, 0),
])
def test_issuer_named_in_question(phrases, issuer, words):
    assert issuer_match(phrases, issuer) == words


@pytest.mark.parametrize("wanted, indicator, ok", [
    ("tỷ lệ hộ nghèo", "Tỷ lệ hộ nghèo bình quân", True),
    ("ty le ho ngheo", "Tỷ lệ giảm hộ nghèo toàn thị xã", True),
    ("tỷ lệ hộ nghèo", "Tỷ lệ hộ cận nghèo", False),
    ("tỷ lệ hộ nghèo", "Tỷ lệ người dân thuộc hộ nghèo", False),
    ("thu nhập bình quân", "Thu nhập bình quân đầu người", True),
])
def test_indicators_match_without_accents(wanted, indicator, ok):
    assert A.indicator_matches(wanted, indicator) is ok


def test_name_table_finds_the_longest_name_typed_without_accents():
    table: NameTable[str] = NameTable()
    table.add("Phòng Lao động - Thương binh và Xã hội", "ldtbxh")
    table.add("Phòng Tư pháp", "tu-phap")
    table.add("Dào San", "dao-san")
    found = table.find("phong lao dong thuong binh xa hoi va phong tu phap phu trach xa dao san?")
    assert [m.values for m in found] == [["ldtbxh"], ["tu-phap"], ["dao-san"]]
    assert found[2].before == ("trach", "xa")


# ==================================================================================== the sample corpus

@pytest.fixture(scope="module")
def service(corpus_service):
    return corpus_service


@pytest.fixture(scope="module")
def model(service):
    return read_model(service)


@pytest.fixture(scope="module")
def index(service):
    return open_index(service)


def _symbols(answer: A.BasisAnswer, n: int = 3) -> list[str]:
    return [symbol_key(g.document.symbol) for g in answer.documents[:n]]


@pytest.mark.parametrize("question, expected", [
    # the plan as a whole: its legal basis
    ("Kế hoạch 245/KH-UBND của Phong Thổ năm 2022 dựa trên văn bản nào?", "90/QĐ-TTg"),
    ("ke hoach giam ngheo thi xa muong lay can cu cong van nao", "482/SLĐTBXH-BTXH"),
    # a document cited in the task's own clause
    ("Hỗ trợ tiền điện cho hộ nghèo ở Mường Lay thực hiện theo quyết định nào?", "268/QĐ-TTg"),
    ("sap xep co so giao duc o phong tho theo nghi quyet nao cua trung uong", "19-NQ/TW"),
    ("Vay vốn tín dụng ưu đãi của Ngân hàng chính sách ở Phong Thổ theo nghị định nào?", "28/2022/NĐ-CP"),
    ("Bắc Hà giảm nghèo ở các xã có tỷ lệ hộ nghèo trên 40% theo nghị quyết nào?", "20-NQ/TU"),
    # a task inside a programme project: the decision approving that programme
    ("Hỗ trợ người lao động đi làm việc ở nước ngoài theo hợp đồng, Phong Thổ năm 2022, căn cứ quyết định nào?",
     "90/QĐ-TTg"),
])
def test_which_decision_governs_a_task(model, index, question, expected):
    answer = A.governing(model, index, question)
    assert symbol_key(expected) in _symbols(answer), _symbols(answer, 6)
    top = answer.documents[0]
    assert top.citations and top.citations[0].evidence  # every answer quotes where it is cited


def test_the_programme_decision_governs_a_clause_of_a_project(model, index):
    answer = A.governing(model, index, clause_id=f"{KH_245}:II.4.2.c.p1")
    task = answer.tasks[0]
    assert (task.project, task.subproject) == ("Dự án 4", "Tiểu dự án 2")
    assert "giảm nghèo bền vững" in (task.programme or "").lower()
    first = answer.documents[0]
    assert symbol_key(first.document.symbol) == symbol_key("90/QĐ-TTg")
    assert "programme" in first.reasons and first.document.programme


def test_documents_found_from_several_clauses_are_merged(model, index):
    answer = A.governing(model, index, "Kế hoạch xây dựng nông thôn mới năm 2024 của Phong Thổ căn cứ những văn bản nào?")
    keys = [g.document.key for g in answer.documents]
    assert len(keys) == len(set(keys))
    assert "ttg/qd/2022/263" in keys[:3]  # the path of the document's IRI: https://cancu.vn/id/doc/ttg/qd/2022/263


def test_a_named_issuer_goes_first(model, index):
    answer = A.governing(model, index, "Kế hoạch đưa Phong Thổ ra khỏi huyện nghèo dựa trên những quyết định nào của Thủ tướng Chính phủ?")
    assert all(g.document.issuer == "Thủ tướng Chính phủ" for g in answer.documents[:5])


@pytest.mark.parametrize("question, agency, role", [
    ("Ai chủ trì tiểu dự án hỗ trợ việc làm bền vững ở Phong Thổ năm 2022?", "Phòng Lao động - Thương binh và Xã hội", "lead"),
    ("co quan nao chu tri du an 2 da dang hoa sinh ke phong tho 2022", "Trung tâm Dịch vụ nông nghiệp", "lead"),
    ("Ở Mường Lay ai chủ trì Dự án 6 truyền thông giảm nghèo về thông tin?", "Phòng Văn hóa và Thông tin", "lead"),
    ("Đơn vị nào chủ trì đánh giá chỉ tiêu 18.4 nông thôn mới ở Phong Thổ?", "Phòng Tư pháp", "lead"),
    ("Ai là cơ quan thường trực chương trình giảm nghèo ở thị xã Mường Lay?", "Phòng Lao động - Thương binh và Xã hội", "lead"),
])
def test_who_is_responsible_for_a_task(model, index, question, agency, role):
    answer = A.responsible(model, index, question)
    assert answer.mode == "task"
    top3 = [(r.agency.canonical, r.role) for r in answer.answers[:3]]
    assert (agency, role) in top3, top3
    assert all(r.role != "report_to" for r in answer.answers)  # who receives reports does not do the task


@pytest.mark.parametrize("question, commune, partner", [
    ("phong tu phap phong tho phu trach xa nao, ai dong phu trach", "Dào San",
     "Phòng giao dịch Ngân hàng Chính sách xã hội huyện"),
    ("Công an huyện Phong Thổ phụ trách xã nào, đơn vị nào đồng phụ trách?", "Huổi Luông",
     "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên"),
])
def test_a_named_agency_answers_with_its_communes_and_partners(model, index, question, commune, partner):
    answer = A.responsible(model, index, question)
    assert answer.mode == "agency_communes"
    first, second = answer.answers[:2]
    assert (first.role, first.commune) == ("in_charge_commune", commune)
    assert (second.agency.canonical, second.role, second.commune) == (partner, "co_in_charge_commune", commune)


def test_a_named_commune_answers_with_the_agencies_in_charge(model, index):
    answer = A.responsible(model, index, "xã Dào San do cơ quan nào phụ trách?")
    assert answer.mode == "commune_agencies" and answer.communes == ["Dào San"]
    assert [(r.agency.canonical, r.role) for r in answer.answers[:2]] == [
        ("Phòng Tư pháp", "in_charge_commune"), ("Phòng giao dịch Ngân hàng Chính sách xã hội huyện", "co_in_charge_commune")]


def test_a_named_agency_lists_its_tasks_each_with_evidence(model, index):
    answer = A.responsible(model, index, "Phòng Dân tộc huyện Phong Thổ được giao những nhiệm vụ gì?")
    assert answer.mode == "agency_tasks"
    assert {r.agency.canonical for r in answer.answers} == {"Phòng Dân tộc"}
    assert len({r.clause.clause_id for r in answer.answers}) >= 3
    assert ("in_charge_commune", "Sì Lở Lầu") in {(r.role, r.commune) for r in answer.answers}


def test_evidence_carries_the_bullets_a_clause_introduces(model, index):
    answer = A.responsible(model, index, "Chi cục Thống kê huyện Phong Thổ chịu trách nhiệm đánh giá tiêu chí nào?")
    lead = next(r for r in answer.answers if r.role == "lead")
    assert "tiêu chí số 10" in lead.evidence and "Thu nhập" in lead.evidence
    assert len(lead.evidence) <= A.MAX_EVIDENCE_CHARS


# ==================================================================================== reverse and across plans

def test_what_was_issued_on_the_basis_of_a_decision(model, index):
    use = A.decision_uses(model, "90/qd-ttg")
    assert {p["plan"].doc_id for p in use.plans} == {PT_PLAN, KH_245}
    assert all("basis" in p["relations"] for p in use.plans)
    kh245 = next(p for p in use.plans if p["plan"].doc_id == KH_245)
    assert kh245["is_main_programme"]
    tasks = {(r.agency.canonical, r.project) for r in kh245["tasks"]}
    assert ("Phòng Lao động - Thương binh và Xã hội", "Dự án 4 › Tiểu dự án 2") in tasks
    assert ("Ban Quản lý dự án huyện", "Dự án 1 › Tiểu dự án 1") in tasks


def test_the_same_agency_type_across_districts(model, index):
    kind = A.agency_type(model, "phong-lao-dong-thuong-binh-va-xa-hoi")
    localities = {p.agency.locality for p in kind["agencies"]}
    assert localities == {"huyện Phong Thổ", "huyện Bắc Hà", "thị xã Mường Lay"}
    muong_lay = next(p for p in kind["agencies"] if p.agency.locality == "thị xã Mường Lay")
    projects = [g["project"] for plan in muong_lay.plans for g in plan["projects"]]
    assert "Dự án 2, Dự án 4, Dự án 7" in projects


def test_an_agency_profile_groups_by_plan_and_project(model, index):
    profile = A.agency_profile(model, "huyen-phong-tho/phong-lao-dong-thuong-binh-va-xa-hoi")
    assert {p["plan"].doc_id for p in profile.plans} == {PT_PLAN, NTM_2024, KH_245}
    assert [c["commune"] for c in profile.communes] == ["Tung Qua Lìn"]
    assert {a.locality for a in profile.same_type} == {"huyện Bắc Hà", "thị xã Mường Lay"}
    assert A.agency_profile(model, "phong lao dong thuong binh xa hoi phong tho").agency == profile.agency


def test_a_commune_profile(model, index):
    place = A.place_profile(model, "huyen-phong-tho/xa-dao-san")
    assert place.name == "Dào San" and place.district == "huyện Phong Thổ"
    assert place.in_charge[0].agency.canonical == "Phòng Tư pháp"
    assert any("Dào San" in t.text for t in place.tasks)


def test_the_same_target_across_plans(model, index):
    rows = A.targets_across(model, "ty le ho ngheo")
    assert {r["plan"]["doc_id"] for r in rows} == {PT_PLAN, BAC_HA, KH_245, MUONG_LAY}
    assert all("cận nghèo" not in r["indicator"] for r in rows)
    assert any(r["comparator"] == "range" and (r["value"], r["maxValue"]) == (6.0, 7.0) for r in rows)


def test_budgets_by_source_and_stated_totals(model, index):
    plans = {p["plan"]["doc_id"]: p for p in A.budgets_summary(model)}
    totals = {d: p["stated_total"]["amount_million_vnd"] for d, p in plans.items() if p["stated_total"]}
    assert totals[PT_PLAN] == 1790878 and totals[BAC_HA] == 194127 and totals[MUONG_LAY] == 76470
    assert all(p["by_source"] for p in plans.values())


def _rows(service, name: str) -> list[dict]:
    result = open_graph(service).query((CROSS_DOC / name).read_text(encoding="utf-8"))
    assert not result.truncated
    return [{k: v.toPython() if hasattr(v, "toPython") else str(v) for k, v in row.items()} for row in result.bindings()]


def test_every_cross_doc_query_is_tested():
    assert {p.name for p in CROSS_DOC.glob("*.rq")} == set(CROSS_DOC_TESTS)


def test_query_signed_on_behalf(service):
    rows = {r["corpusId"]: r.get("signer") for r in _rows(service, "signed_on_behalf.rq")}
    assert rows == {NTM_2024: "Trịnh Văn Đoàn", BAC_HA: "Chu Thị Dương", KH_245: "Mai Thị Hồng Sim", MUONG_LAY: None}


def test_query_stated_budget_totals(service):
    totals = {str(r["plan"]).rsplit("/", 1)[-1]: float(r["totalMillionVnd"]) for r in _rows(service, "stated_budget_totals.rq")}
    assert totals[PT_PLAN] == 1790878 and totals[BAC_HA] == 194127 and totals[MUONG_LAY] == 76470


def test_query_agency_type_projects(service):
    rows = _rows(service, "agency_type_projects.rq")
    names = {r["agencyName"] for r in rows}
    assert {"Phòng Lao động - Thương binh và Xã hội huyện Phong Thổ", "Phòng Lao động - Thương binh và Xã hội huyện Bắc Hà",
            "Phòng Lao động - Thương binh và Xã hội thị xã Mường Lay"} <= names
    assert {"Dự án 4 › Tiểu dự án 2", "Dự án 7 › Tiểu dự án 2"} <= {r.get("project") for r in rows}
    assert all(r["role"] != "report_to" for r in rows)


CROSS_DOC_TESTS = {
    "signed_on_behalf.rq": test_query_signed_on_behalf,
    "stated_budget_totals.rq": test_query_stated_budget_totals,
    "agency_type_projects.rq": test_query_agency_type_projects,
}


# ==================================================================================== HTTP and CLI

@pytest.fixture(scope="module")
def client(corpus_client):
    return corpus_client


@pytest.mark.parametrize("url, key", [
    ("/api/basis?q=ho tro tien dien cho ho ngheo muong lay theo quyet dinh nao", "documents"),
    (f"/api/basis?clause={KH_245}:II.4.2.c.p1", "documents"),
    ("/api/decisions/90/QĐ-TTg", "plans"),
    ("/api/responsible?q=xa Dao San do co quan nao phu trach", "answers"),
    ("/api/agencies?q=phong tu phap", "agencies"),
    ("/api/agencies/huyen-phong-tho/phong-tu-phap", "plans"),
    ("/api/agency-types/phong-lao-dong-thuong-binh-va-xa-hoi", "agencies"),
    ("/api/places/huyen-phong-tho/dao-san", "in_charge"),
    ("/api/targets?indicator=tỷ lệ hộ nghèo", "targets"),
    ("/api/budgets/summary", "plans"),
])
def test_endpoints_answer_with_evidence(client, url, key):
    response = client.get(url)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ok"] and body[key]


@pytest.mark.parametrize("url, status", [
    ("/api/basis", 400), ("/api/decisions/999/XYZ", 404), ("/api/agencies/khong-co/co-quan", 404),
    ("/api/places/khong-co-xa", 404), (f"/api/basis?clause={KH_245}:khong", 404), ("/api/responsible", 422),
])
def test_endpoint_errors_are_json(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.json()["ok"] is False


def test_cli_json_has_the_scorer_shape(service, tmp_path, capsys):
    from api.cli import main

    queries = tmp_path / "q.txt"
    queries.write_text("ho tro tien dien cho ho ngheo o muong lay theo quyet dinh nao\n"
                       "phong tu phap phong tho phu trach xa nao\n", encoding="utf-8")
    settings = ["-s", "data_dir", service.settings.data_dir, "-s", "encoder", "hashing"]
    assert main([*settings, "basis", "--json", "--queries", str(queries)]) == 0
    assert main([*settings, "responsible", "--json", "--queries", str(queries)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 4
    basis, resp = rows[0], rows[3]
    assert {"symbol", "type", "issuer", "date", "evidence"} <= set(basis["answers"][0])
    assert {"agency", "role", "commune", "evidence"} <= set(resp["answers"][0])
    assert resp["answers"][0]["commune"] == "Dào San"


# ==================================================================================== with the real model

@pytest.mark.slow
def test_e5_answers_the_same(tmp_path):
    from api.workspace import Workspace

    settings = Settings(data_dir=str(tmp_path), encoder="e5", corpus_dir=str(CORPUS))
    Workspace(settings).ingest([CORPUS / f"{KH_245}.txt", CORPUS / f"{MUONG_LAY}.txt"])
    svc = Service(settings)
    try:
        model, index = read_model(svc), open_index(svc)
        assert symbol_key("268/QĐ-TTg") in _symbols(A.governing(model, index, "hỗ trợ tiền điện cho hộ nghèo Mường Lay theo quyết định nào"))
        top = A.responsible(model, index, "Ai chủ trì hỗ trợ người lao động đi làm việc ở nước ngoài năm 2022?").answers[0]
        assert (top.agency.canonical, top.project) == ("Phòng Lao động - Thương binh và Xã hội", "Dự án 4 › Tiểu dự án 2")
    finally:
        svc.close()
