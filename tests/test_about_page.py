"""The About page says who maintains the site (or that it does not yet), what the site is, how it is checked,
how to report an error and its licence; the maintainers' pages are kept out of the readers' navigation but
stay at their addresses, linked from the About page."""

from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import DOCS_DIR, PROJECT_ROOT, nav_pages, translated_pages

MAINTAINER_PAGES = {
    "how-it-is-built.md": "how-it-is-built/",
    "notebooks/methods.ipynb": "notebooks/methods/",
    "changelog.md": "changelog/",
}
SECTIONS = ("maintainers", "scope", "checks", "report-an-error", "licence")
PLACEHOLDER = re.compile(r"\[Maintainers: [^\]]+\]")
JAPANESE_PLACEHOLDER = re.compile(r"［管理者の記入欄：[^］]+］")


def _soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_readers_find_the_about_page_and_not_the_maintainers_pages_in_the_navigation():
    assert "about.md" in nav_pages()
    assert "about.md" in translated_pages("ja")
    assert set(MAINTAINER_PAGES).isdisjoint(nav_pages())
    config = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    kept = {line.strip().removeprefix("/") for line in config["not_in_nav"].splitlines() if line.strip()}
    assert kept == set(MAINTAINER_PAGES)


@pytest.mark.build
def test_the_maintainers_pages_keep_their_addresses_and_leave_the_sidebar(built_site):
    sidebar = _soup(built_site / "index.html").select_one("nav.md-nav--primary")
    links = {link["href"] for link in sidebar.find_all("a", href=True)}
    for address in MAINTAINER_PAGES.values():
        assert (built_site / address / "index.html").is_file(), address
        assert not any(link.rstrip("/").endswith(address.rstrip("/")) for link in links), address
    assert any(link.endswith("about/") for link in links)


@pytest.mark.build
def test_the_about_page_has_every_section_and_links_to_the_maintainers_pages(built_site):
    soup = _soup(built_site / "about/index.html")
    assert [section for section in SECTIONS if soup.find(id=section) is None] == []
    article = soup.select_one("article")
    links = {link["href"] for link in article.find_all("a", href=True)}
    for address in MAINTAINER_PAGES.values():
        assert f"../{address}" in links, address


@pytest.mark.parametrize(
    ("page", "placeholder"), [("about.md", PLACEHOLDER), ("about.ja.md", JAPANESE_PLACEHOLDER)]
)
def test_what_the_site_does_not_know_is_a_marked_placeholder(page, placeholder):
    """Names, funding, conflicts of interest and the error address are left for the maintainers to fill in."""
    text = (DOCS_DIR / page).read_text(encoding="utf-8")
    marked = placeholder.findall(text)
    assert len(marked) == 4, marked
    assert "@" not in text  # no e-mail address made up for the error reports


def test_the_about_page_names_the_licences_the_repository_holds():
    about = (DOCS_DIR / "about.md").read_text(encoding="utf-8")
    assert (PROJECT_ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "(CC BY 4.0)" in (PROJECT_ROOT / "LICENSE-CONTENT.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in about and "MIT licence" in about


@pytest.mark.build
def test_every_page_foot_links_to_the_about_page_in_its_language(built_site):
    pages = [page for page in built_site.rglob("index.html") if "md-content" in page.read_text("utf-8")]
    assert len(pages) > len(nav_pages())
    for page in pages:
        soup = _soup(page)
        about = built_site / ("ja/about" if soup.html.get("lang") == "ja" else "about")
        foot = soup.select_one("aside.ev-page-footer")
        targets = {(page.parent / link["href"]).resolve() for link in foot.find_all("a", href=True)}
        assert about.resolve() in targets, page.relative_to(built_site)
