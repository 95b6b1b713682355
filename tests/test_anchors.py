"""Every page and anchor a release published stays reachable: moved pages redirect, renamed anchors alias."""

from __future__ import annotations

import yaml

from conftest import PROJECT_ROOT
from myositis_evidence.project import Project
from myositis_evidence.site.anchors import (
    add_alias_targets,
    content_anchors,
    load_aliases,
    load_published,
    missing_links,
)

PROJECT = Project(PROJECT_ROOT)


def _redirects() -> dict[str, str]:
    config = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    plugins = [plugin for plugin in config["plugins"] if isinstance(plugin, dict) and "redirects" in plugin]
    return plugins[0]["redirects"].get("redirect_maps") or {} if plugins else {}


def test_no_published_page_or_anchor_is_lost(built_site):
    published = load_published(PROJECT.published_anchors)
    assert missing_links(built_site, published, _redirects(), load_aliases(PROJECT.anchor_aliases)) == []


def test_the_published_anchors_hold_every_result_anchor_of_the_study_pages():
    published = load_published(PROJECT.published_anchors)
    findings = published["studies/ivig-2003/findings/"]
    assert {"ivig-2003.findings", "ivig-2003.flow-chart", "note-ivig-2003.ck.all.baseline-mean"} <= set(
        findings
    )


def test_a_dropped_anchor_is_reported(built_site):
    published = {"glossary/": ["a-removed-anchor"], "gone/": ["x"]}
    assert missing_links(built_site, published, {}, {}) == [
        "anchor 'glossary/#a-removed-anchor'",
        "page 'gone/' (no redirect)",
    ]
    redirects, aliases = {"gone.md": "glossary.md"}, {"glossary/#a-removed-anchor": "x"}
    assert missing_links(built_site, published, redirects, aliases) == []


def test_an_alias_puts_the_old_id_at_the_new_one():
    html = '<article class="md-content__inner md-typeset"><h2 id="new-name">Title</h2></article>'
    aliased = add_alias_targets(html, "page/", {"page/#old-name": "new-name", "other/#x": "new-name"})
    assert aliased.count('id="old-name"') == 1 and "x" not in content_anchors(aliased)
    assert '<h2 id="new-name"><span id="old-name"></span>Title</h2>' in aliased


def test_an_alias_keeps_a_list_valid():
    """axe's `list` rule: an <ol> may hold only <li> (a span before a note's item broke it)."""
    html = '<ol class="ev-notes"><li id="note-a">A</li></ol><table id="t"><tr><td>x</td></tr></table>'
    aliased = add_alias_targets(html, "page/", {"page/#note-b": "note-a", "page/#old-table": "t"})
    assert '<ol class="ev-notes"><li id="note-a"><span id="note-b"></span>A</li></ol>' in aliased
    assert '<span id="old-table"></span><table id="t">' in aliased


def test_an_alias_finds_the_element_and_not_the_same_words_in_text_or_another_attribute():
    """The id is looked up by its text first: a match in prose or in another attribute is passed over."""
    html = (
        '<p>Write id="new-name" to name it.</p><p data-x="1" title="a">x</p>'
        '<div data-notid="new-name"></div><h2 class="x" id="new-name">Title</h2>'
    )
    aliased = add_alias_targets(html, "page/", {"page/#old-name": "new-name"})
    assert aliased.count('id="old-name"') == 1
    assert '<h2 class="x" id="new-name"><span id="old-name"></span>Title</h2>' in aliased
