"""Render Vega-Lite specs to SVG at build time with vl-convert (no browser, no network).

Each SVG is cached on disk under the project's `.cache/svg/`, keyed on the spec and the vl-convert version, so
a warm build neither starts the renderer nor re-renders an unchanged chart. On a cache miss, `send` passes
each chart to the render worker (render_worker.py) as the analysis registers it, and `prerender` any left
when the results come from the cache; the worker draws them in a second process while this one goes on.

A chart with a narrow layout (`Chart.narrow_spec`) has two SVGs; `ChartImages.svg` returns them one after the
other, the wide one first, and the page places both in the chart's figure.

A build need not wait for the worker while it converts its pages: `placeholders` gives a chart's SVGs as empty
stand-ins (`<svg data-ev-drawing="KEY"></svg>`, KEY naming the drawing's file in the disk cache), which the
page labels as it would the drawings, and `insert_drawings` puts each drawing in place of its stand-in once
the page is converted, keeping the label's attributes, title and description. By then the worker has had the
whole conversion of every page to draw them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

from myositis_evidence.charts.render_worker import RenderError, RenderWorker, write_atomically
from myositis_evidence.errors import EvidenceError
from myositis_evidence.results.model import Chart

# A drawing's stand-in exactly as placeholders() writes it and the page labels it (pages/result_html.py,
# _label_svg): its key, the label's attributes, its title and desc (escaped text). Anything else that starts
# like a stand-in is left in place, and insert_drawings refuses it.
DRAWING = re.compile(
    r'<svg data-ev-drawing="(?P<key>[0-9a-f]{64})"'
    r'(?P<attributes> role="img" aria-labelledby="[^"<>]*" aria-describedby="[^"<>]*")>'
    r'(?P<labels><title id="[^"<>]*">[^<]*</title><desc id="[^"<>]*">[^<]*</desc>)</svg>'
)
DRAWING_KEY = re.compile(r'<svg data-ev-drawing="([0-9a-f]{64})"')
# Any element that carries the stand-ins' attribute, however it is spelt: left in a page, it would ship a gap.
LEFT_STAND_IN = re.compile(r"<[a-z][^>]*[\s/]data-ev-drawing\b", re.I)
XML_DECLARATION = re.compile(r"<\?xml[^>]*>\s*")
SVG_OPENING = re.compile(r"<svg\b[^>]*>")


class MissingDrawing(EvidenceError):
    """A stand-in names a drawing that is neither in the disk cache nor among this build's charts."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no chart drawing {key[:12]}… in the cache or among the results")
        self.key = key


class ForeignDrawing(EvidenceError):
    """A page holds a drawing's stand-in that none of its own charts made."""


class ChartImages:
    """One build's chart SVGs: from the disk cache under cache_dir, else drawn by the worker or here."""

    def __init__(self, cache_dir: Path, worker: RenderWorker | None = None) -> None:
        self.svg_dir = cache_dir / "svg"
        self.worker = worker or RenderWorker()
        self._drawn: dict[str, str] = {}  # identical specs are read or rendered once
        self._specs: dict[str, str] = {}  # drawing key: spec JSON, for the charts this build has seen

    def prerender(self, charts: Iterable[Chart]) -> None:
        """Send the charts not yet in the disk cache or sent to the render worker, then close its input."""
        for chart in charts:
            self.send(chart)
        self.worker.close_input()

    def send(self, chart: Chart) -> None:
        """Ask the render worker for the chart's SVGs that are not in the disk cache, starting it if need be."""
        for key in self._keys(chart):
            path = self.svg_dir / f"{key}.svg"
            if not path.is_file() and not self.worker.pending(path):
                self.worker.start()
                self.worker.submit(path, self._specs[key])

    def svg(self, chart: Chart) -> str:
        """The chart's SVG documents, one after the other: the wide layout, then the narrow one if any."""
        return "".join(map(self._svg_of_key, self._keys(chart)))

    def placeholders(self, chart: Chart) -> str:
        """Stand-ins for the chart's SVGs, in the same order, for insert_drawings to replace."""
        return "".join(f'<svg data-ev-drawing="{key}"></svg>' for key in self._keys(chart))

    def _keys(self, chart: Chart) -> list[str]:
        """The drawing keys of the chart's SVGs, in order (the renderer's version and the spec, hashed); each
        key's spec is kept, so that the drawing can be made later."""
        keys = []
        for spec_json in _spec_jsons(chart):
            key = hashlib.sha256(f"{_renderer_version()}\0{spec_json}".encode()).hexdigest()
            self._specs[key] = spec_json
            keys.append(key)
        return keys

    def insert_drawings(self, html: str, made: Counter[str]) -> str:
        """The page with each stand-in replaced by its drawing, labelled as the stand-in was.

        made counts the stand-ins the page's own charts made, by drawing; any other stand-in, one more, or one
        not written as the page labels them, raises ForeignDrawing. Raises
        MissingDrawing when a drawing is neither cached nor among the charts this build has seen (its
        results came from the cache and its file has gone): load the results, which send it to the worker,
        and try again.
        """

        placed: Counter[str] = Counter()

        def drawing(stand_in: re.Match[str]) -> str:
            key = stand_in.group("key")
            placed[key] += 1
            if placed[key] > made[key]:
                raise ForeignDrawing(f"a chart drawing's stand-in ({key[:12]}…) that none of its charts made")
            document = XML_DECLARATION.sub("", self._svg_of_key(key), count=1)
            opening = SVG_OPENING.search(document)
            if opening is None:
                raise RenderError(f"the renderer returned no <svg> element for drawing {key[:12]}…")
            tag = opening.group(0)[:-1] + stand_in.group("attributes") + ">"
            return document[: opening.start()] + tag + stand_in.group("labels") + document[opening.end() :]

        if "data-ev-drawing" not in html:
            return html
        drawn = DRAWING.sub(drawing, html)
        left = LEFT_STAND_IN.search(drawn)
        if left is not None:
            key = re.search(r'data-ev-drawing="([0-9a-f]{12})', drawn[left.start() : left.end() + 80])
            named = f" ({key.group(1)}…)" if key else ""
            raise ForeignDrawing(f"a chart drawing's stand-in{named} that the build did not write")
        return drawn

    def _svg_of_key(self, key: str) -> str:
        if key not in self._drawn:
            self._drawn[key] = self._read_or_render(key)
        return self._drawn[key]

    def _read_or_render(self, key: str) -> str:
        cached = self.svg_dir / f"{key}.svg"
        if self.worker.pending(cached):
            self.worker.wait_for(cached)
        if cached.is_file():
            svg = _intact(cached.read_bytes())
            if svg is not None:
                return svg
            cached.unlink()  # a damaged file (cut short, emptied, not UTF-8): draw it again
        if key not in self._specs:
            raise MissingDrawing(key)
        import vl_convert  # imported on a cache miss only: its engine start is the slow part of a build

        svg = vl_convert.vegalite_to_svg(json.loads(self._specs[key]))
        write_atomically(cached, svg)
        return svg


@functools.cache  # the installed renderer does not change under a running build or `mkdocs serve`
def _renderer_version() -> str:
    return version("vl-convert-python")


def _spec_jsons(chart: Chart) -> list[str]:
    """The chart's specs as canonical JSON, wide first."""
    specs = [chart.spec] if chart.narrow_spec is None else [chart.spec, chart.narrow_spec]
    return [json.dumps(spec, sort_keys=True) for spec in specs]


def _intact(data: bytes) -> str | None:
    """The drawing, if it is whole as vl-convert writes one: a single <svg> element, closed at its end."""
    try:
        svg = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    body = XML_DECLARATION.sub("", svg, count=1).strip()
    whole = body.startswith("<svg") and body.endswith("</svg>") and body.count("<svg") == 1
    return svg if whole else None


def drawing_keys(html: str) -> Counter[str]:
    """How many stand-ins html holds, by drawing."""
    return Counter(DRAWING_KEY.findall(html)) if "data-ev-drawing" in html else Counter()
