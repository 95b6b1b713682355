"""Appraisal of each study: GRADE summary of findings, risk of bias, sensitivity analyses and context.

The judgements come from `data/<study>/appraisal.yml`; this module computes what follows from them (the final
GRADE certainty), registers the sensitivity analyses as derived results, and checks that every result id the
judgements name exists, failing with the file, line and field otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from myositis_evidence.analysis import summary_statistics as stats
from myositis_evidence.analysis.derivations import ALTMAN_BLAND, CLOPPER_PEARSON, add_value
from myositis_evidence.dataset.appraisal_schema import (
    GRADE_DOMAINS,
    GRADE_GUIDELINE_3,
    GRADE_GUIDELINE_6,
    NIH_PRE_POST,
    ROB2,
    Appraisal,
    Judgement,
    SofOutcome,
)
from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.dataset.yaml_source import Location, line_of
from myositis_evidence.errors import DataError
from myositis_evidence.results.model import (
    PLACEHOLDER,
    Derived,
    Interval,
    Registry,
    Table,
    Value,
    unknown_id_message,
)

HIIT, IVIG = "hiit-2025", "ivig-2003"
PRIMARY = (("vo2peak", "VO2peak (L/min)"), ("peak-power", "Peak power (W)"), ("tte", "Time to exhaustion"))
DOMAIN_NAMES = {
    "risk_of_bias": "Risk of bias",
    "inconsistency": "Inconsistency",
    "indirectness": "Indirectness",
    "imprecision": "Imprecision",
    "publication_bias": "Publication bias",
}
LEVEL_WORDS = {
    "not serious": "not rated down",
    "serious": "rated down one level",
    "very serious": "rated down two levels",
}
# Shape and word carry each judgement, so colour is never needed to read the table.
ROB_SYMBOLS = {"low": "● Low", "some concerns": "◐ Some concerns", "high": "✖ High"}
NIH_SYMBOLS = {
    "yes": "✔ Yes",
    "no": "✖ No",
    "cannot determine": "? Cannot determine",
    "not reported": "? Not reported",
    "not applicable": "– Not applicable",
    "good": "● Good",
    "fair": "◐ Fair",
    "poor": "✖ Poor",
}
DESIGN_START = {"randomised trial": "⊕⊕⊕⊕ High", "uncontrolled before-after study": "⊕⊕◯◯ Low"}


def register(studies: dict[str, StudyData], registry: Registry) -> None:
    appraised = {study_id: data for study_id, data in studies.items() if data.appraisal is not None}
    tables: list[Table] = []
    if HIIT in appraised:
        appraisal: Appraisal = appraised[HIIT].appraisal  # type: ignore[assignment]
        _hiit_sensitivity(appraisal, registry)
        tables += [*_hiit_sensitivity_tables(appraisal, registry), _hiit_context()]
    if IVIG in appraised:
        _ivig_sensitivity(registry)
        tables += [*_ivig_sensitivity_tables(), _ivig_context()]
    for table in tables:
        registry.add(table)
    for data in appraised.values():
        _check_result_ids(data, registry)
        for table in (
            _sof_table(data, registry),
            _grade_notes_table(data, registry),
            _risk_of_bias_table(data),
        ):
            registry.add(table)
    if {HIIT, IVIG} <= set(appraised):
        registry.add(_comparison(appraised))


# ---- result ids named in appraisal.yml -------------------------------------------------------------------


def _references(node: object, location: Location = ()) -> Iterator[tuple[Location, str, str]]:
    """(location, result id, expected kind) for every id the dumped appraisal names."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("effect", "derived", "shown_by"):
                kind = {"effect": "reported", "derived": "derived"}.get(key, "")
                yield from (((*location, key, index), item, kind) for index, item in enumerate(value))
            elif key == "participants" and value != "not reported":
                yield (*location, key), value, ""
            else:
                yield from _references(value, (*location, key))
    elif isinstance(node, list | tuple):
        for index, item in enumerate(node):
            yield from _references(item, (*location, index))
    elif isinstance(node, str):
        yield from ((location, match.group(1), "") for match in PLACEHOLDER.finditer(node))


def _check_result_ids(data: StudyData, registry: Registry) -> None:
    path = data.folder / "appraisal.yml"
    for location, result_id, kind in _references(data.appraisal.model_dump()):  # type: ignore[union-attr]
        field = ".".join(str(part) for part in location)
        line = line_of(data.appraisal_lines, location)
        if result_id not in registry:
            raise DataError(path, unknown_id_message(result_id, registry.results), line=line, field=field)
        result = registry.get(result_id)
        if not isinstance(result, Value | Interval):
            raise DataError(path, f"'{result_id}' is a table or chart, not a number", line=line, field=field)
        if kind and result.kind != kind:
            raise DataError(
                path,
                f"'{result_id}' is {result.kind}, but '{location[-2]}' lists {kind} results",
                line=line,
                field=field,
                fix="list reported numbers under 'effect' and derived ones under 'derived'",
            )


# ---- sensitivity analyses --------------------------------------------------------------------------------


def _assumption(
    registry: Registry, result_id: str, label: str, number: float, unit: str, decimals: int
) -> Value:
    """A number this site assumes for a sensitivity analysis (from appraisal.yml, not from a study)."""
    method = "assumption of this site's appraisal (appraisal.yml), not a number from the study"
    return add_value(
        registry, result_id, label, number, unit, decimals, Derived(method, (), GRADE_GUIDELINE_6)
    )


def _hiit_sensitivity(appraisal: Appraisal, registry: Registry) -> None:
    _optimal_information_size(appraisal, registry)
    degrees = _degrees_of_freedom(appraisal, registry)
    p_values = [f"{HIIT}.{measure}.hiit-vs-con.p-value" for measure, _ in PRIMARY]
    for measure, label in PRIMARY:
        interval_id = f"{HIIT}.{measure}.hiit-vs-con.ci95"
        ci = registry.interval(interval_id)
        for df_value in degrees:
            df = int(df_value.value)
            base = f"{HIIT}.sensitivity.{measure}.{df_value.id.rsplit('.', 1)[1]}"
            inputs = (interval_id, df_value.id)
            assumptions = f"Assumes a symmetric t-based 95% CI with {df} degrees of freedom."
            se = add_value(
                registry,
                f"{base}.standard-error",
                f"{label}: implied standard error, t with {df} df",
                stats.standard_error_from_ci_t(ci.lower, ci.upper, df),
                ci.unit,
                max(ci.decimals) + 2,
                Derived("SE = (upper − lower) / (2 × t₀.₉₇₅,df)", inputs, ALTMAN_BLAND, assumptions),
            )
            p_values.append(
                add_value(
                    registry,
                    f"{base}.p-value",
                    f"{label}: approximate two-sided p, t with {df} df",
                    stats.p_value_from_ci_t(ci.lower, ci.upper, df),
                    "p",
                    3,
                    Derived(
                        "t = midpoint / SE; p = 2 × (1 − F_df(|t|))",
                        (*inputs, se.id),
                        ALTMAN_BLAND,
                        assumptions,
                    ),
                ).id
            )
    add_value(
        registry,
        f"{HIIT}.sensitivity.largest-p-value",
        "Largest approximate p across the primary outcomes and all distributions",
        max(registry.value(key).value for key in p_values),
        "p",
        3,
        Derived("maximum of the approximate p-values (normal and t)", tuple(p_values), ALTMAN_BLAND),
    )


def _degrees_of_freedom(appraisal: Appraisal, registry: Registry) -> list[Value]:
    participants, biopsies = f"{HIIT}.participants.all.count", f"{HIIT}.biopsies.all.sum"
    degrees = [
        add_value(
            registry,
            f"{HIIT}.sensitivity.df.all-randomised",
            "Degrees of freedom if every randomised participant was analysed",
            registry.value(participants).value - 2,
            "degrees of freedom",
            0,
            Derived(
                "participants randomised − 2 (two groups)", (participants,), "", "All randomised analysed."
            ),
        ),
        add_value(
            registry,
            f"{HIIT}.sensitivity.df.biopsy-subset",
            "Degrees of freedom if only as many as had biopsies analysed were analysed",
            registry.value(biopsies).value - 2,
            "degrees of freedom",
            0,
            Derived(
                "participants with biopsies analysed − 2",
                (biopsies,),
                "",
                "A plausible smaller analysed sample; the number analysed is not reported.",
            ),
        ),
    ]
    for df in appraisal.sensitivity.assumed_degrees_of_freedom:
        label = "Degrees of freedom assumed to show sensitivity"
        degrees.append(
            _assumption(registry, f"{HIIT}.sensitivity.df.assumed-{df}", label, df, "degrees of freedom", 0)
        )
    return degrees


def _optimal_information_size(appraisal: Appraisal, registry: Registry) -> None:
    settings = appraisal.sensitivity
    alpha = _assumption(
        registry, f"{HIIT}.ois.alpha", "Two-sided significance level (assumed)", settings.alpha, "p", 2
    )
    power = _assumption(registry, f"{HIIT}.ois.power", "Power (assumed)", 100 * settings.power, "percent", 0)
    for difference in settings.assumed_standardised_differences:
        base = f"{HIIT}.ois.d{round(100 * difference)}"
        assumed = _assumption(
            registry,
            f"{base}.standardised-difference",
            "Standardised difference to detect (assumed)",
            difference,
            "SD",
            1,
        )
        per_group = stats.sample_size_per_group(difference, settings.alpha, settings.power)
        inputs = (assumed.id, alpha.id, power.id)
        method = "n per group = 2 × (z₁₋α/₂ + z_power)² / d²"
        assumptions = "Two equal groups, normal approximation, outcome analysed as a mean difference."
        group = add_value(
            registry,
            f"{base}.per-group",
            f"Participants per group to detect {difference:g} SD",
            per_group,
            "participants",
            1,
            Derived(method, inputs, GRADE_GUIDELINE_6, assumptions),
        )
        add_value(
            registry,
            f"{base}.total",
            f"Optimal information size for {difference:g} SD (both groups)",
            2 * math.ceil(per_group),
            "participants",
            0,
            Derived("2 × (n per group rounded up)", (group.id,), GRADE_GUIDELINE_6, assumptions),
        )


def _ivig_sensitivity(registry: Registry) -> None:
    improved, treated = f"{IVIG}.improved.all.count", f"{IVIG}.treated.all.count"
    missing, events = f"{IVIG}.not-analysed.count", f"{IVIG}.adverse-effects.ivig.count"
    ci = registry.interval(f"{IVIG}.physician-improved.clopper-pearson")
    add_value(
        registry,
        f"{IVIG}.appraisal.physician-improved.ci-width",
        "Improved (physicians' assessment): width of the exact 95% CI",
        ci.upper - ci.lower,
        "percentage points",
        1,
        Derived("upper bound − lower bound of the exact 95% CI", (ci.id,)),
    )
    scenarios = (
        (
            "all-unanalysed-failed",
            "If none of the patients not analysed improved",
            (improved,),
            "improved patients",
        ),
        (
            "all-unanalysed-responded",
            "If all the patients not analysed improved",
            (improved, missing),
            "improved + not analysed",
        ),
        (
            "ae-patients-fewest",
            "Patients with an adverse effect, if both were in one patient",
            (events,),
            "⌈courses with adverse effects / 2⌉",
        ),
        (
            "ae-patients-most",
            "Patients with an adverse effect, if each was in a different patient",
            (events,),
            "courses with adverse effects",
        ),
    )
    for key, label, inputs, method in scenarios:
        total = sum(registry.value(item).value for item in inputs)
        count = math.ceil(total / 2) if key == "ae-patients-fewest" else total
        reason = (
            "Each patient had at most two courses (a first course and, for some, a second)."
            if key.startswith("ae-")
            else "Worst or best case for the treated patients whose results are not reported."
        )
        counted = add_value(
            registry,
            f"{IVIG}.sensitivity.{key}.count",
            f"{label}: count",
            count,
            "patients",
            0,
            Derived(method, inputs, "", reason),
        )
        _exact_proportion(registry, f"{IVIG}.sensitivity.{key}", label, counted.id, treated, reason)


def _exact_proportion(
    registry: Registry, base: str, label: str, count_id: str, total_id: str, assumptions: str
) -> None:
    successes, trials = int(registry.value(count_id).value), int(registry.value(total_id).value)
    inputs = (count_id, total_id)
    add_value(
        registry,
        f"{base}.proportion",
        f"{label}: proportion of treated patients",
        100 * successes / trials,
        "percent",
        1,
        Derived(f"{successes} / {trials}", inputs, "", assumptions),
    )
    bounds = stats.clopper_pearson_ci(successes, trials)
    registry.add(
        Interval(
            f"{base}.clopper-pearson",
            f"{label}: exact Clopper–Pearson 95% CI",
            100 * bounds.lower,
            100 * bounds.upper,
            "percent",
            (1, 1),
            Derived(
                f"exact Clopper–Pearson 95% CI for {successes} of {trials}",
                inputs,
                CLOPPER_PEARSON,
                assumptions,
            ),
            suffix=registry.suffix("percent"),
        )
    )


# ---- tables: GRADE ---------------------------------------------------------------------------------------


def _study_quotes(data: StudyData) -> dict[str, str]:
    return {quote.id: " ".join(quote.text.split()) for quote in data.quotes}


def _cited(ids: tuple[str, ...], data: StudyData) -> str:
    quotes = _study_quotes(data)
    return " / ".join(f"“{quotes[quote_id]}”" for quote_id in ids) or "—"


def _labelled(ids: tuple[str, ...], registry: Registry) -> str:
    return "; ".join(f"{registry.get(result_id).label}: {{{result_id}}}" for result_id in ids)  # type: ignore[union-attr]


def _notes(data: StudyData) -> list[tuple[str, str, str, Judgement | None, str]]:
    """(letter, outcomes, domain, judgement, upgrade text): identical judgements share one note."""
    grouped: dict[tuple, list[str]] = {}
    for outcome in data.appraisal.summary_of_findings:  # type: ignore[union-attr]
        for name in GRADE_DOMAINS:
            judgement = getattr(outcome.domains, name)
            grouped.setdefault((name, judgement.model_dump_json()), []).append(outcome.outcome)
        for upgrade in outcome.upgrades:
            grouped.setdefault(("upgrade", upgrade.model_dump_json()), []).append(outcome.outcome)
    notes = []
    for index, ((name, dumped), outcomes) in enumerate(grouped.items()):
        judgement = Judgement.model_validate_json(dumped) if name != "upgrade" else None
        notes.append(
            (_letter(index), "; ".join(outcomes), name, judgement, dumped if judgement is None else "")
        )
    return notes


def _letter(index: int) -> str:
    return chr(ord("a") + index) if index < 26 else f"a{chr(ord('a') + index - 26)}"


def _outcome_letters(outcome: SofOutcome, data: StudyData) -> str:
    letters = [
        letter
        for letter, outcomes, name, judgement, upgrade in _notes(data)
        if outcome.outcome in outcomes.split("; ")
        and (upgrade or (judgement and judgement.judgement != "not serious"))
    ]
    return ", ".join(letters)


def _sof_table(data: StudyData, registry: Registry) -> Table:
    appraisal = data.appraisal
    rows = []
    for outcome in appraisal.summary_of_findings:  # type: ignore[union-attr]
        participants = (
            "Not reported" if outcome.participants == "not reported" else f"{{{outcome.participants}}}"
        )
        letters = _outcome_letters(outcome, data)
        rows.append(
            (
                outcome.outcome,
                outcome.measure,
                f"{participants} (one study)",
                _labelled(outcome.effect, registry) or outcome.effect_text,
                _labelled(outcome.derived, registry) or "None",
                f"{DESIGN_START[outcome.design]} ({outcome.design})",
                f"{outcome.certainty_label}" + (f" (rated down: notes {letters})" if letters else ""),
            )
        )
    return Table(
        f"{data.study.id}.appraisal.summary-of-findings",
        "Summary of findings (GRADE)",
        "Certainty of the evidence per outcome. The final certainty is computed from the starting level of the "
        "design and the levels rated down in the notes below (GRADE guideline 3: "
        f"{GRADE_GUIDELINE_3}). Symbols: ⊕ filled, ◯ empty; the word gives the same level.",
        (
            "Outcome",
            "Measure and time point",
            "Participants",
            "Effect as reported",
            "Derived",
            "Starting certainty",
            "Certainty",
        ),
        tuple(rows),
    )


def _grade_notes_table(data: StudyData, registry: Registry) -> Table:
    rows = []
    for letter, outcomes, name, judgement, upgrade in _notes(data):
        if judgement is None:
            rows.append((letter, outcomes, "Upgrade", "rated up", upgrade, "—", "—"))
            continue
        rows.append(
            (
                letter,
                outcomes,
                DOMAIN_NAMES[name],
                f"{judgement.judgement.capitalize()} ({LEVEL_WORDS[judgement.judgement]})",
                judgement.rationale,
                _labelled(judgement.shown_by, registry) or "—",
                _cited(judgement.quotes, data),
            )
        )
    return Table(
        f"{data.study.id}.appraisal.grade-notes",
        "Notes to the summary of findings: every GRADE domain",
        "The judgement per domain and outcome, why, the numbers that show the computation, and the quotes it "
        "rests on. Identical judgements share one note.",
        ("Note", "Outcomes", "Domain", "Judgement", "Reason", "Computation", "Rests on"),
        tuple(rows),
    )


# ---- tables: risk of bias --------------------------------------------------------------------------------


def _risk_of_bias_table(data: StudyData) -> Table:
    appraisal = data.appraisal
    if appraisal.rob2 is not None:  # type: ignore[union-attr]
        rob = appraisal.rob2  # type: ignore[union-attr]
        rows = [
            (item.domain, ROB_SYMBOLS[item.judgement], item.reasons, _cited(item.quotes, data))
            for item in rob.domains
        ]
        rows.append(("Overall", ROB_SYMBOLS[rob.overall], rob.overall_reasons, "—"))
        title, caption = (
            "Risk of bias (RoB 2)",
            f"Result assessed: {rob.result}; effect of {rob.effect_of_interest}. Tool: {ROB2}.",
        )
        header = ("Domain", "Judgement", "Reasons", "Rests on")
    else:
        nih = appraisal.nih_before_after  # type: ignore[union-attr]
        rows = [
            (item.topic, NIH_SYMBOLS[item.answer], item.reasons, _cited(item.quotes, data))
            for item in nih.questions
        ]
        rows.append(("Overall quality rating", NIH_SYMBOLS[nih.overall], nih.overall_reasons, "—"))
        title = "Study quality (NIH tool for before-after studies with no control group)"
        caption = (
            f"Result assessed: {nih.result}. Question topics in this site's words. Tool: {NIH_PRE_POST}."
        )
        header = ("Question", "Answer", "Reasons", "Rests on")
    return Table(f"{data.study.id}.appraisal.risk-of-bias", title, caption, header, tuple(rows))


# ---- tables: sensitivity and context ---------------------------------------------------------------------


def _hiit_sensitivity_tables(appraisal: Appraisal, registry: Registry) -> tuple[Table, ...]:
    ois_rows = tuple(
        (
            f"{{{HIIT}.ois.d{round(100 * d)}.standardised-difference}}",
            f"{{{HIIT}.ois.alpha}}",
            f"{{{HIIT}.ois.power}}",
            f"{{{HIIT}.ois.d{round(100 * d)}.per-group}}",
            f"{{{HIIT}.ois.d{round(100 * d)}.total}}",
            f"{{{HIIT}.participants.all.count}}",
        )
        for d in appraisal.sensitivity.assumed_standardised_differences
    )
    ois = Table(
        f"{HIIT}.ois.table",
        "Optimal information size under stated assumptions",
        "Participants a single adequately powered two-group trial would need (GRADE guideline 6: "
        f"{GRADE_GUIDELINE_6}). The trial's own standardised difference cannot be computed: no standard "
        "deviations are reported. Every input is an assumption of this site.",
        (
            "Assumed difference",
            "Significance level",
            "Power",
            "Per group",
            "Total",
            "Randomised in the trial",
        ),
        ois_rows,
    )
    degrees = [result for result in registry if result.id.startswith(f"{HIIT}.sensitivity.df.")]
    rows = []
    for measure, label in PRIMARY:
        base = f"{HIIT}.{measure}.hiit-vs-con"
        rows.append((label, "Normal", "—", f"{{{base}.standard-error}}", f"{{{base}.p-value}}"))
        for df in degrees:
            key = f"{HIIT}.sensitivity.{measure}.{df.id.rsplit('.', 1)[1]}"
            rows.append((label, "t", f"{{{df.id}}}", f"{{{key}.standard-error}}", f"{{{key}.p-value}}"))
    t_table = Table(
        f"{HIIT}.sensitivity.t-distribution",
        "Standard errors and p-values from the reported intervals, normal and t",
        "Derived from each reported 95% CI under a normal approximation and under t distributions with the "
        "degrees of freedom shown (the number analysed is not reported). Because every interval excludes "
        "zero, every p stays below the interval's level whatever the distribution.",
        ("Outcome", "Distribution", "Degrees of freedom", "Standard error", "Approximate p"),
        tuple(rows),
    )
    return ois, t_table


def _ivig_sensitivity_tables() -> tuple[Table, ...]:
    response = Table(
        f"{IVIG}.sensitivity.response",
        "Response if the patients not analysed are counted",
        "Improvement by physicians' assessment among the analysed patients (as reported) and among all "
        "treated patients under the two extreme assumptions; exact Clopper–Pearson 95% CIs (derived).",
        ("Scenario", "Improved", "Of", "Percent", "Exact 95% CI"),
        (
            (
                "As reported: analysed patients only",
                f"{{{IVIG}.improved.all.count}}",
                f"{{{IVIG}.analysed.all.count}}",
                f"{{{IVIG}.physician-improved.proportion}}",
                f"{{{IVIG}.physician-improved.clopper-pearson}}",
            ),
            *_per_treated_patient(
                ("all-unanalysed-failed", "None of the patients not analysed improved"),
                ("all-unanalysed-responded", "All the patients not analysed improved"),
            ),
        ),
    )
    harms = Table(
        f"{IVIG}.sensitivity.adverse-effects",
        "Adverse effects per infusion course and per patient",
        "The abstract counts adverse effects per infusion course. Per patient, the same events fit between "
        "the two bounds below, because a patient could have had both courses with an event; exact "
        "Clopper–Pearson 95% CIs (derived).",
        ("Counting unit", "With an adverse effect", "Of", "Percent", "Exact 95% CI"),
        (
            (
                "Infusion courses (as reported)",
                f"{{{IVIG}.adverse-effects.ivig.count}}",
                f"{{{IVIG}.infusions.ivig.count}}",
                f"{{{IVIG}.adverse-effects.proportion}}",
                f"{{{IVIG}.adverse-effects.clopper-pearson}}",
            ),
            *_per_treated_patient(
                ("ae-patients-fewest", "Treated patients, if both events were in one patient"),
                ("ae-patients-most", "Treated patients, if the events were in different patients"),
            ),
        ),
    )
    return response, harms


def _per_treated_patient(*scenarios: tuple[str, str]) -> tuple[tuple[str, ...], ...]:
    """Rows of a sensitivity scenario counted over all treated patients: (key, label) → label, count, of,
    percent and exact CI, each a placeholder for the scenario's results."""
    return tuple(
        (
            label,
            f"{{{IVIG}.sensitivity.{key}.count}}",
            f"{{{IVIG}.treated.all.count}}",
            f"{{{IVIG}.sensitivity.{key}.proportion}}",
            f"{{{IVIG}.sensitivity.{key}.clopper-pearson}}",
        )
        for key, label in scenarios
    )


def _hiit_context() -> Table:
    rows = (
        (
            "Enrolment",
            f"{{{HIIT}.planned-enrolment.all.count}} planned",
            f"{{{HIIT}.participants.all.count}} randomised",
        ),
        (
            "Groups",
            "HIIT and home exercise in patients, plus a healthy-volunteer HIIT group",
            "HIIT and home exercise (CON) in patients",
        ),
        (
            "Primary outcome",
            "“Muscle function (primary outcome), maximal oxygen uptake…”",
            "Maximal exercise test: VO2peak, peak power, time to exhaustion",
        ),
        (
            "HIIT protocol",
            f"{{{HIIT}.protocol-sets.hiit.value}} of {{{HIIT}.protocol-bout-length.hiit.range}} biking bouts, "
            f"with strength training, {{{HIIT}.hiit-sessions-per-week.hiit.value}}",
            f"{{{HIIT}.hiit-sessions-per-week.hiit.value}}; all supervised for the first "
            f"{{{HIIT}.hiit-supervised-weeks.hiit.value}}, then {{{HIIT}.hiit-supervised-sessions-later.hiit.range}} "
            "(journal summary); “supervised” throughout (preprint abstract)",
        ),
    )
    return Table(
        f"{HIIT}.context.registered-vs-published",
        "Registered plan and published report",
        "The plan registered as NCT03324152 (as mirrored) beside the journal summary and preprint abstract. "
        "Differences are shown, not explained: the sources do not explain them.",
        ("Item", "Registered plan", "Published"),
        rows,
    )


def _ivig_context() -> Table:
    rows = (
        (
            "IVIG study (Hara 2003), this site's study",
            "Single-arm, before-after; no comparison group",
            f"{{{IVIG}.treated.all.count}} treated, {{{IVIG}.analysed.all.count}} analysed",
            f"{{{IVIG}.dose.ivig.value}} for {{{IVIG}.infusion-days.ivig.value}}",
            f"Physicians' assessment: {{{IVIG}.improved.all.count}} of {{{IVIG}.analysed.all.count}} analysed improved",
        ),
        (
            "Dalakas et al., N Engl J Med 1993",
            "Double-blind, placebo-controlled, with optional crossover; treatment-resistant dermatomyositis",
            f"{{{IVIG}.dalakas-patients.dalakas-1993-ivig.count}} IVIG, "
            f"{{{IVIG}.dalakas-patients.dalakas-1993-placebo.count}} placebo",
            f"{{{IVIG}.dalakas-dose.dalakas-1993.value}} monthly for three months",
            "Muscle strength scores improved significantly in the IVIG group (p below "
            f"{{{IVIG}.dalakas-p.dalakas-1993-ivig.p-below}}), not in the placebo group; with crossovers, "
            f"{{{IVIG}.dalakas-improved.dalakas-1993.count}} with severe disabilities had a major improvement",
        ),
        (
            "Miyasaka et al., Mod Rheumatol 2012 (NCT00335985)",
            f"Randomised, double-blind, placebo-controlled crossover; {{{IVIG}.miyasaka-centres.miyasaka-2012.count}} "
            "in Japan",
            f"{{{IVIG}.miyasaka-patients.miyasaka-2012.count}} ({{{IVIG}.miyasaka-pm.miyasaka-2012.count}} PM, "
            f"{{{IVIG}.miyasaka-dm.miyasaka-2012.count}} DM)",
            f"{{{IVIG}.miyasaka-dose.miyasaka-2012.value}} for {{{IVIG}.miyasaka-days.miyasaka-2012.value}}",
            "“significant improvements were also found in the placebo group”; group results are not in the "
            "sources used here",
        ),
        (
            "ProDERM, Aggarwal et al., N Engl J Med 2022",
            "Randomised, placebo-controlled; dermatomyositis",
            f"{{{IVIG}.proderm-patients.proderm-2022-ivig.count}} IVIG, "
            f"{{{IVIG}.proderm-patients.proderm-2022-placebo.count}} placebo",
            f"{{{IVIG}.proderm-dose.proderm-2022.value}} every {{{IVIG}.proderm-interval.proderm-2022.value}} "
            f"for {{{IVIG}.proderm-duration.proderm-2022.value}}",
            f"Total improvement score of at least {{{IVIG}.proderm-tis-threshold.proderm-2022.minimum}}: "
            f"{{{IVIG}.proderm-responders.proderm-2022-ivig.count}} of {{{IVIG}.proderm-patients.proderm-2022-ivig.count}} "
            f"({{{IVIG}.proderm-responders.proderm-2022-ivig.percent}}) with IVIG, "
            f"{{{IVIG}.proderm-responders.proderm-2022-placebo.count}} of "
            f"{{{IVIG}.proderm-patients.proderm-2022-placebo.count}} "
            f"({{{IVIG}.proderm-responders.proderm-2022-placebo.percent}}) with placebo. Harms: "
            f"{{{IVIG}.proderm-adverse-events.proderm-2022-ivig.count}} treatment-related adverse events with IVIG; "
            f"serious adverse events included {{{IVIG}.proderm-thromboembolic.proderm-2022.count}}",
        ),
    )
    return Table(
        f"{IVIG}.context.later-trials",
        "Later controlled trials of IVIG, for context",
        "Cited from their published summaries (see data/source-texts/facts.md), not appraised here. Their "
        "outcomes, doses and populations differ from each other and from the IVIG study, so they are not "
        "pooled.",
        ("Study", "Design", "Patients", "IVIG dose", "Headline result as reported"),
        rows,
    )


# ---- both studies ----------------------------------------------------------------------------------------


def _comparison(studies: dict[str, StudyData]) -> Table:
    hiit, ivig = studies[HIIT], studies[IVIG]

    def certainty(data: StudyData) -> str:
        return "; ".join(
            f"{outcome.outcome}: {outcome.certainty_label}"
            for outcome in data.appraisal.summary_of_findings  # type: ignore[union-attr]
        )

    rows = (
        ("Design", hiit.study.design, ivig.study.design),
        (
            "Starting certainty (GRADE)",
            DESIGN_START["randomised trial"],
            DESIGN_START["uncontrolled before-after study"],
        ),
        (
            "Risk of bias",
            f"RoB 2 overall: {ROB_SYMBOLS[hiit.appraisal.rob2.overall]}",  # type: ignore[union-attr]
            f"NIH before-after tool: {NIH_SYMBOLS[ivig.appraisal.nih_before_after.overall]}",  # type: ignore[union-attr]
        ),
        ("Certainty by outcome (computed)", certainty(hiit), certainty(ivig)),
        (
            "Participants",
            f"{{{HIIT}.participants.all.count}} randomised; number analysed not reported",
            f"{{{IVIG}.treated.all.count}} treated; {{{IVIG}.analysed.all.count}} analysed",
        ),
    )
    return Table(
        "appraisal.comparison",
        "The two studies appraised side by side",
        "Design, risk of bias and the computed GRADE certainty for every outcome appraised on each study's "
        "appraisal page.",
        ("Aspect", hiit.study.short_title, ivig.study.short_title),
        rows,
    )
