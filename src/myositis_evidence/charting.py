"""Shared chart settings: an Okabe–Ito palette (colour-blind safe), a light and a dark theme."""

from __future__ import annotations

import copy
import json
from typing import Any

import altair as alt

from .results import Interval, Reported, Value

# Okabe M, Ito K. Color Universal Design (2008): distinguishable with the common colour-vision deficiencies.
ARM_COLOURS = {"HIIT": "#0072B2", "CON": "#E69F00"}
NEUTRAL = "#555555"  # text and rules; swapped for DARK_NEUTRAL in the dark theme
DARK_NEUTRAL = "#d0d0d0"
ACCENT = "#0072B2"  # contrast ≥ 3:1 against both the light and the dark page background
GREY_BAR = "#8c8c8c"  # contrast ≥ 3:1 against both backgrounds; carries black text
DARK_TEXT = "#d6d6d6"
# A wide font measured at build time, so labels fit when the reader's browser substitutes a similar one.
FONT = "DejaVu Sans, Verdana, Geneva, sans-serif"
WIDTH = 520


def finish(chart: alt.TopLevelMixin, title: str, description: str) -> dict[str, Any]:
    """The chart as a Vega-Lite spec with description and the site's fonts and sizes.

    The title is kept in the spec's metadata only: the page shows it in the figure caption, where it wraps.
    """
    configured = (
        chart.properties(description=description, usermeta={"title": title})
        .configure(
            font=FONT, background="transparent", padding={"left": 12, "right": 24, "top": 8, "bottom": 8}
        )
        .configure_axis(labelFontSize=12, titleFontSize=12, grid=False, labelLimit=300)
        .configure_legend(labelLimit=400)
        .configure_view(stroke=None)
    )
    return configured.to_dict()


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


def dark_variant(spec: dict[str, Any]) -> dict[str, Any]:
    """The same chart for Material's dark (slate) scheme: light text, axes and rules."""
    dark = json.loads(json.dumps(spec).replace(NEUTRAL, DARK_NEUTRAL))
    config = copy.deepcopy(dark.get("config", {}))
    colours = {"labelColor": DARK_TEXT, "titleColor": DARK_TEXT}
    config["axis"] = {**config.get("axis", {}), **colours, "domainColor": DARK_TEXT, "tickColor": DARK_TEXT}
    config["header"] = {**config.get("header", {}), **colours}
    config["legend"] = {**config.get("legend", {}), **colours}
    config["text"] = {**config.get("text", {}), "color": DARK_TEXT}
    dark["config"] = config
    return dark
