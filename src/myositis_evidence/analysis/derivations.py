"""Derived results: each computed from registered results by a named method, with its reference."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

from myositis_evidence.analysis import summary_statistics as stats
from myositis_evidence.errors import DerivationError
from myositis_evidence.results.model import Derived, Interval, Registry, Value

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
    """Implied estimate, standard error, z and two-sided p of a reported 95% CI (Altman & Bland 2011)."""
    ci = registry.interval(interval_id)
    base, inputs = interval_id.removesuffix(".ci95"), (interval_id,)
    decimals = max(ci.decimals) + 1
    midpoint = stats.ci_midpoint(ci.lower, ci.upper)
    se = stats.standard_error_from_ci(ci.lower, ci.upper)
    measure, group = ci.measure, ci.group
    add_value(
        registry,
        f"{base}.implied-estimate",
        f"{ci.label.removesuffix('95% CI')}implied estimate",
        midpoint,
        ci.unit,
        decimals,
        Derived(
            "midpoint of the reported 95% CI: (lower + upper) / 2",
            inputs,
            ALTMAN_BLAND,
            "Valid only if the interval is symmetric about the estimate.",
        ),
        measure,
        group,
    )
    se_value = add_value(
        registry,
        f"{base}.standard-error",
        f"{ci.label.removesuffix('95% CI')}implied standard error",
        se,
        ci.unit,
        decimals + 1,
        Derived("SE = (upper − lower) / (2 × 1.96)", inputs, ALTMAN_BLAND, NORMAL_APPROXIMATION),
        measure,
        group,
    )
    add_value(
        registry,
        f"{base}.p-value",
        f"{ci.label.removesuffix('95% CI')}approximate two-sided p",
        stats.p_value_from_ci(ci.lower, ci.upper),
        "p",
        3,
        Derived(
            "z = estimate / SE; p = 2 × (1 − Φ(|z|))",
            (*inputs, se_value.id),
            ALTMAN_BLAND,
            NORMAL_APPROXIMATION,
        ),
        measure,
        group,
    )


# ---- before and after ------------------------------------------------------------------------------------


def change_derivatives(registry: Registry, before_id: str, after_id: str, base: str, label: str) -> None:
    """Absolute and percent change between two reported group means."""
    before, after = registry.value(before_id), registry.value(after_id)
    inputs = (before_id, after_id)
    decimals = max(before.decimals, after.decimals)
    add_value(
        registry,
        f"{base}.absolute-change",
        f"{label}: change in mean",
        stats.absolute_change(before.value, after.value),
        before.unit,
        decimals,
        Derived("mean after − mean before", inputs),
        before.measure,
        before.group,
    )
    with deriving(f"{base}.percent-change", inputs):
        percent = stats.percent_change(before.value, after.value)
    add_value(
        registry,
        f"{base}.percent-change",
        f"{label}: percent change in mean",
        percent,
        "percent",
        1,
        Derived(
            "100 × (mean after − mean before) / mean before",
            inputs,
            "",
            "A change of group means, not the mean of each patient's change.",
        ),
        before.measure,
        before.group,
    )


# ---- proportions -----------------------------------------------------------------------------------------


def proportion_derivatives(registry: Registry, base: str, label: str, count_id: str, total_id: str) -> None:
    """A proportion with its exact Clopper–Pearson and its Wilson 95% CI, as percentages."""
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
    if decimals == "largest-of-inputs":
        decimals = max(value.decimals for value in values)
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
