"""The check of a built site that does not depend on the build hook: it reads only the folder MkDocs wrote.

The hook refuses raw shortcodes and unsafe scripts while it builds, but a guard inside the thing it guards is
gone when that thing is: with the hook removed from mkdocs.yml the site still builds, with every number missing
and no Content-Security-Policy. `python -m myositis_evidence check-site SITE_DIR` (run by `make build`) finds
that, and everything else a page must never ship with: the same page rules as the hook's (site/csp.py), the
same asset rules for every SVG, XHTML and XML file (site/assets.py), script files that exist, stash tokens in
any file, and, given the project (`--project`, by default the current folder when it holds mkdocs.yml), every
published page and anchor still served.
"""

from __future__ import annotations

import ast
import importlib.util
import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from myositis_evidence.errors import display_path
from myositis_evidence.pages.shortcodes import RENDERERS
from myositis_evidence.project import Project
from myositis_evidence.site.anchors import load_aliases, load_published, missing_links
from myositis_evidence.site.assets import asset_problems
from myositis_evidence.site.csp import (
    PageMarkup,
    SiteScripts,
    read_markup,
    script_hash,
    site_script_path,
    site_scripts,
    unsafe_markup,
)

# Loose on purpose: a misspelt, mis-spaced or colon-less shortcode (`<!--md:`, `<!-- M D :`, `<!-- md value`,
# `<!-- mdvalue`) ships as silently as a raw one.
SHORTCODE_LIKE = re.compile(
    r"<!--\s*m\s*d(?:\b|_|"
    + "|".join(re.escape(kind) for kind in sorted(RENDERERS, key=len, reverse=True))
    + ")",
    re.I,
)
SHORTCODE_KIND = re.compile(r"\bm\s*d\s*:\s*[a-z]", re.I)
STASH_TOKEN = re.compile(r"EVSTASH\d+X")
# A chart whose drawing never replaced its stand-in, however the attribute is spelt (charts/svg.py)
DRAWING_STAND_IN = re.compile(r"<[a-z][^>]*[\s/]data-ev-drawing\b", re.I)
# A result placeholder as data and pages write them, `{study-id.result.id}`, left unfilled in the text. Study
# ids are name-year slugs (hiit-2025), so the hyphen keeps code such as f"{result.id}" in a notebook's copy text
# from counting.
RESULT_PLACEHOLDER = re.compile(r"\{[a-z0-9]+(?:-[a-z0-9]+)+(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+\}")
# The only sources a script-src may name: the site itself, hashes of its own scripts, and eval for the charts.
SCRIPT_SOURCE = re.compile(r"'self'|'unsafe-eval'|'none'|'sha256-[A-Za-z0-9+/]+={0,2}'")
# Pages that give medical information carry the disclaimer and their review date, in their language.
REVIEWED_SECTIONS = ("studies", "patients")
FOOTER_WORDING = {
    "en": ("Not medical advice", "Last reviewed:"),
    "ja": ("医療上の助言ではありません", "最終確認日："),
}
# Files served as they are, without a page's policy: checked as assets. (.html files are checked as pages.)
ASSET_SUFFIXES = (".svg", ".htm", ".xhtml", ".xml")
# Files that are not text (read for stash tokens only when they decode).
BINARY_SUFFIXES = (".gz", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".pdf")
# A redirect stub's address: it is written into a quoted script string, so nothing that could end the string.
_STUB_ADDRESS = r"(?![\x00-\x20]*javascript:)[^\"'<>\s\\]+"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file of a built site."""

    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def check_site(
    site_dir: Path, template_dirs: Sequence[Path], project: Project | None = None
) -> list[Problem]:
    """Every problem in the site built into site_dir; template_dirs is the theme's template search path.

    With a project, its mkdocs.yml names the site's own scripts (`extra_javascript`) and redirects, and every
    page and anchor of its published list must still be served. Redirect stubs written by mkdocs-redirects are
    recognised by their exact shape and skipped.
    """
    config = mkdocs_config(project.root / "mkdocs.yml") if project is not None else None
    allowed = site_scripts(template_dirs, None if config is None else extra_javascript(config))
    stub = redirect_stub_shape()
    pages = sorted(site_dir.rglob("*.html"))
    if not pages:
        return [Problem(display_path(site_dir), "no HTML pages: is this a built site?")]
    problems = []
    for path in pages:
        text = path.read_text(encoding="utf-8")
        if stub is None or not stub.fullmatch(text):
            relative = path.relative_to(site_dir).as_posix()
            found = page_problems(relative, text, allowed, site_dir)
            problems += [Problem(display_path(path), problem) for problem in found]
    problems += _file_problems(site_dir)
    if project is not None and config is not None:
        problems += _published_problems(site_dir, project, config)
    return problems


def page_problems(relative: str, html: str, allowed: SiteScripts, site_dir: Path | None = None) -> list[str]:
    """Every problem in one HTML page, whose path relative to the site root is `relative`; with the site's
    folder, also every script file the page loads that the site does not hold."""
    markup = read_markup(html)
    return [
        *_leftover_problems(html, markup),
        *_policy_problems(markup),
        *unsafe_markup(markup, allowed),
        *_footer_problems(relative, html, markup),
        *(_script_file_problems(site_dir, relative, markup) if site_dir is not None else ()),
    ]


# ---- files that are not pages ----------------------------------------------------------------------------


def _file_problems(site_dir: Path) -> Iterator[Problem]:
    """Assets that could run or load anything, and stash tokens in any file but a page (pages say the line)."""
    for path in sorted(site_dir.rglob("*")):
        name = path.name.lower()
        if not path.is_file() or name.endswith(".html") or name.endswith(BINARY_SUFFIXES):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if name.endswith(ASSET_SUFFIXES):
            yield from (Problem(display_path(path), problem) for problem in asset_problems(text))
        token = STASH_TOKEN.search(text)
        if token is not None:
            yield Problem(
                display_path(path), f"a stash token {token.group(0)} (a result that was never restored)"
            )


def _script_file_problems(site_dir: Path, relative: str, markup: PageMarkup) -> Iterator[str]:
    """A script the page loads must be a file of this site, reached from the page without leaving the site."""
    page_folder = posixpath.dirname(relative)
    for script in markup.scripts:
        src = script.attributes.get("src")
        path = site_script_path(src) if src is not None and not script.in_content else None
        if src is None or path is None:
            continue  # refused already, or not a script file
        resolved = path if src.startswith("/") else posixpath.normpath(posixpath.join(page_folder, src))
        if resolved != path or not (site_dir / path).is_file():
            yield f"HTML line {script.line}: script {src[:60]!r} is not a file of the built site"


# ---- the project's promises ------------------------------------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: its tags (`!ENV`, `!!python/name:`) stand for values read as None."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_config(path: Path) -> dict[str, Any]:
    """A project's mkdocs.yml as plain data (empty if there is none)."""
    if not path.is_file():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return data if isinstance(data, dict) else {}


def extra_javascript(config: dict[str, Any]) -> list[str]:
    """The site's own script files: mkdocs.yml's `extra_javascript`, each a path or a `path:` mapping."""
    entries = config.get("extra_javascript") or []
    return [str(entry.get("path", "")) if isinstance(entry, dict) else str(entry) for entry in entries]


def redirect_maps(config: dict[str, Any]) -> dict[str, str]:
    """mkdocs-redirects' `redirect_maps` ("old.md": "new.md") from mkdocs.yml's plugins."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("redirects"), dict):
            return dict(plugin["redirects"].get("redirect_maps") or {})
    return {}


def _published_problems(site_dir: Path, project: Project, config: dict[str, Any]) -> Iterator[Problem]:
    """Every published page and anchor the site no longer serves, with neither a redirect nor an alias."""
    published = load_published(project.published_anchors)
    aliases = load_aliases(project.anchor_aliases)
    for item in missing_links(site_dir, published, redirect_maps(config), aliases):
        yield Problem(
            display_path(project.published_anchors),
            f"published {item} is no longer served (add a redirect in mkdocs.yml or an alias in "
            f"{display_path(project.anchor_aliases)})",
        )


# ---- what the build should have replaced ------------------------------------------------------------------


def _leftover_problems(html: str, markup: PageMarkup) -> Iterator[str]:
    """Raw or misspelt shortcodes, stash tokens and unfilled result placeholders."""
    for match in SHORTCODE_LIKE.finditer(html):
        yield f"HTML line {_line(html, match.start())}: a raw or misspelt shortcode {_excerpt(html, match.start())!r}"
    for comment in markup.comments:
        if SHORTCODE_KIND.search(comment) and not SHORTCODE_LIKE.match(f"<!--{comment}"):
            yield f"a comment holds a shortcode kind: {' '.join(comment.split())[:60]!r}"
    for match in STASH_TOKEN.finditer(html):
        yield f"HTML line {_line(html, match.start())}: a stash token {match.group(0)} (a result that was never restored)"
    for match in DRAWING_STAND_IN.finditer(html):
        yield f"HTML line {_line(html, match.start())}: a chart's stand-in that its drawing never replaced"
    for text in markup.texts:
        for match in RESULT_PLACEHOLDER.finditer(text):
            yield f"an unfilled result placeholder {match.group(0)}"


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _excerpt(text: str, offset: int) -> str:
    return " ".join(text[offset : offset + 40].split())


# ---- the policy ------------------------------------------------------------------------------------------


def _policy_problems(markup: PageMarkup) -> Iterator[str]:
    """No policy, a policy that comes after a script, or one that lets other scripts run."""
    if not markup.policies:
        yield "no Content-Security-Policy meta tag"
        return
    if markup.script_before_policy:
        yield "a script comes before the Content-Security-Policy meta tag, which does not cover it"
    for content in markup.policies:
        directives = _directives(content)
        sources = directives.get("script-src", directives.get("default-src"))
        if sources is None:
            yield "the Content-Security-Policy restricts no scripts (no script-src or default-src)"
            continue
        for source in sources:
            if not SCRIPT_SOURCE.fullmatch(source):
                yield f"the Content-Security-Policy's script-src allows {source} (only 'self' and hashes may run)"
        hashes = {source[len("'sha256-") : -1] for source in sources if source.startswith("'sha256-")}
        for script in markup.scripts:
            if not script.external and script.data_type is None and script_hash(script.body) not in hashes:
                yield f"HTML line {script.line}: an inline script the page's policy does not allow (browsers block it)"


def _directives(policy: str) -> dict[str, list[str]]:
    """A policy's directives by name, each with its sources; the first of a repeated name counts, as in CSP."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        if part.strip():
            name, *sources = part.split()
            directives.setdefault(name.lower(), sources)
    return directives


# ---- what every medical page shows -----------------------------------------------------------------------


def _footer_problems(relative: str, html: str, markup: PageMarkup) -> Iterator[str]:
    """A study or patient page without the disclaimer or the time element of its last review."""
    parts = relative.split("/")
    in_language_folder = len(parts) > 1 and parts[0] in FOOTER_WORDING  # ja/patients/… (mkdocs-static-i18n)
    language = parts[0] if in_language_folder else "en"
    section = parts[1] if in_language_folder else parts[0]
    if section not in REVIEWED_SECTIONS:
        return
    disclaimer, reviewed = FOOTER_WORDING[language]
    if disclaimer not in "".join(markup.texts):
        yield f"no {disclaimer!r} notice"
    if not re.search(re.escape(reviewed) + r"\s*<time\b[^>]*\bdatetime=\"\d{4}-\d{2}-\d{2}\"", html):
        yield f"no {reviewed!r} date in a <time datetime> element"


# ---- redirect stubs --------------------------------------------------------------------------------------


def redirect_stub_shape() -> re.Pattern[str] | None:
    """The whole page mkdocs-redirects writes for a moved page, any address in it, or None if not installed.

    Read from the plugin's source (its HTML_TEMPLATE) without importing it: only the hooks know the engine.
    """
    spec = importlib.util.find_spec("mkdocs_redirects")
    if spec is None or spec.origin is None or not Path(spec.origin).with_name("plugin.py").is_file():
        return None
    tree = ast.parse(Path(spec.origin).with_name("plugin.py").read_text(encoding="utf-8"))
    template = next(
        (
            node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and any(isinstance(target, ast.Name) and target.id == "HTML_TEMPLATE" for target in node.targets)
            and isinstance(node.value, ast.Constant)
        ),
        None,
    )
    if not isinstance(template, str) or "{url}" not in template:
        return None
    first, second, *rest = template.split("{url}")
    pattern = re.escape(first) + f"(?P<url>{_STUB_ADDRESS})" + re.escape(second)
    return re.compile(pattern + "".join("(?P=url)" + re.escape(part) for part in rest))
