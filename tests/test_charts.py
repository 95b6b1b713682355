"""Charts draw what their data say: labels on the right bars, both themes legible, specs self-contained."""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from pathlib import Path

import pytest
import vl_convert

from conftest import DOCS_DIR, analyse
from myositis_evidence.analysis.chart_specs import FONT_SIZE, NARROW, WIDE
from myositis_evidence.charts.svg import ChartImages, ForeignDrawing, MissingDrawing, drawing_keys
from myositis_evidence.charts.themes import (
    DARK_SVG_COLOURS,
    DARK_TEXT,
    NEUTRAL,
    ROLE_COLOURS,
    dark_svg_css,
    dark_variant,
)
from myositis_evidence.results.model import Chart

MARK_TEXT = re.compile(r'<g class="mark-text role-mark[^"]*"[^>]*>(.*?)</g>', re.S)
TEXT = re.compile(r'<text[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*>([^<]*)</text>')
RECT_PATH = re.compile(r'<path[^>]*d="M([-\d.]+),([-\d.]+)h([-\d.]+)v([-\d.]+)h[-\d.]+Z"[^>]*fill="([^"]+)"')


def chart_to_svg(chart: Chart) -> str:
    """The chart's SVGs (wide, then narrow), drawn afresh (no cache is shared between tests)."""
    with tempfile.TemporaryDirectory() as cache:
        return ChartImages(Path(cache)).svg(chart)


def _charts(registry) -> list[Chart]:
    return [result for result in registry if isinstance(result, Chart)]


def _specs(registry) -> list[tuple[str, dict]]:
    """(name, spec) for both layouts of every chart."""
    return [
        (f"{chart.id} {layout}", spec)
        for chart in _charts(registry)
        for layout, spec in (("wide", chart.spec), ("narrow", chart.narrow_spec))
    ]


def _layouts(svg: str) -> list[str]:
    """The SVG documents ChartImages.svg returns one after the other."""
    return [part for part in re.split(r"(?=<svg\b)", svg) if part.strip()]


def test_flow_chart_labels_sit_on_their_own_bars(registry):
    """The count written on each bar segment equals the width of that segment in patients (12 / 8 / 4)."""
    for svg in _layouts(chart_to_svg(registry.get("ivig-2003.flow-chart"))):
        _assert_counts_on_their_segments(svg)


def _assert_counts_on_their_segments(svg: str) -> None:
    texts = TEXT.findall("".join(MARK_TEXT.findall(svg)))
    # The narrow layout also writes each stage's name above its bar; the counts are the numbers.
    labels = [(float(x), float(y), text) for x, y, text in texts if text.isdigit()]
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


STYLESHEET = DOCS_DIR / "assets" / "evidence.css"


def _recoloured(svg: str) -> str:
    """The light SVG as the stylesheet shows it in the dark scheme."""
    for (attribute, light), dark in DARK_SVG_COLOURS.items():
        svg = svg.replace(f'{attribute}="{light}"', f'{attribute}="{dark}"')
    return svg


def test_the_recoloured_light_chart_is_the_dark_chart(registry):
    """One SVG serves both schemes: recolouring it as the stylesheet does gives what the renderer draws from the
    dark spec, element for element, for every chart in both layouts."""
    for chart in _charts(registry):
        svgs = _layouts(chart_to_svg(chart))
        assert len(svgs) == 2, chart.id
        for light, spec in zip(svgs, (chart.spec, chart.narrow_spec), strict=True):
            dark = vl_convert.vegalite_to_svg(dark_variant(spec))
            assert light.lstrip().startswith("<svg"), chart.id
            assert _recoloured(light) == dark, chart.id
            assert DARK_TEXT.lower() in dark.lower() and NEUTRAL.lower() not in dark.lower(), chart.id


SVG_SIZE = re.compile(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sviewBox="0 0 ([\d.]+) ([\d.]+)"')
FONT_SIZES = re.compile(r'font-size="([\d.]+)px"')


def test_each_layout_fits_the_column_it_is_shown_in(registry):
    """The page shows a layout only in a column at least as wide as the layout (docs/assets/evidence.css), and
    scales the SVG to the column: an SVG no wider than its layout never shrinks, so its 12 px text stays 12 px.
    Each also fills most of its layout's width, so the two layouts look alike in size where they switch."""
    for chart in _charts(registry):
        for layout, svg in zip((WIDE, NARROW), _layouts(chart_to_svg(chart)), strict=True):
            match = SVG_SIZE.search(svg)
            assert match is not None, chart.id
            width = float(match.group(2))
            assert 0.85 * layout.width <= width <= layout.width, (chart.id, layout, width)
            sizes = {float(size) for size in FONT_SIZES.findall(svg)}
            assert sizes and min(sizes) >= FONT_SIZE, (chart.id, layout, sorted(sizes))


def _luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour."""
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# Material's page backgrounds: white, and the slate scheme's hsl(232, 15%, 14%).
BACKGROUNDS = {"light": "#ffffff", "dark": "#1e2029"}


def test_every_mark_colour_stands_out_from_both_backgrounds():
    """WCAG 1.4.11: graphical objects at 3:1 or more against what is behind them, in both schemes."""
    for role, colour in ROLE_COLOURS.items():
        for scheme, background in BACKGROUNDS.items():
            assert _contrast(colour, background) >= 3, (role, scheme, round(_contrast(colour, background), 2))


def test_every_spec_is_valid_vega_lite(registry):
    """The build skips Altair's schema check for speed; this is that check, against Vega-Lite's JSON schema."""
    import jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    validator = jsonschema.Draft7Validator(load_schema())
    for name, spec in _specs(registry):
        assert [error.message for error in validator.iter_errors(spec)] == [], name
    broken = {**_charts(registry)[0].spec, "mark": {"type": "no-such-mark"}}
    assert list(validator.iter_errors(broken)), "the validator must reject an invalid spec"


def test_the_stylesheet_switches_layouts_where_the_wide_one_stops_fitting():
    """Below WIDE.width the wide SVG would shrink its text under 12 px: the narrow one shows there instead."""
    stylesheet = STYLESHEET.read_text(encoding="utf-8")
    breakpoint = f"@container (max-width: {WIDE.width - 0.02}px) {{\n  .md-typeset .ev-chart__image--wide"
    assert breakpoint in stylesheet


def test_the_stylesheet_carries_the_dark_chart_colours():
    assert dark_svg_css() in STYLESHEET.read_text(encoding="utf-8")


def test_dark_variant_leaves_the_light_spec_untouched(registry):
    chart = registry.get("hiit-2025.difference-chart")
    before = json.dumps(chart.spec, sort_keys=True)
    dark_variant(chart.spec)
    assert json.dumps(chart.spec, sort_keys=True) == before


def test_specs_carry_their_data_and_a_description(registry):
    for chart in _charts(registry):
        for spec in (chart.spec, chart.narrow_spec):
            text = json.dumps(spec)
            assert '"url"' not in text, f"{chart.id} loads data from elsewhere"
            assert spec["description"] == chart.description


def test_rendering_is_deterministic(registry):
    chart = registry.get("ivig-2003.proportions-chart")
    assert chart_to_svg(chart) == chart_to_svg(chart)
    rebuilt = analyse()[0].get("ivig-2003.proportions-chart")
    assert json.dumps(rebuilt.spec, sort_keys=True) == json.dumps(chart.spec, sort_keys=True)


def test_each_chart_is_announced_as_the_analysis_registers_it(dataset, monkeypatch):
    """The build hook sends each chart to the render worker from this call, while the analysis goes on."""
    from myositis_evidence.analysis.build import build_registry
    from myositis_evidence.results.model import Registry

    events: list[tuple[str, str]] = []
    register = Registry.add

    def recorded_add(self, result):
        events.append(("registered", result.id))
        return register(self, result)

    monkeypatch.setattr(Registry, "add", recorded_add)
    registry = build_registry(dataset, on_chart=lambda chart: events.append(("announced", chart.id)))
    charts = [result.id for result in registry if isinstance(result, Chart)]
    announced = [index for index, (event, _) in enumerate(events) if event == "announced"]
    assert [events[index][1] for index in announced] == charts and charts
    # each right after its own registration, the first long before the analysis ends
    assert all(events[index - 1] == ("registered", events[index][1]) for index in announced)
    assert announced[0] < len(events) / 2
    assert type(registry) is Registry  # the results are kept without the listener


def test_a_figure_from_stand_ins_is_the_figure_from_its_drawings(registry, tmp_path):
    """The build converts pages with each drawing's stand-in and puts the drawings in afterwards: the figure
    must come out as if the drawings had been there all along, labelled the same."""
    from myositis_evidence.pages.result_html import ChartAssets, PageNotes, render_chart

    chart = registry.get("ivig-2003.proportions-chart")
    images = ChartImages(tmp_path)
    direct = render_chart(chart, ChartAssets(images.svg(chart)), registry, PageNotes())
    standing_in = render_chart(chart, ChartAssets(images.placeholders(chart)), registry, PageNotes())
    assert "data-ev-drawing" in standing_in and "<path" not in standing_in
    keys = drawing_keys(standing_in)
    assert len(keys) == 2  # the wide and the narrow layout
    assert images.insert_drawings(standing_in, keys) == direct
    assert 'role="img"' in direct and f'<title id="{chart.id}-title-narrow">' in direct


def _labelled_stand_ins(images: ChartImages, chart: Chart, registry) -> str:
    """The chart's figure as a page holds it before its drawings go in."""
    from myositis_evidence.pages.result_html import ChartAssets, PageNotes, render_chart

    return render_chart(chart, ChartAssets(images.placeholders(chart)), registry, PageNotes())


def test_a_stand_in_no_chart_of_the_page_made_is_refused(registry, tmp_path):
    images = ChartImages(tmp_path)
    chart = registry.get("ivig-2003.proportions-chart")
    with pytest.raises(ForeignDrawing, match="none of its charts made"):
        images.insert_drawings(_labelled_stand_ins(images, chart, registry), Counter())


def test_a_figure_shown_again_by_a_typed_copy_of_its_stand_in_is_refused(registry, tmp_path):
    """A page's author could copy a built figure's stand-in, key and labels, into the Markdown: each drawing
    goes in only as often as the page's own charts made its stand-in."""
    images = ChartImages(tmp_path)
    chart = registry.get("ivig-2003.proportions-chart")
    figure = _labelled_stand_ins(images, chart, registry)
    with pytest.raises(ForeignDrawing, match="none of its charts made"):
        images.insert_drawings(figure + figure, drawing_keys(figure))


def test_a_drawing_neither_cached_nor_seen_is_reported_missing(registry, tmp_path):
    """A page kept from an earlier build names a drawing whose file has gone: the hook then loads the
    results, which send the chart to the worker."""
    figure = _labelled_stand_ins(
        ChartImages(tmp_path / "first"), registry.get("ivig-2003.flow-chart"), registry
    )
    with pytest.raises(MissingDrawing):
        ChartImages(tmp_path / "second").insert_drawings(figure, drawing_keys(figure))


def test_a_damaged_cached_drawing_is_drawn_again(registry, tmp_path):
    """A drawing cut short, emptied or not UTF-8 in the cache would ship an unclosed <svg> that swallows the
    rest of the page, or stop the build with a traceback: it is drawn again instead."""
    chart = registry.get("ivig-2003.proportions-chart")
    whole = ChartImages(tmp_path).svg(chart)
    files = sorted((tmp_path / "svg").glob("*.svg"))
    assert len(files) == 2
    for damage in (lambda data: data[: len(data) // 2], lambda data: b"", lambda data: b"\xff" + data):
        for path in files:
            path.write_bytes(damage(path.read_bytes()))
        assert ChartImages(tmp_path).svg(chart) == whole


def test_a_stand_in_not_written_as_the_page_writes_them_is_refused(registry, tmp_path):
    """Even with one of the page's own keys: left open it would take the page's markup into the drawing, and
    with attributes of its own it would give the drawing two of one attribute."""
    images = ChartImages(tmp_path)
    chart = registry.get("ivig-2003.proportions-chart")
    keys = drawing_keys(images.placeholders(chart))
    key = sorted(keys)[0]
    for typed in (
        f'<svg data-ev-drawing="{key}"><p>text</p></svg>',
        f'<svg data-ev-drawing="{key}" class="x"></svg>',
        f'<svg data-ev-drawing="{key}"></svg>',  # unlabelled
        f'<SVG data-ev-drawing="{key}"></SVG>',
        f"<svg  data-ev-drawing='{key}'></svg>",
        f'<svg class="x"\ndata-ev-drawing="{key}"></svg>',
    ):
        with pytest.raises(ForeignDrawing, match="that the build did not write"):
            images.insert_drawings(f"<p>See</p>{typed}", keys)
