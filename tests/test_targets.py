"""Quantitative targets: the indicator, the number, its unit, the comparator and the year."""
import pytest

from ingest.extract.context import ClauseContext
from ingest.extract.targets import find_targets

GOALS = ("II. MỤC TIÊU", "2. Mục tiêu cụ thể")


def ctx(breadcrumb=GOALS, doc_year=None, **kw) -> ClauseContext:
    return ClauseContext(doc_id="d", clause_id="d:c1", breadcrumb=tuple(breadcrumb),
                         section_title=breadcrumb[-1] if breadcrumb else "", doc_year=doc_year, **kw)


def one(text, **kw):
    found = find_targets(text, ctx(**kw))
    assert len(found) == 1, [(t.value, t.unit, t.indicator) for t in found]
    return found[0]


@pytest.mark.parametrize(
    "text, indicator, value, unit, comparator, year",
    [
        # the sample plans
        ("- Thu nhập bình quân đầu người đạt 45 triệu đồng/người.", "Thu nhập bình quân đầu người", 45,
         "triệu đồng/người", "=", None),
        ("- Tỷ lệ hộ nghèo đến năm 2025 còn dưới 30%", "Tỷ lệ hộ nghèo", 30, "%", "<", 2025),
        ("Trên 55% tỷ lệ phụ nữ mang thai được khám thai định kỳ", "phụ nữ mang thai", 55, "%", ">", None),
        ("Tỷ lệ lao động qua đào tạo 55% trở lên", "lao động qua đào tạo", 55, "%", ">=", None),
        ("Từ 98% trở lên đồng bào dân tộc thiểu số tham gia bảo hiểm y tế", "bảo hiểm y tế", 98, "%", ">=", None),
        ("tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi giảm xuống còn: 25,93 %",
         "suy dinh dưỡng thể thấp còi", 25.93, "%", "<=", None),
        ("Hỗ trợ khoảng 1.217 hộ nghèo, hộ cận nghèo", "hộ", 1217, "hộ", "~", None),
        ("Phấn đấu bình quân tiêu chí NTM toàn huyện đạt 13,56 tiêu chí/xã.", "Bình quân tiêu chí", 13.56,
         "tiêu chí/xã", "=", None),
        ("Phấn đấu đến năm 2025 đạt trên 1.000.000 lượt khách đến tham quan, du lịch", "lượt khách", 1000000,
         "lượt khách", ">", 2025),
        ("Duy trì và phát triển 1.181ha cây Mắc ca", "Diện tích cây Mắc ca", 1181, "ha", "=", None),
        ("tổng sản lượng lương thực đạt trên 35.000 tấn", "sản lượng lương thực", 35000, "tấn", ">", None),
        ("Phấn đấu giảm hộ nghèo toàn thị xã đến năm 2025 là 1% trở lên.", "hộ nghèo", 1, "%", ">=", 2025),
        ("Phấn đấu số giường bệnh đạt 95 giường bệnh/vạn dân", "giường bệnh", 95, "giường bệnh/vạn dân", "=", None),
        # other provinces, other years, after the 2025 reorganisation
        ("Phấn đấu đến năm 2030, tỷ lệ hộ nghèo đa chiều toàn tỉnh giảm xuống còn dưới 3%.", "Tỷ lệ hộ nghèo",
         3, "%", "<", 2030),
        ("Thu nhập bình quân đầu người khu vực nông thôn đạt trên 50 triệu đồng/người/năm vào năm 2026.",
         "Thu nhập bình quân đầu người", 50, "triệu đồng/người/năm", ">", 2026),
        ("Tỷ lệ che phủ rừng đạt 62% năm 2030.", "Tỷ lệ che phủ rừng", 62, "%", "=", 2030),
        ("Đào tạo nghề cho khoảng 2.000 lao động nông thôn mỗi năm.", "lao động", 2000, "lao động", "~", None),
        ("Trồng mới 150 ha cây ăn quả có múi.", "Diện tích cây ăn quả", 150, "ha", "=", None),
        ("Thu hút trên 1,2 triệu lượt khách du lịch.", "lượt khách", 1200000, "triệu lượt khách", ">", None),
        ("Đến năm 2030, 100% xã, phường có điểm phục vụ bưu chính công cộng.", "Tỷ lệ xã, phường", 100, "%",
         "=", 2030),
        ("Tối thiểu 80% số trạm y tế cấp xã đạt chuẩn quốc gia.", "trạm y tế", 80, "%", ">=", None),
        ("Tỷ lệ người tham gia bảo hiểm xã hội đạt từ 35% trở lên", "bảo hiểm xã hội", 35, "%", ">=", None),
        ("Số bác sĩ không quá 2 bác sĩ trên một trạm", "bác sĩ", 2, "bác sĩ", "<=", None),
        ("Phấn đấu bố trí kinh phí cho Chương trình giảm nghèo chiếm 5% vốn đầu tư toàn xã hội.", "vốn đầu tư",
         5, "%", "=", None),
        ("Tốc độ tăng trưởng kinh tế (GRDP) bình quân đạt 8%/năm.", "Tốc độ tăng trưởng", 8, "%/năm", "=", None),
        ("Tăng thêm 5.000 thuê bao internet băng rộng cố định.", "thuê bao internet", 5000, "thuê bao", "=", None),
    ],
)
def test_reads_one_target(text, indicator, value, unit, comparator, year):
    t = one(text)
    assert indicator.lower() in t.indicator.lower()
    assert (t.value, t.unit, t.comparator, t.year) == (pytest.approx(value), unit, comparator, year)
    assert t.text == text and text[t.span[0]].isdigit()


@pytest.mark.parametrize(
    "text, value, value_max, unit",
    [
        ("phát triển 300-500ha cây mía", 300, 500, "ha"),
        ("giảm tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giảm 6%-7%/năm", 6, 7, "%/năm"),
        ("bình quân mỗi xã giải quyết việc làm tối thiểu cho 20 - 30 lao động", 20, 30, "lao động"),
        ("Giảm tỷ lệ hộ nghèo bình quân từ 1,5-2%/năm", 1.5, 2, "%/năm"),
    ],
)
def test_reads_a_range(text, value, value_max, unit):
    t = one(text)
    assert (t.comparator, t.value, t.value_max, t.unit) == ("range", value, value_max, unit)


@pytest.mark.parametrize(
    "text, value, of",
    [
        ("Nâng tổng số xã đạt tiêu chí Giao thông năm 2024 là 8/16 xã.", 8, 16),
        ("duy trì 03/03 xã, phường có trạm y tế đạt tiêu chí quốc gia", 3, 3),
        ("Phấn đấu có 15/20 xã đạt chuẩn nông thôn mới nâng cao.", 15, 20),
    ],
)
def test_reads_a_ratio_as_value_of(text, value, of):
    t = one(text)
    assert (t.value, t.of) == (value, of)


def test_reads_every_target_of_a_list_sentence():
    text = ("- Tỷ lệ huy động học sinh trong độ tuổi đến trường: Mẫu giáo 5 tuổi đạt 98,5%, Tiểu học đạt 99,5%, "
            "Trung học cơ sở đạt 96%.")
    found = find_targets(text, ctx())
    assert [t.value for t in found] == [98.5, 99.5, 96]
    assert "Tiểu học" in found[1].indicator and "Trung học cơ sở" in found[2].indicator


def test_reads_a_percentage_and_its_count():
    found = find_targets("- Tỷ lệ xã đạt chuẩn nông thôn mới 43,75% (7 xã);", ctx())
    assert [(t.value, t.unit) for t in found] == [(43.75, "%"), (7, "xã")]


def test_no_commune_left_below_a_floor_is_a_minimum():
    found = find_targets("bình quân toàn huyện đạt 16,8 tiêu chí/xã và không còn xã dưới 15 tiêu chí.", ctx())
    assert [(t.value, t.comparator) for t in found] == [(16.8, "="), (15, ">=")]


def test_baseline_is_not_a_target_but_the_goal_is():
    found = find_targets("nâng tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ đạt từ 48,8% năm 2022 lên 55% "
                         "vào năm 2025", ctx(doc_year=2023))
    assert [(t.value, t.year) for t in found] == [(55, 2025)]
    assert "tỷ lệ lao động qua đào tạo" in found[0].indicator.lower()


@pytest.mark.parametrize(
    "text, values",
    [
        # the count qualifies the communes, the criteria range is part of the indicator
        ("- Phấn đấu có 02 xã đạt từ 15-18 tiêu chí;", [2]),
        # a detail of the figure before it
        ("02 công trình nhà bán trú (16 phòng); 03 công trình bếp nhà ăn", [2, 3]),
        ("khoảng 01 cơ sở chăn nuôi lợn (với quy mô khoảng 20.000 con)", [1]),
        ("cây phân tán khoảng 60.000 cây tương đương với 60 ha", [60000]),
        # a condition on who is helped, not a goal
        ("thiếu trên 50% đất sản xuất theo định mức; hỗ trợ 300 hộ", [300]),
        ("tại các xã có tỷ lệ hộ nghèo từ 40% trở lên giảm bình quân từ 9%/năm trở lên", [9]),
    ],
)
def test_leaves_out_figures_that_are_part_of_another(text, values):
    assert [t.value for t in find_targets(text, ctx())] == values


@pytest.mark.parametrize(
    "text, kw",
    [
        # past and present statistics
        ("Tỷ lệ hộ nghèo của thị xã năm 2016 là 9,04%, đến năm 2020 đã giảm xuống còn 6,47%.", {"doc_year": 2022}),
        ("Năm 2023, toàn tỉnh đã giải quyết việc làm cho 15.000 lao động.", {}),
        ("Thị xã Mường Lay có 03 đơn vị hành chính gồm 01 xã và 02 phường; dân số 11.777 người.", {}),
        ("Hiện nay toàn huyện có 1.234 hộ nghèo, chiếm 12,5%.", {}),
        ("Tỷ lệ hộ nghèo năm 2020 là 12%.", {"breadcrumb": ("II. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN GIAI ĐOẠN 2016-2020",)}),
        ("hệ thống 04 chợ đang có trên địa bàn huyện", {}),
        # dates, article numbers, labels, ages
        ("Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ.", {}),
        ("(Biểu chi tiết số 05 kèm theo)", {}),
        ("hoàn thành tiêu chí số 13: Tổ chức sản xuất; chỉ tiêu 18.2", {}),
        ("Dự án 4: Phát triển giáo dục nghề nghiệp", {}),
        ("cải thiện dinh dưỡng cho trẻ em dưới 5 tuổi và trẻ từ 6-14 tuổi", {}),
        ("đào tạo trình độ sơ cấp dưới 03 tháng, dạy học 2 buổi/ngày", {}),
        ("phong trào xây dựng gia đình 5 không, 3 sạch", {}),
        # money to spend is a budget, not a target
        ("Kinh phí thực hiện dự kiến: Khoảng 2.000 triệu đồng.", {}),
        ("dự kiến kinh phí nâng cao thu nhập cho người dân là 24.246 triệu đồng", {}),
        # shares of money and support rates are policy parameters, not targets
        ("Tổng nguồn vốn tối thiểu là 75.000 tỷ đồng, trong đó vốn ngân sách Trung ương chiếm 64%.", {}),
        ("Hỗ trợ 50% chi phí mua thẻ bảo hiểm y tế cho người thuộc hộ cận nghèo.", {}),
        # the preamble cites, it sets no target
        ("hỗ trợ 22 huyện nghèo thoát nghèo, 100% xã", {"in_preamble": True}),
    ],
)
def test_reads_no_target(text, kw):
    assert find_targets(text, ctx(**kw)) == []


def test_in_the_assignment_section_only_explicit_goals_count():
    assign = ("V. TỔ CHỨC THỰC HIỆN", "4. Phòng Kinh tế và Hạ tầng huyện")
    assert find_targets("- Phối hợp với các xã đảm bảo hoàn thành 06 bản đạt chuẩn NTM", ctx(assign)) == []
    (t,) = find_targets("Chỉ đạo mỗi tổ chức cơ sở xây dựng tối thiểu 02 mô hình giảm nghèo", ctx(assign))
    assert (t.value, t.comparator, t.unit) == (2, ">=", "mô hình")


def test_span_points_at_the_figure():
    text = "- Tỷ lệ che phủ rừng đạt 47%; diện tích cây trồng công nghệ cao 502 ha."
    found = find_targets(text, ctx())
    assert [text[a:b] for a, b in (t.span for t in found)] == ["47%", "502 ha"]
    assert all(t.clause_id == "d:c1" for t in found)


def test_a_long_clause_is_shown_by_its_sentence():
    filler = "Tăng cường công tác tuyên truyền, vận động nhân dân tham gia xây dựng nông thôn mới. " * 25
    (t,) = find_targets(filler + "Tỷ lệ che phủ rừng đạt 45% vào năm 2025. " + filler, ctx())
    assert t.text.strip() == "Tỷ lệ che phủ rừng đạt 45% vào năm 2025." and t.year == 2025
