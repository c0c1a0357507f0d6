"""Does it still hold? Invented documents (tests/data/amendments: a 2023 resolution for 2023-2025, a 2025
resolution amending "khoản 2 Điều 12" of it, replacing one resolution and repealing one decision, and a
2024 plan for 2024-2025 based on both older resolutions) are ingested with the real pipeline; the status
of each cited document, read from the graph, is shown the same way by the read model, the JSON API, the
pages and the CLI, on today's date or an as-of date. Nothing is hidden."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import answers as A
from answers.status import change_text, parse_as_of, statuses
from answers.records import PlanRef
from answers.text import symbol_key
from ingest.errors import BadRequest

DATA = Path(__file__).resolve().parent / "data" / "amendments"
PLAN, AMENDED_DOC, LATER_DOC = "kh7_lang_son", "nq08_lang_son", "nq20_lang_son"
DOC = "https://cancu.vn/id/doc/"
AMENDED = DOC + "hdnd-tinh-lang-son/nq/2023/8"
REPLACED = DOC + "hdnd-tinh-lang-son/nq/2021/11"
REPEALED = DOC + "ubnd-tinh-lang-son/qd/2020/30"
AFTER, BEFORE = date(2026, 3, 1), date(2025, 6, 1)  # the later resolution is of 05/12/2025


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    from tests.conftest import _ingest

    return _ingest(tmp_path_factory.mktemp("amendments") / "data", sorted(DATA.glob("*.txt")))


@pytest.fixture(scope="module")
def service(data):
    from api.service import Service
    from api.settings import Settings

    instance = Service(Settings(data_dir=str(data), encoder="hashing"))
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def model(service):
    from api.service import read_model

    return read_model(service)


@pytest.fixture(scope="module")
def client(service):
    from fastapi.testclient import TestClient

    from api.app import create_app

    with TestClient(create_app(service.settings, service=service), raise_server_exceptions=False) as c:
        yield c


def _task(model, words: str) -> str:
    return next(c.id for c in model.document(PLAN).clauses.values() if words in c.text)


def _documents(answer) -> dict[str, A.records.CitedDocument]:
    return {symbol_key(g.document.symbol): g.document for g in answer.documents if g.document.symbol}


@pytest.mark.parametrize("relation, provisions, text", [
    ("amends", "khoản 2 Điều 12",
     "đã được sửa đổi, bổ sung bởi Nghị quyết 20/2025/NQ-HĐND ngày 05/12/2025 (khoản 2 Điều 12)"),
    ("replaces", None, "đã được thay thế bởi Nghị quyết 20/2025/NQ-HĐND ngày 05/12/2025"),
    ("repeals", None, "đã bị bãi bỏ bởi Nghị quyết 20/2025/NQ-HĐND ngày 05/12/2025"),
])
def test_each_relation_reads_as_a_sentence(relation, provisions, text):
    later = PlanRef("x", "x.txt", "20/2025/NQ-HĐND", "Nghị quyết", None, "2025-12-05", None, None)
    assert change_text(relation, later, provisions) == text


def test_the_basis_answer_says_what_became_of_each_cited_act(model):
    answer = A.governing(model, None, clause_id=_task(model, "Sở Nông nghiệp"), as_of=AFTER)
    found = _documents(answer)
    amended = found[symbol_key("08/2023/NQ-HĐND")]
    assert [c.relation for c in amended.status] == ["amends"]
    change = amended.status[0]
    assert change.later.symbol == "20/2025/NQ-HĐND" and change.later.date == "2025-12-05"
    assert change.provisions == "khoản 2 Điều 12"
    assert "Sửa đổi, bổ sung khoản 2 Điều 12 của Nghị quyết số 08/2023/NQ-HĐND" in change.evidence
    assert change.clause.doc_id == LATER_DOC and change.clause.text.startswith("Sửa đổi, bổ sung khoản 2")
    replaced = found[symbol_key("11/2021/NQ-HĐND")]
    assert [c.relation for c in replaced.status] == ["replaces"]
    assert "thay thế Nghị quyết số 11/2021/NQ-HĐND" in replaced.status[0].evidence
    # still listed where the plan cites them, in the same order as without status
    assert symbol_key(answer.documents[0].document.symbol) == symbol_key("08/2023/NQ-HĐND")


@pytest.mark.parametrize("question, symbol", [
    ("Nghị quyết 20/2025/NQ-HĐND của Lạng Sơn thay thế nghị quyết nào?", "11/2021/NQ-HĐND"),
    ("Nghị quyết 20/2025/NQ-HĐND bãi bỏ quyết định nào?", "30/2020/QĐ-UBND"),
    ("Nghị quyết 20/2025/NQ-HĐND sửa đổi, bổ sung nghị quyết nào?", "08/2023/NQ-HĐND"),
])
def test_a_question_about_a_change_is_answered_by_the_changed_act(service, model, question, symbol):
    from api.service import open_index

    answer = A.governing(model, open_index(service), question, as_of=AFTER)
    assert symbol_key(answer.documents[0].document.symbol) == symbol_key(symbol), \
        [(g.document.symbol, g.reasons) for g in answer.documents[:4]]
    assert answer.documents[0].document.status  # and what became of it


def test_a_change_made_after_the_as_of_date_is_not_yet_one(model):
    answer = A.governing(model, None, clause_id=_task(model, "Sở Nông nghiệp"), as_of=BEFORE)
    assert all(not d.status for d in _documents(answer).values())


def test_a_repealed_decision_says_so_where_it_is_looked_up(model):
    use = A.decision_uses(model, "30/2020/QĐ-UBND", as_of=AFTER)
    assert [c.text for c in use.documents[0].status] == ["đã bị bãi bỏ bởi Nghị quyết 20/2025/NQ-HĐND ngày 05/12/2025"]


def test_an_ended_period_is_marked_never_hidden(model):
    found = statuses(model, [model.plan(PLAN).iri, AMENDED], AFTER)
    plan, amended = found[model.plan(PLAN).iri], found[AMENDED]
    assert (plan.term.start, plan.term.end, plan.term.ended) == (2024, 2025, True)
    assert plan.term.text == "Giai đoạn 2024-2025 đã kết thúc (tính đến ngày 01/03/2026)"
    assert amended.term.ended and [c.relation for c in amended.status] == ["amends"]
    assert not statuses(model, [model.plan(PLAN).iri], BEFORE)[model.plan(PLAN).iri].term.ended


@pytest.mark.parametrize("text, day", [("2025-12-31", date(2025, 12, 31)), ("31/12/2025", date(2025, 12, 31))])
def test_as_of_dates_as_people_write_them(text, day):
    assert parse_as_of(text) == day


def test_a_bad_as_of_date_is_a_clear_error(client):
    with pytest.raises(BadRequest):
        parse_as_of("31/02/2025")
    response = client.get("/api/basis", params={"clause": f"{PLAN}:II.p1", "as_of": "hôm qua"})
    assert response.status_code == 400 and "ngày không hợp lệ" in response.json()["error"]


def test_the_json_api_carries_the_status(client, model):
    clause = _task(model, "Sở Nông nghiệp")
    body = client.get("/api/basis", params={"clause": clause, "as_of": "2026-03-01"}).json()
    first = body["documents"][0]
    assert first["document"]["status"][0]["relation"] == "amends"
    assert first["document"]["status"][0]["provisions"] == "khoản 2 Điều 12"
    assert first["document"]["term"]["ended"] is True
    assert first["path"] and first["evidence"] in ("direct", "inherited", "derived")
    decision = client.get("/api/decisions/11/2021/NQ-HĐND", params={"as_of": "2026-03-01"}).json()
    assert decision["documents"][0]["status"][0]["relation"] == "replaces"
    doc = client.get(f"/api/documents/{AMENDED_DOC}", params={"as_of": "2026-03-01"}).json()
    assert doc["document"]["status"][0]["later"]["symbol"] == "20/2025/NQ-HĐND"
    plan = client.get(f"/api/documents/{PLAN}", params={"as_of": "2026-03-01"}).json()
    assert plan["document"]["term"]["ended"] is True
    by_symbol = {r["symbol"]: r for r in plan["references"]}
    assert by_symbol["11/2021/NQ-HĐND"]["status"][0]["relation"] == "replaces"


def test_the_pages_show_the_status(client, model):
    page = client.get(f"/van-ban/{PLAN}", params={"ngay": "01/03/2026"}).text
    assert "đã được sửa đổi, bổ sung bởi Nghị quyết 20/2025/NQ-HĐND ngày 05/12/2025 (khoản 2 Điều 12)" in page
    assert "đã được thay thế bởi Nghị quyết 20/2025/NQ-HĐND" in page
    assert "Giai đoạn 2024-2025 đã kết thúc" in page
    assert f'href="/van-ban/{LATER_DOC}#' in page  # the clause of the later act that says so
    decision = client.get("/quyet-dinh/ubnd-tinh-lang-son/qd/2020/30", params={"ngay": "2026-03-01"}).text
    assert "đã bị bãi bỏ bởi Nghị quyết 20/2025/NQ-HĐND" in decision
    answer = client.get("/can-cu", params={"doan": _task(model, "Sở Nông nghiệp"), "ngay": "2026-03-01"}).text
    assert "đã được sửa đổi, bổ sung bởi" in answer and "evidence-" in answer


def test_the_cli_prints_the_status(service, model, capsys):
    from api.cli import main

    settings = ["-s", "data_dir", service.settings.data_dir, "-s", "encoder", "hashing"]
    assert main([*settings, "basis", "--clause", _task(model, "Sở Nông nghiệp"), "--as-of", "2026-03-01"]) == 0
    out = capsys.readouterr().out
    assert "⚠ đã được sửa đổi, bổ sung bởi Nghị quyết 20/2025/NQ-HĐND ngày 05/12/2025 (khoản 2 Điều 12)" in out
    assert "⚠ đã được thay thế bởi Nghị quyết 20/2025/NQ-HĐND" in out
    assert "→ (" in out  # each document says how it was reached


def test_the_graph_holds_the_status_on_the_changed_acts(model):
    rows = model.rows("PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX cancu: <https://cancu.vn/ontology#> "
                      "SELECT ?act ?p WHERE { ?act ?p ?later . "
                      "VALUES ?p { eli:amended_by cancu:replaced_by eli:repealed_by } }")
    assert {(r["act"], r["p"].rsplit("#", 1)[-1]) for r in rows} == {
        (AMENDED, "amended_by"), (REPLACED, "replaced_by"), (REPEALED, "repealed_by")}
