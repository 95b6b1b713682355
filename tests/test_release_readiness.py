"""A release refuses to freeze the maintainers' placeholders or a changelog without the version's section."""

from __future__ import annotations

import json
from pathlib import Path

from myositis_evidence.site.release_readiness import unfinished_content


def _site(tmp_path: Path, about: str, changelog: str, version: str = "1.0") -> Path:
    site = tmp_path / "site"
    for path, text in {
        "index.html": "<h1>Home</h1>",
        "about/index.html": about,
        "changelog/index.html": changelog,
        "downloads/datapackage.json": json.dumps({"version": version}),
    }.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
    return site


READY_CHANGELOG = '<h1>What changed</h1>\n<h2 id="10">1.0<a class="headerlink" href="#10">¶</a></h2>'


def test_a_finished_release_has_no_problems(tmp_path):
    assert unfinished_content(_site(tmp_path, "<p>Maintained by A. Name.</p>", READY_CHANGELOG)) == []


def test_each_page_with_a_placeholder_is_named_with_its_line(tmp_path):
    about = "<p>Who:</p>\n<p><strong>[Maintainers: add the names.]</strong></p>"
    site = _site(tmp_path, about, READY_CHANGELOG)
    (site / "ja" / "about").mkdir(parents=True)
    (site / "ja" / "about" / "index.html").write_text("<p>［管理者の記入欄：名前］</p>", encoding="utf-8")
    assert unfinished_content(site) == [
        "about/index.html line 2: a placeholder for the maintainers ('[Maintainers:…') is still there; a "
        "release would freeze it, so fill it in first",
        "ja/about/index.html line 1: a placeholder for the maintainers ('［管理者の記入欄…') is still there; a "
        "release would freeze it, so fill it in first",
    ]


def test_a_release_filed_under_unreleased_is_refused(tmp_path):
    changelog = '<h2 id="unreleased">Unreleased</h2>\n<h2 id="11">1.1</h2><h2 id="100">10.0</h2>'
    (problem,) = unfinished_content(_site(tmp_path, "<p>Named.</p>", changelog))
    assert problem.startswith("CHANGELOG.md has no section '## 1.0': say what this version changes")
