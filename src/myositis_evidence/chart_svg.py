"""Render Vega-Lite specs to SVG at build time with vl-convert (no browser, no network).

Each SVG is cached on disk under `.cache/svg/`, keyed on the spec and the vl-convert version, so a warm build
neither starts the renderer (about 1.5 s) nor re-renders an unchanged chart.
"""

from __future__ import annotations

import functools
import hashlib
import json
from importlib.metadata import version

from .chart_themes import dark_variant
from .errors import PROJECT_ROOT
from .results import Chart

SVG_CACHE = PROJECT_ROOT / ".cache" / "svg"


@functools.lru_cache(maxsize=256)
def _svg_for(spec_json: str) -> str:
    key = hashlib.sha256(f"{version('vl-convert-python')}\0{spec_json}".encode()).hexdigest()
    cached = SVG_CACHE / f"{key}.svg"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    import vl_convert  # imported on a cache miss only: its engine start is the slow part of a build

    svg = vl_convert.vegalite_to_svg(json.loads(spec_json))
    SVG_CACHE.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_suffix(".tmp")
    temporary.write_text(svg, encoding="utf-8")
    temporary.replace(cached)
    return svg


def chart_to_svg(chart: Chart) -> str:
    """The chart as an SVG string; identical specs are rendered once."""
    return _svg_for(json.dumps(chart.spec, sort_keys=True))


def chart_to_dark_svg(chart: Chart) -> str:
    """The chart in the dark theme, as an SVG string."""
    return _svg_for(json.dumps(dark_variant(chart.spec), sort_keys=True))
