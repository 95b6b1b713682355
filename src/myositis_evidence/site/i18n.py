"""The site in more than one language: which pages translate which, and the language switch.

Pages are translated by a suffix ("patients/hiit.ja.md" beside "patients/hiit.md"); mkdocs-static-i18n
builds each language under its own folder ("ja/patients/hiit/").
"""

from __future__ import annotations

from pathlib import Path

from myositis_evidence.dataset.plain_language import DEFAULT_LANGUAGE, LANGUAGES
from myositis_evidence.pages.certainty_wording import page_language


def translations(src_uri: str, url: str, canonical_url: str, docs_dir: Path) -> list[tuple[str, str]]:
    """The page and its translation as (language, absolute address), for hreflang links; none without one.

    Search engines want absolute addresses, and a page only names its own translations (the language switch
    in the header is a different thing: it leads to each language's home page). Only published builds carry
    them: Material fetches the site map beside each one, which a local server could not reach.
    """
    if not canonical_url.startswith(("http://", "https://")) or not canonical_url.endswith(url):
        return []
    root = canonical_url[: len(canonical_url) - len(url)]
    language = page_language(src_uri)
    stem = src_uri.removesuffix(".md").removesuffix(f".{language}")
    addresses = {DEFAULT_LANGUAGE: url if language == DEFAULT_LANGUAGE else url.removeprefix(f"{language}/")}
    for other in LANGUAGES:
        if other != DEFAULT_LANGUAGE:
            addresses[other] = f"{other}/{addresses[DEFAULT_LANGUAGE]}"
    sources = {
        other: f"{stem}.md" if other == DEFAULT_LANGUAGE else f"{stem}.{other}.md" for other in LANGUAGES
    }
    present = [other for other in LANGUAGES if (docs_dir / sources[other]).is_file()]
    return [(other, root + addresses[other]) for other in present] if len(present) > 1 else []


def relative_language_links(alternates: list[dict[str, str]]) -> None:
    """Make the language switch lead to the same page in the other language, or else to that language's
    home page, by addresses relative to the site.

    mkdocs-static-i18n sets a page's translation by its address relative to the site ("ja/patients/hiit/"),
    which is right, and every other link to the language's root as an absolute path under site_url, which is
    wrong in a versioned release (X.Y/) and on a local server: those become the root relative to the site.
    """
    for alternate in alternates:
        link, language = alternate["link"], alternate["lang"]
        if not link or link == "." or link.startswith(("/", "http://", "https://")):
            alternate["link"] = "." if language == DEFAULT_LANGUAGE else f"{language}/"


def language_sitemaps(site: Path) -> dict[str, bytes]:
    """A copy of the site map for each translation's folder (by path under site), which the switch reads."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return {}
    content = sitemap.read_bytes()
    return {
        f"{language}/sitemap.xml": content
        for language in LANGUAGES
        if language != DEFAULT_LANGUAGE and (site / language).is_dir()
    }
