"""HIIT trial (Andreasson et al. 2025): group changes, between-group intervals and what they imply."""

from __future__ import annotations

import altair as alt

from myositis_evidence.analysis.chart_specs import SOURCE_TOOLTIP, WIDTH, basis, finish, values
from myositis_evidence.analysis.derivations import add_count, add_value, ci_derivatives
from myositis_evidence.charts.themes import ARM_COLOURS, NEUTRAL
from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.results.formatting import format_result
from myositis_evidence.results.model import Chart, Derived, Registry, Table

S = "hiit-2025"
PRIMARY = (("vo2peak", "VO2peak (L/min)"), ("peak-power", "Peak power (W)"), ("tte", "Time to exhaustion"))
INTERVALS = (
    "vo2peak.hiit-vs-con",
    "peak-power.hiit-vs-con",
    "tte.hiit-vs-con",
    "muscle-disease-activity.unclear",
    "physician-global.con",
    "mmt8.con",
)


def register(data: StudyData, registry: Registry) -> None:
    _derive(registry)
    for table in (
        _characteristics(data),
        _protocol(),
        _findings(_weeks(registry)),
        _safety_findings(),
        _safety(),
    ):
        registry.add(table)
    registry.add(_percent_change_chart(registry))
    registry.add(_difference_chart(registry))


def _derive(registry: Registry) -> None:
    for interval in INTERVALS:
        ci_derivatives(registry, f"{S}.{interval}.ci95")
    for measure, label in PRIMARY:
        hiit, con = f"{S}.{measure}.hiit.mean-percent-change", f"{S}.{measure}.con.mean-percent-change"
        difference = registry.value(hiit).value - registry.value(con).value
        add_value(
            registry,
            f"{S}.{measure}.percent-change-difference",
            f"{label}: difference in mean percent change, HIIT minus CON",
            difference,
            "percentage points",
            max(registry.value(hiit).decimals, registry.value(con).decimals),
            Derived(
                "HIIT mean change (%) − CON mean change (%)",
                (hiit, con),
                "",
                "Arithmetic on the reported group percentages; no interval can be given.",
            ),
            measure,
            "hiit-vs-con",
        )
    hiit, con = f"{S}.biopsies.hiit.count", f"{S}.biopsies.con.count"
    add_count(
        registry,
        f"{S}.biopsies.all.sum",
        "Participants with biopsies analysed, both groups",
        registry.value(hiit).value + registry.value(con).value,
        "patients",
        "HIIT n + CON n",
        (hiit, con),
    )


# ---- tables ----------------------------------------------------------------------------------------------


def _characteristics(data: StudyData) -> Table:
    study = data.study
    hiit, con = study.arms
    rows = (
        ("Design", study.design),
        ("Setting", study.setting),
        (
            "Participants",
            f"{study.population} {{{S}.participants.all.count}} randomised; numbers per group, "
            "numbers analysed and dropouts are not reported in the sources",
        ),
        (
            "Intervention",
            f"{hiit.name} ({hiit.label}): {{{S}.hiit-sessions-per-week.hiit.value}} for "
            f"{{{S}.intervention-weeks.all.value}}, every session supervised in the first "
            f"{{{S}.hiit-supervised-weeks.hiit.value}}, then {{{S}.hiit-supervised-sessions-later.hiit.range}} "
            "supervised",
        ),
        (
            "Comparator",
            f"{con.name} ({con.label}): {{{S}.con-supervised-sessions.con.count}} supervised, then "
            f"home exercise {{{S}.con-days-per-week.con.value}} for {{{S}.intervention-weeks.all.value}}",
        ),
        (
            "Primary outcome",
            "Maximal exercise test: VO2peak (L/min and mL/kg/min), peak power (W), time to exhaustion",
        ),
        ("Secondary outcome", "Mitochondrial protein expression in muscle biopsies"),
        (
            "Safety outcomes",
            "Serum muscle enzymes (CK, LD, AST, ALT), muscle strength (MMT8), Physician Global "
            f"Assessment, pain and fatigue (VAS, {{{S}.vas-scale.all.range}})",
        ),
        (
            "Registration",
            f"{study.registration.registry} {study.registration.id}; planned enrolment "
            f"{{{S}.planned-enrolment.all.count}}"
            if study.registration
            else "None reported",
        ),
        ("Funding", study.funding),
    )
    return Table(
        f"{S}.characteristics",
        "Study characteristics",
        "Characteristics of the HIIT trial, from the journal summary, the preprint abstract, the trial "
        "registration and the press release.",
        ("Item", "Description"),
        rows,
    )


def _protocol() -> Table:
    rows = (
        (
            "Exercise",
            f"{{{S}.protocol-sets.hiit.value}} of {{{S}.protocol-bout-length.hiit.range}} biking bouts "
            f"at {{{S}.protocol-bout-intensity.hiit.range}}, {{{S}.protocol-rest.hiit.value}} rest between sets",
            f"Home programme of about {{{S}.protocol-con-programme.con.value}}",
        ),
        (
            "Warm-up / walking",
            f"{{{S}.protocol-warm-up.hiit.value}} at about {{{S}.protocol-warm-up-intensity.hiit.value}}",
            f"Walking {{{S}.protocol-con-walk.con.value}} at {{{S}.protocol-con-walk-intensity.con.value}}",
        ),
        (
            "Strength",
            f"{{{S}.protocol-strength-sets.hiit.value}} of {{{S}.protocol-strength-repetitions.hiit.value}} "
            "voluntary repetitions maximum, deltoids and quadriceps",
            "Not described in the registration",
        ),
        (
            "Frequency",
            f"{{{S}.hiit-sessions-per-week.hiit.value}} for {{{S}.intervention-weeks.all.value}}",
            f"{{{S}.con-days-per-week.con.value}} for {{{S}.intervention-weeks.all.value}}",
        ),
    )
    return Table(
        f"{S}.protocol",
        "Exercise protocol as registered",
        "The plan in the trial registration (NCT03324152); the publications' summaries do not give "
        "these details, so the delivered programme may differ.",
        ("Element", "HIIT", "CON"),
        rows,
    )


def _weeks(registry: Registry) -> str:
    """'12 weeks': the length of the exercise period, after which outcomes were measured."""
    return format_result(registry.value(f"{S}.intervention-weeks.all.value"))


def _findings(weeks: str) -> Table:
    rows = tuple(
        (
            label,
            f"{{{S}.{m}.hiit.mean-percent-change}}",
            f"{{{S}.{m}.con.mean-percent-change}}",
            f"{{{S}.{m}.hiit-vs-con.ci95}}",
            f"{{{S}.{m}.hiit-vs-con.implied-estimate}}",
            f"{{{S}.{m}.hiit-vs-con.p-value}}",
        )
        for m, label in PRIMARY
    )
    return Table(
        f"{S}.findings",
        f"Primary outcomes at {weeks}",
        "Mean change from baseline in each group (reported) and the reported 95% CI, read as the "
        "between-group difference in change (HIIT minus CON); implied estimates and p-values are "
        "derived from that interval under a normal approximation.",
        (
            "Outcome",
            "HIIT change",
            "CON change",
            "Difference, 95% CI (reported)",
            "Implied difference (derived)",
            "Approximate p (derived)",
        ),
        rows,
    )


def _safety_findings() -> Table:
    labels = (
        ("muscle-disease-activity.unclear", "Muscle disease activity", "not stated"),
        ("physician-global.con", "Physician global activity", "within CON"),
        ("mmt8.con", "MMT8", "within CON"),
    )
    rows = tuple(
        (label, where, f"{{{S}.{key}.ci95}}", f"{{{S}.{key}.implied-estimate}}", f"{{{S}.{key}.p-value}}")
        for key, label, where in labels
    )
    return Table(
        f"{S}.safety-findings",
        "Disease activity and strength",
        "Reported 95% CIs of change; whether the disease-activity interval is between or within groups "
        "is not stated, and the HIIT group's figures for physician global activity and MMT8 are not "
        "given.",
        ("Outcome", "Comparison", "95% CI (reported)", "Implied change (derived)", "Approximate p (derived)"),
        rows,
    )


def _safety() -> Table:
    rows = (
        (
            "Serum muscle enzymes",
            "Stable in both groups (CK, LD, AST, ALT per the preprint)",
            "Values, units and time points",
        ),
        ("Disease activity, physician global, MMT8", "See the table above", "The HIIT group's changes"),
        (
            "Adverse events",
            'The preprint: "no adverse events were reported"; the journal summary does not '
            "mention adverse events",
            "How adverse events were collected and defined",
        ),
        ("Pain and fatigue (VAS)", "Listed as safety measures", "Results"),
        ("Compliance", 'The preprint: compliance with HIIT "was high"', "Sessions attended per group"),
    )
    return Table(
        f"{S}.safety",
        "Safety",
        "What was measured, what was reported and what is unknown.",
        ("Measure", "Reported", "Not reported"),
        rows,
    )


# ---- charts ----------------------------------------------------------------------------------------------


def _percent_change_chart(registry: Registry) -> Chart:
    rows, weeks = [], _weeks(registry)
    for measure, label in PRIMARY:
        for arm in ("hiit", "con"):
            value = registry.value(f"{S}.{measure}.{arm}.mean-percent-change")
            rows.append(
                {
                    "outcome": label,
                    "arm": arm.upper(),
                    "change": value.value,
                    "text": format_result(value),
                    "source": basis(value),
                }
            )
    arms = list(ARM_COLOURS)
    base = alt.Chart(values(rows)).encode(
        y=alt.Y("arm:N", title=None, sort=arms),
        x=alt.X("change:Q", title=f"Mean change over {weeks} (%)"),
        tooltip=[
            alt.Tooltip("outcome:N"),
            alt.Tooltip("arm:N", title="group"),
            alt.Tooltip("text:N", title="mean change (reported)"),
            SOURCE_TOOLTIP,
        ],
    )
    bars = base.mark_bar(height=16).encode(
        color=alt.Color("arm:N", scale=alt.Scale(domain=arms, range=list(ARM_COLOURS.values())), legend=None)
    )
    labels = base.mark_text(align="left", dx=4, color=NEUTRAL).encode(text="text:N")
    chart = (
        (bars + labels)
        .properties(width=WIDTH - 120, height=50)
        .facet(
            row=alt.Row(
                "outcome:N",
                title=None,
                sort=[label for _, label in PRIMARY],
                header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="bold"),
            )
        )
    )
    title = "Mean change in the maximal exercise test, by group"
    description = f"Reported mean change from baseline over {weeks}: " + "; ".join(
        f"{label}: HIIT {rows[2 * i]['text']}, CON {rows[2 * i + 1]['text']}"
        for i, (_, label) in enumerate(PRIMARY)
    )
    table = Table(
        f"{S}.percent-change-chart.data",
        title,
        "Data for the chart.",
        ("Outcome", "HIIT", "CON"),
        tuple(
            (label, f"{{{S}.{m}.hiit.mean-percent-change}}", f"{{{S}.{m}.con.mean-percent-change}}")
            for m, label in PRIMARY
        ),
    )
    return Chart(f"{S}.percent-change-chart", title, description, finish(chart, title, description), table)


def _difference_chart(registry: Registry) -> Chart:
    rows = []
    for measure, label in PRIMARY:
        ci = registry.interval(f"{S}.{measure}.hiit-vs-con.ci95")
        estimate = registry.value(f"{S}.{measure}.hiit-vs-con.implied-estimate")
        scale = 1 / 60 if ci.unit == "s" else 1
        rows.append(
            {
                "outcome": label,
                "unit": "minutes" if ci.unit == "s" else ci.unit,
                "lower": ci.lower * scale,
                "upper": ci.upper * scale,
                "estimate": estimate.value * scale,
                "ci": format_result(ci),
                "implied": format_result(estimate),
                "source": f"{basis(ci)}; implied difference {basis(estimate)}",
            }
        )
    panels = []
    for row in rows:
        base = alt.Chart(values([row])).encode(
            y=alt.Y("outcome:N", title=None),
            tooltip=[
                alt.Tooltip("ci:N", title="95% CI (reported)"),
                alt.Tooltip("implied:N", title="implied difference (derived)"),
                SOURCE_TOOLTIP,
            ],
        )
        zero = alt.Chart(values([{"zero": 0}])).mark_rule(strokeDash=[4, 3], color=NEUTRAL).encode(x="zero:Q")
        interval = base.mark_rule(strokeWidth=3, color=ARM_COLOURS["HIIT"]).encode(
            x=alt.X("lower:Q", title=f"HIIT minus CON ({row['unit']})"), x2="upper:Q"
        )
        point = base.mark_point(shape="diamond", filled=True, size=90, color=ARM_COLOURS["HIIT"]).encode(
            x="estimate:Q"
        )
        panels.append((zero + interval + point).properties(width=WIDTH - 200, height=40))
    chart = alt.vconcat(*panels, spacing=18)
    title = "Between-group differences with 95% CIs, one panel per unit"
    description = (
        "Reported 95% CIs read as HIIT minus CON differences in change, with implied midpoints "
        "(derived): "
        + "; ".join(f"{row['outcome']}: {row['ci']} (implied {row['implied']})" for row in rows)
        + ". "
        + _zero_sentence(rows)
    )
    table = Table(
        f"{S}.difference-chart.data",
        title,
        "Data for the chart.",
        ("Outcome", "95% CI (reported)", "Implied difference (derived)"),
        tuple(
            (label, f"{{{S}.{m}.hiit-vs-con.ci95}}", f"{{{S}.{m}.hiit-vs-con.implied-estimate}}")
            for m, label in PRIMARY
        ),
    )
    return Chart(f"{S}.difference-chart", title, description, finish(chart, title, description), table)


def _zero_sentence(rows: list[dict]) -> str:
    """Whether any interval includes zero, computed from the bounds."""
    crossing = [row["outcome"] for row in rows if row["lower"] <= 0 <= row["upper"]]
    return f"Intervals including zero: {', '.join(crossing)}." if crossing else "No interval includes zero."
