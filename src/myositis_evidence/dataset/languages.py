"""The languages pages are written in, and a page's language from its file name (plain constants, so the build's
hooks can ask without loading the data models)."""

from __future__ import annotations

LANGUAGES = ("en", "ja")
DEFAULT_LANGUAGE = "en"


def page_language(page: str) -> str:
    """The language of a page from its file name: 'patients/hiit.ja.md' is Japanese, anything else English."""
    for language in LANGUAGES:
        if page.endswith(f".{language}.md"):
            return language
    return DEFAULT_LANGUAGE
