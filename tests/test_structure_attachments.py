"""Texts attached after the signature (a Quy chế, Quy định, Quy trình "ban hành kèm theo" the document,
annexes and their tables) are parsed as structured bodies of their own, linked to the issuing document,
never as its closing block. All inputs are invented."""
from __future__ import annotations

from ingest.extract.pipeline import build_nlp, extract_document
from ingest.serialize import document_from_dict, document_to_dict
from ingest.structure import parse_text

DECISION = """ỦY BAN NHÂN DÂN
TỈNH BÌNH AN
Số: 26/2025/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bình An, ngày 21 tháng 11 năm 2025
QUYẾT ĐỊNH
Ban hành Quy chế phối hợp quản lý nhà nước về tín ngưỡng, tôn giáo
ỦY BAN NHÂN DÂN TỈNH BÌNH AN
Căn cứ Luật Tín ngưỡng, tôn giáo ngày 18 tháng 11 năm 2016;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp quản lý nhà nước về tín ngưỡng, tôn giáo.
Điều 2. Quyết định này có hiệu lực từ ngày 01 tháng 12 năm 2025.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Bình
QUY CHẾ
PHỐI HỢP QUẢN LÝ NHÀ NƯỚC VỀ TÍN NGƯỠNG, TÔN GIÁO
(Ban hành kèm theo Quyết định số 26/2025/QĐ-UBND ngày 21 tháng 11 năm 2025 của Ủy ban nhân dân tỉnh Bình An)
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
1. Quy chế này quy định nguyên tắc, nội dung phối hợp.
2. Đối tượng áp dụng:
a) Các sở, ban, ngành;
b) Ủy ban nhân dân các xã, phường.
Chương II
TRÁCH NHIỆM PHỐI HỢP
Điều 2. Trình tự giải quyết hồ sơ
Bước 1: Sở Dân tộc và Tôn giáo tiếp nhận hồ sơ.
Bước 2: Sở Nội vụ chủ trì thẩm định hồ sơ trong 10 ngày.
Điều 3. Tổ chức thực hiện
Giao Sở Dân tộc và Tôn giáo chủ trì, phối hợp với Công an tỉnh theo dõi việc thực hiện Quy chế này.
PHỤ LỤC I
DANH MỤC CƠ SỞ TÔN GIÁO
(Kèm theo Quyết định số 26/2025/QĐ-UBND ngày 21 tháng 11 năm 2025)
STT
Tên cơ sở
1
Chùa Phú Lộc
2
Nhà thờ Tân Phong
"""


def sections(body):
    return {s.path: s for s in body.walk()}


def test_the_attached_regulation_is_a_structured_body_of_its_own():
    doc = parse_text(DECISION, name="qd-26.txt")
    assert doc.signature.signer == "Trần Văn Bình"
    assert doc.recipients == ["Như Điều 2", "Lưu: VT"]
    assert not doc.closing  # the regulation is not the closing block
    rule, annex = doc.attachments
    assert (rule.kind, rule.issuing_symbol) == ("Quy chế", "26/2025/QĐ-UBND")
    assert rule.title == "QUY CHẾ PHỐI HỢP QUẢN LÝ NHÀ NƯỚC VỀ TÍN NGƯỠNG, TÔN GIÁO"
    assert rule.caption.startswith("(Ban hành kèm theo Quyết định số 26/2025/QĐ-UBND")
    secs = sections(rule.body)
    assert {"A1", "A1.CI", "A1.CI.D1", "A1.CI.D1.1", "A1.CI.D1.2", "A1.CI.D1.2.a", "A1.CII.D2.B1", "A1.CII.D2.B2",
            "A1.CII.D3"} <= set(secs)
    assert secs["A1.CI"].title == "QUY ĐỊNH CHUNG"  # the chapter's title on the line under "Chương I"
    assert secs["A1.CII.D2.B2"].clauses[0].text.startswith("Sở Nội vụ chủ trì")
    crumbs = secs["A1.CII.D3"].clauses[0].breadcrumb
    assert crumbs[0].startswith("QUY CHẾ") and crumbs[-1] == "Điều 3. Tổ chức thực hiện"


def test_an_annex_table_after_the_signature_stays_body_text():
    doc = parse_text(DECISION, name="qd-26.txt")
    annex = doc.attachments[1]
    assert annex.kind == "Phụ lục" and annex.title == "PHỤ LỤC I DANH MỤC CƠ SỞ TÔN GIÁO"
    cells = [c.text for s in annex.body.walk() for c in s.clauses]
    for cell in ("STT", "Tên cơ sở", "Chùa Phú Lộc", "Nhà thờ Tân Phong"):
        assert any(cell in text for text in cells)


def test_attachments_belong_to_the_document_everywhere():
    doc = parse_text(DECISION, name="qd-26.txt")
    ids = [c.id for c in doc.clauses()]
    assert len(ids) == len(set(ids))
    assert any(i.startswith("qd-26:A1.") for i in ids) and any(i.startswith("qd-26:A2") for i in ids)
    assert {s.id for s in doc.sections()} >= {"qd-26:A1", "qd-26:A1.CI.D1"}
    for clause in doc.clauses():
        assert doc.text[clause.span[0]:clause.span[1]] == clause.text
    again = document_from_dict(document_to_dict(doc))
    assert [c.id for c in again.clauses()] == ids
    assert again.attachments[0].issuing_symbol == "26/2025/QĐ-UBND"


def test_the_regulation_s_tasks_are_extracted():
    doc = parse_text(DECISION, name="qd-26.txt")
    extraction = extract_document(doc, build_nlp())
    leads = {(a.agency.canonical, a.clause_id.split(":")[1].rsplit(".p", 1)[0]) for a in extraction.assignments
             if a.role == "lead"}
    assert ("Sở Dân tộc và Tôn giáo", "A1.CII.D3") in {(name.split(" tỉnh")[0], path) for name, path in leads}


def test_text_after_the_signature_without_title_is_not_closing():
    text = DECISION.split("QUY CHẾ\nPHỐI")[0] + "Ghi chú: Danh sách cập nhật theo báo cáo của các xã.\n"
    doc = parse_text(text, name="x.txt")
    assert not doc.closing
    assert [a.kind for a in doc.attachments] == [None]
    assert doc.attachments[0].body.clauses[0].text.startswith("Ghi chú")


def test_a_caption_in_markdown_emphasis_starts_an_annex() -> None:
    from ingest.attachments import is_caption
    assert is_caption("*(Ban hành kèm theo Kế hoạch số 12/KH-UBND ngày 02/3/2026 của UBND tỉnh)*")
    assert is_caption("_(Kèm theo Quyết định số 5/QĐ-UBND)_")
    assert not is_caption("*Ghi chú: (kèm theo danh sách)*")
