"""Shared chart settings: an Okabe–Ito palette (colour-blind safe) and a plain, legible theme."""

from __future__ import annotations

from typing import Any

import altair as alt

# Okabe M, Ito K. Color Universal Design (2008): distinguishable with the common colour-vision deficiencies.
ARM_COLOURS = {"HIIT": "#0072B2", "CON": "#E69F00"}
NEUTRAL = "#555555"
ACCENT = "#0072B2"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
WIDTH = 520


def finish(chart: alt.TopLevelMixin, title: str, description: str) -> dict[str, Any]:
    """The chart as a Vega-Lite spec with title, description and the site's fonts and sizes."""
    configured = (
        chart.properties(title=title, description=description)
        .configure(font=FONT, background="transparent")
        .configure_axis(labelFontSize=12, titleFontSize=12, grid=False)
        .configure_title(fontSize=14, anchor="start")
        .configure_view(stroke=None)
    )
    return configured.to_dict()


def values(rows: list[dict[str, Any]]) -> alt.Data:
    """Inline data, so the spec carries everything it draws."""
    return alt.Data(values=rows)
