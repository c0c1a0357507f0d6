"""Normalisation and accent folding: NFC, dashes, symbols broken by spaces, offsets back to the source."""
import unicodedata

import pytest

from ingest.text import fold, render, repair_symbols, slug, tokenize_line


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Phòng Lao động – Thương binh và Xã hội", "phong lao dong - thuong binh va xa hoi"),
        ("ĐẶC BIỆT KHÓ KHĂN", "dac biet kho khan"),
        ("Quyết định số 90/QĐ-TTg", "quyet dinh so 90/qd-ttg"),
        ("  nhiều   khoảng\ttrắng ", "nhieu khoang trang"),
        (unicodedata.normalize("NFD", "Hoàng Su Phì"), "hoang su phi"),  # decomposed input
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_slug_is_ascii_and_stable():
    assert slug("Phòng LĐ-TB&XH huyện Phong Thổ") == "phong-ld-tb-xh-huyen-phong-tho"


@pytest.mark.parametrize(
    "line, tokens",
    [
        ("Nghị quyết số 13/2019/NQ- HĐND ngày", ["Nghị", "quyết", "số", "13/2019/NQ-HĐND", "ngày"]),
        ("số 20- NQ/TU ngày 24/5/2019", ["số", "20-NQ/TU", "ngày", "24/5/2019"]),
        ("Thông tư 09 / 2018 / TT - NHNN về", ["Thông", "tư", "09/2018/TT-NHNN", "về"]),
        ("Quyết định số 2151/QĐ- UBND", ["Quyết", "định", "số", "2151/QĐ-UBND"]),
        # never merge ordinary words or periods
        ("năm 2024 - Phòng Lao động", ["năm", "2024", "-", "Phòng", "Lao", "động"]),
        ("giai đoạn 2021- 2025", ["giai", "đoạn", "2021-", "2025"]),
        ("đạt 8/16 xã", ["đạt", "8/16", "xã"]),
    ],
)
def test_repair_symbols(line, tokens):
    assert [t.text for t in repair_symbols(tokenize_line(line, 0))] == tokens


def test_nfc_and_dashes_and_offsets_map_back_to_source():
    source = "Số: 245/KH\u2013UBND\n" + unicodedata.normalize("NFD", "Phong Thổ, ngày 03 tháng 8")
    lines = [tokenize_line(line, source.index(line)) for line in source.split("\n")]
    text, omap = render(lines)
    assert text == "Số: 245/KH-UBND\nPhong Thổ, ngày 03 tháng 8"
    assert unicodedata.is_normalized("NFC", text)
    start = text.index("Phong Thổ")
    s0, s1 = omap.span_to_source((start, start + len("Phong Thổ")))
    assert unicodedata.normalize("NFC", source[s0:s1]) == "Phong Thổ"
    sym = text.index("245")
    assert source[omap.to_source(sym)] == "2"
