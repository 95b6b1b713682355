"""A Content-Security-Policy for every page, as a meta tag (GitHub Pages cannot set headers), and the check that
a page runs only the scripts the site itself writes.

Only the site's own origin is allowed. Inline scripts are allowed by their SHA-256 hashes, never by
'unsafe-inline', and only the ones the site's templates write (THEME_SCRIPT_TEMPLATES, NOTEBOOK_SCRIPT_TEMPLATE),
identified from their source: a fixed body by its hash, a body with template values (Material's `__md_scope`
line) by its shape. A
policy that hashed whatever inline script a page holds would allow a `<script>` that arrived through the data
or a page's Markdown, so any other inline script, any event-handler attribute (`on…=`) and any `javascript:`
URL stops the build instead. Pages with charts also allow 'unsafe-eval', because Vega compiles chart
expressions with `Function` when a reader asks for the interactive version; the static SVG needs no script.

The site promises no third-party requests at view time, and a policy cannot keep every promise (it does not
govern where a page navigates, and only stops a foreign image when a browser enforces it). So the page itself
is read for what it would load:

- Within the content area (Material's `<article class="md-content__inner …">` up to the page's last
  `</article>`, so a smuggled `</article>` cannot end it early), which is what a page's Markdown and raw HTML
  write, no `<script>` (inline or with src), frame, embed, form or page-level tag (CONTENT_REFUSED_TAGS) may
  appear. The exceptions are the site's own template markup there: mkdocs-jupyter's copy-button scripts and
  the search form of the error page, recognised from their templates as the theme's scripts are.
- Anywhere on the page, nothing may load from another host or through a scheme: src, srcset, poster, data,
  ping, href on anything but a link (SVG `<image>`, `<use>`, …; `<link>` unless it only names a related page),
  `url(…)` in style attributes and elements, a refresh's address. Links the reader follows stay free.
- Outside the content area, a `<script src>` must name a script file of the site: Material's bundle (its
  address is written literally in the theme's base.html) or a file of mkdocs.yml's `extra_javascript`, as a
  page-relative or root-absolute path. A caller that does not pass `extra_javascript` allows any `.js` path
  under the site's `assets/`; check-site also requires the file to exist in the built site.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import importlib.util
import json
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path

from myositis_evidence.errors import EvidenceError
from myositis_evidence.site.anchors import CONTENT_START

DATA_TYPES = ("application/json", "application/ld+json")
CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?>", re.I)

# The templates whose inline scripts the site writes, looked up on the theme's search path (overrides/ first,
# then Material's templates): the overrides' own scripts and the partials Material's base.html includes.
THEME_SCRIPT_TEMPLATES = (
    "main.html",
    "partials/search-on-demand.html",
    "partials/theme-on-interaction.html",
    "partials/outdated-version.html",  # a release's banner, naming the newest version from versions.json
    "partials/javascripts/palette.html",  # overrides/ replaces Material's
    "partials/javascripts/base.html",
    "partials/javascripts/content.html",
    "partials/javascripts/announce.html",
    "partials/javascripts/outdated.html",
    "partials/javascripts/consent.html",
)
# mkdocs-jupyter's page template (in its package's templates/): the notebook page's copy-button scripts.
NOTEBOOK_SCRIPT_TEMPLATE = "mkdocs_html/notebook.html.j2"
# The templates that write `<script src>` tags with a literal address (Material's bundle), and the ones that
# write a form into the content area (the error page's search box).
THEME_SOURCE_TEMPLATES = ("base.html", "main.html")
CONTENT_FORM_TEMPLATES = ("404.html",)

# What a page's content may not hold: what runs, embeds, submits, or changes the page as a whole.
# Elements whose content a browser reads otherwise than Python's parser does, so that markup inside them could
# be live for one and text for the other: HTML's raw-text elements beyond script (a comment in them is text to a
# browser), SVG's and MathML's own parsing (a <style> in an SVG holds markup) and template contents; and SVG
# animations, which can set an address this check never sees. The site's templates and pages write none.
MISREAD_TAGS = frozenset(
    {
        "style",
        "textarea",
        "xmp",
        "noembed",
        "noframes",
        "noscript",
        "plaintext",
        "template",
        "math",
    }
)
SVG_ANIMATIONS = frozenset({"animate", "set", "animatemotion", "animatetransform"})
CONTENT_REFUSED_TAGS = frozenset(
    {"script", "iframe", "object", "embed", "base", "meta", "link", "form", "frame", "frameset", "applet"}
)
# Attributes whose URL the browser fetches as the element is shown (srcset and ping hold several), and
# xml:base, which would move every relative address of an SVG to where it points.
RESOURCE_ATTRIBUTES = frozenset(
    {"src", "srcset", "imagesrcset", "poster", "data", "background", "ping", "xml:base"}
)
LIST_ATTRIBUTES = frozenset({"srcset", "imagesrcset", "ping"})
# href names a resource on everything but a link (SVG's <image>, <use>, <feImage>, gradients, <base>, …).
LINK_TAGS = frozenset({"a", "area"})
REFERENCE_ATTRIBUTES = frozenset({"href", "xlink:href"})
# A <link> whose rel is only these names a related page; any other rel (stylesheet, icon, preload) loads it.
NAVIGATION_RELS = frozenset(
    {"alternate", "author", "bookmark", "canonical", "help", "license", "me", "next", "prev", "search"}
)
# Attributes whose CSS may name a url(): style, and SVG's presentation attributes that take one.
CSS_ATTRIBUTES = frozenset({"style", "fill", "stroke", "filter", "mask", "clip-path", "cursor"}) | {
    f"marker-{end}" for end in ("start", "mid", "end")
}

_TEMPLATE_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_TEMPLATE_SCRIPT = re.compile(r"<script>(?P<body>.*?)</script>", re.S)
_TEMPLATE_VALUE = re.compile(r"\{\{.*?\}\}", re.S)
_INCLUDED_SCRIPT = re.compile(r"\{\{\s*resources\.include_js\(\"(?P<name>[^\"]+)\"\)\s*\}\}")
# A template value sits in a script's string literal: it may hold anything that can end neither the string
# nor the script (an address such as "../.." or "/myositis-evidence/").
_VALUE_SHAPE = r"[^\"'\\<>\n]*"
# How browsers read a URL attribute: tabs and newlines anywhere are dropped, leading controls and spaces too;
# a refresh names its address after "url=".
_URL_IGNORED = re.compile(r"[\t\n\r]")
_SCRIPT_URL = re.compile(r"^[\x00-\x20]*javascript:|url\s*=\s*['\"]?\s*javascript:", re.I)
_URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?(?P<url>[^'\"]*)", re.I)
_CSS_ESCAPE = re.compile(r"\\(?:(?P<code>[0-9a-fA-F]{1,6})\s?|(?P<char>.))", re.S)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
# What CSS may fetch: a url() argument, and any string (@import "…", image-set("…" 1x)).
_CSS_REFERENCE = re.compile(
    r"url\(\s*(?P<url>[^)'\"]*?)\s*\)|(?P<quote>['\"])(?P<string>.*?)(?P=quote)", re.I | re.S
)
_TEMPLATE_FORM = re.compile(r"<form\b[^>]*>")
_THEME_SCRIPT_SOURCE = re.compile(r"<script\b[^>]*\bsrc=\"\{\{\s*'(?P<path>[^']+)'\s*\|\s*url\s*\}\}\"")
# A same-site script address, once its leading "../" steps or root-absolute prefix are taken off.
_SITE_SCRIPT = re.compile(r"assets/(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*\.js")
_PATH_CHARACTERS = re.compile(r"[A-Za-z0-9._/-]+")


class UnsafePageError(EvidenceError):
    """A page holds a script the site does not write, an event-handler attribute or a `javascript:` URL."""


# ---- the scripts the site writes -------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteScripts:
    """The scripts the site's templates write: fixed bodies by hash, bodies with values by shape, the ones
    allowed inside the content area, the content forms, and the script files pages may load."""

    hashes: frozenset[str]
    shapes: tuple[re.Pattern[str], ...]
    content_hashes: frozenset[str] = frozenset()  # mkdocs-jupyter's scripts, in the notebook's content
    content_forms: tuple[re.Pattern[str], ...] = ()  # start tags of the templates' forms in the content
    theme_files: frozenset[str] = frozenset()  # site-root paths, e.g. assets/javascripts/bundle.….min.js
    own_files: frozenset[str] | None = None  # mkdocs.yml's extra_javascript; None: any .js under assets/

    def allows(self, body: str) -> bool:
        return script_hash(body) in self.hashes or any(shape.fullmatch(body) for shape in self.shapes)

    def loads(self, site_path: str) -> bool:
        """Whether a page may load the script file at this site-root path (see site_script_path)."""
        if site_path in self.theme_files:
            return True
        if self.own_files is None:
            return bool(_SITE_SCRIPT.fullmatch(site_path))
        return site_path in self.own_files

    def allows_content_form(self, start_tag: str) -> bool:
        return any(shape.fullmatch(start_tag) for shape in self.content_forms)


def script_hash(body: str) -> str:
    """The base64 SHA-256 of a script's text, as a policy names it ('sha256-…' without the prefix)."""
    return base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")


def theme_template_dirs(overrides: Path) -> list[Path]:
    """The theme's template search path without MkDocs: the project's overrides/, then Material's templates."""
    return [overrides, *_package_dirs("material", "templates")]


def site_scripts(
    template_dirs: Sequence[str | Path], own_scripts: Collection[str] | None = None
) -> SiteScripts:
    """The scripts the templates on this search path (MkDocs' `config.theme.dirs`) write, read afresh.

    own_scripts are the site-root paths of mkdocs.yml's `extra_javascript`; without them, any `.js` file under
    the site's assets/ may be loaded outside the content area. Keyed on the scripts' text, so an edited
    override is seen at the next `mkdocs serve` rebuild.
    """
    dirs = [Path(directory) for directory in template_dirs]
    sources = [_found(name, dirs) for name in THEME_SCRIPT_TEMPLATES]
    scripts = [
        script for path in sources if path is not None for script in _template_scripts(path, path.parent)
    ]
    notebook: list[tuple[str, bool]] = []
    for root in _package_dirs("mkdocs_jupyter", "templates"):
        if (root / NOTEBOOK_SCRIPT_TEMPLATE).is_file():
            notebook += _template_scripts(root / NOTEBOOK_SCRIPT_TEMPLATE, root)
    return replace(
        _recognised(tuple(scripts + notebook)),
        content_hashes=frozenset(script_hash(body) for body, _ in notebook),
        content_forms=_content_forms(dirs),
        theme_files=_theme_script_files(dirs),
        own_files=None if own_scripts is None else frozenset(_own_paths(own_scripts)),
    )


def _content_forms(dirs: list[Path]) -> tuple[re.Pattern[str], ...]:
    """The start tags of the forms the templates write into the content area, template values as a shape."""
    paths = [path for path in (_found(name, dirs) for name in CONTENT_FORM_TEMPLATES) if path is not None]
    tags = [tag for path in paths for tag in _TEMPLATE_FORM.findall(_template_text(path))]
    return tuple(_value_shape(tag) for tag in tags)


def _theme_script_files(dirs: list[Path]) -> frozenset[str]:
    """The script files the theme's templates name literally (`{{ 'assets/…' | url }}`)."""
    paths = [path for path in (_found(name, dirs) for name in THEME_SOURCE_TEMPLATES) if path is not None]
    return frozenset(
        match.group("path") for path in paths for match in _THEME_SCRIPT_SOURCE.finditer(_template_text(path))
    )


def _own_paths(own_scripts: Collection[str]) -> Iterator[str]:
    """extra_javascript entries as site-root paths ("assets/charts.js"); other hosts are never the site's."""
    for entry in own_scripts:
        path = site_script_path(str(entry))
        if path is not None:
            yield path


def _package_dirs(package: str, folder: str) -> list[Path]:
    """A folder inside an installed package, found without importing it (only the hooks know the engine)."""
    spec = importlib.util.find_spec(package)
    locations = spec.submodule_search_locations if spec is not None else None
    return [Path(location) / folder for location in locations or [] if (Path(location) / folder).is_dir()]


def _found(name: str, dirs: list[Path]) -> Path | None:
    """The template Jinja would load for this name: the first on the search path."""
    return next((directory / name for directory in dirs if (directory / name).is_file()), None)


def _template_text(path: Path) -> str:
    return _TEMPLATE_COMMENT.sub("", path.read_text(encoding="utf-8"))


def _value_shape(text: str) -> re.Pattern[str]:
    """A pattern for template text: its `{{ … }}` values may hold what cannot end a string or a tag."""
    return re.compile(_VALUE_SHAPE.join(re.escape(part) for part in _TEMPLATE_VALUE.split(text)), re.S)


def _template_scripts(path: Path, root: Path) -> Iterator[tuple[str, bool]]:
    """Each inline script body a template writes, and whether Jinja renders it (an included file is not)."""
    text = _template_text(path)
    for script in _TEMPLATE_SCRIPT.finditer(text):
        yield script.group("body"), True
    # nbconvert's include_js writes "<script >\n" + the file's text + "</script>", the text not rendered.
    for included in _INCLUDED_SCRIPT.finditer(text):
        yield "\n" + (root / included.group("name")).read_text(encoding="utf-8"), False


@lru_cache(maxsize=8)
def _recognised(scripts: tuple[tuple[str, bool], ...]) -> SiteScripts:
    """Hash the fixed bodies; turn a rendered body's `{{ … }}` values into a pattern of what they may hold."""
    hashes, shapes = set(), []
    for body, rendered in scripts:
        if rendered and "{%" in body:
            raise ValueError(f"a theme script holds template logic, so no one shape fits it: {body[:80]!r}")
        if rendered and _TEMPLATE_VALUE.search(body):
            shapes.append(_value_shape(body))
        else:
            hashes.add(script_hash(body))
    return SiteScripts(frozenset(hashes), tuple(shapes))


# ---- what a page holds -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Script:
    """One `<script>` element: its attributes, its text, the line it starts on and whether it is in the content."""

    attributes: dict[str, str]
    body: str
    line: int
    in_content: bool = False

    @property
    def external(self) -> bool:
        return "src" in self.attributes

    @property
    def data_type(self) -> str | None:
        """The JSON type of a data block (never executed), or None for a script a browser would run."""
        kind = self.attributes.get("type", "").strip().lower()
        return kind if kind in DATA_TYPES else None


@dataclass
class PageMarkup:
    """What one pass over a page finds: scripts, unsafe attributes, policy tags, visible text and comments."""

    scripts: list[Script] = field(default_factory=list)
    unsafe_attributes: list[str] = field(default_factory=list)  # "HTML line 3: …", one per attribute
    # "HTML line 3: …": elements the content may not hold, and addresses on another host or scheme
    unsafe_elements: list[str] = field(default_factory=list)
    content_forms: list[tuple[str, int]] = field(
        default_factory=list
    )  # a form's start tag in the content, line
    policies: list[str] = field(default_factory=list)  # the content of each Content-Security-Policy meta tag
    script_before_policy: bool = False
    language: str = ""
    # What a reader sees or a tool reads: text outside code, pre, script and style, and attribute values.
    texts: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def content_area(html: str) -> tuple[int, int] | None:
    """Where a page's content lies: from Material's article to the page's last `</article>`, or None.

    The last, not the first: raw HTML in a page may close the article early, and whatever follows would then
    pass for the theme's own markup.
    """
    start = CONTENT_START.search(html)
    if start is None:
        return None
    end = html.rfind("</article>")
    return start.end(), end if end >= start.end() else len(html)


# A start tag as the HTML standard's tokenizer reads it (§13.2.5.1, 13.2.5.32–40): only tab, line feed, form
# feed, carriage return and space separate attributes, and a value begins right after the first '='. Python's
# parser takes any Unicode space for a separator and skips repeated '='s, so `x==' …>'` or a no-break space can
# hide a tag inside what it reads as a value.
_BROWSER_TAG_NAME = re.compile(r"<[^\t\n\f\r />]*")
_BROWSER_SEPARATOR = re.compile(r"[\t\n\f\r /]*")
_BROWSER_ATTRIBUTE = re.compile(
    r"""(?P<name>[^\t\n\f\r />][^\t\n\f\r />=]*)
    (?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\t\n\f\r >]*)))?""",
    re.X,
)


def browser_start_tag(text: str) -> tuple[str, list[tuple[str, str | None]], int | None]:
    """A start tag's name, attributes (values as written) and the offset just past its '>', as browsers read it.

    `text` starts with "<"; the offset is None when no '>' ends the tag within it.
    """
    name_end = _matched_end(_BROWSER_TAG_NAME, text, 0)
    attributes: list[tuple[str, str | None]] = []
    position = name_end
    while (position := _matched_end(_BROWSER_SEPARATOR, text, position)) < len(text):
        if text[position] == ">":
            return text[1:name_end], attributes, position + 1
        attribute = _BROWSER_ATTRIBUTE.match(text, position)
        if attribute is None:  # cannot happen: any character but a separator or '>' starts a name
            break
        value = next((v for v in attribute.group("double", "single", "bare") if v is not None), None)
        attributes.append((attribute.group("name"), value))
        position = attribute.end()
    return text[1:name_end], attributes, None


def _matched_end(pattern: re.Pattern[str], text: str, position: int) -> int:
    """Where a pattern that may match nothing ends its match at this position."""
    match = pattern.match(text, position)
    return position if match is None else match.end()


# A start tag both read alike, as the site's templates and Markdown write them: plain names, one or more of
# HTML's spaces before each attribute, '=' with nothing around it, a quoted value or a bare one without any
# space, quote or '='. Most tags are so and need no second reading.
_PLAIN_START_TAG = re.compile(
    r"""<[A-Za-z][A-Za-z0-9-]*(?:[\t\n\f\r ]+[A-Za-z_:@][A-Za-z0-9_:.-]*(?:="[^"]*"|='[^']*'|=[^\s"'=<>`/]+)?)*"""
    r"[\t\n\f\r ]*/?>"
)


def _read_alike(text: str, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """Whether a browser reads this start tag as Python's parser did: the same name, the same attributes with
    the same values, and the same '>' ending it."""
    if _PLAIN_START_TAG.fullmatch(text):
        return True
    name, attributes, end = browser_start_tag(text)
    browser = [
        (attribute.lower(), None if value is None else html_unescape(value))
        for attribute, value in attributes
    ]
    return end == len(text) and name.lower() == tag and browser == [(n.lower(), v) for n, v in attrs]


class _Reader(HTMLParser):
    """Collects a PageMarkup; Python's parser reads script text as browsers do, up to `</script>`."""

    VERBATIM = frozenset({"code", "pre", "script", "style", "textarea"})

    def __init__(self, content: tuple[int, int] | None, line_starts: list[int]) -> None:
        super().__init__(convert_charrefs=True)
        self.markup = PageMarkup()
        self._content = content
        self._line_starts = line_starts
        self._verbatim = 0
        self._script: tuple[dict[str, str], int, list[str], bool] | None = None
        self._style_line: int | None = None
        self._title_line: int | None = None  # inside the document's <title> (raw text to a browser)
        self._svg_depth = 0  # inside an SVG, where <title> is an element like any other
        # Where each piece the parser read begins, and whether it is a tag, text, or a comment or script body
        # (whose "<" begins nothing): see unread_tags.
        self.pieces: list[tuple[int, int, str]] = []  # line, column, kind

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._piece("tag")
        attributes = {name: value or "" for name, value in attrs}
        line, in_content = self.getpos()[0], self._in_content()
        self._check_misread(tag, attrs, line)
        self._check_attributes(tag, attributes, line)
        self.markup.unsafe_elements += resource_problems(tag, attributes, line)
        if in_content:
            self._check_content_tag(tag, line)
        self.markup.texts += [value for value in attributes.values() if value]
        if tag == "script":
            self._script = (attributes, line, [], in_content)
        elif tag == "style":
            self._style_line = line
        elif tag == "html":
            self.markup.language = attributes.get("lang", "")
        elif tag == "meta" and attributes.get("http-equiv", "").lower() == "content-security-policy":
            self.markup.policies.append(attributes.get("content", ""))
            self.markup.script_before_policy |= bool(self.markup.scripts)
        if tag in self.VERBATIM:
            self._verbatim += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def _check_misread(self, tag: str, attrs: list[tuple[str, str | None]], line: int) -> None:
        """What a browser would read otherwise than this check: see MISREAD_TAGS; an attribute given twice (a
        browser keeps the first, the parser's list the last); any tag inside the document's title."""
        where = f"HTML line {line}"
        if not _read_alike(self.get_starttag_text() or "", tag, attrs):
            self.markup.unsafe_elements.append(
                f"{where}: a <{tag}> tag whose attributes browsers read otherwise than this check does (an "
                "attribute separated by a character other than a plain space, tab or line break, or '=='): "
                'write name="value" pairs separated by spaces'
            )
        if tag in MISREAD_TAGS:
            self.markup.unsafe_elements.append(
                f"{where}: <{tag}>, whose content browsers read otherwise than this check does"
            )
        elif tag in SVG_ANIMATIONS:
            self.markup.unsafe_elements.append(f"{where}: <{tag}>, an animation that can set an address")
        names = [name for name, _ in attrs]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            self.markup.unsafe_elements.append(
                f"{where}: {twice[0]} given twice on <{tag}> (browsers keep the first, this check the last)"
            )
        if self._title_line is not None:
            self.markup.unsafe_elements.append(f"{where}: <{tag}> inside the page's <title>")
        if tag == "svg":
            self._svg_depth += 1
        elif tag == "title" and not self._svg_depth:
            self._title_line = line

    def unknown_decl(self, data: str) -> None:
        """A `<![CDATA[` or other marked section, which a browser ends at the first `>` outside SVG."""
        self.markup.unsafe_elements.append(f"HTML line {self.getpos()[0]}: a '<![{data[:10]}' section")

    def handle_endtag(self, tag: str) -> None:
        self._piece("tag")
        if tag == "svg":
            self._svg_depth = max(0, self._svg_depth - 1)
        elif tag == "title" and not self._svg_depth:
            self._title_line = None
        if tag == "script":
            self._end_script()
        elif tag == "style":
            self._style_line = None
        if tag in self.VERBATIM:
            self._verbatim = max(0, self._verbatim - 1)

    def handle_data(self, data: str) -> None:
        self._piece("text" if self._script is None else "opaque")
        if self._script is not None:
            self._script[2].append(data)
        elif self._style_line is not None:
            self.markup.unsafe_elements += css_problems(data, f"HTML line {self._style_line}: <style>")
        elif not self._verbatim:
            self.markup.texts.append(data)

    def handle_comment(self, data: str) -> None:
        self._piece("opaque")
        if self._title_line is not None:  # text to a browser, which may end the title inside it
            self.markup.unsafe_elements.append(
                f"HTML line {self.getpos()[0]}: a comment inside the page's <title>"
            )
        self.markup.comments.append(data)

    def close(self) -> None:
        super().close()
        self._end_script()  # an unclosed script runs to the end of the page

    def handle_decl(self, decl: str) -> None:
        self._piece("text")

    def handle_pi(self, data: str) -> None:
        self._piece("text")

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _piece(self, kind: str) -> None:
        self.pieces.append((self.lineno, self.offset, kind))  # getpos(), without the call

    def _in_content(self) -> bool:
        return self._content is not None and self._content[0] <= self._offset() < self._content[1]

    def _end_script(self) -> None:
        if self._script is not None:
            attributes, line, body, in_content = self._script
            self.markup.scripts.append(Script(attributes, "".join(body), line, in_content))
            self._script = None

    def _check_content_tag(self, tag: str, line: int) -> None:
        """Scripts are judged with the allow-list (unsafe_markup), forms by the templates' shape."""
        if tag == "form":
            self.markup.content_forms.append((self.get_starttag_text() or "", line))
        elif tag in CONTENT_REFUSED_TAGS and tag != "script":
            self.markup.unsafe_elements.append(
                f"HTML line {line}: <{tag}> in the page's content (a page may hold no scripts, frames, "
                "embeds, forms or page-level tags)"
            )

    def _check_attributes(self, tag: str, attributes: dict[str, str], line: int) -> None:
        for name, value in attributes.items():
            if name.startswith("on"):
                self.markup.unsafe_attributes.append(
                    f"HTML line {line}: event-handler attribute {name} on <{tag}>"
                )
            elif _SCRIPT_URL.search(_URL_IGNORED.sub("", value)):
                self.markup.unsafe_attributes.append(
                    f"HTML line {line}: javascript: URL in {name} of <{tag}>"
                )


# Comments that browsers end elsewhere than Python's parser does: "<!-->" and "<!--->" end at once for a
# browser, and "--!>" ends one; the parser reads on to the next "-->", so what follows, live in a browser, would
# pass unread.
MISREAD_COMMENT = re.compile(r"<!---?>|--!>")


def read_markup(html: str) -> PageMarkup:
    """Parse a page once for what the policy and the site check need."""
    line_starts = [0] + [match.end() for match in re.finditer("\n", html)]
    reader = _Reader(content_area(html), line_starts)
    reader.feed(html)
    reader.close()
    reader.markup.unsafe_elements += unread_tags(html, reader.pieces, line_starts)
    for comment in MISREAD_COMMENT.finditer(html):
        line = bisect.bisect_right(line_starts, comment.start())
        reader.markup.unsafe_elements.append(
            f"HTML line {line}: a comment written {comment.group(0)!r}, which browsers end elsewhere than this "
            "check does: write '<!-- … -->'"
        )
    return reader.markup


# The start of a tag, to a browser.
_TAG_OPEN = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,20}")


def unread_tags(html: str, pieces: list[tuple[int, int, str]], line_starts: list[int]) -> list[str]:
    """Tags in the content area that a browser would read and the parser did not: a `<` and a letter that starts
    no tag the parser read and lies in text, in another tag or in a declaration, not in a comment or script.

    A backstop behind the checks above, for any other way the parser and a browser could part (every such way
    found so far is refused where it happens).
    """
    area = content_area(html)
    if area is None or not pieces:
        return []
    tags = {line_starts[line - 1] + column for line, column, kind in pieces if kind == "tag"}
    starts: list[tuple[int, int]] = []
    problems = []
    for found in _TAG_OPEN.finditer(html, *area):
        if found.start() in tags:
            continue
        starts = starts or [(line, column) for line, column, _ in pieces]
        line = bisect.bisect_right(line_starts, found.start())
        position = (line, found.start() - line_starts[line - 1])
        if pieces[max(0, bisect.bisect_right(starts, position) - 1)][2] == "opaque":
            continue
        problems.append(
            f"HTML line {line}: '{found.group(0)}' where this check reads no tag but a browser may (inside a "
            "value, a tag or a declaration): write '<' as '&lt;' there"
        )
    return problems


# ---- addresses on other hosts ----------------------------------------------------------------------------


def is_foreign(url: str) -> bool:
    """Whether a browser would fetch this address from another host or through a scheme: anything but a path.

    Read as browsers read it: tabs and newlines dropped, leading controls and spaces too, and a backslash
    taken for a slash (so `/\\evil.example` is another host).
    """
    cleaned = _URL_IGNORED.sub("", url).lstrip("".join(map(chr, range(0x21)))).replace("\\", "/")
    return bool(_URL_SCHEME.match(cleaned)) or cleaned.startswith("//")


def resource_problems(tag: str, attributes: dict[str, str], line: int) -> list[str]:
    """Every address on this element that the browser would fetch from another host or scheme."""
    where = f"HTML line {line}"
    problems = [
        f"{where}: {name} of <{tag}> loads from another host or scheme: {value[:60]!r}"
        for name, value in attributes.items()
        if _fetches(tag, name, attributes) and any(map(is_foreign, _addresses(name, value)))
    ]
    for name in sorted(CSS_ATTRIBUTES & attributes.keys()):
        problems += css_problems(attributes[name], f"{where}: {name} of <{tag}>")
    if tag == "meta" and attributes.get("http-equiv", "").strip().lower() == "refresh":
        target = _REFRESH_URL.search(attributes.get("content", ""))
        if target is not None and is_foreign(target.group("url")):
            problems.append(f"{where}: a refresh to another site: {target.group('url')[:60]!r}")
    return problems


def _fetches(tag: str, name: str, attributes: dict[str, str]) -> bool:
    """Whether the browser fetches this attribute's address when it shows the element."""
    if name in RESOURCE_ATTRIBUTES:
        return True
    if name not in REFERENCE_ATTRIBUTES or tag in LINK_TAGS:
        return False
    if tag == "link":
        return not set(attributes.get("rel", "").lower().split()) <= NAVIGATION_RELS
    return True


def _addresses(name: str, value: str) -> list[str]:
    """The addresses an attribute holds: srcset's candidates (every word, descriptors are never foreign)."""
    return re.split(r"[\s,]+", value) if name in LIST_ATTRIBUTES else [value]


def css_problems(css: str, where: str) -> list[str]:
    """Every url() or string in CSS that names another host or scheme (`@import`, backgrounds, masks)."""
    text = _CSS_COMMENT.sub("", _CSS_ESCAPE.sub(_css_character, css))
    return [
        f"{where} loads from another host or scheme: {address[:60]!r}"
        for match in _CSS_REFERENCE.finditer(text)
        for address in [match.group("url") if match.group("url") is not None else match.group("string")]
        if is_foreign(address)
    ]


def _css_character(match: re.Match[str]) -> str:
    """A CSS escape as the character it stands for (`\\75 rl(` is `url(`)."""
    if match.group("code") is None:
        return match.group("char")
    code = int(match.group("code"), 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def site_script_path(src: str) -> str | None:
    """A same-site script address as a site-root path ("../../assets/x.js" → "assets/x.js"), else None.

    A page-relative address loses its leading "./" and "../" steps, a root-absolute one ("/site/assets/x.js",
    as error pages write them) everything before its first "assets/". None for another host or scheme, a
    query, a fragment or anything but plain path characters.
    """
    if is_foreign(src) or not _PATH_CHARACTERS.fullmatch(src):
        return None
    if src.startswith("/"):
        _, found, rest = src.partition("/assets/")
        path = "assets/" + rest if found else src.lstrip("/")
    else:
        path = re.sub(r"^(?:\.{1,2}/)+", "", src)
    parts = path.split("/")
    return None if any(part in ("", ".", "..") for part in parts) else path


# ---- what may run ----------------------------------------------------------------------------------------


def unsafe_markup(markup: PageMarkup, allowed: SiteScripts) -> list[str]:
    """Every script, handler, element and address on the page that the site did not write or that would load
    from elsewhere."""
    problems = [_script_problem(script, allowed) for script in markup.scripts]
    problems += [
        f"HTML line {line}: a form in the page's content that the site's templates do not write"
        for tag, line in markup.content_forms
        if not allowed.allows_content_form(tag)
    ]
    return [problem for problem in problems if problem] + markup.unsafe_attributes + markup.unsafe_elements


def _script_problem(script: Script, allowed: SiteScripts) -> str:
    where = f"HTML line {script.line}"
    if script.external:
        return _script_source_problem(script, allowed)
    if script.data_type is not None:
        if script.in_content:
            return f"{where}: {script.data_type} block in the page's content (the head carries the metadata)"
        return _data_block_problem(script.body, f"{where}: {script.data_type} block")
    if script.in_content and script_hash(script.body) in allowed.content_hashes:
        return ""
    if not script.in_content and allowed.allows(script.body):
        return ""
    preview = " ".join(script.body.split())[:60]
    inside = " in the page's content" if script.in_content else ""
    return (
        f"{where}: inline script the site does not write{inside} (sha256-{script_hash(script.body)}): "
        f"{preview!r}"
    )


def _script_source_problem(script: Script, allowed: SiteScripts) -> str:
    """A script file may be loaded only outside the content and only if it is the theme's or the site's."""
    where, src = f"HTML line {script.line}", script.attributes["src"]
    if script.in_content:
        return f"{where}: <script src={src[:60]!r}> in the page's content (a page may load no scripts)"
    path = site_script_path(src)
    if path is None:
        return f"{where}: a script from another host or scheme, or not a plain path: {src[:60]!r}"
    if not allowed.loads(path):
        return f"{where}: script {src[:60]!r} is not one of the theme's or the site's own script files"
    return ""


def _data_block_problem(body: str, what: str) -> str:
    """A JSON block is inert only while nothing in it can end the script or open a comment."""
    if "</" in body or "<!--" in body:
        return f"{what} holds '</' or '<!--' (escape '<' as \\u003c)"
    try:
        json.loads(body)
    except ValueError:
        return f"{what} is not valid JSON (cut short by a '</script'?)"
    return ""


# ---- the policy ------------------------------------------------------------------------------------------


def policy(markup: PageMarkup, *, allow_eval: bool) -> str:
    """The policy for one page: its own inline scripts by hash, everything else from 'self' only."""
    return _policy_for(_inline_script_hashes(markup), allow_eval=allow_eval)


# A script element's start and end as a quick scan finds them (read_markup is the reading that counts: see
# quick_policy).
_SCRIPT_START = re.compile(r"<script\b", re.I)
_SCRIPT_END = re.compile(r"</script", re.I)
_SOURCE_ATTRIBUTE = re.compile(r"\ssrc\s*=", re.I)
_TYPE_ATTRIBUTE = re.compile(r"""\stype\s*=\s*["']?\s*(?P<type>[^"'\s>]*)""", re.I)


def quick_policy(html: str, *, allow_eval: bool) -> str:
    """The policy of a page whose inline scripts are found by a quick scan, not by reading the whole page.

    It agrees with checked_policy on every page the site's templates write; a page where it does not (a script
    inside a comment, say) stops the build when the full reading is collected (site/page_checks.py). The scan moves
    only forward, from each script's start to its tag's end and on to its closing tag, so a page of unclosed
    `<script` texts costs no more than one pass.
    """
    bodies, position = [], 0
    while (start := _SCRIPT_START.search(html, position)) is not None:
        tag_end = html.find(">", start.end())
        end = _SCRIPT_END.search(html, tag_end + 1) if tag_end >= 0 else None
        if end is None:
            break  # no script closes after this point: none starts to run either
        attributes = html[start.end() : tag_end]
        kind = _TYPE_ATTRIBUTE.search(attributes)
        if not _SOURCE_ATTRIBUTE.search(attributes) and not (
            kind and kind.group("type").lower() in DATA_TYPES
        ):
            bodies.append(html[tag_end + 1 : end.start()])
        position = end.end()
    return _policy_for(sorted({script_hash(body) for body in bodies}), allow_eval=allow_eval)


def _policy_for(script_hashes: list[str], *, allow_eval: bool) -> str:
    hashes = " ".join(f"'sha256-{digest}'" for digest in script_hashes)
    script = " ".join(part for part in ("'self'", hashes, "'unsafe-eval'" if allow_eval else "") if part)
    directives = (
        "default-src 'self'",
        f"script-src {script}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    )
    return "; ".join(directives)


def add_policy(
    html: str,
    *,
    page: str,
    allow_eval: bool,
    templates: Sequence[str | Path] = (),
    own_scripts: Collection[str] | None = None,
    allowed: SiteScripts | None = None,
    error: Callable[[str], Exception] = UnsafePageError,
) -> str:
    """Insert the policy as the first meta tag after the charset, before any script can run.

    The scripts a page may hold are `allowed`, or else those of site_scripts(templates, own_scripts), where
    own_scripts are mkdocs.yml's `extra_javascript` paths (a build reads them once: see the build hook). Raises
    `error` (one line naming the page) if the page holds anything unsafe_markup refuses; the build hook passes
    MkDocs' PluginError, so the build stops with that line.
    """
    scripts = allowed if allowed is not None else site_scripts(templates, own_scripts)
    return insert_policy(
        html,
        checked_policy(html, page=page, allow_eval=allow_eval, allowed=scripts, error=error),
        page,
        error,
    )


def checked_policy(
    html: str, *, page: str, allow_eval: bool, allowed: SiteScripts, error: Callable[[str], Exception]
) -> str:
    """The page's policy, after reading the whole page; raises `error` on anything unsafe_markup refuses."""
    markup = read_markup(html)
    problems = unsafe_markup(markup, allowed)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise error(f"{page}: {problems[0]}{more}")
    return policy(markup, allow_eval=allow_eval)


def insert_policy(html: str, page_policy: str, page: str, error: Callable[[str], Exception]) -> str:
    """The page with its policy as the first meta tag after the charset."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{page_policy}">'
    match = CHARSET.search(html)
    if match is None:
        raise error(f"{page}: no <meta charset> to place the Content-Security-Policy after")
    return html[: match.end()] + tag + html[match.end() :]


def scripts_fingerprint(allowed: SiteScripts) -> str:
    """A stable SHA-256 of what a page is judged against, the same in every process."""
    parts = {
        "hashes": sorted(allowed.hashes),
        "shapes": [shape.pattern for shape in allowed.shapes],
        "content_hashes": sorted(allowed.content_hashes),
        "content_forms": [shape.pattern for shape in allowed.content_forms],
        "theme_files": sorted(allowed.theme_files),
        "own_files": None if allowed.own_files is None else sorted(allowed.own_files),
    }
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


def _inline_script_hashes(markup: PageMarkup) -> list[str]:
    executable = (script for script in markup.scripts if not script.external and script.data_type is None)
    return sorted({script_hash(script.body) for script in executable})
