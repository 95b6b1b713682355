"""A build reads its own project, and only that: the files beside the mkdocs.yml being built, never the
package's install location, and nothing kept from an earlier build whose inputs have changed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT, copy_site_sources, mkdocs_build

pytestmark = pytest.mark.build

IVIG_FINDINGS = "site/studies/ivig-2003/findings/index.html"
IVIG_PATIENTS = "site/patients/ivig/index.html"
UNIT_LABEL = ("data/units.yml", "{id: IU/l, label: IU/l,", "{id: IU/l, label: IU per litre,")
# The fatigue claim's certainty is very low, so its page names only the outcome (GRADE guidance 26).
CLAIM_TEXT = (
    "data/ivig-2003/plain-language.yml",
    "outcome: tiredness,",
    "outcome: tiredness and weariness,",
)
CLAIM_NULL = ("data/ivig-2003/plain-language.yml", "rest: tiredness}", "rest: null}")

# Two builds in one process, as `mkdocs serve` rebuilds: the first, then one after the edits.
REBUILD_IN_ONE_PROCESS = """
import json
import logging
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.basicConfig(level=logging.WARNING)  # MkDocs' messages to standard error, as its command shows them
page, edits = Path(sys.argv[1]), json.loads(sys.argv[2])
build(load_config("mkdocs.yml"))
print(json.dumps(page.read_text("utf-8")))
for name, old, new in edits:
    path = Path(name)
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
try:
    build(load_config("mkdocs.yml"))
except Exception as error:  # MkDocs logs the PluginError's message, then raises Abort
    print(json.dumps(f"refused: {type(error).__name__}"))
else:
    print(json.dumps(page.read_text("utf-8")))
"""


def _edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _rebuild(project: Path, page: str, *edits: tuple[str, str, str]) -> tuple[str, str, str]:
    """The page after a first build and after a same-process rebuild with the edits applied, and the log."""
    process = subprocess.run(
        [sys.executable, "-c", REBUILD_IN_ONE_PROCESS, page, json.dumps(edits)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
        capture_output=True,
        text=True,
    )
    first, second = (json.loads(line) for line in process.stdout.splitlines()[-2:])
    return first, second, process.stderr


# ---- `mkdocs serve`: a rebuild follows every data file ---------------------------------------------------


def test_a_serve_rebuild_follows_a_changed_unit_label(tmp_path):
    first, second, _ = _rebuild(copy_site_sources(tmp_path), IVIG_FINDINGS, UNIT_LABEL)
    assert "1287.4 IU/l" in first
    assert "1287.4 IU per litre" in second and "1287.4 IU/l" not in second


def test_a_serve_rebuild_follows_a_changed_plain_language_claim(tmp_path):
    first, second, _ = _rebuild(copy_site_sources(tmp_path), IVIG_PATIENTS, CLAIM_TEXT)
    assert "the effect of IVIG on tiredness</span>" in first
    assert "the effect of IVIG on tiredness and weariness</span>" in second


def test_a_serve_rebuild_refuses_what_a_build_refuses(tmp_path):
    """A claim without its text (`rest: null`) stops a fresh build; a rebuild must not serve the old page."""
    project = copy_site_sources(tmp_path / "served")
    _, second, log = _rebuild(project, IVIG_PATIENTS, CLAIM_NULL)
    assert second.startswith("refused: "), second[:200]
    assert "data/ivig-2003/plain-language.yml" in log and "'claims.fatigue.en.rest'" in log, log
    fresh = copy_site_sources(tmp_path / "fresh")
    _edit(fresh, *CLAIM_NULL)
    result = mkdocs_build(fresh, tmp_path / "fresh-site")
    assert result.returncode == 1 and "data/ivig-2003/plain-language.yml" in result.stderr


# ---- a copied or exported project ------------------------------------------------------------------------


def _listing(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*")) if folder.exists() else []


def test_a_copied_project_formats_and_caches_with_its_own_files(tmp_path):
    """Built with this checkout's package, a copy still reads its own units and writes its own caches."""
    project = copy_site_sources(tmp_path / "project")
    _edit(project, *UNIT_LABEL)
    before = _listing(PROJECT_ROOT / ".cache")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    page = (project / IVIG_FINDINGS).read_text(encoding="utf-8")
    assert "1287.4 IU per litre" in page and "1287.4 IU/l" not in page
    assert any((project / ".cache" / "svg").glob("*.svg")) and any((project / ".cache" / "results").iterdir())
    assert _listing(PROJECT_ROOT / ".cache") == before


def test_an_exported_project_imports_and_caches_only_its_own_files(tmp_path):
    """With its own package first on the path, a copy's caches live in the copy, never in this checkout."""
    project = copy_site_sources(tmp_path / "project")
    before = _listing(PROJECT_ROOT / ".cache")
    result = mkdocs_build(project, project / "site", PYTHONPATH=str(project / "src"))
    assert result.returncode == 0, result.stderr
    assert any((project / ".cache" / "svg").glob("*.svg")) and any((project / ".cache" / "results").iterdir())
    assert _listing(PROJECT_ROOT / ".cache") == before
    probe = "import myositis_evidence.hooks.evidence as m; print(m.__file__)"
    imported = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "PYTHONPATH": str(project / "src")},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(imported).is_relative_to(project), imported


def test_a_copied_cache_never_reads_the_original_project(tmp_path):
    """A project copied with its .cache/ keeps its own claims when the original's change afterwards."""
    original = copy_site_sources(tmp_path / "original")
    assert mkdocs_build(original, original / "site").returncode == 0
    copy = tmp_path / "copy"
    shutil.copytree(original, copy)
    _edit(original, *CLAIM_TEXT)
    result = mkdocs_build(copy, copy / "site")
    assert result.returncode == 0, result.stderr
    assert "tiredness and weariness" not in (copy / IVIG_PATIENTS).read_text(encoding="utf-8")
