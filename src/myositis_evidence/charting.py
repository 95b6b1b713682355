"""Shared chart settings: an Okabe–Ito palette (colour-blind safe) and a plain, legible theme."""

from __future__ import annotations

from typing import Any

import altair as alt

# Okabe M, Ito K. Color Universal Design (2008): distinguishable with the common colour-vision deficiencies.
ARM_COLOURS = {"HIIT": "#0072B2", "CON": "#E69F00"}
NEUTRAL = "#555555"
ACCENT = "#0072B2"
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
        .configure_axis(labelFontSize=12, titleFontSize=12, grid=False)
        .configure_view(stroke=None)
    )
    return configured.to_dict()


def values(rows: list[dict[str, Any]]) -> alt.Data:
    """Inline data, so the spec carries everything it draws."""
    return alt.Data(values=rows)
