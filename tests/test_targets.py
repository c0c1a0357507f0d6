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
        # outputs of an activity, with their own units
        ("thời gian lấy mẫu từ tháng 4 đến tháng 9 năm 2027; số lượng mẫu phân tích 120 mẫu/năm.", "mẫu", 120,
         "mẫu/năm", "=", 2027),
        ("- Số lượng: 2.500 cuốn sổ tay hướng dẫn.", "cuốn", 2500, "cuốn", "=", None),
        ("Triển khai 04 dự án liên kết sản xuất rau an toàn.", "dự án", 4, "dự án", "=", None),
        # goals stated as "at least", "no more than", "above"
        ("Phấn đấu có ít nhất 75% hộ kinh doanh sử dụng thanh toán điện tử.", "hộ kinh doanh", 75, "%", ">=",
         None),
        ("Tỷ lệ hồ sơ trễ hạn không quá 2%.", "hồ sơ trễ hạn", 2, "%", "<=", None),
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
        ("Tỷ lệ hộ nghèo giảm hàng năm 1%-1,5%.", 1, 1.5, "%"),
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


@pytest.mark.parametrize(
    "text, value, value_max, unit, comparator",
    [
        # a numeric time bound on a task
        ("- Thu gom rác thải tại các điểm ngập trong 12-24 giờ sau khi nước rút.", 12, 24, "giờ", "range"),
        ("Bảo đảm tiếp cận người bị nạn trong 6 giờ đầu.", 6, None, "giờ", "="),
        # a growth factor
        ("Đến năm 2030, thu nhập của hộ tham gia dự án tăng ít nhất 1,5 lần so với năm 2025.", 1.5, None, "lần",
         ">="),
        ("Giá trị sản phẩm OCOP tăng lên 2 lần so với đầu kỳ.", 2, None, "lần", "="),
    ],
)
def test_reads_time_bounds_and_factors(text, value, value_max, unit, comparator):
    t = one(text, doc_year=2026)
    assert (t.value, t.value_max, t.unit, t.comparator) == (value, value_max, unit, comparator)
    assert text[t.span[0] : t.span[1]].startswith(str(value).replace(".", ",").removesuffix(",0"))


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
        # what a plan estimates it needs: a share of its money, the land it needs
        ("- Vốn ngoài ngân sách và các nguồn vốn hợp pháp khác dự kiến 10%-15% tổng vốn.", {}),
        ("Tổng hợp nhu cầu sử dụng đất phát triển các thiết chế văn hóa đến năm 2030 dự kiến là 1.250.000 m2.", {}),
        # the preamble cites, it sets no target
        ("hỗ trợ 22 huyện nghèo thoát nghèo, 100% xã", {"in_preamble": True}),
        # results so far, in a report or the opening of a conclusion
        ("Doanh thu du lịch 9 tháng đầu năm ước đạt 1.250 tỷ đồng, tăng 12,5% so với cùng kỳ.", {}),
        ("Giải ngân vốn đầu tư công tính đến hết ngày 30/9 đạt 61,2% kế hoạch.", {}),
        ("Đến ngày 20/10/2025 đã giải ngân 81,4 tỷ đồng, đạt 52,3% kế hoạch.", {}),
        ("Lũy kế có 46/52 xã đạt chuẩn nông thôn mới.", {}),
        ("Năm 2024, toàn huyện có thêm 05 xã đạt chuẩn nông thôn mới.", {"doc_year": 2025}),
        ("Tỷ lệ tiêm chủng đạt 96%.", {"breadcrumb": ("I. ĐÁNH GIÁ CHUNG",)}),
        ("Đến nay, 100% các huyện ủy đã triển khai phòng họp trực tuyến.", {}),
        ("đến nay 100% các văn phòng đã xây dựng báo cáo tháng.", {}),
        ("Tỷ lệ văn bản điện tử đạt 98%.", {"breadcrumb": ("1. Về đánh giá tình hình hoạt động năm 2025",)}),
        # damage is not a goal
        ("Cơn bão vừa qua đã làm 120 nhà bị tốc mái, 35 nhà bị sập đổ hoàn toàn.", {}),
        ("Mưa lớn làm 240 nhà bị ngập sâu.", {}),
        # scope: where a task is done, what a decision approves, the count heading a list
        ("Thực hiện quan trắc tại 09 xã, phường ven biển.", {}),
        ("Phạm vi thực hiện: 31 xã thuộc vùng đồng bào dân tộc thiểu số.", {}),
        ("Phê duyệt danh sách 05 xã đạt chuẩn nông thôn mới, 02 xã đạt chuẩn nông thôn mới nâng cao năm 2025.", {}),
        ("Xã đạt chuẩn nông thôn mới kiểu mẫu (02 xã): xã Tân Lập, xã Hòa Bình.", {}),
        # the specification of a work, a resource supplied with the money
        ("Cầu treo bản Nà Khương, chiều dài 45 m, chiều rộng 1,5 m; tổng mức đầu tư 2.300 triệu đồng.", {}),
        ("Kè chống sạt lở suối Nậm Pô, chiều dài 1,2 km.", {}),
        ("Tổng kinh phí dự kiến là 12 tỷ đồng, ngoài ra khoảng 300 tấn xi măng do tỉnh hỗ trợ.", {}),
        # policy rates and quotas
        ("Hỗ trợ tiền ăn bằng 30% mức lương cơ sở.", {}),
        ("Hỗ trợ gạo: 10 kg gạo/trẻ/tháng.", {}),
        ("Xét tặng Giấy khen theo quy định tại khoản 3 Điều 12 Quyết định số 05/2023/QĐ-UBND (tỷ lệ không quá "
         "15% tập thể, 8% cá nhân).", {}),
        ("Tặng thưởng cho tập thể tiêu biểu, tỷ lệ không quá 20% số đơn vị tham gia.",
         {"breadcrumb": ("IV. KHEN THƯỞNG",)}),
        # a product's concentration, a procedure's deadline, a frequency
        ("Cấp phát hóa chất Cloramin B, Javen 5%, bình phun cho các xã.", {}),
        ("Giải quyết hồ sơ trong 05 ngày làm việc kể từ ngày nhận đủ hồ sơ.", {}),
        ("Lấy mẫu với tần suất 2 lần/tháng.", {}),
        # a count that is the object of an assigned task, with no goal word
        ("2. Ủy ban nhân dân các xã Tân Lập, Hòa Bình hoàn thiện hồ sơ 08 dự án liên kết sản xuất.", {}),
        # the scoring table of an emulation, a formula, a rate per an unlisted unit
        ("Từ 85 - 90% cộng 02 điểm; từ 90 - 95% cộng 03 điểm; đạt 100% cộng 05 điểm.", {}),
        ("4 Điểm cộng 10 4.1 Đơn vị đạt tỷ lệ 100% hồ sơ đúng hạn", {}),
        ("Tỷ lệ = b/a 100%;", {}),
        ("12 cửa sông - 20 vị trí (01 mẫu/vị trí)", {}),
        # cells of a flattened table: row numbers before a place's name or a capitalised cell
        ("Địa điểm quan trắc 7 xã Tân Lập 8 xã Hòa Bình 9 phường Bình Minh", {}),
        ("TT Tên đơn vị 3 Bãi ngao Cồn Đen 4 Bãi ngao Cồn Vành", {}),
    ],
)
def test_reads_no_target(text, kw):
    assert find_targets(text, ctx(**kw)) == []


@pytest.mark.parametrize(
    "text, values",
    [
        # a goal word keeps a figure that a near miss would drop
        ("Phấn đấu 9 tháng đầu năm 2026 đạt 75% kế hoạch giải ngân.", [75]),
        ("Phấn đấu giải ngân đạt 100% kế hoạch vốn được giao.", [100]),
        ("Giải ngân vốn sự nghiệp đạt tối thiểu 85% kế hoạch.", [85]),
        # an estimate set as a goal stays one
        ("Vốn xã hội hóa dự kiến phấn đấu đạt tối thiểu 20% tổng vốn đầu tư.", [20]),
        # "từ nay đến năm 2030" looks ahead
        ("Từ nay đến năm 2030, 100% các huyện ủy có phòng họp trực tuyến.", [100]),
        # a share of output set as a floor is a goal even when the sentence opens with money
        ("Kinh phí chi cho nghiên cứu phát triển/GRDP tối thiểu 1,5%.", [1.5]),
        # a ratio of communes after "tại" is coverage, not scope
        ("tiếp tục duy trì và nâng cao chất lượng tiêu chí tại 12/12 xã.", [12]),
        # the baseline year of a comparison is not a past statement
        ("1. Giảm 40 hộ nghèo so với cuối năm 2025; tỷ lệ hộ nghèo giảm xuống còn 0,8%.", [40, 0.8]),
        # the count of an assigned task with a goal word
        ("2. Ủy ban nhân dân xã Tân Lập phấn đấu hoàn thành 03 mô hình sản xuất.", [3]),
    ],
)
def test_near_misses_that_stay_targets(text, values):
    assert [t.value for t in find_targets(text, ctx(doc_year=2026))] == values


RULES = ("Điều 3. Điều kiện",)


@pytest.mark.parametrize(
    "text, doc_type, doc_title, breadcrumb, values",
    [
        # a decree, a resolution, a decision issuing a rule book: thresholds are rules
        ("Người dự tuyển trả lời đúng từ 60% số câu hỏi trở lên thì được dự vòng 2.", "Nghị định", None, RULES, []),
        ("Dự án có quy mô dân số từ 5.000 người trở lên.", "Nghị quyết", None, RULES, []),
        ("Mỗi hội đồng có không quá 07 thành viên.", "Quyết định", "Ban hành Quy chế hoạt động của Hội đồng",
         RULES, []),
        # ... unless the sentence aims or a section of goals holds it
        ("Phấn đấu đến năm 2030 có 90% hồ sơ được giải quyết trực tuyến.", "Nghị quyết", None, RULES, [90]),
        ("Tốc độ tăng trưởng kinh tế đạt 8%.", "Nghị quyết", None, ("Điều 1", "2. Các chỉ tiêu chủ yếu"), [8]),
        # a plan, or a decision approving one, is not a rule-making text
        ("Tỷ lệ hồ sơ được giải quyết trực tuyến đạt 90%.", "Kế hoạch", None, GOALS, [90]),
        ("Tỷ lệ hồ sơ được giải quyết trực tuyến đạt 90%.", "Quyết định", "Phê duyệt Kế hoạch chuyển đổi số", GOALS,
         [90]),
        # a case or an example is not a goal
        ("Trường hợp có từ 02 người trở lên bằng điểm nhau thì xét ưu tiên.", None, None, GOALS, []),
        # in a rule-making text "chỉ tiêu" grades and "phải đạt" requires: neither aims
        ("Đơn vị hoàn thành dưới 50% các chỉ tiêu được giao.", "Quyết định", "Ban hành Quy định tiêu chí đánh giá",
         RULES, []),
        ("Người được đề nghị bổ nhiệm phải đạt trên 50% số phiếu giới thiệu.", "Nghị định", None, RULES, []),
        ("Ví dụ: tổ có 12 thành viên thì chọn 03 người.", None, None, GOALS, []),
        ("Nếu tỷ lệ hộ nghèo trên 10% thì được hỗ trợ thêm.", None, None, GOALS, []),
        # a forecast is not a goal
        ("Dự báo tốc độ tăng trưởng kinh tế đạt khoảng 7%/năm.", None, None, GOALS, []),
    ],
)
def test_rules_cases_and_forecasts_are_not_goals(text, doc_type, doc_title, breadcrumb, values):
    found = find_targets(text, ctx(breadcrumb, doc_type=doc_type, doc_title=doc_title))
    assert [t.value for t in found] == values


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
