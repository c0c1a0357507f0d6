"""The graph view at a hundred documents, in a real browser (Debian's Chromium through Playwright): a
synthetic corpus of invented plans (tests/e2e/synthetic.py) is ingested once, the view starts from one
plan, expands a decision cited by most plans, filters by relation and kind and groups by document; it
stays bounded (a limited number of neighbours per expansion, the rest counted), no two nodes overlap,
and the screenshot goes to docs/graph-view.png (referenced from docs/ui.md)."""
from __future__ import annotations

import shutil
from urllib.parse import quote

import pytest

from tests.e2e.conftest import ROOT, SCREENSHOTS, Visit, run_server
from tests.e2e.synthetic import write_corpus

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

DOCUMENTS = 100
SHOT = ROOT / "docs" / "graph-view.png"


@pytest.fixture(scope="module")
def synthetic_server(browser, tmp_path_factory):
    """A server over the synthetic corpus (graph stage only: the view reads the graph)."""
    from api.settings import Settings
    from api.stages import GraphStage
    from api.workspace import Workspace

    folder = tmp_path_factory.mktemp("synthetic")
    paths = write_corpus(folder / "corpus", DOCUMENTS)
    settings = Settings(data_dir=folder / "data", encoder="hashing", corpus_dir=str(folder / "corpus"))
    Workspace(settings, stages=[GraphStage(settings)]).ingest(paths)
    with run_server(folder / "data") as base:
        yield base


def _ready(page) -> None:
    page.wait_for_selector("canvas[data-ready='1']")


def test_the_graph_view_stays_readable_at_a_hundred_documents(browser, synthetic_server):
    v = Visit(browser, synthetic_server, viewport={"width": 1280, "height": 860})
    page = v.page
    try:
        start = "d:huyen_00_05"  # a district plan: basis, implements, replaces, offices, communes
        v.go(f"/do-thi?nut={quote(start)}")
        assert f"Kho có {DOCUMENTS} văn bản" in page.locator("p.lead").inner_text()
        _ready(page)
        first = page.evaluate("window.cancuGraph.count()")
        assert 5 < first <= 26  # the plan and a bounded number of its neighbours, not the whole corpus
        kinds = page.evaluate("window.cancuGraph.shown()")
        assert any(k.startswith("q:") for k in kinds) and any(k.startswith("a:") for k in kinds)

        decision = "q:cp/nd/2022/27"  # a decree every plan cites
        assert page.evaluate(f"window.cancuGraph.hidden('{decision}')") >= DOCUMENTS - 26
        grown = page.evaluate(f"window.cancuGraph.expand('{decision}')")
        _ready(page)
        assert first < grown <= first + 25  # one expansion brings at most 25, the rest is counted
        assert page.evaluate(f"window.cancuGraph.hidden('{decision}')") > 0
        assert page.evaluate("window.cancuGraph.overlaps()") == 0
        assert page.evaluate("window.cancuGraph.labels()") >= 10
        assert page.evaluate("Object.keys(window.cancuGraph.groups()).length") >= 1  # grouped by document
        assert page.locator("#graph-panel").is_visible()
        assert "Hiện thêm" in page.locator("#graph-panel").inner_text()
        page.locator("#graph-fit").click()
        page.locator(".graph-tools").scroll_into_view_if_needed()
        tools, graph = page.locator(".graph-tools").bounding_box(), page.locator("#graph-box").bounding_box()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        clip = {"x": graph["x"], "y": tools["y"], "width": graph["width"],
                "height": graph["y"] + graph["height"] - tools["y"]}
        page.screenshot(path=str(SCREENSHOTS / "12-do-thi-100-van-ban.png"), clip=clip, full_page=True)
        SHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SCREENSHOTS / "12-do-thi-100-van-ban.png", SHOT)

        # filters: without the "assigns" relation and without communes, fewer links and no commune
        edges = page.evaluate("window.cancuGraph.edges()")
        page.locator("input[data-relation='assigns']").uncheck()
        page.locator("input[data-kind='commune']").uncheck()
        assert page.evaluate("window.cancuGraph.edges()") < edges
        assert not any(i.startswith("x:") for i in page.evaluate("window.cancuGraph.shown()"))

        # the start box suggests nodes from the graph's own labels, typed without accents
        page.locator("#graph-q").fill("phong tai chinh")
        page.wait_for_selector("#graph-suggest option", state="attached")
        assert page.locator("#graph-suggest option").count() >= 1
        assert not v.foreign_requests()
    finally:
        v.close()
