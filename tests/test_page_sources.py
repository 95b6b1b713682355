"""A page's sources are refused clearly when they would ship something wrong: a shortcode where its HTML
breaks the page, a review date that is not a date, a file reached through a symlink outside the project, a
missing snippet or a broken notebook. Each stops a real build with one line naming the file (and line)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from conftest import copy_site_sources, mkdocs_build
from myositis_evidence.errors import ShortcodeError
from myositis_evidence.pages.shortcodes import PageContext, expand
from myositis_evidence.pages.sources import SourceError, review_date

# ---- without a build -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "markdown",
    [
        "## Change of <!-- md:value ivig-2003.ck.percent-change -->",
        "# <!-- md:value ivig-2003.ck.percent-change -->",
    ],
)
def test_a_shortcode_in_a_heading_is_refused(results, markdown):
    registry, dataset = results
    with pytest.raises(ShortcodeError, match=r"docs/t\.md, line 1: a shortcode in a heading"):
        expand(markdown, PageContext("docs/t.md", registry, dataset, lambda chart: ""))


def test_a_shortcode_in_link_text_is_refused(results):
    registry, dataset = results
    markdown = (
        "See [CK fell by <!-- md:value ivig-2003.ck.percent-change -->](studies/ivig-2003/findings.md)."
    )
    with pytest.raises(ShortcodeError, match=r"line 1: a shortcode inside a link's text"):
        expand(markdown, PageContext("docs/t.md", registry, dataset, lambda chart: ""))


def test_a_shortcode_after_a_link_is_fine(results):
    registry, dataset = results
    markdown = (
        "See [the findings](studies/ivig-2003/findings.md): <!-- md:value ivig-2003.ck.percent-change -->."
    )
    assert "ev-num" in expand(markdown, PageContext("docs/t.md", registry, dataset, lambda chart: ""))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("next week", "is not a date written YYYY-MM-DD"),
        ("2026-02-30", "is not a date in the calendar"),
        ("22/11/2026", "is not a date written YYYY-MM-DD"),
        (20261122, "is not a date written YYYY-MM-DD"),
        (None, "lacks 'reviewed: YYYY-MM-DD'"),
        (dt.date.today() + dt.timedelta(days=3), "is in the future"),
    ],
)
def test_a_review_date_must_be_a_real_date_that_has_come(value, message):
    with pytest.raises(SourceError, match=message) as raised:
        review_date(value, "docs/x.md")
    assert str(raised.value).startswith("docs/x.md: ")


def test_a_review_date_in_iso_form_is_accepted():
    assert review_date(dt.date(2026, 11, 22), "docs/x.md") == dt.date(2026, 11, 22)
    assert review_date("2026-11-22", "docs/x.md") == dt.date(2026, 11, 22)


# ---- through a real build --------------------------------------------------------------------------------


def _one_error(project: Path, tmp_path: Path, **environment: str) -> str:
    result = mkdocs_build(project, tmp_path / "site", **environment)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    errors = [
        line
        for line in result.stderr.splitlines()
        if line.startswith("ERROR") and "Error reading page" not in line  # MkDocs' own heading line
    ]
    assert len(errors) == 1, result.stderr
    return errors[0]


@pytest.mark.build
def test_a_page_error_names_the_line_in_the_file_counting_the_front_matter(tmp_path):
    project = copy_site_sources(tmp_path / "project")
    page = project / "docs" / "compare.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    target = next(number for number, line in enumerate(lines, start=1) if line.startswith("<!-- md:table"))
    lines[target - 1] = "<!-- md:table no.such-table -->"
    page.write_text("\n".join(lines), encoding="utf-8")
    assert f"docs/compare.md, line {target}: unknown result id 'no.such-table'" in _one_error(
        project, tmp_path
    )


@pytest.mark.build
def test_a_page_symlinked_outside_the_project_is_refused(tmp_path):
    project = copy_site_sources(tmp_path / "project")
    outside = tmp_path / "outside.md"
    outside.write_text("---\nreviewed: 2026-11-01\n---\n# Secrets\n", encoding="utf-8")
    os.symlink(outside, project / "docs" / "leak.md")
    error = _one_error(project, tmp_path)
    assert "docs/leak.md: " in error and "leads outside the project" in error


def _snippet_line(project: Path) -> int:
    lines = (project / "docs" / "changelog.md").read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, start=1) if line.startswith("--8<--"))


@pytest.mark.build
def test_a_snippet_symlinked_outside_the_project_is_refused(tmp_path):
    project = copy_site_sources(tmp_path / "project")
    (project / "CHANGELOG.md").unlink()
    os.symlink("/etc/hostname", project / "CHANGELOG.md")
    error = _one_error(project, tmp_path)
    assert (
        f"docs/changelog.md, line {_snippet_line(project)}: " in error
        and "leads outside the project" in error
    )


@pytest.mark.build
def test_a_missing_snippet_is_one_line(tmp_path):
    project = copy_site_sources(tmp_path / "project")
    (project / "CHANGELOG.md").unlink()
    assert f"docs/changelog.md, line {_snippet_line(project)}: the snippet" in _one_error(project, tmp_path)


@pytest.mark.build
def test_an_invalid_notebook_is_one_line(tmp_path):
    project = copy_site_sources(tmp_path / "project")
    notebook = project / "docs" / "notebooks" / "methods.ipynb"
    notebook.write_text(notebook.read_text(encoding="utf-8")[:500], encoding="utf-8")
    assert "docs/notebooks/methods.ipynb, line " in _one_error(project, tmp_path)


@pytest.mark.build
def test_an_invalid_source_date_epoch_is_one_line(tmp_path):
    project = copy_site_sources(tmp_path / "project")
    assert "SOURCE_DATE_EPOCH ('yesterday')" in _one_error(project, tmp_path, SOURCE_DATE_EPOCH="yesterday")


@pytest.mark.build
@pytest.mark.parametrize(
    "content",
    ["- a list, not a mapping\n", '"glossary/#x": "<script>alert(1)</script>"\n', '"glossary/#x\\"y": "z"\n'],
    ids=["wrong-type", "markup-as-anchor", "quote-in-old-anchor"],
)
def test_a_bad_anchor_alias_file_is_one_line(tmp_path, content):
    project = copy_site_sources(tmp_path / "project")
    (project / "data" / "site" / "anchor-aliases.yml").write_text(content, encoding="utf-8")
    assert "data/site/anchor-aliases.yml" in _one_error(project, tmp_path)


def test_a_shortcode_in_an_indented_fence_stays_code(results):
    """A fence inside an admonition or list is indented; what it holds is an example, never expanded."""
    registry, dataset = results
    markdown = (
        "!!! example\n\n    ```markdown\n    <!-- md:value hiit-2025.vo2peak.hiit.mean-percent-change -->\n"
        "    ```\n"
    )
    assert expand(markdown, PageContext("docs/t.md", registry, dataset, lambda chart: "")) == markdown
