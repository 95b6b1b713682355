"""Charts draw what their data say: labels on the right bars, both themes legible, specs self-contained."""

from __future__ import annotations

import json
import re

import pytest

from myositis_evidence.chart_svg import chart_to_dark_svg, chart_to_svg
from myositis_evidence.chart_themes import DARK_TEXT, NEUTRAL, dark_variant
from myositis_evidence.registry_build import build_registry
from myositis_evidence.results import Chart

MARK_TEXT = re.compile(r'<g class="mark-text role-mark[^"]*"[^>]*>(.*?)</g>', re.S)
TEXT = re.compile(r'<text[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*>([^<]*)</text>')
RECT_PATH = re.compile(r'<path[^>]*d="M([-\d.]+),([-\d.]+)h([-\d.]+)v([-\d.]+)h[-\d.]+Z"[^>]*fill="([^"]+)"')


@pytest.fixture(scope="module")
def registry():
    return build_registry()[0]


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


def test_every_chart_renders_in_both_themes(registry):
    for chart in _charts(registry):
        light, dark = chart_to_svg(chart), chart_to_dark_svg(chart)
        assert light.lstrip().startswith("<svg") and dark.lstrip().startswith("<svg"), chart.id
        assert light != dark, chart.id
        assert DARK_TEXT.lower() in dark.lower() and NEUTRAL.lower() not in dark.lower(), chart.id


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
    rebuilt = build_registry()[0].get("ivig-2003.proportions-chart")
    assert json.dumps(rebuilt.spec, sort_keys=True) == json.dumps(chart.spec, sort_keys=True)
