"""Every documented query in docs/queries answers its question on the hand-made sample, on both engines."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from graph.build import build_document_graph
from graph.store import MemoryStore, OxigraphStore, load_ontology
from tests.test_amendments import test_the_query_lists_every_change_and_nothing_else as _amendments_query_test
from tests.test_targets_by_commune import (
    test_the_query_lists_each_communes_targets_and_budgets_and_nothing_else as _targets_by_commune_query_test,
)

QUERIES = Path(__file__).resolve().parent.parent / "docs" / "queries"
DOC = "https://cancu.vn/id/doc/"
S1 = DOC + "ubnd-huyen-phong-tho/kh/2022/245"
S2 = DOC + "corpus/s2_phong_tho_thoat_ngheo"
S3 = DOC + "corpus/s3_muong_lay"


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def store(request, sample_extractions):
    instance = MemoryStore() if request.param == "memory" else OxigraphStore()
    for extraction in sample_extractions:
        instance.add_document(extraction.document.id, build_document_graph(extraction))
    load_ontology(instance)  # labels must not change the answers
    yield instance
    instance.close()


def ask(store, name: str, *columns: str) -> list[tuple]:
    result = store.query((QUERIES / name).read_text(encoding="utf-8"))
    assert not result.truncated
    picked = [result.variables.index(c) for c in columns]
    return [tuple(None if row[i] is None else row[i].toPython() if hasattr(row[i], "toPython") else str(row[i])
                  for i in picked) for row in result.rows]


def test_every_documented_query_is_tested():
    tested = {name for name in EXPECTED}
    assert {p.name for p in QUERIES.glob("*.rq")} == tested


def test_plans_citing_90_qd_ttg(store):
    rows = ask(store, "plans_citing_90_qd_ttg.rq", "plan", "cited", "relation")
    assert sorted(set(rows)) == sorted({(S1, DOC + "ttg/qd/2022/90", "basis"), (S2, DOC + "ttg/qd/2022/90", "basis"),
                                        (S3, DOC + "ttg/qd/2022/90", "basis")})
    evidence = ask(store, "plans_citing_90_qd_ttg.rq", "clauseText")
    assert all("90/QĐ-TTg" in text for (text,) in evidence)


def test_ldtbxh_phong_tho_tasks(store):
    rows = set(ask(store, "ldtbxh_phong_tho_tasks.rq", "plan", "role", "commune"))
    assert rows == {(S1, "lead", None), (S1, "reports", None), (S2, "lead", None), (S2, "in_charge_commune", "Tung Qua Lìn")}
    assert not any(plan == S3 for plan, _, _ in rows)  # Mường Lay's office is another node


def test_budget_totals_by_source(store):
    rows = {(plan, source): Decimal(str(total)) for plan, source, total in
            ask(store, "budget_totals_by_source.rq", "plan", "source", "totalMillionVnd")}
    assert rows == {
        (S1, "nstw"): Decimal(1000), (S1, "nsdp"): Decimal(200),
        (S2, "nstw"): Decimal(81280), (S2, "nsdp"): Decimal(8128), (S2, "von-tin-dung"): Decimal(50450),
        (S2, "long-ghep"): Decimal(486966), (S2, "dan-gop"): Decimal(3035),
        (S3, "nstw"): Decimal(2100),
    }


def test_poverty_rate_targets(store):
    rows = {(plan, comparator, float(value), None if high is None else float(high), unit,
             None if year is None else str(year)[:4])
            for plan, comparator, value, high, unit, year in
            ask(store, "poverty_rate_targets.rq", "plan", "comparator", "value", "maxValue", "unit", "year")}
    assert rows == {(S1, "ge", 4.0, None, "percent", "2022"), (S2, "lt", 30.0, None, "percent", "2025"),
                    (S3, "range", 1.0, 1.5, "percent", None)}


def test_communes_and_agencies(store):
    rows = set(ask(store, "communes_and_agencies.rq", "communeName", "code", "role", "agencyName"))
    assert rows == {
        ("Lay Nưa", "03184", "in_charge_commune", "Phòng Lao động - Thương binh và Xã hội thị xã Mường Lay"),
        ("Sì Lở Lầu", "03550", "co_in_charge_commune", "Ban Quản lý rừng phòng hộ huyện Phong Thổ"),
        ("Sì Lở Lầu", "03550", "in_charge_commune", "Phòng Dân tộc huyện Phong Thổ"),
        ("Tung Qua Lìn", "03565", "in_charge_commune", "Phòng Lao động - Thương binh và Xã hội huyện Phong Thổ"),
    }


EXPECTED = {
    "plans_citing_90_qd_ttg.rq": test_plans_citing_90_qd_ttg,
    "ldtbxh_phong_tho_tasks.rq": test_ldtbxh_phong_tho_tasks,
    "budget_totals_by_source.rq": test_budget_totals_by_source,
    "poverty_rate_targets.rq": test_poverty_rate_targets,
    "communes_and_agencies.rq": test_communes_and_agencies,
    "amendments.rq": _amendments_query_test,  # on invented changes: tests/test_amendments.py
    "targets_by_commune.rq": _targets_by_commune_query_test,  # on an invented plan: tests/test_targets_by_commune.py
}
