"""Render Vega-Lite specs to SVG at build time with vl-convert (no browser, no network).

Each SVG is cached on disk under `.cache/svg/`, keyed on the spec and the vl-convert version, so a warm build
neither starts the renderer nor re-renders an unchanged chart. On a cache miss, `prerender` sends the charts
to the render worker (render_worker.py), which draws them in a second process while this one builds pages.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

from .errors import PROJECT_ROOT
from .render_worker import Renderer, write_atomically
from .results import Chart

SVG_CACHE = PROJECT_ROOT / ".cache" / "svg"
RENDERER = Renderer()


def _spec_json(chart: Chart) -> str:
    return json.dumps(chart.spec, sort_keys=True)


def _svg_path(spec_json: str) -> Path:
    key = hashlib.sha256(f"{version('vl-convert-python')}\0{spec_json}".encode()).hexdigest()
    return SVG_CACHE / f"{key}.svg"


@functools.lru_cache(maxsize=256)
def _svg_for(spec_json: str) -> str:
    cached = _svg_path(spec_json)
    if RENDERER.pending(cached):
        RENDERER.wait_for(cached)
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    import vl_convert  # imported on a cache miss only: its engine start is the slow part of a build

    svg = vl_convert.vegalite_to_svg(json.loads(spec_json))
    write_atomically(cached, svg)
    return svg


def prerender(charts: Iterable[Chart]) -> None:
    """Send the charts that are not in the disk cache to the render worker, starting it if need be."""
    specs = {_svg_path(spec_json): spec_json for spec_json in map(_spec_json, charts)}
    missing = {
        path: spec for path, spec in specs.items() if not path.is_file() and not RENDERER.pending(path)
    }
    if missing:
        RENDERER.start()
        for path, spec_json in missing.items():
            RENDERER.submit(path, spec_json)
    RENDERER.close_input()


def chart_to_svg(chart: Chart) -> str:
    """The chart as an SVG string; identical specs are rendered once."""
    return _svg_for(_spec_json(chart))
