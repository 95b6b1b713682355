"""The Vega, Vega-Lite and vega-embed scripts, served from the site itself for interactive charts.

The bundle comes from the pinned vl-convert-python package (no CDN, no npm). Building it costs about two
seconds, so it is cached on disk under `.cache/`, keyed on the vl-convert version (delete the folder to clear).
"""

from __future__ import annotations

from importlib.metadata import version

from .errors import PROJECT_ROOT

VEGA_BUNDLE = "assets/vendor/vega-bundle.js"
CACHE_DIR = PROJECT_ROOT / ".cache" / "vega-bundle"


def vega_bundle() -> str:
    """The bundle's JavaScript, from the disk cache or built afresh."""
    cached = CACHE_DIR / f"vl-convert-{version('vl-convert-python')}.js"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    import vl_convert

    bundle = vl_convert.javascript_bundle()
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    cached.write_text(bundle, encoding="utf-8")
    return bundle
