"""The Vega, Vega-Lite and vega-embed scripts, served from the site itself for interactive charts.

The bundle comes from the pinned vl-convert-python package (no CDN, no npm). Building it takes over a second,
so a build that lacks it has the render worker (render_worker.py) build it while the pages are built. It is
cached on disk under `.cache/`, keyed on the vl-convert version (delete the folder to clear).
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from .errors import PROJECT_ROOT

VEGA_BUNDLE = "assets/vendor/vega-bundle.js"
CACHE_DIR = PROJECT_ROOT / ".cache" / "vega-bundle"


def bundle_path() -> Path:
    """Where the bundle of the installed vl-convert version is cached."""
    return CACHE_DIR / f"vl-convert-{version('vl-convert-python')}.js"


def vega_bundle() -> str:
    """The bundle's JavaScript, from the disk cache or built here (after the render worker has finished)."""
    path = bundle_path()
    if not path.is_file():
        import vl_convert

        from .render_worker import write_atomically

        write_atomically(path, vl_convert.javascript_bundle())
    return path.read_text(encoding="utf-8")
