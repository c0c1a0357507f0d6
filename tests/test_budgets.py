"""Funding amounts: million VND, source, purpose, programme, and breakdowns of a total."""
import pytest

from ingest.extract.budgets import find_budgets
from ingest.extract.context import ClauseContext

FUNDS = ("V. KINH PHÍ THỰC HIỆN",)


def ctx(breadcrumb=FUNDS, section_title=None, **kw) -> ClauseContext:
    return ClauseContext(doc_id="d", clause_id="d:c1", breadcrumb=tuple(breadcrumb),
                         section_title=section_title if section_title is not None else breadcrumb[-1], **kw)


def amounts(text, **kw):
    return [(b.amount_million_vnd, b.source) for b in find_budgets(text, ctx(**kw))]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the sample plans
        ("- Ngân sách trung ương: 4.912 triệu đồng", [(4912, "NSTW")]),
        ("+ Hỗ trợ vay vốn đất ở cho khoảng 2.025 hộ, kinh phí hỗ trợ 139.858 triệu đồng (NSTW là 81.280 triệu "
         "đồng, NSĐP là 8.128 triệu đồng, vốn tín dụng là 50.450 triệu đồng).",
         [(139858, None), (81280, "NSTW"), (8128, "NSĐP"), (50450, "vốn tín dụng")]),
        ("- Vốn lồng ghép: 486.966 triệu đồng;", [(486966, "vốn lồng ghép")]),
        ("- Cộng đồng dân cư tham gia đóng góp: 3.035 triệu đồng.", [(3035, "dân góp")]),
        ("- Ngân sách địa phương: 0,05 tỷ đồng", [(50, "NSĐP")]),
        ("- Nguồn huy động khác: 0,3 tỷ đồng.", [(300, "huy động khác")]),
        ("Tổng vốn: 76,47 tỷ đồng; Trong đó:", [(76470, None)]),
        ("+ Vốn sự nghiệp: 10.000 triệu đồng (nguồn NSTW).", [(10000, "NSTW")]),
        ("- Nguồn vốn cân đối ngân sách huyện: 29.513 triệu đồng.", [(29513, "ngân sách huyện")]),
        ("3. Vốn tín dụng: Không", [(0, "vốn tín dụng")]),
        ("Hỗ trợ cho các hộ nghèo vay vốn ưu đãi giai đoạn 2021-2025 với tổng số tiền là khoảng 20 tỷ đồng.",
         [(20000, "vốn tín dụng")]),
        # other provinces, other wordings
        ("Tổng kinh phí thực hiện: 12.500 triệu đồng (ngân sách tỉnh: 10.000 triệu đồng; ngân sách huyện: "
         "2.500 triệu đồng).", [(12500, None), (10000, "ngân sách tỉnh"), (2500, "ngân sách huyện")]),
        ("Kinh phí dự kiến khoảng 2,5 tỷ đồng từ nguồn ngân sách tỉnh.", [(2500, "ngân sách tỉnh")]),
        ("Huy động nguồn xã hội hóa 300 triệu đồng để sửa chữa nhà văn hóa.", [(300, "huy động khác")]),
        ("Nhân dân đóng góp 1,2 tỷ đồng bằng tiền và ngày công.", [(1200, "dân góp")]),
        ("Tổng mức đầu tư dự án 45.678,5 triệu đồng.", [(45678.5, None)]),
        ("Vốn đầu tư công năm 2026 do tỉnh phân bổ: 80 tỷ đồng.", [(80000, None)]),
        ("Ngân sách xã bố trí 150.000.000 đồng cho hoạt động truyền thông.", [(150, "ngân sách xã")]),
    ],
)
def test_reads_amounts_and_sources(text, expected):
    got = amounts(text)
    assert [(pytest.approx(a), s) for a, s in expected] == got


def test_breakdown_lines_know_their_total_and_capital_type():
    text = ("- Ngân sách Trung ương: 271.034 triệu đồng (Vốn đầu tư phát triển 136.502 triệu đồng; dự kiến vốn "
            "sự nghiệp khoảng 135.000 triệu đồng).")
    total, invest, running = find_budgets(text, ctx())
    assert invest.capital_type is not None
    assert (invest.source, invest.capital_type, invest.parent_amount_million_vnd) == ("NSTW", "vốn đầu tư", 271034)
    assert (running.capital_type, running.approx) == ("vốn sự nghiệp", True)
    assert total.parent_amount_million_vnd is None


def test_a_restated_amount_is_one_line():
    text = ("- Vốn và nguồn vốn: Tổng nhu cầu vốn thực hiện: 1.200 triệu đồng, trong đó: Ngân sách Trung ương: "
            "1.200 triệu đồng (Vốn sự nghiệp).")
    (line,) = find_budgets(text, ctx())
    assert (line.amount_million_vnd, line.source, line.capital_type) == (1200, "NSTW", "vốn sự nghiệp")


def test_unit_rate_is_marked():
    text = ("định mức hỗ trợ xây mới 40 triệu đồng/nhà, sửa chữa 20 triệu đồng/nhà. "
            "Tổng kinh phí khoảng 46.860 triệu đồng.")
    lines = find_budgets(text, ctx())
    assert [(b.amount_million_vnd, b.unit_rate) for b in lines] == [(40, "nhà"), (20, "nhà"), (46860, None)]


def test_a_cap_per_project_is_a_unit_rate():
    (line,) = find_budgets("Mức hỗ trợ tối đa 70% tổng chi phí, không quá 1 tỷ đồng/dự án.", ctx())
    assert (line.amount_million_vnd, line.unit_rate) == (1000, "dự án")


def test_amounts_are_kept_as_written():
    (line,) = find_budgets("- Ngân sách trung ương: 76,12 tỷ đồng", ctx())
    assert line.amount_as_written == "76,12 tỷ đồng"


@pytest.mark.parametrize(
    "text",
    [
        "- Thu nhập bình quân đầu người đạt 45 triệu đồng/người.",
        "Phấn đấu năm 2024 thu nhập người dân đạt 42 triệu đồng/người/năm.",
        "Giá trị sản phẩm/01ha đất canh tác bình quân năm 2025 đạt trên 80 triệu đồng",
        "Phấn đấu thu ngân sách trên địa bàn đạt 50 tỷ đồng.",
        "Thu hút trên 1 triệu lượt khách du lịch.",
        "Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ.",
        "- Ngân sách địa phương: Không quá 10% tổng vốn",
        # damage, tax relief, registered capital, sales and revenue fund nothing
        "Mưa lũ làm 120 nhà bị sập đổ, tổng thiệt hại ước tính khoảng 850 tỷ đồng.",
        "Giảm thuế giá trị gia tăng cho doanh nghiệp khoảng 120 tỷ đồng.",
        "Thu hút 12 dự án đầu tư mới với tổng vốn đăng ký 3.500 tỷ đồng.",
        "Tổng mức bán lẻ hàng hóa ước đạt 45.000 tỷ đồng.",
        "Tổng thu ngân sách năm 2025 ước đạt 9.800 tỷ đồng; trong đó: thu nội địa 9.500 tỷ đồng.",
        # fines, fees and the value thresholds of a rule are not funding
        "Phạt tiền từ 5.000.000 đồng đến 10.000.000 đồng đối với hành vi vi phạm.",
        "Chi phí thẩm định trên 10 tỷ đồng: mức thu phí là 20 triệu đồng.",
        "Lệ phí cấp giấy phép: 500.000 đồng/giấy phép.",
        "Điều chuyển tài sản có nguyên giá dưới 500 triệu đồng/01 đơn vị tài sản.",
    ],
)
def test_reads_no_budget(text):
    assert find_budgets(text, ctx()) == []


@pytest.mark.parametrize(
    "text, million",
    [
        ("Chi phí tổ chức hội nghị: 50 triệu đồng.", 50),  # "chi phí" is money spent
        ("Hỗ trợ học phí 1,5 triệu đồng/học sinh/năm học.", 1.5),  # support for tuition is funding
        ("Kinh phí thực hiện 300 triệu đồng.", 300),
    ],
)
def test_money_spent_with_phi_in_its_name_is_funding(text, million):
    assert [b.amount_million_vnd for b in find_budgets(text, ctx())] == [pytest.approx(million)]


def test_money_spent_from_a_revenue_source_is_funding():
    (line,) = find_budgets("Chi đầu tư từ nguồn thu tiền sử dụng đất 560 tỷ đồng.", ctx())
    assert (line.amount_million_vnd, line.source) == (560000, "NSĐP")


def test_preamble_has_no_budget():
    assert find_budgets("Căn cứ Quyết định giao 500 tỷ đồng", ctx(in_preamble=True)) == []


def test_programme_and_purpose_come_from_the_text_or_the_headings():
    (line,) = find_budgets("- Nguồn vốn NSTW thực hiện chương trình Mục tiêu quốc gia giảm nghèo bền vững: "
                           "137.374 triệu đồng.", ctx())
    assert line.programme == "Chương trình MTQG giảm nghèo bền vững"
    heads = ("IV. NỘI DUNG", "1.1.1. Lĩnh vực nông nghiệp, nông thôn", "b) Dự kiến nguồn vốn triển khai thực hiện")
    (line,) = find_budgets("- Nguồn vốn chương trình MTQG xây dựng nông thôn mới giai đoạn 2021- 2025 (vốn sự "
                           "nghiệp): 4.607 triệu đồng.", ctx(heads))
    assert line.programme == "Chương trình MTQG xây dựng nông thôn mới"
    assert line.purpose == "Lĩnh vực nông nghiệp, nông thôn"
    assert line.capital_type == "vốn sự nghiệp"


def test_purpose_read_from_the_label():
    (line,) = find_budgets("- Đường giao thông từ trung tâm huyện tới cầu Phiêng Đanh với tổng kinh phí: "
                           "100.000 triệu đồng.", ctx())
    assert line.purpose == "Đường giao thông từ trung tâm huyện tới cầu Phiêng Đanh"


def test_an_amount_cut_from_its_label_is_read_with_the_lead_in():
    lead = "Nâng cấp đường Mồ Sì San - Sì Lờ Lầu với tổng kinh phí:"
    (line,) = find_budgets("80.000 triệu đồng.", ctx(lead_in=lead))
    assert line.amount_million_vnd == 80000 and line.text.startswith(lead)
    assert line.purpose == "Nâng cấp đường Mồ Sì San - Sì Lờ Lầu"
    assert line.span == (0, len("80.000 triệu đồng"))


def test_span_points_at_the_amount():
    text = "- Ngân sách trung ương: 150 triệu đồng; Ngân sách địa phương: 50 triệu đồng."
    lines = find_budgets(text, ctx())
    assert [text[a:b] for a, b in (b.span for b in lines)] == ["150 triệu đồng", "50 triệu đồng"]
    assert [b.source for b in lines] == ["NSTW", "NSĐP"]
