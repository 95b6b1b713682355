"""The only module that knows MkDocs: hook events that call the engine-agnostic package.

Registered in mkdocs.yml under `hooks:`. Every error on bad input becomes a PluginError, which MkDocs
prints as one line and exits non-zero (no traceback).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from myositis_evidence.anchors import add_alias_targets, load_aliases
from myositis_evidence.build_info import build_info
from myositis_evidence.chart_svg import RENDERER, chart_to_svg, prerender
from myositis_evidence.csp import add_policy
from myositis_evidence.errors import PROJECT_ROOT, EvidenceError
from myositis_evidence.loading import StudyData
from myositis_evidence.plain_language import DEFAULT_LANGUAGE, LANGUAGES, page_language
from myositis_evidence.publishing import publish_files
from myositis_evidence.render_worker import RenderError
from myositis_evidence.result_cache import cached_registry
from myositis_evidence.results import Chart, Registry
from myositis_evidence.shortcodes import OPENING, PageContext, expand, restore
from myositis_evidence.site_citation import cite_page

log = logging.getLogger("mkdocs.plugins.myositis_evidence")


_citation_files: dict[str, str] = {}
_stashes: dict[str, dict[str, str]] = {}  # per page: rendered HTML waiting for the Markdown conversion
_set_aside: dict[str, list[str]] = {}  # per page: HTML kept from the search plugin (see SET_ASIDE)


class _Expansion(NamedTuple):
    """A page's expanded Markdown and stash, with what they were made from."""

    registry: Registry
    source: tuple[str, str, str]  # site root, language, Markdown
    expanded: str
    stash: dict[str, str]


# per page: the last expansion, reused by `mkdocs serve` rebuilds while the page and the results are unchanged
_expansions: dict[str, _Expansion] = {}
# Kept from the search plugin between on_page_content and on_post_page, as it would only parse them to leave
# them out: chart SVGs (their text is in the captions and data tables), and the chart data tables and notes,
# which are marked data-search-exclude.
SET_ASIDE = re.compile(
    r'(?<=<div class="ev-chart__image" tabindex="0">)<svg\b.*?</svg>'
    r'|<details class="ev-chart__data" data-search-exclude>.*?</details>'
    r'|<ol class="ev-notes" data-search-exclude>.*?</ol>',
    re.S,
)
ASIDE_PLACEHOLDER = re.compile(r"<!--ev-aside (\d+)-->")
# Keyboard users must reach a code block to scroll it. Material's script makes the scrollable ones focusable;
# it starts on the first interaction, so every block starts focusable and the script drops those that fit.
CODE_BLOCK = re.compile(r"(<pre\b[^>]*>(?:<span></span>)?)<code>")
_project = PROJECT_ROOT  # the folder of the mkdocs.yml being built, set in on_config
_loaded: list[tuple[Registry, dict[str, StudyData]]] = []  # this build's results, set in on_config


def _data_dir() -> Path:
    return _project / "data"


@functools.lru_cache(maxsize=1)
def _aliases_of(path: Path, modified: float) -> dict[str, str]:
    return load_aliases(path)


def _aliases() -> dict[str, str]:
    """The anchor aliases, read again only when their file changes."""
    path = _data_dir() / "site" / "anchor-aliases.yml"
    return _aliases_of(path, path.stat().st_mtime if path.is_file() else 0.0)


def _results() -> tuple[Registry, dict[str, StudyData]]:
    return _loaded[0]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _project
    _project = Path(config.config_file_path).resolve().parent
    build_info.cache_clear()  # and the data hash shown on every page
    _citation_files.clear()
    _stashes.clear()
    _set_aside.clear()
    if build_info(_project).version:  # a release built by mike: show Material's version selector
        config.extra["version"] = {"provider": "mike", "default": "latest"}
    # `mkdocs serve` reloads the config on every rebuild: the results follow data/ (unchanged inputs are kept
    # in memory). When they are computed, the render worker starts first, so its engine warms up meanwhile.
    try:
        _loaded[:] = [cached_registry(_data_dir(), _project / ".cache", before_computing=RENDERER.start)]
    except EvidenceError as error:
        raise PluginError(f"data error: {error}") from None
    registry = _loaded[0][0]
    prerender(result for result in registry if isinstance(result, Chart))
    log.info("evidence registry: %d results", len(registry))
    return config


def on_serve(
    server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[[], None]
) -> LiveReloadServer:
    """Rebuild when the data or the analysis package changes, not only the pages."""
    server.watch(str(_data_dir()))
    server.watch(str(Path(__file__).resolve().parent))
    return server


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _expand_page(markdown, page)


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: object) -> dict:
    """Citation metadata, the 'Cite this page' box, the build line and, for releases, the canonical link."""
    info = build_info(_project)
    _, studies = _results()
    title = _heading(page) or page.title or config.site_name
    cited = cite_page(
        config.site_name,
        config.site_url or "",
        page.url,
        title,
        page.meta.get("description", ""),
        studies,
        info,
    )
    _citation_files.update(cited.files)
    page.meta.update(ev_head=cited.head, ev_cite=cited.box, ev_build=info)
    _relative_language_links(config)
    if cited.canonical_url:
        page.canonical_url = cited.canonical_url
    published = bool(config.extra.get("published_url"))
    page.meta["ev_hreflang"] = _translations(page, Path(config.docs_dir)) if published else []
    return context


def _translations(page: Page, docs_dir: Path) -> list[tuple[str, str]]:
    """The page and its translation as (language, absolute address), for hreflang links; none without one.

    Search engines want absolute addresses, and a page only names its own translations (the language switch
    in the header is a different thing: it leads to each language's home page). Only published builds carry
    them: Material fetches the site map beside each one, which a local server could not reach.
    """
    canonical, url = page.canonical_url or "", page.url
    if not canonical.startswith(("http://", "https://")) or not canonical.endswith(url):
        return []
    root = canonical[: len(canonical) - len(url)]
    language = page_language(page.file.src_uri)
    stem = page.file.src_uri.removesuffix(".md").removesuffix(f".{language}")
    addresses = {DEFAULT_LANGUAGE: url if language == DEFAULT_LANGUAGE else url.removeprefix(f"{language}/")}
    for other in LANGUAGES:
        if other != DEFAULT_LANGUAGE:
            addresses[other] = f"{other}/{addresses[DEFAULT_LANGUAGE]}"
    sources = {
        other: f"{stem}.md" if other == DEFAULT_LANGUAGE else f"{stem}.{other}.md" for other in LANGUAGES
    }
    present = [other for other in LANGUAGES if (docs_dir / sources[other]).is_file()]
    return [(other, root + addresses[other]) for other in present] if len(present) > 1 else []


def _relative_language_links(config: MkDocsConfig) -> None:
    """Point the language switch at each language's root, relative to the site.

    mkdocs-static-i18n writes absolute paths under site_url (wrong in a versioned release X.Y/ and on a local
    server) or the page's own translation; Material fetches `sitemap.xml` beside each link and, from it,
    switches to the same page in the other language, so the link must be a folder that has a sitemap.
    """
    # The plugin sets `extra.alternate` as an attribute, which is what the theme's template reads.
    for alternate in getattr(config.extra, "alternate", None) or []:
        language = alternate["lang"]
        alternate["link"] = "." if language == DEFAULT_LANGUAGE else f"{language}/"


def _language_sitemaps(site: Path) -> None:
    """Give each translation's folder a copy of the site map, which the language switch reads."""
    sitemap = site / "sitemap.xml"
    for language in LANGUAGES:
        target = site / language / "sitemap.xml"
        if language != DEFAULT_LANGUAGE and sitemap.is_file() and target.parent.is_dir():
            content = sitemap.read_bytes()
            if not target.is_file() or target.read_bytes() != content:
                target.write_bytes(content)


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """Theme pages outside the navigation (the 404 page) get the same Content-Security-Policy."""
    return add_policy(output_content, allow_eval=False) if template_name.endswith(".html") else output_content


def _heading(page: Page) -> str | None:
    """The page's own first-level heading, which names it more fully than its navigation label."""
    first = page.toc.items[0] if page.toc.items else None
    return first.title if first is not None and first.level == 1 else None


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    aside = _set_aside.pop(page.file.src_uri, [])
    output = ASIDE_PLACEHOLDER.sub(lambda match: aside[int(match.group(1))], output)
    _refuse_raw_shortcodes(output, page)
    output = add_alias_targets(output, page.url, _aliases())
    return add_policy(output, allow_eval='class="ev-chart"' in output)


def _expand_page(markdown: str, page: Page) -> str:
    path = f"docs/{page.file.src_uri}"
    if "reviewed" not in page.meta:
        raise PluginError(
            f"{path}: front matter lacks 'reviewed: YYYY-MM-DD' (every page shows when it was last reviewed)"
        )
    registry, studies = _results()
    site_root, language = _site_root(page), page_language(page.file.src_uri)
    source = (site_root, language, markdown)
    last = _expansions.get(page.file.src_uri)
    if last is not None and last.registry is registry and last.source == source:
        _stashes[page.file.src_uri] = dict(last.stash)
        return last.expanded
    context = PageContext(path, registry, studies, chart_to_svg, site_root, language=language, stash={})
    try:
        expanded = expand(markdown, context)
    except RenderError as error:
        raise PluginError(f"{path}: chart rendering failed: {error}") from None
    except EvidenceError as error:
        raise PluginError(str(error)) from None
    _stashes[page.file.src_uri] = context.stash or {}
    _expansions[page.file.src_uri] = _Expansion(registry, source, expanded, dict(context.stash or {}))
    return expanded


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put the rendered tables, charts and numbers back into the converted page.

    What SET_ASIDE matches waits until on_post_page: the search plugin indexes the content in between, and
    parsing the SVGs, data tables and notes it would leave out was most of its work on a results page.
    """
    try:
        restored = restore(html, _stashes.pop(page.file.src_uri, {}), f"docs/{page.file.src_uri}")
    except EvidenceError as error:
        raise PluginError(str(error)) from None
    aside: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        aside.append(match.group(0))
        return f"<!--ev-aside {len(aside) - 1}-->"

    restored = SET_ASIDE.sub(set_aside, restored)
    _set_aside[page.file.src_uri] = aside
    return CODE_BLOCK.sub(r'\1<code tabindex="0">', restored)


def on_post_build(*, config: MkDocsConfig) -> None:
    try:
        RENDERER.finish()
    except RenderError as error:
        raise PluginError(f"chart rendering failed: {error}") from None
    registry, studies = _results()
    try:
        count = publish_files(Path(config.site_dir), registry, studies, _citation_files)
    except EvidenceError as error:
        raise PluginError(str(error)) from None
    _language_sitemaps(Path(config.site_dir))
    log.info("evidence downloads: %d files", count)


def _site_root(page: Page) -> str:
    """The relative address of the site root from a page ("../../" for "studies/x/findings/")."""
    return "../" * page.url.count("/")


def _refuse_raw_shortcodes(output: str, page: Page) -> None:
    """A shortcode that reached the HTML unexpanded would ship as an invisible gap: stop instead."""
    if OPENING.search(output):
        raise PluginError(f"docs/{page.file.src_uri}: an unexpanded shortcode reached the HTML output")
