"""The Content-Security-Policy allows only the inline scripts the site's templates write, read from their source;
any other inline script, an event-handler attribute or a `javascript:` URL stops the build naming the page, as
does anything in a page's content that would load, embed or redirect by itself, any address on another host
that a browser would fetch, and a script file that is neither the theme's nor the site's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT, copy_site_sources, mkdocs_build
from myositis_evidence.site.check_site import extra_javascript, mkdocs_config
from myositis_evidence.site.csp import (
    UnsafePageError,
    add_policy,
    read_markup,
    script_hash,
    site_scripts,
    theme_template_dirs,
    unsafe_markup,
)

TEMPLATES = theme_template_dirs(PROJECT_ROOT / "overrides")
OWN_SCRIPT = 'document.documentElement.classList.add("ev-js")'  # overrides/main.html
# Material's partials/javascripts/base.html writes the page's address into this line (here "../..").
MD_SCOPE = (
    '__md_scope=new URL("{}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{{try{{t.setItem(a.pathname+"."+e,JSON.stringify(_))}}catch(e){{}}}}'
)


def _page(body: str = "") -> str:
    head = f'<head><meta charset="utf-8"><script>{OWN_SCRIPT}</script></head>'
    return f'<!doctype html><html lang="en">{head}<body>{body}</body></html>'


def _policed(body: str) -> str:
    return add_policy(_page(body), page="docs/hostile.md", allow_eval=False, templates=TEMPLATES)


CONTENT = '<article class="md-content__inner md-typeset">{}</article>'
BUNDLE = "../assets/javascripts/bundle.a5f9d56c.min.js"  # Material's base.html names it literally


def _material_page(content: str = "", *, head: str = "", after: str = "") -> str:
    """A page as Material lays it out: head, the content area of the page's Markdown, then the theme's scripts."""
    body = f'<div class="md-content">{CONTENT.format(content)}</div>{after}<script src="{BUNDLE}"></script>'
    return _page(body).replace("</head>", f"{head}</head>")


def _problems(html: str, own_scripts: list[str] | None = None) -> list[str]:
    return unsafe_markup(read_markup(html), site_scripts(TEMPLATES, own_scripts))


# ---- the allow-list ----------------------------------------------------------------------------------------


def test_every_inline_script_of_the_built_site_is_one_the_templates_write(built_site: Path) -> None:
    allowed = site_scripts(TEMPLATES)
    for page in built_site.rglob("*.html"):
        markup = read_markup(page.read_text(encoding="utf-8"))
        assert unsafe_markup(markup, allowed) == [], page
        inline = [script for script in markup.scripts if not script.external and script.data_type is None]
        assert len(inline) >= 6, f"{page}: the theme's and overrides' scripts are missing"


def test_fixed_scripts_are_known_by_the_hash_of_their_source() -> None:
    allowed = site_scripts(TEMPLATES)
    assert script_hash(OWN_SCRIPT) in allowed.hashes
    palette = (PROJECT_ROOT / "overrides" / "partials" / "javascripts" / "palette.html").read_text("utf-8")
    body = re.search(r"<script>(.*?)</script>", palette, re.S)
    assert body is not None and allowed.allows(body.group(1))
    assert not allowed.allows(body.group(1).replace('"use strict";', '"use strict"; alert(1);'))


def test_a_script_with_template_values_is_known_by_its_shape_and_the_value_cannot_break_out() -> None:
    allowed = site_scripts(TEMPLATES)
    for address in ("../..", ".", "/myositis-evidence/"):
        assert allowed.allows(MD_SCOPE.format(address))
    for hostile in ('"+alert(1)+"', "\\", "</script><script>alert(1)//"):
        assert not allowed.allows(MD_SCOPE.format(hostile)), hostile


def test_an_edited_override_changes_the_allow_list(tmp_path: Path) -> None:
    """Read afresh on every call (`mkdocs serve` rebuilds), keyed on the scripts' text."""
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text("<script>first()</script>", encoding="utf-8")
    assert site_scripts(theme_template_dirs(overrides)).allows("first()")
    (overrides / "main.html").write_text("<script>second()</script>", encoding="utf-8")
    allowed = site_scripts(theme_template_dirs(overrides))
    assert allowed.allows("second()") and not allowed.allows("first()")


# ---- the policy ------------------------------------------------------------------------------------------


def test_the_policy_names_the_sites_own_scripts_by_hash_and_nothing_inline() -> None:
    html = _policed('<script type="application/ld+json">{"name": "\\u003c/script>"}</script>')
    policy = re.search(
        r'<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="([^"]+)">', html
    )
    assert policy is not None
    assert f"'sha256-{script_hash(OWN_SCRIPT)}'" in policy.group(1)
    assert "'unsafe-inline'" not in policy.group(1) and "'unsafe-eval'" not in policy.group(1)


HOSTILE = {
    "inline script": "<script>alert(1)</script>",
    "upper-case script": "<SCRIPT>alert(1)</SCRIPT>",
    "script in an SVG": "<svg><script>alert(1)</script></svg>",
    "script of another type": '<script type="text/plain">alert(1)</script>',
    "a DOI that ends its attribute": '<a href="https://doi.org/10.1/x"onmouseover="alert(1)">doi</a>',
    "unquoted handler": "<img src=x onerror=alert(1)>",
    "handler after a slash": "<img/onerror=alert(1) src=x>",
    "javascript: URL": '<a href="javascript:alert(1)">x</a>',
    "obfuscated javascript: URL": '<a href=" &#x6A;ava&#x09;script:alert(1)">x</a>',
    "javascript: refresh": '<meta http-equiv="refresh" content="0; url=javascript:alert(1)">',
    "JSON block cut short": '<script type="application/ld+json">{"a": "</script><b>"}</script>',
    "JSON block opening a comment": '<script type="application/json">{"a": "<!--"}</script>',
    "theme shape with a hostile value": "<script>" + MD_SCOPE.format('x"+alert(1)+"') + "</script>",
}


@pytest.mark.parametrize("markup", HOSTILE.values(), ids=HOSTILE.keys())
def test_anything_that_could_run_code_the_site_did_not_write_stops_with_one_line(markup: str) -> None:
    with pytest.raises(UnsafePageError) as raised:
        _policed(markup)
    message = str(raised.value)
    assert message.startswith("docs/hostile.md: HTML line 1: ") and "\n" not in message, message


def test_the_error_is_the_callers_own(tmp_path: Path) -> None:
    """The build hook passes MkDocs' PluginError, which MkDocs prints as one line."""

    class BuildStopped(Exception):
        pass

    with pytest.raises(BuildStopped, match=r"^404\.html: .*event-handler attribute onclick on <a>"):
        add_policy(
            _page('<a onclick="x()">'),
            page="404.html",
            allow_eval=False,
            templates=TEMPLATES,
            error=BuildStopped,
        )


# ---- a real build ----------------------------------------------------------------------------------------


def test_a_script_or_handler_in_a_pages_raw_html_fails_the_build_naming_the_page(tmp_path: Path) -> None:
    """Raw HTML is the site's own authoring, yet a script or handler in it is never hashed into the policy."""
    project = copy_site_sources(tmp_path / "project")
    page = project / "docs" / "glossary.md"
    hostile = '<script>alert(1)</script>\n\n<p><a href="#" onclick="alert(1)">a link</a></p>'
    page.write_text(page.read_text(encoding="utf-8") + f"\n{hostile}\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", PYTHONPATH=str(project / "src"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if "docs/glossary.md: HTML line" in line]
    assert len(errors) == 1, result.stderr
    assert "inline script the site does not write" in errors[0] and errors[0].endswith("(and 1 more)")


# ---- what a page loads -------------------------------------------------------------------------------------

IN_CONTENT = {
    "an image from another host": '<p><img alt="x" src="https://evil.example/track.png" /></p>',
    "a refresh to another site": '<meta http-equiv="refresh" content="0; url=https://evil.example/">',
    "a same-site script file": '<script src="../assets/helper.js"></script>',
    "a script from another host": '<script src="https://evil.example/x.js"></script>',
    "the theme's own script, in the content": "<script>" + OWN_SCRIPT + "</script>",
    "an iframe": '<iframe src="../glossary/"></iframe>',
    "an object": '<object data="../assets/x.pdf"></object>',
    "an embed": '<embed src="../assets/x.pdf">',
    "a base": '<base href="../">',
    "a stylesheet link": '<link rel="stylesheet" href="../assets/evidence.css">',
    "a form": '<form action="../"><input name="q"></form>',
    "a srcset candidate on another host": '<img src="a.png" srcset="a.png 1x, https://evil.example/b.png 2x">',
    "a video poster": '<video poster="//evil.example/p.png"></video>',
    "an SVG image": '<svg><image href="https://evil.example/i.png"/></svg>',
    "an SVG use": '<svg><use xlink:href="https://evil.example/s.svg#a"/></svg>',
    "a style url()": '<p style="background: url(https://evil.example/x.png)">x</p>',
    "a CSS-escaped url()": '<p style="background: \\75 rl(//evil.example/x.png)">x</p>',
    "an SVG fill url()": '<svg><rect fill="url(https://evil.example/f.svg#g)"/></svg>',
    "a backslash for a slash": '<img src="/\\evil.example/track.png">',
    "a ping": '<a href="../" ping="https://evil.example/p">x</a>',
    "a style element": "<style>@import 'https://evil.example/x.css';</style>",
    "a smuggled end of the article": '</article><script src="../assets/helper.js"></script>',
}


@pytest.mark.parametrize("content", IN_CONTENT.values(), ids=IN_CONTENT.keys())
def test_nothing_in_a_pages_content_loads_embeds_or_redirects_by_itself(content: str) -> None:
    """Each ships today with a clean build; only the policy would stop some of them, and only at view time."""
    with pytest.raises(UnsafePageError) as raised:
        add_policy(_material_page(content), page="docs/hostile.md", allow_eval=False, templates=TEMPLATES)
    assert str(raised.value).startswith("docs/hostile.md: HTML line 1: ") and "\n" not in str(raised.value)


def test_links_to_other_sites_and_the_sites_own_resources_stay_allowed() -> None:
    content = (
        '<p><a href="https://doi.org/10.1016/j.ebiom.2025.106051">doi</a> <img src="../assets/x.png" alt=""></p>'
        '<svg><defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="fill: url(#g)"/>'
        '<use href="#g"/><a href="https://example.org/">svg link</a></svg>'
    )
    assert _problems(_material_page(content)) == []


def test_the_notebooks_copy_scripts_and_the_error_pages_search_form_are_recognised_in_the_content(
    built_site: Path,
) -> None:
    """The site's own template markup in the content area: mkdocs-jupyter's scripts, overrides/404.html's form."""
    allowed = site_scripts(TEMPLATES, extra_javascript(mkdocs_config(PROJECT_ROOT / "mkdocs.yml")))
    for page in ("notebooks/methods/index.html", "404.html", "ja/404.html"):
        markup = read_markup((built_site / page).read_text(encoding="utf-8"))
        assert markup.content_forms or any(script.in_content for script in markup.scripts), page
        assert unsafe_markup(markup, allowed) == [], page
    form = '<form class="ev-not-found__search" action="https://evil.example/" method="get">'
    assert _problems(_material_page(form + "</form>")) != []


OUTSIDE_CONTENT = {
    "a script from another host": '<script src="https://evil.example/x.js"></script>',
    "a protocol-relative script": '<script src="//evil.example/x.js"></script>',
    "a script that is no file of the site": '<script src="../assets/helper.js"></script>',
    "a script with a query": f'<script src="{BUNDLE}?x=1"></script>',
    "a stylesheet on another host": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "an icon on another host": '<link rel="icon" href="https://evil.example/i.png">',
}


@pytest.mark.parametrize("head", OUTSIDE_CONTENT.values(), ids=OUTSIDE_CONTENT.keys())
def test_outside_the_content_only_the_theme_and_the_site_load_their_own_files(head: str) -> None:
    assert _problems(_material_page(head=head), own_scripts=["assets/charts.js"]) != []


def test_the_theme_bundle_and_extra_javascript_load_by_relative_or_root_address() -> None:
    """The error page names them from the site's root ("/myositis-evidence/assets/…"), other pages relatively."""
    own = ["assets/charts.js"]
    for address in ("../assets/charts.js", "/myositis-evidence/assets/charts.js", "assets/charts.js"):
        assert _problems(_material_page(head=f'<script src="{address}" defer></script>'), own) == [], address
    related = '<link rel="canonical" href="https://example.org/x/"><link rel="alternate" hreflang="ja" href="https://example.org/ja/">'
    assert _problems(_material_page(head=related), own) == []
    # Without mkdocs.yml's list (a caller that does not pass it), any script file under assets/ may load.
    assert _problems(_material_page(head='<script src="../assets/helper.js"></script>')) == []


def test_a_foreign_image_in_a_pages_markdown_fails_the_build_naming_the_page(tmp_path: Path) -> None:
    """The attacks of a page's Markdown and raw HTML, each of which built with exit 0 before."""
    project = copy_site_sources(tmp_path / "project")
    page = project / "docs" / "glossary.md"
    hostile = (
        "![x](https://evil.example/track.png)\n\n"
        '<meta http-equiv="refresh" content="0; url=https://evil.example/">\n\n'
        '<script src="../assets/helper.js"></script>\n\n'
        '<script src="https://evil.example/x.js"></script>\n'
    )
    page.write_text(page.read_text(encoding="utf-8") + f"\n{hostile}", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", PYTHONPATH=str(project / "src"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if "docs/glossary.md: HTML line" in line]
    assert len(errors) == 1, result.stderr
    # Both scripts (the foreign one also as an address on another host), the <meta>, its refresh, the image.
    assert "in the page's content" in errors[0] and errors[0].endswith("(and 5 more)"), errors[0]
