"""Shared helpers and fixtures: the project's paths, one analysis and one strict build of the real site per test
session, and copies of the site's sources for tests that change them."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from myositis_evidence.analysis.build import build_registry
from myositis_evidence.dataset.dataset import Dataset, load_dataset
from myositis_evidence.results.model import Registry

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
DOCS_DIR = PROJECT_ROOT / "docs"


def analyse(data_dir: Path = DATA_DIR) -> tuple[Registry, Dataset]:
    """Load and validate a data folder and compute its results, as a build does."""
    dataset = load_dataset(data_dir)
    return build_registry(dataset), dataset


@pytest.fixture(scope="session")
def results() -> tuple[Registry, Dataset]:
    """The real data's results and dataset, computed once per test session (treat them as read-only)."""
    return analyse()


@pytest.fixture(scope="session")
def registry(results: tuple[Registry, Dataset]) -> Registry:
    return results[0]


@pytest.fixture(scope="session")
def dataset(results: tuple[Registry, Dataset]) -> Dataset:
    return results[1]


def mkdocs_build(project: Path, site: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of project into site, in its own process; the caller checks the outcome."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **environment},
        check=False,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site once with `mkdocs build --strict` into a temporary folder."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(PROJECT_ROOT, site)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    return site


def nav_pages() -> list[str]:
    """Every Markdown page in the navigation of mkdocs.yml, in order."""
    config = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    pages: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            pages.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(config["nav"])
    return pages


def maintainer_pages() -> list[str]:
    """The pages mkdocs.yml keeps out of the readers' navigation (`not_in_nav`, one "/page" a line)."""
    config = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return [
        line.strip().removeprefix("/") for line in config.get("not_in_nav", "").splitlines() if line.strip()
    ]


def site_pages() -> list[str]:
    """Every page of the English site: the readers' navigation, then the maintainers' pages."""
    return nav_pages() + maintainer_pages()


def translated_pages(language: str = "ja") -> list[str]:
    """The pages of one translation: the `nav` that the i18n plugin in mkdocs.yml gives that language."""
    config = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    plugin = next(item["i18n"] for item in config["plugins"] if isinstance(item, dict) and "i18n" in item)
    nav = next(item["nav"] for item in plugin["languages"] if item["locale"] == language)
    pages: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            pages.append(node)
        elif isinstance(node, list | dict):
            for value in node.values() if isinstance(node, dict) else node:
                walk(value)

    walk(nav)
    return pages


def page_address(page: str) -> str:
    """A page's address in the built site: 'studies/x/findings.md' → 'studies/x/findings/', 'index.md' → ''."""
    stem = page.removesuffix(".md").removesuffix(".ipynb")
    if stem == "index" or stem.endswith("/index"):  # a folder's index page is the folder's address
        return stem.removesuffix("index")
    return f"{stem}/"


SITE_SOURCES = ("mkdocs.yml", "docs", "overrides", "data", "src", "CHANGELOG.md")


def copy_data(target: Path) -> Path:
    """A copy of the project's data/ at target (a folder that does not exist yet), for tests that change it."""
    shutil.copytree(DATA_DIR, target)
    return target


def copy_site_sources(target: Path) -> Path:
    """Copy what a build reads (config, pages, theme overrides, data, hooks) into target; returns target."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SITE_SOURCES:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, target / name)
    return target


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server for the browser tests that does not log each request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser():
    """Debian Chromium through Playwright, one per test module (tests/chromium.py has the path and flags)."""
    from chromium import launch, require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()
