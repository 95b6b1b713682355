"""Derived results: each computed from registered results by a named method, with its reference."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from myositis_evidence.analysis import summary_statistics as stats
from myositis_evidence.errors import DerivationError
from myositis_evidence.results.formatting import format_result
from myositis_evidence.results.model import Assumed, Derived, Interval, Registry, Value
from myositis_evidence.results.precision import (
    PRECISION_CONVENTION,
    Written,
    justified_decimals,
    range_over_rounding,
    significant_decimals,
)

ALTMAN_BLAND = (
    "Altman DG, Bland JM. How to obtain the P value from a confidence interval. BMJ 2011;343:d2304. "
    "doi:10.1136/bmj.d2304"
)
CLOPPER_PEARSON = (
    "Clopper CJ, Pearson ES. The use of confidence or fiducial limits illustrated in the case of the binomial. "
    "Biometrika 1934;26:404–413. doi:10.1093/biomet/26.4.404"
)
WILSON = (
    "Wilson EB. Probable inference, the law of succession, and statistical inference. J Am Stat Assoc "
    "1927;22:209–212. doi:10.1080/01621459.1927.10502953"
)
HANLEY_LIPPMAN_HAND = (
    "Hanley JA, Lippman-Hand A. If nothing goes wrong, is everything all right? Interpreting zero numerators. "
    "JAMA 1983;249:1743–1745. doi:10.1001/jama.1983.03330370053031"
)
NORMAL_APPROXIMATION = (
    "Assumes the reported interval is a symmetric 95% CI from a normal approximation; group sizes are not "
    "published, so a t-based interval cannot be checked."
)


def add_value(
    registry: Registry,
    result_id: str,
    label: str,
    number: float,
    unit: str,
    decimals: int,
    provenance: Derived,
    measure: str = "",
    group: str = "",
) -> Value:
    """Register a derived value, with the suffix of its unit."""
    value = Value(
        result_id, label, number, unit, decimals, provenance, measure, group, suffix=registry.suffix(unit)
    )
    registry.add(value)
    return value


def precise_to_inputs(
    function: Callable[..., float], inputs: Sequence[Written], at_most: int, min_significant: int = 0
) -> tuple[float, int, tuple[float, float]]:
    """A method's result from its written inputs, the decimals those inputs justify (never fewer than
    `min_significant` significant figures), and its rounding range."""
    number = function(*(value for value, _ in inputs))
    low, high = range_over_rounding(function, inputs)
    return number, justified_decimals(number, low, high, at_most, min_significant), (low, high)


def written_bounds(interval: Interval) -> tuple[Written, Written]:
    """An interval's bounds with the decimals each was written with."""
    return (interval.lower, interval.decimals[0]), (interval.upper, interval.decimals[1])


@contextmanager
def deriving(result_id: str, inputs: tuple[str, ...]) -> Iterator[None]:
    """Turn a method's refusal of its inputs into a DerivationError that names the result and its inputs.

    The statistics methods raise ValueError (or ArithmeticError) on impossible inputs, such as a percent
    change from a baseline of 0; registry_build turns the DerivationError into a DataError at the input's row.
    """
    try:
        yield
    except (ValueError, ArithmeticError) as error:
        raise DerivationError(result_id, inputs, str(error)) from None


# ---- from a reported confidence interval -----------------------------------------------------------------


def ci_derivatives(registry: Registry, interval_id: str) -> None:
    """Implied estimate, standard error, z and two-sided p of a reported 95% CI (Altman & Bland 2011).

    Each is shown to the precision the interval's written bounds justify, the standard error and the p-value
    with at least one significant figure (results/precision.py); the range of the p-value over the bounds'
    rounding is registered as `<base>.p-value-rounding-range`.
    """
    ci = registry.interval(interval_id)
    base, inputs = interval_id.removesuffix(".ci95"), (interval_id,)
    bounds = written_bounds(ci)
    decimals = max(ci.decimals) + 1
    midpoint, midpoint_decimals, _ = precise_to_inputs(stats.ci_midpoint, bounds, decimals)
    se, se_decimals, _ = precise_to_inputs(
        stats.standard_error_from_ci, bounds, decimals + 1, min_significant=1
    )
    p_value, p_decimals, p_range = precise_to_inputs(stats.p_value_from_ci, bounds, 3, min_significant=1)
    measure, group = ci.measure, ci.group
    prefix = ci.label.removesuffix("95% CI")
    add_value(
        registry,
        f"{base}.implied-estimate",
        f"{prefix}implied estimate",
        midpoint,
        ci.unit,
        midpoint_decimals,
        Derived(
            "midpoint of the reported 95% CI: (lower + upper) / 2",
            inputs,
            ALTMAN_BLAND,
            f"Valid only if the interval is symmetric about the estimate. {PRECISION_CONVENTION}",
        ),
        measure,
        group,
    )
    se_value = add_value(
        registry,
        f"{base}.standard-error",
        f"{prefix}implied standard error",
        se,
        ci.unit,
        se_decimals,
        Derived(
            "SE = (upper − lower) / (2 × 1.96)",
            inputs,
            ALTMAN_BLAND,
            f"{NORMAL_APPROXIMATION} {PRECISION_CONVENTION}",
        ),
        measure,
        group,
    )
    add_value(
        registry,
        f"{base}.p-value",
        f"{prefix}approximate two-sided p",
        p_value,
        "p",
        p_decimals,
        Derived(
            "z = estimate / SE; p = 2 × (1 − Φ(|z|))",
            (*inputs, se_value.id),
            ALTMAN_BLAND,
            f"{NORMAL_APPROXIMATION} {PRECISION_CONVENTION}",
        ),
        measure,
        group,
    )
    _p_rounding_range(
        registry, f"{base}.p-value-rounding-range", f"{prefix}approximate two-sided p", ci, p_range
    )


def _p_rounding_range(
    registry: Registry, result_id: str, label: str, ci: Interval, p_range: tuple[float, float]
) -> None:
    """The lowest and highest p while each bound of the CI moves within what its written digits stand for."""
    low, high = p_range
    lower_decimals, upper_decimals = ci.decimals
    registry.add(
        Interval(
            result_id,
            f"{label}, bounds anywhere within their rounding",
            low,
            high,
            "p",
            (significant_decimals(low, 2), significant_decimals(high, 2)),
            Derived(
                "lowest and highest p = 2 × (1 − Φ(|z|)) while each bound of the 95% CI moves by up to half a "
                f"unit in its last written digit (±{0.5 * 10.0**-lower_decimals:g} and "
                f"±{0.5 * 10.0**-upper_decimals:g})",
                (ci.id,),
                ALTMAN_BLAND,
                "A sensitivity result: how far the rounding of the published bounds alone can move the p-value. "
                + NORMAL_APPROXIMATION,
            ),
            ci.measure,
            ci.group,
            suffix=registry.suffix("p"),
        )
    )


# ---- before and after ------------------------------------------------------------------------------------


def change_derivatives(registry: Registry, before_id: str, after_id: str, base: str, label: str) -> None:
    """Absolute and percent change between two reported group means, each to the precision the means justify."""
    before, after = registry.value(before_id), registry.value(after_id)
    inputs = (before_id, after_id)
    means = ((before.value, before.decimals), (after.value, after.decimals))
    change, change_decimals, _ = precise_to_inputs(
        stats.absolute_change, means, max(before.decimals, after.decimals)
    )
    add_value(
        registry,
        f"{base}.absolute-change",
        f"{label}: change in mean",
        change,
        before.unit,
        change_decimals,
        Derived("mean after − mean before", inputs, "", PRECISION_CONVENTION),
        before.measure,
        before.group,
    )
    with deriving(f"{base}.percent-change", inputs):
        percent, percent_decimals, _ = precise_to_inputs(stats.percent_change, means, 1)
    add_value(
        registry,
        f"{base}.percent-change",
        f"{label}: percent change in mean",
        percent,
        "percent",
        percent_decimals,
        Derived(
            "100 × (mean after − mean before) / mean before",
            inputs,
            "",
            f"A change of group means, not the mean of each patient's change. {PRECISION_CONVENTION}",
        ),
        before.measure,
        before.group,
    )


# ---- proportions -----------------------------------------------------------------------------------------


def proportion_derivatives(
    registry: Registry,
    base: str,
    label: str,
    count_id: str,
    total_id: str,
    total_assumption: str = "",
    *,
    intervals: bool = True,
) -> None:
    """A proportion with its exact Clopper–Pearson and its Wilson 95% CI, as percentages.

    intervals: False for a share that estimates nothing (how many of those treated were analysed): the
    proportion alone, with no confidence interval.

    total_assumption: when the sources do not give the denominator (how many were followed for the events),
    the reason this site takes `total_id` as it. The denominator is then registered as `<base>.assumed-total`,
    of kind assumed, and every result here is computed from it.
    """
    if total_assumption:
        total_id = assumed_total(registry, base, label, total_id, total_assumption).id
    count, total = registry.value(count_id), registry.value(total_id)
    successes, trials = int(count.value), int(total.value)
    inputs = (count_id, total_id)
    measure, group = count.measure, count.group
    with deriving(f"{base}.proportion", inputs):
        bounds = {
            "clopper-pearson": stats.clopper_pearson_ci(successes, trials),
            "wilson": stats.wilson_ci(successes, trials),
        }
    add_value(
        registry,
        f"{base}.proportion",
        f"{label}: proportion",
        100 * successes / trials,
        "percent",
        1,
        Derived(f"{successes} / {trials}", inputs),
        measure,
        group,
    )
    if not intervals:
        return
    if successes == 0:
        zero_event_bounds(registry, base, label, count_id, total_id)
    for suffix, method, reference in (
        ("clopper-pearson", "exact Clopper–Pearson 95% CI", CLOPPER_PEARSON),
        ("wilson", "Wilson score 95% CI", WILSON),
    ):
        registry.add(
            Interval(
                f"{base}.{suffix}",
                f"{label}: {method}",
                100 * bounds[suffix].lower,
                100 * bounds[suffix].upper,
                "percent",
                (1, 1),
                Derived(f"{method} for {successes} of {trials}", inputs, reference),
                measure,
                group,
                suffix=registry.suffix("percent"),
            )
        )


def assumed_total(registry: Registry, base: str, label: str, total_id: str, assumption: str) -> Value:
    """The denominator of a proportion as an analyst's input, `<base>.assumed-total`: the value of `total_id`
    (a reported count, such as those randomised) taken, by the stated assumption, as the number followed."""
    total = registry.value(total_id)
    return add_value(
        registry,
        f"{base}.assumed-total",
        f"{label}: denominator assumed",
        total.value,
        total.unit,
        total.decimals,
        Assumed(
            f"assumed equal to {_measure_words(total)} ({format_result(total)})", (total_id,), "", assumption
        ),
        total.measure,
        total.group,
    )


def _measure_words(value: Value) -> str:
    """ "Participants randomised: number" → "participants randomised"."""
    measure = value.label.split(":", 1)[0]
    return measure[:1].lower() + measure[1:]


def zero_event_bounds(registry: Registry, base: str, label: str, count_id: str, total_id: str) -> None:
    """With no events in n: the exact one-sided 95% upper bound, 1 − 0.05^(1/n) (Clopper–Pearson), as
    `<base>.exact-upper-bound`, and the rule of three, 3/n (Hanley & Lippman-Hand 1983), as `<base>.rule-of-three`,
    both as percentages."""
    trials = int(registry.value(total_id).value)
    inputs = (count_id, total_id)
    with deriving(f"{base}.exact-upper-bound", inputs):
        exact = stats.zero_events_upper_bound(trials)
        rule = stats.rule_of_three(trials)
    add_value(
        registry,
        f"{base}.exact-upper-bound",
        f"{label}: exact one-sided 95% upper bound",
        100 * exact,
        "percent",
        1,
        Derived(
            f"exact one-sided 95% upper bound for 0 of {trials}: 1 − 0.05^(1/{trials})",
            inputs,
            CLOPPER_PEARSON,
            "No events observed; the true proportion could still be as high as this bound.",
        ),
    )
    add_value(
        registry,
        f"{base}.rule-of-three",
        f"{label}: rule of three",
        100 * rule,
        "percent",
        1,
        Derived(
            f"rule of three for 0 of {trials}: 3 / {trials}",
            inputs,
            HANLEY_LIPPMAN_HAND,
            "An approximation of the exact one-sided 95% upper bound, close to it when n is above about 30.",
        ),
    )


# ---- arithmetic on reported values -----------------------------------------------------------------------

ARITHMETIC = {
    "difference": lambda numbers: numbers[0] - numbers[1],
    "sum": sum,
    "product": math.prod,
}


def arithmetic(
    registry: Registry,
    operation: str,
    result_id: str,
    label: str,
    inputs: tuple[str, ...],
    unit: str,
    explanation: Derived,
    decimals: int | str | None = None,
    measure: str = "",
    group: str = "",
) -> Value:
    """A difference (first minus second), sum or product of values, shown at `decimals`.

    decimals: a number; "largest-of-inputs"; or None for 0 on a whole number and 1 otherwise (a count).
    """
    values = [registry.value(input_id) for input_id in inputs]
    number = ARITHMETIC[operation]([value.value for value in values])
    if decimals == "largest-of-inputs":  # at most the finest input's decimals, as far as the inputs justify
        written = [(value.value, value.decimals) for value in values]
        _, decimals, _ = precise_to_inputs(
            lambda *numbers: ARITHMETIC[operation](list(numbers)),
            written,
            max(value.decimals for value in values),
        )
    elif decimals is None:
        decimals = 0 if float(number).is_integer() else 1
    return add_value(registry, result_id, label, number, unit, int(decimals), explanation, measure, group)


def interval_width(
    registry: Registry, result_id: str, label: str, interval_id: str, unit: str, decimals: int, method: str
) -> Value:
    """Upper minus lower bound of an interval."""
    interval = registry.interval(interval_id)
    return add_value(
        registry,
        result_id,
        label,
        interval.upper - interval.lower,
        unit,
        decimals,
        Derived(method, (interval.id,)),
    )
