"""Agencies looked up by their common name, through the answers layer: every scoped body a name (with or
without accents, or as initials staff write: "STC", "Sở TC") means, grouped by locality. Two invented plans
of two provinces name the same kinds of bodies."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import answers as A

_PLAN = """ỦY BAN NHÂN DÂN
TỈNH {caps}

Số: {num}/KH-UBND

{name}, ngày 05 tháng 11 năm 2025

KẾ HOẠCH

Hỗ trợ nhà ở cho hộ nghèo năm 2026

I. TỔ CHỨC THỰC HIỆN

1. Sở Tài chính chủ trì, phối hợp với Sở Xây dựng bố trí kinh phí thực hiện.

2. Ủy ban nhân dân các xã, phường rà soát danh sách hộ nghèo, báo cáo Sở Xây dựng trước ngày 15/12/2025.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> Iterator:
    from api.service import Service, read_model
    from api.settings import Settings
    from api.stages import GraphStage
    from api.workspace import Workspace

    root = tmp_path_factory.mktemp("lookup")
    paths = []
    for num, name in ((11, "Hòa Bình"), (12, "Lai Châu")):
        p = Path(root / f"kh{num}.txt")
        p.write_text(_PLAN.format(caps=name.upper(), num=num, name=name), encoding="utf-8")
        paths.append(p)
    settings = Settings(data_dir=root / "data", encoder="hashing", corpus_dir=str(root))
    Workspace(settings, stages=[GraphStage(settings)]).ingest(paths)
    service = Service(settings)
    try:
        yield read_model(service)
    finally:
        service.close()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # the common name, with or without accents, as initials: the body of every province
        ("Sở Tài chính", {("Sở Tài chính", "tỉnh Hòa Bình"), ("Sở Tài chính", "tỉnh Lai Châu")}),
        ("so tai chinh", {("Sở Tài chính", "tỉnh Hòa Bình"), ("Sở Tài chính", "tỉnh Lai Châu")}),
        ("STC", {("Sở Tài chính", "tỉnh Hòa Bình"), ("Sở Tài chính", "tỉnh Lai Châu")}),
        ("Sở TC", {("Sở Tài chính", "tỉnh Hòa Bình"), ("Sở Tài chính", "tỉnh Lai Châu")}),
        ("sở tài chánh", {("Sở Tài chính", "tỉnh Hòa Bình"), ("Sở Tài chính", "tỉnh Lai Châu")}),  # a typo
        # a locality narrows it to one
        ("so tai chinh tinh hoa binh", {("Sở Tài chính", "tỉnh Hòa Bình")}),
        ("SXD", {("Sở Xây dựng", "tỉnh Hòa Bình"), ("Sở Xây dựng", "tỉnh Lai Châu")}),
        # near misses: a kind no plan names, words that name no body, initials of nothing
        ("Sở Y tế", set()),
        ("kế hoạch", set()),
        ("SQX", set()),
    ],
)
def test_agencies_by_common_name(model, typed: str, expected: set) -> None:
    assert {(a.canonical, a.locality) for a in A.find_agencies(model, typed)} == expected


def test_the_commune_committees_are_one_kind_in_every_province(model) -> None:
    found = A.find_agencies(model, "ubnd cap xa")
    assert found and {a.canonical for a in found} == {"Ủy ban nhân dân cấp xã"}
    assert {a.locality for a in found} == {"tỉnh Hòa Bình", "tỉnh Lai Châu"}


def test_found_agencies_are_grouped_by_locality(model) -> None:
    groups = A.agencies_by_locality(A.find_agencies(model, "STC"))
    assert [(g.locality, [a.canonical for a in g.agencies]) for g in groups] == [
        ("tỉnh Hòa Bình", ["Sở Tài chính"]), ("tỉnh Lai Châu", ["Sở Tài chính"])]
