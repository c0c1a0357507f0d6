"""Faithful text: what the parser keeps is what the document says. Page furniture goes only where the
pages show (page numbers at page breaks, headers repeated on every page), never a line that continues a
sentence, a legal-basis line that begins like the one before, or a cell of a flattened table. All inputs
are invented."""
from __future__ import annotations

import pytest

from ingest.lines import join_lines, physical_lines
from ingest.structure import parse_text

HEADER = ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH AN\nSố: 12/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
          "Độc lập - Tự do - Hạnh phúc\nBình An, ngày 2 tháng 3 năm 2025\nKẾ HOẠCH\nThực hiện chuyển đổi số năm 2025\n")


def logical(raw: str) -> list[str]:
    lines, _ = physical_lines(raw)
    return [ln.text for ln in join_lines(lines)]


# ---------------------------------------------------------------- preambles whose lines begin alike

ALIKE = [
    # one citation per line pair, each cut after "Căn cứ Thông tư số" (a web copy's cell width)
    ("Căn cứ Thông tư số\n15/2022/TT-BTC ngày 04/3/2022 của Bộ Tài chính;\n"
     "Căn cứ Thông tư số\n46/2022/TT-BTC ngày 28/7/2022 của Bộ Tài chính;\n"
     "Căn cứ Thông tư số\n53/2022/TT-BTC ngày 12/8/2022 của Bộ Tài chính;\n",
     ["15/2022/TT-BTC", "46/2022/TT-BTC", "53/2022/TT-BTC"]),
    # the same with blank lines between the cells
    ("Căn cứ Nghị quyết số\n\n12/2024/NQ-HĐND ngày 9/7/2024;\n\nCăn cứ Nghị quyết số\n\n"
     "13/2024/NQ-HĐND ngày 9/7/2024;\n\nCăn cứ Nghị quyết số\n\n14/2024/NQ-HĐND ngày 9/7/2024;\n",
     ["12/2024/NQ-HĐND", "13/2024/NQ-HĐND", "14/2024/NQ-HĐND"]),
    # long citations: the repeats stand a page's length apart, and still begin a sentence
    ("".join(f"Căn cứ Quyết định số\n{n}/QĐ-UBND ngày 1/2/2024 của Ủy ban nhân dân tỉnh về việc phê duyệt\n"
             + "danh mục dự án đầu tư công\n" * 5 + "trên địa bàn tỉnh;\n" for n in (301, 302, 303, 304)),
     ["301/QĐ-UBND", "302/QĐ-UBND", "303/QĐ-UBND", "304/QĐ-UBND"]),
]


@pytest.mark.parametrize("preamble, symbols", ALIKE)
def test_preamble_lines_that_begin_alike_are_all_kept(preamble, symbols):
    doc = parse_text(HEADER + preamble + "I. MỤC TIÊU\n1. Hoàn thành.\n", name="x.txt")
    assert len(doc.preamble) == len(symbols)
    for clause, symbol in zip(doc.preamble, symbols):
        assert clause.text.startswith("Căn cứ") and symbol in clause.text
    assert not [w for w in doc.warnings if "lặp lại" in w]


# ---------------------------------------------------------------- page furniture where the pages show

PAGE_BREAK = "\n\n\n\n"


@pytest.mark.parametrize("raw, kept", [
    # a PDF export: page numbers between runs of empty lines, a running header on every page
    (PAGE_BREAK.join(
        f"Kế hoạch số 12/KH-UBND\n" + "\n".join(f"- Nhiệm vụ {p}.{k} được triển khai đúng tiến độ." for k in range(14))
        + f"\n{p}" for p in range(1, 4)),
     {"furniture": [], "kept_lines": 42}),
])
def test_running_headers_and_page_numbers_go_where_pages_show(raw, kept):
    texts = logical(raw)
    assert "Kế hoạch số 12/KH-UBND" not in texts
    assert not any(t.strip().isdigit() for t in texts)
    assert len(texts) == kept["kept_lines"]


def test_a_repeated_line_without_pages_is_text():
    # a web copy: no page numbers, no page breaks; the repeated cell is a table's content
    raw = "\n\n".join(f"Sở Tài chính\nChủ trì rà soát danh mục dự án số {n} trên địa bàn\nQuý {n}/2025" for n in range(1, 5))
    assert " ".join(logical(raw)).count("Sở Tài chính") == 4


@pytest.mark.parametrize("raw, expected", [
    # a page number at a page break inside a sentence goes; the sentence is whole again
    ("- Hỗ trợ người dân phát" + PAGE_BREAK + "21" + PAGE_BREAK + "triển sản xuất, đa dạng hóa sinh kế.",
     ["- Hỗ trợ người dân phát triển sản xuất, đa dạng hóa sinh kế."]),
    # a number that ends a cut sentence is the sentence's
    ("Thực hiện theo quy định tại khoản" + PAGE_BREAK + "3" + PAGE_BREAK + "Điều 5 của Quyết định này.",
     ["Thực hiện theo quy định tại khoản 3 Điều 5 của Quyết định này."]),
])
def test_page_numbers_and_sentences(raw, expected):
    assert logical(raw) == expected


def test_a_flattened_table_keeps_every_cell():
    # one cell per line: row numbers, names, figures; nothing of it is page furniture
    rows = [("1", "Xã Phú Lộc", "120", "35"), ("2", "Xã Tân Phong", "98", "21"), ("3", "Xã Đông Sơn", "110", "30")]
    raw = "\n\n".join(["STT", "Đơn vị", "Số hộ", "Hộ nghèo", *[cell for row in rows for cell in row]])
    doc = parse_text(HEADER + "Căn cứ Luật Ngân sách nhà nước;\nI. SỐ LIỆU\n" + raw + "\n", name="x.txt")
    for row in rows:
        for cell in row:
            assert cell in doc.text.split("\n") or cell in doc.text


def test_every_clause_is_its_source_text():
    raw = HEADER + ALIKE[0][0] + "I. MỤC TIÊU\n**1. Hoàn thành**:\nNơi nhận__:\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTrần Văn Bình\n"
    doc = parse_text(raw, name="x.txt")
    for clause in doc.clauses():
        assert doc.text[clause.span[0]:clause.span[1]] == clause.text
        s0, s1 = clause.source_span
        assert raw[s0:s1].replace("*", "").replace("\n", " ").startswith(clause.text.split()[0])
    assert doc.recipients == ["Lưu: VT"]


# ---------------------------------------------------------------- a heading's last words on a line of their own

@pytest.mark.parametrize(("raw", "expected"), [
    # web copies put a blank line after every heading: the short line before it ends the heading
    ("2. Ban Quản lý Khu công nghệ cao\nTây Bắc\n\n- Đề xuất danh mục dự án.\n",
     ["2. Ban Quản lý Khu công nghệ cao Tây Bắc", "- Đề xuất danh mục dự án."]),
    ("Điều 7. Chế độ tài chính của\nQuỹ\n\n1. Quỹ hoạt động theo Điều lệ.\n",
     ["Điều 7. Chế độ tài chính của Quỹ", "1. Quỹ hoạt động theo Điều lệ."]),
    # near misses: a sentence of its own, a line not closing the block, a numbered line
    ("1. Mục đích\nBảo đảm an toàn.\n\n2. Yêu cầu\n", ["1. Mục đích", "Bảo đảm an toàn.", "2. Yêu cầu"]),
    ("3. Sở Xây dựng\nChủ trì thẩm định\nthiết kế các công trình.\n\n",
     ["3. Sở Xây dựng", "Chủ trì thẩm định thiết kế các công trình."]),
    ("1. Sở Tài chính\n2. Sở Nội vụ\n\n", ["1. Sở Tài chính", "2. Sở Nội vụ"]),
])
def test_a_heading_wrapped_before_its_blank_line_is_one_line(raw: str, expected: list[str]) -> None:
    assert logical(raw) == expected
