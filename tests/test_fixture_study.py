"""A study added as data alone: an invented fixture study (tests/fixtures/) builds into the site's pages with its
derived values, tables and charts, and no Python file names it.

The fixture is invented test data and never part of the site: it is copied, with its three pages, into a
temporary copy of the site's sources, which is then built with `mkdocs build --strict`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT, analyse, copy_site_sources, mkdocs_build
from myositis_evidence.results.formatting import format_result

pytestmark = pytest.mark.build

FIXTURES = Path(__file__).parent / "fixtures"
# The id is read from the fixture's folder, so that this file, too, never names it.
STUDY_ID = next((FIXTURES / "data").glob("*/study.yml")).parent.name
PAGES = ("methods", "findings", "safety")


def _add_fixture(project: Path) -> None:
    """The fixture's data, source text and pages in the copy, and its pages in the copy's navigation."""
    shutil.copytree(FIXTURES / "data" / STUDY_ID, project / "data" / STUDY_ID)
    for text in (FIXTURES / "data" / "source-texts").iterdir():
        shutil.copy2(text, project / "data" / "source-texts" / text.name)
    shutil.copytree(FIXTURES / "docs" / "studies" / STUDY_ID, project / "docs" / "studies" / STUDY_ID)
    config = project / "mkdocs.yml"
    entries = "".join(f"      - {page.title()}: studies/{STUDY_ID}/{page}.md\n" for page in PAGES)
    text = config.read_text(encoding="utf-8")
    anchor = "  - The studies compared: compare.md\n"
    assert anchor in text, "the navigation of mkdocs.yml changed: update this test's insertion point"
    config.write_text(
        text.replace(anchor, f"  - Demo study (test data):\n{entries}{anchor}", 1), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def fixture_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """The copy with the fixture study, built into its own site folder (with the copy's own package)."""
    project = copy_site_sources(tmp_path_factory.mktemp("fixture-study") / "project")
    _add_fixture(project)
    site = project.parent / "site"
    result = mkdocs_build(project, site, PYTHONPATH=str(project / "src"))
    return result, project, site


def _page(site: Path, page: str) -> str:
    return (site / "studies" / STUDY_ID / page / "index.html").read_text(encoding="utf-8")


def test_the_fixture_study_builds(fixture_build):
    result, _, site = fixture_build
    assert result.returncode == 0, result.stderr
    for page in PAGES:
        assert (site / "studies" / STUDY_ID / page / "index.html").is_file(), page


def test_the_findings_page_shows_a_derived_value(fixture_build):
    result, project, site = fixture_build
    assert result.returncode == 0, result.stderr
    registry, _ = analyse(project / "data")
    derived = registry.value(f"{STUDY_ID}.strength.percent-change")
    assert derived.kind == "derived"
    html = _page(site, "findings")
    pattern = rf'<span class="ev-num ev-num--derived"[^>]*>{re.escape(format_result(derived))}</span>'
    assert re.search(pattern, html), "the derived percent change is not on the findings page"


def test_the_findings_page_shows_a_table_and_a_chart(fixture_build):
    result, _, site = fixture_build
    assert result.returncode == 0, result.stderr
    html = _page(site, "findings")
    assert re.search(rf'id="{re.escape(STUDY_ID)}\.findings"[^>]*>\s*<table>', html), "no findings table"
    figure = re.search(
        rf'<figure class="ev-chart" id="{re.escape(STUDY_ID)}\.before-after-chart">(.*?)</figure>', html, re.S
    )
    assert figure is not None, "no before-after chart"
    assert "<svg" in figure.group(1), "the chart's figure holds no SVG"


def test_the_fixture_says_it_is_invented():
    texts = [path.read_text(encoding="utf-8") for path in FIXTURES.rglob("*") if path.is_file()]
    assert texts and all(re.search(r"invented test data", text, re.I) for text in texts)


def test_no_python_file_names_the_fixture_study():
    python = [*(PROJECT_ROOT / "src").rglob("*.py"), *(PROJECT_ROOT / "tests").rglob("*.py")]
    naming = [str(path) for path in python if STUDY_ID in path.read_text(encoding="utf-8")]
    assert naming == []
