"""The web interface in a real browser (system Chromium through Playwright): a researcher's journey from a
question to the document, the decision it rests on, an agency and the graph; keyboard use, phone width,
search without JavaScript, the SPARQL editor, page weight; and no request ever leaves localhost.
Screenshots go to test-artifacts/screenshots/."""
from __future__ import annotations

import json
import re
from urllib.parse import quote, unquote

import pytest

from tests.e2e.conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

KH_245 = "003_609cd0d87b161299"
BIG = "000_571cade1eccd0710"
QD_90 = "/quyet-dinh/ttg/qd/2022/90"
TASK = "hỗ trợ người lao động đi làm việc ở nước ngoài"
MAX_PAGE_BYTES = 300_000
WEIGHTS = ROOT / "test-artifacts" / "page-weights.json"


def test_journey_search_document_decision_agency_graph(visit):
    v = visit()
    page = v.page
    v.go("/")
    page.get_by_label("Câu hỏi hoặc từ khóa").fill(TASK)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/tim-kiem\?q="))
    first = page.locator("ol.results > li").first
    assert first.locator("mark").count() > 0
    assert first.locator(".crumbs").inner_text().startswith("Kế hoạch 245/KH-UBND")
    v.shot("01-tim-kiem")

    # → the document, scrolled to the clause
    first.locator("h2 a").click()
    page.wait_for_url(re.compile(rf"/van-ban/{KH_245}#"))
    clause_id = unquote(page.url.split("#", 1)[1])
    assert clause_id.startswith(f"{KH_245}:II.4.2")
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == clause_id
    assert page.locator("h1").inner_text().startswith("Thực hiện Chương trình MTQG Giảm nghèo bền vững")
    assert page.locator("nav.toc a").count() > 20
    v.shot("02-van-ban")

    # → the decision it rests on, from the legal-basis list
    page.locator(f'#can-cu-phap-ly ~ ol a[href="{QD_90}"], section[aria-labelledby="can-cu-phap-ly"] a[href="{QD_90}"]').first.click()
    page.wait_for_url(re.compile(re.escape(QD_90) + "$"))
    assert page.locator("h1").inner_text() == "Quyết định 90/QĐ-TTg"
    citing = page.locator('section[aria-labelledby="duoc-dan"] .card h3 a')
    assert citing.count() >= 2
    assert f"/van-ban/{KH_245}" in citing.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    v.shot("03-quyet-dinh")

    # → an agency with a task under that decision
    agency = page.locator('section[aria-labelledby="nhiem-vu"] a[href^="/co-quan/"]').first
    name = agency.inner_text()
    agency.click()
    page.wait_for_url(re.compile(r"/co-quan/"))
    assert page.locator("h1").inner_text() == name
    assert page.locator("table").count() >= 1 and "Vai trò" in page.locator("table").first.inner_text()
    v.shot("04-co-quan")

    # → the graph from the most connected document; a click selects a node, its panel opens its page
    page.get_by_role("link", name="Đồ thị").click()
    page.wait_for_url(re.compile(r"/do-thi$"))
    page.wait_for_selector("canvas[data-ready='1']")
    assert page.evaluate("window.cancuGraph.count()") > 5
    assert page.evaluate("""() => {  // the canvas is not blank
        const c = document.querySelector('canvas'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let ink = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) ink++; return ink; }""") > 1000
    v.shot("05-do-thi")
    start = page.get_attribute("#graph-box", "data-start")
    spot = page.evaluate(f"window.cancuGraph.locate('{start}')")
    page.mouse.move(spot["x"], spot["y"])
    page.mouse.click(spot["x"], spot["y"])
    page.wait_for_selector("#graph-panel:not([hidden]) a.button")
    page.locator("#graph-panel a.button").click()
    page.wait_for_url(re.compile(re.escape(spot["url"]) + "$"))


def test_the_answer_page_names_the_programme_decision(visit):
    v = visit()
    v.go("/can-cu?q=" + quote(TASK + " theo hợp đồng"))
    answer = v.page.locator("section.answer")
    assert answer.locator(f'a[href="{QD_90}"]').inner_text() == "Quyết định 90/QĐ-TTg"
    chain = v.page.locator("ol.chain").inner_text()
    assert "Dự án 4" in chain and "Kế hoạch 245/KH-UBND" in chain
    v.shot("06-can-cu", full_page=True)


def test_commune_page(visit):
    v = visit()
    v.go("/xa/code/03550")
    assert v.page.locator("h1").inner_text() == "Xã Sì Lở Lầu"
    assert v.page.get_by_role("link", name="Phòng Dân tộc huyện Phong Thổ").count() >= 1
    v.shot("07-xa")


def test_keyboard_skip_link_and_visible_focus(visit):
    v = visit()
    page = v.page
    v.go("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator("a.skip").is_visible()
    v.shot("08-ban-phim-skip")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), outline


def test_search_works_with_javascript_switched_off(visit):
    v = visit(java_script_enabled=False)
    v.go("/")
    v.page.fill("#q", "thu nhap binh quan dau nguoi")
    v.page.locator("details.filters summary").click()  # the filters fold away until asked for
    v.page.select_option("#f-doc_id", BIG)
    v.page.locator("form.search button[type=submit]").click()
    v.page.wait_for_url(re.compile(r"/tim-kiem\?"))
    results = v.page.locator("ol.results > li")
    assert results.count() > 0 and results.first.locator("mark").count() > 0
    hrefs = results.locator("h2 a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert all(h.startswith(f"/van-ban/{BIG}#") for h in hrefs)


@pytest.mark.parametrize("path", ["/", f"/van-ban/{KH_245}", QD_90, "/co-quan/huyen-phong-tho/phong-lao-dong-thuong-binh-va-xa-hoi",
                                  "/do-thi", "/truy-van"])
def test_pages_fit_a_phone(visit, path):
    v = visit(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
    v.go(path)
    overflow = v.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{path} rộng hơn màn hình {overflow}px"
    if path == f"/van-ban/{KH_245}":
        v.shot("09-dien-thoai-van-ban")


def test_the_sparql_editor_runs_an_example_and_offers_downloads(visit):
    v = visit()
    page = v.page
    v.go("/truy-van")
    page.select_option("#mau", "plans_citing_90_qd_ttg")
    assert "90/QĐ-TTg" in page.input_value("#query")
    page.get_by_role("button", name="Chạy truy vấn").click()
    # (wait_for_function would eval a string, which the pages' Content-Security-Policy forbids)
    page.wait_for_selector("#sparql-table tbody tr, #sparql-status:text-matches('^Lỗi')")
    status = page.locator("#sparql-status").inner_text()
    assert not status.startswith("Lỗi"), status
    headers = page.locator("#sparql-table th").all_inner_texts()
    assert "plan" in headers
    csv_url = page.get_attribute("#dl-csv", "href")
    assert "format=csv" in csv_url
    response = page.request.get(v.base + csv_url)
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    v.shot("10-truy-van", full_page=True)
    page.locator("#sparql-table tbody tr").first.locator("a").first.click()  # a graph node opens its page
    page.wait_for_url(re.compile(r"/van-ban/"))


def test_unknown_address_is_a_vietnamese_404_page(visit):
    v = visit()
    response = v.go("/khong-co-trang-nay")
    assert response.status == 404
    assert v.page.locator("h1").inner_text() == "Không tìm thấy trang"
    v.shot("11-404")


PAGES = {
    "tim-kiem": "/", "ket-qua": "/tim-kiem?q=" + quote(TASK), "can-cu": "/can-cu?q=" + quote(TASK),
    "van-ban-lon-nhat": f"/van-ban/{BIG}", "van-ban": f"/van-ban/{KH_245}", "quyet-dinh": QD_90,
    "co-quan": "/co-quan/huyen-phong-tho/phong-lao-dong-thuong-binh-va-xa-hoi", "xa": "/xa/code/03550",
    "do-thi": "/do-thi", "truy-van": "/truy-van",
}


def test_no_page_transfers_more_than_300_kb_on_first_load(visit):
    weights = {}
    for name, path in PAGES.items():
        v = visit()  # fresh context: empty cache
        v.go(path)
        v.page.wait_for_load_state("networkidle")
        entries = v.page.evaluate("""() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const res = performance.getEntriesByType('resource');
            return {page: nav.transferSize, page_decoded: nav.decodedBodySize,
                    assets: res.map(r => [r.name.replace(location.origin, ''), r.transferSize, r.decodedBodySize])}; }""")
        total = entries["page"] + sum(a[1] for a in entries["assets"])
        weights[name] = {"path": path, "transferred": total, "html_transferred": entries["page"],
                         "html_decoded": entries["page_decoded"], "assets": entries["assets"]}
        assert entries["page"] > 0  # the browser reported sizes (same origin)
    WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
    WEIGHTS.write_text(json.dumps(weights, ensure_ascii=False, indent=1), encoding="utf-8")
    heavy = {n: w["transferred"] for n, w in weights.items() if w["transferred"] > MAX_PAGE_BYTES}
    assert not heavy, heavy
