"""The web pages, in process: every page renders Vietnamese HTML over a real build, search works as a
plain GET form, links lead to pages that exist, unknown addresses get an HTML 404 for browsers and the
JSON error shape for the API, and nothing is loaded from another host."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from fastapi.testclient import TestClient

from answers import pages as pd
from api.app import create_app
from api.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
BIG = "000_571cade1eccd0710"  # Phong Thổ out of poverty: communes in charge, many agencies
KH_245 = "003_609cd0d87b161299"  # 245/KH-UBND: programme projects ("Dự án 4", "Tiểu dự án 2")
QD_90 = "ttg/qd/2022/90"
LDTBXH = "huyen-phong-tho/phong-lao-dong-thuong-binh-va-xa-hoi"
SI_LO_LAU = "/xa/code/03550"  # a commune's page key is the path of its IRI: https://cancu.vn/id/place/code/03550
HTML = {"Accept": "text/html,application/xhtml+xml"}


# ---------------------------------------------------------------- pure helpers

@pytest.mark.parametrize("value, expected", [
    (1790878.0, "1.790.878"), (45, "45"), (12.5, "12,5"), (0.25, "0,25"), (None, ""),
])
def test_numbers_are_written_the_vietnamese_way(value, expected):
    assert pd.vn_number(value) == expected


@pytest.mark.parametrize("iso, expected", [("2022-01-18", "18/01/2022"), (None, None), ("2022", "2022")])
def test_dates_are_day_month_year(iso, expected):
    assert pd.vn_date(iso) == expected


M = pd.Mark
SEGMENT_CASES = [
    # nothing marked
    ("abcdef", [], [("abcdef", "", None)]),
    # a link inside a longer span: the inner link wins where they overlap, classes add up
    ("Giao Phòng Dân tộc chủ trì", [M(0, 26, "e-task"), M(5, 18, "e-agency", "/co-quan/a")],
     [("Giao ", "e-task", None), ("Phòng Dân tộc", "e-agency e-task", "/co-quan/a"), (" chủ trì", "e-task", None)]),
    # partly overlapping spans do not break each other
    ("abcdefgh", [M(0, 5, "e-ref", "/q"), M(3, 8, "e-place")],
     [("abc", "e-ref", "/q"), ("de", "e-ref e-place", "/q"), ("fgh", "e-place", None)]),
    # search matches clipped to the snippet window
    ("một hai ba bốn", [M(0, 3, "hit"), M(8, 10, "hit")], [("hai ", "", None), ("ba", "hit", None)]),
]


@pytest.mark.parametrize("text, marks, expected", SEGMENT_CASES)
def test_marked_text_is_cut_into_non_overlapping_pieces(text, marks, expected):
    start = 4 if text.startswith("một") else 0
    end = 10 if text.startswith("một") else None
    pieces = pd.segments(text, marks, start, end)
    assert [(p.text, p.classes, p.href) for p in pieces] == expected


# ---------------------------------------------------------------- the app over a real build

@pytest.fixture(scope="module")
def client(corpus_client):
    return corpus_client


class _Page(HTMLParser):
    """What the tests look at in a page: links, ids, landmarks, scripts, styles."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.sources: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        for attr in ("src", "href"):
            if tag in ("script", "link", "img", "iframe") and a.get(attr):
                self.sources.append(a[attr])


def page(client, url: str, status: int = 200) -> tuple[str, _Page]:
    response = client.get(url, headers=HTML)
    assert response.status_code == status, (url, response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    parsed = _Page()
    parsed.feed(response.text)
    return response.text, parsed


PAGES = ["/", "/tim-kiem?q=lao+%C4%91%E1%BB%99ng", "/can-cu", "/van-ban", f"/van-ban/{BIG}", f"/van-ban/{KH_245}",
         "/quyet-dinh", f"/quyet-dinh/{QD_90}", "/co-quan", f"/co-quan/{LDTBXH}", "/xa", SI_LO_LAU,
         "/do-thi", "/truy-van"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_is_accessible_vietnamese_html(client, url):
    html, p = page(client, url)
    assert p.lang == "vi"
    assert '<a class="skip" href="#noi-dung">' in html  # skip link first
    assert {"header", "nav", "main", "footer"} <= set(p.tags)
    assert p.tags.count("h1") == 1
    duplicates = {i for i in p.ids if p.ids.count(i) > 1}
    assert not duplicates, duplicates
    # every form control has a label
    for control in re.findall(r'<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"', html):
        assert f'for="{control}"' in html, control
    # nothing from another host: no CDN, no web font
    assert all(not urlsplit(s).netloc for s in p.sources), p.sources


def test_pages_forbid_loading_from_other_hosts(client):
    csp = client.get("/", headers=HTML).headers["content-security-policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp


def test_search_works_without_javascript_as_a_get_form(client):
    html, p = page(client, "/")
    assert re.search(r'<form class="search" action="/tim-kiem" method="get"', html)
    html, p = page(client, "/tim-kiem?q=" + quote("hỗ trợ người lao động đi làm việc ở nước ngoài"))
    assert "<mark>" in html
    clause_links = [h for h in p.links if h.startswith("/van-ban/") and "#" in h]
    assert clause_links and clause_links[0].startswith(f"/van-ban/{KH_245}#{KH_245}:II.4.2")


def test_search_results_link_the_entities_their_clause_names(client):
    _html, p = page(client, "/tim-kiem?q=" + quote("Phòng Dân tộc phụ trách xã Sì Lở Lầu"))
    assert SI_LO_LAU in p.links
    assert "/co-quan/huyen-phong-tho/phong-dan-toc" in p.links


def test_search_filters_are_selects_filled_from_the_build_and_they_narrow(client):
    html, _ = page(client, "/")
    for name in ("doc_id", "locality", "agency", "programme", "year"):
        assert f'<select id="f-{name}" name="{name}">' in html
    assert f'<option value="{KH_245}">Kế hoạch 245/KH-UBND</option>' in html
    assert '<option value="Dự án 4">' in html and '<option value="2022">' in html
    _, p = page(client, "/tim-kiem?q=" + quote("giảm nghèo") + f"&doc_id={BIG}")
    docs = {h.split("#")[0] for h in p.links if h.startswith("/van-ban/") and "#" in h}
    assert docs == {f"/van-ban/{BIG}"}


def test_what_the_user_typed_is_escaped(client):
    html, _ = page(client, "/tim-kiem?q=" + quote('<script>alert("x")</script>'))
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_a_fault_in_the_ranking_is_a_clean_500_without_internals(client, monkeypatch):
    from answers import pages

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pages, "governing", broken)
    response = client.get("/can-cu?q=" + quote("hỗ trợ người lao động đi làm việc ở nước ngoài"),
                          headers={"accept": "text/html"})
    assert response.status_code == 500
    assert "boom" not in response.text and "Traceback" not in response.text


def test_a_bad_filter_value_is_an_html_400(client):
    html, _ = page(client, "/tim-kiem?q=ngh%C3%A8o&year=nam-ngoai", status=400)
    assert "năm không hợp lệ" in html


def test_the_governing_decision_of_a_project_task_is_the_programme_approval(client):
    html, _p = page(client, "/can-cu?q=" + quote("hỗ trợ người lao động đi làm việc ở nước ngoài theo hợp đồng"))
    answer = html.split('id="tra-loi"', 1)[1].split("</section>", 1)[0]
    assert f'href="/quyet-dinh/{QD_90}"' in answer and "Quyết định 90/QĐ-TTg" in answer
    chain = html.split('id="chuoi"', 1)[1]
    assert "Dự án 4" in chain and "Kế hoạch 245/KH-UBND" in chain and "Căn cứ pháp lý" in chain


def test_a_chosen_clause_can_be_traced(client):
    html, _ = page(client, "/can-cu?doan=" + quote(f"{KH_245}:II.4.2.a.p2"))
    assert f"/quyet-dinh/{QD_90}" in html
    page(client, "/can-cu?doan=" + quote(f"{KH_245}:Z.p9"), status=404)


def test_the_document_page_has_outline_basis_marked_text_and_tables(client):
    html, _p = page(client, f"/van-ban/{KH_245}")
    assert "245/KH-UBND" in html and "03/08/2022" in html
    toc = html.split('class="toc"', 1)[1].split("</nav>", 1)[0]
    assert f'href="#{KH_245}:II.4"' in toc  # outline links to sections
    assert f'id="{KH_245}:II.4.2.a.p2"' in html  # every clause is an anchor
    basis = html.split('id="can-cu-phap-ly"', 1)[1].split("</section>", 1)[0]
    assert f'href="/quyet-dinh/{QD_90}"' in basis
    assert re.search(r'<a class="e-ref[^"]*" href="/quyet-dinh/ttg/qd/2022/90"', html)  # the citation in the text
    assert re.search(r'<a class="e-agency[^"]*" href="/co-quan/huyen-phong-tho/', html)
    assert 'class="e-budget' in html and "82.075" in html
    for section in ("phan-cong", "chi-tieu", "kinh-phi"):
        assert f'id="{section}"' in html


def test_the_document_text_is_the_whole_document(client):
    html, _ = page(client, f"/van-ban/{BIG}")
    text = re.sub(r"<[^>]+>", "", html)
    assert "Thu nhập bình quân đầu người đạt 45 triệu đồng/người" in text
    assert 'class="e-place' in html and "/xa/code/" in html


def test_the_decision_page_shows_who_cites_it_and_the_tasks(client):
    html, p = page(client, f"/quyet-dinh/{QD_90}")
    assert "Quyết định 90/QĐ-TTg" in html and "18/01/2022" in html and "Thủ tướng Chính phủ" in html
    assert f"/van-ban/{BIG}" in p.links and f"/van-ban/{KH_245}" in p.links
    assert "Căn cứ" in html
    assert "Phê duyệt" in html  # it approves a programme
    tasks = html.split('id="nhiem-vu"', 1)[1]
    assert "Dự án 4 › Tiểu dự án 2" in tasks and "/co-quan/huyen-phong-tho/" in tasks


@pytest.mark.parametrize("written", ["90/QĐ-TTg", "90/qđ-ttg", "90 / QĐ-TTg"])
def test_a_decision_can_be_addressed_by_its_symbol(client, written):
    response = client.get("/quyet-dinh/" + quote(written, safe=""), headers=HTML, follow_redirects=False)
    assert response.status_code == 307
    assert unquote(response.headers["location"]) == f"/quyet-dinh/{QD_90}"


def test_the_agency_page_groups_duties_by_plan_and_lists_its_communes(client):
    html, p = page(client, f"/co-quan/{LDTBXH}")
    assert "Phòng Lao động - Thương binh và Xã hội huyện Phong Thổ" in html
    assert "/xa/code/03565" in p.links  # Tung Qua Lìn, the commune it is in charge of (its official code)
    assert f"/van-ban/{BIG}" in p.links and f"/van-ban/{KH_245}" in p.links
    assert "Chủ trì" in html and "Dự án 4" in html


def test_the_commune_page_lists_agencies_in_charge_and_plans(client):
    html, p = page(client, SI_LO_LAU)
    assert "Sì Lở Lầu" in html and "03550" in html
    assert "/co-quan/huyen-phong-tho/phong-dan-toc" in p.links
    assert "Phụ trách xã" in html and "Cùng phụ trách xã" in html
    assert any(h.startswith(f"/van-ban/{BIG}#") for h in p.links)


def test_graph_data_links_existing_nodes_and_every_node_page_exists(client):
    data = client.get("/do-thi.json").json()
    ids = {n["id"] for n in data["nodes"]}
    assert {n["kind"] for n in data["nodes"]} == {"document", "decision", "agency", "commune"}
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    assert {"basis", "assigns", "in_charge", "mentions"} <= {e["kind"] for e in data["edges"]}
    for n in data["nodes"]:
        assert client.get(n["url"], headers=HTML).status_code == 200, n


def test_every_link_on_the_document_page_resolves(client):
    _, p = page(client, f"/van-ban/{KH_245}")
    for href in sorted({h.split("#")[0] for h in p.links if h.startswith("/") and not h.startswith("/docs")}):
        assert client.get(href, headers=HTML).status_code == 200, href


@pytest.mark.parametrize("iri, target", [
    (f"https://cancu.vn/id/doc/corpus/{BIG}", f"/van-ban/{BIG}"),
    ("https://cancu.vn/id/doc/ubnd-huyen-phong-tho/kh/2022/245", f"/van-ban/{KH_245}"),  # a corpus plan by symbol
    (f"https://cancu.vn/id/doc/{QD_90}", f"/quyet-dinh/{QD_90}"),
    (f"https://cancu.vn/id/agency/{LDTBXH}", f"/co-quan/{LDTBXH}"),
    (f"https://cancu.vn/id/clause/{KH_245}/II.4.2.a.p2", f"/van-ban/{KH_245}#{KH_245}:II.4.2.a.p2"),
    ("https://cancu.vn/id/place/code/03550", SI_LO_LAU),
])
def test_a_graph_iri_opens_the_page_of_its_node(client, iri, target):
    response = client.get("/xem", params={"iri": iri}, headers=HTML, follow_redirects=False)
    assert response.status_code == 303 and unquote(response.headers["location"]) == target


def test_an_iri_without_a_page_is_a_404_page(client):
    page(client, "/xem?iri=" + quote("https://cancu.vn/id/role/lead"), status=404)


def test_the_graph_page_lists_a_nodes_neighbours_without_javascript(client):
    html, p = page(client, f"/do-thi?nut=d:{KH_245}")
    assert '<canvas' in html and "/static/graph.js" in html and f'data-start="d:{KH_245}"' in html
    assert f"/van-ban/{KH_245}" in p.links and f"/quyet-dinh/{QD_90}" in p.links
    assert f"/do-thi?nut={quote('q:' + QD_90)}" in p.links  # explore from a neighbour
    html, p = page(client, "/do-thi")  # no start chosen: the most connected document
    assert 'data-start="d:' in html
    html, p = page(client, "/do-thi?q=" + quote("90/QĐ-TTg"))
    assert f"/do-thi?nut={quote('q:' + QD_90)}" in p.links
    page(client, "/do-thi?nut=khong-co-nut-nay", status=404)


def test_the_graph_opens_a_bounded_neighbourhood_with_filters(client):
    start = "q:" + QD_90
    data = client.get("/do-thi.json", params={"nut": start, "gioi_han": 2}).json()
    assert data["start"] == [start]
    around = [n for n in data["nodes"] if n["id"] != start]
    assert len(around) == 2 and {n["kind"] for n in around} == {"document"}  # documents first
    me = next(n for n in data["nodes"] if n["id"] == start)
    assert me["hidden"] == me["degree"] - 2 and len(me["adj"]) == me["degree"]  # the rest is counted
    only = client.get("/do-thi.json", params=[("nut", f"d:{KH_245}"), ("quan_he", "assigns"), ("loai", "agency")]).json()
    assert {n["kind"] for n in only["nodes"]} == {"document", "agency"}
    assert {e["kind"] for e in only["edges"]} == {"assigns"}
    assert client.get("/do-thi.json", params={"nut": start, "quan_he": "bạn-bè"}).status_code == 400
    assert client.get("/do-thi.json", params={"nut": "khong-co"}).status_code == 404
    found = client.get("/do-thi/tim.json", params={"q": "phong lao dong phong tho", "loai": "agency"}).json()
    assert found["nodes"] and found["nodes"][0]["url"] == "/co-quan/huyen-phong-tho/phong-lao-dong-thuong-binh-va-xa-hoi"


def test_the_sparql_editor_offers_the_example_queries(client):
    examples = sorted(p.stem for p in (ROOT / "docs" / "queries").glob("*.rq"))
    html, _ = page(client, "/truy-van")
    for name in examples:
        assert f'<option value="{name}"' in html
    assert '<form id="sparql-form" action="/sparql" method="get">' in html
    html, _ = page(client, f"/truy-van?mau={examples[0]}")
    assert "PREFIX" in html


def test_unknown_pages_are_vietnamese_html_for_browsers_and_json_for_the_api(client):
    html, _ = page(client, "/khong-co-trang-nay", status=404)
    assert "Không tìm thấy trang" in html
    html, _ = page(client, "/van-ban/khong-co", status=404)
    assert "Không có văn bản" in html
    for url, headers in (("/api/khong-co", HTML), ("/khong-co", {"Accept": "application/json"})):
        response = client.get(url, headers=headers)
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_pages_are_compressed_and_static_files_cached(client):
    response = client.get(f"/van-ban/{BIG}", headers={**HTML, "Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    css = client.get("/static/site.css?v=1")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "immutable" in css.headers["cache-control"]
    assert client.get("/static/site.css", headers={"If-None-Match": css.headers["etag"]}).status_code == 304
    assert client.get("/static/..%2Fapp.py").status_code == 404


def test_without_data_the_pages_say_how_to_load_it(tmp_path):
    app = create_app(Settings(data_dir=tmp_path / "data", encoder="hashing"))
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/", headers=HTML)
    assert response.status_code == 503 and "cancu ingest" in response.text
