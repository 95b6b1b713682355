"""Render Vega-Lite specs to SVG at build time with vl-convert (no browser, no network).

Each SVG is cached on disk under the project's `.cache/svg/`, keyed on the spec and the vl-convert version, so
a warm build neither starts the renderer nor re-renders an unchanged chart. On a cache miss, `send` passes
each chart to the render worker (render_worker.py) as the analysis registers it, and `prerender` any left
when the results come from the cache; the worker draws them in a second process while this one goes on.

A chart with a narrow layout (`Chart.narrow_spec`) has two SVGs; `ChartImages.svg` returns them one after the
other, the wide one first, and the page places both in the chart's figure.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

from myositis_evidence.charts.render_worker import RenderWorker, write_atomically
from myositis_evidence.results.model import Chart


class ChartImages:
    """One build's chart SVGs: from the disk cache under cache_dir, else drawn by the worker or here."""

    def __init__(self, cache_dir: Path, worker: RenderWorker | None = None) -> None:
        self.svg_dir = cache_dir / "svg"
        self.worker = worker or RenderWorker()
        self._drawn: dict[str, str] = {}  # identical specs are read or rendered once

    def prerender(self, charts: Iterable[Chart]) -> None:
        """Send the charts not yet in the disk cache or sent to the render worker, then close its input."""
        for chart in charts:
            self.send(chart)
        self.worker.close_input()

    def send(self, chart: Chart) -> None:
        """Ask the render worker for the chart's SVGs that are not in the disk cache, starting it if need be."""
        for spec_json in _spec_jsons(chart):
            path = self._svg_path(spec_json)
            if not path.is_file() and not self.worker.pending(path):
                self.worker.start()
                self.worker.submit(path, spec_json)

    def svg(self, chart: Chart) -> str:
        """The chart's SVG documents, one after the other: the wide layout, then the narrow one if any."""
        return "".join(map(self._svg_of, _spec_jsons(chart)))

    def _svg_of(self, spec_json: str) -> str:
        if spec_json not in self._drawn:
            self._drawn[spec_json] = self._read_or_render(spec_json)
        return self._drawn[spec_json]

    def _svg_path(self, spec_json: str) -> Path:
        key = hashlib.sha256(f"{_renderer_version()}\0{spec_json}".encode()).hexdigest()
        return self.svg_dir / f"{key}.svg"

    def _read_or_render(self, spec_json: str) -> str:
        cached = self._svg_path(spec_json)
        if self.worker.pending(cached):
            self.worker.wait_for(cached)
        if cached.is_file():
            return cached.read_text(encoding="utf-8")
        import vl_convert  # imported on a cache miss only: its engine start is the slow part of a build

        svg = vl_convert.vegalite_to_svg(json.loads(spec_json))
        write_atomically(cached, svg)
        return svg


@functools.cache  # the installed renderer does not change under a running build or `mkdocs serve`
def _renderer_version() -> str:
    return version("vl-convert-python")


def _spec_jsons(chart: Chart) -> list[str]:
    """The chart's specs as canonical JSON, wide first."""
    specs = [chart.spec] if chart.narrow_spec is None else [chart.spec, chart.narrow_spec]
    return [json.dumps(spec, sort_keys=True) for spec in specs]
