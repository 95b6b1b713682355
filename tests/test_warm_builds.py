"""A warm build whose pages are unchanged reads only what it needs: the pages' kept expansions and a summary
of the results, never the data models, the analysis or the chart renderer; a changed page is expanded anew."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_site_sources

pytestmark = pytest.mark.build

GLOSSARY = "site/glossary/index.html"
# One build in this process; prints the libraries it imported and the page it made. argv: site, command.
BUILD_AND_REPORT = """
import json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config("mkdocs.yml", site_dir=sys.argv[1])
config.plugins.on_startup(command=sys.argv[2], dirty=False)
build(config)
print(json.dumps({name: name in sys.modules for name in ("pydantic", "altair", "scipy", "vl_convert")}))
"""


def _build_and_report(project: Path, site: str, command: str = "build") -> dict[str, bool]:
    process = subprocess.run(
        [sys.executable, "-c", BUILD_AND_REPORT, site, command],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1763769600"},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(process.stdout.splitlines()[-1])


def _same_trees(first: Path, second: Path) -> list[str]:
    """Files that differ or exist in only one of the two folders."""
    comparison, differing = filecmp.dircmp(first, second), []
    stack = [(comparison, "")]
    while stack:
        node, prefix = stack.pop()
        differing += [prefix + name for name in node.left_only + node.right_only + node.diff_files]
        stack += [(node.subdirs[name], f"{prefix}{name}/") for name in node.subdirs]
    return differing


@pytest.fixture(scope="module")
def warm_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project built once, so its cache holds the results and every page's expansion."""
    project = copy_site_sources(tmp_path_factory.mktemp("warm") / "project")
    _build_and_report(project, "cold-site")
    return project


def test_a_warm_build_of_unchanged_pages_loads_no_data_models_analysis_or_renderer(warm_project):
    loaded = _build_and_report(warm_project, "warm-site")
    assert loaded == {"pydantic": False, "altair": False, "scipy": False, "vl_convert": False}
    assert _same_trees(warm_project / "cold-site", warm_project / "warm-site") == []


def test_an_edited_page_is_expanded_anew_with_its_numbers(tmp_path):
    project = copy_site_sources(tmp_path / "project")
    _build_and_report(project, "site")
    page = project / "docs/glossary.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nA sentence added on a warm build.\n", encoding="utf-8"
    )
    loaded = _build_and_report(project, "site")
    html = (project / GLOSSARY).read_text(encoding="utf-8")
    assert "A sentence added on a warm build." in html and 'class="ev-quote"' in html
    assert loaded["pydantic"] and not loaded["altair"]  # the data for the page; the results from the cache


def test_a_damaged_memo_of_expansions_is_read_as_empty(warm_project):
    memos = list((warm_project / ".cache/page-expansions").glob("*.json"))
    assert len(memos) == 1
    for damage in ('{"a": ["text", [1]]}', "[]", "{not json"):
        memos[0].write_text(damage, encoding="utf-8")
        _build_and_report(warm_project, "after-damage")
        assert _same_trees(warm_project / "cold-site", warm_project / "after-damage") == [], damage


def test_serve_has_the_data_at_hand_from_its_first_build(warm_project):
    """Under `mkdocs serve` an edited page must not wait for the data models to load."""
    assert _build_and_report(warm_project, "served-site", "serve")["pydantic"]


def test_a_warm_build_whose_chart_drawings_were_deleted_draws_them_again(warm_project):
    """The kept expansions hold the charts' stand-ins only: with the drawings gone from the cache, the build
    loads the results, which send the charts to the worker, and the pages come out the same."""
    shutil.rmtree(warm_project / ".cache/svg")
    loaded = _build_and_report(warm_project, "redrawn-site")
    # the results were loaded from the cache, not recomputed
    assert loaded["pydantic"] and not loaded["altair"]
    assert _same_trees(warm_project / "cold-site", warm_project / "redrawn-site") == []
    assert sorted((warm_project / ".cache/svg").glob("*.svg"))


# Two builds in one process, as `mkdocs serve` makes them, with the drawings deleted between them. argv: site.
SERVE_TWICE = """
import shutil, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
for run in ("first", "second"):
    config = load_config("mkdocs.yml", site_dir=sys.argv[1])
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    shutil.rmtree(".cache/svg") if run == "first" else None
"""


def test_a_serve_rebuild_draws_again_the_drawings_cleared_since_the_last_build(warm_project):
    """`mkdocs serve` keeps the results between rebuilds; a drawing deleted meanwhile (`make clean`) must be
    drawn again from them, not reported missing."""
    subprocess.run(
        [sys.executable, "-c", SERVE_TWICE, "served-site"],
        cwd=warm_project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1763769600"},
        check=True,
        capture_output=True,
        text=True,
    )
    assert _same_trees(warm_project / "cold-site", warm_project / "served-site") == []
    assert sorted((warm_project / ".cache/svg").glob("*.svg"))
