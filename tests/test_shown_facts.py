"""Facts the graph holds that users now see, through the one read model, in the JSON API and on the pages:
the texts attached after a document's signature (Quy chế, Phụ lục: `cancu:Attachment`), the commune a
target or budget is set for (`cancu:forCommune`), and clauses read by OCR from a scan
(`cancu:ocrConfidence`: "đọc từ bản quét (OCR, độ tin cậy 83%)").

The build is `features_data` of tests/conftest.py: invented documents (a decision issuing a regulation
and an annex, a plan with per-commune figures, a plan read from a scan) beside one sample plan."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from rdflib import Literal
from rdflib.namespace import RDF

from graph.build import build_document_graph
from graph.ontology import validate
from graph.vocab import CANCU, ELI
from ingest.extract.pipeline import build_nlp, extract_document
from ingest.structure import parse_text
from tests.conftest import DECISION_WITH_REGULATION, SCAN_CONFIDENCE

DECISION = "qd_quy_che_nha_van_hoa"
BY_COMMUNE = "kh_nha_o_theo_xa"
SCANNED = "kh_ma_tuy_ban_quet"
TASK = "tuyên truyền phòng chống ma túy học đường"  # only the scanned plan says it
NOTE = "đọc từ bản quét (OCR, độ tin cậy 83%)"
HTML = {"Accept": "text/html,application/xhtml+xml"}


@pytest.fixture(scope="module")
def client(features_client):
    return features_client


def get(client, url: str, **params) -> dict:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def page(client, url: str) -> str:
    response = client.get(url, headers=HTML)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    return response.text


class _Tables(HTMLParser):
    """Every table of a page as rows of cell texts (header row included), by caption."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._rows: list[list[str]] | None = None
        self._caption: str | None = None
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows, self._caption = [], ""
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None and self._rows:
            self._rows[-1].append(" ".join(" ".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[self._caption.strip()] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._in_caption:
            self._caption += data
        elif self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[dict[str, str]]]:
    """{caption: [{column header: cell text}]}."""
    parser = _Tables()
    parser.feed(html)
    return {caption: [dict(zip(rows[0], row)) for row in rows[1:]] for caption, rows in parser.tables.items() if rows}


# ---------------------------------------------------------------- attachments: graph, JSON, page

def test_an_attached_regulation_and_annex_are_attachments_in_the_graph():
    extraction = extract_document(parse_text(DECISION_WITH_REGULATION, name="qd-15.txt"), build_nlp())
    graph = build_document_graph(extraction)
    attached = sorted(graph.subjects(RDF.type, CANCU.Attachment))
    assert [str(a).rsplit("/", 1)[-1] for a in attached] == ["A1", "A2"]
    rule, annex = attached
    (doc,) = set(graph.subjects(CANCU.attachment, rule))
    assert set(graph.objects(doc, CANCU.attachment)) == {rule, annex}
    assert (rule, ELI.is_part_of, doc) in graph and (rule, RDF.type, CANCU.Section) in graph
    assert graph.value(rule, CANCU.attachmentKind) == Literal("Quy chế", lang="vi")
    assert graph.value(annex, CANCU.attachmentKind) == Literal("Phụ lục", lang="vi")
    assert str(graph.value(rule, ELI.title)) == "QUY CHẾ QUẢN LÝ NHÀ VĂN HÓA THÔN, BẢN"
    assert str(graph.value(rule, CANCU.caption)).startswith("(Ban hành kèm theo Quyết định số 15/2024/QĐ-UBND")
    assert graph.value(rule, CANCU.issuingSymbol) == Literal("15/2024/QĐ-UBND")
    assert validate(graph).conforms
    graph.add((rule, CANCU.attachmentKind, Literal("Quy định", lang="vi")))  # one text, one kind (shape:Attachment)
    assert not validate(graph).conforms


def test_the_document_json_lists_its_attachments(client):
    data = get(client, f"/api/documents/{DECISION}")
    rule, annex = data["attachments"]
    assert rule == {
        "iri": f"https://cancu.vn/id/section/{DECISION}/A1", "section_id": f"{DECISION}:A1", "path": "A1",
        "kind": "Quy chế", "title": "QUY CHẾ QUẢN LÝ NHÀ VĂN HÓA THÔN, BẢN",
        "caption": "(Ban hành kèm theo Quyết định số 15/2024/QĐ-UBND ngày 12 tháng 4 năm 2024 của Ủy ban nhân dân "
                   "huyện Phong Thổ)",
        "issuing_symbol": "15/2024/QĐ-UBND", "clauses": 2}
    assert (annex["kind"], annex["title"], annex["issuing_symbol"]) == (
        "Phụ lục", "PHỤ LỤC I DANH MỤC NHÀ VĂN HÓA", "15/2024/QĐ-UBND")
    # each attachment's heading tree is a section of the outline
    outline = {s["id"]: s for s in data["outline"]["children"]}
    assert {f"{DECISION}:A1", f"{DECISION}:A2"} <= set(outline)
    articles = [c["title"] for chapter in outline[f"{DECISION}:A1"]["children"] for c in chapter["children"]]
    assert articles == ["Phạm vi điều chỉnh", "Trách nhiệm"]
    assert get(client, "/api/documents/" + BY_COMMUNE)["attachments"] == []


def test_the_document_page_shows_its_attachments(client):
    html = page(client, f"/van-ban/{DECISION}")
    assert 'href="#van-ban-kem-theo"' in html and 'id="van-ban-kem-theo"' in html
    rows = tables(html)["Quy chế, quy định, phụ lục ... in sau chữ ký và ban hành cùng văn bản"]
    assert [(r["Loại"], r["Ban hành kèm theo"], r["Số đoạn"]) for r in rows] == [
        ("Quy chế", "15/2024/QĐ-UBND", "2"), ("Phụ lục", "15/2024/QĐ-UBND", "2")]
    assert rows[0]["Tên"].startswith("QUY CHẾ QUẢN LÝ NHÀ VĂN HÓA THÔN, BẢN (Ban hành kèm theo Quyết định số")
    assert f'href="#{DECISION}:A1"' in html and f'id="{DECISION}:A1"' in html  # the row leads to its text
    assert '<span class="badge attachment-kind">Quy chế</span> QUY CHẾ QUẢN LÝ NHÀ VĂN HÓA THÔN, BẢN' in html
    assert "Văn bản kèm theo" not in page(client, f"/van-ban/{BY_COMMUNE}")


# ---------------------------------------------------------------- targets and budgets set for one commune

def test_document_json_targets_and_budgets_name_their_commune(client):
    data = get(client, f"/api/documents/{BY_COMMUNE}")
    assert [(t["value"], t["year"], t["commune"]) for t in data["targets"]] == [
        (25.0, 2024, "xã Mường So"), (18.0, 2024, "xã Hoang Thèn"), (95.0, None, None)]
    first = data["targets"][0]
    assert first["commune_iri"] == "https://cancu.vn/id/place/" + first["commune_key"]
    assert [(b["amount_million_vnd"], b["year"], b["commune"]) for b in data["budgets"]] == [
        (860.0, 2024, None), (500.0, 2024, "xã Mường So"), (360.0, 2024, "xã Hoang Thèn")]


def test_targets_across_plans_carry_the_commune(client):
    data = get(client, "/api/targets", indicator="số hộ nghèo làm nhà ở")
    assert [(t["value"], t["commune"]) for t in data["targets"]] == [(25.0, "xã Mường So"), (18.0, "xã Hoang Thèn")]
    assert all(t["commune_key"] and t["commune_iri"].endswith(t["commune_key"]) for t in data["targets"])
    for commune in ("muong so", "xã Mường So", data["targets"][0]["commune_key"]):
        only = get(client, "/api/targets", indicator="số hộ nghèo làm nhà ở", commune=commune)
        assert [(t["value"], t["commune"]) for t in only["targets"]] == [(25.0, "xã Mường So")]
    assert get(client, "/api/targets", indicator="hộ dân toàn huyện có nhà ở", commune="Mường So")["targets"] == []


def test_the_budget_summary_adds_up_each_plans_budgets_by_commune(client):
    plans = {p["plan"]["doc_id"]: p for p in get(client, "/api/budgets/summary")["plans"]}
    by_commune = plans[BY_COMMUNE]["by_commune"]
    assert [(c["commune"], c["total_million_vnd"], c["items"]) for c in by_commune] == [
        ("xã Mường So", 500.0, 1), ("xã Hoang Thèn", 360.0, 1)]
    assert all(c["commune_iri"].endswith(c["commune_key"]) for c in by_commune)
    for wanted in ("hoang then", "xã Hoang Thèn", by_commune[1]["commune_key"]):
        only = get(client, "/api/budgets/summary", commune=wanted)["plans"]
        assert [(p["plan"]["doc_id"], [c["total_million_vnd"] for c in p["by_commune"]]) for p in only] == [
            (BY_COMMUNE, [360.0])]
    assert get(client, "/api/budgets/summary", commune="xã Không Có")["plans"] == []


def test_the_document_page_has_a_commune_column(client):
    html = page(client, f"/van-ban/{BY_COMMUNE}")
    found = tables(html)
    targets = found["Chỉ tiêu đọc được từ văn bản"]
    assert [(r["Giá trị"], r["Xã"]) for r in targets] == [("25 hộ", "xã Mường So"), ("18 hộ", "xã Hoang Thèn"),
                                                          ("95 phần trăm", "")]
    budgets = found["Các khoản kinh phí (triệu đồng)"]
    assert [(r["Số tiền"], r["Năm"], r["Xã"]) for r in budgets] == [
        ("860", "2024", ""), ("500", "2024", "xã Mường So"), ("360", "2024", "xã Hoang Thèn")]
    key = get(client, f"/api/documents/{BY_COMMUNE}")["targets"][0]["commune_key"]
    assert f'href="/xa/{quote(key)}">xã Mường So</a>' in html


def test_the_commune_json_and_page_list_what_is_set_for_it(client):
    key = get(client, f"/api/documents/{BY_COMMUNE}")["targets"][0]["commune_key"]
    data = get(client, f"/api/places/{key}")
    assert [(t["indicator"], t["value"], t["doc_id"]) for t in data["targets"]] == [
        ("Số hộ nghèo làm nhà ở (hỗ trợ)", 25.0, BY_COMMUNE)]
    assert [(b["amount_million_vnd"], b["year"], b["plan"]["symbol"]) for b in data["budgets"]] == [
        (500.0, 2024, "41/KH-UBND")]
    html = page(client, f"/xa/{key}")
    found = tables(html)
    assert [(r["Giá trị"], r["Năm"], r["Kế hoạch"]) for r in found["Chỉ tiêu mà văn bản đặt riêng cho xã này"]] == [
        ("25 hộ", "2024", "Kế hoạch 41/KH-UBND")]
    assert [(r["Số tiền"], r["Năm"]) for r in found["Các khoản kinh phí mà văn bản đặt riêng cho xã này (triệu đồng)"]] \
        == [("500", "2024")]
    # the other commune of the plan lists its own figures only
    other = get(client, f"/api/documents/{BY_COMMUNE}")["targets"][1]["commune_key"]
    assert [t["value"] for t in get(client, f"/api/places/{other}")["targets"]] == [18.0]
    found = tables(page(client, f"/xa/{other}"))
    assert [r["Giá trị"] for r in found["Chỉ tiêu mà văn bản đặt riêng cho xã này"]] == ["18 hộ"]


# ---------------------------------------------------------------- clauses read from a scan

def test_clauses_read_by_ocr_carry_their_confidence_in_the_document_json(client):
    data = get(client, f"/api/documents/{SCANNED}")
    (basis,) = data["preamble"]
    assert basis["ocr_confidence"] == SCAN_CONFIDENCE and basis["ocr_note"] == NOTE
    assert data["ocr"] == {"clauses": 2, "of": 2, "confidence": SCAN_CONFIDENCE, "note": NOTE}
    assert get(client, f"/api/documents/{BY_COMMUNE}")["ocr"] is None
    typed = get(client, f"/api/documents/{BY_COMMUNE}")
    assert all(c["ocr_confidence"] is None and c["ocr_note"] is None for c in typed["preamble"])
    clause = get(client, f"/api/clauses/{basis['id']}")["clause"]
    assert clause["ocr_confidence"] == SCAN_CONFIDENCE


def test_search_results_say_which_clauses_came_from_a_scan(client):
    results = get(client, "/api/search", q=TASK, top=5)["results"]
    assert results[0]["clause"] == f"{SCANNED}:I.1.p1"
    assert (results[0]["ocr_confidence"], results[0]["ocr_note"]) == (SCAN_CONFIDENCE, NOTE)
    assert all(r["ocr_confidence"] is None for r in results if r["doc_id"] != SCANNED)
    html = page(client, "/?q=" + quote(TASK))
    assert html.count('class="small ocr-note">Đọc từ bản quét (OCR, độ tin cậy 83%)</p>') == sum(
        r["doc_id"] == SCANNED for r in get(client, "/api/search", q=TASK, top=10)["results"])


def test_cli_search_json_says_which_clauses_came_from_a_scan(features_data, capsys):
    """`cancu search --json` gives the scorer's fields and the same OCR fields as the JSON API."""
    import json

    from api.cli import main

    assert main(["-s", "data_dir", str(features_data), "-s", "encoder", "hashing",
                 "search", TASK, "--json", "--top", "5"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    results = json.loads(line)["results"]
    assert results[0]["clause"] == f"{SCANNED}:I.1.p1"
    assert (results[0]["ocr_confidence"], results[0]["ocr_note"]) == (SCAN_CONFIDENCE, NOTE)
    assert all(r["ocr_confidence"] is None for r in results if not r["clause"].startswith(SCANNED))


def test_basis_answers_say_their_evidence_came_from_a_scan(client):
    data = get(client, "/api/basis", q=TASK)
    task = data["tasks"][0]["clause"]
    assert (task["clause_id"], task["ocr_confidence"], task["ocr_note"]) == (f"{SCANNED}:I.1.p1", SCAN_CONFIDENCE, NOTE)
    best = data["documents"][0]
    assert best["document"]["symbol"] == "33/KH-UBND"
    assert best["citations"][0]["clause"]["ocr_note"] == NOTE  # the opening that cites it was scanned too
    html = page(client, "/can-cu?q=" + quote(TASK))
    assert '<p class="small ocr-note">Đọc từ bản quét (OCR, độ tin cậy 83%)</p>' in html


def test_responsible_answers_say_their_evidence_came_from_a_scan(client):
    data = get(client, "/api/responsible", q="ai chủ trì " + TASK)
    first = data["answers"][0]
    assert first["agency"]["label"] == "Phòng Giáo dục và Đào tạo huyện Phong Thổ" and first["role"] == "lead"
    assert (first["clause"]["ocr_confidence"], first["clause"]["ocr_note"]) == (SCAN_CONFIDENCE, NOTE)
    typed = [a for a in data["answers"] if a["plan"]["doc_id"] != SCANNED]
    assert all(a["clause"]["ocr_note"] is None for a in typed)
    html = page(client, "/trach-nhiem?q=" + quote("ai chủ trì " + TASK))
    assert '<p class="small ocr-note">Đọc từ bản quét (OCR, độ tin cậy 83%)</p>' in html


def test_the_document_page_says_it_was_read_from_a_scan(client):
    html = page(client, f"/van-ban/{SCANNED}")
    assert '<dt>Nguồn chữ</dt><dd class="ocr-note">Đọc từ bản quét (OCR, độ tin cậy 83%): 2 trên 2 đoạn</dd>' in html
    assert f'<p class="clause heading ocr" id="{SCANNED}:I.1.p1" title="Đọc từ bản quét (OCR, độ tin cậy 83%)">' in html
    assert "Nguồn chữ" not in page(client, f"/van-ban/{BY_COMMUNE}")


@pytest.mark.slow
def test_a_real_scan_says_so_in_the_answers(tmp_path):
    """End to end with Tesseract: a page image made from the scanned plan's text, ingested, answered."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.service import Service
    from api.settings import Settings
    from api.workspace import Workspace
    from ingest.readers.ocr import available as ocr_available
    from tests.conftest import SCANNED_PLAN
    from tests.fixtures_docs import scan_pages

    if not ocr_available():
        pytest.skip("Tesseract với tiếng Việt chưa được cài (make install)")
    (image,) = scan_pages(SCANNED_PLAN.splitlines(), dpi=200)
    image.save(tmp_path / "ke-hoach-quet.png")
    settings = Settings(data_dir=tmp_path / "data", encoder="hashing")
    report = Workspace(settings).ingest([tmp_path / "ke-hoach-quet.png"])
    assert [r.status for r in report.results] == ["new"], report.results
    service = Service(settings)
    try:
        client = TestClient(create_app(settings, service=service), raise_server_exceptions=False)
        hit = get(client, "/api/search", q=TASK, top=1)["results"][0]
        assert 0.5 < hit["ocr_confidence"] <= 1
        assert hit["ocr_note"] == f"đọc từ bản quét (OCR, độ tin cậy {round(hit['ocr_confidence'] * 100)}%)"
        answer = get(client, "/api/responsible", q="ai chủ trì " + TASK)["answers"][0]
        assert answer["clause"]["ocr_confidence"] is not None
    finally:
        service.close()
