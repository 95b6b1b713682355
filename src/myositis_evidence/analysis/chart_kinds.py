"""The kinds of chart a content file can ask for, each drawn from the results its entry names.

Every kind builds two Vega-Lite specs from the same rows, one per layout (chart_specs.LAYOUTS): a wide one
with labels beside the marks and a narrow one for phones, with labels above the marks, fewer ticks and
stacked panels. It also writes a text alternative from the numbers it draws and the table of its data; titles,
labels, axis titles and the colour role of each mark come from the content file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import altair as alt

from myositis_evidence.analysis.chart_specs import (
    LINE_HEIGHT,
    NARROW,
    SOURCE_TOOLTIP,
    WIDE,
    Layout,
    basis,
    finish,
    padded_domain,
    text_width,
    values,
    wrapped,
)
from myositis_evidence.analysis.text import TextContext, render_text, render_texts
from myositis_evidence.charts.themes import NEUTRAL, ROB_COLOURS, ROB_TEXT, ROLE_COLOURS
from myositis_evidence.dataset.content_schema import (
    BeforeAfterChart,
    ChartBase,
    ChartSpec,
    DerivedBarsChart,
    DifferencesChart,
    FlowChart,
    GroupChangesChart,
    ProportionsChart,
)
from myositis_evidence.results.formatting import format_result
from myositis_evidence.results.model import Chart, Table

DATA_TABLE_CAPTION = "Data for the chart."
# Marks in these roles are dark enough for white text on them (at least 4.5:1); black text on the others.
DARK_ROLES = ("intervention", "accent")
BAR_HEIGHT = 16
# A narrow chart's row: its label on one line above the bar, the bar, and a gap before the next label.
NARROW_STEP = LINE_HEIGHT + BAR_HEIGHT + 14
WIDE_STEP = BAR_HEIGHT + 14

Draw = Callable[[Layout], alt.TopLevelMixin]


def build_chart(spec: ChartSpec, context: TextContext) -> Chart:
    """The chart of a content file's entry, by its kind."""
    return CHART_KINDS[spec.kind](spec, context)


def _chart(spec: ChartBase, context: TextContext, draw: Draw, description: str) -> Chart:
    """The finished chart in both layouts, with its data table (`<id>.data`)."""
    title = render_text(spec.title, context)
    table = spec.data_table
    data_table = Table(
        f"{spec.id}.data",
        render_text(table.title, context) if table.title is not None else title,
        DATA_TABLE_CAPTION,
        render_texts(table.header, context),
        tuple(render_texts(row, context) for row in table.rows),
    )
    wide, narrow = (finish(draw(layout), title, description, layout) for layout in (WIDE, NARROW))
    return Chart(spec.id, title, description, wide, data_table, narrow_spec=narrow)


# ---- shared marks ----------------------------------------------------------------------------------------


def _labels_above(base: alt.Chart, field: str) -> alt.Chart:
    """Each row's label on its own line above its bar, from the plot's left edge (narrow layouts)."""
    return base.mark_text(
        align="left", baseline="bottom", dy=-(BAR_HEIGHT / 2 + 3), fontWeight="bold", color=NEUTRAL
    ).encode(x=alt.XValue(0), text=alt.Text(f"{field}:N"))


def _value_labels(base: alt.Chart, field: str) -> alt.Chart:
    """A value written beside its bar's end: to the right of a positive bar, to the left of a negative one."""
    return base.mark_text(
        align=alt.expr(f"datum.{field} < 0 ? 'right' : 'left'"),
        dx=alt.expr(f"datum.{field} < 0 ? -4 : 4"),
        color=NEUTRAL,
    ).encode(text=alt.Text("text:N"))


def _rows_axis(field: str, order: list[str], layout: Layout) -> alt.Y:
    """Rows of bars: named by the axis when wide; unnamed when narrow, where the label sits above each bar."""
    if layout.narrow:
        return alt.Y(f"{field}:N", title=None, sort=order, axis=None, scale=alt.Scale(paddingOuter=0.3))
    return alt.Y(f"{field}:N", title=None, sort=order)


def _row_step(layout: Layout) -> alt.Step:
    return alt.Step(NARROW_STEP if layout.narrow else WIDE_STEP)


def _label_column(labels: list[str], layout: Layout) -> float:
    """The width the row labels take at the left of a wide chart (none in a narrow one)."""
    return 0.0 if layout.narrow else max(text_width(label) for label in labels) + 8


def _value_axis(title: str, layout: Layout, **options: Any) -> alt.Axis:
    """An axis with fewer ticks in a narrow layout, where 12 px labels need more room each."""
    settings = {"title": wrapped(title, layout.plot_width), "tickCount": 4 if layout.narrow else 8}
    return alt.Axis(**{**settings, **options})


# ---- changes by group ------------------------------------------------------------------------------------


def group_changes(spec: GroupChangesChart, context: TextContext) -> Chart:
    """One panel per outcome, one bar per arm in it, labelled with its value; the outcome names the panel."""
    rows = []
    for outcome in spec.outcomes:
        for arm, result_id in zip(spec.arms, outcome.results, strict=True):
            value = context.registry.value(result_id)
            rows.append(
                {
                    "outcome": outcome.label,
                    "arm": arm.label,
                    "change": value.value,
                    "text": format_result(value),
                    "source": basis(value),
                }
            )
    arms = [arm.label for arm in spec.arms]
    axis_title = render_text(spec.axis_title, context)
    colours = alt.Scale(domain=arms, range=[ROLE_COLOURS[arm.colour] for arm in spec.arms])

    def draw(layout: Layout) -> alt.TopLevelMixin:
        # Outcome titles sit above their panels in both layouts; the wide one has room for more ticks.
        plot_width = layout.plot_width - _label_column(arms, WIDE)
        domain = padded_domain([(row["change"], row["text"]) for row in rows], plot_width)
        panels = []
        for index, outcome in enumerate(spec.outcomes):
            last = index == len(spec.outcomes) - 1
            base = alt.Chart(
                values([row for row in rows if row["outcome"] == outcome.label]),
                title=alt.Title(outcome.label, anchor="start", frame="group", fontWeight="bold"),
            ).encode(
                y=alt.Y("arm:N", title=None, sort=arms),
                x=alt.X(
                    "change:Q",
                    scale=alt.Scale(domain=domain, nice=False),
                    axis=_value_axis(axis_title, layout) if last else None,
                ),
                tooltip=[
                    alt.Tooltip("outcome:N"),
                    alt.Tooltip("arm:N", title="group"),
                    alt.Tooltip("text:N", title=spec.value_title),
                    SOURCE_TOOLTIP,
                ],
            )
            bars = base.mark_bar(height=BAR_HEIGHT).encode(
                color=alt.Color("arm:N", scale=colours, legend=None)
            )
            panels.append(
                (bars + _value_labels(base, "change")).properties(width=plot_width, height=_row_step(WIDE))
            )
        return alt.vconcat(*panels, spacing=10)

    per_outcome = (
        f"{outcome.label}: "
        + ", ".join(f"{row['arm']} {row['text']}" for row in rows if row["outcome"] == outcome.label)
        for outcome in spec.outcomes
    )
    description = render_text(spec.description_intro, context) + "; ".join(per_outcome)
    return _chart(spec, context, draw, description)


# ---- between-group differences ---------------------------------------------------------------------------


def differences(spec: DifferencesChart, context: TextContext) -> Chart:
    """A forest plot: one panel per outcome (each in its own unit), the 95% CI as a rule, the estimate as a
    diamond, a zero line at the centre and, above the panels, what each side of zero favours."""
    rows = [
        _difference_row(outcome.label, outcome.interval, outcome.estimate, context)
        for outcome in spec.outcomes
    ]
    colour = ROLE_COLOURS[spec.colour]

    def draw(layout: Layout) -> alt.TopLevelMixin:
        width = layout.plot_width
        favours = spec.favours
        panels = [] if favours is None else [_favours_row(favours.lower, favours.higher, width)]
        for row in rows:
            panels.append(_difference_panel(row, f"{spec.axis_title} ({row['unit']})", colour, width, layout))
        return alt.vconcat(*panels, spacing=14)

    description = (
        render_text(spec.description_intro, context)
        + "; ".join(f"{row['outcome']}: {row['ci']} (implied {row['implied']})" for row in rows)
        + ". "
        + _zero_sentence(rows)
    )
    return _chart(spec, context, draw, description)


def _difference_panel(
    row: dict[str, Any], axis_title: str, colour: str, width: int, layout: Layout
) -> alt.LayerChart:
    """One outcome's interval on an axis symmetric about zero, so zero sits at the centre of every panel."""
    reach = max(abs(row["lower"]), abs(row["upper"])) * 1.15
    scale = alt.Scale(domain=[-reach, reach], nice=False)
    base = alt.Chart(
        values([row]), title=alt.Title(row["outcome"], anchor="start", frame="group", fontWeight="bold")
    ).encode(
        y=alt.Y("outcome:N", title=None, axis=None),
        tooltip=[
            alt.Tooltip("ci:N", title="95% CI (reported)"),
            alt.Tooltip("implied:N", title="implied difference (derived)"),
            SOURCE_TOOLTIP,
        ],
    )
    zero = (
        alt.Chart(values([{"zero": 0}]))
        .mark_rule(strokeDash=[4, 3], color=NEUTRAL)
        .encode(x=alt.X("zero:Q", scale=scale))
    )
    interval = base.mark_rule(strokeWidth=3, color=colour).encode(
        x=alt.X(
            "lower:Q", scale=scale, axis=_value_axis(axis_title, layout, tickCount=5 if layout.narrow else 9)
        ),
        x2=alt.X2("upper:Q"),
    )
    point = base.mark_point(shape="diamond", filled=True, size=110, color=colour).encode(
        x=alt.X("estimate:Q")
    )
    return (zero + interval + point).properties(width=width, height=28)


def _favours_row(lower: str, higher: str, width: int) -> alt.LayerChart:
    """What each side of zero favours, either side of the centre line; on two lines where space is short."""
    half = width / 2 - 8
    words = [
        {"side": -1, "text": "\n".join(wrapped(f"← {lower}", half)), "align": "right"},
        {"side": 1, "text": "\n".join(wrapped(f"{higher} →", half)), "align": "left"},
    ]
    lines = max(word["text"].count("\n") + 1 for word in words)
    base = alt.Chart(values(words)).encode(x=alt.X("side:Q", scale=alt.Scale(domain=[-1, 1]), axis=None))
    text = base.mark_text(
        baseline="middle",
        lineBreak="\n",
        lineHeight=LINE_HEIGHT,
        fontWeight="bold",
        color=NEUTRAL,
        align=alt.expr("datum.align"),
        dx=alt.expr("datum.side * 6"),
    ).encode(x=alt.XDatum(0), text=alt.Text("text:N"))
    line = (
        alt.Chart(values([{"zero": 0}]))
        .mark_rule(strokeDash=[4, 3], color=NEUTRAL)
        .encode(x=alt.X("zero:Q", scale=alt.Scale(domain=[-1, 1]), axis=None))
    )
    return (line + text).properties(width=width, height=LINE_HEIGHT * lines + 4)


def _difference_row(label: str, interval_id: str, estimate_id: str, context: TextContext) -> dict[str, Any]:
    """A difference's bounds and estimate; durations (seconds) drawn in minutes."""
    ci = context.registry.interval(interval_id)
    estimate = context.registry.value(estimate_id)
    scale = 1 / 60 if ci.unit == "s" else 1
    return {
        "outcome": label,
        "unit": "minutes" if ci.unit == "s" else ci.unit,
        "lower": ci.lower * scale,
        "upper": ci.upper * scale,
        "estimate": estimate.value * scale,
        "ci": format_result(ci),
        "implied": format_result(estimate),
        "source": f"{basis(ci)}; implied difference {basis(estimate)}",
    }


def _zero_sentence(rows: list[dict[str, Any]]) -> str:
    """Whether any interval includes zero, computed from the bounds."""
    crossing = [row["outcome"] for row in rows if row["lower"] <= 0 <= row["upper"]]
    return f"Intervals including zero: {', '.join(crossing)}." if crossing else "No interval includes zero."


# ---- before and after ------------------------------------------------------------------------------------


def before_after(spec: BeforeAfterChart, context: TextContext) -> Chart:
    """One small panel per outcome, each with its own scale (said above the panels): the mean before and
    after, joined by a line. Two columns when wide, one when narrow."""
    times = render_texts(spec.times, context)
    rows = []
    for outcome in spec.outcomes:
        for time, result_id in zip(times, (outcome.before, outcome.after), strict=True):
            value = context.registry.value(result_id)
            rows.append(
                {
                    "outcome": outcome.label,
                    "time": time,
                    "mean": value.value,
                    "text": format_result(value),
                    "source": basis(value),
                }
            )
    colour = ROLE_COLOURS[spec.colour]
    sort = [outcome.label for outcome in spec.outcomes]

    def draw(layout: Layout) -> alt.TopLevelMixin:
        columns = 1 if layout.narrow else 2
        axis_column = 64  # the y axis's labels and title beside each panel
        spacing = 24
        width = (layout.plot_width - columns * axis_column - (columns - 1) * spacing) / columns
        base = alt.Chart(values(rows)).encode(
            x=alt.X(
                "time:N",
                title=None,
                sort=list(times),
                axis=alt.Axis(labelAngle=0),
                scale=alt.Scale(padding=0.5),
            ),
            y=alt.Y(
                "mean:Q",
                title=spec.axis_title,
                scale=alt.Scale(zero=False),
                axis=alt.Axis(tickCount=3, minExtent=axis_column - 20, maxExtent=axis_column - 20),
            ),
            tooltip=[
                alt.Tooltip("outcome:N"),
                alt.Tooltip("time:N"),
                alt.Tooltip("text:N", title="mean"),
                SOURCE_TOOLTIP,
            ],
        )
        layered = base.mark_line(color=colour) + base.mark_point(filled=True, size=60, color=colour)
        header = alt.Header(labelFontWeight="bold", labelAnchor="start", labelAlign="left", labelLimit=width)
        panels = (
            layered.properties(width=width, height=90 if layout.narrow else 120)
            .facet(
                facet=alt.Facet("outcome:N", title=None, sort=sort, header=header),
                columns=columns,
                spacing=spacing,
            )
            .resolve_scale(y="independent")
        )
        # The note starts where the first panel's plot does, after its axis.
        if spec.scales_note is None:
            return panels
        return alt.vconcat(_note(spec.scales_note, layout.plot_width - axis_column), panels, spacing=6)

    description = (
        render_text(spec.description_intro, context)
        + "; ".join(
            f"{outcome.label} {rows[2 * i]['text']} to {rows[2 * i + 1]['text']}"
            for i, outcome in enumerate(spec.outcomes)
        )
        + (f". {spec.scales_note}." if spec.scales_note else "")
    )
    return _chart(spec, context, draw, description)


def _note(text: str, width: float) -> alt.Chart:
    """A line of text (or more, within width) above a chart's panels."""
    lines = wrapped(text, width)
    note = alt.Chart(values([{"note": "\n".join(lines)}])).mark_text(
        align="left", baseline="top", lineBreak="\n", lineHeight=LINE_HEIGHT, color=NEUTRAL
    )
    return note.encode(x=alt.XValue(0), y=alt.YValue(0), text=alt.Text("note:N")).properties(
        width=width, height=LINE_HEIGHT * len(lines)
    )


# ---- bars of derived values ------------------------------------------------------------------------------


def derived_bars(spec: DerivedBarsChart, context: TextContext) -> Chart:
    """One bar per outcome, its value written beside it (to the left of a negative bar)."""
    rows = []
    for outcome in spec.outcomes:
        value = context.registry.value(outcome.value)
        rows.append(
            {
                "outcome": outcome.label,
                "change": value.value,
                "text": format_result(value),
                "source": basis(value),
            }
        )
    order = [outcome.label for outcome in spec.outcomes]
    axis_title = render_text(spec.axis_title, context)

    def draw(layout: Layout) -> alt.TopLevelMixin:
        width = layout.plot_width - _label_column(order, layout)
        domain = padded_domain([(row["change"], row["text"]) for row in rows], width)
        base = alt.Chart(values(rows)).encode(
            y=_rows_axis("outcome", order, layout),
            x=alt.X(
                "change:Q", scale=alt.Scale(domain=domain, nice=False), axis=_value_axis(axis_title, layout)
            ),
            tooltip=[alt.Tooltip("outcome:N"), alt.Tooltip("text:N", title=spec.value_title), SOURCE_TOOLTIP],
        )
        zero = (
            alt.Chart(values([{"zero": 0}]))
            .mark_rule(color=NEUTRAL)
            .encode(x=alt.X("zero:Q", scale=alt.Scale(domain=domain, nice=False)))
        )
        layers = [
            base.mark_bar(color=ROLE_COLOURS[spec.colour], height=BAR_HEIGHT),
            _value_labels(base, "change"),
        ]
        # The zero line would cross the labels above the bars of a narrow chart; the bars start there anyway.
        layers += [_labels_above(base, "outcome")] if layout.narrow else [zero]
        return alt.layer(*layers).properties(width=width, height=_row_step(layout))

    description = (
        render_text(spec.description_intro, context)
        + "; ".join(f"{row['outcome']} {row['text']}" for row in rows)
        + render_text(spec.description_outro, context)
    )
    return _chart(spec, context, draw, description)


# ---- proportions -----------------------------------------------------------------------------------------


def proportions(spec: ProportionsChart, context: TextContext) -> Chart:
    """Each proportion as a diamond on a 0–100% axis, its exact 95% CI as a rule."""
    registry, rows = context.registry, []
    for item in spec.items:
        point, ci = registry.value(item.proportion), registry.interval(item.interval)
        count = format_result(registry.value(item.count), with_unit=False)
        total = format_result(registry.value(item.total), with_unit=False)
        rows.append(
            {
                "what": item.label,
                "percent": point.value,
                "lower": ci.lower,
                "upper": ci.upper,
                "text": f"{count} of {total} {item.noun}",
                "ci": format_result(ci),
                "source": basis(ci),
            }
        )
    order = [item.label for item in spec.items]

    def draw(layout: Layout) -> alt.TopLevelMixin:
        width = layout.plot_width - _label_column(order, layout)
        base = alt.Chart(values(rows)).encode(
            y=_rows_axis("what", order, layout),
            tooltip=[
                alt.Tooltip("what:N", title="proportion"),
                alt.Tooltip("text:N", title="count"),
                alt.Tooltip("ci:N", title="exact 95% CI"),
                SOURCE_TOOLTIP,
            ],
        )
        ticks = [0, 50, 100] if layout.narrow else [0, 25, 50, 75, 100]
        axis = alt.Axis(title=spec.axis_title, values=ticks)
        layers = [
            base.mark_rule(color=NEUTRAL, strokeWidth=2).encode(
                x=alt.X("lower:Q", scale=alt.Scale(domain=[0, 100]), axis=axis), x2=alt.X2("upper:Q")
            ),
            base.mark_point(filled=True, size=90, color=ROLE_COLOURS[spec.colour], shape="diamond").encode(
                x=alt.X("percent:Q")
            ),
        ]
        if layout.narrow:
            layers.append(_labels_above(base, "what"))
        return alt.layer(*layers).properties(width=width, height=_row_step(layout))

    description = (
        render_text(spec.description_intro, context)
        + "; ".join(f"{row['what']}: {row['text']}, {row['percent']:.1f}% ({row['ci']})" for row in rows)
        + "."
    )
    return _chart(spec, context, draw, description)


# ---- participant flow ------------------------------------------------------------------------------------


def flow(spec: FlowChart, context: TextContext) -> Chart:
    """One bar per stage; a stage's segments laid end to end, each labelled with its count."""
    rows, statuses, stages = [], [], []
    # Segment positions are computed here, not by Vega-Lite's stacking, so each label sits on its own bar.
    for stage in spec.stages:
        label, start = render_text(stage.label, context), 0.0
        stages.append(label)
        for segment in stage.segments:
            value = context.registry.value(segment.value)
            rows.append(
                {
                    "stage": label,
                    "status": segment.status,
                    "patients": value.value,
                    "start": start,
                    "end": start + value.value,
                    "source": basis(value),
                }
            )
            statuses.append(segment)
            start += value.value
    colours = alt.Scale(
        domain=[segment.status for segment in statuses],
        range=[ROLE_COLOURS[segment.colour] for segment in statuses],
    )
    dark = [f"datum.status === '{segment.status}'" for segment in statuses if segment.colour in DARK_ROLES]
    on_dark = " || ".join(dark) or "false"

    def draw(layout: Layout) -> alt.TopLevelMixin:
        width = layout.plot_width - _label_column(stages, layout)
        base = alt.Chart(values(rows)).encode(
            y=_rows_axis("stage", stages, layout),
            tooltip=[
                alt.Tooltip("stage:N"),
                alt.Tooltip("status:N"),
                alt.Tooltip("patients:Q"),
                SOURCE_TOOLTIP,
            ],
        )
        bars = base.mark_bar(height=BAR_HEIGHT + 8).encode(
            x=alt.X("start:Q", axis=_value_axis(spec.axis_title, layout, tickMinStep=1)),
            x2=alt.X2("end:Q"),
            color=alt.Color(
                "status:N",
                scale=colours,
                legend=alt.Legend(
                    title=None, orient="bottom", direction="vertical", labelLimit=layout.plot_width - 24
                ),
            ),
        )
        counts = base.mark_text(dx=-6, align="right", fontWeight="bold").encode(
            x=alt.X("end:Q"),
            text=alt.Text("patients:Q"),
            color=alt.ColorValue(**alt.condition(on_dark, alt.value("white"), alt.value("black"))),
        )
        # A stage's name once, above its first segment.
        named = _labels_above(base.transform_filter("datum.start === 0"), "stage")
        layers = [bars, counts, named] if layout.narrow else [bars, counts]
        step = alt.Step(NARROW_STEP + 8 if layout.narrow else WIDE_STEP + 10)
        return alt.layer(*layers).properties(width=width, height=step)

    return _chart(spec, context, draw, render_text(spec.description, context))


CHART_KINDS: dict[str, Callable[[Any, TextContext], Chart]] = {
    "group-changes": group_changes,
    "differences": differences,
    "before-after": before_after,
    "derived-bars": derived_bars,
    "proportions": proportions,
    "flow": flow,
}


# ---- risk of bias (robvis) -------------------------------------------------------------------------------
# McGuinness LA, Higgins JPT. Risk-of-bias VISualization (robvis): an R package and Shiny web app for
# visualizing risk-of-bias assessments. Res Synth Methods 2021;12:55–61. doi:10.1002/jrsm.1411
# Drawn from an appraisal's RoB 2 judgements rather than a content file's entry; the appraisal registers them.

ROB_ORDER = ("low", "some concerns", "high")
ROB_SYMBOL = {"low": "+", "some concerns": "!", "high": "×"}
ROB_WORD = {"low": "Low", "some concerns": "Some concerns", "high": "High"}


@dataclass(frozen=True)
class RobCell:
    """One result's judgement in one domain (or overall), and the weight of the result (its participants)."""

    result: str
    domain: str
    judgement: str
    weight: float


def _rob_colour_scale() -> alt.Scale:
    return alt.Scale(
        domain=[f"{ROB_SYMBOL[key]} {ROB_WORD[key]}" for key in ROB_ORDER],
        range=[ROB_COLOURS[key] for key in ROB_ORDER],
    )


def _rob_legend(layout: Layout) -> alt.Legend:
    direction = "vertical" if layout.narrow else "horizontal"  # three entries side by side overrun a phone
    return alt.Legend(title=None, orient="bottom", direction=direction, labelLimit=layout.plot_width)


def _rob_data_table(chart_id: str, title: str, cells: list[RobCell], domains: list[str]) -> Table:
    results = list(dict.fromkeys(cell.result for cell in cells))
    by_key = {(cell.result, cell.domain): cell.judgement for cell in cells}
    rows = tuple(
        (result, *(f"{ROB_SYMBOL[by_key[result, d]]} {ROB_WORD[by_key[result, d]]}" for d in domains))
        for result in results
    )
    return Table(f"{chart_id}.data", title, DATA_TABLE_CAPTION, ("Result", *domains), rows)


def rob_traffic_light(chart_id: str, cells: list[RobCell], domains: list[str]) -> Chart:
    """robvis's traffic-light plot: one row per result, one column per domain and overall, each judgement a
    coloured circle with its symbol; domains are named by their short labels, spelt out in the description."""
    title = "Risk of bias (RoB 2) per result and domain: traffic-light plot"
    results = list(dict.fromkeys(cell.result for cell in cells))
    rows = [
        {
            "result": cell.result,
            "domain": cell.domain,
            "judgement": f"{ROB_SYMBOL[cell.judgement]} {ROB_WORD[cell.judgement]}",
            "symbol": ROB_SYMBOL[cell.judgement],
            "source": "RoB 2 algorithm applied to this site's answers",
        }
        for cell in cells
    ]
    codes = [domain.split(" ")[0] for domain in domains]
    for row in rows:
        row["code"] = codes[domains.index(row["domain"])]

    def draw(layout: Layout) -> alt.TopLevelMixin:
        # Wide: results in rows, domains in columns. Narrow: transposed, so the short domain codes name the
        # rows and each result's name breaks over lines above its column.
        rows_field, columns_field = ("code", "result") if layout.narrow else ("result", "code")
        row_order, column_order = (codes, results) if layout.narrow else (results, codes)
        width = layout.plot_width - _label_column(row_order, WIDE)
        step = width / len(column_order)
        size = min(step - 6, 30) ** 2
        base = alt.Chart(values(rows)).encode(
            x=alt.X(
                f"{columns_field}:N",
                sort=column_order,
                title=None,
                axis=alt.Axis(orient="top", labelAngle=0, labelExpr="split(datum.label, ' ')"),
            ),
            y=alt.Y(f"{rows_field}:N", sort=row_order, title=None),
            tooltip=[
                alt.Tooltip("result:N"),
                alt.Tooltip("domain:N"),
                alt.Tooltip("judgement:N"),
                SOURCE_TOOLTIP,
            ],
        )
        circles = base.mark_point(
            filled=True, shape="circle", size=size, stroke=NEUTRAL, strokeWidth=1, opacity=1
        ).encode(color=alt.Color("judgement:N", scale=_rob_colour_scale(), legend=_rob_legend(layout)))
        symbols = base.mark_text(fontWeight="bold", color=ROB_TEXT).encode(text=alt.Text("symbol:N"))
        grid = (circles + symbols).properties(width=width, height=alt.Step(34))
        note = _note(", ".join(domains), width)
        return alt.vconcat(grid, note, spacing=8)

    description = (
        "Traffic-light plot of RoB 2 judgements. "
        + "; ".join(
            f"{result}: "
            + ", ".join(
                f"{row['domain']} {_judgement_word(row['judgement'])}"
                for row in rows
                if row["result"] == result
            )
            for result in results
        )
        + "."
    )
    wide, narrow = (finish(draw(layout), title, description, layout) for layout in (WIDE, NARROW))
    table = _rob_data_table(chart_id, title, cells, domains)
    return Chart(chart_id, title, description, wide, table, narrow_spec=narrow)


def _judgement_word(label: str) -> str:
    """'× High' → 'high'."""
    return label.split(" ", 1)[1].lower()


def rob_summary_bar(chart_id: str, cells: list[RobCell], domains: list[str]) -> Chart:
    """robvis's weighted summary plot: per domain, the share of the results' weight (participants) judged
    low, some concerns and high, as one bar of stacked segments labelled with symbol and share.

    When every result rests on the same number of participants the weights cancel, and the plot is an
    unweighted count of results: its title, axis and text alternative then say so.
    """
    weights = {cell.weight for cell in cells}
    results = len({cell.result for cell in cells})
    unweighted = len(weights) == 1
    if unweighted:
        title = "Risk of bias (RoB 2): summary per domain, share of results"
        axis_title, source = "Share of results (%)", "share of the results assessed (an unweighted count)"
        participants = f"{next(iter(weights)):g}"
        intro = (
            f"Summary of RoB 2 judgements. Each of the {results} results rests on the same {participants} "
            "participants, so weighting by participants, as robvis does, is the same as counting results: the "
            "shares are an unweighted count. "
        )
    else:
        title = "Risk of bias (RoB 2): weighted summary per domain"
        axis_title, source = "Share of participants (%)", "share of participants over the results assessed"
        intro = "Weighted summary of RoB 2 judgements (weights: participants per result). "
    rows = []
    for domain in domains:
        chosen = [cell for cell in cells if cell.domain == domain]
        total, start = sum(cell.weight for cell in chosen), 0.0
        for judgement in ROB_ORDER:
            share = 100 * sum(cell.weight for cell in chosen if cell.judgement == judgement) / total
            if not share:
                continue
            rows.append(
                {
                    "domain": domain,
                    "judgement": f"{ROB_SYMBOL[judgement]} {ROB_WORD[judgement]}",
                    "start": start,
                    "end": start + share,
                    "middle": start + share / 2,
                    "text": f"{ROB_SYMBOL[judgement]} {share:.0f}%",
                    "source": source,
                }
            )
            start += share

    codes = [domain.split(" ")[0] for domain in domains]
    for row in rows:
        row["code"] = codes[domains.index(row["domain"])]

    def draw(layout: Layout) -> alt.TopLevelMixin:
        # Narrow: the short domain codes name the bars, spelt out in a note below.
        field, order = ("code", codes) if layout.narrow else ("domain", domains)
        width = layout.plot_width - _label_column(order, WIDE)
        base = alt.Chart(values(rows)).encode(
            y=alt.Y(f"{field}:N", sort=order, title=None),
            tooltip=[alt.Tooltip("domain:N"), alt.Tooltip("text:N", title="share"), SOURCE_TOOLTIP],
        )
        scale = alt.Scale(domain=[0, 100], nice=False)
        bars = base.mark_bar(height=BAR_HEIGHT + 8, stroke=NEUTRAL, strokeWidth=1).encode(
            x=alt.X(
                "start:Q",
                scale=scale,
                axis=_value_axis(
                    axis_title,
                    layout,
                    values=[0, 50, 100] if layout.narrow else [0, 25, 50, 75, 100],
                ),
            ),
            x2=alt.X2("end:Q"),
            color=alt.Color("judgement:N", scale=_rob_colour_scale(), legend=_rob_legend(layout)),
        )
        labels = base.mark_text(fontWeight="bold", color=ROB_TEXT).encode(
            x=alt.X("middle:Q"), text=alt.Text("text:N")
        )
        chart = (bars + labels).properties(width=width, height=alt.Step(WIDE_STEP + 10))
        if not layout.narrow:
            return chart
        return alt.vconcat(chart, _note(", ".join(domains), width), spacing=8)

    description = (
        intro
        + "; ".join(
            f"{domain}: "
            + ", ".join(
                f"{_judgement_word(row['judgement'])} {row['text'].split(' ')[1]}"
                for row in rows
                if row["domain"] == domain
            )
            for domain in domains
        )
        + "."
    )
    wide, narrow = (finish(draw(layout), title, description, layout) for layout in (WIDE, NARROW))
    table_rows = tuple(
        (
            domain,
            *(
                next(
                    (
                        row["text"]
                        for row in rows
                        if row["domain"] == domain and row["judgement"].endswith(ROB_WORD[j])
                    ),
                    "0%",
                )
                for j in ROB_ORDER
            ),
        )
        for domain in domains
    )
    header = ("Domain", *(f"{ROB_SYMBOL[j]} {ROB_WORD[j]}" for j in ROB_ORDER))
    table = Table(f"{chart_id}.data", title, DATA_TABLE_CAPTION, header, table_rows)
    return Chart(chart_id, title, description, wide, table, narrow_spec=narrow)
