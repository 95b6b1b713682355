"""IVIG study (Hara et al. 2003): changes in group means, proportions with exact CIs, flow, safety."""

from __future__ import annotations

import altair as alt

from myositis_evidence.analysis.chart_specs import SOURCE_TOOLTIP, WIDTH, basis, finish, values
from myositis_evidence.analysis.derivations import add_count, change_derivatives, proportion_derivatives
from myositis_evidence.charts.themes import ACCENT, GREY_BAR, NEUTRAL
from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.results.formatting import format_result
from myositis_evidence.results.model import Chart, Registry, Table

S = "ivig-2003"
OUTCOMES = (
    ("mmt", "Muscle strength (MMT)"),
    ("adl", "ADL score"),
    ("ck", "Serum CK (IU/l)"),
    ("fatigue", "Fatigue VAS (cm)"),
)
PROPORTIONS = (
    (
        "physician-improved",
        "Improved (physicians' assessment)",
        "improved.all.count",
        "analysed.all.count",
        "patients analysed",
    ),
    (
        "adverse-effects",
        "Infusion courses with adverse effects",
        "adverse-effects.ivig.count",
        "infusions.ivig.count",
        "infusion courses",
    ),
    ("analysed", "Treated patients analysed", "analysed.all.count", "treated.all.count", "patients treated"),
)


def register(data: StudyData, registry: Registry) -> None:
    _derive(registry)
    for table in (_characteristics(data), _findings(_week(registry)), _proportions_table(), _safety()):
        registry.add(table)
    for chart in (
        _before_after_chart(registry),
        _percent_change_chart(registry),
        _proportions_chart(registry),
        _flow_chart(registry),
    ):
        registry.add(chart)


def _derive(registry: Registry) -> None:
    for measure, label in OUTCOMES:
        change_derivatives(
            registry,
            f"{S}.{measure}.all.baseline-mean",
            f"{S}.{measure}.all.week-12-mean",
            f"{S}.{measure}",
            label,
        )
    for base, label, count, total, _ in PROPORTIONS:
        proportion_derivatives(registry, f"{S}.{base}", label, f"{S}.{count}", f"{S}.{total}")
    treated, analysed = f"{S}.treated.all.count", f"{S}.analysed.all.count"
    add_count(
        registry,
        f"{S}.not-analysed.count",
        "Treated patients not analysed",
        registry.value(treated).value - registry.value(analysed).value,
        "patients",
        "patients treated − patients analysed",
        (treated, analysed),
    )
    second = f"{S}.second-course.ivig.count"
    add_count(
        registry,
        f"{S}.infusions.sum",
        "Infusion courses: first plus second courses",
        registry.value(treated).value + registry.value(second).value,
        "infusions",
        "patients treated (one first course each) + patients given a second course",
        (treated, second),
    )
    dose, days = f"{S}.dose.ivig.value", f"{S}.infusion-days.ivig.value"
    add_count(
        registry,
        f"{S}.dose.total-per-course",
        "IVIG total dose per course",
        registry.value(dose).value * registry.value(days).value,
        "g/kg",
        "daily dose × consecutive infusion days",
        (dose, days),
    )


# ---- tables ----------------------------------------------------------------------------------------------


def _characteristics(data: StudyData) -> Table:
    study = data.study
    rows = (
        ("Design", study.design),
        ("Setting", study.setting),
        (
            "Participants",
            f"{study.population} Steroid resistance: no improvement in muscle strength despite "
            f"more than {{{S}.steroid-dose-threshold.all.minimum}} prednisolone for more than "
            f"{{{S}.steroid-duration-threshold.all.minimum}}.",
        ),
        (
            "Treated / analysed",
            f"{{{S}.treated.all.count}} treated; {{{S}.analysed.all.count}} analysed "
            f"({{{S}.analysed-pm.all.count}} PM, {{{S}.analysed-dm.all.count}} DM; {{{S}.analysed-men.all.count}} "
            f"men, {{{S}.analysed-women.all.count}} women); reasons for not analysing "
            f"{{{S}.not-analysed.count}} are not reported",
        ),
        ("Age of analysed patients", f"mean {{{S}.age.all.mean}}; range {{{S}.age.all.range}}"),
        (
            "Intervention",
            f"{study.arms[0].description} Dose {{{S}.dose.ivig.value}} for "
            f"{{{S}.infusion-days.ivig.value}} (total {{{S}.dose.total-per-course}} per course); "
            f"{{{S}.second-course.ivig.count}} had a second course",
        ),
        ("Comparator", "None (single-arm study)"),
        (
            "Follow-up",
            f"up to {{{S}.follow-up.all.maximum}} after infusion; results given at {{{S}.assessment-time.all.value}}",
        ),
        (
            "Outcomes",
            "Fatigue and muscle pain (VAS), activities of daily living (ADL), manual muscle strength "
            "(MMT), serum creatine kinase (CK), physicians' assessment",
        ),
        ("Registration", "None reported"),
        ("Funding", study.funding),
    )
    return Table(
        f"{S}.characteristics",
        "Study characteristics",
        "Characteristics of the IVIG study, as reported in its abstract.",
        ("Item", "Description"),
        rows,
    )


def _week(registry: Registry) -> str:
    """'Week 12': the reported time of assessment, as a label."""
    weeks = registry.value(f"{S}.assessment-time.all.value")
    return f"Week {format_result(weeks, with_unit=False)}"


def _findings(week: str) -> Table:
    rows = tuple(
        (
            label,
            f"{{{S}.{m}.all.baseline-mean}}",
            f"{{{S}.{m}.all.week-12-mean}}",
            f"{{{S}.{m}.absolute-change}}",
            f"{{{S}.{m}.percent-change}}",
            "significant (p-value not given)",
        )
        for m, label in OUTCOMES
    )
    return Table(
        f"{S}.findings",
        f"Findings at {week.lower()}",
        f"Group means of the analysed patients before infusion and at {week.lower()}. Changes are derived "
        "from the reported means; no standard deviations or p-values are reported.",
        (
            "Outcome",
            "Before (mean)",
            f"{week} (mean)",
            "Change (derived)",
            "Change % (derived)",
            "Reported significance",
        ),
        rows,
    )


def _proportions_table() -> Table:
    rows = tuple(
        (
            label,
            f"{{{S}.{count}}} of {{{S}.{total}}} {noun}",
            f"{{{S}.{base}.proportion}}",
            f"{{{S}.{base}.clopper-pearson}}",
            f"{{{S}.{base}.wilson}}",
        )
        for base, label, count, total, noun in PROPORTIONS
    )
    return Table(
        f"{S}.proportions",
        "Proportions with 95% confidence intervals",
        "Counts as reported; percentages and intervals derived (exact Clopper–Pearson; Wilson score "
        "as a secondary method).",
        ("Proportion", "Count", "Percent (derived)", "Exact 95% CI (derived)", "Wilson 95% CI (derived)"),
        rows,
    )


def _safety() -> Table:
    rows = (
        (
            "Adverse effects",
            f"{{{S}.adverse-effects.ivig.count}} of {{{S}.infusions.ivig.count}} infusion "
            f"courses ({{{S}.adverse-effects.ivig.percent}} as reported): asymptomatic myocardial infarction and "
            "increased blood urea nitrogen (BUN)",
            "Which patients; severity, timing and outcome of each event; events in the patients not analysed",
        ),
        ("Counting unit", "Per infusion course, not per patient", "How many patients had any adverse effect"),
        (
            "Authors' conclusion",
            "Reported as safe and effective for refractory PM and DM",
            "No comparison group, so events cannot be attributed to IVIG or to other causes",
        ),
    )
    return Table(
        f"{S}.safety",
        "Safety",
        "What was measured, what was reported and what is unknown.",
        ("Item", "Reported", "Not reported"),
        rows,
    )


# ---- charts ----------------------------------------------------------------------------------------------


def _before_after_chart(registry: Registry) -> Chart:
    rows, week = [], _week(registry)
    for measure, label in OUTCOMES:
        for time, key in (("Before", "baseline-mean"), (week, "week-12-mean")):
            value = registry.value(f"{S}.{measure}.all.{key}")
            rows.append(
                {
                    "outcome": label,
                    "time": time,
                    "mean": value.value,
                    "text": format_result(value),
                    "source": basis(value),
                }
            )
    base = alt.Chart(values(rows)).encode(
        x=alt.X(
            "time:N",
            title=None,
            sort=["Before", week],
            axis=alt.Axis(labelAngle=0),
            scale=alt.Scale(padding=0.5),
        ),
        y=alt.Y("mean:Q", title="Group mean", scale=alt.Scale(zero=False)),
        tooltip=[
            alt.Tooltip("outcome:N"),
            alt.Tooltip("time:N"),
            alt.Tooltip("text:N", title="mean"),
            SOURCE_TOOLTIP,
        ],
    )
    layered = base.mark_line(color=ACCENT) + base.mark_point(filled=True, size=60, color=ACCENT)
    chart = (
        layered.properties(width=150, height=150)
        .facet(facet=alt.Facet("outcome:N", title=None, sort=[label for _, label in OUTCOMES]), columns=2)
        .resolve_scale(y="independent")
    )
    title = f"Group means before IVIG and at {week.lower()}"
    description = "Before and after: " + "; ".join(
        f"{label} {rows[2 * i]['text']} to {rows[2 * i + 1]['text']}" for i, (_, label) in enumerate(OUTCOMES)
    )
    table = Table(
        f"{S}.before-after-chart.data",
        title,
        "Data for the chart.",
        ("Outcome", "Before (mean)", f"{week} (mean)"),
        tuple(
            (label, f"{{{S}.{m}.all.baseline-mean}}", f"{{{S}.{m}.all.week-12-mean}}")
            for m, label in OUTCOMES
        ),
    )
    return Chart(f"{S}.before-after-chart", title, description, finish(chart, title, description), table)


def _percent_change_chart(registry: Registry) -> Chart:
    rows, week = [], _week(registry).lower()
    for measure, label in OUTCOMES:
        value = registry.value(f"{S}.{measure}.percent-change")
        rows.append(
            {"outcome": label, "change": value.value, "text": format_result(value), "source": basis(value)}
        )
    base = alt.Chart(values(rows)).encode(
        y=alt.Y("outcome:N", title=None, sort=[label for _, label in OUTCOMES]),
        x=alt.X("change:Q", title=f"Change in group mean from before to {week} (%)"),
        tooltip=[alt.Tooltip("outcome:N"), alt.Tooltip("text:N", title="change (derived)"), SOURCE_TOOLTIP],
    )
    chart = base.mark_bar(color=ACCENT, height=18).properties(width=WIDTH - 160, height=150) + base.mark_text(
        align=alt.expr("datum.change < 0 ? 'right' : 'left'"),
        dx=alt.expr("datum.change < 0 ? -4 : 4"),
        color=NEUTRAL,
    ).encode(text="text:N")
    title = f"Percent change in group means, before to {week} (derived)"
    description = (
        "Derived percent change in group means: "
        + "; ".join(f"{row['outcome']} {row['text']}" for row in rows)
        + ". Increases in MMT and ADL and decreases in CK and fatigue are improvements."
    )
    table = Table(
        f"{S}.percent-change-chart.data",
        title,
        "Data for the chart.",
        ("Outcome", "Change (derived)", "Change % (derived)"),
        tuple(
            (label, f"{{{S}.{m}.absolute-change}}", f"{{{S}.{m}.percent-change}}") for m, label in OUTCOMES
        ),
    )
    return Chart(f"{S}.percent-change-chart", title, description, finish(chart, title, description), table)


def _proportions_chart(registry: Registry) -> Chart:
    rows = []
    for base, label, count, total, noun in PROPORTIONS:
        point, ci = registry.value(f"{S}.{base}.proportion"), registry.interval(f"{S}.{base}.clopper-pearson")
        rows.append(
            {
                "what": label,
                "percent": point.value,
                "lower": ci.lower,
                "upper": ci.upper,
                "text": f"{format_result(registry.value(f'{S}.{count}'), with_unit=False)} of "
                f"{format_result(registry.value(f'{S}.{total}'), with_unit=False)} {noun}",
                "ci": format_result(ci),
                "source": basis(ci),
            }
        )
    base = alt.Chart(values(rows)).encode(
        y=alt.Y("what:N", title=None, sort=[label for _, label, *_ in PROPORTIONS]),
        tooltip=[
            alt.Tooltip("what:N", title="proportion"),
            alt.Tooltip("text:N", title="count"),
            alt.Tooltip("ci:N", title="exact 95% CI"),
            SOURCE_TOOLTIP,
        ],
    )
    scale = alt.Scale(domain=[0, 100])
    chart = (
        base.mark_rule(color=NEUTRAL, strokeWidth=2).encode(
            x=alt.X(
                "lower:Q",
                title="Percent, with exact 95% CI (derived)",
                scale=scale,
                axis=alt.Axis(values=[0, 25, 50, 75, 100]),
            ),
            x2="upper:Q",
        )
        + base.mark_point(filled=True, size=80, color=ACCENT, shape="diamond").encode(x="percent:Q")
    ).properties(width=WIDTH - 200, height=120)
    title = "Proportions with exact 95% confidence intervals"
    description = (
        "Derived proportions with exact Clopper–Pearson 95% CIs: "
        + "; ".join(f"{row['what']}: {row['text']}, {row['percent']:.1f}% ({row['ci']})" for row in rows)
        + "."
    )
    return Chart(
        f"{S}.proportions-chart",
        title,
        description,
        finish(chart, title, description),
        _proportions_table_for_chart(),
    )


def _proportions_table_for_chart() -> Table:
    table = _proportions_table()
    return Table(f"{S}.proportions-chart.data", table.title, "Data for the chart.", table.header, table.rows)


def _flow_chart(registry: Registry) -> Chart:
    treated = registry.value(f"{S}.treated.all.count")
    analysed = registry.value(f"{S}.analysed.all.count")
    missing = registry.value(f"{S}.not-analysed.count")
    analysed_stage = f"Analysed at {_week(registry).lower()}"
    # Segment positions are computed here, not by Vega-Lite's stacking, so each label sits on its own bar.
    segments = (
        ("Treated", "Treated", treated, 0.0),
        (analysed_stage, "Analysed", analysed, 0.0),
        (analysed_stage, "Not analysed (reasons not reported)", missing, analysed.value),
    )
    rows = [
        {
            "stage": stage,
            "status": status,
            "patients": value.value,
            "start": start,
            "end": start + value.value,
            "source": basis(value),
        }
        for stage, status, value, start in segments
    ]
    colours = alt.Scale(domain=[status for _, status, _, _ in segments], range=[GREY_BAR, ACCENT, "#E69F00"])
    base = alt.Chart(values(rows)).encode(
        y=alt.Y("stage:N", title=None, sort=["Treated", analysed_stage]),
        tooltip=["stage:N", "status:N", "patients:Q", SOURCE_TOOLTIP],
    )
    bars = base.mark_bar(height=26).encode(
        x=alt.X("start:Q", title="Patients", axis=alt.Axis(tickMinStep=1)),
        x2="end:Q",
        color=alt.Color(
            "status:N", scale=colours, legend=alt.Legend(title=None, orient="bottom", direction="vertical")
        ),
    )
    labels = base.mark_text(dx=-6, align="right", fontWeight="bold").encode(
        x="end:Q",
        text="patients:Q",
        # White on the blue bar, black on the grey and orange ones: each at least 4.5:1.
        color=alt.condition("datum.status === 'Analysed'", alt.value("white"), alt.value("black")),
    )
    chart = (bars + labels).properties(width=WIDTH - 160, height=90)
    title = "Participant flow"
    description = (
        f"{format_result(treated)} treated; {format_result(analysed)} {analysed_stage.lower()}; "
        f"{format_result(missing)} not analysed, with reasons not reported."
    )
    table = Table(
        f"{S}.flow-chart.data",
        title,
        "Data for the chart.",
        ("Stage", "Patients"),
        (
            ("Treated", f"{{{S}.treated.all.count}}"),
            ("Analysed", f"{{{S}.analysed.all.count}}"),
            ("Not analysed (reasons not reported)", f"{{{S}.not-analysed.count}}"),
        ),
    )
    return Chart(f"{S}.flow-chart", title, description, finish(chart, title, description), table)
