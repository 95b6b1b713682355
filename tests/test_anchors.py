"""Every page and anchor a release published stays reachable: moved pages redirect, renamed anchors alias."""

from __future__ import annotations

from pathlib import Path

import yaml

from myositis_evidence.anchors import (
    add_alias_targets,
    content_anchors,
    load_aliases,
    load_registry,
    missing_links,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _redirects() -> dict[str, str]:
    config = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    plugins = [plugin for plugin in config["plugins"] if isinstance(plugin, dict) and "redirects" in plugin]
    return plugins[0]["redirects"].get("redirect_maps") or {} if plugins else {}


def test_no_published_page_or_anchor_is_lost(built_site):
    assert missing_links(built_site, _redirects(), load_aliases()) == []


def test_the_registry_holds_every_result_anchor_of_the_study_pages():
    registry = load_registry()
    findings = registry["studies/ivig-2003/findings/"]
    assert {"ivig-2003.findings", "ivig-2003.flow-chart", "note-ivig-2003.ck.all.baseline-mean"} <= set(
        findings
    )


def test_a_dropped_anchor_is_reported(built_site, tmp_path, monkeypatch):
    registry = tmp_path / "published-anchors.json"
    registry.write_text('{"glossary/": ["a-removed-anchor"], "gone/": ["x"]}', encoding="utf-8")
    monkeypatch.setattr("myositis_evidence.anchors.REGISTRY", registry)
    assert missing_links(built_site, {}, {}) == [
        "anchor 'glossary/#a-removed-anchor'",
        "page 'gone/' (no redirect)",
    ]
    assert missing_links(built_site, {"gone.md": "glossary.md"}, {"glossary/#a-removed-anchor": "x"}) == []


def test_an_alias_puts_the_old_id_before_the_new_one():
    html = '<article class="md-content__inner md-typeset"><h2 id="new-name">Title</h2></article>'
    aliased = add_alias_targets(html, "page/", {"page/#old-name": "new-name", "other/#x": "new-name"})
    assert aliased.count('id="old-name"') == 1 and "x" not in content_anchors(aliased)
    assert content_anchors(aliased) == ["old-name", "new-name"]
