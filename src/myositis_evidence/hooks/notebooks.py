"""MkDocs hook for notebook pages (mkdocs-jupyter): keep them light and within the site's security policy.

mkdocs-jupyter 0.26 renders a notebook through nbconvert's JupyterLab template, which inlines about 575 KB of
CSS in `<style>` elements (a 640 KB page), a MathJax loader with an empty address and a Mermaid loader that
imports from a CDN. No plugin option removes them, and the site's Content-Security-Policy (`style-src 'self'`)
blocks inline styles, with a console error for each. This hook removes them from notebook pages and links the
site's own small stylesheet for notebook cells instead. It runs before `hooks/evidence.py`'s on_post_page, so the
policy hashes only the scripts that remain.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs_jupyter.plugin import NotebookFile

NOTEBOOK_CSS = "assets/notebook.css"
_REMOVED = (
    re.compile(r"<style\b[^>]*>.*?</style>\s*", re.S),  # JupyterLab, Pygments and Mermaid styles
    re.compile(r'<script src="">\s*</script>\s*'),  # MathJax loader without an address
    re.compile(r'<script type="text/x-mathjax-config">.*?</script>\s*', re.S),
    re.compile(r'<script type="module">(?:(?!</script>).)*?mermaid.*?</script>\s*', re.S),
)


@event_priority(-110)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Mark notebooks as pages again after mkdocs-static-i18n (priority -100) rebuilt every file object.

    i18n replaces mkdocs-jupyter's wrapped files with plain ones, so without this the notebook would be copied
    as it is, JSON and all, to the page's address.
    """
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return files
    for file in list(files):  # in place: i18n's own Files class must stay
        if jupyter.should_include(file) and not isinstance(file, NotebookFile):
            files.remove(file)
            files.append(NotebookFile(file, **config))
    return files


@event_priority(50)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Keep mkdocs-jupyter's cached rendering through mkdocs-static-i18n's second (Japanese) pass.

    mkdocs-jupyter 0.26 deletes, at the end of each build, the cache entries that build did not use; the
    Japanese pass has no notebook, so without this every build would render the notebook afresh (half a
    second). Runs before mkdocs-jupyter's own on_post_build (priority 0).
    """
    i18n, jupyter = config.plugins.get("i18n"), config.plugins.get("mkdocs-jupyter")
    if i18n is None or jupyter is None or getattr(i18n, "is_default_language_build", True):
        return
    used = getattr(jupyter, "_used_cache_paths", None)
    if isinstance(used, set):
        used.update(Path(jupyter.config["cache_dir"]).glob("*.json"))


@event_priority(10)
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return lighten_notebook_page(output, "../" * page.url.count("/")) if _is_notebook(page) else output


def _is_notebook(page: Page) -> bool:
    return page.file.src_uri.endswith(".ipynb")


def lighten_notebook_page(html: str, site_root: str) -> str:
    """The page without nbconvert's inline styles and CDN loaders, with the site's notebook stylesheet."""
    for pattern in _REMOVED:
        html = pattern.sub("", html)
    link = f'<link rel="stylesheet" href="{site_root}{NOTEBOOK_CSS}">'
    return html.replace("</head>", f"{link}\n</head>", 1)
