"""Sensitivity analyses of an appraisal: each a named method over result ids and the appraisal's assumptions.

Which study uses which method, on which results, is content (`content.yml`, section `appraisal`).
"""

from __future__ import annotations

import math

from myositis_evidence.analysis import summary_statistics as stats
from myositis_evidence.analysis.derivations import (
    ALTMAN_BLAND,
    CLOPPER_PEARSON,
    add_value,
    precise_to_inputs,
    written_bounds,
)
from myositis_evidence.dataset.appraisal_schema import GRADE_GUIDELINE_6, Sensitivity
from myositis_evidence.results.model import Assumed, Derived, Interval, Registry, Value
from myositis_evidence.results.precision import PRECISION_CONVENTION

ASSUMPTION = "assumption of this site's appraisal (appraisal.yml), not a number from the study"
ASSUMPTION_USE = (
    "Chosen by this site as an input of the optimal information size; the reference is cited for that method."
)
DF_ASSUMPTION_USE = "Chosen by this site to show how the p-value depends on the degrees of freedom."
WHOLE_PARTICIPANTS = "n per group rounded up to whole participants"


def _assumption(
    registry: Registry,
    result_id: str,
    label: str,
    number: float,
    unit: str,
    decimals: int,
    reference: str = GRADE_GUIDELINE_6,
    use: str = ASSUMPTION_USE,
) -> Value:
    """A number this site assumes for a sensitivity analysis (from appraisal.yml, not from a study): kind assumed."""
    return add_value(
        registry, result_id, label, number, unit, decimals, Assumed(ASSUMPTION, (), reference, use)
    )


# ---- optimal information size ----------------------------------------------------------------------------


def optimal_information_size(registry: Registry, base: str, settings: Sensitivity) -> None:
    """Participants per group and in total to detect each assumed standardised difference (GRADE guideline 6).

    Registers `<base>.alpha`, `<base>.power` and, per difference d, `<base>.d<100 d>.standardised-difference`,
    `.per-group-exact` (the formula's value, full precision), `.per-group` (rounded up to whole participants, as
    pages show it) and `.total`.
    """
    alpha = _assumption(
        registry, f"{base}.alpha", "Two-sided significance level (assumed)", settings.alpha, "p", 2
    )
    power = _assumption(registry, f"{base}.power", "Power (assumed)", 100 * settings.power, "percent", 0)
    for difference in settings.assumed_standardised_differences:
        _information_size_for(
            registry, f"{base}.d{round(100 * difference)}", difference, settings, alpha, power
        )


def _information_size_for(
    registry: Registry, base: str, difference: float, settings: Sensitivity, alpha: Value, power: Value
) -> None:
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
    exact = add_value(
        registry,
        f"{base}.per-group-exact",
        f"Participants per group to detect {difference:g} SD, before rounding up",
        per_group,
        "participants",
        2,
        Derived(method, inputs, GRADE_GUIDELINE_6, f"{assumptions} Not rounded: full precision."),
    )
    # A sample size counts whole people: rounded up, as a sample-size calculation is (GRADE guideline 6).
    group = add_value(
        registry,
        f"{base}.per-group",
        f"Participants per group to detect {difference:g} SD",
        math.ceil(per_group),
        "participants",
        0,
        Derived(WHOLE_PARTICIPANTS, (exact.id,), GRADE_GUIDELINE_6, assumptions),
    )
    add_value(
        registry,
        f"{base}.total",
        f"Optimal information size for {difference:g} SD (both groups)",
        2 * group.value,
        "participants",
        0,
        Derived("2 × (n per group rounded up)", (group.id,), GRADE_GUIDELINE_6, assumptions),
    )


# ---- degrees of freedom and the t distribution -----------------------------------------------------------


def degrees_of_freedom(
    registry: Registry,
    result_id: str,
    label: str,
    participants_id: str,
    groups: int,
    explanation: Derived,
) -> Value:
    """Participants analysed minus the number of groups: the degrees of freedom of a pooled two-sample t.

    The number analysed is not reported, so the participants used stand for it by an assumption: the caller
    passes an `Assumed` explanation that says which (all randomised, say), and the result is of kind assumed.
    """
    return add_value(
        registry,
        result_id,
        label,
        registry.value(participants_id).value - groups,
        "degrees of freedom",
        0,
        explanation,
    )


def assumed_degrees_of_freedom(registry: Registry, base: str, label: str, settings: Sensitivity) -> None:
    """Each of the appraisal's assumed degrees of freedom, as `<base>.assumed-<df>`."""
    for df in settings.assumed_degrees_of_freedom:
        _assumption(
            registry, f"{base}.assumed-{df}", label, df, "degrees of freedom", 0, "", DF_ASSUMPTION_USE
        )


def t_distribution(
    registry: Registry, base: str, intervals: tuple[tuple[str, str, str], ...], degrees: tuple[str, ...]
) -> None:
    """SE and two-sided p of each (key, label, interval id) under t with each degrees of freedom (Altman &
    Bland 2011), as `<base>.<key>.<last part of the df id>.standard-error` and `.p-value`."""
    for key, label, interval_id in intervals:
        ci = registry.interval(interval_id)
        for df_id in degrees:
            df = int(registry.value(df_id).value)
            inputs = (interval_id, df_id)
            assumptions = (
                f"Assumes a symmetric t-based 95% CI with {df} degrees of freedom. {PRECISION_CONVENTION}"
            )
            prefix = f"{base}.{key}.{df_id.rsplit('.', 1)[1]}"
            bounds = written_bounds(ci)
            se_number, se_decimals, _ = precise_to_inputs(
                lambda lower, upper, df=df: stats.standard_error_from_ci_t(lower, upper, df),
                bounds,
                max(ci.decimals) + 2,
                min_significant=1,
            )
            se = add_value(
                registry,
                f"{prefix}.standard-error",
                f"{label}: implied standard error, t with {df} df",
                se_number,
                ci.unit,
                se_decimals,
                Derived("SE = (upper − lower) / (2 × t₀.₉₇₅,df)", inputs, ALTMAN_BLAND, assumptions),
            )
            p_number, p_decimals, _ = precise_to_inputs(
                lambda lower, upper, df=df: stats.p_value_from_ci_t(lower, upper, df),
                bounds,
                3,
                min_significant=1,
            )
            add_value(
                registry,
                f"{prefix}.p-value",
                f"{label}: approximate two-sided p, t with {df} df",
                p_number,
                "p",
                p_decimals,
                Derived(
                    "t = midpoint / SE; p = 2 × (1 − F_df(|t|))", (*inputs, se.id), ALTMAN_BLAND, assumptions
                ),
            )


def largest_p_value(
    registry: Registry, result_id: str, label: str, inputs: tuple[str, ...], method: str
) -> Value:
    """The largest of several p-values: the least favourable reading of the same intervals."""
    largest = max((registry.value(key) for key in inputs), key=lambda value: value.value)
    return add_value(
        registry,
        result_id,
        label,
        largest.value,
        "p",
        largest.decimals,
        Derived(method, inputs, ALTMAN_BLAND),
    )


# ---- scenarios for counts that are not reported ----------------------------------------------------------


def scenario_count(
    registry: Registry, base: str, label: str, unit: str, explanation: Derived, at_most_per_unit: int | None
) -> Value:
    """The count under a scenario: the sum of the inputs, or the fewest units that can hold them when each unit
    holds at most `at_most_per_unit` (the sum divided by it, rounded up). Registered as `<base>.count`.

    A scenario is an analyst's "what if" (all not analysed improved; both events in one patient), so the caller
    passes an `Assumed` explanation and the count is of kind assumed; what is computed from it is derived.
    """
    total = sum(registry.value(item).value for item in explanation.inputs)
    count = math.ceil(total / at_most_per_unit) if at_most_per_unit else total
    return add_value(registry, f"{base}.count", f"{label}: count", count, unit, 0, explanation)


def exact_proportion(
    registry: Registry, base: str, label: str, of: str, count_id: str, total_id: str, assumptions: str
) -> None:
    """`<base>.proportion` of `of` (what the total counts) and its exact Clopper–Pearson 95% CI,
    `<base>.clopper-pearson` (Clopper & Pearson 1934)."""
    successes, trials = int(registry.value(count_id).value), int(registry.value(total_id).value)
    inputs = (count_id, total_id)
    add_value(
        registry,
        f"{base}.proportion",
        f"{label}: proportion of {of}",
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
