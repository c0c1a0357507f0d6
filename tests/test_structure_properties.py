"""Properties of the parser on perturbed, real-looking headers (all invented): whatever a copy does to the
header table (a line break anywhere between words, the motto split, the two columns printed in either
order or side by side, blank lines removed or doubled), no exception escapes and the identity fields
stay right, because the information is still there. And on any text at all, parsing never raises."""
from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.structure import parse_text


@dataclass(frozen=True)
class Spec:
    issuer_cells: tuple[str, ...]
    issuer: str
    symbol: str
    place: str
    date: tuple[int, int, int]
    type_cell: str
    doc_type: str
    title: str


SPECS = [
    Spec(("ỦY BAN NHÂN DÂN", "TỈNH BÌNH AN"), "Ủy ban nhân dân tỉnh Bình An", "45/KH-UBND", "Bình An",
         (2025, 4, 3), "KẾ HOẠCH", "Kế hoạch", "TRIỂN KHAI CÔNG TÁC GIẢM NGHÈO NĂM 2026"),
    Spec(("HỘI ĐỒNG NHÂN DÂN", "THÀNH PHỐ TÂN PHONG"), "Hội đồng nhân dân thành phố Tân Phong", "12/2025/NQ-HĐND",
         "Tân Phong", (2025, 12, 9), "NGHỊ QUYẾT", "Nghị quyết", "QUY ĐỊNH MỨC HỖ TRỢ HỌC PHÍ"),
    Spec(("UBND HUYỆN ĐÔNG SƠN", "PHÒNG TÀI CHÍNH - KẾ HOẠCH"), "Phòng Tài chính - Kế hoạch huyện Đông Sơn",
         "301/TCKH-NS", "Đông Sơn", (2024, 10, 21), "", "Công văn", ""),
    Spec(("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",), "Bộ Nông nghiệp và Môi trường", "7/2025/TT-BNNMT", "Hà Nội",
         (2025, 1, 15), "THÔNG TƯ", "Thông tư", "QUY ĐỊNH VỀ QUẢN LÝ GIỐNG CÂY TRỒNG"),
    Spec(("ỦY BAN NHÂN DÂN", "XÃ PHÚ LỘC"), "Ủy ban nhân dân xã Phú Lộc", "88/QĐ-UBND", "Phú Lộc",
         (2025, 7, 30), "QUYẾT ĐỊNH", "Quyết định", "VỀ VIỆC KIỆN TOÀN BAN CHỈ ĐẠO"),
]
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
BODY = ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", "I. MỤC TIÊU",
        "1. Giảm tỷ lệ hộ nghèo bình quân 1,5%/năm.", "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
        "Trần Văn Bình"]


def _break_between_words(cell: str, draw) -> list[str]:
    """A cell cut over lines at any space (and after a hyphen inside a number: "3783/QĐ-" / "UBND")."""
    cuts = [i for i, ch in enumerate(cell) if ch == " " or (ch == "-" and i and cell[i - 1] != " " and "/" in cell)]
    chosen = sorted(draw(st.sets(st.sampled_from(cuts), max_size=min(3, len(cuts)))) if cuts else [])
    pieces, last = [], 0
    for cut in chosen:
        keep = cell[last:cut + 1] if cell[cut] == "-" else cell[last:cut]
        pieces.append(keep)
        last = cut + 1
    pieces.append(cell[last:])
    return [p.strip() for p in pieces if p.strip()]


@st.composite
def perturbed_headers(draw):
    spec = draw(st.sampled_from(SPECS))
    y, m, d = spec.date
    left = [*spec.issuer_cells, "-------", f"Số: {spec.symbol}"]
    if spec.doc_type == "Công văn":
        left.append("V/v hướng dẫn lập dự toán ngân sách năm 2026")
    right = [*MOTTO, "---------------", f"{spec.place}, ngày {d} tháng {m} năm {y}"]
    # the two columns: left first, right first, or interleaved cell by cell, or side by side on one line
    order = draw(st.sampled_from(["left first", "right first", "interleaved", "side by side"]))
    if order == "left first":
        cells = left + right
    elif order == "right first":
        cells = right[:3] + left + right[3:]  # the motto above, the date still after the number
    elif order == "interleaved":
        cells = [c for pair in zip(left, right) for c in pair] + left[len(right):] + right[len(left):]
    else:
        width = max(map(len, left)) + 4
        cells = [f"{a:<{width}}{b}" for a, b in zip(left, right)] + left[len(right):] + right[len(left):]
    lines: list[str] = []
    for cell in cells:
        lines.extend(_break_between_words(cell, draw) if draw(st.booleans()) else [cell])
    if spec.type_cell:
        lines += [spec.type_cell, spec.title]
    lines += BODY
    blanks = draw(st.sampled_from([0, 1, 2]))
    return spec, ("\n" * (blanks + 1)).join(lines) + "\n"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(perturbed_headers())
def test_identity_survives_any_perturbation_of_the_header(case):
    spec, text = case
    h = parse_text(text, name="x.txt").header
    y, m, d = spec.date
    assert h.symbol == spec.symbol, text
    assert h.date == f"{y:04d}-{m:02d}-{d:02d}", text
    assert h.doc_type == spec.doc_type, text
    assert h.issuer == spec.issuer, text
    assert h.place == spec.place, text
    for field in (h.issuer, h.title, h.place):
        assert "nghĩa" not in (field or "").lower() and "độc lập" not in (field or "").lower(), text


_PIECES = st.sampled_from([
    "Số:", "Số", "45/KH-UBND", "3783/QĐ-", "UBND", "ngày", "tháng", "năm", "2025", "11", "|", "-------", "CỘNG HÒA XÃ",
    "HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ĐẢNG CỘNG SẢN", "VIỆT NAM", "KẾ", "HOẠCH", "QUYẾT ĐỊNH:",
    "Căn cứ", "Điều 1.", "Chương I", "Bước 1:", "PHỤ LỤC I", "(Ban hành kèm theo Quyết định số 1/QĐ-UBND)", "Nơi nhận:",
    "TM.", "KT. CHỦ TỊCH", "Trần Văn Bình", "V/v", "Kính gửi:", "a)", "1.", "- ", "(", ")", "##", "**", "21", "Trang 2",
    "Quyết định 45/KH-UBND năm 2025", "thông qua ngày 30 tháng 2 năm 2025", "ỦY BAN NHÂN", "DÂN", "\n", "\n\n", " ",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=80).map("".join))
def test_parsing_never_raises_on_header_debris(text):
    doc = parse_text(text, name="x.txt")
    for clause in doc.clauses():
        assert doc.text[clause.span[0]:clause.span[1]] == clause.text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400))
def test_parsing_never_raises_on_any_text(text):
    parse_text(text, name="x.txt")
