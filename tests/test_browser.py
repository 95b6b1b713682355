"""The built site in a real browser (Debian's Chromium through Playwright): no errors, nothing from elsewhere.

Without Chromium these tests skip with a reason on a developer's machine; in CI (CI=true) they fail instead.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from chromium import CHROMIUM, launch
from conftest import nav_pages, page_address, translated_pages

PAGES = tuple(page_address(page) for page in nav_pages()) + tuple(
    f"ja/{page_address(page)}" for page in translated_pages("ja")
)
NOT_MEDICAL_ADVICE = {"en": "Not medical advice", "ja": "医療上の助言ではありません"}

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
        launched = launch(playwright)
        yield launched
        launched.close()


THEME_SCRIPT = re.compile(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
PALETTE_TOGGLE = "form[data-md-component=palette] label:not([hidden])"


def _wait_for_theme(page) -> None:
    """Wait until Material's script has mounted its components."""
    page.wait_for_function("() => window.component$ !== undefined", timeout=15_000)


def _start_theme(page) -> None:
    """A reader's first interaction, then wait for the theme's script it starts."""
    page.mouse.move(5, 5)
    _wait_for_theme(page)


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
    assert NOT_MEDICAL_ADVICE["ja" if path.startswith("ja/") else "en"] in page.inner_text("body")
    # The theme's script, started by a first interaction, adds no error and nothing from elsewhere either.
    _start_theme(page)
    page.wait_for_load_state("networkidle")
    assert errors == []
    assert [url for url in requests if not url.startswith(site_url)] == []
    page.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_charts_show_as_svg_with_and_without_javascript(browser, site_url, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site_url + "studies/hiit-2025/findings/")
    charts = page.locator("figure.ev-chart .ev-chart__image svg[role=img]")
    assert charts.count() == 2
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 50
    # Without JavaScript there is no interactive version to offer, nor a search box that could answer.
    assert page.locator("button.ev-chart__toggle").first.is_visible() == javascript
    assert page.locator("input.md-search__input").is_visible() == javascript
    context.close()


ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
PAGES_WITH_CHARTS = {"studies/hiit-2025/findings/": 2, "studies/ivig-2003/findings/": 4}


@pytest.mark.parametrize(
    ("scheme", "width", "interacted"),
    [("light", 1280, False), ("dark", 1280, False), ("light", 360, False), ("light", 1280, True)],
)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(browser, site_url, path, scheme, width, interacted):
    """Before and after the first interaction, which starts the theme's script."""
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(color_scheme=scheme, viewport={"width": width, "height": 800})
    page.goto(site_url + path)
    if interacted:
        _start_theme(page)
    violations = Axe().run(page).response["violations"]
    page.close()
    assert [(item["id"], [node["target"] for node in item["nodes"]]) for item in violations] == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_follow_the_colour_scheme(browser, site_url, scheme):
    page = browser.new_page(color_scheme=scheme)
    page.goto(site_url + "studies/ivig-2003/findings/")
    assert (
        page.locator(".ev-chart__image svg").evaluate_all(
            "svgs => svgs.map(svg => svg.getBoundingClientRect().width > 100)"
        )
        == [True] * PAGES_WITH_CHARTS["studies/ivig-2003/findings/"]
    )
    for selector in (".role-axis-label text", ".role-axis-domain line"):
        mark = page.locator(f".ev-chart__image {selector}").first
        colour = mark.evaluate("node => getComputedStyle(node)[node.tagName === 'text' ? 'fill' : 'stroke']")
        brightness = sum(
            int(part) for part in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]
        )
        assert (brightness > 450) == (scheme == "dark"), (selector, colour)
    page.close()


def test_interactive_chart_loads_the_bundle_only_when_asked(browser, site_url):
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(site_url + "studies/ivig-2003/findings/", wait_until="networkidle")
    assert not any("vega-bundle" in url for url in requests)
    figure = page.locator("[id='ivig-2003.flow-chart']")
    figure.locator("button.ev-chart__toggle").click()
    figure.locator(".ev-chart__interactive svg").wait_for(timeout=15_000)
    assert any(url.endswith("assets/vendor/vega-bundle.js") for url in requests)
    assert figure.locator(".ev-chart__image").evaluate("div => getComputedStyle(div).display") == "none"
    assert figure.locator("button.ev-chart__toggle").inner_text() == "Show static chart"
    # The tooltip gives the exact value and its source, under the Content-Security-Policy (no CSP errors).
    bar = figure.locator(".ev-chart__interactive .mark-rect path").first.bounding_box()
    page.mouse.move(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    tooltip = page.locator("#vg-tooltip-element.visible")
    tooltip.wait_for(timeout=5_000)
    assert "reported in PubMed abstract" in tooltip.inner_text()
    assert errors == []
    page.close()


@pytest.mark.parametrize("path", [path for path in PAGES if path not in PAGES_WITH_CHARTS])
def test_pages_without_charts_never_load_chart_code(browser, site_url, path):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url + path, wait_until="networkidle")
    assert not any("vega" in url for url in requests)
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("path", ["", "studies/ivig-2003/findings/"])
def test_screenshots_are_saved_as_artefacts(browser, site_url, path, width, scheme):
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.goto(site_url + path)
    ARTIFACTS.mkdir(exist_ok=True)
    name = (path.strip("/").replace("/", "-") or "home") + f"-{width}-{scheme}.png"
    page.screenshot(path=ARTIFACTS / name, full_page=True)
    page.close()
    assert (ARTIFACTS / name).stat().st_size > 10_000


def test_print_layout_hides_site_chrome_and_shows_the_address(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "studies/hiit-2025/findings/")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".ev-chart__actions"):
        assert page.locator(chrome).first.evaluate("node => getComputedStyle(node).display") == "none", chrome
    assert page.locator(".ev-print-only").is_visible()
    assert "Printed from" in page.locator(".ev-print-only").inner_text()
    assert page.locator(".ev-chart__image").first.is_visible()
    page.close()


@pytest.mark.parametrize(("scheme", "material_scheme"), [("light", "default"), ("dark", "slate")])
def test_theme_script_waits_for_the_first_interaction_and_the_palette_does_not(
    browser, site_url, scheme, material_scheme
):
    page = browser.new_page(color_scheme=scheme)
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url + "studies/hiit-2025/findings/", wait_until="networkidle")
    page.wait_for_timeout(500)
    assert not [url for url in requests if THEME_SCRIPT.search(url)]
    assert page.evaluate("typeof window.component$") == "undefined"
    assert page.locator("input.md-search__input").is_visible()
    # The system's scheme is followed, and the one toggle shown leads to the other palette.
    assert page.get_attribute("body", "data-md-color-scheme") == material_scheme
    assert page.locator(PALETTE_TOGGLE).count() == 1
    _start_theme(page)
    assert [url for url in requests if THEME_SCRIPT.search(url)]
    # The theme's own components are running: its palette component and the header it watches.
    assert page.get_attribute("body", "data-md-color-scheme") == material_scheme
    assert page.locator("meta[name=theme-color]").count() == 1
    page.locator(PALETTE_TOGGLE).click()
    assert (
        page.get_attribute("body", "data-md-color-scheme") == ({"default", "slate"} - {material_scheme}).pop()
    )
    assert errors == []
    page.close()


def test_a_palette_switch_before_the_theme_script_is_applied_and_kept(browser, site_url):
    """A click with no pointer movement first (keyboard or screen reader) on the toggle switches the palette
    at once, and the choice survives the theme's script starting and a reload."""
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(site_url, wait_until="networkidle")
    page.locator(PALETTE_TOGGLE).dispatch_event("click")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    _wait_for_theme(page)
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.reload(wait_until="networkidle")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    assert page.locator(PALETTE_TOGGLE).get_attribute("for") == "__palette_0"
    context.close()


LEAFLETS = ("patients/", "patients/hiit/", "patients/ivig/")


@pytest.mark.parametrize("path", [*LEAFLETS, *(f"ja/{path}" for path in LEAFLETS)])
def test_plain_language_page_prints_on_two_sides_of_a4(browser, site_url, path):
    page = browser.new_page()
    page.goto(site_url + path, wait_until="networkidle")
    pdf = page.pdf(format="A4")
    page.close()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= 2, f"{path} prints on {pages} A4 pages"


def test_japanese_search_finds_the_japanese_page(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "ja/patients/", wait_until="networkidle")
    search = page.locator("input.md-search__input")
    search.fill("皮膚筋炎")
    # Material reads the query on keyup; an IME commits Japanese text and then releases a key.
    search.press("End")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15_000)
    addresses = results.evaluate_all("links => links.map(link => link.href)")
    page.close()
    assert any("/ja/patients/" in address for address in addresses), addresses


def test_search_loads_on_first_use_and_then_finds_pages(browser, site_url):
    """A first load carries no search index, worker or language files, nor the theme's script; the search
    shortcut, pressed as the first interaction, fetches them and still opens the search box."""
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url + "glossary/", wait_until="networkidle")
    page.wait_for_timeout(500)
    assert not [url for url in requests if "search" in url or "/lunr/" in url or THEME_SCRIPT.search(url)]
    page.keyboard.press("/")
    page.locator("input.md-search__input:focus").wait_for(timeout=15_000)
    page.keyboard.type("immunoglobulin")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15_000)
    assert any(url.endswith("search/search_index.json") for url in requests)
    assert any("/workers/search." in url for url in requests)
    addresses = results.evaluate_all("links => links.map(link => link.href)")
    page.close()
    assert any("/studies/ivig-2003/" in address for address in addresses), addresses
