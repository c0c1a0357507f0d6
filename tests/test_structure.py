"""Document structure: header, legal-basis preamble, heading tree, clauses and closing, on the sample
corpus and on documents written in other shapes (decisions with articles, cut-off headers)."""
import json
from pathlib import Path

import pytest

from ingest.lines import join_lines, physical_lines
from ingest.structure import parse_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "gold" / "self.jsonl"


def parse(name: str):
    path = CORPUS / name
    return parse_text(path.read_text(encoding="utf-8"), name=path.name)


def sections(doc):
    return {s.path: s for s in doc.body.walk() if s.kind != "root"}


# ---------------------------------------------------------------- lines

@pytest.mark.parametrize(
    "raw, logical",
    [
        # a sentence broken over lines, blank lines between them, a page number at a page break dropped
        ("1. Nâng cao hiệu quả quản lý và thực hiện xây dựng nông thôn mới\n\ntheo quy hoạch\n\n\n\n21\n\n \n\n"
         "Thực hiện tốt công tác.",
         ["1. Nâng cao hiệu quả quản lý và thực hiện xây dựng nông thôn mới theo quy hoạch", "Thực hiện tốt công tác."]),
        # "- xã hội" continues a heading, it is not a bullet
        ("3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị\n- xã hội\nTuyên truyền, vận động.",
         ["3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội", "Tuyên truyền, vận động."]),
        # a symbol broken at its hyphen
        ("theo Quyết định số 2151/QĐ-\nUBND ngày 03/8/2023.", ["theo Quyết định số 2151/QĐ-UBND ngày 03/8/2023."]),
        # a numbering alone on its line takes the line below as its text, and starts a new item
        ("Trách nhiệm của các cơ quan trong kế hoạch\n\nII.\nTỔ CHỨC THỰC HIỆN\n\n1.\nSở Tài chính chủ trì,\n"
         "phối hợp với các sở.\n2.1.\nTrách nhiệm chung\na)\nRà soát hồ sơ.",
         ["Trách nhiệm của các cơ quan trong kế hoạch", "II. TỔ CHỨC THỰC HIỆN",
          "1. Sở Tài chính chủ trì, phối hợp với các sở.", "2.1. Trách nhiệm chung", "a) Rà soát hồ sơ."]),
        # a heading cut inside a body's name goes on ("... với Bộ" / "Công an, ..."); a whole title does not
        ("d) Phối hợp chặt chẽ với Bộ\nCông an, triển khai các nội dung.\ne) Ủy ban Mặt trận\nTổ quốc Việt Nam tỉnh\n"
         "2. Sở Y tế\nChủ trì tổ chức tập huấn.",
         ["d) Phối hợp chặt chẽ với Bộ Công an, triển khai các nội dung.", "e) Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
          "2. Sở Y tế", "Chủ trì tổ chức tập huấn."]),
        # ... but a number that ends a sentence cut after "tháng", "khoản" stays in it
        ("Báo cáo kết quả trước ngày 15 tháng\n12.\nKiểm tra định kỳ.",
         ["Báo cáo kết quả trước ngày 15 tháng 12.", "Kiểm tra định kỳ."]),
        # bullets start new lines; a heading is followed by a paragraph
        ("2.2. Phòng Dân tộc:\nChủ trì, phối hợp với các phòng,\nban liên quan.\n- Kiểm tra.",
         ["2.2. Phòng Dân tộc:", "Chủ trì, phối hợp với các phòng, ban liên quan.", "- Kiểm tra."]),
    ],
)
def test_logical_lines(raw, logical):
    phys, _ = physical_lines(raw)
    assert [ln.text for ln in join_lines(phys)] == logical


# ---------------------------------------------------------------- header metadata against the gold file

def _gold():
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.skipif(not GOLD.exists(), reason="shared/eval is not beside this checkout")
@pytest.mark.parametrize("gold", _gold() if GOLD.exists() else [], ids=lambda g: g["doc"])
def test_header_matches_gold(gold):
    doc = parse(gold["doc"] + ".txt")
    h = doc.header
    assert h.symbol == gold["symbol"]
    assert h.date == gold["date"]
    assert h.doc_type == gold["type"]
    issuer = gold["issuer"].replace("UBND", "Ủy ban nhân dân")
    assert h.issuer == issuer


# ---------------------------------------------------------------- outlines of the sample documents

def test_phong_tho_part_vi2_has_24_agency_sections_with_their_communes():
    doc = parse("000_571cade1eccd0710.txt")
    secs = sections(doc)
    agency_sections = [p for p in secs if p.startswith("VI.2.") and p.count(".") == 2]
    assert len(agency_sections) == 24
    assert secs["VI.2.1"].title == "Phòng Lao động - Thương binh và Xã hội"
    assert secs["VI.2.22"].title == "Phòng Tài chính - Kế hoạch"
    in_charge = {p: c.text for p in agency_sections for c in secs[p].clauses if c.text.startswith("Phụ trách")}
    assert in_charge["VI.2.1"] == "Phụ trách xã: Tung Qua Lìn"
    assert in_charge["VI.2.18"] == "Phụ trách: Mường So"
    assert len(in_charge) == 17
    # numbering gap kept as written: 2.1 then 2.3 under IV.2
    assert "IV.2.1" in secs and "IV.2.3" in secs and "IV.2.2" not in secs


def test_projects_and_subprojects_of_the_2022_poverty_plan():
    doc = parse("003_609cd0d87b161299.txt")
    secs = sections(doc)
    projects = {s.project for s in secs.values() if s.project}
    assert projects == {"Dự án 1", "Dự án 2", "Dự án 3", "Dự án 4", "Dự án 6", "Dự án 7"}
    assert secs["II.4.2"].project == "Dự án 4" and secs["II.4.2"].subproject == "Tiểu dự án 2"
    assert secs["II.1.TDA1"].subproject == "Tiểu dự án 1"
    assert "II.6" not in secs and "II.7" in secs  # "5. Dự án 6" then "7. Dự án 7"
    assert [c.text for c in secs["II.4.2.c"].clauses][0].startswith("Giao Phòng Lao động")
    assert "bỏ dòng nhiễu" in " ".join(doc.warnings)  # the stray "TRƯỜNG ĐẠI HỌC"


def test_preamble_closing_and_signature():
    doc = parse("001_0bdc397dfbf6e071.txt")
    assert len(doc.preamble) == 7
    assert doc.preamble[0].text.startswith("Căn cứ Quyết định số 263/QĐ-TTg")
    assert doc.preamble[-1].text.startswith("UBND huyện Phong Thổ ban hành Kế hoạch")
    assert doc.signature.signer == "Trịnh Văn Đoàn"
    assert doc.signature.capacity == "KT. CHỦ TỊCH"
    assert "UBND các xã" in doc.recipients
    assert doc.closing[0].text.startswith("Trên đây là Kế hoạch")


def test_clause_ids_are_stable_and_unique():
    a = parse("000_571cade1eccd0710.txt")
    b = parse("000_571cade1eccd0710.txt")
    ids = [c.id for c in a.clauses()]
    assert ids == [c.id for c in b.clauses()]
    assert len(ids) == len(set(ids))


def test_every_clause_points_back_at_its_source_text():
    path = CORPUS / "002_6a73711e2256d6ba.txt"
    raw = path.read_text(encoding="utf-8")
    doc = parse_text(raw, name=path.name)
    for clause in doc.clauses():
        s0, s1 = clause.source_span
        first_word = clause.text.split()[0]
        assert raw[s0:s1].lstrip().startswith(first_word), clause.id
        assert doc.text[clause.span[0]:clause.span[1]] == clause.text


DECISION = """ỦY BAN NHÂN DÂN
TỈNH HÀ GIANG
Số: 125/2025/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Giang, ngày 5 tháng 9 năm 2025
QUYẾT ĐỊNH
Ban hành Quy định quản lý nguồn vốn Chương trình mục tiêu quốc gia
giảm nghèo bền vững trên địa bàn tỉnh
ỦY BAN NHÂN DÂN TỈNH HÀ GIANG
Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;
Căn cứ Nghị định số 27/2022/NĐ-CP ngày 19 tháng 4 năm 2022 của Chính phủ;
Theo đề nghị của Giám đốc Sở Tài chính.
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy định quản lý nguồn vốn.
Điều 2. Trách nhiệm thi hành
1. Sở Tài chính chủ trì, phối hợp với Sở Nông nghiệp và Môi trường hướng dẫn thực hiện.
2. Ủy ban nhân dân các xã, phường:
a) Tổ chức thực hiện;
b) Báo cáo kết quả về Sở Tài chính.
Điều 3. Quyết định này có hiệu lực từ ngày ký.
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn Sơn
"""


def test_a_post_2025_decision_with_articles():
    doc = parse_text(DECISION, name="qd-125.txt")
    h = doc.header
    assert (h.symbol, h.date, h.doc_type, h.place) == ("125/2025/QĐ-UBND", "2025-09-05", "Quyết định", "Hà Giang")
    assert h.issuer == "Ủy ban nhân dân tỉnh Hà Giang"
    assert h.title.startswith("Ban hành Quy định quản lý nguồn vốn")
    assert [c.text[:20] for c in doc.preamble] == ["Căn cứ Luật Tổ chức ", "Căn cứ Nghị định số ", "Theo đề nghị của Giá"]
    secs = sections(doc)
    assert {"D1", "D2", "D2.1", "D2.2", "D2.2.a", "D2.2.b", "D3"} <= set(secs)
    assert secs["D2.2.b"].clauses[0].text == "b) Báo cáo kết quả về Sở Tài chính."[3:] or secs["D2.2.b"].title.startswith("Báo cáo")
    assert doc.signature.signer == "Nguyễn Văn Sơn"
    assert doc.recipients == ["Như Điều 3", "Lưu: VT"]


def test_a_file_without_header_or_headings_still_parses():
    doc = parse_text("Tăng cường công tác giảm nghèo.\nGiao Phòng Dân tộc chủ trì thực hiện.", name="x.txt")
    assert doc.header.symbol is None
    assert [c.text for c in doc.clauses()] == ["Tăng cường công tác giảm nghèo.", "Giao Phòng Dân tộc chủ trì thực hiện."]
