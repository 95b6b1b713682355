"""MkDocs hook events for search and the error page in each language.

Registered in mkdocs.yml under `hooks:`. The search index gets its Japanese words (site/search_index.py) once
both languages are in it: mkdocs-static-i18n writes the final index in its on_post_build (priority -100), and
the staging hook swaps the finished build into place at -110, so this runs between them.

The error page: MkDocs writes each theme page (404.html) at the site's root, so mkdocs-static-i18n's Japanese
pass would overwrite the English one. In that pass the Japanese page goes to ja/404.html instead, and the root
keeps the English page (which names the Japanese one in Japanese, since GitHub Pages serves only the root's).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from myositis_evidence.dataset.languages import DEFAULT_LANGUAGE
from myositis_evidence.hooks.language_pass import second_language_pass
from myositis_evidence.site.search_index import SearchIndexError, rewrite_search_index

log = logging.getLogger("mkdocs.plugins.myositis_evidence")

SEARCH_INDEX = Path("search") / "search_index.json"
ERROR_PAGE = "404.html"
# The label on search results from the Japanese pages, which share one index with the English ones.
RESULT_LABELS = {"ja/": "【日本語】"}


def _build_language(config: MkDocsConfig) -> str:
    return str(getattr(config.plugins.get("i18n"), "current_language", None) or DEFAULT_LANGUAGE)


@event_priority(-10)
def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    """In a further language's pass, write its error page under its folder and keep the root's as it is.

    Runs after the evidence hook has added the page's Content-Security-Policy (priority 0).
    """
    language = _build_language(config)
    if template_name != ERROR_PAGE or language == DEFAULT_LANGUAGE:
        return output_content
    site = Path(config.site_dir)
    _write_if_changed(site / language / ERROR_PAGE, output_content)
    root_page = site / ERROR_PAGE
    return root_page.read_text(encoding="utf-8") if root_page.is_file() else output_content


def _write_if_changed(path: Path, content: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != content:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


@event_priority(-105)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Give the finished index (both languages) its Japanese words and language labels."""
    if second_language_pass(config):
        return
    index = Path(config.site_dir) / SEARCH_INDEX
    if not index.is_file():
        return
    try:
        changed = rewrite_search_index(index, RESULT_LABELS)
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
    log.debug("search index %s", "given Japanese words" if changed else "already had its Japanese words")
