"""Shared chart settings: an Okabe–Ito palette (colour-blind safe), a light and a dark theme."""

from __future__ import annotations

from typing import Any

import altair as alt

from myositis_evidence.results.model import Interval, Reported, Value

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
    # Altair's schema check takes longer than the rest of the analysis; tests/test_charts.py runs it on every
    # spec instead (test_every_spec_is_valid_vega_lite), and the renderer rejects a malformed one at build.
    return configured.to_dict(validate=False)


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
