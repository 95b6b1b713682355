"""The built site in a real browser (Debian's Chromium through Playwright): no errors, nothing from elsewhere.

Without Chromium these tests skip with a reason on a developer's machine; in CI (CI=true) they fail instead.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT, QuietHandler, page_address, site_pages, translated_pages

PAGES = tuple(page_address(page) for page in site_pages()) + tuple(
    f"ja/{page_address(page)}" for page in translated_pages("ja")
)
NOT_MEDICAL_ADVICE = {"en": "Not medical advice", "ja": "医療上の助言ではありません"}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


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
    charts = page.locator("figure.ev-chart .ev-chart__image svg[role=img]:visible")
    assert charts.count() == 2
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 50
    # Without JavaScript there is no interactive version to offer, nor a search box that could answer.
    assert page.locator("button.ev-chart__toggle").first.is_visible() == javascript
    assert page.locator("input.md-search__input").is_visible() == javascript
    context.close()


ARTIFACTS = PROJECT_ROOT / "test-artifacts"
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
        page.locator(".ev-chart__image svg:visible").evaluate_all(
            "svgs => svgs.map(svg => svg.getBoundingClientRect().width > 100)"
        )
        == [True] * PAGES_WITH_CHARTS["studies/ivig-2003/findings/"]
    )
    for selector in (".role-axis-label text", ".role-axis-domain line"):
        mark = page.locator(f".ev-chart__image--wide {selector}").first
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
    assert figure.locator(".ev-chart__image svg:visible").count() == 0
    assert figure.locator("button.ev-chart__toggle").inner_text() == "Show static chart"
    # The tooltip gives the exact value and its source, under the Content-Security-Policy (no CSP errors).
    # hover() scrolls the bar out from under the sticky header first.
    figure.locator(".ev-chart__interactive .mark-rect path").first.hover()
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
    """Whether or not the reader has touched the page (which starts the theme's script, and with it Material's
    opening of every box for printing), the leaflet prints the same."""
    counts = []
    for touched in (False, True):
        page = browser.new_page()
        page.goto(site_url + path, wait_until="networkidle")
        if touched:
            _start_theme(page)
        pdf = page.pdf(format="A4")
        page.close()
        counts.append(len(re.findall(rb"/Type\s*/Page(?!s)", pdf)))
    assert 1 <= counts[0] <= 2 and counts[1] == counts[0], f"{path} prints on {counts} A4 pages"


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


# ---- layout: every chart and table fits its column, on screen and on paper ---------------------------------

LAYOUT_PAGES = (
    "studies/hiit-2025/findings/",
    "studies/ivig-2003/findings/",
    "studies/hiit-2025/safety/",
    "studies/hiit-2025/appraisal/",
    "patients/hiit/",
    "compare/",
)
LAYOUT_WIDTHS = (320, 390, 768, 1280)
MIN_CHART_TEXT_PX = 12
# An A4 sheet is 794 CSS px wide; Chromium prints with about 1 cm margins either side.
A4_PRINT_WIDTH = 718
# Run in the page; returns one line per problem. A mark or text of a shown chart SVG outside the figure's
# content box or outside the SVG; a chart with other than one static SVG shown; chart text drawn under the
# minimum size; two chart labels whose boxes intersect; the article, a table or a figure wider inside than
# its box (clipped or scrolling); a heading whose permalink sits below its text.
LAYOUT_SCRIPT = """(minText) => {
  const problems = [];
  const slack = 1;
  const article = document.querySelector("article");
  const shown = (node) => {
    const box = node.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const name = (node) => node.id || node.closest("[id]")?.id || node.tagName.toLowerCase();
  const boxes = ["figure", ".ev-table", ".ev-table table", ".md-typeset__scrollwrap", ".md-typeset__table"];
  for (const node of [article, ...article.querySelectorAll(boxes.join(","))].filter(shown)) {
    if (node.scrollWidth > node.clientWidth + slack) {
      problems.push(`clipped: ${name(node)} ${node.className} ${node.scrollWidth} > ${node.clientWidth}`);
    }
  }
  for (const figure of article.querySelectorAll("figure.ev-chart")) {
    const svgs = [...figure.querySelectorAll(":scope > .ev-chart__image svg")].filter(shown);
    if (svgs.length !== 1) problems.push(`${figure.id}: ${svgs.length} static charts shown`);
    const style = getComputedStyle(figure);
    const frame = figure.getBoundingClientRect();
    const left = frame.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth);
    const right = frame.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
    for (const svg of svgs) {
      const image = svg.getBoundingClientRect();
      for (const mark of svg.querySelectorAll("path, line, rect, text, circle")) {
        const box = mark.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        const outside = box.left < left - slack || box.right > right + slack ||
          box.top < image.top - slack || box.bottom > image.bottom + slack;
        if (outside) problems.push(`${figure.id}: ${mark.tagName} '${mark.textContent}' outside the column`);
      }
      const texts = [...svg.querySelectorAll("text")].filter((text) => text.textContent.trim());
      for (const text of texts) {
        const matrix = text.getScreenCTM();  // scaled by the viewBox, perhaps rotated (an axis title)
        const size = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(matrix.a, matrix.b);
        if (size < minText - 0.01) problems.push(`${figure.id}: '${text.textContent}' at ${size.toFixed(1)} px`);
      }
      const labels = texts.map((text) => [text.textContent, text.getBoundingClientRect()]);
      labels.forEach(([first, a], index) => {
        for (const [second, b] of labels.slice(index + 1)) {
          const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (across > slack && down > slack) problems.push(`${figure.id}: '${first}' overlaps '${second}'`);
        }
      });
    }
  }
  for (const heading of article.querySelectorAll(":is(h1, h2, h3, h4, h5, h6):has(> .headerlink)")) {
    const link = heading.querySelector(":scope > .headerlink");
    if (!shown(link)) continue;  // not printed
    const words = document.createRange();
    words.setStart(heading, 0);
    words.setEndBefore(link);
    const rects = [...words.getClientRects()].filter((rect) => rect.width > 0);
    if (!rects.length) continue;
    const lastLine = Math.max(...rects.map((rect) => rect.bottom));
    if (link.getBoundingClientRect().top >= lastLine - slack) {
      problems.push(`heading '${heading.textContent.trim()}': its permalink wraps below the text`);
    }
  }
  return problems;
}"""


def _layout_problems(page) -> list[str]:
    """What LAYOUT_SCRIPT finds wrong on the page."""
    return page.evaluate(LAYOUT_SCRIPT, MIN_CHART_TEXT_PX)


# Every width in the light scheme; the dark one (same layout, recoloured marks) on a phone and a desktop.
LAYOUT_VIEWS = (*((width, "light") for width in LAYOUT_WIDTHS), (390, "dark"), (1280, "dark"))


@pytest.mark.parametrize(("width", "scheme"), LAYOUT_VIEWS)
@pytest.mark.parametrize("path", LAYOUT_PAGES)
def test_charts_and_tables_fit_their_column(browser, site_url, path, width, scheme):
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.goto(site_url + path)
    _start_theme(page)  # the theme's script wraps tables; the layout must hold with it too
    problems = _layout_problems(page)
    page.close()
    assert problems == []


@pytest.mark.parametrize("path", LAYOUT_PAGES)
def test_print_keeps_every_column_and_figure(browser, site_url, path):
    page = browser.new_page(viewport={"width": A4_PRINT_WIDTH, "height": 1100})
    page.goto(site_url + path)
    page.emulate_media(media="print")
    assert _layout_problems(page) == []
    # Every body cell of every table is shown, with its column's name beside it where the table is cards.
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('article .ev-table tbody :is(td, th)')]
            .filter(cell => !cell.closest('.ev-chart__data'))  // a chart's own data: the chart prints instead
            .filter(cell => cell.getBoundingClientRect().width === 0 || getComputedStyle(cell).display === 'none')
            .map(cell => cell.dataset.label)"""
    )
    assert hidden == []
    shown = page.locator("figure.ev-chart .ev-chart__image svg:visible").count()
    assert shown == page.locator("figure.ev-chart").count()
    pdf = page.pdf(format="A4")
    page.close()
    assert pdf.startswith(b"%PDF")


def test_the_summary_of_findings_prints_its_certainty(browser, site_url):
    """On paper the SoF table's last column, Certainty, is there for every outcome."""
    page = browser.new_page(viewport={"width": A4_PRINT_WIDTH, "height": 1100})
    page.goto(site_url + "studies/hiit-2025/appraisal/")
    page.emulate_media(media="print")
    table = page.locator("[id='hiit-2025.appraisal.summary-of-findings']")
    cells = table.locator("tbody td[data-label='Certainty']")
    assert cells.count() > 0
    for index in range(cells.count()):
        cell = cells.nth(index)
        assert cell.is_visible()
        label = cell.evaluate("cell => getComputedStyle(cell, '::before').content")
        assert "Certainty" in label
    page.close()


@pytest.mark.parametrize("width", [320, 390])
def test_interactive_chart_text_stays_legible_on_a_phone(browser, site_url, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(site_url + "studies/ivig-2003/findings/", wait_until="networkidle")
    figure = page.locator("[id='ivig-2003.percent-change-chart']")
    figure.locator("button.ev-chart__toggle").click()
    figure.locator(".ev-chart__interactive svg").wait_for(timeout=15_000)
    sizes = figure.locator(".ev-chart__interactive svg text").evaluate_all(
        "texts => texts.map(text => text.getBoundingClientRect().height > 0 ? "
        "parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a : 99)"
    )
    fits = figure.evaluate(
        "figure => figure.querySelector('.ev-chart__interactive svg').getBoundingClientRect().width"
        " <= figure.clientWidth + 1"
    )
    page.close()
    assert sizes and min(sizes) >= MIN_CHART_TEXT_PX, sizes
    assert fits


def test_an_interactive_chart_that_fails_to_load_says_so_and_can_retry(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "studies/ivig-2003/findings/", wait_until="networkidle")
    page.route("**/vega-bundle.js", lambda route: route.abort())
    figure = page.locator("[id='ivig-2003.flow-chart']")
    figure.locator("button.ev-chart__toggle").click()
    retry = figure.locator(".ev-chart__status button")
    retry.wait_for(timeout=15_000)
    assert "could not be loaded" in figure.locator(".ev-chart__status").inner_text()
    assert figure.locator(".ev-chart__image svg:visible").count() == 1  # the static chart stays
    page.unroute("**/vega-bundle.js")
    retry.click()
    figure.locator(".ev-chart__interactive svg").wait_for(timeout=15_000)
    assert figure.locator(".ev-chart__status").is_hidden()
    assert figure.locator(".ev-chart__image svg:visible").count() == 0
    page.close()


def test_an_open_interactive_chart_prints_once_as_its_static_svg(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "studies/ivig-2003/findings/", wait_until="networkidle")
    figure = page.locator("[id='ivig-2003.flow-chart']")
    figure.locator("button.ev-chart__toggle").click()
    figure.locator(".ev-chart__interactive svg").wait_for(timeout=15_000)
    page.emulate_media(media="print")
    assert figure.locator(".ev-chart__interactive").is_hidden()
    assert figure.locator("svg:visible").count() == 1
    assert figure.locator(".ev-chart__image svg:visible").count() == 1
    page.close()


PRINT_MIN_POINTS = 11


@pytest.mark.parametrize("path", LEAFLETS)
def test_plain_language_page_prints_at_eleven_points_or_more(browser, site_url, path):
    page = browser.new_page()
    page.goto(site_url + path, wait_until="networkidle")
    page.emulate_media(media="print")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.ev-plain :is(p, li, td, th)')]
            .filter(node => node.getBoundingClientRect().height > 0)
            .map(node => parseFloat(getComputedStyle(node).fontSize) * 0.75)"""
    )
    page.close()
    assert sizes and min(sizes) >= PRINT_MIN_POINTS, sorted(set(sizes))


# Start tags where Python's HTML parser and a browser may part: separators other than HTML's five spaces, '=='
# and '=' with spaces around it, slashes, bare and empty values, entities, names starting with '='.
START_TAGS = (
    "<div x==' y><meta http-equiv=refresh content=\"0;url=//evil.example/\">'>t</div>",
    "<p x=a\u00a0y='  ><img src=//evil.example/x.png>'>t</p>",
    "<p x=a\x0by='  ><img src=//evil.example/x.png>'>t</p>",
    "<p x=a\u2028y=' ><img src=x>'>t</p>",
    "<p x\u00a0=\u00a0'a' y=b>t</p>",
    "<p x='a'y=\"b\"z=c>t</p>",
    "<p x = 'a' y= b z =c>t</p>",
    "<p/x=1/y>t</p>",
    "<p =x y=>t</p>",
    "<p x=a/>t</p>",
    '<a href="?a=1&amp;b=2" title="&lt;x&gt;" data-n=&quot;>t</a>',
    '<P CLASS=A Data-X="B">t</P>',
    "<p x=\"a\" x='b'>t</p>",
    '<svg viewBox="0 0 10 10" aria-label="a chart"><path d="M0 0"/></svg>',
)


@pytest.mark.parametrize("start_tag", START_TAGS)
def test_the_security_reading_takes_start_tags_as_chromium_does_or_refuses_them(browser, start_tag):
    """browser_start_tag is the HTML standard's tokenizer; Chromium's own parser is the reference. Where Python's
    parser reads the tag otherwise than Chromium, read_markup refuses it. (Names are compared in lower case:
    inside an SVG, Chromium gives some their SVG spelling, viewBox.)"""
    import html
    from html.parser import HTMLParser

    from myositis_evidence.site import csp

    page = browser.new_page()
    in_chromium = page.evaluate(
        """text => { const element = new DOMParser().parseFromString('<body>' + text, 'text/html').body
            .firstElementChild; return [...element.attributes].map(a => [a.name.toLowerCase(), a.value]); }""",
        start_tag,
    )
    page.close()
    _, written, _ = csp.browser_start_tag(start_tag)
    browser_read, seen = [], set()
    for name, value in written:  # a browser keeps the first of an attribute given twice
        if name.lower() not in seen:
            seen.add(name.lower())
            browser_read.append([name.lower(), html.unescape(value or "")])
    assert browser_read == in_chromium

    python_read: list[list[str]] = []

    class FirstTag(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if not python_read and not hasattr(self, "done"):
                python_read.extend([name, value or ""] for name, value in attrs)
                self.done = True

    FirstTag().feed(start_tag)
    refused = bool(csp.read_markup(start_tag).unsafe_elements)
    assert refused == (python_read != in_chromium), (python_read, in_chromium)
