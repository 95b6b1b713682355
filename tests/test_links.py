"""Every internal link and fragment in the built site resolves; external links are listed, not fetched.

A link is internal when it is page-relative, root-relative, or absolute on the site's own address
(site_url in mkdocs.yml, or $SITE_URL as the build uses it). It resolves when it names an existing file, or a
folder with an index.html; a `#fragment` resolves when the target page has an element with that id (or an
`<a name>`). Links to other hosts are written to test-artifacts/external-links.txt for a manual or scheduled
check.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml

from conftest import PROJECT_ROOT

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
LINK_ATTRIBUTES = {
    "a": "href",
    "area": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "iframe": "src",
}
SKIPPED_SCHEMES = ("mailto", "tel", "javascript", "data")
PAGE_ORIGIN = "https://site.invalid"  # a stand-in origin, so urljoin resolves "../" like a browser


class PageLinks(HTMLParser):
    """The links and the ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("name"):
            self.ids.add(str(values["name"]))
        target = values.get(LINK_ATTRIBUTES.get(tag, ""))
        if target is not None:
            self.links.append(target)


def _site_url() -> str:
    """site_url as the build sees it: $SITE_URL if set, else the default in mkdocs.yml."""

    class Loader(yaml.SafeLoader):
        pass

    def env_default(loader: yaml.SafeLoader, node: yaml.Node) -> object:
        items = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [node.value]
        return os.environ.get(str(items[0])) or items[-1]

    Loader.add_constructor("!ENV", env_default)
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    return str(config["site_url"]).rstrip("/") + "/"


# ---- parsing the site ------------------------------------------------------------------------------------


def _parse(site: Path) -> dict[Path, PageLinks]:
    pages = {}
    for html_file in sorted(site.rglob("*.html")):
        parser = PageLinks()
        parser.feed(html_file.read_text(encoding="utf-8"))
        pages[html_file] = parser
    return pages


def _page_url(site: Path, html_file: Path) -> str:
    return f"{PAGE_ORIGIN}/{html_file.relative_to(site).as_posix()}"


def _target_file(site: Path, path: str) -> Path | None:
    """The file a site path names: the file itself, or a folder's index.html."""
    candidate = site / unquote(path).lstrip("/")
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


@dataclass
class LinkReport:
    broken: list[str] = field(default_factory=list)
    external: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def _check_site(site: Path) -> LinkReport:
    pages, report, site_url = _parse(site), LinkReport(), _site_url()
    site_prefix = urlsplit(site_url).path
    for html_file, parsed in pages.items():
        source = html_file.relative_to(site).as_posix()
        for link in parsed.links:
            _check_link(site, pages, report, source, html_file, link, site_url, site_prefix)
    return report


def _check_link(
    site: Path,
    pages: dict[Path, PageLinks],
    report: LinkReport,
    source: str,
    html_file: Path,
    link: str,
    site_url: str,
    site_prefix: str,
) -> None:
    link = link.strip()
    scheme = urlsplit(link).scheme
    if scheme in SKIPPED_SCHEMES:
        return
    if link.startswith(site_url):
        link = "/" + link.removeprefix(site_url)
    elif scheme or link.startswith("//"):
        report.external[link].add(source)
        return
    elif link.startswith("/"):
        if not link.startswith(site_prefix):
            report.broken.append(f"{source}: {link} (root-relative outside the site's path {site_prefix})")
            return
        link = "/" + link.removeprefix(site_prefix)
    resolved = urlsplit(urljoin(_page_url(site, html_file), link) if not link.startswith("/") else link)
    target = _target_file(site, resolved.path)
    if target is None:
        report.broken.append(f"{source}: {link} (no such file)")
        return
    if resolved.fragment and target.suffix == ".html":
        fragment = unquote(resolved.fragment)
        if fragment not in pages[target].ids:
            report.broken.append(f"{source}: {link} (no id '{fragment}' in {target.relative_to(site)})")


# ---- tests -----------------------------------------------------------------------------------------------


def test_every_internal_link_and_fragment_resolves(built_site: Path) -> None:
    report = _check_site(built_site)
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [f"{url}\t{', '.join(sorted(pages))}" for url, pages in sorted(report.external.items())]
    (ARTIFACTS / "external-links.txt").write_text(
        "# External links in the built site (not fetched): URL, then the pages that link to it.\n"
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )
    assert not report.broken, f"{len(report.broken)} broken links:\n" + "\n".join(report.broken)


def test_the_checker_finds_broken_links_and_fragments(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2><a name="old">y</a>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="a/#old">ok</a><a href="#top" id="top">ok</a>'
        '<a href="b/">missing page</a><a href="a/#gone">missing id</a><img src="x.png">'
        '<a href="https://other.example/">external</a><a href="mailto:x@y.z">mail</a>',
        encoding="utf-8",
    )
    report = _check_site(tmp_path)
    assert report.broken == [
        "index.html: b/ (no such file)",
        "index.html: a/#gone (no id 'gone' in a/index.html)",
        "index.html: x.png (no such file)",
    ]
    assert set(report.external) == {"https://other.example/"}
