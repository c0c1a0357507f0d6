"""The administrative header from every common layout (Decree 30/2020/NĐ-CP lays it out as a table:
issuer over number on the left, motto over place and date on the right, then type, title, enacting
body). Every input is invented; each table row is one layout a copy of a document arrives in."""
from __future__ import annotations

import pytest

from ingest.structure import parse_text

BODY = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\nI. MỤC ĐÍCH\n1. Bảo đảm an toàn.\n"

LAYOUTS = {
    # a web copy: one header cell per line, words cut over lines, the motto over two lines
    "one cell per line": (
        "ỦY BAN NHÂN\nDÂN\nTỈNH HÀ NAM\n-------\n\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "---------------\n\nSố:\n45/KH-UBND\n\nHà\nNam, ngày 03\ntháng 4 năm 2025\n\nKẾ\nHOẠCH\n\n"
        "TRIỂN KHAI CÔNG TÁC PHÒNG, CHỐNG THIÊN TAI NĂM 2025 TRÊN ĐỊA BÀN\nTỈNH HÀ NAM\n\n" + BODY,
        ("45/KH-UBND", "2025-04-03", "Kế hoạch", "Ủy ban nhân dân tỉnh Hà Nam", "Hà Nam",
         "TRIỂN KHAI CÔNG TÁC PHÒNG, CHỐNG THIÊN TAI NĂM 2025 TRÊN ĐỊA BÀN TỈNH HÀ NAM")),
    # cells joined by "|", rules glued to the issuer, the motto glued to "Độc lập"
    "pipe layout": (
        "BỘ XÂY DỰNG------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc--------------- |\n"
        "Số: 12/2024/TT-BXD | Hà Nội, ngày 5 tháng 7 năm 2024 |\n\nTHÔNG TƯ\n\nQuy định về quản lý chất lượng công trình\n\n"
        + BODY,
        ("12/2024/TT-BXD", "2024-07-05", "Thông tư", "Bộ Xây dựng", "Hà Nội", "Quy định về quản lý chất lượng công trình")),
    # a Word header table as the reader gives it: one row per line, cells joined by " | "
    "docx table": (
        "ỦY BAN NHÂN DÂN HUYỆN MƯỜNG TÈ ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ------\n"
        "Số: 88/QĐ-UBND | Mường Tè, ngày 10 tháng 3 năm 2024\nQUYẾT ĐỊNH\nVề việc kiện toàn Ban Chỉ đạo\n"
        "ỦY BAN NHÂN DÂN HUYỆN MƯỜNG TÈ\n" + BODY,
        ("88/QĐ-UBND", "2024-03-10", "Quyết định", "Ủy ban nhân dân huyện Mường Tè", "Mường Tè",
         "Về việc kiện toàn Ban Chỉ đạo")),
    # a PDF's two columns side by side on each line
    "pdf two columns": (
        "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "XÃ PHÚ LỘC               Độc lập - Tự do - Hạnh phúc\n"
        "Số: 15/KH-UBND           Phú Lộc, ngày 2 tháng 2 năm 2025\n\n"
        "K Ế H O Ạ C H\nThực hiện chuyển đổi số năm 2025\n" + BODY,
        ("15/KH-UBND", "2025-02-02", "Kế hoạch", "Ủy ban nhân dân xã Phú Lộc", "Phú Lộc",
         "Thực hiện chuyển đổi số năm 2025")),
    # the number before the motto (left column printed first), a subject line and no type word
    "official letter": (
        "UBND TỈNH LẠNG SƠN\nSỞ TÀI CHÍNH\n-------\nSố: 301/STC-NS\nV/v hướng dẫn lập dự toán ngân sách\n"
        "năm 2026\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Lạng Sơn, ngày 9 tháng 10 năm 2025\nKính gửi: Các sở, ban, ngành tỉnh.\n"
        "Thực hiện Thông tư số 56/2025/TT-BTC, Sở Tài chính hướng dẫn như sau:\n1. Lập dự toán đúng hạn.\n",
        ("301/STC-NS", "2025-10-09", "Công văn", "Sở Tài chính tỉnh Lạng Sơn", "Lạng Sơn",
         "V/v hướng dẫn lập dự toán ngân sách năm 2026")),
    # a Party header: its own motto, "Số" without colon, the type code after a hyphen
    "party": (
        "ĐẢNG BỘ TỈNH NINH THUẬN\nBAN THƯỜNG VỤ\n*\nĐẢNG CỘNG SẢN\nVIỆT NAM\nSố 12-CT/TU\n"
        "Phan Rang - Tháp Chàm, ngày 4 tháng 5 năm 2024\nCHỈ THỊ\nVỀ TĂNG CƯỜNG CÔNG TÁC DÂN VẬN\n"
        "- Căn cứ Điều lệ Đảng;\n1. Các cấp ủy quán triệt.\n",
        ("12-CT/TU", "2024-05-04", "Chỉ thị", None, "Phan Rang - Tháp Chàm", "VỀ TĂNG CƯỜNG CÔNG TÁC DÂN VẬN")),
}


@pytest.mark.parametrize("layout", LAYOUTS, ids=list(LAYOUTS))
def test_header_fields_from_every_layout(layout):
    text, (symbol, date, doc_type, issuer, place, title) = LAYOUTS[layout]
    h = parse_text(text, name="x.txt").header
    assert (h.symbol, h.date, h.doc_type, h.place) == (symbol, date, doc_type, place)
    if issuer:
        assert h.issuer == issuer
    assert h.title == title


def test_party_issuer_is_the_lowest_body_with_its_parent():
    h = parse_text(LAYOUTS["party"][0], name="x.txt").header
    assert h.issuer.startswith("Ban Thường vụ") and h.issuer_parent == "Đảng bộ tỉnh Ninh Thuận"


@pytest.mark.parametrize("text", [t for t, _ in LAYOUTS.values()], ids=list(LAYOUTS))
def test_the_motto_never_joins_the_issuer_or_the_title(text):
    doc = parse_text(text, name="x.txt")
    for field in (doc.header.issuer, doc.header.issuer_parent, doc.header.title, doc.header.place):
        assert "nghĩa" not in (field or "").lower() and "độc lập" not in (field or "").lower()
    assert all("Độc lập" not in c.text for c in doc.clauses())


# ---------------------------------------------------------------- no header, or a header that says little

RESOLUTION_WITHOUT_ISSUER_CELL = """------ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc------ |
Số: 1234/NQ-UBTVQH15 |

NGHỊ QUYẾT

Về việc thành lập thị xã Tân Phong thuộc tỉnh Bình An

------

ỦY BAN THƯỜNG VỤ QUỐC HỘI

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;

QUYẾT NGHỊ:

Điều 1. Thành lập thị xã Tân Phong.

Điều 2. Nghị quyết này có hiệu lực từ ngày ký.

Nghị quyết này được Ủy ban Thường vụ Quốc hội khóa XV, phiên họp thứ 40 thông qua ngày 12 tháng 3 năm 2025.
"""


def test_issuer_from_the_authority_line_and_date_from_the_adoption_line():
    h = parse_text(RESOLUTION_WITHOUT_ISSUER_CELL, name="x.txt").header
    assert (h.symbol, h.doc_type, h.issuer, h.date) == (
        "1234/NQ-UBTVQH15", "Nghị quyết", "Ủy ban Thường vụ Quốc hội", "2025-03-12")
    assert h.title == "Về việc thành lập thị xã Tân Phong thuộc tỉnh Bình An"
    assert h.place is None  # the text names no place of issue


@pytest.mark.parametrize("text, doc_type, title", [
    ("Thông tư quy định về quản lý hồ sơ điện tử\nCăn cứ Luật Lưu trữ số 33/2024/QH15;\nĐiều 1. Phạm vi.\n",
     "Thông tư", "quy định về quản lý hồ sơ điện tử"),
    ("Quyết định về việc phê duyệt danh sách hộ nghèo\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
     "Điều 1. Phê duyệt danh sách.\n", "Quyết định", "về việc phê duyệt danh sách hộ nghèo"),
    ("NGHỊ QUYẾT\nVề một số cơ chế đặc thù\nQUỐC HỘI\nCăn cứ Hiến pháp;\nQUYẾT NGHỊ:\nĐiều 1. Phạm vi.\n",
     "Nghị quyết", "Về một số cơ chế đặc thù"),
])
def test_a_body_without_header_still_says_its_type(text, doc_type, title):
    h = parse_text(text, name="x.txt").header
    assert (h.doc_type, h.title, h.symbol, h.date) == (doc_type, title, None, None)


def test_nothing_is_invented_where_the_text_states_nothing():
    h = parse_text("Tăng cường công tác giảm nghèo.\nGiao Phòng Dân tộc chủ trì thực hiện.", name="x.txt").header
    assert (h.symbol, h.date, h.doc_type, h.issuer, h.place, h.title) == (None,) * 6


def test_a_sentence_case_title_cut_after_a_verb_goes_on():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH AN\nSố: 9/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nBình An, ngày 1 tháng 2 năm 2025\nQUYẾT ĐỊNH\n"
            "Sửa đổi Quyết định số 1/QĐ-UBND về giao vốn thực hiện\nChương trình mục tiêu quốc gia giảm nghèo\n"
            "ỦY BAN NHÂN DÂN TỈNH BÌNH AN\nCăn cứ Luật Ngân sách nhà nước;\nQUYẾT ĐỊNH:\nĐiều 1. Sửa đổi.\n")
    h = parse_text(text, name="x.txt").header
    assert h.title == "Sửa đổi Quyết định số 1/QĐ-UBND về giao vốn thực hiện Chương trình mục tiêu quốc gia giảm nghèo"
    assert h.authority == "ỦY BAN NHÂN DÂN TỈNH BÌNH AN"


# ---------------------------------------------------------------- a page pasted from a legal-text website

PASTED_PAGE = """Bản quyền nội dung thuộc về Trang Văn Bản Mẫu. Mọi sao chép phải ghi nguồn.
Đang tải văn bản...
Số hiệu:

999/KH-UBND

Loại văn bản:

Quyết định

Nơi ban hành:

Tỉnh Bình Sơn

Ngày ban hành:

01/01/2020

Tóm tắt: Kế hoạch thực hiện Quyết định số 90/QĐ-TTg ngày 18/01/2022 và Nghị định số 27/2022/NĐ-CP.
ỦY BAN NHÂN DÂN
TỈNH BÌNH AN
-------
CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 99/KH-UBND
Bình An, ngày 20
tháng 11 năm 2025
KẾ HOẠCH
GIẢM NGHÈO BỀN VỮNG NĂM 2026
Căn cứ Nghị quyết số 12/2025/NQ-HĐND của Hội đồng nhân dân tỉnh;
I. MỤC TIÊU
1. Giảm tỷ lệ hộ nghèo.
Nơi nhận:
- UBND các xã;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Bình
Kế hoạch 99/KH-UBND năm 2025 giảm nghèo bền vững do tỉnh Bình An ban hành
Văn bản liên quan
Quyết định 90/QĐ-TTg năm 2022 phê duyệt Chương trình
Bạn vừa bị Đăng xuất khỏi Tài khoản.
"""


def test_site_chrome_gives_no_identity_and_no_clause():
    doc = parse_text(PASTED_PAGE, name="x.txt")
    h = doc.header
    assert (h.symbol, h.date, h.doc_type, h.issuer) == ("99/KH-UBND", "2025-11-20", "Kế hoạch", "Ủy ban nhân dân tỉnh Bình An")
    texts = " ".join(c.text for c in doc.clauses())
    for chrome in ("Bản quyền", "Tóm tắt", "90/QĐ-TTg", "Văn bản liên quan", "Đăng xuất", "999/KH-UBND"):
        assert chrome not in texts
    assert doc.preamble[0].text.startswith("Căn cứ Nghị quyết số 12/2025/NQ-HĐND")
    assert doc.signature.signer == "Trần Văn Bình"
    assert doc.text.startswith("ỦY BAN NHÂN DÂN")


LETTER_WITHOUT_HEADER = """Bản quyền nội dung thuộc về Trang Văn Bản Mẫu.
Số hiệu:

2045/STC-NS

Loại văn bản:

Công văn

Nơi ban hành:

Sở Tài chính

Ngày ban hành:

09/10/2025

Kính gửi: Ủy ban nhân dân các xã, phường.
Thực hiện Thông tư số 56/2025/TT-BTC ngày 25/6/2025 của Bộ Tài chính, Sở Tài chính đề nghị:
- Các xã lập dự toán đúng hạn.
Nơi nhận:
- Như trên;
- Lưu: VT.
GIÁM ĐỐC
Lê Văn Tâm
"""


def test_a_page_without_the_document_s_header_takes_identity_from_the_catalogue_box_and_says_so():
    doc = parse_text(LETTER_WITHOUT_HEADER, name="x.txt")
    h = doc.header
    assert (h.symbol, h.date, h.doc_type, h.issuer) == ("2045/STC-NS", "2025-10-09", "Công văn", "Sở Tài chính")
    assert any("trang web" in w and "symbol" in w for w in doc.warnings)
    texts = " ".join(c.text for c in doc.clauses())
    assert "Bản quyền" not in texts and "Số hiệu" not in texts
    assert doc.preamble[0].text.startswith("Kính gửi")
    assert doc.signature.signer == "Lê Văn Tâm"
