"""Search in both languages, the error page in each language, and the home page's first screen on a phone.

The Japanese words of the search index (site/search_index.py) are tested on their own, in the built index, and
in a real browser (Debian's Chromium through Playwright), where Material's worker builds the index the reader
searches. The browser tests serve the site under the path of its address, as GitHub Pages does, answering
every missing address with the root's 404.html; without Chromium they skip (in CI they fail).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import PROJECT_ROOT
from myositis_evidence.site.search_index import (
    JAPANESE_FIELDS,
    SEPARATOR,
    SearchIndexError,
    japanese_words,
    plain_text,
    with_japanese_words,
)

LABELS = {"ja/": "【日本語】"}
# The compound words readers of the Japanese pages search for, and the page each must find.
JAPANESE_QUERIES = {
    "免疫グロブリン": "ja/patients/ivig/",
    "高強度インターバルトレーニング": "ja/patients/hiit/",
}
PHONE = {"width": 390, "height": 844}


def _index(docs: list[dict[str, str]], **config: object) -> dict[str, object]:
    """A search index as MkDocs' search plugins write it."""
    defaults = {"lang": ["en"], "separator": r"[\s\-]+", "fields": {"title": {"boost": 1000}}}
    return {"config": defaults | config, "docs": docs}


def _split(text: str) -> list[str]:
    """The words Material's tokenizer makes of a text with SEPARATOR (JavaScript's `\\w` is ASCII)."""
    return [word for word in re.split(SEPARATOR, text, flags=re.ASCII) if word]


# ---- Japanese words --------------------------------------------------------------------------------------


def test_every_stretch_of_japanese_text_begins_a_word():
    words = japanese_words("免疫グロブリン大量静注療法は、高強度インターバルトレーニングと違います。")
    for query in (
        "免疫グロブリン",
        "グロブリン",
        "静注療法",
        "高強度インターバルトレーニング",
        "トレーニング",
    ):
        assert any(word.startswith(query) for word in words), query


def test_words_stop_at_punctuation_and_at_the_longest_query_length():
    assert japanese_words("免疫グロブリン（IgG）", longest=5) == [
        *("免疫グロブ", "疫グロブリ", "グロブリン", "ロブリン", "ブリン", "リン", "ン")
    ]


def test_latin_words_and_numbers_inside_japanese_text_start_words_but_english_text_gives_none():
    assert japanese_words("12週間のIVIG療法") == [
        *("12週間のIVIG療法", "週間のIVIG療法", "間のIVIG療法", "のIVIG療法", "IVIG療法", "療法", "法")
    ]
    assert japanese_words("High-intensity interval training (HIIT) for myositis") == []
    assert japanese_words("") == []


def test_a_longest_length_below_one_is_refused_with_its_value():
    with pytest.raises(ValueError, match=r"longest \(0\)"):
        japanese_words("筋炎", longest=0)


def test_plain_text_ends_words_at_tags_and_reads_entities():
    assert plain_text("<p>筋炎</p><p>A &amp; B</p>") == " 筋炎  A & B "


def test_the_separator_trims_punctuation_and_breaks_japanese_text_into_phrases():
    assert _split("(IVIG), e.g. p=0.03 and Andreasson's trial.") == [
        *("IVIG", "e.g", "p=0.03", "and", "Andreasson's", "trial")
    ]
    assert _split("免疫グロブリン大量静注療法（IVIG）は、点滴です。") == [
        *("免疫グロブリン大量静注療法", "IVIG", "は", "点滴です")
    ]
    # The index's own Japanese words hold no separator, so the browser keeps each one whole.
    words = japanese_words("免疫グロブリン（IgG）を、点滴で。")
    assert _split(" ".join(words)) == words


# ---- the index -------------------------------------------------------------------------------------------


def test_japanese_pages_are_labelled_and_given_words_and_sections_and_english_pages_are_not():
    index = _index(
        [
            {"location": "ja/patients/ivig/", "title": "IVIG の説明", "text": "<p>免疫グロブリン</p>"},
            {"location": "ja/patients/ivig/#more", "title": "詳しく", "text": ""},
            {"location": "glossary/", "title": "Glossary", "text": "<p>immunoglobulin</p>"},
        ]
    )
    page, section, english = with_japanese_words(index, LABELS)["docs"]
    assert page["title"] == "【日本語】IVIG の説明"
    assert page["text"] == "<p>免疫グロブリン</p>"  # what the reader sees is unchanged
    assert "免疫グロブリン" in page["text_ja"].split() and "グロブリン" in page["text_ja"].split()
    assert section["title"] == "詳しく" and section["title_ja"] == "詳しく しく く"
    assert english == {"location": "glossary/", "title": "Glossary", "text": "<p>immunoglobulin</p>"}


def test_the_config_gets_the_separator_and_fields_with_the_boosts_of_their_sources():
    config = with_japanese_words(_index([]), LABELS)["config"]
    assert config["separator"] == SEPARATOR
    assert config["fields"]["title_ja"] == {"boost": 1000}
    assert set(JAPANESE_FIELDS.values()) <= set(config["fields"])


def test_running_twice_gives_the_same_index():
    index = _index([{"location": "ja/", "title": "ホーム", "text": "<p>筋炎</p>"}])
    once = with_japanese_words(index, LABELS)
    assert with_japanese_words(once, LABELS) == once


@pytest.mark.parametrize(
    ("config", "message"),
    [({"lang": ["en", "ja"]}, r"includes \['ja'\]"), ({"separator": "[ ]+"}, r"separator '\[ \]\+' is set")],
)
def test_a_config_the_words_would_not_survive_is_refused(config, message):
    with pytest.raises(SearchIndexError, match=message):
        with_japanese_words(_index([], **config), LABELS)


def test_the_built_index_has_japanese_words_and_labels(built_site: Path):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["en"] and index["config"]["separator"] == SEPARATOR
    docs = {doc["location"]: doc for doc in index["docs"]}
    for query, location in JAPANESE_QUERIES.items():
        assert any(
            doc["location"].startswith(location) and query in doc.get("text_ja", "") for doc in docs.values()
        )
    pages = [doc for doc in index["docs"] if "#" not in doc["location"]]
    assert all(doc["title"].startswith("【日本語】") == doc["location"].startswith("ja/") for doc in pages)


# ---- the error pages -------------------------------------------------------------------------------------


def _site_path() -> str:
    """The path of the site's address (its default in mkdocs.yml, or SITE_URL): "/myositis-evidence/"."""
    configured = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    default = (
        configured["site_url"][-1] if isinstance(configured["site_url"], list) else configured["site_url"]
    )
    return urlsplit(os.environ.get("SITE_URL") or default).path or "/"


def _article(html: str) -> str:
    return re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S).group(1)


def test_the_root_error_page_is_english_with_search_a_way_home_and_a_japanese_line(built_site: Path):
    html = (built_site / "404.html").read_text(encoding="utf-8")
    article, root = _article(html), _site_path()
    assert '<html lang="en"' in html and "<h1>Page not found</h1>" in article
    assert re.search(rf'<form [^>]*action="{root}" method="get" role="search"', article)
    assert '<input id="ev-not-found-query" type="search" name="q"' in article
    assert f'href="{root}">Go to the home page</a>' in article
    assert re.search(rf'<p lang="ja">[^<]*<a href="{root}ja/">日本語のトップページへ</a>', article)


def test_the_japanese_error_page_is_japanese_with_search_and_a_way_to_the_japanese_home(built_site: Path):
    html = (built_site / "ja" / "404.html").read_text(encoding="utf-8")
    article, root = _article(html), _site_path()
    assert '<html lang="ja"' in html and "<h1>ページが見つかりません</h1>" in article
    assert re.search(rf'<form [^>]*action="{root}ja/" method="get" role="search"', article)
    assert f'href="{root}ja/">日本語のトップページへ</a>' in article
    assert f'<p>英語のトップページ：<a href="{root}" hreflang="en" lang="en">English</a></p>' in article


# ---- in the browser --------------------------------------------------------------------------------------


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under its path, and the root's 404.html for any missing address, as GitHub Pages does."""

    site_path = "/"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        inside = path.startswith(self.site_path)
        return super().translate_path("/" + path[len(self.site_path) :] if inside else "/missing/")

    def send_head(self):
        target = Path(self.translate_path(self.path.split("?")[0]))
        if target.is_file() or (target / "index.html").is_file():
            return super().send_head()
        page = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)
        return None


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(
        type("_Handler", (_PagesHandler,), {"site_path": _site_path()}), directory=str(built_site)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{_site_path()}"
    server.shutdown()


def _search(page, query: str) -> list[tuple[str, str]]:
    """Type a query into the header's search box; each result's page title and address.

    Material shows each page that matches, or has a section that matches, under its title (an `h1`).
    """
    search = page.locator("input.md-search__input")
    search.fill(query)
    search.press("End")  # Material reads the query on keyup, as when an IME commits Japanese text
    results = page.locator(".md-search-result__item a.md-search-result__link:has(h1)")
    results.first.wait_for(timeout=15_000)
    return results.evaluate_all(
        "links => links.map(link => [link.querySelector('h1').textContent, link.href])"
    )


@pytest.mark.browser
@pytest.mark.parametrize(("query", "location"), JAPANESE_QUERIES.items())
def test_a_japanese_compound_word_finds_its_page_labelled_japanese(browser, site_url, query, location):
    page = browser.new_page()
    page.goto(site_url + "ja/patients/", wait_until="networkidle")
    results = _search(page, query)
    page.close()
    assert any(address.startswith(site_url + location) for _, address in results), results
    assert all(title.startswith("【日本語】") for title, address in results if "/ja/" in address), results


@pytest.mark.browser
def test_an_english_query_still_finds_english_pages_and_results_show_their_language(browser, site_url):
    def search_from_an_english_page(query: str) -> list[tuple[str, str]]:
        page = browser.new_page()  # a page of its own, so no result of another query is read
        page.goto(site_url + "glossary/", wait_until="networkidle")
        results = _search(page, query)
        page.close()
        return results

    immunoglobulin, ivig = search_from_an_english_page("immunoglobulin"), search_from_an_english_page("IVIG")
    assert any(address.startswith(site_url + "studies/ivig-2003/") for _, address in immunoglobulin)
    assert {"/ja/" in address for _, address in ivig} == {True, False}, ivig  # both languages answer
    for title, address in ivig:
        assert title.startswith("【日本語】") == ("/ja/" in address), (title, address)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("missing", "query", "found"),
    [
        ("no/such/page/", "immunoglobulin", "studies/ivig-2003/"),
        ("ja/404.html", "免疫グロブリン", "ja/patients/ivig/"),
    ],
)
def test_an_error_page_leads_home_and_its_search_form_finds_pages(browser, site_url, missing, query, found):
    page = browser.new_page()
    response = page.goto(site_url + missing, wait_until="networkidle")
    japanese = missing.startswith("ja/")
    assert response is not None and (response.status == 404) != japanese  # ja/404.html itself exists
    home = page.get_by_role(
        "link", name="日本語のトップページへ" if japanese else "Go to the home page", exact=True
    )
    assert home.first.is_visible()
    if not japanese:  # the root's page, which every missing address gets, says where the Japanese pages are
        assert page.locator("p[lang=ja] a").get_attribute("href").endswith("/ja/")
    form = page.locator("form.ev-not-found__search")
    form.locator("input[name=q]").fill(query)
    form.locator("input[name=q]").press("Enter")
    page.wait_for_url(re.compile(r"\?q="))
    assert page.url.startswith(site_url + ("ja/" if japanese else ""))
    results = page.locator(".md-search-result__item > a.md-search-result__link")
    results.first.wait_for(timeout=15_000)
    addresses = results.evaluate_all("links => links.map(link => link.href)")
    page.close()
    assert any(address.startswith(site_url + found) for address in addresses), addresses


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("home", ["", "ja/"])
def test_both_starting_points_are_on_a_phones_first_screen(browser, site_url, home, scheme):
    page = browser.new_page(viewport=PHONE, color_scheme=scheme)
    page.goto(site_url + home, wait_until="networkidle")
    links = page.locator(".ev-start a.md-button")
    boxes = [links.nth(index).bounding_box() for index in range(links.count())]
    targets = links.evaluate_all("links => links.map(link => link.getAttribute('href'))")
    page.close()
    assert len(boxes) == 2, targets
    for box in boxes:
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], boxes
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], boxes
    assert targets[0].rstrip("/").endswith("patients") and "compare" in targets[1], targets


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", "ja/", "no/such/page/", "ja/404.html"])
def test_axe_finds_no_violations_on_the_phone(browser, site_url, path, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport=PHONE, color_scheme=scheme)
    page.goto(site_url + path)
    violations = Axe().run(page).response["violations"]
    page.close()
    assert [(item["id"], [node["target"] for node in item["nodes"]]) for item in violations] == []
