"""Shared chart settings: the two layouts every chart is drawn in, fonts, sizes and small helpers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt

from myositis_evidence.results.model import Interval, Reported, Value

# A wide font measured at build time, so labels fit when the reader's browser substitutes a similar one.
FONT = "DejaVu Sans, Verdana, Geneva, sans-serif"
FONT_SIZE = 12  # the smallest text a chart draws, at its natural size
# DejaVu Sans at 12 px: the widest digits and letters are about 0.64 em; used to leave room for value labels.
CHARACTER_WIDTH = 0.64 * FONT_SIZE
LINE_HEIGHT = FONT_SIZE + 4


@dataclass(frozen=True)
class Layout:
    """The space a chart is drawn for.

    width: the whole SVG's natural width in pixels. The page scales an SVG to its column and shows a layout
    only in columns at least this wide (docs/assets/evidence.css), so its text is never drawn under FONT_SIZE.
    narrow: labels go above their marks, axes carry fewer ticks and panels stack.
    """

    width: int
    narrow: bool
    padding: int

    @property
    def plot_width(self) -> int:
        """The width left for the marks: less the padding and half of an end tick's label hanging over."""
        return self.width - 2 * self.padding - FONT_SIZE


# The column is 688 px on a 1280 px screen, 736 px on a tablet and about 700 px on A4 paper; 288 px on the
# narrowest phone (320 px). tests/test_charts.py checks the stylesheet's breakpoint against WIDE.width.
WIDE = Layout(560, narrow=False, padding=12)
NARROW = Layout(288, narrow=True, padding=4)
LAYOUTS = (WIDE, NARROW)


def finish(chart: alt.TopLevelMixin, title: str, description: str, layout: Layout) -> dict[str, Any]:
    """The chart as a Vega-Lite spec with description and the site's fonts and sizes.

    The title is kept in the spec's metadata only: the page shows it in the figure caption, where it wraps.
    """
    # Set on the spec, not the chart: Altair's properties() checks and copies the whole chart, data included.
    spec = chart.to_dict(validate=False) | {
        "description": description,
        "usermeta": {"title": title, "layout": _layout_name(layout)},
    }
    # One plain config, set once: each of Altair's configure_* calls copies the whole chart, data included.
    spec["config"] = _merged(spec.get("config", {}), _site_config(layout))
    # Altair's schema check takes longer than the rest of the analysis; tests/test_charts.py runs it on every
    # spec instead (test_every_spec_is_valid_vega_lite), and the renderer rejects a malformed one at build.
    return spec


def _site_config(layout: Layout) -> dict[str, Any]:
    """The site's fonts, sizes and padding as a Vega-Lite config."""
    padding = layout.padding
    return {
        "font": FONT,
        "background": "transparent",
        "padding": {"left": padding, "right": padding, "top": 8, "bottom": 8},
        "axis": {
            "labelFontSize": FONT_SIZE,
            "titleFontSize": FONT_SIZE,
            "grid": False,
            "labelLimit": 300,
            "titleLimit": 0,
        },
        "header": {"labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE},
        "legend": {"labelLimit": 400, "labelFontSize": FONT_SIZE},
        "text": {"fontSize": FONT_SIZE},
        "title": {"fontSize": FONT_SIZE, "subtitleFontSize": FONT_SIZE},
        "view": {"stroke": None},
    }


def _merged(chart_config: dict[str, Any], site_config: dict[str, Any]) -> dict[str, Any]:
    """A chart's own config with the site's laid over it, section by section, as configure_* would."""
    merged = dict(chart_config)
    for key, value in site_config.items():
        own = merged.get(key)
        merged[key] = {**own, **value} if isinstance(own, dict) and isinstance(value, dict) else value
    return merged


def _layout_name(layout: Layout) -> str:
    return "narrow" if layout.narrow else "wide"


def text_width(text: str) -> float:
    """A generous estimate of a label's width in pixels at FONT_SIZE."""
    return len(text) * CHARACTER_WIDTH


def wrapped(text: str, width: float) -> list[str]:
    """The text broken at spaces into lines of at most width pixels (a Vega text or title array)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def padded_domain(
    points: Sequence[tuple[float, str]], plot_width: float, *, include_zero: bool = True
) -> list[float]:
    """An axis domain wide enough for each value's label beside its mark (left of a negative one).

    points: (value, label) pairs. The domain is widened until the widest label at each end fits inside the plot,
    so no label runs into the axis labels or off the chart.
    """
    values = [value for value, _ in points]
    low, high = min(values), max(values)
    if include_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    left = max((text_width(label) for value, label in points if value < 0), default=0.0)
    right = max((text_width(label) for value, label in points if value >= 0), default=0.0)
    # Room for the gap between bar and label, and for the axis line the label must not touch.
    left, right = left + 14 if left else 0.0, right + 14 if right else 0.0
    span = (high - low) or 1.0
    per_pixel = span / (plot_width - left - right)
    return [low - left * per_pixel, high + right * per_pixel]


def basis(result: Value | Interval) -> str:
    """Where a charted number comes from, for its tooltip."""
    provenance = result.provenance
    if isinstance(provenance, Reported):
        return f"reported in {provenance.source_label}"
    return f"derived: {provenance.method}"


SOURCE_TOOLTIP = alt.Tooltip("source:N", title="source")


def values(rows: list[dict[str, Any]]) -> alt.Data:
    """Inline data, so the spec carries everything it draws."""
    return alt.Data(values=rows)
