"""The administrative vocabulary: levels, localities, abbreviations, kinds of bodies, lookups by users."""
from __future__ import annotations

import pytest

from ingest.vocab.admin import (
    KINDS,
    expand_abbreviations,
    find_kinds,
    folded_abbreviations,
    level_of,
    locality_of,
    match_kind,
    split_level,
    split_trailing_locality,
    strip_header_noise,
    tier_of_level,
)


@pytest.mark.parametrize(
    ("name", "locality"),
    [
        ("Ủy ban nhân dân huyện Phong Thổ", "huyện Phong Thổ"),
        ("UBND tỉnh Bà Rịa - Vũng Tàu", "tỉnh Bà Rịa - Vũng Tàu"),
        ("Ủy ban nhân dân thị xã Mường Lay", "thị xã Mường Lay"),
        ("Ủy ban nhân dân thành phố Cần Thơ Cộng Hòa Xã Hội Chủ Nghĩa Việt Nam", "thành phố Cần Thơ"),
        ("Huyện ủy Mường Tè", "huyện Mường Tè"),
        ("Thành ủy Vĩnh Yên", "thành phố Vĩnh Yên"),
        ("Đảng ủy xã Nậm Xe", "xã Nậm Xe"),
        ("Sở Lao động - Thương binh và Xã hội", None),  # "Xã hội" is no commune
        ("Sở Lao động - Thương binh và Xã Hội", None),
        ("Văn phòng Chính phủ", None),
        ("Ủy ban nhân dân", None),
        ("Ủy ban nhân dân Phường 3", "phường 3"),
        ("", None),
    ],
)
def test_locality_of(name: str, locality: str | None) -> None:
    assert locality_of(name) == locality


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("huyện Phong Thổ", ("huyện", "Phong Thổ")),
        ("thị trấn Tam Đường", ("thị trấn", "Tam Đường")),
        ("đặc khu Cồn Cỏ", ("đặc khu", "Cồn Cỏ")),
        ("Phong Thổ", (None, "Phong Thổ")),
    ],
)
def test_split_level(text: str, expected: tuple) -> None:
    assert split_level(text) == expected
    assert level_of(text) == expected[0]


def test_split_trailing_locality() -> None:
    assert split_trailing_locality("Công an huyện Phong Thổ") == ("Công an", "huyện", "Phong Thổ")
    assert split_trailing_locality("Phòng Nội vụ huyện") == ("Phòng Nội vụ", "huyện", None)
    assert split_trailing_locality("Sở Lao động - Thương binh và Xã hội")[1] is None


@pytest.mark.parametrize(
    ("level", "tier"),
    [("xã", "commune"), ("đặc khu", "commune"), ("huyện", "district"), ("thị xã", "district"),
     ("tỉnh", "province"), ("cấp xã", "commune"), ("bản", None), (None, None)],
)
def test_tier_of_level(level: str | None, tier: str | None) -> None:
    assert tier_of_level(level) == tier


def test_header_noise_never_stays_in_a_name() -> None:
    assert strip_header_noise("Văn phòng Chính phủ cộng hòa xã hội chủ nghĩa việt nam") == "Văn phòng Chính phủ"
    assert strip_header_noise("Ủy ban nhân dân tỉnh Đắk Lắk Độc lập - Tự do - Hạnh phúc") == \
        "Ủy ban nhân dân tỉnh Đắk Lắk"
    assert strip_header_noise("Bộ Tài chính") == "Bộ Tài chính"


@pytest.mark.parametrize(
    ("text", "expanded"),
    [
        ("Sở NN&MT", "Sở Nông nghiệp và Môi trường"),
        ("Phòng LĐ-TB&XH", "Phòng Lao động - Thương binh và Xã hội"),
        ("Phòng LĐTBXH", "Phòng Lao động - Thương binh và Xã hội"),
        ("Văn phòng HĐND và UBND", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"),
        ("Ủy ban MTTQ VN", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
        ("Phòng TC-KH", "Phòng Tài chính - Kế hoạch"),
        ("Sở TC", "Sở Tài chính"),  # a short code only inside a name
        ("Nghị định 12/NĐ-CP", "Nghị định 12/NĐ-CP"),  # never inside a document symbol
    ],
)
def test_expand_abbreviations_in_names(text: str, expanded: str) -> None:
    assert expand_abbreviations(text, in_name=True) == expanded


def test_short_codes_stay_in_running_text() -> None:
    assert expand_abbreviations("theo CT số 05") == "theo CT số 05"
    assert expand_abbreviations("TP Cần Thơ") == "TP Cần Thơ"


def test_folded_abbreviations_are_words() -> None:
    table = folded_abbreviations()
    assert table["ldtbxh"] == "lao dong thuong binh va xa hoi"
    assert table["ubnd"] == "uy ban nhan dan"
    assert table["nnmt"] == "nong nghiep va moi truong"


@pytest.mark.parametrize(
    ("written", "canonical", "tier"),
    [
        ("Sở NN&MT", "Sở Nông nghiệp và Môi trường", "province"),
        ("Sở Tài chíng", "Sở Tài chính", "province"),  # one-letter typo
        ("Sở Khoa học và công nghệ", "Sở Khoa học và Công nghệ", "province"),
        ("Phòng Lao động, Thương binh - Xã hội", "Phòng Lao động - Thương binh và Xã hội", "district"),
        ("UBND cấp xã", "Ủy ban nhân dân cấp xã", "commune"),
        ("Bộ Tài chính", "Bộ Tài chính", "central"),
        ("Thủ tướng Chính phủ", "Thủ tướng Chính phủ", "central"),
        ("Văn phòng HĐND-UBND", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "district"),
        ("Công an huyện", "Công an huyện", "district"),
    ],
)
def test_match_kind(written: str, canonical: str, tier: str) -> None:
    kind = match_kind(written)
    assert kind is not None and (kind.name, kind.tier) == (canonical, tier)


@pytest.mark.parametrize(
    "written",
    ["Sở Xây", "Bộ Tài chính tỉnh", "Phòng họp", "Sở Y", "Trung tâm Hội nghị"],
)
def test_match_kind_near_misses(written: str) -> None:
    assert match_kind(written) is None


def test_a_typo_never_crosses_heads() -> None:
    """"Bộ Y tế" is one letter from "Sở Y tế" but a ministry is never a department."""
    assert match_kind("Bộ Y tế").name == "Bộ Y tế"
    assert match_kind("Sở Y tế").name == "Sở Y tế"


def test_2025_successors() -> None:
    assert match_kind("Sở LĐ-TB&XH").successor == "Sở Nội vụ"
    assert match_kind("Sở Kế hoạch và Đầu tư").successor == "Sở Tài chính"
    assert match_kind("Sở Tài nguyên và Môi trường").successor == "Sở Nông nghiệp và Môi trường"
    assert match_kind("Bộ Thông tin và Truyền thông").successor == "Bộ Khoa học và Công nghệ"
    assert match_kind("Sở Nông nghiệp và Môi trường").successor is None
    names = {k.name for k in KINDS}
    assert all(k.successor in names for k in KINDS if k.successor)


@pytest.mark.parametrize(
    ("typed", "kinds", "locality"),
    [
        ("Ủy ban nhân dân cấp xã", ["Ủy ban nhân dân cấp xã"], None),
        ("uy ban nhan dan cap xa", ["Ủy ban nhân dân cấp xã"], None),
        ("ubnd xa", ["Ủy ban nhân dân cấp xã"], None),
        ("UBND các phường", ["Ủy ban nhân dân cấp xã"], None),
        ("Sở Tài chính", ["Sở Tài chính"], None),
        ("so tai chinh", ["Sở Tài chính"], None),
        ("so tai chin", ["Sở Tài chính"], None),
        ("UBND tỉnh Lai Châu", ["Ủy ban nhân dân tỉnh"], "tỉnh Lai Châu"),
        ("ubnd tinh lai chau", ["Ủy ban nhân dân tỉnh"], "tỉnh Lai Chau"),
        ("Sở Tài chính tỉnh Điện Biên", ["Sở Tài chính"], "tỉnh Điện Biên"),
        ("cong an huyen Phong Tho", ["Công an huyện"], "huyện Phong Tho"),
        ("hđnd tỉnh", ["Hội đồng nhân dân tỉnh"], None),
        ("Phòng Quản lý đô thị", ["Phòng Quản lý đô thị"], None),
        ("sở nông nghiệp", ["Sở Nông nghiệp và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn"], None),
        # initials, as staff write them
        ("STC", ["Sở Tài chính"], None),
        ("Sở TC", ["Sở Tài chính"], None),
        ("SKHCN", ["Sở Khoa học và Công nghệ"], None),
        ("Bộ GD&ĐT", ["Bộ Giáo dục và Đào tạo"], None),
    ],
)
def test_find_kinds(typed: str, kinds: list[str], locality: str | None) -> None:
    found = find_kinds(typed)
    assert [m.kind.name for m in found] == kinds
    assert {m.locality for m in found} == {locality}


def test_find_kinds_by_the_beginning_of_a_name() -> None:
    names = {m.kind.name for m in find_kinds("ubnd")}
    assert {"Ủy ban nhân dân tỉnh", "Ủy ban nhân dân huyện", "Ủy ban nhân dân cấp xã"} <= names
    assert all(not m.exact for m in find_kinds("ubnd"))


@pytest.mark.parametrize("typed", ["", "kế hoạch", "xã Nậm Xe", "phong tho", "SQX", "so tc dien"])
def test_find_kinds_names_no_body(typed: str) -> None:
    assert find_kinds(typed) == []


def test_every_head_title_is_an_official_title() -> None:
    from ingest.vocab.admin import HEAD_TITLES, OFFICIAL_TITLES

    assert set(HEAD_TITLES) <= set(OFFICIAL_TITLES)
