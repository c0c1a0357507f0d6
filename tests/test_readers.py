"""Specification of `ingest.readers`: what each format reads back as, and how every bad input is refused.

All fixtures are generated from short Vietnamese plan text in tmp_path (see `tests.fixtures_docs`).
"""

from __future__ import annotations

import hashlib
import random
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from ingest.errors import ReadError
from ingest.readers import SourceText, TextReader, read_source, supported_suffixes
from tests.fixtures_docs import make_docx, make_pdf

HEADING = "KẾ HOẠCH"
PLAN = (
    "Thực hiện Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi.",
    "Ủy ban nhân dân huyện Phong Thổ ban hành Kế hoạch thực hiện như sau:",
    "Phòng Dân tộc chủ trì, phối hợp với các đơn vị liên quan triển khai thực hiện.",
)
TABLE = (
    ("STT", "Nội dung", "Đơn vị thực hiện"),
    ("1", "Hỗ trợ đất ở, nhà ở", "Phòng Tài nguyên và Môi trường"),
)
SAMPLE = "Cộng hòa xã hội chủ nghĩa Việt Nam\nKế hoạch thực hiện các nhiệm vụ năm 2024 của huyện được ban hành.\n"


def flat(text: str) -> str:
    """NFC with whitespace collapsed: PDF extraction may re-wrap lines."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def read_error(path: Path, **kwargs: int) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_source(path, **kwargs)
    return caught.value


# ----------------------------------------------------------------------------------------------
# One fixture per format, built from the same plan text
# ----------------------------------------------------------------------------------------------

SOURCE_WRAPPED = PLAN[0].replace(" ", "\n    ", 3)  # newlines in the HTML source are just spaces
HTML_PAGE = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta charset="utf-8"><title>{HEADING}</title>
<style>p {{ color: red; }}</style><script>var x = "không lấy";</script></head>
<body><nav><a href="/">Trang chủ</a></nav><!-- ghi chú ẩn -->
<h1>{HEADING}</h1>
<p>{SOURCE_WRAPPED}</p>
<div>{PLAN[1]}<br>{PLAN[2]}</div>
<table><tr><th>{TABLE[0][0]}</th><th>{TABLE[0][1]}</th><th>{TABLE[0][2]}</th></tr>
<tr><td>{TABLE[1][0]}</td><td>{TABLE[1][1]}</td><td>{TABLE[1][2]}</td></tr></table>
</body></html>"""


def write_txt(path: Path) -> Path:
    path.write_text("\n\n".join((HEADING, *PLAN)) + "\n", encoding="utf-8")
    return path


def write_md(path: Path) -> Path:
    path.write_text(f"# {HEADING}\n\n" + "\n\n".join(PLAN) + "\n", encoding="utf-8")
    return path


def write_html(path: Path) -> Path:
    path.write_text(HTML_PAGE, encoding="utf-8")
    return path


def write_docx(path: Path) -> Path:
    return make_docx(path, PLAN, TABLE, heading=HEADING)


def write_pdf(path: Path) -> Path:
    return make_pdf(path, (HEADING, *PLAN))


FORMATS = [
    # (file name,          writer,      format, encoding, pages)
    ("001_ke_hoach.txt", write_txt, "txt", "utf-8", None),
    ("002_ke_hoach.md", write_md, "md", "utf-8", None),
    ("003_ke_hoach.html", write_html, "html", "utf-8", None),
    ("004_ke_hoach.htm", write_html, "html", "utf-8", None),
    ("005_ke_hoach.docx", write_docx, "docx", None, None),
    ("006_ke_hoach.pdf", write_pdf, "pdf", None, 1),
    ("007_KE_HOACH.TXT", write_txt, "txt", "utf-8", None),
]


@pytest.mark.parametrize(("name", "write", "fmt", "encoding", "pages"), FORMATS)
def test_each_format_reads_back_the_plan_text(
    tmp_path: Path,
    name: str,
    write: Callable[[Path], Path],
    fmt: str,
    encoding: str | None,
    pages: int | None,
) -> None:
    path = write(tmp_path / name)
    source = read_source(path)
    assert isinstance(source, SourceText)
    assert (source.path, source.name, source.format) == (str(path), name, fmt)
    assert (source.encoding, source.pages) == (encoding, pages)
    assert source.size == path.stat().st_size
    assert "\r" not in source.text
    for sentence in (HEADING, *PLAN):
        assert flat(sentence) in flat(source.text)


def test_docx_keeps_document_order_with_table_rows_as_lines(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "plan.docx", PLAN, TABLE, heading=HEADING, table_after=1)
    table = "STT | Nội dung | Đơn vị thực hiện\n1 | Hỗ trợ đất ở, nhà ở | Phòng Tài nguyên và Môi trường"
    assert read_source(path).text == "\n\n".join((HEADING, PLAN[0], table, PLAN[1], PLAN[2]))


def test_docx_cell_spanning_columns_is_written_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Nội dung"
    table.cell(0, 2).text = "Ghi chú"
    for cell, value in zip(table.rows[1].cells, ("1", "Hỗ trợ", "Năm 2024"), strict=True):
        cell.text = value
    document.save(str(tmp_path / "merged.docx"))
    assert read_source(tmp_path / "merged.docx").text == "Nội dung | Ghi chú\n1 | Hỗ trợ | Năm 2024"


def test_html_drops_chrome_and_lays_blocks_out_as_lines(tmp_path: Path) -> None:
    text = read_source(write_html(tmp_path / "plan.html")).text
    assert text.split("\n") == [
        HEADING,  # the <h1>; <head> and its <title> are not body text
        "",
        PLAN[0],
        "",
        PLAN[1],  # <br> breaks the line inside the <div>
        PLAN[2],
        "",
        " | ".join(TABLE[0]),
        " | ".join(TABLE[1]),
    ]
    for hidden in ("không lấy", "Trang chủ", "color", "ghi chú", "DOCTYPE", "W3C"):
        assert hidden not in text


def test_pdf_pages_are_counted_and_joined_by_a_blank_line(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "plan.pdf", ("Trang một: Kế hoạch", "Trang hai: Phụ lục"), lines_per_page=1)
    source = read_source(path)
    assert source.pages == 2
    assert [flat(page) for page in source.text.split("\n\n")] == ["Trang một: Kế hoạch", "Trang hai: Phụ lục"]


def test_pdf_with_only_an_owner_password_opens(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "locked.pdf", PLAN, user_password="")
    assert flat(PLAN[2]) in flat(read_source(path).text)


# ----------------------------------------------------------------------------------------------
# Encodings
# ----------------------------------------------------------------------------------------------

_CP1258_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Word writes it: precomposed when the code page has the letter, else base + tone."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in _CP1258_TONES))
        out += (letter + "".join(m for m in marks if m in _CP1258_TONES)).encode("cp1258")
    return bytes(out)


# Just the letters of SAMPLE, enough to make text look like it came from .VnTime / VNI-Times fonts.
_TCVN3 = dict(
    zip("ộòãủĩệếạựáụểăđượà", b"\xe9\xdf\xb7\xf1\xdc\xd6\xd5\xb9\xf9\xb8\xf4\xd3\xa8\xae\xad\xee\xb5", strict=True)
)
_VNI = {
    "ộ": b"o\xe4", "ò": b"o\xf8", "ã": b"a\xf5", "ủ": b"u\xfb", "ĩ": b"\xf3", "ệ": b"e\xe4",
    "ế": b"e\xe1", "ạ": b"a\xef", "ự": b"\xf6\xef", "á": b"a\xf9", "ụ": b"u\xef", "ể": b"e\xe5",
    "ă": b"a\xea", "đ": b"\xf1", "ư": b"\xf6", "ợ": b"\xf4\xef", "à": b"a\xf8",
}  # fmt: skip


def to_tcvn3(text: str) -> bytes:
    return b"".join(bytes([_TCVN3[c]]) if c in _TCVN3 else c.encode("ascii") for c in text)


def to_vni(text: str) -> bytes:
    return b"".join(_VNI[c] if c in _VNI else c.encode("ascii") for c in text)


ENCODINGS = [
    # (case,              bytes of SAMPLE,                                   detected encoding)
    ("utf-8", SAMPLE.encode("utf-8"), "utf-8"),
    ("utf-8 BOM", b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
    ("utf-16-le BOM", b"\xff\xfe" + SAMPLE.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be BOM", b"\xfe\xff" + SAMPLE.encode("utf-16-be"), "utf-16-be"),
    ("utf-16-le no BOM", SAMPLE.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be no BOM", SAMPLE.encode("utf-16-be"), "utf-16-be"),
    ("cp1258", to_cp1258(SAMPLE), "cp1258"),
    ("utf-8 CRLF", SAMPLE.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
]


@pytest.mark.parametrize(("case", "data", "encoding"), ENCODINGS, ids=[c[0] for c in ENCODINGS])
def test_encodings_decode_to_the_same_text(tmp_path: Path, case: str, data: bytes, encoding: str) -> None:
    path = tmp_path / "sample.txt"
    path.write_bytes(data)
    source = read_source(path)
    assert (source.text, source.encoding) == (SAMPLE, encoding)


def test_cp1258_bytes_are_not_utf8_and_use_combining_tones() -> None:
    data = to_cp1258(SAMPLE)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert b"\xf2" in data  # the dot-below tone mark, as in "Việt"


def test_latin1_text_that_is_not_vietnamese_is_accepted(tmp_path: Path) -> None:
    french = "Le début de l'été approche; à la fenêtre, la forêt reçoit déjà la lumière du matin.\n" * 3
    path = tmp_path / "note.txt"
    path.write_bytes(french.encode("latin-1"))
    assert read_source(path).text == french


LEGACY = [
    # (case,                 file name,     bytes,                                                 named)
    ("TCVN3 txt", "abc.txt", to_tcvn3(SAMPLE), "TCVN3"),
    ("VNI txt", "vni.txt", to_vni(SAMPLE), "VNI"),
    ("TCVN3 saved as UTF-8", "abc_utf8.txt", to_tcvn3(SAMPLE).decode("cp1252").encode("utf-8"), "TCVN3"),
    ("VNI saved as UTF-8", "vni_utf8.md", to_vni(SAMPLE).decode("cp1252").encode("utf-8"), "VNI"),
    ("TCVN3 html", "abc.html", b"<p>" + to_tcvn3(SAMPLE) + b"</p>", "TCVN3"),
]


@pytest.mark.parametrize(("case", "name", "data", "named"), LEGACY, ids=[c[0] for c in LEGACY])
def test_legacy_vietnamese_encodings_are_refused(tmp_path: Path, case: str, name: str, data: bytes, named: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    error = read_error(path)
    assert named in error.reason
    assert "Unicode" in error.reason


def test_legacy_font_text_inside_a_docx_is_refused(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "vntime.docx", [to_tcvn3(line).decode("cp1252") for line in SAMPLE.splitlines()])
    assert "TCVN3" in read_error(path).reason


# ----------------------------------------------------------------------------------------------
# Bad inputs: each is refused with one line that names the file
# ----------------------------------------------------------------------------------------------


def junk_bytes(size: int) -> bytes:
    generator = random.Random(1258)
    data = bytearray(generator.randbytes(size))
    data[::37] = bytes(len(data[::37]))  # NULs at both even and odd offsets: not UTF-16 either
    return bytes(data)


def truncated_pdf(path: Path) -> Path:
    make_pdf(path.with_name("full.pdf"), PLAN)
    path.write_bytes(path.with_name("full.pdf").read_bytes()[:200])
    return path


def truncated_docx(path: Path) -> Path:
    make_docx(path.with_name("full.docx"), PLAN, TABLE)
    data = path.with_name("full.docx").read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def write(data: bytes) -> Callable[[Path], Path]:
    def writer(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return writer


def make_dir(path: Path) -> Path:
    path.mkdir()
    return path


BAD_INPUTS = [
    # (case,              file name,        setup,                                       reason contains)
    ("empty file", "empty.txt", write(b""), "rỗng"),
    ("whitespace only", "blank.txt", write(b" \r\n\t\n  \xc2\xa0\n"), "khoảng trắng"),
    ("whitespace html", "blank.html", write(b"<html><body><p> </p><br></body></html>"), "khoảng trắng"),
    ("binary junk", "junk.txt", write(junk_bytes(2048)), "nhị phân"),
    ("control characters", "ctrl.txt", write(bytes(range(1, 9)) * 50 + b"abc"), "nhị phân"),
    ("truncated PDF", "cut.pdf", truncated_pdf, "PDF bị hỏng"),
    ("text named .pdf", "fake.pdf", write("Kế hoạch".encode() * 20), "PDF bị hỏng"),
    ("password PDF", "secret.pdf", lambda p: make_pdf(p, PLAN, user_password="mat-khau"), "mật khẩu"),
    ("corrupt DOCX", "junk.docx", write(junk_bytes(4096)), "DOCX bị hỏng"),
    ("truncated DOCX", "cut.docx", truncated_docx, "DOCX bị hỏng"),
    ("old .doc renamed", "old.docx", write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)), ".doc"),
    ("empty DOCX", "nothing.docx", lambda p: make_docx(p, []), "khoảng trắng"),
    ("unsupported suffix", "plan.xyz", write(b"Ke hoach"), "'.xyz' không được hỗ trợ"),
    ("no suffix", "README", write(b"Ke hoach"), "không có phần mở rộng"),
    ("directory", "folder.txt", make_dir, "thư mục"),
    ("missing path", "missing.txt", lambda p: p, "không tìm thấy"),
]


@pytest.mark.parametrize(("case", "name", "setup", "expected"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_inputs_are_refused_in_one_line_naming_the_file(
    tmp_path: Path, case: str, name: str, setup: Callable[[Path], Path], expected: str
) -> None:
    path = setup(tmp_path / name)
    error = read_error(path)
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert expected in error.reason


def test_unsupported_suffix_lists_the_supported_ones(tmp_path: Path) -> None:
    path = write(b"x")(tmp_path / "plan.xyz")
    assert all(suffix in read_error(path).reason for suffix in supported_suffixes())


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = write(b"Ke hoach nam 2024. " * 108)(tmp_path / "big.txt")  # 2052 bytes
    error = read_error(path, max_bytes=1000)
    assert "quá lớn" in error.reason and "2052 byte" in error.reason and "1000 byte" in error.reason
    assert "\n" not in str(error)
    assert read_source(path, max_bytes=path.stat().st_size).size == path.stat().st_size


@pytest.mark.slow
def test_default_limit_refuses_a_51_mb_file_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    chunk = ("Kế hoạch thực hiện năm 2024.\n".encode() * 40_000)[: 1024 * 1024]
    with path.open("wb") as handle:
        for _ in range(51):
            handle.write(chunk)
    started = time.perf_counter()
    error = read_error(path)
    assert time.perf_counter() - started < 0.5
    assert "51,0 MB" in error.reason and "50,0 MB" in error.reason


# ----------------------------------------------------------------------------------------------
# Identity and the registry
# ----------------------------------------------------------------------------------------------


def test_sha256_depends_only_on_the_bytes(tmp_path: Path) -> None:
    data = SAMPLE.encode("utf-8")
    first = read_source(write(data)(tmp_path / "a.txt"))
    second = read_source(write(data)(tmp_path / "b.md"))
    assert first.sha256 == second.sha256 == hashlib.sha256(data).hexdigest()
    assert (first.size, first.name, second.name, second.format) == (len(data), "a.txt", "b.md", "md")
    assert read_source(str(tmp_path / "a.txt")).path == str(tmp_path / "a.txt")


def test_supported_suffixes() -> None:
    assert set(supported_suffixes()) >= {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}
    assert list(supported_suffixes()) == sorted(supported_suffixes())


def test_a_reader_is_usable_on_its_own(tmp_path: Path) -> None:
    assert TextReader().read(tmp_path / "x.txt", SAMPLE.encode("utf-16")) == SAMPLE
    with pytest.raises(ReadError):
        TextReader().read(tmp_path / "x.txt", to_vni(SAMPLE))
