"""Vietnamese numerals and quantities: "." between thousands, "," before decimals, units glued on."""
import pytest

from ingest.extract.numbers import (
    context_window,
    find_quantities,
    parse_money_million_vnd,
    parse_number,
)


@pytest.mark.parametrize(
    "written, value",
    [
        ("1.790.878", 1790878),
        ("43,75", 43.75),
        ("1.365,41", 1365.41),
        ("0,05", 0.05),
        ("01", 1),
        ("07", 7),
        ("2.025", 2025),  # a count of households, not the year 2025
        ("13,56", 13.56),
        ("1.000.000", 1000000),
        ("1,000,000", 1000000),  # English thousands, as some typists write them
        ("99,4", 99.4),
        ("45.678,5", 45678.5),
    ],
)
def test_parse_number(written, value):
    assert parse_number(written) == pytest.approx(value)


@pytest.mark.parametrize("written", ["", "abc", "1.1.1", "12/2019", "QĐ"])
def test_parse_number_rejects_non_numerals(written):
    assert parse_number(written) is None


@pytest.mark.parametrize(
    "amount, unit, million",
    [
        ("76,47", "tỷ đồng", 76470),
        ("0,05", "tỷ đồng", 50),
        ("0,78", "tỷ", 780),
        ("81.743", "triệu", 81743),
        ("139.858", "triệu đồng", 139858),
        ("500.000", "đồng", 0.5),
        ("250", "nghìn đồng", 0.25),
        ("300", "ngàn đồng", 0.3),
        ("12.000.000", "VNĐ", 12),
        ("Không", "", 0),
    ],
)
def test_parse_money_million_vnd(amount, unit, million):
    assert parse_money_million_vnd(amount, unit) == pytest.approx(million)


def test_parse_money_rejects_units_that_are_not_money():
    assert parse_money_million_vnd("300", "ha") is None


@pytest.mark.parametrize(
    "text, value, value_max, of, kind, unit",
    [
        ("duy trì 1.181ha cây Mắc ca", 1181, None, None, "measure", "ha"),
        ("duy trì 1.365,41ha cây cao su", 1365.41, None, None, "measure", "ha"),
        ("phát triển 300-500ha cây mía", 300, 500, None, "measure", "ha"),
        ("giảm 6%-7%/năm", 6, 7, None, "percent", "%/năm"),
        ("từ 15-18 tiêu chí", 15, 18, None, "count", "tiêu chí"),
        ("có 10 xã đạt từ 10 - 14 tiêu chí", 10, None, None, "count", "xã"),
        ("tối thiểu cho 20 - 30 lao động", 20, 30, None, "count", "lao động"),
        ("duy trì 8/16 xã đạt chuẩn", 8, None, 16, "count", "xã"),
        ("duy trì 03/03 xã, phường có trạm y tế", 3, None, 3, "count", "xã, phường"),
        ("bình quân 16,8 tiêu chí/xã", 16.8, None, None, "count", "tiêu chí/xã"),
        ("trên 1.000.000 lượt khách", 1000000, None, None, "count", "lượt khách"),
        ("khoảng 1,2 triệu lượt khách", 1200000, None, None, "count", "triệu lượt khách"),
        ("đạt 95 giường bệnh/vạn dân", 95, None, None, "count", "giường bệnh/vạn dân"),
        ("quy mô trên 3.587m3", 3587, None, None, "measure", "m3"),
        ("tổng số540 máy tính", 540, None, None, "count", "máy tính"),
        ("đạt 99,4%", 99.4, None, None, "percent", "%"),
        ("đạt 45 triệu đồng/người", 45, None, None, "money", "triệu đồng/người"),
        ("số lượng mẫu quan trắc 64 mẫu/năm", 64, None, None, "count", "mẫu/năm"),
        ("in 3.000 cuốn sổ tay", 3000, None, None, "count", "cuốn"),
        ("thực hiện 06 dự án", 6, None, None, "count", "dự án"),
        ("hỗ trợ 200 ho ngheo", 200, None, None, "count", "ho"),  # typed without accents
        ("10 HTX kiểu mới", 10, None, None, "count", "HTX"),  # an acronym keeps its capitals
    ],
)
def test_find_quantities_reads_value_and_unit(text, value, value_max, of, kind, unit):
    q = find_quantities(text)[0]
    assert (q.value, q.value_max, q.of, q.kind, q.unit) == (pytest.approx(value), value_max, of, kind, unit)


@pytest.mark.parametrize(
    "text, million",
    [
        ("NSTW là 81.280 triệu đồng", 81280),
        ("Tổng vốn: 76,47 tỷ đồng", 76470),
        ("với tổng kinh phí: 81.743 triệu.", 81743),
        ("hỗ trợ 500.000 đồng/người/tháng", 0.5),
    ],
)
def test_find_quantities_reads_money_in_million_vnd(text, million):
    (q,) = find_quantities(text)
    assert q.kind == "money" and q.money_million_vnd == pytest.approx(million)


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ",
        "Nghị quyết số 13/2019/NQ-HĐND ngày 23/7/2019",
        "Nghị quyết số 04-NQ/HU ngày 22/12/2022 của Huyện ủy",
        "Công văn số 482/SLĐTBXH-BTXH ngày 09-3-2022",
        "giai đoạn 2021-2025, tầm nhìn đến năm 2030",
        "Biểu chi tiết số 01-02 kèm theo",
        "phương châm 4 tại chỗ",
        "trẻ em dưới 5 tuổi",  # "tuổi" is not a unit of a target
        "có 04 mẫu giáo độc lập",  # "mẫu giáo" (kindergarten) is not samples
        "chọn không quá 02 trường hợp",  # "trường hợp" (cases) is not schools
        "15 HÀ TĨNH 78.000",  # a table's row number before a province, not 15 hectares
        "xây dựng 12 hồ chứa nước",  # "hồ" (lake) is not "hộ" (household)
        "8 Xã Tân Lập 9 Xã Hòa Bình",  # a capitalised count word opens the next cell of a table
        "Trữ lượng quặng (103 tấn)",  # 10³ tấn whose superscript was lost: a unit caption, not 103 tonnes
    ],
)
def test_find_quantities_ignores_dates_symbols_and_labels(text):
    assert find_quantities(text) == []


def test_context_window_keeps_a_short_clause_whole():
    text = "Tỷ lệ hộ nghèo đến năm 2025 còn dưới 30%."
    assert context_window(text, 35, 38) == (0, len(text))


def test_context_window_cuts_a_long_clause_to_the_sentence():
    filler = "Tăng cường công tác tuyên truyền, vận động nhân dân tham gia. " * 30
    text = filler + "Tỷ lệ che phủ rừng đạt 45% vào năm 2025. " + filler
    start = text.index("45%")
    lo, hi = context_window(text, start, start + 3)
    assert text[lo:hi].strip() == "Tỷ lệ che phủ rừng đạt 45% vào năm 2025."
