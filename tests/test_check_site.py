"""`check-site` reads only a built site: the real build passes it, and each kind of fault in a small crafted site
folder is found, as is every page of a site built with the hook left out of mkdocs.yml, a scripted SVG asset and
a published page moved without a redirect."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from mkdocs_redirects.plugin import HTML_TEMPLATE

from conftest import PROJECT_ROOT, copy_site_sources, mkdocs_build
from myositis_evidence.cli import main
from myositis_evidence.project import Project
from myositis_evidence.site.assets import asset_problems, check_asset
from myositis_evidence.site.check_site import Problem, check_site
from myositis_evidence.site.csp import UnsafePageError, script_hash, theme_template_dirs

TEMPLATES = theme_template_dirs(PROJECT_ROOT / "overrides")
OWN_SCRIPT = 'document.documentElement.classList.add("ev-js")'  # overrides/main.html
POLICY = f"default-src 'self'; script-src 'self' 'sha256-{script_hash(OWN_SCRIPT)}'; object-src 'none'"
FOOTER = {
    "en": "<aside><p><strong>Not medical advice.</strong> For information only.</p>"
    '<p>Last reviewed: <time datetime="2026-11-22">2026-11-22</time>.</p></aside>',
    "ja": "<aside><p><strong>医療上の助言ではありません。</strong></p>"
    '<p>最終確認日：<time datetime="2026-11-22">2026年11月22日</time></p></aside>',
}


def _page(body: str = "", *, head: str = "", policy: str | None = POLICY, language: str = "en") -> str:
    """A small page as the site writes them: charset, policy, the overrides' script, content and footer."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">' if policy is not None else ""
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">{meta}<script>{OWN_SCRIPT}</script>'
        f'{head}</head><body><article class="md-content__inner md-typeset">{body}</article>{FOOTER[language]}'
        "</body></html>\n"
    )


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    site = tmp_path / "site"
    for relative, html in pages.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(html, encoding="utf-8")
    return site


def _problems(tmp_path: Path, pages: dict[str, str]) -> list[Problem]:
    return check_site(_site(tmp_path, pages), TEMPLATES)


FINDINGS = "studies/hiit-2025/findings/index.html"


# ---- the real site ---------------------------------------------------------------------------------------


def test_the_built_site_has_no_problems(built_site: Path) -> None:
    assert check_site(built_site, TEMPLATES) == []


def test_the_command_passes_the_built_site_and_prints_one_line_per_problem(
    built_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check-site", str(built_site)]) == 0
    assert capsys.readouterr().out == ""
    site = _site(tmp_path, {FINDINGS: _page("<!-- md:value hiit-2025.x -->", policy=None)})
    promises_nothing = _project(tmp_path, published={})  # the crafted site serves none of the real pages
    assert main(["check-site", str(site), "--project", str(promises_nothing)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(line.startswith(f"{site / FINDINGS}: ") for line in lines), lines


# ---- crafted sites, one fault each -----------------------------------------------------------------------


def test_a_crafted_page_as_the_site_writes_it_has_no_problems(tmp_path: Path) -> None:
    """The baseline for the faults below; code may show shortcodes and placeholders as examples."""
    example = "<pre><code>&lt;!-- md:value hiit-2025.x --&gt; {hiit-2025.vo2.change}</code></pre>"
    assert (
        _problems(tmp_path, {FINDINGS: _page(example), "ja/patients/hiit/index.html": _page(language="ja")})
        == []
    )


FAULTS = {
    # raw and near-miss shortcodes, whatever their spelling or spacing
    "raw shortcode": (_page("<!-- md:value hiit-2025.vo2.change -->"), "raw or misspelt shortcode"),
    "shortcode without a space": (_page("<!--md:value x-->"), "raw or misspelt shortcode"),
    "spaced shortcode": (_page("<!-- M D : value x -->"), "raw or misspelt shortcode"),
    "misspelt kind": (_page("<!-- md:vlaue x -->"), "raw or misspelt shortcode"),
    "shortcode without its colon": (_page("<!-- md value hiit-2025.x -->"), "raw or misspelt shortcode"),
    "kind run into md": (_page("<!-- mdvalue hiit-2025.x -->"), "raw or misspelt shortcode"),
    "upper-case, no colon": (_page("<!--MD table x-->"), "raw or misspelt shortcode"),
    "kind inside a comment": (_page("<!-- see md:table x -->"), "comment holds a shortcode kind"),
    "stash token": (_page("<p>EVSTASH00003X</p>"), "stash token EVSTASH00003X"),
    "comment a browser ends at once": (
        _page('<!--><img src="https://evil.example/t.png"> -->'),
        "a comment written '<!-->', which browsers end elsewhere",
    ),
    "comment a browser ends at --!>": (_page("<!-- a --!><p>b</p> -->"), "a comment written '--!>'"),
    "CDATA section": (_page("<![CDATA[><img src=x>]]>"), "a '<![CDATA[><im' section"),
    "style in an SVG": (_page("<svg><style><img src=x></style></svg>"), "<style>, whose content browsers"),
    "attribute twice": (_page('<a href="javascript:x" href="/">a</a>'), "href given twice on <a>"),
    "doubled equals": (
        _page("<div x==' y><meta http-equiv=refresh content=\"0;url=//evil.example/\">'>t</div>"),
        "a <div> tag whose attributes browsers read otherwise than this check does",
    ),
    "no-break space between attributes": (
        _page("<p x=a\u00a0y='  ><img src=//evil.example/x.png>'>t</p>"),
        "a <p> tag whose attributes browsers read otherwise than this check does",
    ),
    "a tag inside a value": (_page('<p title="a <b> c">x</p>'), "'<b' where this check reads no tag"),
    "comment in the title": (
        _page(head="<title>a<!--</title>--></title>"),
        "a comment inside the page's <title>",
    ),
    "stand-in spelt otherwise": (_page(f"<SVG data-ev-drawing='{'a' * 64}'></SVG>"), "a chart's stand-in"),
    "chart stand-in": (
        _page(f'<figure><svg data-ev-drawing="{"a" * 64}"></svg></figure>'),
        "a chart's stand-in that its drawing never replaced",
    ),
    "placeholder in text": (
        _page("<p>rose by {hiit-2025.vo2.change}</p>"),
        "placeholder {hiit-2025.vo2.change}",
    ),
    "placeholder in a tooltip": (_page('<span title="{ivig-2003.ck.week-12}">x</span>'), "placeholder"),
    # the policy
    "no policy": (_page(policy=None), "no Content-Security-Policy meta tag"),
    "unsafe-inline": (
        _page(policy="default-src 'self'; script-src 'self' 'unsafe-inline'"),
        "'unsafe-inline'",
    ),
    "a host": (_page(policy="script-src 'self' https://cdn.example.com"), "allows https://cdn.example.com"),
    "a scheme": (_page(policy="script-src 'self' https:"), "allows https:"),
    "a wildcard": (_page(policy="default-src *"), "allows *"),
    "an own script left out of the policy": (_page(policy="script-src 'self'"), "policy does not allow"),
    "policy after a script": (
        _page(policy=None, head=f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'),
        "comes before the Content-Security-Policy",
    ),
    # what could run
    "foreign inline script": (_page("<script>alert(1)</script>"), "inline script the site does not write"),
    "event handler": (_page('<a href="https://doi.org/10.1/x"onmouseover="alert(1)">x</a>'), "onmouseover"),
    "javascript: URL": (_page('<a href="javascript:alert(1)">x</a>'), "javascript: URL in href"),
    "JSON cut short": (
        _page(head='<script type="application/ld+json">{"a": "</script>"}'),
        "not valid JSON",
    ),
    # what would load from elsewhere, or is no file of the site
    "image from another host": (_page('<img alt="x" src="https://evil.example/t.png">'), "another host"),
    "refresh to another site": (
        _page('<meta http-equiv="refresh" content="0; url=https://evil.example/">'),
        "a refresh to another site",
    ),
    "same-site script in the content": (
        _page('<script src="../../../assets/charts.js"></script>'),
        "content",
    ),
    "script from another host": (
        _page(head='<script src="https://evil.example/x.js"></script>'),
        "another host",
    ),
    "script that is no file of the site": (
        _page(head='<script src="../../../assets/missing.js"></script>'),
        "not a file of the built site",
    ),
    "script above the site root": (
        _page(head='<script src="../../../../assets/charts.js"></script>'),
        "not a file of the built site",
    ),
    "iframe in the content": (_page('<iframe src="../"></iframe>'), "<iframe> in the page's content"),
    # the footer of a medical page
    "no disclaimer": (_page().replace("Not medical advice", "Advice"), "no 'Not medical advice' notice"),
    "no review date": (_page().replace("<time", "<span"), "no 'Last reviewed:' date"),
}


@pytest.mark.parametrize(("html", "expected"), FAULTS.values(), ids=FAULTS.keys())
def test_each_fault_is_found(tmp_path: Path, html: str, expected: str) -> None:
    problems = _problems(tmp_path, {FINDINGS: html})
    assert any(expected in problem.problem for problem in problems), problems
    assert all(problem.path.endswith(FINDINGS) for problem in problems)


def test_stash_tokens_are_found_in_any_file_of_the_site(tmp_path: Path) -> None:
    site = _site(tmp_path, {FINDINGS: _page(), "downloads/x/numbers.csv": "id,note\nx,EVSTASH00007X\n"})
    problems = check_site(site, TEMPLATES)
    assert [problem.problem for problem in problems] == [
        "a stash token EVSTASH00007X (a result that was never restored)"
    ]
    assert problems[0].path.endswith("numbers.csv")


HOSTILE_ASSETS = {
    "script": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "namespaced script": '<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script>x()</svg:script></svg:svg>',
    "script inside style": "<svg><style><script>alert(1)</script></style></svg>",
    "handler": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    "javascript: link": '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>',
    "animated javascript: link": '<svg><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
    "foreignObject": "<svg><foreignObject><p>x</p></foreignObject></svg>",
    "external image": '<svg><image href="https://evil.example/t.png"/></svg>',
    "external use": '<svg><use xlink:href="//evil.example/s.svg#a"/></svg>',
    "external style": "<svg><style>@import url(https://evil.example/x.css);</style></svg>",
    "entity": '<!DOCTYPE svg [<!ENTITY x "&#60;script>alert(1)&#60;/script>">]><svg>&x;</svg>',
    "XSLT": '<?xml-stylesheet type="text/xsl" href="x.xsl"?><svg></svg>',
    "HTML iframe": '<html><body><iframe src="https://evil.example/"></iframe></body></html>',
}


@pytest.mark.parametrize("text", HOSTILE_ASSETS.values(), ids=HOSTILE_ASSETS.keys())
def test_an_asset_that_could_run_or_load_anything_is_refused(text: str) -> None:
    assert asset_problems(text) != []
    with pytest.raises(UnsafePageError, match=r"^docs/assets/diagram\.svg: line 1: "):
        check_asset("docs/assets/diagram.svg", text)


def test_a_plain_svg_with_links_and_internal_references_is_an_asset_as_it_should_be() -> None:
    svg = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs>'
        '<rect fill="url(#g)" width="10" height="10"/><use xlink:href="#g"/>'
        '<a href="https://doi.org/10.1/x"><text>source</text></a></svg>\n'
    )
    assert asset_problems(svg) == []
    check_asset("docs/assets/diagram.svg", svg)


def test_every_svg_and_xml_file_of_the_site_is_checked_as_an_asset(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        {
            FINDINGS: _page(),
            "assets/diagram.svg": HOSTILE_ASSETS["script"],
            "assets/x.xhtml": HOSTILE_ASSETS["handler"],
            "sitemap.xml": '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>',
        },
    )
    assert sorted(Path(problem.path).name for problem in check_site(site, TEMPLATES)) == [
        "diagram.svg",
        "x.xhtml",
    ]


# ---- the project's published pages -----------------------------------------------------------------------


def _project(tmp_path: Path, redirects: str = "{}", published: dict[str, list[str]] | None = None) -> Path:
    """A project folder with mkdocs.yml, the site's overrides and a list of published pages."""
    project = tmp_path / "project"
    (project / "data" / "site").mkdir(parents=True)
    (project / "overrides").symlink_to(PROJECT_ROOT / "overrides", target_is_directory=True)
    (project / "mkdocs.yml").write_text(
        "site_url: !ENV [SITE_URL, 'https://example.org/']\n"
        f"plugins:\n  - search\n  - redirects:\n      redirect_maps: {redirects}\n",
        encoding="utf-8",
    )
    if published is None:
        published = {"studies/hiit-2025/findings/": [], "compare/": ["how-far"]}
    (project / "data" / "site" / "published-anchors.json").write_text(json.dumps(published), encoding="utf-8")
    return project


def test_a_published_page_the_site_no_longer_serves_is_found_unless_it_redirects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _site(
        tmp_path, {FINDINGS: _page('<h2 id="results">Results</h2>')}
    )  # a page served is one with ids
    project = _project(tmp_path)
    assert [problem.problem for problem in check_site(site, TEMPLATES, Project(project))] == [
        "published page 'compare/' (no redirect) is no longer served (add a redirect in mkdocs.yml or an alias in "
        f"{project / 'data' / 'site' / 'anchor-aliases.yml'})"
    ]
    assert main(["check-site", str(site), "--project", str(project)]) == 1
    assert "page 'compare/'" in capsys.readouterr().out
    moved = _project(tmp_path / "redirected", '{"compare.md": "reference/compare.md"}')
    assert main(["check-site", str(site), "--project", str(moved)]) == 0
    assert check_site(site, TEMPLATES) == []  # without a project, nothing is promised


def test_a_japanese_patient_page_needs_the_japanese_footer(tmp_path: Path) -> None:
    page = _page(language="ja").replace("医療上の助言ではありません", "")
    problems = _problems(tmp_path, {"ja/patients/ivig/index.html": page})
    assert [problem.problem for problem in problems] == ["no '医療上の助言ではありません' notice"]


def test_pages_outside_studies_and_patients_need_no_footer(tmp_path: Path) -> None:
    bare = _page().replace(FOOTER["en"], "")
    assert _problems(tmp_path, {"glossary/index.html": bare, "404.html": bare}) == []
    assert _problems(tmp_path, {"patients/index.html": bare}) != []


def test_a_redirect_stub_of_mkdocs_redirects_is_recognised_and_a_tampered_one_is_not(tmp_path: Path) -> None:
    stub = HTML_TEMPLATE.format(url="../studies/hiit-2025/findings/")
    assert _problems(tmp_path / "a", {"old/index.html": stub}) == []
    for tampered in (
        stub.replace("</body>", '<img src=x onerror="alert(1)"></body>'),
        HTML_TEMPLATE.format(url="javascript:alert(1)"),
    ):
        assert _problems(tmp_path / "b", {"old/index.html": tampered}) != []


def test_a_folder_without_pages_is_a_problem(tmp_path: Path) -> None:
    assert [problem.problem for problem in check_site(tmp_path, TEMPLATES)] == [
        "no HTML pages: is this a built site?"
    ]


# ---- a build without the hook ----------------------------------------------------------------------------


def test_a_site_built_without_the_hook_is_refused_on_every_page(tmp_path: Path) -> None:
    project = copy_site_sources(tmp_path / "project")
    config = project / "mkdocs.yml"
    # The `hooks:` key and its indented (or blank) lines, comments included.
    hooks = re.compile(r"^hooks:[^\n]*\n(?:(?:[ \t]+[^\n]*)?\n)*", re.M)
    without_hooks = hooks.sub("", config.read_text(encoding="utf-8"))
    assert "hooks:" not in without_hooks
    config.write_text(without_hooks, encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site, PYTHONPATH=str(project / "src"))
    assert result.returncode == 0, result.stderr  # MkDocs alone sees nothing wrong
    problems = check_site(site, TEMPLATES)
    pages = {problem.path for problem in problems if problem.problem == "no Content-Security-Policy meta tag"}
    assert pages == {str(path) for path in site.rglob("*.html")}
    assert any("raw or misspelt shortcode" in problem.problem for problem in problems)


# ---- a build of a changed copy ---------------------------------------------------------------------------


def test_a_moved_page_builds_cleanly_and_check_site_finds_it(tmp_path: Path) -> None:
    """MkDocs sees nothing wrong with a page moved without a redirect; the published list does."""
    project = copy_site_sources(tmp_path / "project")
    docs = project / "docs"
    (docs / "reference").mkdir()
    (docs / "changelog.md").rename(docs / "reference" / "changelog.md")
    # The page's own links lead nowhere else; the config and the pages that link to it follow the move.
    for source in [project / "mkdocs.yml", *docs.glob("*.md")]:
        text = source.read_text(encoding="utf-8")
        source.write_text(re.sub(r"(?<!\w)changelog\.md", "reference/changelog.md", text), encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site, PYTHONPATH=str(project / "src"))
    assert result.returncode == 0, result.stderr
    problems = {problem.problem for problem in check_site(site, TEMPLATES, Project(project))}
    assert any(problem.startswith("published page 'changelog/' (no redirect)") for problem in problems), (
        problems
    )


def test_check_site_finds_a_scripted_svg_that_reached_a_site(tmp_path: Path, built_site: Path) -> None:
    """The build refuses such an asset (tests/malformed/asset-svg-with-a-script); a site made another way is
    still checked."""
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "diagram.svg").write_text(HOSTILE_ASSETS["script"], encoding="utf-8")
    shutil.copyfile(built_site / "glossary" / "index.html", site / "index.html")
    problems = {problem.problem for problem in check_site(site, TEMPLATES)}
    assert "line 1: a <script> element" in problems, problems
