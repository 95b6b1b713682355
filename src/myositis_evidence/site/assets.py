"""The check of a file the site serves as it is: an SVG image, or an HTML or XML file among the assets.

A page's Content-Security-Policy is a meta tag, so it covers the page alone: an SVG opened at its own address
(or an HTML file served from docs/) runs its scripts on the site's origin with no policy at all. Such a file
may therefore hold nothing that runs or loads: no script or `<foreignObject>` (nor frames and embeds, in an
HTML file), no event-handler attribute, no `javascript:` anywhere in an attribute (SVG animations can write one
into a link's href, `<set to="javascript:…">`), no reference to another host or scheme (the same rules as a
page's: site/csp.py), no entity declarations (an XML entity's text is parsed as markup where it is used) and
no XSLT stylesheet (which could write a script). The element names are also searched for in the raw text,
because an XML reader finds elements where an HTML parser sees only text (inside `<style>`, for one).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

from myositis_evidence.site.csp import UnsafePageError, css_problems, is_foreign, resource_problems

ASSET_SUFFIXES = (".svg", ".html", ".htm", ".xhtml", ".xml")
# Elements that run, embed or replace content, by local name (svg:script and html:script alike).
REFUSED_ELEMENTS = frozenset(
    {"script", "foreignobject", "handler", "iframe", "object", "embed", "frame", "frameset", "applet", "base"}
)
# Animation elements that write an attribute, and the attributes that hold what they write.
ANIMATIONS = frozenset({"set", "animate"})
ANIMATION_VALUES = ("to", "from", "by", "values")

_RAW_ELEMENT = re.compile(r"<\s*(?:[\w.-]+:)?(?P<name>" + "|".join(sorted(REFUSED_ELEMENTS)) + r")\b", re.I)
_ENTITY = re.compile(r"<!ENTITY\b", re.I)
_STYLESHEET_INSTRUCTION = re.compile(r"<\?xml-stylesheet\b", re.I)
_URL_IGNORED = re.compile(r"[\x00-\x20]")


def is_checked_asset(name: str) -> bool:
    """Whether a file of this name is one check_asset reads (SVG, HTML and XML files)."""
    return name.lower().endswith(ASSET_SUFFIXES)


def asset_problems(text: str) -> list[str]:
    """Everything in an asset's text that could run code or load from elsewhere, one line each."""
    problems = [
        f"line {_line(text, match.start())}: a <{match.group('name').lower()}> element"
        for match in _RAW_ELEMENT.finditer(text)
    ]
    problems += [
        f"line {_line(text, match.start())}: an entity declaration" for match in _ENTITY.finditer(text)
    ]
    problems += [
        f"line {_line(text, match.start())}: an xml-stylesheet instruction (an XSLT stylesheet can write scripts)"
        for match in _STYLESHEET_INSTRUCTION.finditer(text)
    ]
    reader = _AssetReader()
    reader.feed(text)
    reader.close()
    return problems + reader.problems


def check_asset(name: str, text: str, *, error: Callable[[str], Exception] = UnsafePageError) -> None:
    """Raise `error` with one line naming the file (e.g. "docs/assets/diagram.svg: line 3: …") if the asset's
    text holds anything asset_problems finds; the build hook passes MkDocs' PluginError."""
    problems = asset_problems(text)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise error(f"{name}: {problems[0]}{more}")


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class _AssetReader(HTMLParser):
    """Attributes and style text: handlers, `javascript:` and addresses on another host or scheme."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._style_line: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        local = tag.rpartition(":")[2]
        attributes = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        for name, value in attributes.items():
            if name.rpartition(":")[2].startswith("on"):
                self.problems.append(f"line {line}: event-handler attribute {name} on <{tag}>")
            elif "javascript:" in _URL_IGNORED.sub("", value).lower():
                self.problems.append(f"line {line}: javascript: in {name} of <{tag}>")
        self.problems += [
            problem.replace("HTML line", "line", 1) for problem in resource_problems(local, attributes, line)
        ]
        if local in ANIMATIONS:
            self.problems += _animation_problems(tag, attributes, line)
        if local == "style":
            self._style_line = line

    def handle_endtag(self, tag: str) -> None:
        if tag.rpartition(":")[2] == "style":
            self._style_line = None

    def handle_data(self, data: str) -> None:
        if self._style_line is not None:
            self.problems += css_problems(data, f"line {self._style_line}: <style>")


def _animation_problems(tag: str, attributes: dict[str, str], line: int) -> list[str]:
    """An animation that writes another host's address into an attribute (an image's href, say)."""
    written = [
        value
        for name in ANIMATION_VALUES
        for value in attributes.get(name, "").split(";")
        if is_foreign(value.strip())
    ]
    return [
        f"line {line}: <{tag}> writes an address on another host or scheme: {value[:60]!r}"
        for value in written
    ]
