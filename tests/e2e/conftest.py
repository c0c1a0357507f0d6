"""A real browser against a real server: Debian's Chromium driven by Playwright for Python, a uvicorn
server on a free port over a data folder ingested once per session with the test encoder.

Install (no browser download: Playwright uses the system Chromium):
    apt-get install -y chromium            # /usr/bin/chromium
    .venv/bin/pip install playwright       # the Python package only; never `playwright install`
"""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: drives a real browser against a running server")


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} không có: apt-get install -y chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "thiếu gói playwright: .venv/bin/pip install playwright (không chạy `playwright install`)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def e2e_data(corpus_data) -> Path:
    """The shared sample corpus (tests/conftest.py), when a browser is at hand."""
    reason = _missing()
    if reason:
        pytest.skip(reason)
    return corpus_data


@contextmanager
def run_server(data_dir: Path) -> Iterator[str]:
    """A uvicorn server in a thread over a data folder (test encoder); its base URL."""
    import uvicorn

    from api.app import create_app
    from api.settings import Settings

    port = _free_port()
    app = create_app(Settings(data_dir=data_dir, encoder="hashing", port=port))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("máy chủ uvicorn không khởi động được")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def server(e2e_data) -> Iterator[str]:
    with run_server(e2e_data) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    reason = _missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Visit:
    """One browser context: records every request it makes, so a test can say none left localhost."""

    def __init__(self, browser, base: str, **options) -> None:
        self.base = base
        self.context = browser.new_context(locale="vi-VN", **options)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.set_default_timeout(15_000)

    def go(self, path: str):
        return self.page.goto(self.base + path, wait_until="load")

    def shot(self, name: str, *, full_page: bool = False) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests
                if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u).hostname not in LOCAL_HOSTS]

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def visit(browser, server):
    opened: list[Visit] = []

    def open_(**options) -> Visit:
        v = Visit(browser, server, **{"viewport": {"width": 1280, "height": 900}, **options})
        opened.append(v)
        return v

    yield open_
    for v in opened:
        foreign = v.foreign_requests()
        v.close()
        assert not foreign, f"trang đã tải từ máy khác: {foreign}"
