"""The real site builds strictly, every page is there, and no page ships a raw shortcode or a typed number."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from importlib.metadata import version
from pathlib import Path

import pytest

from conftest import (
    DOCS_DIR,
    PROJECT_ROOT,
    copy_site_sources,
    mkdocs_build,
    page_address,
    site_pages,
    translated_pages,
)
from myositis_evidence.charts.vega_bundle import VENDORED, vega_bundle
from myositis_evidence.errors import EvidenceError
from myositis_evidence.pages.usage import used_result_ids


def _html_path(site: Path, page: str) -> Path:
    return site / page_address(page) / "index.html"


def test_every_markdown_page_is_in_the_nav_or_kept_for_maintainers():
    on_disk = {str(path.relative_to(DOCS_DIR)) for path in DOCS_DIR.rglob("*.md")}
    markdown_in_nav = {page for page in site_pages() if page.endswith(".md")}
    assert {page for page in on_disk if not page.endswith(".ja.md")} == markdown_in_nav
    japanese = {page.replace(".ja.md", ".md") for page in on_disk if page.endswith(".ja.md")}
    assert japanese == set(translated_pages("ja"))


def test_every_nav_page_is_built(built_site):
    for page in site_pages():
        assert _html_path(built_site, page).is_file(), page


def test_no_shortcode_survives_into_html(built_site):
    for html_file in built_site.rglob("*.html"):
        assert "<!-- md:" not in html_file.read_text(encoding="utf-8"), html_file


def test_every_page_says_not_medical_advice_and_when_reviewed(built_site):
    for page in site_pages():
        text = _html_path(built_site, page).read_text(encoding="utf-8")
        assert "Not medical advice" in text, page
        assert re.search(r'Last reviewed: <time datetime="\d{4}-\d{2}-\d{2}">', text), page


class _ExternalResources(HTMLParser):
    """Collects every resource a page would load from another host (scripts, styles, images, fonts)."""

    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        loaded = {"script": "src", "img": "src", "iframe": "src", "source": "src"}.get(tag)
        if tag == "link" and attributes.get("rel") in ("stylesheet", "preload", "preconnect", "icon"):
            loaded = "href"
        url = attributes.get(loaded or "", "") or ""
        if re.match(r"(https?:)?//", url):
            self.external.append(url)


def test_no_page_loads_anything_from_another_host(built_site):
    for html_file in built_site.rglob("*.html"):
        parser = _ExternalResources()
        parser.feed(html_file.read_text(encoding="utf-8"))
        assert parser.external == [], html_file
    for css in built_site.rglob("*.css"):
        assert "fonts.googleapis" not in css.read_text(encoding="utf-8"), css


def test_a_data_error_stops_the_build_with_one_line_naming_the_file_line_and_field(tmp_path):
    """Through MkDocs itself, not only `myositis-evidence check`: a value that contradicts its quote."""
    project = copy_site_sources(tmp_path / "project")
    numbers = project / "data" / "ivig-2003" / "numbers.csv"
    rows = numbers.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(number for number, row in enumerate(rows, start=1) if row.startswith("analysed.all.count,"))
    rows[line - 1] = rows[line - 1].replace(",count,8,", ",count,13,", 1)
    numbers.write_text("".join(rows), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [text for text in result.stderr.splitlines() if "data error:" in text]
    assert errors == [
        f"ERROR   -  data error: data/ivig-2003/numbers.csv, line {line}, field 'value': value 13 differs from "
        "the quote's '8'. "
        "Fix: set value to 8"
    ], result.stderr
    assert not (tmp_path / "site" / "studies").exists()


def test_every_page_holds_the_theme_script_until_the_first_interaction(built_site):
    """Material's script tag is inert (an unknown type is neither fetched nor run) and the loader that starts
    it is on the page; no page loads it the ordinary way."""
    theme = r'<script[^>]*src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"[^>]*>'
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 20
    for html_file in pages:
        html = html_file.read_text(encoding="utf-8")
        tags = re.findall(theme, html)
        assert len(tags) == 1 and 'type="text/x-ev-on-interaction"' in tags[0], (html_file, tags)
        assert "script[type='text/x-ev-on-interaction']" in html, html_file


def test_charts_are_labelled_svgs_with_a_data_table(built_site):
    findings = (built_site / "studies/ivig-2003/findings/index.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="ev-chart" id="([^"]+)">(.*?)</figure>', findings, flags=re.S)
    assert {chart_id for chart_id, _ in figures} == {
        "ivig-2003.before-after-chart",
        "ivig-2003.percent-change-chart",
        "ivig-2003.proportions-chart",
        "ivig-2003.flow-chart",
    }
    for chart_id, body in figures:
        assert f'role="img" aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc"' in body
        assert f'<title id="{chart_id}-title">' in body and f'<desc id="{chart_id}-desc">' in body
        assert "<figcaption>" in body and "<table>" in body and '<th scope="col">' in body


def _plain_language_addresses() -> set[str]:
    """The built addresses of the pages whose front matter says `plain_language: true` ("ja/…" for Japanese)."""
    addresses = set()
    for page in DOCS_DIR.rglob("*.md"):
        front_matter = re.match(r"---\n(.*?)\n---\n", page.read_text(encoding="utf-8"), re.S)
        if front_matter and re.search(r"^plain_language: true$", front_matter.group(1), re.M):
            relative = page.relative_to(DOCS_DIR).as_posix()
            prefix = "ja/" if relative.endswith(".ja.md") else ""
            addresses.add(prefix + page_address(relative.replace(".ja.md", ".md")))
    return addresses


def _numbers_without_a_note_in_their_section(text: str) -> list[str]:
    """On a plain-language page: each section's numbers whose note is in none of that section's boxes."""
    missing = []
    for section in re.split(r"(?=<h2\b)", text):
        shown = re.findall(r'<span class="ev-num[^"]*"[^>]*\bdata-result="([^"]+)"', section)
        boxes = "".join(re.findall(r'<details class="ev-sources">(.*?)</details>', section, re.S))
        noted = set(re.findall(r'<li(?: id="note-[^"]*")? data-result="([^"]+)"', boxes))
        missing += [result_id for result_id in shown if result_id not in noted]
    return missing


def test_every_number_has_its_note_on_its_page(built_site):
    """On a clinician's page every number links to its note in the page's list; on a plain-language page no
    number carries a link, and each number's note is in a "Where this comes from" box of its own section."""
    plain = _plain_language_addresses()
    assert {"patients/hiit/", "ja/patients/hiit/"} <= plain
    plain_numbers = 0
    for html_file in built_site.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        folder = html_file.parent.relative_to(built_site).as_posix()
        if ("" if folder == "." else f"{folder}/") in plain:
            assert 'href="#note-' not in text and '<sup class="ev-ref">' not in text, html_file
            assert text.count('class="ev-num') == len(
                re.findall(r'class="ev-num[^"]*"[^>]*data-result=', text)
            )
            assert _numbers_without_a_note_in_their_section(text) == [], html_file
            plain_numbers += text.count('class="ev-num')
            continue
        targets = set(re.findall(r'<a href="#(note-[^"]+)"', text))
        anchors = set(re.findall(r'<li id="(note-[^"]+)"', text))
        assert targets == anchors, html_file
    assert plain_numbers, "no numbers on the plain-language pages: the rule for them was never tested"


def test_the_section_check_finds_a_number_whose_note_is_in_another_section():
    """The check above, on a page where a number's note sits in the next section's box."""
    number = '<span class="ev-num ev-num--reported" title="t" data-result="s.a">1</span>'
    box = '<details class="ev-sources"><summary>S</summary><ul><li data-result="s.a">n</li></ul></details>'
    assert _numbers_without_a_note_in_their_section(f'<h2 id="x">X</h2><p>{number}</p>{box}') == []
    assert _numbers_without_a_note_in_their_section(
        f'<h2 id="x">X</h2><p>{number}</p><h2 id="y">Y</h2>{box}'
    ) == ["s.a"]


def test_tables_carry_no_class_that_opts_out_of_theme_styles(built_site):
    for html_file in built_site.rglob("*.html"):
        assert 'class="dataframe"' not in html_file.read_text(encoding="utf-8"), html_file


def test_every_registered_result_is_used_on_some_page(registry):
    used = used_result_ids(sorted(DOCS_DIR.rglob("*.md")), registry)
    unused = [
        result.id for result in registry if result.id not in used and not result.id.endswith(".catalogue")
    ]
    assert unused == []


def test_prose_holds_no_typed_numbers():
    """Digits in page prose must come from shortcodes; names such as VO2peak or NCT ids are allowed."""
    allowed = re.compile(
        r"VO2peak|MMT8|RoB 2|GRADE guidelines? \d+|GRADE のガイドライン\d+|NCT\d+|CC BY 4\.0|Attribution 4\.0|表示 4\.0|"
        r"SHA-256|SHA256SUMS|\b(19|20)\d{2}\b|95%|IgG|"
        # A year in Japanese prose is followed by 年 ("2025年"), which Python counts as a word character.
        r"(?<!\d)(19|20)\d{2}(?=年)|<!--.*?-->|`[^`]*`|\]\([^)]*\)|\{#[^}]*\}|<https?://[^>]*>"
        r"|^reviewed: .*$|^--8<-- .*$|^\s*\d+\. "
        # A review date shown in the text, as its front matter gives it (tests/test_patient_pages.py).
        r'|<time datetime="\d{4}-\d{2}-\d{2}">[^<]*</time>'
    )
    for page in DOCS_DIR.rglob("*.md"):
        text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.S | re.M)
        text = re.sub(r"^description: .*$", "", text, flags=re.M)
        stripped = allowed.sub("", "\n".join(allowed.sub("", line) for line in text.splitlines()))
        digits = re.findall(r".{0,30}\d.{0,10}", stripped)
        assert digits == [], f"{page.relative_to(PROJECT_ROOT)}: {digits}"


def _local_links(html_file: Path) -> list[str]:
    text = html_file.read_text(encoding="utf-8")
    links = re.findall(r'(?:href|data-spec|data-spec-dark|data-bundle)="([^"#:]+)"', text)
    return [link for link in links if not link.startswith(("http", "mailto"))]


def test_every_download_and_chart_file_a_page_links_to_exists(built_site):
    checked = expected = 0
    for html_file in built_site.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        # One CSV per table; per chart: data CSV, spec, and (on the button) light spec, dark spec, bundle;
        # per dataset list: numbers, results, dictionary, data package; and each FAIR Signposting `item` link
        # (a study page's datasets) in the head.
        expected += (
            text.count('<div class="ev-table" id=')
            + 5 * text.count('<figure class="ev-chart"')
            + 4 * text.count('<ul class="ev-downloads">')
            + text.count('<link rel="item" href=')
        )
        for link in _local_links(html_file):
            if "downloads/" in link or "vendor/" in link:
                target = (html_file.parent / link).resolve()
                assert target.is_file(), f"{html_file.relative_to(built_site)} links to missing {link}"
                checked += 1
    assert checked == expected > 0


def test_downloads_hold_the_data(built_site):
    package = json.loads((built_site / "downloads/datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in package["resources"]:
        assert (built_site / "downloads" / resource["path"]).is_file(), resource["path"]
    with (built_site / "downloads/ivig-2003/numbers.csv").open(encoding="utf-8") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert rows["ck.all.baseline-mean"]["value"] == "1287.4"
    assert "1287.4" in rows["ck.all.baseline-mean"]["quote_text"]
    results = json.loads((built_site / "downloads/ivig-2003/results.json").read_text(encoding="utf-8"))
    derived = next(item for item in results if item["id"] == "ivig-2003.ck.percent-change")
    assert derived["kind"] == "derived" and derived["method"]["inputs"] == [
        "ivig-2003.ck.all.baseline-mean",
        "ivig-2003.ck.all.week-12-mean",
    ]
    spec = json.loads(
        (built_site / "downloads/charts/ivig-2003.flow-chart.vl.json").read_text(encoding="utf-8")
    )
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


def test_vega_bundle_is_served_by_the_site(built_site):
    bundle = (built_site / "assets/vendor/vega-bundle.js").read_text(encoding="utf-8")
    assert "vegaEmbed" in bundle and len(bundle) > 100_000
    assert bundle == VENDORED.read_text(encoding="utf-8")


def test_vendored_vega_bundle_is_what_the_pinned_vl_convert_makes():
    import vl_convert

    assert VENDORED.with_suffix(".version").read_text(encoding="utf-8").strip() == version(
        "vl-convert-python"
    )
    assert VENDORED.read_text(encoding="utf-8") == vl_convert.javascript_bundle()


def test_a_vega_bundle_from_another_vl_convert_stops_the_build_naming_the_file(tmp_path):
    vendored = tmp_path / "vega-bundle.js"
    vendored.write_text("// bundle", encoding="utf-8")
    vendored.with_suffix(".version").write_text("0.1.0\n", encoding="utf-8")
    with pytest.raises(EvidenceError) as raised:
        vega_bundle(vendored)
    message = str(raised.value)
    assert str(vendored) in message and "made with vl-convert-python 0.1.0" in message
    assert f"but {version('vl-convert-python')} is installed" in message and "make vega-bundle" in message


def test_every_page_carries_a_content_security_policy_for_its_own_origin(built_site):
    for html_file in built_site.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        if "<head>" not in text:
            continue  # mike-style redirect stubs have no head
        policy = re.search(
            r'<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="([^"]+)">', text
        )
        assert policy, f"{html_file}: no Content-Security-Policy right after the charset"
        directives = dict(part.strip().split(" ", 1) for part in policy.group(1).split(";"))
        assert directives["default-src"] == "'self'"
        assert "'unsafe-inline'" not in policy.group(1)
        assert not re.search(r"https?:", policy.group(1))
        assert ("'unsafe-eval'" in directives["script-src"]) == ('class="ev-chart"' in text), html_file
        assert not re.search(r"<[^>]+\son[a-z]+=", text), f"{html_file}: inline event handler"


HREFLANG = re.compile(r'<link rel="alternate" href="([^"]+)" hreflang="([^"]+)">')
PUBLISHED = "https://example.net/myositis-evidence/"


def _hreflang_links(site: Path) -> dict[str, list[tuple[str, str]]]:
    links = {}
    for html_file in sorted(site.rglob("index.html")):
        address = html_file.parent.relative_to(site).as_posix()
        links["" if address == "." else address + "/"] = HREFLANG.findall(html_file.read_text("utf-8"))
    return links


def test_hreflang_links_are_absolute_and_reciprocal_when_published(tmp_path, built_site):
    """Each translated page names itself and its translation with absolute addresses; the translation names it
    back. Pages without a translation carry none (search engines read hreflang as "the same page in ..."). A
    local build, whose address is a placeholder, carries none at all."""
    assert not any(_hreflang_links(built_site).values())
    site = tmp_path / "site"
    result = mkdocs_build(PROJECT_ROOT, site, SITE_URL=PUBLISHED)
    assert result.returncode == 0, result.stderr
    links = _hreflang_links(site)
    assert links[""] and links["patients/hiit/"] and links["ja/patients/ivig/"]
    assert links["glossary/"] == [] and links["studies/ivig-2003/findings/"] == []
    for address, alternates in links.items():
        for href, language in alternates:
            assert href.startswith(PUBLISHED) and language in ("en", "ja"), (address, href)
            assert sorted(links[href.removeprefix(PUBLISHED)]) == sorted(alternates), (address, href)
        if alternates:
            assert (PUBLISHED + address) in [href for href, _ in alternates], address


@pytest.mark.parametrize(
    ("page", "language", "target"),
    [
        ("patients/hiit/", "ja", "ja/patients/hiit/"),
        ("ja/patients/hiit/", "en", "patients/hiit/"),
        ("ja/patients/", "en", "patients/"),
        ("glossary/", "ja", "ja/"),  # no Japanese glossary for clinicians: the Japanese home page
        ("", "ja", "ja/"),
    ],
)
def test_the_language_switch_keeps_the_page(built_site, page, language, target):
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    link = re.search(rf'<a href="([^"]*)" hreflang="{language}" class="md-select__link"', html)
    assert link is not None, page
    resolved = (Path("/", page) / link.group(1)).resolve().relative_to("/").as_posix()
    assert resolved.rstrip("/") == target.rstrip("/").removesuffix("/"), (page, link.group(1))


def test_every_page_title_is_unique_and_a_study_page_names_its_study(built_site):
    titles: dict[str, str] = {}
    for html_file in sorted(built_site.rglob("index.html")):
        if "Redirecting" in html_file.read_text(encoding="utf-8")[:2000]:
            continue  # mkdocs-redirects' stubs for moved pages
        title = re.search(r"<title>([^<]*)</title>", html_file.read_text(encoding="utf-8")).group(1)
        assert title not in titles, f"{html_file} and {titles.get(title)} share the title {title!r}"
        titles[title] = str(html_file)
    findings = (built_site / "studies/hiit-2025/findings/index.html").read_text(encoding="utf-8")
    assert "<title>Findings – HIIT trial (2025) - " in findings


@pytest.mark.parametrize("study", ["hiit-2025", "ivig-2003"])
def test_a_findings_page_leads_with_its_results(built_site, study):
    """The first table and chart come before the notes on how to read them."""
    html = (built_site / "studies" / study / "findings" / "index.html").read_text(encoding="utf-8")
    reading = html.index('id="reading"')
    assert html.index(f'id="{study}.findings"') < reading
    assert html.index('class="ev-chart"') < reading
