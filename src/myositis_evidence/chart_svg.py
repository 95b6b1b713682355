"""Render Vega-Lite specs to SVG at build time with vl-convert (no browser, no network)."""

from __future__ import annotations

import functools
import json

from .charting import dark_variant
from .results import Chart


@functools.lru_cache(maxsize=256)
def _svg_for(spec_json: str) -> str:
    import vl_convert  # imported on first use: its engine start is the slow part of a build

    return vl_convert.vegalite_to_svg(json.loads(spec_json))


def chart_to_svg(chart: Chart) -> str:
    """The chart as an SVG string; identical specs are rendered once per process."""
    return _svg_for(json.dumps(chart.spec, sort_keys=True))


def chart_to_dark_svg(chart: Chart) -> str:
    """The chart in the dark theme, as an SVG string."""
    return _svg_for(json.dumps(dark_variant(chart.spec), sort_keys=True))
