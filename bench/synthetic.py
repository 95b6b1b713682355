"""Synthetic studies in the project's data format, for the scaling benchmark.

Each synthetic study copies the IVIG study's reported data (study.yml, quotes.yml, numbers.csv) under a new
id, with a page that shows its catalogue table. The pages are left out of the navigation, so the benchmark
measures this project's work rather than the theme's navigation, which every page renders in full.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

TEMPLATE_STUDY = "ivig-2003"
COPIED = ("mkdocs.yml", "docs", "overrides", "data", "src", "CHANGELOG.md")
STUDY_FILES = ("study.yml", "quotes.yml", "numbers.csv")


def make_project(project: Path, target: Path, studies: int) -> Path:
    """A copy of the site with `studies` synthetic studies added; returns the config path."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in COPIED:
        source = project / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, target / name)
    for index in range(1, studies + 1):
        _add_study(target, f"syn-{index:04d}")
    config = target / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "\nnot_in_nav: |\n  /synthetic/*\n", encoding="utf-8")
    return config


def _add_study(target: Path, study_id: str) -> None:
    folder = target / "data" / study_id
    folder.mkdir()
    for name in STUDY_FILES:
        shutil.copy2(target / "data" / TEMPLATE_STUDY / name, folder / name)
    study = folder / "study.yml"
    text = re.sub(r"(?m)^id: .*$", f"id: {study_id}", study.read_text(encoding="utf-8"))
    text = re.sub(r"(?m)^short_title: .*$", f"short_title: Synthetic study {study_id}", text)
    study.write_text(text, encoding="utf-8")
    page = target / "docs" / "synthetic" / f"{study_id}.md"
    page.parent.mkdir(exist_ok=True)
    page.write_text(
        f"---\nreviewed: 2026-11-22\ndescription: Synthetic study for the benchmark.\n---\n\n"
        f"# Synthetic study {study_id}\n\nPatients treated: <!-- md:value {study_id}.treated.all.count -->.\n\n"
        f"<!-- md:table {study_id}.catalogue -->\n",
        encoding="utf-8",
    )
