"""Markup in the data reaches the page only escaped, wherever the data string is shown.

A copy of the data carries `<script>` and `<img onerror>` in a quote (and its source text), the study's title
and short title, a measure's label and a row's note. A page that shows every result of the study (values,
intervals, tables, charts), its citation and the quote must hold the markup only as escaped text.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path

import pytest

from conftest import analyse, copy_data, copy_site_sources, mkdocs_build
from myositis_evidence.dataset.dataset import Dataset
from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.dataset.references import StudyReference, doi_url
from myositis_evidence.pages.citations import render_citation, render_quote
from myositis_evidence.pages.result_html import (
    ChartAssets,
    PageNotes,
    render_chart,
    render_notes,
    render_number,
)
from myositis_evidence.pages.shortcodes import PageContext, expand
from myositis_evidence.results.model import Chart, Derived, Interval, Registry, Table, Value
from myositis_evidence.site.build_info import BuildInfo
from myositis_evidence.site.csp import SiteScripts, read_markup, unsafe_markup
from myositis_evidence.site.downloads import numbers_csv, table_csv
from myositis_evidence.site.page_citation import cite_page

STUDY = "ivig-2003"
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Registry, Dataset]:
    data = copy_data(tmp_path_factory.mktemp("hostile") / "data")
    old = "The mean serum CK level"
    new = f"The mean serum {SCRIPT} {IMAGE} CK level"
    _replace(data / "source-texts" / "ivig-2003-abstract.txt", old, new)
    _replace(data / STUDY / "quotes.yml", old, new)
    study = data / STUDY / "study.yml"
    _replace(study, "title: >-\n  Prospective study", f"title: >-\n  {SCRIPT} {IMAGE} Prospective study")
    _replace(study, "short_title: IVIG study", f"short_title: '{IMAGE} IVIG study")
    _replace(study, "(Hara 2003)\n", "(Hara 2003)'\n")
    _replace(study, "label: Serum creatine kinase (CK)", f"label: '{SCRIPT} Serum creatine kinase (CK)'")
    _replace(data / STUDY / "numbers.csv", ",ck,Reported as a significant decrease", f",ck,{IMAGE} Reported")
    return analyse(data)


def _page(registry: Registry) -> str:
    """Every result of the study, each with the shortcode of its kind, plus the citation and the quote."""
    kinds = {Value: "value", Interval: "value", Table: "table", Chart: "chart"}
    lines = [f"<!-- md:cite {STUDY} -->", f"<!-- md:quote {STUDY}.ck -->"]
    for result in registry:
        if result.id.startswith(f"{STUDY}."):
            lines.append(f"<!-- md:{kinds[type(result)]} {result.id} -->")
    return "\n\n".join(lines) + "\n"


def test_the_markup_reached_the_data(hostile: tuple[Registry, Dataset]) -> None:
    registry, dataset = hostile
    assert dataset.studies[STUDY].study.title.startswith(SCRIPT)
    assert IMAGE in registry.value(f"{STUDY}.ck.all.week-12-mean").provenance.note
    assert SCRIPT in registry.value(f"{STUDY}.ck.all.week-12-mean").label


def test_every_rendering_escapes_markup_from_the_data(hostile: tuple[Registry, Dataset]) -> None:
    registry, dataset = hostile
    context = PageContext("docs/hostile.md", registry, dataset, lambda chart: "<svg></svg>")
    output = expand(_page(registry), context)
    assert "<!--" not in output
    for markup in ("<script", "<img"):
        assert markup not in output.lower(), output[max(0, output.lower().find(markup) - 300) :][:600]
    for text in ESCAPED:
        assert text in output
    # The title (citation), the quote (blockquote, note, tooltip), the label and the note are all shown.
    assert output.count(ESCAPED[0]) >= 4
    assert output.count(ESCAPED[1]) >= 3


# ---- values that end their attribute -----------------------------------------------------------------------

BREAKOUT = '"onmouseover="alert(1)'
HOSTILE_DOI = f"10.1000/x{BREAKOUT}"
NOTHING_RUNS = SiteScripts(frozenset(), ())  # no inline script is the site's own in a fragment


def _runs_nothing(fragment: str) -> bool:
    """No handler, `javascript:` URL or executable script, and every JSON block inert and valid."""
    return unsafe_markup(read_markup(fragment), NOTHING_RUNS) == []


@pytest.fixture
def hostile_doi(dataset: Dataset) -> dict[str, StudyData]:
    """The study with a DOI holding a quote (the schema refuses one; the renderers must not rely on that)."""
    data = dataset.studies[STUDY]
    citation = data.study.citation.model_copy(update={"doi": HOSTILE_DOI})
    sources = [source.model_copy(update={"doi": HOSTILE_DOI}) for source in data.study.sources]
    study = data.study.model_copy(update={"citation": citation, "sources": sources})
    return {STUDY: dataclasses.replace(data, study=study)}


def test_a_doi_holding_a_quote_stays_inside_its_link(hostile_doi: dict[str, StudyData]) -> None:
    link = 'href="https://doi.org/10.1000/x%22onmouseover=%22alert(1)"'
    assert doi_url(HOSTILE_DOI) == "https://doi.org/10.1000/x%22onmouseover=%22alert(1)"
    for html in (render_citation(STUDY, hostile_doi), render_quote(f"{STUDY}.ck", hostile_doi)):
        assert _runs_nothing(html) and link in html, html
    assert "&quot;onmouseover=&quot;alert(1)" in render_citation(STUDY, hostile_doi)  # the DOI as text


def test_the_cite_box_and_head_metadata_hold_hostile_values_as_text(
    hostile_doi: dict[str, StudyData],
) -> None:
    build = BuildInfo(None, "2026-01-01", "0123456789ab", "ba9876543210")
    description = f"{BREAKOUT} </script><script>alert(1)</script> <!-- x"
    cited = cite_page(
        f"Site {BREAKOUT}",
        "https://example.org/",
        "compare/",
        f"<b>{BREAKOUT}</b>",
        description,
        {study_id: StudyReference.of(data.study) for study_id, data in hostile_doi.items()},
        build,
    )
    assert _runs_nothing(cited.head) and _runs_nothing(cited.box)
    assert 'href="https://doi.org/10.1000/x%22onmouseover=%22alert(1)"' in cited.box
    assert "<script>" not in cited.head and "<!--" not in cited.head


def _hostile_number(result_id: str) -> Value:
    return Value(result_id, BREAKOUT, 1.0, "percent", 0, Derived(BREAKOUT, ()), suffix="%")


def test_result_ids_in_anchors_and_note_ids_cannot_end_their_attribute() -> None:
    """Result ids are slugs by the schema; the HTML escapes them all the same."""
    number = _hostile_number(f"x{BREAKOUT}")
    registry = Registry({"percent": "%"}, {number.id: number})
    notes = PageNotes()
    html = render_number(number, notes, note_label=BREAKOUT) + render_notes(notes, registry)
    table = Table(f"t{BREAKOUT}", "Title", "Caption", ("Column",), (("cell",),))
    chart = Chart(f"c{BREAKOUT}", "Title", "Description", {}, table)
    assets = ChartAssets(
        "<svg></svg>", f"x{BREAKOUT}.csv", f"x{BREAKOUT}.json", f"y{BREAKOUT}.json", BREAKOUT
    )
    html += render_chart(chart, assets, registry, notes)
    assert _runs_nothing(html), html
    assert not re.search(r"<[^>]*\sonmouseover=", html)


# ---- the theme overrides -----------------------------------------------------------------------------------


def test_a_description_in_front_matter_stays_inside_the_meta_tag(tmp_path: Path) -> None:
    """autoescape is off in Material's templates: overrides/main.html escapes what comes from page.meta."""
    project = copy_site_sources(tmp_path / "project")
    page = project / "docs" / "glossary.md"
    text = page.read_text(encoding="utf-8")
    old = re.search(r"^description: .*$", text, re.M)
    assert old is not None
    page.write_text(text.replace(old.group(0), f"description: '{BREAKOUT} & <b>'"), encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site, PYTHONPATH=str(project / "src"))
    assert result.returncode == 0, result.stderr
    html = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="&#34;onmouseover=&#34;alert(1) &amp; &lt;b&gt;">' in html
    assert read_markup(html).unsafe_attributes == []


# ---- citations from a page's heading -----------------------------------------------------------------------

BUILD = BuildInfo(None, "2026-01-01", "0123456789ab", "ba9876543210")
# As Python-Markdown's table of contents gives a heading: HTML-escaped once.
INJECTING_HEADING = "Methods &amp; design}, url = {https://evil.example/}, x = {"


def _cited(title: str) -> dict[str, str]:
    cited = cite_page("Site", "https://example.org/", "compare/", title, "", {}, BUILD)
    return {"head": cited.head, "box": cited.box, **cited.files}


def _bibtex_fields(entry: str) -> list[str]:
    """The field names of one BibTeX entry, read as BibTeX reads it: by brace depth, backslashes not counted."""
    body = entry[entry.index(",") + 1 : entry.rindex("}")]
    names, depth, start = [], 0, 0
    for offset, character in enumerate(body + ","):
        depth += {"{": 1, "}": -1}.get(character, 0)
        assert depth >= 0, f"a brace closes the value early: {body[: offset + 1]!r}"
        if character == "," and depth == 0:
            names.append(body[start:offset].split("=")[0].strip())
            start = offset + 1
    return names


def test_a_heading_cannot_add_fields_to_the_bibtex_entry() -> None:
    bib = _cited(INJECTING_HEADING)["cite/compare.bib"]
    assert _bibtex_fields(bib) == [
        "author",
        "title",
        "organization",
        "booktitle",
        "year",
        "date",
        "version",
        "url",
        "urldate",
        "language",
        "note",
    ], bib
    assert "url = {https://example.org/compare/}" in bib
    assert r"Methods \& design\textbraceright{}, url = \textbraceleft{}https:" in bib
    assert "author = {{Myositis Treatment Evidence maintainers}}" in bib  # one corporate name, not a person


def test_backslashes_and_line_breaks_stay_inside_their_field() -> None:
    files = _cited("A \\ b\r\nER  - \r\nTY  - JOUR\x00\x1b")
    ris_lines = files["cite/compare.ris"].splitlines()
    assert [line[:6] for line in ris_lines].count("ER  - ") == 1 and ris_lines[-1] == "ER  - "
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in ris_lines), ris_lines
    assert "TI  - A \\ b ER - TY - JOUR" in ris_lines
    bib = files["cite/compare.bib"]
    assert (
        r"title = {A \textbackslash{} b ER - TY - JOUR}," in bib and "\x00" not in bib and "\x1b" not in bib
    )
    assert len(_bibtex_fields(bib)) == 11


def test_an_ampersand_in_a_heading_is_escaped_once_in_every_format() -> None:
    files = _cited("Methods &amp; design")
    assert '<meta name="citation_title" content="Methods &amp; design">' in files["head"]
    assert "Methods \\u0026 design" in files["head"] and "u0026amp;" not in files["head"]
    assert "TI  - Methods & design\n" in files["cite/compare.ris"]
    assert json.loads(files["cite/compare.csl.json"])[0]["title"] == "Methods & design"
    assert "Methods &amp; design (Development build)" in files["box"]
    assert all("&amp;amp;" not in text for text in files.values())


def test_a_heading_with_an_ampersand_is_cited_as_written_in_a_build(tmp_path: Path) -> None:
    """The hook passes the heading from the table of contents, escaped by Python-Markdown."""
    project = copy_site_sources(tmp_path / "project")
    page = project / "docs" / "glossary.md"
    text = page.read_text(encoding="utf-8")
    heading = re.search(r"^# .*$", text, re.M)
    assert heading is not None
    page.write_text(text.replace(heading.group(0), "# Terms & abbreviations", 1), encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site, PYTHONPATH=str(project / "src"))
    assert result.returncode == 0, result.stderr
    html = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="citation_title" content="Terms &amp; abbreviations">' in html
    assert "TI  - Terms & abbreviations\n" in (site / "cite" / "glossary.ris").read_text(encoding="utf-8")
    assert "title = {Terms \\& abbreviations}" in (site / "cite" / "glossary.bib").read_text(encoding="utf-8")


# ---- formulas in downloads -------------------------------------------------------------------------------

FORMULAS = (
    '=HYPERLINK("https://evil.example/","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
)


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_a_text_cell_that_starts_a_formula_is_written_as_text_and_a_number_stays_a_number() -> None:
    numbers = ("-0.26", "+3", "-1e-5", "0", "-.5", "12")
    rows = tuple(zip(FORMULAS, numbers, strict=True))
    table = Table("t", "Title", "Caption", ("Text", "Number"), rows)
    written = _cells(table_csv(table, Registry({}, {})))
    # A carriage return is written as a line break inside the quoted cell, so the row stays one row.
    assert written[1:] == [["'" + formula.replace("\r", "\n"), number] for formula, number in rows]


def test_a_note_holding_a_formula_is_inert_in_the_studys_numbers_csv(dataset: Dataset) -> None:
    data = dataset.studies[STUDY]
    hostile = data.numbers[0].model_copy(update={"note": FORMULAS[0]})
    written = _cells(numbers_csv(dataclasses.replace(data, numbers=(hostile, *data.numbers[1:]))))
    header, first = written[0], written[1]
    assert first[header.index("note")] == "'" + FORMULAS[0]
    assert first[header.index("value")] == f"{hostile.value:g}"
    assert all(not cell.startswith(("=", "@")) for row in written for cell in row)
