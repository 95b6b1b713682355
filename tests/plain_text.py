"""The reader-facing text of a built page: the article without notes, citation box, footer or note markers."""

from __future__ import annotations

import html
import re

# Removed before measuring: boilerplate that every page carries, and the numbered provenance notes.
BOILERPLATE = (
    r'<p class="ev-print-only">.*?</p>',
    r'<ol class="ev-notes"[^>]*>.*?</ol>',
    r'<h2 id="(?:where-the-numbers-on-this-page-come-from|_\d+)">.*?</h2>',
    r'<aside class="ev-page-footer".*?</aside>',
    r'<(?:aside|section|details)[^>]*class="[^"]*ev-cite[^"]*".*?</(?:aside|section|details)>',
    r'<sup class="ev-ref">.*?</sup>',
    r'<a class="headerlink"[^>]*>.*?</a>',
)


def article_html(page_html: str) -> str:
    start, end = page_html.index("<article"), page_html.index("</article>")
    return page_html[start:end]


FOLDED_SOURCES = re.compile(r'<details class="ev-sources">.*?</details>', re.S)


def without_folded_sources(page_html: str) -> str:
    """The page without its closed "Where this comes from" boxes (the patient pages' sources per section)."""
    return FOLDED_SOURCES.sub(" ", page_html)


def reader_text(page_html: str) -> str:
    """Sentences as a reader meets them: block elements end lines, tags dropped, entities decoded."""
    body = article_html(page_html)
    for pattern in BOILERPLATE:
        body = re.sub(pattern, " ", body, flags=re.S)
    body = re.sub(r"</(p|li|h1|h2|h3|dd|dt)>", ".\n", body)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\.\s*\.", ".", re.sub(r"\s*\n\s*", "\n", text)).strip()
