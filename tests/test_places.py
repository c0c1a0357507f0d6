"""Places named in a clause, and the gazetteer that confirms them and attaches codes."""
from __future__ import annotations

import pytest

from ingest.extract.context import ClauseContext
from ingest.extract.gazetteer import gazetteer, name_key, split_level
from ingest.extract.places import find_places


def ctx(locality: str | None = "huyện Phong Thổ", year: int | None = 2024) -> ClauseContext:
    return ClauseContext("doc", "doc:c1", locality=locality, doc_year=year)


def places(text: str, context: ClauseContext | None = None) -> list[tuple[str, str]]:
    return [(p.name, p.level) for p in find_places(text, context or ctx())]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("chế biến Mắc ca tại xã Mường So, 01 cơ sở chế biến chè", [("Mường So", "xã")]),
        # one level word, a list of names
        ("tại các xã Nậm Xe, Khổng Lào, Hoang Thèn, Bản Lang…..), duy trì",
         [("Nậm Xe", "xã"), ("Khổng Lào", "xã"), ("Hoang Thèn", "xã"), ("Bản Lang", "xã")]),
        ("(tại các xã: Hoang Thèn, Mù Sang, Huổi Luông", [("Hoang Thèn", "xã"), ("Mù Sang", "xã"), ("Huổi Luông", "xã")]),
        ("Phối hợp với UBND các xã Bản Lang, Hoang Thèn, Mồ Sì San xây dựng",
         [("Bản Lang", "xã"), ("Hoang Thèn", "xã"), ("Mồ Sì San", "xã")]),
        ("tại xã Sin Suối Hồ (hoặc Nậm Xe/Mường So)", [("Sin Suối Hồ", "xã")]),
        # a count, then the names in brackets
        ("phấn đấu 03 xã (Hoang Thèn, Lản Nhì Thàng, Bản Lang) đạt chuẩn",
         [("Hoang Thèn", "xã"), ("Lản Nhì Thàng", "xã"), ("Bản Lang", "xã")]),
        # villages with their commune
        ("hoàn thành 06 bản (bản Nậm Cáy xã Hoang Thèn, bản Pho, bản Má Nghé xã Bản Lang)",
         [("Nậm Cáy", "bản"), ("Hoang Thèn", "xã"), ("Pho", "bản"), ("Má Nghé", "bản"), ("Bản Lang", "xã")]),
        ("thôn Khuổi Phầy, xã Nà Khương", [("Khuổi Phầy", "thôn"), ("Nà Khương", "xã")]),
        # "Thị trấn" written alone in a list: the district's one town
        ("tại các xã Hoang Thèn, Thị trấn, Mường So", [("Hoang Thèn", "xã"), ("Phong Thổ", "thị trấn"),
                                                     ("Mường So", "xã")]),
        ("Phụ trách xã: Thị Trấn", [("Phong Thổ", "thị trấn")]),
        ("Phụ trách: Mường So", [("Mường So", "xã")]),
        # districts and provinces
        ("trên địa bàn thị xã Mường Lay, tỉnh Điện Biên", [("Mường Lay", "thị xã"), ("Điện Biên", "tỉnh")]),
        ("Huyện ủy, UBND huyện Phong Thổ", [("Phong Thổ", "huyện")]),
        ("UBND phường Tân Phong phối hợp", [("Tân Phong", "phường")]),
    ],
)
def test_places(text: str, expected: list[tuple[str, str]]) -> None:
    assert places(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "đảm bảo an sinh xã hội, trật tự an toàn xã hội",
        "nâng số xã đạt chuẩn lên 14/16 xã; các xã đặc biệt khó khăn",
        "UBND các xã, thị trấn xây dựng kế hoạch",
        "xây dựng xã Nông thôn mới; Bộ tiêu chí xã Đạt chuẩn NTM; các xã ĐBKK; về xã NTM",
        "các văn bản Hướng dẫn; cơ bản hoàn thành; nông thôn Mới",
        "ngân sách huyện: 29.513 triệu đồng; HĐND tỉnh và Quyết định số 30",
        "Văn phòng HĐND&UBND huyện: Chủ trì, phối hợp",
        "tại xã Dào San, Phòng Tư pháp phối hợp",  # the list stops at an agency
    ],
)
def test_not_places(text: str) -> None:
    assert [p for p in places(text) if p[1] in ("xã", "phường", "thị trấn", "bản", "thôn", "huyện", "tỉnh")] in (
        [], [("Dào San", "xã")])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # names listed after "như" / "gồm" behind a plural level word
        ("các xã có tỷ lệ hộ nghèo cao như Hoang Thèn, Mồ Sì San, Vàng Ma Chải.",
         [("Hoang Thèn", "xã"), ("Mồ Sì San", "xã"), ("Vàng Ma Chải", "xã")]),
        ("02 xã gồm: Mường So, Khổng Lào.", [("Mường So", "xã"), ("Khổng Lào", "xã")]),
        # a flattened table: a commune column, each commune followed by its district
        ("TT Tên xã Thuộc huyện Số tiêu chí đạt Mường So Phong Thổ Hoang Thèn Phong Thổ Nậm Xe Phong Thổ",
         [("Mường So", "xã"), ("Hoang Thèn", "xã"), ("Nậm Xe", "xã")]),
        # capitalised level words opening each cell of a flattened table
        ("Xã Mường So Xã Hoang Thèn Xã Khổng Lào", [("Mường So", "xã"), ("Hoang Thèn", "xã"), ("Khổng Lào", "xã")]),
        # the name ends where the next cell starts: a term of office, a total, coordinates, another level word
        ("Nghị quyết đã được Hội đồng nhân dân xã Mường So Khóa XXI thông qua", [("Mường So", "xã")]),
        ("xã Nậm Xe Tổng cộng", [("Nậm Xe", "xã")]),
        ("xã Khổng Lào 2465123 541234 Khu", [("Khổng Lào", "xã")]),
        ("Xã Hoang Thèn Phường Tân Phong", [("Hoang Thèn", "xã"), ("Tân Phong", "phường")]),
        # a zone named after a place that the dash locates is not a commune of the list
        ("khu vực nuôi cá lồng Cò Nọi - xã Mường So, Pá Khoang - xã Hoang Thèn",
         [("Mường So", "xã"), ("Hoang Thèn", "xã")]),
    ],
)
def test_places_in_lists_and_tables(text: str, expected: list[tuple[str, str]]) -> None:
    assert places(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Nguồn vốn ngân sách xã: 800 triệu đồng",  # an amount is no commune's name
        "đường từ trung tâm xã đến bản Nà Củng (Dự án 4, Chương trình 1719)",  # brackets that list no places
        "hệ thống quản lý văn bản của 03 tỉnh (Lai Châu, Điện Biên, Sơn La)",  # "văn bản" is not a village
    ],
)
def test_no_commune_in_near_misses(text: str) -> None:
    assert [p for p in places(text) if p[1] in ("xã", "phường", "thị trấn", "bản", "thôn")] in (
        [], [("Nà Củng", "bản")])


def test_codes_from_the_gazetteer() -> None:
    [p] = find_places("Phụ trách xã: Sì Lở Lầu", ctx())
    assert (p.code, p.district, p.province) == ("03550", "Phong Thổ", "Lai Châu")


def test_accents_may_differ_from_the_gazetteer() -> None:
    [p] = find_places("du lịch tại xã Tả Văn Chư", ctx("huyện Bắc Hà"))
    assert p.name == "Tả Van Chư" and p.code == "02851"  # the official spelling


def test_after_2025_the_new_communes() -> None:
    [p] = find_places("UBND xã Sì Lở Lầu chủ trì", ctx("tỉnh Lai Châu", year=2025))
    assert p.code == "03562" and p.district is None


def test_unknown_names_are_kept_without_code() -> None:
    [p] = find_places("tại xã Nậm Tăm Mới", ctx())
    assert (p.name, p.level, p.code) == ("Nậm Tăm Mới", "xã", None)


# ---------------------------------------------------------------- gazetteer


def test_gazetteer_lookups() -> None:
    g = gazetteer()
    assert [u.code for u in g.find("xã Sì Lở Lầu", district="huyện Phong Thổ")] == ["03550"]
    assert [u.name for u in g.districts("thị xã Mường Lay")] == ["Mường Lay"]
    assert [u.name for u in g.communes_of("huyện Phong Thổ") if u.level == "thị trấn"] == ["Phong Thổ"]
    assert g.province("Lai Châu").code == "12"
    legacy = g.find("Sì Lở Lầu", district="Phong Thổ")[0]
    assert [u.code for u in g.successors(legacy)] == ["03562"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("huyện Phong Thổ", ("huyện", "Phong Thổ")), ("thị trấn Phong Thổ", ("thị trấn", "Phong Thổ")),
     ("Tả Văn Chư", (None, "Tả Văn Chư"))],
)
def test_split_level(text: str, expected: tuple[str | None, str]) -> None:
    assert split_level(text) == expected


def test_name_key_ignores_accents_and_spaces() -> None:
    assert name_key("Tả Văn Chư") == name_key("Tả Van Chư") == "tavanchu"
