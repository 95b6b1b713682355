"""MkDocs hook events for the evidence pages: a thin adapter over the engine-agnostic stages.

Registered in mkdocs.yml under `hooks:`. All of a build's state lives on one `BuildState`, made in on_config
from the `mkdocs.yml` being built; a `mkdocs serve` rebuild makes a new one and keeps from the last only what
is keyed on unchanged inputs. Every error on bad input becomes a PluginError, which MkDocs prints as one line
and exits non-zero (no traceback).
"""

from __future__ import annotations

import html
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from myositis_evidence.charts.render_worker import RenderError, RenderWorker
from myositis_evidence.charts.svg import ChartImages, ForeignDrawing, MissingDrawing, drawing_keys
from myositis_evidence.charts.vega_bundle import VEGA_BUNDLE, vega_bundle
from myositis_evidence.dataset.files import check_data_folder
from myositis_evidence.dataset.languages import page_language
from myositis_evidence.dataset.yaml_source import read_text, refuse_invisible_characters
from myositis_evidence.errors import EvidenceError
from myositis_evidence.hooks.build_results import BuildResults
from myositis_evidence.hooks.language_pass import second_language_pass
from myositis_evidence.pages.expansion_memo import Expansion, ExpansionMemo, PageSource
from myositis_evidence.pages.shortcode_syntax import OPENING
from myositis_evidence.pages.sources import (
    check_notebook,
    check_snippets,
    front_matter_lines,
    require_inside,
    review_date,
)
from myositis_evidence.pages.stash import Stash
from myositis_evidence.project import Project
from myositis_evidence.results.cache import inputs_key
from myositis_evidence.site.addresses import release_site_url
from myositis_evidence.site.anchors import add_alias_targets, load_aliases
from myositis_evidence.site.assets import check_asset, is_checked_asset
from myositis_evidence.site.build_info import BuildInfo, build_info
from myositis_evidence.site.csp import (
    SiteScripts,
    checked_policy,
    insert_policy,
    scripts_fingerprint,
    site_scripts,
)
from myositis_evidence.site.i18n import language_sitemaps, relative_language_links, translations
from myositis_evidence.site.page_checks import PageChecks
from myositis_evidence.site.page_citation import cite_page
from myositis_evidence.site.policy_memo import PolicyMemo
from myositis_evidence.site.publishing import publish_files
from myositis_evidence.site.release_metadata import release_files
from myositis_evidence.site.result_citation import add_result_citations
from myositis_evidence.site.search_view import for_search, published
from myositis_evidence.site.theme_pin import ThemeVersionError, checked_material_version

log = logging.getLogger("mkdocs.plugins.myositis_evidence")

# Keyboard users must reach a code block to scroll it. Material's script makes the scrollable ones focusable;
# it starts on the first interaction, so every block starts focusable and the script drops those that fit.
CODE_BLOCK = re.compile(r"(<pre\b[^>]*>(?:<span></span>)?)<code>")


@dataclass
class BuildState:
    """Everything one build knows: its project, inputs, results and what pages hand to later events."""

    project: Project
    inputs: str  # the results' input key: data files, package source, library versions
    results: BuildResults  # the dataset and registry are loaded only if a page is expanded anew
    info: BuildInfo
    images: ChartImages
    aliases: dict[str, str]
    downloads: dict[str, str]
    policies: PolicyMemo  # pages already read and found safe, by their bytes (shared with the last build)
    expansions: ExpansionMemo  # pages already expanded, by their source (shared with the last build)
    # Pages read in full in a second process, or None to read each at once (`mkdocs serve`, which shows an
    # unsafe page's error as soon as the page is saved)
    checks: PageChecks | None
    citation_files: dict[str, str] = field(default_factory=dict)
    stashes: dict[str, Stash] = field(default_factory=dict)  # per page, until the Markdown is converted
    asides: dict[str, Stash] = field(default_factory=dict)  # per page, kept from the search plugin
    # per page, its charts' stand-ins by drawing
    drawings: dict[str, Counter[str]] = field(default_factory=dict)
    # The scripts the theme's templates write, read once per build and template search path, and their digest
    allowed_scripts: dict[tuple[str, ...], tuple[SiteScripts, str]] = field(default_factory=dict)
    # False for a further language's pass (mkdocs-static-i18n), which only adds pages to the same site: the
    # downloads and release files are the first pass's
    first_language: bool = True

    def next_language(self) -> BuildState:
        """The state of a further language's pass inside this build: the same inputs, results and chart
        images (the data cannot change within one build), nothing of this pass's pages."""
        return replace(self, citation_files={}, stashes={}, asides={}, drawings={}, first_language=False)

    def with_drawings(self, html: str, src_uri: str) -> str:
        """The page with its charts' drawings in place of their stand-ins (charts/svg.py)."""
        keys = self.drawings.pop(src_uri, Counter())
        try:
            try:
                return self.images.insert_drawings(html, keys)
            except MissingDrawing:  # the page came from the memo, and the drawing's file has gone since
                self.results.draw_missing()
                return self.images.insert_drawings(html, keys)
        except RenderError as error:
            raise PluginError(f"{_source_name(src_uri)}: chart rendering failed: {error}") from None
        except (ForeignDrawing, MissingDrawing) as error:
            raise PluginError(f"{_source_name(src_uri)}: {error}") from None

    def scripts_allowed(self, config: MkDocsConfig) -> tuple[SiteScripts, str]:
        own = _own_scripts(config)
        key = (*map(str, config.theme.dirs), "\0", *own)
        if key not in self.allowed_scripts:
            allowed = site_scripts(config.theme.dirs, own)
            self.allowed_scripts[key] = (allowed, scripts_fingerprint(allowed))
        return self.allowed_scripts[key]

    def with_policy(
        self, html: str, page: str, *, allow_eval: bool, config: MkDocsConfig, read_later: bool = False
    ) -> str:
        """The page with its Content-Security-Policy. A page not seen before is read in full first or, with
        read_later, while the build goes on (site/page_checks.py; the build fails in finish_checks)."""
        allowed, fingerprint = self.scripts_allowed(config)
        if read_later and self.checks is not None:
            digest = self.policies.digest(html, fingerprint, allow_eval)
            page_policy = self.policies.kept(page, digest) or self.checks.policy(
                html,
                page=page,
                digest=digest,
                allow_eval=allow_eval,
                allowed=allowed,
            )
        else:

            def check() -> str:
                return checked_policy(
                    html, page=page, allow_eval=allow_eval, allowed=allowed, error=PluginError
                )

            page_policy = self.policies.policy(page, html, fingerprint, allow_eval, check)
        return insert_policy(html, page_policy, page, PluginError)

    def finish_checks(self) -> None:
        """Wait for the pages read in the second process; stop the build on the first unsafe one."""
        if self.checks is None:
            return
        try:
            checked = self.checks.finish()
        except EvidenceError as error:  # an unsafe page, or the reading process stopped
            raise PluginError(str(error)) from None
        for page in checked:
            self.policies.keep(page.page, page.digest, page.policy)


class _Builds:
    """The state of the build in progress (under `mkdocs serve`, the latest rebuild), set by on_config, and
    whether the builds are `mkdocs serve`'s, set by on_startup."""

    current: BuildState | None = None
    serving: bool = False


_builds = _Builds()


def _current() -> BuildState:
    if _builds.current is None:
        raise PluginError("the evidence hooks ran before on_config")
    return _builds.current


def _start_build(project: Project, previous: BuildState | None) -> BuildState:
    """Load the inputs and the results, reusing the last build's where their inputs are unchanged."""
    check_data_folder(project.data_dir)  # before anything reads or hashes what lies under data/
    key = inputs_key(project.data_dir)
    images = ChartImages(project.cache_dir, RenderWorker())
    if previous is not None and previous.project == project and previous.inputs == key:
        results, downloads = previous.results, previous.downloads
        results.images = images  # this build's worker draws any drawing gone from the cache (draw_missing)
        expansions, policies = previous.expansions, previous.policies
    else:
        results = BuildResults(project, key, images)
        downloads = {**results.summary.downloads, VEGA_BUNDLE: vega_bundle()}
        expansions = ExpansionMemo.load(project.cache_dir, key)
        policies = PolicyMemo.load(project.cache_dir, key)
        if _builds.serving:  # the reader is editing pages: have what an edited page needs at hand
            results.load()
    return BuildState(
        project,
        key,
        results,
        build_info(project.root),
        images,
        load_aliases(project.anchor_aliases),
        downloads,
        policies,
        expansions,
        # Every chart went to the render worker before the pages were converted; its input is closed before the
        # reading process is forked from this one (site/page_checks.py).
        None if _builds.serving else PageChecks(before_fork=images.worker.close_input),
    )


# ---- events ----------------------------------------------------------------------------------------------


def on_startup(*, command: str, dirty: bool) -> None:
    """`mkdocs serve` rebuilds on every edit: its first build loads the dataset and the registry, which the
    pages' memo spares a one-off build, so an edited page is expanded at once."""
    _builds.serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # `mkdocs serve` reloads the config on every rebuild: the state follows data/ and the package.
    try:
        # The overrides in overrides/ reach into the theme's internals: refuse any other theme version.
        config.extra["material_version"] = checked_material_version()
    except ThemeVersionError as error:
        raise PluginError(str(error)) from None
    try:
        if _builds.current is not None and second_language_pass(config):
            state = _builds.current.next_language()
        else:
            state = _start_build(Project.from_config_file(config.config_file_path), _builds.current)
    except EvidenceError as error:
        raise PluginError(f"data error: {error}") from None
    _builds.current = state
    # mike appends the release's folder to site_url without a slash ("…/1.0"): sitemaps and hreflang join
    # addresses to it, so it must end in one.
    config.site_url = release_site_url(config.site_url or "", state.info.version)
    if state.info.version:  # a release built by mike: show Material's version selector
        config.extra["version"] = {"provider": "mike", "default": "latest"}
    log.info("evidence registry: %d results", state.results.summary.count)
    return config


def on_serve(
    server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[[], None]
) -> LiveReloadServer:
    """Rebuild when the data or the analysis package changes, not only the pages."""
    server.watch(str(_current().project.data_dir))
    server.watch(str(Path(__file__).resolve().parents[1]))
    return server


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Every page source lies inside the project (a symlink must not publish the build machine's files), and
    every notebook is valid JSON."""
    state, docs_dir = _current(), Path(config.docs_dir)
    for file in files:
        source = Path(file.abs_src_path or "")
        if not file.abs_src_path or not source.is_relative_to(docs_dir):
            continue  # the theme's own files
        name = _source_name(file.src_uri)
        try:
            require_inside(source, state.project.root, name)
            if file.src_uri.endswith(".md"):
                read_text(source)  # MkDocs would stop with a traceback on a page that is not UTF-8
            if file.src_uri.endswith(".ipynb"):
                check_notebook(source, name)
            if is_checked_asset(file.src_uri):  # an SVG or HTML file runs its own scripts when opened
                check_asset(name, read_text(source), error=PluginError)
        except EvidenceError as error:
            raise PluginError(str(error)) from None
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    state, root = _current(), _current().project.root
    offset = front_matter_lines(page.file.content_string)
    try:
        refuse_invisible_characters(Path(_page_name(page)), page.file.content_string)
        review_date(page.meta.get("reviewed"), _page_name(page))
        _refuse_markup_in_title(page.meta.get("title"), _page_name(page))
        check_snippets(markdown, _page_name(page), root, root, offset)
    except EvidenceError as error:
        raise PluginError(str(error)) from None
    return _expand_page(markdown, page, state)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put the rendered tables, charts and numbers back into the converted page.

    The search plugin indexes the content next: what it should not read waits in a stash until on_post_page
    (site/search_view.py).
    """
    state, name = _current(), _page_name(page)
    try:
        restored = state.stashes.pop(page.file.src_uri, Stash(name)).restore(html)
    except EvidenceError as error:
        raise PluginError(str(error)) from None
    aside = Stash(name, hidden=True)
    restored = for_search(restored, aside)
    state.asides[page.file.src_uri] = aside
    return CODE_BLOCK.sub(r'\1<code tabindex="0">', restored)


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav: object) -> dict:
    """Citation metadata, the 'Cite this page' box, the build line and, for releases, the canonical link."""
    state = _current()
    language = page_language(page.file.src_uri)
    cited = cite_page(
        config.site_name,
        config.site_url or "",
        page.url,
        _heading(page) or page.title or config.site_name,
        page.meta.get("description", ""),
        state.results.summary.references,
        state.info,
        language,
        page.file.content_string,
        page.content or "",
    )
    state.citation_files.update(cited.files)
    page.meta.update(ev_head=cited.head, ev_cite=cited.box, ev_build=state.info)
    if page.file.src_uri.startswith("studies/") and page.parent is not None and "title" not in page.meta:
        # "Findings – HIIT trial (2025)": each study has a Findings page, and a title must name its page.
        page.meta["title"] = f"{page.title} – {page.parent.title}"
    # mkdocs-static-i18n sets `extra.alternate` as an attribute, which is what the theme's template reads.
    relative_language_links(getattr(config.extra, "alternate", None) or [])
    if cited.canonical_url:
        page.canonical_url = cited.canonical_url
    published = bool(config.extra.get("published_url"))
    page.meta["ev_hreflang"] = (
        translations(page.file.src_uri, page.url, page.canonical_url or "", Path(config.docs_dir))
        if published
        else []
    )
    return context


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """Theme pages outside the navigation (the 404 page) get the same Content-Security-Policy."""
    if not template_name.endswith(".html"):
        return output_content
    return _current().with_policy(output_content, template_name, allow_eval=False, config=config)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    state = _current()
    aside = state.asides.pop(page.file.src_uri, Stash(_page_name(page), hidden=True))
    try:
        output = published(output, aside)
    except EvidenceError as error:
        raise PluginError(str(error)) from None
    _refuse_raw_shortcodes(output, page)
    output = state.with_drawings(output, page.file.src_uri)
    output = add_alias_targets(output, page.url, state.aliases)
    output, result_files = add_result_citations(
        output,
        page.url,
        config.site_url or "",
        state.info,
        page_language(page.file.src_uri),
        page_title=html.unescape(_heading(page) or page.title or ""),
        site_name=config.site_name,
    )
    state.citation_files.update(result_files)
    return state.with_policy(
        output,
        _page_name(page),
        allow_eval='class="ev-chart"' in output,
        config=config,
        read_later=True,
    )


def on_build_error(*, error: Exception) -> None:
    """A failed build reads no more pages: end the process reading them."""
    if _builds.current is not None and _builds.current.checks is not None:
        _builds.current.checks.abandon()


def _own_scripts(config: MkDocsConfig) -> list[str]:
    """The site's own script files (mkdocs.yml `extra_javascript`), the only ones a page may load but the
    theme's bundle."""
    return [str(script) for script in config.extra_javascript]


def _publish_pass(*, config: MkDocsConfig) -> None:
    """Each language's pass: its citation files, and the first pass's downloads and release files."""
    state = _current()
    try:
        state.images.worker.finish()
    except RenderError as error:
        raise PluginError(f"chart rendering failed: {error}") from None
    site = Path(config.site_dir)
    files = dict(state.citation_files)
    if state.first_language:
        files |= {**state.downloads, **release_files(state.project.root, state.info, state.downloads)}
    count = publish_files(site, files)
    for relative, content in language_sitemaps(site).items():
        path = site / relative
        if not path.is_file() or path.read_bytes() != content:
            path.write_bytes(content)
    log.info("evidence downloads: %d files", count)


@event_priority(-105)
def _collect_readings(*, config: MkDocsConfig) -> None:
    """Once every language's pass is written (mkdocs-static-i18n builds the others at priority -100) and before
    the staged site is swapped in (-110): wait for the pages' security readings, which went on meanwhile, and
    stop the build on an unsafe page; then keep what this build learnt. The passes share one PageChecks and one
    pair of memos (BuildState.next_language)."""
    if second_language_pass(config):
        return
    state = _current()
    state.finish_checks()
    state.policies.save()
    state.expansions.save()


on_post_build = CombinedEvent(_publish_pass, _collect_readings)


# ---- pages -----------------------------------------------------------------------------------------------


def _expand_page(markdown: str, page: Page, state: BuildState) -> str:
    """The page with its shortcodes expanded (from the memo when its source and the inputs are unchanged); what
    they render waits in the page's stash until the Markdown is converted."""
    source = PageSource(
        _page_name(page),
        _site_root(page),
        page_language(page.file.src_uri),
        bool(page.meta.get("plain_language")),
        front_matter_lines(page.file.content_string),
        markdown,
    )
    expansion = state.expansions.get(source)
    if expansion is None:
        expansion = _expanded(source, state)
        state.expansions.put(source, expansion)
    state.stashes[page.file.src_uri] = Stash(source.page, list(expansion.kept))
    state.drawings[page.file.src_uri] = drawing_keys("".join(expansion.kept))
    return expansion.markdown


def _expanded(source: PageSource, state: BuildState) -> Expansion:
    from myositis_evidence.pages.shortcodes import PageContext, expand  # heavy: the data models

    stash = Stash(source.page)
    context = PageContext(
        source.page,
        state.results.registry,
        state.results.dataset,
        state.images.placeholders,  # the drawings go in once every page is converted (on_post_page)
        source.site_root,
        language=source.language,
        stash=stash,
        line_offset=source.line_offset,
        plain_language=source.plain_language,
    )
    try:
        expanded = expand(source.markdown, context)
    except RenderError as error:
        raise PluginError(f"{source.page}: chart rendering failed: {error}") from None
    except EvidenceError as error:
        raise PluginError(str(error)) from None
    return Expansion(expanded, tuple(stash.kept))


def _page_name(page: Page) -> str:
    return _source_name(page.file.src_uri)


def _source_name(src_uri: str) -> str:
    """How errors name a page's source file: by its path in the project."""
    return f"docs/{src_uri}"


def _heading(page: Page) -> str | None:
    """The page's own first-level heading, which names it more fully than its navigation label."""
    first = page.toc.items[0] if page.toc.items else None
    return first.title if first is not None and first.level == 1 else None


def _site_root(page: Page) -> str:
    """The relative address of the site root from a page ("../../" for "studies/x/findings/")."""
    return "../" * page.url.count("/")


def _refuse_markup_in_title(title: object, page: str) -> None:
    """The theme writes a front matter's title into the page unescaped: it must be plain text."""
    if isinstance(title, str) and "<" in title:
        raise EvidenceError(f"{page}: the front matter's title holds markup ('<'): write it as plain text")


def _refuse_raw_shortcodes(output: str, page: Page) -> None:
    """A shortcode that reached the HTML unexpanded would ship as an invisible gap: stop instead."""
    if OPENING.search(output):
        raise PluginError(f"{_page_name(page)}: an unexpanded shortcode reached the HTML output")
