"""The package keeps its stages: each folder imports only the stages before it, and only the hook adapter
knows MkDocs. Read from the source (ast), so the rule holds for imports inside functions too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "src" / "myositis_evidence"
# The stages, each depending only on those before it; a stage may import itself, the stages before it and the
# root modules. Charts come before the analysis that makes their specs: drawing a chart needs only the
# results' model, and the analysis takes the chart colours from charts/themes.py.
STAGES = ("dataset", "results", "charts", "analysis", "pages", "site", "hooks")
ROOT_MODULES = {"errors", "project"}
ENGINE = ("mkdocs", "mkdocs_jupyter", "material", "mkdocs_static_i18n")
HEAVY = ("scipy", "altair", "pandas", "vl_convert")
NO_HEAVY_IMPORTS = ("results", "pages", "site")


def _modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts)


def _stage(path: Path) -> str:
    """'dataset' for dataset/loading.py; the module name for a root module ('cli', 'errors')."""
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _imports(path: Path) -> list[str]:
    """Every module the file imports, as absolute dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import (use the absolute package path)"
            names.append(node.module or "")
    return names


def _stages_imported(path: Path) -> set[str]:
    prefix = "myositis_evidence."
    return {name.removeprefix(prefix).split(".")[0] for name in _imports(path) if name.startswith(prefix)}


def test_the_root_keeps_only_a_handful_of_modules():
    root = {path.stem for path in PACKAGE.glob("*.py")}
    assert root <= {"__init__", "__main__", "cli", "errors", "project"}, root
    assert {path.name for path in PACKAGE.iterdir() if path.is_dir() and path.name != "__pycache__"} == set(
        STAGES
    )


@pytest.mark.parametrize("path", _modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_each_stage_imports_only_earlier_stages(path: Path):
    stage = _stage(path)
    if stage not in STAGES:  # the root: cli may use every stage; errors and project use none
        allowed = set() if stage in ROOT_MODULES else {*STAGES, *ROOT_MODULES, "cli"}
    else:
        allowed = set(STAGES[: STAGES.index(stage) + 1]) | ROOT_MODULES
    assert _stages_imported(path) <= allowed, f"{stage} imports {_stages_imported(path) - allowed}"


@pytest.mark.parametrize("path", _modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_only_the_hooks_import_the_engine(path: Path):
    engine = [name for name in _imports(path) if name.split(".")[0] in ENGINE]
    assert _stage(path) == "hooks" or engine == [], engine


@pytest.mark.parametrize("path", _modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_results_pages_and_site_import_no_statistics_or_plotting_library(path: Path):
    heavy = [name for name in _imports(path) if name.split(".")[0] in HEAVY]
    assert _stage(path) not in NO_HEAVY_IMPORTS or heavy == [], heavy


def test_no_module_is_named_after_a_study():
    study_ids = {
        folder.name for folder in (PROJECT_ROOT / "data").iterdir() if (folder / "study.yml").is_file()
    }
    names = {path.stem.replace("_", "-") for path in _modules()}
    assert study_ids and not names & study_ids, names & study_ids


def test_the_layer_rule_fails_on_a_backward_import(tmp_path):
    """The rule can fail: a dataset module importing the pages stage is caught."""
    bad = tmp_path / "dataset" / "bad.py"
    bad.parent.mkdir()
    bad.write_text("from myositis_evidence.pages.shortcodes import expand\n", encoding="utf-8")
    assert _stages_imported(bad) == {"pages"}
