"""Charts draw what their data say: labels on the right bars, both themes legible, specs self-contained."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import vl_convert

from conftest import analyse
from myositis_evidence.charts.svg import ChartImages
from myositis_evidence.charts.themes import DARK_SVG_COLOURS, DARK_TEXT, NEUTRAL, dark_svg_css, dark_variant
from myositis_evidence.results.model import Chart

MARK_TEXT = re.compile(r'<g class="mark-text role-mark[^"]*"[^>]*>(.*?)</g>', re.S)
TEXT = re.compile(r'<text[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*>([^<]*)</text>')
RECT_PATH = re.compile(r'<path[^>]*d="M([-\d.]+),([-\d.]+)h([-\d.]+)v([-\d.]+)h[-\d.]+Z"[^>]*fill="([^"]+)"')


def chart_to_svg(chart: Chart) -> str:
    """The chart's SVG, drawn afresh (no cache is shared between tests)."""
    with tempfile.TemporaryDirectory() as cache:
        return ChartImages(Path(cache)).svg(chart)


def _charts(registry) -> list[Chart]:
    return [result for result in registry if isinstance(result, Chart)]


def test_flow_chart_labels_sit_on_their_own_bars(registry):
    """The count written on each bar segment equals the width of that segment in patients (12 / 8 / 4)."""
    svg = chart_to_svg(registry.get("ivig-2003.flow-chart"))
    labels = [(float(x), float(y), text) for x, y, text in TEXT.findall("".join(MARK_TEXT.findall(svg)))]
    bars = [
        (float(x), float(y), float(width), float(height)) for x, y, width, height, _ in RECT_PATH.findall(svg)
    ]
    assert sorted(text for *_, text in labels) == ["12", "4", "8"]
    patients_per_pixel = max(width for *_, width, _ in bars) / 12
    for x, y, text in labels:
        segment = next(
            bar for bar in bars if bar[0] < x <= bar[0] + bar[2] + 0.5 and bar[1] <= y <= bar[1] + bar[3]
        )
        assert round(segment[2] / patients_per_pixel) == int(text)


STYLESHEET = Path(__file__).resolve().parents[1] / "docs" / "assets" / "evidence.css"


def _recoloured(svg: str) -> str:
    """The light SVG as the stylesheet shows it in the dark scheme."""
    for (attribute, light), dark in DARK_SVG_COLOURS.items():
        svg = svg.replace(f'{attribute}="{light}"', f'{attribute}="{dark}"')
    return svg


def test_the_recoloured_light_chart_is_the_dark_chart(registry):
    """One SVG serves both schemes: recolouring it as the stylesheet does gives what the renderer draws from the
    dark spec, element for element, for every chart."""
    for chart in _charts(registry):
        light = chart_to_svg(chart)
        dark = vl_convert.vegalite_to_svg(dark_variant(chart.spec))
        assert light.lstrip().startswith("<svg"), chart.id
        assert _recoloured(light) == dark, chart.id
        assert DARK_TEXT.lower() in dark.lower() and NEUTRAL.lower() not in dark.lower(), chart.id


def test_every_spec_is_valid_vega_lite(registry):
    """The build skips Altair's schema check for speed; this is that check, against Vega-Lite's JSON schema."""
    import jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    validator = jsonschema.Draft7Validator(load_schema())
    for chart in _charts(registry):
        assert [error.message for error in validator.iter_errors(chart.spec)] == [], chart.id
    broken = {**_charts(registry)[0].spec, "mark": {"type": "no-such-mark"}}
    assert list(validator.iter_errors(broken)), "the validator must reject an invalid spec"


def test_the_stylesheet_carries_the_dark_chart_colours():
    assert dark_svg_css() in STYLESHEET.read_text(encoding="utf-8")


def test_dark_variant_leaves_the_light_spec_untouched(registry):
    chart = registry.get("hiit-2025.difference-chart")
    before = json.dumps(chart.spec, sort_keys=True)
    dark_variant(chart.spec)
    assert json.dumps(chart.spec, sort_keys=True) == before


def test_specs_carry_their_data_and_a_description(registry):
    for chart in _charts(registry):
        text = json.dumps(chart.spec)
        assert '"url"' not in text, f"{chart.id} loads data from elsewhere"
        assert chart.spec["description"] == chart.description


def test_rendering_is_deterministic(registry):
    chart = registry.get("ivig-2003.proportions-chart")
    assert chart_to_svg(chart) == chart_to_svg(chart)
    rebuilt = analyse()[0].get("ivig-2003.proportions-chart")
    assert json.dumps(rebuilt.spec, sort_keys=True) == json.dumps(chart.spec, sort_keys=True)
