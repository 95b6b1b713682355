"""A build never leaves half a site: it writes into a staging folder beside the site and swaps it into place
only when everything succeeded; a failed build removes the staging folder and leaves the last good site whole.

Under `mkdocs serve` a failed build replaces the served pages with one error page naming the problem, so a
reader never sees a state that `mkdocs build` would refuse, and never a server that hangs.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

STAGING_SUFFIX = ".building"
RETIRED_SUFFIX = ".replaced"


def staging_dir(site_dir: Path) -> Path:
    """The folder a build writes into before it is swapped into place ("site.building" beside "site")."""
    return site_dir.with_name(site_dir.name + STAGING_SUFFIX)


def last_good(path: Path) -> Path | None:
    """Where a path inside a staging folder is in the last good site ("site.building/ja" → "site/ja"); None
    for a path that is not being staged."""
    for folder in (path, *path.parents):
        if folder.name.endswith(STAGING_SUFFIX):
            site_dir = folder.with_name(folder.name.removesuffix(STAGING_SUFFIX))
            return site_dir / path.relative_to(folder)
    return None


def start_staging(site_dir: Path) -> Path:
    """An empty staging folder for site_dir (a left-over one from a stopped build is removed first)."""
    staging = staging_dir(site_dir)
    discard(staging)
    staging.mkdir(parents=True)
    return staging


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Make the staged build the site: two renames, so readers see the old site or the new, never a mix."""
    retired = site_dir.with_name(site_dir.name + RETIRED_SUFFIX)
    discard(retired)
    if site_dir.exists():
        site_dir.rename(retired)
    staging.rename(site_dir)
    discard(retired)


def discard(folder: Path) -> None:
    """Remove a staging or retired folder, if there is one."""
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder)
    elif folder.exists() or folder.is_symlink():
        folder.unlink()


def error_page(message: str) -> str:
    """A self-contained page (no scripts, no external files) that shows why the build stopped."""
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
        "<title>Build failed</title></head><body>"
        "<h1>The site could not be built</h1>"
        "<p>The last change stopped the build. Nothing is shown until it is fixed; the error is:</p>"
        f"<pre>{html.escape(message)}</pre>"
        "<p>Save a fix and this page reloads with the site.</p></body></html>\n"
    )


def write_error_site(site_dir: Path, message: str) -> None:
    """Replace the served site with the error page, at its root and for every other address (as 404)."""
    discard(site_dir)
    site_dir.mkdir(parents=True)
    page = error_page(message)
    for name in ("index.html", "404.html"):
        (site_dir / name).write_text(page, encoding="utf-8")
