"""What the search plugin reads of a page: charts, notes and note markers left out, each table as its text
with its cells apart; and the page published exactly as it was converted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from myositis_evidence.pages.stash import Stash
from myositis_evidence.site.search_view import for_search, published

WIDE_SVG = '<div class="ev-chart__image ev-chart__image--wide"><svg><text>Axis label</text></svg></div>'
NARROW_SVG = '<div class="ev-chart__image ev-chart__image--narrow"><svg><text>Narrow label</text></svg></div>'
CHART_DATA = (
    '<details class="ev-chart__data" data-search-exclude><summary>Data</summary>'
    "<table><tr><td>chart cell</td></tr></table></details>"
)
NOTES = '<ol class="ev-notes" data-search-exclude><li id="note-a">Quoted from the abstract</li></ol>'
MARKER = '<sup class="ev-ref"><a href="#note-a" aria-label="Note 9: reported">9</a></sup>'
TABLE = (
    '<div class="ev-table" id="t"><table><caption>Key results. One row per outcome.</caption>'
    "<thead><tr><th>Outcome</th><th>Effect</th></tr></thead><tbody>"
    f'<tr><td>VO2peak</td><td><span class="ev-num">16%</span>{MARKER}</td></tr>'
    "<tr><td>Fitness &amp; strength</td><td>first line<br>second line</td></tr></tbody></table></div>"
)
PAGE = f'<h2 id="x">Results</h2><p>VO2peak rose <span class="ev-num">16%</span>{MARKER}.</p>'
PAGE += f"<figure>{WIDE_SVG}{NARROW_SVG}{CHART_DATA}</figure>{TABLE}{NOTES}"


def test_the_search_reads_neither_charts_nor_notes_nor_note_markers():
    content = for_search(PAGE, Stash("docs/page.md", hidden=True))
    for left_out in ("<svg", "Axis label", "Narrow label", "chart cell", "Quoted from", "ev-ref", ">9<"):
        assert left_out not in content, left_out
    assert "VO2peak rose <span" in content  # the prose and its numbers stay


def test_a_table_is_read_as_its_caption_and_cells_apart():
    content = for_search(PAGE, Stash("docs/page.md", hidden=True))
    assert "<table" not in content
    assert (
        "<div data-ev-search-text>Key results. One row per outcome. · Outcome · Effect · VO2peak · 16% · "
        "Fitness &amp; strength · first line second line</div>"
    ) in content


def test_the_page_is_published_exactly_as_it_was_converted():
    stash = Stash("docs/page.md", hidden=True)
    assert published(for_search(PAGE, stash), stash) == PAGE


def test_every_built_page_comes_back_whole(built_site: Path):
    """Every page of the real site, through the search step and back, byte for byte."""
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "data-ev-search-text" not in html, page
        stash = Stash(str(page), hidden=True)
        assert published(for_search(html, stash), stash) == html, page


@pytest.fixture(scope="module")
def search_documents(built_site: Path) -> list[dict[str, str]]:
    return json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]


def test_the_index_holds_no_note_markers_and_no_chart_drawings(search_documents):
    for document in search_documents:
        if document["location"].startswith("notebooks/"):
            continue  # the notebook's own outputs, as mkdocs-jupyter renders them
        assert "<sup>" not in document["text"] and "role-axis" not in document["text"], document["location"]


def test_the_index_holds_each_tables_cells_as_separate_words(search_documents):
    at_a_glance = next(doc for doc in search_documents if doc["location"] == "#the-two-studies-at-a-glance")
    assert "Characteristic · HIIT trial (Andreasson 2025) · IVIG study (Hara 2003)" in at_a_glance["text"]
    assert "CharacteristicHIIT" not in at_a_glance["text"]
