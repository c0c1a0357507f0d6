"""Specification of the formats staff actually have: scans (OCR), old Word and RTF, saved web pages,
the safe repairs of OCR errors, and the limits that refuse a decompression bomb in about a second.

Every file is made here from invented Vietnamese text (`tests.fixtures_docs`); OCR tests are slow.
"""

from __future__ import annotations

import resource
import struct
import time
import zlib
from pathlib import Path

import pytest

from ingest.errors import ReadError
from ingest.readers import ReadLimits, read_source
from ingest.readers.ocr import available as ocr_available
from ingest.readers.repair import repair_ocr_line
from tests.fixtures_docs import (
    make_pdf_with_table,
    make_doc,
    make_docx,
    make_mixed_pdf,
    make_paragraph_bomb,
    make_pdf,
    make_pdf_stream_bomb,
    make_rtf,
    make_scan_pdf,
    make_scanned_pdf,
    make_zip_bomb_docx,
    scan_pages,
)

PLAN = (
    "ỦY BAN NHÂN DÂN HUYỆN MƯỜNG KHƯƠNG",
    "Số: 58/KH-UBND",
    "KẾ HOẠCH",
    "Thực hiện chương trình giảm nghèo bền vững năm 2025",
    "Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ phê duyệt Chương trình mục tiêu quốc gia giảm nghèo bền vững;",
    "Căn cứ Nghị định số 27/2022/NĐ-CP ngày 19/4/2022 của Chính phủ;",
    "1. Phòng Dân tộc chủ trì, phối hợp với Ủy ban nhân dân các xã triển khai thực hiện.",
)
needs_ocr = pytest.mark.skipif(not ocr_available(), reason="Tesseract với tiếng Việt chưa được cài (make install)")


def flat(text: str) -> str:
    return " ".join(text.split())


def char_error_rate(expected: str, got: str) -> float:
    """Levenshtein distance over the expected length, on whitespace-collapsed text."""
    a, b = flat(expected), flat(got)
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1] / max(len(a), 1)


# ----------------------------------------------------------------------------------------------
# OCR: scanned PDFs, mixed PDFs, images
# ----------------------------------------------------------------------------------------------


@pytest.mark.slow
@needs_ocr
def test_a_scanned_pdf_is_read_by_ocr_with_progress_and_confidence(tmp_path: Path) -> None:
    path = make_scan_pdf(tmp_path / "scan.pdf", PLAN, dpi=300, rotate=0.6, noise=0.002)
    seen: list[tuple[str, int, int]] = []
    source = read_source(path, progress=lambda *step: seen.append(step))
    assert source.format == "pdf" and source.pages == 1
    assert char_error_rate("\n".join(PLAN), source.text) < 0.03
    assert "90/QĐ-TTg" in source.text and "27/2022/NĐ-CP" in source.text
    assert seen[0] == ("OCR scan.pdf", 0, 1) and seen[-1] == ("OCR scan.pdf", 1, 1)
    (page,) = source.ocr_pages
    assert page.page == 1 and 0.8 < page.confidence <= 1 and page.engine.startswith("tesseract")
    assert source.ocr_lines and all(0 <= line.confidence <= 1 for line in source.ocr_lines)
    for line in source.ocr_lines:  # every OCR line points at real text
        assert source.text[line.start : line.end].strip()


@pytest.mark.slow
@needs_ocr
def test_a_mixed_pdf_reads_text_pages_from_the_layer_and_scans_by_ocr(tmp_path: Path) -> None:
    path = make_mixed_pdf(tmp_path / "mixed.pdf", PLAN[:3], PLAN[3:])
    source = read_source(path)
    assert source.pages == 2
    assert [page.page for page in source.ocr_pages] == [2]
    typed_end = source.text.index("KẾ HOẠCH") + len("KẾ HOẠCH")
    assert all(line.start >= typed_end for line in source.ocr_lines)  # page 1 came from its text layer
    assert "Phòng Dân tộc chủ trì" in source.text


@pytest.mark.slow
@needs_ocr
def test_ocr_confidence_reaches_the_clauses_and_the_graph(tmp_path: Path) -> None:
    from graph.build import build_document_graph
    from graph.vocab import CANCU
    from ingest.extract.pipeline import extract_document
    from ingest.structure import parse_document

    path = make_mixed_pdf(tmp_path / "mixed.pdf", PLAN[:3], PLAN[3:])
    document = parse_document(read_source(path))
    basis = [clause for clause in document.clauses() if clause.text.startswith("Căn cứ")]
    assert basis and all(0.5 < clause.ocr_confidence <= 1 for clause in basis)
    assert document.ocr_pages[0].page == 2
    graph = build_document_graph(extract_document(document))
    assert len(list(graph.subject_objects(CANCU.ocrConfidence))) >= len(basis)
    assert next(graph.objects(None, CANCU.ocrPageCount)).toPython() == 1


@pytest.mark.slow
@needs_ocr
def test_typed_text_has_no_ocr_confidence(tmp_path: Path) -> None:
    from ingest.structure import parse_document

    document = parse_document(read_source(make_pdf(tmp_path / "typed.pdf", PLAN)))
    assert document.ocr_pages == [] and all(c.ocr_confidence is None for c in document.clauses())


@pytest.mark.slow
@needs_ocr
@pytest.mark.parametrize("suffix", [".png", ".jpg", ".tif"])
def test_a_photographed_page_is_read_by_ocr(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"trang{suffix}"
    scan_pages(PLAN, dpi=300)[0].save(path)
    source = read_source(path)
    assert source.format == "image" and source.pages == 1
    assert char_error_rate("\n".join(PLAN), source.text) < 0.03


@pytest.mark.slow
@needs_ocr
def test_a_scan_without_any_letter_is_refused_in_one_line(tmp_path: Path) -> None:
    path = make_scanned_pdf(tmp_path / "scan.pdf", pages=2)
    with pytest.raises(ReadError) as caught:
        read_source(path)
    assert "OCR" in caught.value.reason and "\n" not in str(caught.value)


# ----------------------------------------------------------------------------------------------
# Old Word and RTF
# ----------------------------------------------------------------------------------------------

WORD_FILES = [
    # (case,                        file name,       writer)
    ("Word 97 .doc", "ke_hoach.doc", lambda p: make_doc(p, PLAN)),
    ("RTF, code page 1258", "ke_hoach.rtf", lambda p: make_rtf(p, PLAN)),
    ("RTF saved as .doc", "rtf_that_is.doc", lambda p: make_rtf(p, PLAN)),
    ("DOCX saved as .doc", "docx_that_is.doc", lambda p: make_docx(p, PLAN)),
    (".doc renamed .docx", "doc_that_is.docx", lambda p: make_doc(p, PLAN)),
]


@pytest.mark.parametrize(("case", "name", "write"), WORD_FILES, ids=[c[0] for c in WORD_FILES])
def test_old_word_and_rtf_read_back_the_vietnamese_text(tmp_path: Path, case: str, name: str, write) -> None:
    source = read_source(write(tmp_path / name))
    for line in PLAN:
        assert line in source.text


def test_a_doc_that_no_converter_can_read_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "hong.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    with pytest.raises(ReadError) as caught:
        read_source(path)
    assert ".doc" in caught.value.reason and ".docx" in caught.value.reason
    assert "\n" not in str(caught.value)


# ----------------------------------------------------------------------------------------------
# Saved web pages of legal-text sites
# ----------------------------------------------------------------------------------------------

LEGAL_SITE_PAGE = """<!DOCTYPE html><html><head><title>Kế hoạch 58/KH-UBND</title>
<script>trackPage();</script></head><body>
<div id="top"><a href="/">Trang chủ</a> | <a href="/dang-nhap">Đăng nhập</a></div>
<ul class="menu"><li><a href="/vb">Văn bản mới</a></li><li><a href="/hoi-dap">Hỏi đáp pháp luật</a></li></ul>
<div class="layout">
 <div class="sidebar"><h3>Văn bản cùng lĩnh vực</h3>
  <ul><li><a href="/a">Quyết định 12/2025/QĐ-UBND về giá đất trên địa bàn tỉnh</a></li>
  <li><a href="/b">Kế hoạch 44/KH-UBND về phòng chống thiên tai năm 2025</a></li></ul></div>
 <div class="main">
  <div class="tabs"><a href="#vn">Nội dung</a> <a href="#en">Tiếng Anh</a> <a href="#luoc-do">Lược đồ</a></div>
  <div class="meta"><table><tr><td>Số hiệu:</td><td>58/KH-UBND</td></tr>
   <tr><td>Loại văn bản:</td><td>Kế hoạch</td></tr><tr><td>Người ký:</td><td>Lò Văn Tính</td></tr></table></div>
  <div class="summary"><p>Tóm tắt: Kế hoạch giảm nghèo năm 2025 của huyện, thay thế Kế hoạch số 12/KH-UBND.</p></div>
  <div id="vn" class="content">
   <table><tr><td><b>ỦY BAN NHÂN DÂN<br>HUYỆN MƯỜNG KHƯƠNG</b><br>-------<br>Số: 58/KH-UBND</td>
    <td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</b><br>---------------<br>
    <i>Mường Khương, ngày 10 tháng 3 năm 2025</i></td></tr></table>
   <p align="center"><b>KẾ HOẠCH</b></p>
   <p align="center"><b>Thực hiện chương trình giảm nghèo bền vững năm 2025</b></p>
   <p>Căn cứ <a href="/qd-90">Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ</a>;</p>
   <p>1. Phòng Dân tộc chủ trì, phối hợp với Ủy ban nhân dân các xã triển khai thực hiện.</p>
   <table><tr><td><b><i>Nơi nhận:</i></b><br>- UBND tỉnh;<br>- Lưu: VT.</td>
    <td><b>TM. ỦY BAN NHÂN DÂN<br>CHỦ TỊCH</b><br><br>Lò Văn Tính</td></tr></table>
   <p align="center"><b>PHỤ LỤC I</b></p>
   <table><tr><th>STT</th><th>Xã</th><th>Số hộ nghèo</th></tr><tr><td>1</td><td>Bản Lầu</td><td>120</td></tr></table>
   <div class="related"><h3>Văn bản liên quan</h3><ul><li><a href="/x">Quyết định 90/QĐ-TTg phê duyệt Chương trình</a></li>
    <li><a href="/y">Nghị định 27/2022/NĐ-CP quy định cơ chế quản lý</a></li></ul></div>
  </div>
  <div id="en" style="display:none"><p>SOCIALIST REPUBLIC OF VIETNAM. PLAN No. 58/KH-UBND</p></div>
  <div class="notice"><p>Bạn Chưa Đăng Nhập Thành Viên! Vì chưa đăng nhập nên bạn chỉ xem được thuộc tính của văn bản.</p>
   <form><input name="user"><button>Đăng nhập</button></form></div>
 </div></div>
<div class="footer"><p>Bản quyền thuộc về trang pháp luật. Địa chỉ: Q. 3, TP. Hồ Chí Minh.</p></div>
</body></html>"""


def test_a_saved_legal_page_keeps_the_document_from_header_to_annex(tmp_path: Path) -> None:
    path = tmp_path / "trang.html"
    path.write_text(LEGAL_SITE_PAGE, encoding="utf-8")
    lines = read_source(path).text.split("\n")
    # the header table laid out as on paper: the issuer cell, then the motto cell, line by line
    assert lines[:4] == ["ỦY BAN NHÂN DÂN", "HUYỆN MƯỜNG KHƯƠNG", "-------", "Số: 58/KH-UBND"]
    assert lines[5:7] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    text = "\n".join(lines)
    for kept in ("KẾ HOẠCH", "Căn cứ Quyết định số 90/QĐ-TTg", "Phòng Dân tộc chủ trì", "Nơi nhận", "Lò Văn Tính",
                 "PHỤ LỤC I", "1 | Bản Lầu | 120"):
        assert kept in text
    for dropped in ("Trang chủ", "Văn bản mới", "cùng lĩnh vực", "Tiếng Anh", "Loại văn bản", "Tóm tắt",
                    "Văn bản liên quan", "SOCIALIST", "Chưa Đăng Nhập", "Bản quyền", "trackPage"):
        assert dropped not in text
    assert lines[-1] == "1 | Bản Lầu | 120"


def test_a_page_without_the_document_form_keeps_its_article_not_its_link_lists(tmp_path: Path) -> None:
    page = """<html><body><div class="nav"><ul>
      <li><a href="/1">Tin tức sự kiện trong tỉnh hôm nay</a></li><li><a href="/2">Văn bản chỉ đạo điều hành mới ban hành</a></li>
      <li><a href="/3">Lịch công tác của lãnh đạo tỉnh tuần này</a></li></ul></div>
      <div class="article"><h1>Hướng dẫn thực hiện chương trình</h1>
      <p>Các xã rà soát hộ nghèo, hộ cận nghèo theo chuẩn nghèo đa chiều giai đoạn 2022 - 2025.</p>
      <p>Phòng Lao động - Thương binh và Xã hội tổng hợp kết quả, báo cáo Ủy ban nhân dân huyện.</p></div>
      <div class="links"><a href="/4">Xem thêm các tin khác cùng chuyên mục trên cổng thông tin</a></div></body></html>"""
    path = tmp_path / "bai.htm"
    path.write_text(page, encoding="utf-8")
    text = read_source(path).text
    assert text.startswith("Hướng dẫn thực hiện chương trình")
    assert "chuẩn nghèo đa chiều" in text and "báo cáo Ủy ban nhân dân huyện" in text
    assert "Tin tức" not in text and "Xem thêm" not in text


# ----------------------------------------------------------------------------------------------
# Safe repairs of OCR errors
# ----------------------------------------------------------------------------------------------

REPAIRS = [
    # (OCR line,                                                 repaired line)
    ("Căn cú Quyết định số 45/QD-UBND ngày 02/3/2024;", "Căn cứ Quyết định số 45/QĐ-UBND ngày 02/3/2024;"),
    ("Cản cứ Nghị định số 12/2021/ND-CP của Chính phủ;", "Căn cứ Nghị định số 12/2021/NĐ-CP của Chính phủ;"),
    ("Cǎn cứ Luật Tổ chức chính quyền địa phương;", "Căn cứ Luật Tổ chức chính quyền địa phương;"),
    ("CĂN CÚ NGHỊ QUYẾT SỐ 05/NQ-HDND", "CĂN CỨ NGHỊ QUYẾT SỐ 05/NQ-HĐND"),
    ("Căn cú vào tình hình thực tế của địa phương,", "Căn cứ vào tình hình thực tế của địa phương,"),
    ("theo Thông tư số 09/2022/TT-BGDDT", "theo Thông tư số 09/2022/TT-BGDĐT"),
    ("số 90/QĐÐ-TTg ngày 18/01/2022", "số 90/QĐ-TTg ngày 18/01/2022"),  # doubled bar, eth look-alike
    ("Số: 63/2025/NQ-HĐĐĐND", "Số: 63/2025/NQ-HĐND"),  # one bar read three times
    ("Số: 21/2025/NQ-HDĐĐND", "Số: 21/2025/NQ-HĐND"),
    ("Thông tư 12/2024/TT-BTTTTT", "Thông tư 12/2024/TT-BTTTT"),  # one T too many; BTTTT is a code
    ("Ðộc lập - Tự do - Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"),  # eth is never Vietnamese
    # left as written
    ("Cần cù lao động là truyền thống của đồng bào.", "Cần cù lao động là truyền thống của đồng bào."),
    ("Hướng dẫn số 15/HD-UBND của huyện", "Hướng dẫn số 15/HD-UBND của huyện"),  # HD is a code
    ("Dự án số 3/DA-BQL", "Dự án số 3/DA-BQL"),  # DA (Dự án) is a code; ĐA too: no guess
    ("Đơn vị QD và ND phối hợp", "Đơn vị QD và ND phối hợp"),  # not inside a symbol
    ("các hộ căn cú vào nhà văn hóa", "các hộ căn cú vào nhà văn hóa"),  # not at a line start
]


@pytest.mark.parametrize(("line", "expected"), REPAIRS, ids=[r[0][:30] for r in REPAIRS])
def test_ocr_repairs_only_where_safe(line: str, expected: str) -> None:
    assert repair_ocr_line(line) == expected


# ----------------------------------------------------------------------------------------------
# Resource limits: bombs are refused quickly, in one line, without the server's memory growing
# ----------------------------------------------------------------------------------------------


def _refusal(path: Path, **kwargs) -> tuple[ReadError, float, float]:
    """The error, the seconds it took, and the growth of peak memory (MB) here and in children."""
    before = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    started = time.perf_counter()
    with pytest.raises(ReadError) as caught:
        read_source(path, **kwargs)
    seconds = time.perf_counter() - started
    after = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    assert "\n" not in str(caught.value)
    return caught.value, seconds, (after - before) / 1024


@pytest.mark.slow
def test_a_docx_of_1_75_million_empty_paragraphs_is_refused_within_2_seconds(tmp_path: Path) -> None:
    error, seconds, growth = _refusal(make_paragraph_bomb(tmp_path / "bomb.docx"))
    assert "đoạn văn" in error.reason and "độc hại" in error.reason
    assert seconds < 2 and growth < 200


@pytest.mark.slow
def test_a_docx_that_unpacks_to_a_gigabyte_is_refused_within_2_seconds(tmp_path: Path) -> None:
    error, seconds, growth = _refusal(make_zip_bomb_docx(tmp_path / "zip.docx", unpacked_mb=1024))
    assert "giải nén" in error.reason
    assert seconds < 2 and growth < 200


@pytest.mark.slow
def test_a_pdf_whose_page_unpacks_to_400_mb_is_refused_quickly(tmp_path: Path) -> None:
    error, seconds, growth = _refusal(make_pdf_stream_bomb(tmp_path / "bom.pdf"))
    assert "luồng nén" in error.reason
    assert seconds < 5 and growth < 200


LIMITED = [
    # (case,                  file name,     writer,                                          limits,                 reason contains)
    ("unpacked size", "z.docx", lambda p: make_zip_bomb_docx(p, 9), ReadLimits(max_unpacked_mb=8), "giải nén"),
    ("paragraphs", "p.docx", lambda p: make_paragraph_bomb(p, 2000), ReadLimits(max_paragraphs=1000), "đoạn văn"),
    ("pages", "p.pdf", lambda p: make_pdf(p, [str(i) for i in range(8)], lines_per_page=1), ReadLimits(max_pages=5), "8 trang"),
    ("tags", "t.html", lambda p: (p.write_text("<div>" + "<b>x</b>" * 2000 + "</div>"), p)[1], ReadLimits(max_html_elements=1000), "thẻ"),
    ("memory", "m.docx", lambda p: make_docx(p, PLAN), ReadLimits(memory_mb=30), "bộ nhớ"),
]


@pytest.mark.parametrize(("case", "name", "write", "limits", "reason"), LIMITED, ids=[c[0] for c in LIMITED])
def test_each_limit_refuses_in_one_line(tmp_path: Path, case: str, name: str, write, limits: ReadLimits, reason: str) -> None:
    error, _, _ = _refusal(write(tmp_path / name), limits=limits)
    assert reason in error.reason


def test_an_image_claiming_a_billion_pixels_is_refused_before_decoding(tmp_path: Path) -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 40_000, 30_000, 8, 0, 0, 0, 0)  # 1.2 billion grey pixels
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(40_001))) + chunk(b"IEND", b"")
    path = tmp_path / "anh.png"
    path.write_bytes(png)
    if not ocr_available():
        pytest.skip("Tesseract chưa được cài: tệp ảnh bị từ chối trước khi kiểm tra kích thước")
    error, seconds, _ = _refusal(path)
    assert "điểm ảnh" in error.reason and seconds < 5


@pytest.mark.slow
def test_reading_that_runs_past_its_cpu_time_is_stopped(tmp_path: Path) -> None:
    path = tmp_path / "nang.html"
    path.write_text("<div>" + "<p><b>Kế hoạch</b> <i>năm</i></p>" * 120_000 + "</div>", encoding="utf-8")
    error, seconds, _ = _refusal(path, limits=ReadLimits(cpu_seconds=1))
    assert "giây xử lý" in error.reason and seconds < 30


# ----------------------------------------------------------------------------------------------
# Provenance: OCR confidence from the reader's lines to the clauses, and through a build's JSON
# ----------------------------------------------------------------------------------------------


def test_clause_confidence_is_the_character_weighted_mean_of_its_ocr_lines() -> None:
    from ingest.model import OcrPage
    from ingest.readers import OcrLine, SourceText
    from ingest.serialize import document_from_dict, document_to_dict
    from ingest.structure import parse_document

    typed = "KẾ HOẠCH\nThực hiện chương trình giảm nghèo năm 2025\n\n"
    first, second = PLAN[4], PLAN[5]
    text = f"{typed}{first}\n{second}\n"
    start = len(typed)
    lines = (
        OcrLine(start, start + len(first), 2, 0.9),
        OcrLine(start + len(first) + 1, start + len(first) + 1 + len(second), 2, 0.6),
    )
    page = OcrPage(2, 0.75, (start, len(text)), "tesseract 5.3.0 (vie)", 3.2)
    source = SourceText("k.pdf", "k.pdf", "pdf", text, "0" * 64, len(text), None, 2, lines, (page,), "tesseract")
    document = parse_document(source)
    by_text = {clause.text: clause.ocr_confidence for clause in document.clauses()}
    assert by_text[first] == 0.9 and by_text[second] == 0.6
    assert all(value is None for clause_text, value in by_text.items() if clause_text not in (first, second))
    again = document_from_dict(document_to_dict(document))
    assert again.ocr_pages == [page]
    assert [c.ocr_confidence for c in again.clauses()] == [c.ocr_confidence for c in document.clauses()]


# ---------------------------------------------------------------- tables of a PDF's text layer

_TASKS = (("TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"),
          ("1", "Rà soát, sửa đổi quy chế phối hợp quản lý cụm công nghiệp trên địa bàn tỉnh", "Sở Công Thương",
           "Sở Tài chính, Sở Xây dựng", "Quý I/2026"),
          ("2", "Tập huấn nghiệp vụ cho cán bộ cấp xã", "Sở Nội vụ", "", "Năm 2026"))


def test_a_pdf_table_is_read_row_by_row_with_its_columns_apart(tmp_path: Path) -> None:
    path = make_pdf_with_table(tmp_path / "phu_luc.pdf", ["PHỤ LỤC", "DANH MỤC NHIỆM VỤ NĂM 2026"], _TASKS,
                               ["Trên đây là danh mục nhiệm vụ."])
    lines = read_source(path).text.splitlines()
    assert lines[:2] == ["PHỤ LỤC", "DANH MỤC NHIỆM VỤ NĂM 2026"]
    assert lines[2:5] == [" | ".join(row) for row in _TASKS]  # a cell wrapped over lines is one cell
    assert lines[5:] == ["Trên đây là danh mục nhiệm vụ."]


def test_the_rows_of_a_pdf_task_table_assign_their_columns(tmp_path: Path) -> None:
    from ingest.extract.pipeline import extract_document
    from ingest.structure import parse_text

    path = make_pdf_with_table(tmp_path / "ke_hoach.pdf", ["KẾ HOẠCH", "Triển khai nhiệm vụ năm 2026",
                                                          "I. NHIỆM VỤ CỤ THỂ"], _TASKS)
    document = parse_text(read_source(path).text, name=path.name)
    found = [(a.role, a.agency.canonical, a.task) for a in extract_document(document).assignments]
    assert found == [("lead", "Sở Công Thương", _TASKS[1][1]), ("cooperate", "Sở Tài chính", _TASKS[1][1]),
                     ("cooperate", "Sở Xây dựng", _TASKS[1][1]), ("lead", "Sở Nội vụ", _TASKS[2][1])]


def test_a_pdf_without_ruled_cells_keeps_its_text_layer(tmp_path: Path) -> None:
    """Near miss: text in columns-like lines but no drawn table is read as before (pypdf's text)."""
    path = make_pdf(tmp_path / "van_ban.pdf", ["Sở Công Thương | chủ trì", "Sở Tài chính | phối hợp"])
    assert read_source(path).text.splitlines() == ["Sở Công Thương | chủ trì", "Sở Tài chính | phối hợp"]
