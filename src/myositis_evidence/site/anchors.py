"""Links that never break: every page and anchor any release published stays reachable.

`data/site/published-anchors.json` lists, per page path, the anchors released pages carried. A page may
move only with a redirect (mkdocs-redirects, `redirect_maps` in mkdocs.yml); an anchor only with an alias in
`data/site/anchor-aliases.yml` ("page/#old": "new"), which the build turns into an empty element with the
old id placed just before the new one.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from myositis_evidence.dataset.yaml_source import load_yaml
from myositis_evidence.errors import DataError

# Ids Material and the browser add for their own widgets; only content anchors are promised to readers.
# What an alias may name: a page address ("studies/x/findings/") and anchor ids, nothing that could be markup.
PAGE_ADDRESS = re.compile(r"(?:[a-z0-9][a-z0-9._-]*/)*")
ANCHOR = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._:-]*")  # Python-Markdown gives untranslatable headings "_1"
CONTENT_START = re.compile(r'<article class="md-content__inner[^"]*"[^>]*>')


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        identifier = dict(attrs).get("id")
        if identifier:
            self.ids.append(identifier)


def content_anchors(html: str) -> list[str]:
    """The ids inside a page's article (headings, results, notes, quotes), in order."""
    start = CONTENT_START.search(html)
    end = html.find("</article>", start.end()) if start else -1
    if start is None or end < 0:
        return []
    parser = _Ids()
    parser.feed(html[start.end() : end])
    return parser.ids


def site_anchors(site_dir: Path) -> dict[str, list[str]]:
    """Every built page (as its address, e.g. 'studies/ivig-2003/findings/') with its content anchors."""
    pages = {}
    for page in sorted(site_dir.rglob("index.html")):
        address = page.parent.relative_to(site_dir).as_posix()
        address = "" if address == "." else address + "/"
        anchors = content_anchors(page.read_text(encoding="utf-8"))
        if anchors:
            pages[address] = sorted(set(anchors))
    return pages


def load_published(path: Path) -> dict[str, list[str]]:
    """The published pages and anchors (`data/site/published-anchors.json`), by page address."""
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def update_published(site_dir: Path, path: Path) -> dict[str, list[str]]:
    """Add the built site's pages and anchors to the published ones; nothing is ever removed from them."""
    published = load_published(path)
    for address, anchors in site_anchors(site_dir).items():
        published[address] = sorted(set(published.get(address, [])) | set(anchors))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(published, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return published


def load_aliases(path: Path) -> dict[str, str]:
    """Anchor aliases: 'page/#old-anchor' → 'new-anchor' on the same page."""
    if not path.is_file():
        return {}
    data, lines = load_yaml(path)
    if not isinstance(data, dict):
        raise DataError(
            path, f"expected a mapping of 'page/#old-anchor': new-anchor, got {type(data).__name__}"
        )
    for key, value in data.items():
        address, _, old = str(key).partition("#")
        if not (PAGE_ADDRESS.fullmatch(address) and ANCHOR.fullmatch(old) and ANCHOR.fullmatch(str(value))):
            raise DataError(
                path,
                f"'{str(key)[:80]}: {str(value)[:80]}' is not 'page/#old-anchor': new-anchor",
                line=lines.get((key,)),
                fix="write each alias as a page address with #old-anchor, and the new anchor's id",
            )
    return data


# Elements an empty <span> may not stand in (a list's or a table's own children) or that hold nothing.
_NO_SPAN_INSIDE = frozenset(
    {"ol", "ul", "dl", "table", "thead", "tbody", "tfoot", "tr", "select", "img", "input", "br", "hr"}
)
_NO_SPAN_BEFORE = frozenset({"li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option"})


_START_TAG = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*>")


def _element_with_id(html: str, element_id: str) -> re.Match[str] | None:
    """The start tag of the first element whose id is element_id. The attribute is found by its text first
    (a pattern that began with the tag would be tried at every tag of the page), then its tag around it."""
    attribute = f'id="{element_id}"'
    found = html.find(attribute)
    while found >= 0:
        if found > 0 and not (
            html[found - 1].isalnum() or html[found - 1] == "_"
        ):  # "id" begins a word (as \bid= would match)
            tag = _START_TAG.match(html, html.rfind("<", 0, found))
            if tag is not None and tag.end() >= found + len(attribute):
                return tag
        found = html.find(attribute, found + 1)
    return None


def add_alias_targets(html: str, page_address: str, aliases: dict[str, str]) -> str:
    """Give each old id of this page to an empty element at the element that now has the new id: as its first
    child, or just before it where a child would be out of place; never where the markup allows no <span> (a
    list's items, a table's rows and cells keep their parents valid)."""
    for key, new in aliases.items():
        address, _, old = key.partition("#")
        if address != page_address:
            continue
        target = _element_with_id(html, new)
        if target is None:
            continue
        tag, marker = target.group(1).lower(), f'<span id="{old}"></span>'
        if tag not in _NO_SPAN_INSIDE:
            html = html[: target.end()] + marker + html[target.end() :]
        elif tag not in _NO_SPAN_BEFORE:
            html = html[: target.start()] + marker + html[target.start() :]
    return html


def missing_links(
    site_dir: Path, published: dict[str, list[str]], redirects: dict[str, str], aliases: dict[str, str]
) -> list[str]:
    """Published pages and anchors the built site no longer serves (after redirects and aliases)."""
    current = site_anchors(site_dir)
    missing = []
    for address, anchors in published.items():
        if address not in current:
            source = (address or "index") + ("index.md" if address.endswith("/") or not address else "")
            if not any(key.removesuffix(".md") + "/" == address or key == source for key in redirects):
                missing.append(f"page '{address}' (no redirect)")
            continue
        missing += [
            f"anchor '{address}#{anchor}'"
            for anchor in anchors
            if anchor not in current[address] and f"{address}#{anchor}" not in aliases
        ]
    return missing
