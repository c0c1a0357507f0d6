"""Targets and budgets by commune and year: the commune a figure is set for, only where the text ties it to
one, carried to the graph (cancu:forCommune, cancu:budgetYear) and listed by docs/queries/targets_by_commune.rq.

The communes are real units of the gazetteer (huyện Phong Thổ, Lai Châu); the plan is invented."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from graph.build import build_document_graph
from graph.ontology import validate
from graph.store import MemoryStore, OxigraphStore
from ingest.extract.context import ClauseContext
from ingest.extract.for_commune import commune_for
from ingest.extract.pipeline import build_nlp, extract_document
from ingest.structure import parse_text

QUERY = Path(__file__).resolve().parent.parent / "docs" / "queries" / "targets_by_commune.rq"
CTX = ClauseContext("d", "d:c1", locality="huyện Phong Thổ", doc_year=2024)


def linked(text: str, ctx: ClauseContext = CTX) -> list[tuple[str, str | None]]:
    """Each figure of the text with the commune it is set for."""
    out = []
    for m in re.finditer(r"\d+(?:[.,]\d+)*", text):
        place = commune_for(text, m.start(), ctx)
        out.append((m.group(), place.name if place else None))
    return out


@pytest.mark.parametrize(
    "text, expected",
    [
        # a line labelled with the commune
        ("- Xã Mường So: giảm 45 hộ nghèo.", [("45", "Mường So")]),
        ("Xã Hoang Thèn - 120 hộ được hỗ trợ nhà ở", [("120", "Hoang Thèn")]),
        # the commune as the subject
        ("Ủy ban nhân dân xã Khổng Lào phấn đấu đạt 100% hộ có nước sạch.", [("100", "Khổng Lào")]),
        ("- UBND xã Nậm Xe trồng mới 50 ha cây Mắc ca.", [("50", "Nậm Xe")]),
        # the commune as the place or the population of the figure
        ("Xây dựng 03 mô hình sản xuất tại xã Mường So.", [("03", "Mường So")]),
        ("100% hộ dân xã Hoang Thèn được dùng điện lưới.", [("100", "Hoang Thèn")]),
        ("Tỷ lệ hộ nghèo của xã Khổng Lào giảm còn 12%.", [("12", "Khổng Lào")]),
        # a total broken down by commune: the total has none, each share has its own
        ("Hỗ trợ 300 hộ (xã Mường So 120 hộ, xã Hoang Thèn 180 hộ).",
         [("300", None), ("120", "Mường So"), ("180", "Hoang Thèn")]),
    ],
)
def test_the_commune_a_figure_is_set_for(text, expected):
    assert linked(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Các xã Nậm Xe, Mường So duy trì 100% trẻ em đến trường.",  # several communes, one figure
        "Phòng Nông nghiệp phối hợp với UBND xã Mường So xây dựng 03 mô hình.",  # a partner, not the place
        "Xã Mường So đã đạt chuẩn nông thôn mới; phấn đấu 100% thôn có nhà văn hóa.",  # another clause
        "Phấn đấu 95% hộ dân toàn huyện có nước sạch.",  # no commune at all
        "Đường từ xã Mường So đi xã Hoang Thèn dài 12 km.",  # two communes
    ],
)
def test_no_commune_where_the_text_ties_none(text):
    assert all(commune is None for _, commune in linked(text))


def test_a_heading_or_lead_in_names_the_commune_below():
    heading = ClauseContext("d", "d:c1", locality="huyện Phong Thổ", doc_year=2024, section_title="Xã Nậm Xe")
    assert linked("- Trồng mới 50 ha cây Mắc ca.", heading) == [("50", "Nậm Xe")]
    lead = ClauseContext("d", "d:c1", locality="huyện Phong Thổ", doc_year=2024, lead_in="- UBND xã Mường So:")
    assert linked("Giảm 40 hộ nghèo.", lead) == [("40", "Mường So")]
    # a heading about a task that merely names a commune says nothing about the figures below
    task = ClauseContext("d", "d:c1", locality="huyện Phong Thổ", doc_year=2024,
                         lead_in="Phối hợp với UBND xã Mường So thực hiện các nội dung sau:")
    assert linked("Giảm 40 hộ nghèo.", task) == [("40", None)]


# ---------------------------------------------------------------- end to end: text -> facts -> graph -> SPARQL

PLAN = """ỦY BAN NHÂN DÂN
HUYỆN PHONG THỔ

Số: 88/KH-UBND

Phong Thổ, ngày 10 tháng 3 năm 2024

KẾ HOẠCH
Giảm nghèo bền vững năm 2024

Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ;

I. MỤC TIÊU

1. Mục tiêu chung

Phấn đấu đến năm 2025 tỷ lệ hộ nghèo toàn huyện giảm còn dưới 20%.

2. Chỉ tiêu giảm hộ nghèo năm 2024 theo xã

- Xã Mường So: giảm 45 hộ nghèo.

- Xã Hoang Thèn: giảm 30 hộ nghèo.

- Ủy ban nhân dân xã Khổng Lào phấn đấu đạt 100% hộ nghèo được vay vốn ưu đãi.

- Các xã Nậm Xe, Mường So duy trì 100% trẻ em trong độ tuổi đến trường.

3. Xã Nậm Xe

- Trồng mới 50 ha cây Mắc ca.

II. KINH PHÍ THỰC HIỆN

1. Kinh phí năm 2024 hỗ trợ làm nhà ở cho hộ nghèo là 1.200 triệu đồng (xã Mường So 700 triệu đồng, xã \
Hoang Thèn 500 triệu đồng).

2. Phòng Tài chính - Kế hoạch phối hợp với Ủy ban nhân dân xã Khổng Lào bố trí 200 triệu đồng cho công tác \
tuyên truyền.

III. TỔ CHỨC THỰC HIỆN

Phòng Lao động - Thương binh và Xã hội chủ trì, theo dõi, tổng hợp kết quả thực hiện.

Nơi nhận:
- UBND tỉnh;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn An
"""


@pytest.fixture(scope="module")
def plan_graph():
    extraction = extract_document(parse_text(PLAN, name="kh88_phong_tho.txt"), build_nlp())
    return build_document_graph(extraction)


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def store(request, plan_graph):
    instance = MemoryStore() if request.param == "memory" else OxigraphStore()
    instance.add_document("kh88_phong_tho", plan_graph)
    yield instance
    instance.close()


def _rows(store) -> set[tuple]:
    result = store.query(QUERY.read_text(encoding="utf-8"))
    assert not result.truncated
    cols = [result.variables.index(c) for c in ("communeName", "code", "kind", "value", "unit", "year")]
    return {tuple(None if row[i] is None else str(row[i]) for i in cols) for row in result.rows}


def test_the_query_lists_each_communes_targets_and_budgets_and_nothing_else(store):
    rows = {(name, code, kind, Decimal(value), unit, year) for name, code, kind, value, unit, year in _rows(store)}
    assert rows == {
        ("Mường So", "03589", "target", Decimal(45), "ho", "2024"),
        ("Hoang Thèn", "03580", "target", Decimal(30), "ho", "2024"),
        ("Khổng Lào", "03583", "target", Decimal(100), "percent", "2024"),
        ("Nậm Xe", "03586", "target", Decimal(50), "ha", None),
        ("Mường So", "03589", "budget", Decimal(700), "trieu-dong", "2024"),
        ("Hoang Thèn", "03580", "budget", Decimal(500), "trieu-dong", "2024"),
    }


def test_the_evidence_is_the_clause_that_names_the_commune(store):
    result = store.query(QUERY.read_text(encoding="utf-8"))
    rows = [dict(zip(result.variables, row)) for row in result.rows]
    assert rows and all(str(r["communeName"]) in str(r["evidence"]) or str(r["communeName"]) == "Nậm Xe"
                        for r in rows)


def test_the_graph_with_commune_links_is_valid(plan_graph):
    result = validate(plan_graph)
    assert result.conforms, result.report
