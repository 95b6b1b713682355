"""The built site in a real browser (Debian's Chromium through Playwright): no errors, nothing from elsewhere.

Without Chromium these tests skip with a reason on a developer's machine; in CI (CI=true) they fail instead.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = (
    "",
    "studies/hiit-2025/methods/",
    "studies/hiit-2025/findings/",
    "studies/hiit-2025/safety/",
    "studies/ivig-2003/methods/",
    "studies/ivig-2003/findings/",
    "studies/ivig-2003/safety/",
    "glossary/",
    "data/",
    "how-it-is-built/",
)

pytestmark = pytest.mark.browser


def _require_chromium() -> None:
    if not Path(CHROMIUM).is_file():
        message = f"Chromium not found at {CHROMIUM} (install Debian's chromium or set CHROMIUM_PATH)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_errors_or_foreign_requests(browser, site_url, path):
    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(site_url + path, wait_until="networkidle")
    assert response is not None and response.ok
    assert errors == []
    assert [url for url in requests if not url.startswith(site_url)] == []
    assert "Not medical advice" in page.inner_text("body")
    page.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_charts_show_as_svg_with_and_without_javascript(browser, site_url, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site_url + "studies/hiit-2025/findings/")
    charts = page.locator("figure.ev-chart svg[role=img]")
    assert charts.count() == 2
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 50
    context.close()
