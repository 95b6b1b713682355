"""The only module that knows MkDocs: hook events that call the engine-agnostic package.

Registered in mkdocs.yml under `hooks:`. Every error on bad input becomes a PluginError, which MkDocs
prints as one line and exits non-zero (no traceback).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from myositis_evidence.chart_svg import chart_to_dark_svg, chart_to_svg
from myositis_evidence.errors import EvidenceError
from myositis_evidence.loading import DATA_DIR
from myositis_evidence.publishing import publish_files
from myositis_evidence.registry_build import cached_registry
from myositis_evidence.shortcodes import OPENING, PageContext, expand

log = logging.getLogger("mkdocs.plugins.myositis_evidence")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    cached_registry.cache_clear()  # `mkdocs serve` reloads the config on every rebuild: recompute from data/
    try:
        registry, _ = cached_registry()
    except EvidenceError as error:
        raise PluginError(f"data error: {error}") from None
    log.info("evidence registry: %d results", len(registry))
    return config


def on_serve(
    server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[[], None]
) -> LiveReloadServer:
    """Rebuild when the data or the analysis package changes, not only the pages."""
    server.watch(str(DATA_DIR))
    server.watch(str(Path(__file__).resolve().parent))
    return server


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _expand_page(markdown, page)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    _refuse_raw_shortcodes(output, page)
    return output


def _expand_page(markdown: str, page: Page) -> str:
    path = f"docs/{page.file.src_uri}"
    if "reviewed" not in page.meta:
        raise PluginError(
            f"{path}: front matter lacks 'reviewed: YYYY-MM-DD' (every page shows when it was last reviewed)"
        )
    registry, studies = cached_registry()
    context = PageContext(path, registry, studies, chart_to_svg, chart_to_dark_svg, _site_root(page))
    try:
        return expand(markdown, context)
    except EvidenceError as error:
        raise PluginError(str(error)) from None


def on_post_build(*, config: MkDocsConfig) -> None:
    registry, studies = cached_registry()
    count = publish_files(Path(config.site_dir), registry, studies)
    log.info("evidence downloads: %d files", count)


def _site_root(page: Page) -> str:
    """The relative address of the site root from a page ("../../" for "studies/x/findings/")."""
    return "../" * page.url.count("/")


def _refuse_raw_shortcodes(output: str, page: Page) -> None:
    """A shortcode that reached the HTML unexpanded would ship as an invisible gap: stop instead."""
    if OPENING.search(output):
        raise PluginError(f"docs/{page.file.src_uri}: an unexpanded shortcode reached the HTML output")
