"""Small, pure statistical helpers for re-analysing published summary results.

Everything here takes plain numbers and returns plain numbers (or :class:`Bounds`), so the
functions can be called from data loaders, MkDocs hooks and notebooks alike. Invalid input raises
``ValueError`` (or ``TypeError`` for counts of the wrong type) with a message that repeats the bad
value.

References
----------
.. [1] Altman DG, Bland JM. How to obtain the P value from a confidence interval.
   BMJ 2011;343:d2304. https://doi.org/10.1136/bmj.d2304
.. [2] Altman DG, Bland JM. How to obtain the confidence interval from a P value.
   BMJ 2011;343:d2090. https://doi.org/10.1136/bmj.d2090
.. [3] Clopper CJ, Pearson ES. The use of confidence or fiducial limits illustrated in the case of
   the binomial. Biometrika 1934;26(4):404-413. https://doi.org/10.1093/biomet/26.4.404
.. [4] Wilson EB. Probable inference, the law of succession, and statistical inference.
   J Am Stat Assoc 1927;22(158):209-212. https://doi.org/10.1080/01621459.1927.10502953
.. [5] Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven
   methods. Stat Med 1998;17(8):857-872.
   https://doi.org/10.1002/(SICI)1097-0258(19980430)17:8<857::AID-SIM777>3.0.CO;2-E
"""

from __future__ import annotations

import math
from numbers import Integral
from typing import NamedTuple

from scipy import special  # the distribution functions scipy.stats wraps, at a fraction of its import time

__all__ = [
    "Bounds",
    "absolute_change",
    "ci_midpoint",
    "clopper_pearson_ci",
    "p_value_from_ci",
    "p_value_from_ci_altman_bland",
    "p_value_from_ci_t",
    "percent_change",
    "rule_of_three",
    "sample_size_per_group",
    "standard_error_from_ci",
    "standard_error_from_ci_t",
    "wilson_ci",
    "z_from_ci",
    "zero_events_upper_bound",
]

_ALTMAN_BLAND_Z = 1.96
"""The rounded 97.5% normal quantile that Altman & Bland [1]_ use in their worked method."""


class Bounds(NamedTuple):
    """A closed interval ``[lower, upper]``, e.g. a confidence interval."""

    lower: float
    upper: float

    def contains(self, x: float) -> bool:
        """Return whether ``lower <= x <= upper``."""
        return self.lower <= x <= self.upper


# --- validation -----------------------------------------------------------------------------------


def _check_finite(name: str, value: float) -> None:
    if not math.isfinite(value):
        raise ValueError(f"{name} ({value}) must be finite")


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise ValueError(f"level ({level}) must be in (0, 1)")


def _check_interval(lower: float, upper: float) -> None:
    _check_finite("lower", lower)
    _check_finite("upper", upper)
    if lower > upper:
        raise ValueError(f"lower ({lower}) must not exceed upper ({upper})")


def _check_df(df: float) -> None:
    if not (math.isfinite(df) and df > 0):
        raise ValueError(f"df ({df}) must be finite and > 0")


def _check_count(name: str, value: int) -> None:
    # bool is an Integral subclass, but True/False as a count is almost always a bug upstream.
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} ({value!r}) must be an integer, not {type(value).__name__}")


def _check_counts(successes: int, trials: int) -> None:
    _check_count("successes", successes)
    _check_count("trials", trials)
    if trials < 1:
        raise ValueError(f"trials ({trials}) must be at least 1")
    if successes < 0:
        raise ValueError(f"successes ({successes}) must not be negative")
    if successes > trials:
        raise ValueError(f"successes ({successes}) must not exceed trials ({trials})")


# --- changes --------------------------------------------------------------------------------------


def absolute_change(before: float, after: float) -> float:
    """Absolute change from ``before`` to ``after``.

    Parameters
    ----------
    before, after : float
        Baseline and follow-up values; both must be finite.

    Returns
    -------
    float
        ``after - before``.

    Raises
    ------
    ValueError
        If either value is not finite.
    """
    _check_finite("before", before)
    _check_finite("after", after)
    return after - before


def percent_change(before: float, after: float) -> float:
    """Change from ``before`` to ``after`` as a percentage of ``before``.

    Parameters
    ----------
    before, after : float
        Baseline and follow-up values; both must be finite and ``before`` non-zero.

    Returns
    -------
    float
        The percent change.

    Raises
    ------
    ValueError
        If either value is not finite, or ``before`` is 0.

    Notes
    -----
    .. math:: 100 \\cdot (\\mathrm{after} - \\mathrm{before}) / \\mathrm{before}

    The baseline is used with its sign, so for a negative baseline a rise gives a negative result;
    percent changes are only meaningful on ratio scales (strictly positive quantities).
    """
    _check_finite("before", before)
    _check_finite("after", after)
    if before == 0:
        raise ValueError("percent change is undefined for a baseline of 0")
    return 100.0 * (after - before) / before


# --- confidence interval -> standard error, z and P (normal approximation) ---------------------------


def ci_midpoint(lower: float, upper: float) -> float:
    """Point estimate implied by a symmetric confidence interval.

    Parameters
    ----------
    lower, upper : float
        Finite bounds with ``lower <= upper``.

    Returns
    -------
    float
        ``(lower + upper) / 2``.

    Raises
    ------
    ValueError
        If a bound is not finite or ``lower > upper``.

    Notes
    -----
    Only valid for intervals of the form estimate +/- critical value * SE. Ratio measures (risk, odds
    and hazard ratios) are symmetric on the log scale: pass the logs of their bounds [1]_.

    References
    ----------
    .. [1] Altman DG, Bland JM. BMJ 2011;343:d2304. https://doi.org/10.1136/bmj.d2304
    """
    _check_interval(lower, upper)
    return (lower + upper) / 2


def standard_error_from_ci(lower: float, upper: float, level: float = 0.95) -> float:
    """Standard error implied by a symmetric normal-theory confidence interval.

    Parameters
    ----------
    lower, upper : float
        Finite bounds with ``lower <= upper``.
    level : float, default 0.95
        Confidence level of the interval, in (0, 1).

    Returns
    -------
    float
        The standard error; 0 for a zero-width interval.

    Raises
    ------
    ValueError
        If a bound is not finite, ``lower > upper`` or ``level`` is not in (0, 1).

    Notes
    -----
    .. math:: SE = (u - l) / (2 z_{1-\\alpha/2}), \\qquad \\alpha = 1 - \\mathrm{level}

    with :math:`z_{0.975} \\approx 1.96` for a 95% interval [1]_ ([2]_ gives 1.65 for 90% and 2.57
    for 99%). A zero-width interval gives SE = 0; :func:`z_from_ci` and :func:`p_value_from_ci`
    then raise ``ValueError`` instead of dividing by zero.

    References
    ----------
    .. [1] Altman DG, Bland JM. How to obtain the P value from a confidence interval.
       BMJ 2011;343:d2304. https://doi.org/10.1136/bmj.d2304
    .. [2] Altman DG, Bland JM. How to obtain the confidence interval from a P value.
       BMJ 2011;343:d2090. https://doi.org/10.1136/bmj.d2090
    """
    _check_interval(lower, upper)
    _check_level(level)
    return (upper - lower) / (2 * _normal_isf((1 - level) / 2))


def z_from_ci(lower: float, upper: float, level: float = 0.95) -> float:
    """Test statistic for "true value = 0" implied by a symmetric confidence interval.

    Parameters
    ----------
    lower, upper : float
        Finite bounds with ``lower < upper``.
    level : float, default 0.95
        Confidence level of the interval, in (0, 1).

    Returns
    -------
    float
        ``z``, signed like the midpoint.

    Raises
    ------
    ValueError
        As :func:`standard_error_from_ci`, and for a zero-width interval.

    Notes
    -----
    .. math:: z = \\frac{(l + u)/2}{SE}, \\qquad SE = (u - l) / (2 z_{1-\\alpha/2})

    See :func:`standard_error_from_ci` and Altman & Bland [1]_.

    References
    ----------
    .. [1] Altman DG, Bland JM. BMJ 2011;343:d2304. https://doi.org/10.1136/bmj.d2304
    """
    return _statistic(lower, upper, standard_error_from_ci(lower, upper, level))


def _statistic(lower: float, upper: float, standard_error: float) -> float:
    if standard_error == 0:
        raise ValueError(
            f"a zero-width interval gives no standard error (lower = upper = {lower}); z and P are undefined"
        )
    return ci_midpoint(lower, upper) / standard_error


def p_value_from_ci(lower: float, upper: float, level: float = 0.95) -> float:
    """Two-sided P value for "true value = 0" from a symmetric normal-theory confidence interval.

    Parameters
    ----------
    lower, upper : float
        Finite bounds with ``lower < upper``.
    level : float, default 0.95
        Confidence level of the interval, in (0, 1).

    Returns
    -------
    float
        The two-sided P value, in [0, 1] (it underflows to 0 for ``|z|`` beyond about 38).

    Raises
    ------
    ValueError
        As :func:`z_from_ci` (including for a zero-width interval).

    Notes
    -----
    .. math:: P = 2 \\, (1 - \\Phi(|z|))

    with ``z`` from :func:`z_from_ci`, computed with the normal survival function to keep precision
    for small P. This is the exact-normal version of the method of Altman & Bland [1]_; a bound at
    0 gives ``P = 1 - level``. For ratio measures pass the logs of the bounds.

    References
    ----------
    .. [1] Altman DG, Bland JM. BMJ 2011;343:d2304. https://doi.org/10.1136/bmj.d2304
    """
    return float(2 * _normal_sf(abs(z_from_ci(lower, upper, level))))


def p_value_from_ci_altman_bland(lower: float, upper: float) -> float:
    """Two-sided P value from a 95% confidence interval by Altman & Bland's closed-form formula.

    Parameters
    ----------
    lower, upper : float
        Finite bounds of a 95% interval with ``lower < upper``.

    Returns
    -------
    float
        The approximate two-sided P value.

    Raises
    ------
    ValueError
        If a bound is not finite, ``lower > upper`` or the interval has zero width.

    Notes
    -----
    Following the paper's box exactly [1]_:

    .. math::

        SE = (u - l) / (2 \\times 1.96), \\quad z = |\\mathrm{Est}| / SE, \\quad
        P = \\exp(-0.717 z - 0.416 z^2)

    with Est the interval's midpoint. The formula is a closed-form approximation of the normal
    tail :math:`2(1 - \\Phi(z))` and is stated only for positive ``z`` (the sign is dropped). The
    authors call it unreliable for very small P and advise reporting P < 0.0001 below that (as
    quoted in the documentation of the R package scitb; the full text was not available here).
    Prefer :func:`p_value_from_ci`; this function exists to reproduce published re-analyses.

    References
    ----------
    .. [1] Altman DG, Bland JM. How to obtain the P value from a confidence interval.
       BMJ 2011;343:d2304. https://doi.org/10.1136/bmj.d2304
    """
    _check_interval(lower, upper)
    z = abs(_statistic(lower, upper, (upper - lower) / (2 * _ALTMAN_BLAND_Z)))
    return math.exp(-0.717 * z - 0.416 * z**2)


# --- the same with Student's t (sensitivity analysis) -----------------------------------------------


def standard_error_from_ci_t(lower: float, upper: float, df: float, level: float = 0.95) -> float:
    """Standard error implied by a symmetric t-based confidence interval.

    Parameters
    ----------
    lower, upper : float
        Finite bounds with ``lower <= upper``.
    df : float
        Degrees of freedom of the t distribution, finite and > 0 (need not be an integer).
    level : float, default 0.95
        Confidence level of the interval, in (0, 1).

    Returns
    -------
    float
        The standard error; 0 for a zero-width interval.

    Raises
    ------
    ValueError
        If a bound or ``df`` is not finite, ``lower > upper``, ``df <= 0`` or ``level`` is not
        in (0, 1).

    Notes
    -----
    .. math:: SE = (u - l) / (2 t_{1-\\alpha/2, \\nu})

    The normal method of Altman & Bland [1]_ is inexact for small samples analysed with t tests
    (its limitations section, as quoted in the R package scitb's documentation, says it is
    approximately correct from about 60 patients). When the degrees of freedom are unknown, a
    plausible range of ``df`` gives a sensitivity analysis.

    References
    ----------
    .. [1] Altman DG, Bland JM. BMJ 2011;343:d2304. https://doi.org/10.1136/bmj.d2304
    """
    _check_interval(lower, upper)
    _check_df(df)
    _check_level(level)
    return (upper - lower) / (2 * _t_isf((1 - level) / 2, df))


def p_value_from_ci_t(lower: float, upper: float, df: float, level: float = 0.95) -> float:
    """Two-sided P value for "true value = 0" from a symmetric t-based confidence interval.

    Parameters
    ----------
    lower, upper : float
        Finite bounds with ``lower < upper``.
    df : float
        Degrees of freedom of the t distribution, finite and > 0.
    level : float, default 0.95
        Confidence level of the interval, in (0, 1).

    Returns
    -------
    float
        The two-sided P value.

    Raises
    ------
    ValueError
        As :func:`standard_error_from_ci_t`, and for a zero-width interval.

    Notes
    -----
    .. math:: t = \\frac{(l + u)/2}{SE}, \\qquad P = 2 \\, (1 - F_{\\nu}(|t|))

    with SE from :func:`standard_error_from_ci_t`; compare :func:`p_value_from_ci` [1]_.

    References
    ----------
    .. [1] Altman DG, Bland JM. BMJ 2011;343:d2304. https://doi.org/10.1136/bmj.d2304
    """
    t = _statistic(lower, upper, standard_error_from_ci_t(lower, upper, df, level))
    return float(2 * _t_sf(abs(t), df))


# --- sample size (optimal information size) -------------------------------------------------------


def sample_size_per_group(standardised_difference: float, alpha: float = 0.05, power: float = 0.8) -> float:
    """Participants per group to detect a standardised mean difference in a two-group trial.

    Parameters
    ----------
    standardised_difference : float
        The difference to detect, in standard deviations; finite and > 0.
    alpha : float, default 0.05
        Two-sided significance level, in (0, 1).
    power : float, default 0.8
        Power, in (0, 1).

    Returns
    -------
    float
        Participants per group (not rounded up).

    Raises
    ------
    ValueError
        If the difference is not finite and > 0, or ``alpha`` or ``power`` is not in (0, 1).

    Notes
    -----
    The normal-approximation formula for two equal groups, as used for an optimal information size [1]_:

    .. math:: n = 2 \\, (z_{1-\\alpha/2} + z_{1-\\beta})^2 / d^2

    GRADE uses the total (both groups, rounded up) as the *optimal information size*: the number of
    participants a single adequately powered trial would need.

    References
    ----------
    .. [1] Guyatt GH, Oxman AD, Kunz R, et al. GRADE guidelines 6. Rating the quality of
       evidence—imprecision. J Clin Epidemiol 2011;64:1283-1293.
       https://doi.org/10.1016/j.jclinepi.2011.01.012
    """
    _check_finite("standardised_difference", standardised_difference)
    if standardised_difference <= 0:
        raise ValueError(f"standardised_difference ({standardised_difference}) must be > 0")
    for name, value in (("alpha", alpha), ("power", power)):
        if not 0 < value < 1:
            raise ValueError(f"{name} ({value}) must be in (0, 1)")
    z_sum = _normal_isf(alpha / 2) + _normal_ppf(power)
    return float(2 * z_sum**2 / standardised_difference**2)


# --- confidence intervals for a proportion ---------------------------------------------------------


def clopper_pearson_ci(successes: int, trials: int, level: float = 0.95) -> Bounds:
    """Clopper-Pearson ("exact") confidence interval for a binomial proportion.

    Parameters
    ----------
    successes : int
        Number of successes, ``0 <= successes <= trials``.
    trials : int
        Number of trials, at least 1.
    level : float, default 0.95
        Confidence level, in (0, 1).

    Returns
    -------
    Bounds
        Bounds on the proportion scale [0, 1].

    Raises
    ------
    TypeError
        If a count is not an integer (``bool`` and ``float`` are rejected).
    ValueError
        If the counts are out of range or ``level`` is not in (0, 1).

    Notes
    -----
    With :math:`x` successes in :math:`n` trials and :math:`\\alpha = 1 - \\mathrm{level}` [1]_:

    .. math::

        L = B^{-1}(\\alpha/2;\\, x,\\, n - x + 1), \\qquad
        U = B^{-1}(1 - \\alpha/2;\\, x + 1,\\, n - x)

    where :math:`B^{-1}(q; a, b)` is the beta quantile function; ``L = 0`` when ``x = 0`` and
    ``U = 1`` when ``x = n``. Matches R's ``binom.test(x, n)$conf.int``.

    References
    ----------
    .. [1] Clopper CJ, Pearson ES. Biometrika 1934;26(4):404-413.
       https://doi.org/10.1093/biomet/26.4.404
    """
    _check_counts(successes, trials)
    _check_level(level)
    tail = (1 - level) / 2
    lower = 0.0 if successes == 0 else _beta_ppf(tail, successes, trials - successes + 1)
    upper = 1.0 if successes == trials else _beta_isf(tail, successes + 1, trials - successes)
    return Bounds(float(lower), float(upper))


def wilson_ci(successes: int, trials: int, level: float = 0.95) -> Bounds:
    """Wilson score confidence interval for a binomial proportion, without continuity correction.

    Parameters
    ----------
    successes : int
        Number of successes, ``0 <= successes <= trials``.
    trials : int
        Number of trials, at least 1.
    level : float, default 0.95
        Confidence level, in (0, 1).

    Returns
    -------
    Bounds
        Bounds on the proportion scale [0, 1].

    Raises
    ------
    TypeError
        If a count is not an integer (``bool`` and ``float`` are rejected).
    ValueError
        If the counts are out of range or ``level`` is not in (0, 1).

    Notes
    -----
    With :math:`\\hat p = x/n` and :math:`z = z_{1-\\alpha/2}` [1]_ (method 3 of [2]_):

    .. math::

        \\frac{\\hat p + \\frac{z^2}{2n} \\pm z \\sqrt{\\frac{\\hat p (1 - \\hat p)}{n}
        + \\frac{z^2}{4n^2}}}{1 + \\frac{z^2}{n}}

    The bounds are exactly 0 when ``x = 0`` and 1 when ``x = n``; they are set so rather than
    computed, to avoid rounding just outside [0, 1]. Matches R's
    ``prop.test(x, n, correct = FALSE)$conf.int``.

    References
    ----------
    .. [1] Wilson EB. J Am Stat Assoc 1927;22(158):209-212.
       https://doi.org/10.1080/01621459.1927.10502953
    .. [2] Newcombe RG. Stat Med 1998;17(8):857-872.
       https://doi.org/10.1002/(SICI)1097-0258(19980430)17:8<857::AID-SIM777>3.0.CO;2-E
    """
    _check_counts(successes, trials)
    _check_level(level)
    z = _normal_isf((1 - level) / 2)
    p_hat = successes / trials
    shrink = 1 + z**2 / trials
    centre = (p_hat + z**2 / (2 * trials)) / shrink
    half_width = z * math.sqrt(p_hat * (1 - p_hat) / trials + z**2 / (4 * trials**2)) / shrink
    lower = 0.0 if successes == 0 else centre - half_width
    upper = 1.0 if successes == trials else centre + half_width
    return Bounds(float(lower), float(upper))


def zero_events_upper_bound(trials: int, level: float = 0.95) -> float:
    """Exact one-sided upper confidence bound for a proportion when no events occurred in ``trials``.

    Parameters
    ----------
    trials : int
        Number of trials (participants), at least 1; no events among them.
    level : float, default 0.95
        One-sided confidence level, in (0, 1).

    Returns
    -------
    float
        ``1 - (1 - level) ** (1 / trials)``, on the proportion scale.

    Notes
    -----
    The Clopper–Pearson bound with :math:`x = 0`: the :math:`p` at which :math:`(1 - p)^n = 1 - \\mathrm{level}`
    [1]_. It equals R's ``binom.test(0, n, alternative = "less")$conf.int[2]``; the two-sided 95% interval's
    upper bound, ``binom.test(0, n)$conf.int[2]``, is this function at ``level = 0.975``.

    References
    ----------
    .. [1] Hanley JA, Lippman-Hand A. If nothing goes wrong, is everything all right? Interpreting zero
       numerators. JAMA 1983;249(13):1743-1745. https://doi.org/10.1001/jama.1983.03330370053031
    """
    _check_counts(0, trials)
    _check_level(level)
    return float(1 - (1 - level) ** (1 / trials))


def rule_of_three(trials: int) -> float:
    """The rule of three: ``3 / trials`` approximates the 95% upper bound when no events occurred.

    Notes
    -----
    :math:`-\\ln(0.05) \\approx 3`, so :math:`1 - 0.05^{1/n} \\approx 3/n` for large :math:`n` [1]_.

    References
    ----------
    .. [1] Hanley JA, Lippman-Hand A. JAMA 1983;249(13):1743-1745.
       https://doi.org/10.1001/jama.1983.03330370053031
    """
    _check_counts(0, trials)
    return 3 / trials


# ---- distribution functions ------------------------------------------------------------------------------
# The scipy.special routines behind scipy.stats.norm, .t and .beta (scipy 1.17, _continuous_distns:
# norm._ppf = ndtri(p), norm._isf = -ndtri(q), norm._sf = ndtr(-x), t._isf = -stdtrit(df, q), t._sf = stdtr(df, -x), beta._ppf and
# beta._isf = Boost's inverse regularised incomplete beta), without importing all of scipy.stats.


def _normal_isf(q: float) -> float:
    """Upper-tail quantile of the standard normal distribution: z such that P(Z > z) = q."""
    return float(-special.ndtri(q))


def _normal_ppf(p: float) -> float:
    """Lower-tail quantile of the standard normal distribution: z such that P(Z < z) = p."""
    return float(special.ndtri(p))


def _normal_sf(z: float) -> float:
    """Upper-tail probability of the standard normal distribution, P(Z > z)."""
    return float(special.ndtr(-z))


def _t_isf(q: float, df: float) -> float:
    """Upper-tail quantile of Student's t distribution with df degrees of freedom."""
    return float(-special.stdtrit(df, q))


def _t_sf(t: float, df: float) -> float:
    """Upper-tail probability of Student's t distribution with df degrees of freedom, P(T > t)."""
    return float(special.stdtr(df, -t))


def _beta_ppf(q: float, a: float, b: float) -> float:
    """Lower-tail quantile of the Beta(a, b) distribution."""
    return float(special.betaincinv(a, b, q))


def _beta_isf(q: float, a: float, b: float) -> float:
    """Upper-tail quantile of the Beta(a, b) distribution."""
    return float(special.betainccinv(a, b, q))
