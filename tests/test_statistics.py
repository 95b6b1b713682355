"""Tests for myositis_evidence.statistics against independent, cited reference values.

R reference values were computed with R 4.2.2 (Debian r-base-core 4.2.2.20221110-2,
"R version 4.2.2 Patched (2022-11-10 r83330)") and printed with ``signif(x, 10)``; they are
compared at half a unit of the 10th significant digit (``rel=5e-10``), plus ``abs=1e-15`` for
bounds that are exactly 0.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from myositis_evidence.analysis.summary_statistics import (
    Bounds,
    absolute_change,
    ci_midpoint,
    clopper_pearson_ci,
    p_value_from_ci,
    p_value_from_ci_altman_bland,
    p_value_from_ci_t,
    percent_change,
    rule_of_three,
    standard_error_from_ci,
    standard_error_from_ci_t,
    wilson_ci,
    z_from_ci,
    zero_events_upper_bound,
)
from myositis_evidence.dataset.durations import format_duration, parse_duration

R_PRECISION = {"rel": 5e-10, "abs": 1e-15}

# --- reference values from R ----------------------------------------------------------------------

# (x, n, binom.test(x, n)$conf.int, prop.test(x, n, correct = FALSE)$conf.int)
R_PROPORTION_CIS = [
    (7, 8, (0.4734903291, 0.9968402765), (0.5291118178, 0.9775825085)),
    (2, 15, (0.01657591344, 0.4046026966), (0.0373612591, 0.3788198283)),
    (8, 12, (0.3488755064, 0.9007539089), (0.3906220889, 0.8618799089)),
    (0, 10, (0.0, 0.3084971078), (0.0, 0.2775327999)),
    (10, 10, (0.6915028922, 1.0), (0.7224672001, 1.0)),
    (8, 19, (0.202521439, 0.665002156), (0.2314189128, 0.6372409647)),
    (1, 29, (0.0008726468836, 0.1776442955), (0.006113214293, 0.1717552188)),
    (81, 263, (0.2527367456, 0.3676219226), (0.2552885199, 0.366209577)),
]


@pytest.mark.parametrize(("successes", "trials", "expected", "_wilson"), R_PROPORTION_CIS)
def test_clopper_pearson_matches_r_binom_test(successes, trials, expected, _wilson):
    # R: binom.test(successes, trials)$conf.int
    assert clopper_pearson_ci(successes, trials) == pytest.approx(expected, **R_PRECISION)


@pytest.mark.parametrize(("successes", "trials", "_exact", "expected"), R_PROPORTION_CIS)
def test_wilson_matches_r_prop_test(successes, trials, _exact, expected):
    # R: prop.test(successes, trials, correct = FALSE)$conf.int
    assert wilson_ci(successes, trials) == pytest.approx(expected, **R_PRECISION)


@pytest.mark.parametrize(
    ("function", "successes", "trials", "level", "expected"),
    [
        # R: binom.test(8, 19, conf.level = 0.90)$conf.int
        (clopper_pearson_ci, 8, 19, 0.90, (0.2297209193, 0.631884793)),
        # R: prop.test(8, 19, correct = FALSE, conf.level = 0.90)$conf.int
        (wilson_ci, 8, 19, 0.90, (0.2563027293, 0.6054837306)),
        # R: binom.test(81, 263, conf.level = 0.99)$conf.int
        (clopper_pearson_ci, 81, 263, 0.99, (0.2368373582, 0.3862583257)),
        # R: prop.test(81, 263, correct = FALSE, conf.level = 0.99)$conf.int
        (wilson_ci, 81, 263, 0.99, (0.2401369027, 0.3852825023)),
    ],
)
def test_proportion_cis_at_other_levels_match_r(function, successes, trials, level, expected):
    assert function(successes, trials, level) == pytest.approx(expected, **R_PRECISION)


@pytest.mark.parametrize(
    ("function", "args", "expected"),
    [
        # R: (32.6 - 1.4) / (2 * qnorm(0.975))
        (standard_error_from_ci, (1.4, 32.6), 7.959329928),
        # R: 17 / ((32.6 - 1.4) / (2 * qnorm(0.975)))
        (z_from_ci, (1.4, 32.6), 2.135858188),
        # R: 2 * pnorm(-17 / ((32.6 - 1.4) / (2 * qnorm(0.975))))
        (p_value_from_ci, (1.4, 32.6), 0.03269097453),
        # R: 2 * pnorm(-0.2 / (0.6 / (2 * qnorm(0.975))))
        (p_value_from_ci, (-0.1, 0.5), 0.1913341023),
        # R: 1.6 / (2 * qnorm(0.95))
        (standard_error_from_ci, (0.4, 2.0, 0.90), 0.4863654655),
        # R: 2 * pnorm(-1.2 / (1.6 / (2 * qnorm(0.95))))
        (p_value_from_ci, (0.4, 2.0, 0.90), 0.01361436849),
        # R: z <- 17 / ((32.6 - 1.4) / (2 * 1.96)); exp(-0.717 * z - 0.416 * z^2)
        (p_value_from_ci_altman_bland, (1.4, 32.6), 0.03241109327),
        # R: 31.2 / (2 * qt(0.975, 10))
        (standard_error_from_ci_t, (1.4, 32.6, 10), 7.001358998),
        # R: 2 * pt(-17 / (31.2 / (2 * qt(0.975, 10))), 10)
        (p_value_from_ci_t, (1.4, 32.6, 10), 0.03556557186),
        # R: 0.6 / (2 * qt(0.975, 4.5))
        (standard_error_from_ci_t, (-0.1, 0.5, 4.5), 0.1128280894),
        # R: 2 * pt(-0.2 / (0.6 / (2 * qt(0.975, 4.5))), 4.5)
        (p_value_from_ci_t, (-0.1, 0.5, 4.5), 0.1429665189),
    ],
)
def test_ci_conversions_match_r(function, args, expected):
    assert function(*args) == pytest.approx(expected, **R_PRECISION)


def test_p_value_ignores_the_sign_of_the_estimate():
    assert p_value_from_ci(-32.6, -1.4) == p_value_from_ci(1.4, 32.6)
    assert p_value_from_ci_t(-32.6, -1.4, 10) == p_value_from_ci_t(1.4, 32.6, 10)
    assert p_value_from_ci_altman_bland(-32.6, -1.4) == p_value_from_ci_altman_bland(1.4, 32.6)
    assert z_from_ci(-32.6, -1.4) == -z_from_ci(1.4, 32.6)


# --- published values -----------------------------------------------------------------------------

# Altman DG, Bland JM. How to obtain the confidence interval from a P value. BMJ 2011;343:d2090
# (doi:10.1136/bmj.d2090), worked example (a), read at https://www.bmj.com/content/343/bmj.d2090:
# a difference in proportions of Est = 17 percentage points with P = 0.032 gives "SE = 17/2.141 =
# 7.940" and a 95% CI of "1.4 to 32.6 percentage points". Going back from the rounded CI, the
# 0.05 rounding of each bound moves SE by up to 0.1/3.92 = 0.026 and P by about 0.0005.


def test_altman_bland_worked_example_midpoint_and_standard_error():
    assert ci_midpoint(1.4, 32.6) == pytest.approx(17.0)
    assert standard_error_from_ci(1.4, 32.6) == pytest.approx(7.940, abs=0.026)


@pytest.mark.parametrize("p_value", [p_value_from_ci, p_value_from_ci_altman_bland])
def test_altman_bland_worked_example_p_value(p_value):
    assert p_value(1.4, 32.6) == pytest.approx(0.032, abs=0.001)


# Same paper, box notes: "For a 90% CI, we replace 1.96 by 1.65; for a 99% CI we use 2.57."
# The paper's values are within 0.01 of the exact quantiles (2.5758 is given as 2.57, not 2.58).
@pytest.mark.parametrize(("level", "z"), [(0.90, 1.65), (0.95, 1.96), (0.99, 2.57)])
def test_altman_bland_critical_values(level, z):
    # An interval of +-1 has SE = 1 / z_{1-alpha/2}.
    assert 1 / standard_error_from_ci(-1.0, 1.0, level) == pytest.approx(z, abs=0.01)


# Lim J et al. Rheumatology 2021;60(4):1784-1792 (doi:10.1093/rheumatology/keaa459), as quoted in
# the task brief (the paper itself could not be retrieved here): "Eight patients (8/19 = 42.0%;
# Clopper-Pearson 95% CI: 19.6, 64.6)". R's binom.test(8, 19) gives 0.2025-0.6650, and no x/n
# with n <= 60 has a Clopper-Pearson interval of 0.196-0.646 (checked in R), so the published
# interval was not computed by that method for 8/19; kept as a strict xfail to record it.
@pytest.mark.xfail(strict=True, reason="published CI does not reproduce with binom.test(8, 19)")
def test_clopper_pearson_lim_2021_published_interval():
    assert clopper_pearson_ci(8, 19) == pytest.approx((0.196, 0.646), abs=0.0005)


# --- Interval, changes ----------------------------------------------------------------------------


def test_interval_contains_its_closed_bounds():
    interval = Bounds(0.2, 0.6)
    assert interval.contains(0.2)
    assert interval.contains(0.6)
    assert not interval.contains(0.19)
    assert not interval.contains(0.61)


def test_absolute_and_percent_change():
    assert absolute_change(40.0, 52.0) == 12.0
    assert percent_change(40.0, 52.0) == pytest.approx(30.0)
    assert percent_change(198.0, 6.0) == pytest.approx(-96.96969697)


def test_percent_change_from_zero_baseline_is_an_error():
    with pytest.raises(ValueError, match=r"^percent change is undefined for a baseline of 0$"):
        percent_change(0.0, 5.0)


@pytest.mark.parametrize("function", [absolute_change, percent_change])
@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        (math.nan, 1.0, r"before \(nan\) must be finite"),
        (1.0, math.inf, r"after \(inf\) must be finite"),
        (-math.inf, 1.0, r"before \(-inf\) must be finite"),
    ],
)
def test_changes_reject_non_finite_values(function, before, after, message):
    with pytest.raises(ValueError, match=message):
        function(before, after)


# --- edge cases of the CI conversions -------------------------------------------------------------


def test_zero_width_interval_has_zero_standard_error():
    assert standard_error_from_ci(0.3, 0.3) == 0.0
    assert standard_error_from_ci_t(0.3, 0.3, df=5) == 0.0


@pytest.mark.parametrize(
    "call",
    [
        lambda: z_from_ci(0.3, 0.3),
        lambda: p_value_from_ci(0.3, 0.3),
        lambda: p_value_from_ci(0.0, 0.0),
        lambda: p_value_from_ci_altman_bland(0.3, 0.3),
        lambda: p_value_from_ci_t(0.3, 0.3, df=5),
    ],
)
def test_zero_width_interval_gives_no_p_value(call):
    with pytest.raises(ValueError, match=r"^a zero-width interval gives no standard error"):
        call()


CI_FUNCTIONS = [
    ci_midpoint,
    standard_error_from_ci,
    z_from_ci,
    p_value_from_ci,
    p_value_from_ci_altman_bland,
    lambda lower, upper: standard_error_from_ci_t(lower, upper, df=10),
    lambda lower, upper: p_value_from_ci_t(lower, upper, df=10),
]


@pytest.mark.parametrize("function", CI_FUNCTIONS)
def test_reversed_interval_is_an_error(function):
    with pytest.raises(ValueError, match=r"^lower \(3\.0\) must not exceed upper \(1\.0\)$"):
        function(3.0, 1.0)


@pytest.mark.parametrize("function", CI_FUNCTIONS)
@pytest.mark.parametrize(
    ("lower", "upper", "message"),
    [
        (math.nan, 1.0, r"^lower \(nan\) must be finite$"),
        (0.0, math.inf, r"^upper \(inf\) must be finite$"),
    ],
)
def test_non_finite_bounds_are_an_error(function, lower, upper, message):
    with pytest.raises(ValueError, match=message):
        function(lower, upper)


LEVEL_FUNCTIONS = [
    standard_error_from_ci,
    z_from_ci,
    p_value_from_ci,
    lambda lower, upper, level: standard_error_from_ci_t(lower, upper, 10, level),
    lambda lower, upper, level: p_value_from_ci_t(lower, upper, 10, level),
]


@pytest.mark.parametrize("function", LEVEL_FUNCTIONS)
@pytest.mark.parametrize(
    ("level", "shown"), [(0.0, "0.0"), (1.0, "1.0"), (1.5, "1.5"), (95, "95"), (math.nan, "nan")]
)
def test_level_outside_unit_interval_is_an_error(function, level, shown):
    with pytest.raises(ValueError, match=rf"^level \({shown}\) must be in \(0, 1\)$"):
        function(0.1, 0.5, level)


@pytest.mark.parametrize("function", [standard_error_from_ci_t, p_value_from_ci_t])
@pytest.mark.parametrize(("df", "shown"), [(0, "0"), (-2.5, "-2.5"), (math.inf, "inf"), (math.nan, "nan")])
def test_degrees_of_freedom_must_be_positive_and_finite(function, df, shown):
    with pytest.raises(ValueError, match=rf"^df \({shown}\) must be finite and > 0$"):
        function(0.1, 0.5, df)


def test_t_approaches_normal_for_large_df():
    assert p_value_from_ci_t(1.4, 32.6, df=1e9) == pytest.approx(p_value_from_ci(1.4, 32.6), rel=1e-6)


# --- edge cases of the proportion CIs -------------------------------------------------------------


@pytest.mark.parametrize("function", [clopper_pearson_ci, wilson_ci])
def test_zero_and_all_successes_reach_the_boundary(function):
    assert function(0, 10).lower == 0.0
    assert function(10, 10).upper == 1.0
    assert function(1, 1).upper == 1.0


def test_zero_successes_has_closed_form_clopper_pearson_upper_bound():
    # With x = 0 the upper bound solves (1 - U)^n = alpha / 2 (Clopper & Pearson 1934).
    assert clopper_pearson_ci(0, 10).upper == pytest.approx(1 - 0.025 ** (1 / 10), rel=1e-12)


# Zero events in n: (n, binom.test(0, n, alternative = "less")$conf.int[2], binom.test(0, n)$conf.int[2]),
# R 4.2.2 with options(digits = 10). n = 6, 7, 16, 17 and 23 are the HIIT trial's possible group sizes and its
# randomised total.
R_ZERO_EVENT_BOUNDS = [
    (6, 0.3930377690, 0.4592581264),
    (7, 0.3481636551, 0.4096163972),
    (16, 0.1707497230, 0.2059072142),
    (17, 0.1615661113, 0.1950643230),
    (23, 0.1221233889, 0.1481851289),
]


@pytest.mark.parametrize(("trials", "one_sided", "_two_sided"), R_ZERO_EVENT_BOUNDS)
def test_zero_events_upper_bound_matches_r_one_sided_binom_test(trials, one_sided, _two_sided):
    assert zero_events_upper_bound(trials) == pytest.approx(one_sided, rel=5e-10)


@pytest.mark.parametrize(("trials", "_one_sided", "two_sided"), R_ZERO_EVENT_BOUNDS)
def test_zero_events_bound_at_975_is_the_two_sided_clopper_pearson_upper_bound(trials, _one_sided, two_sided):
    assert zero_events_upper_bound(trials, level=0.975) == pytest.approx(two_sided, rel=5e-10)
    assert clopper_pearson_ci(0, trials).upper == pytest.approx(two_sided, rel=5e-10)


@pytest.mark.parametrize(("trials", "expected"), [(23, 0.1304347826), (7, 0.4285714286), (300, 0.01)])
def test_rule_of_three_is_three_over_n(trials, expected):
    # Hanley JA, Lippman-Hand A. JAMA 1983;249:1743-1745: the 95% upper bound for 0 of n is about 3/n.
    assert rule_of_three(trials) == pytest.approx(expected, rel=5e-10)


def test_rule_of_three_approaches_the_exact_bound_for_large_n():
    # Hanley & Lippman-Hand (1983): the approximation is good for n above about 30, and worse below.
    assert rule_of_three(300) == pytest.approx(zero_events_upper_bound(300), rel=0.01)
    assert abs(rule_of_three(7) - zero_events_upper_bound(7)) > 0.05


@pytest.mark.parametrize("function", [zero_events_upper_bound, rule_of_three])
def test_zero_events_need_at_least_one_trial(function):
    with pytest.raises(ValueError, match=r"^trials \(0\) must be at least 1$"):
        function(0)


@pytest.mark.parametrize("function", [clopper_pearson_ci, wilson_ci])
@pytest.mark.parametrize(
    ("successes", "trials", "error", "message"),
    [
        (9, 8, ValueError, r"^successes \(9\) must not exceed trials \(8\)$"),
        (-1, 8, ValueError, r"^successes \(-1\) must not be negative$"),
        (0, 0, ValueError, r"^trials \(0\) must be at least 1$"),
        (1, -3, ValueError, r"^trials \(-3\) must be at least 1$"),
        (True, 8, TypeError, r"^successes \(True\) must be an integer, not bool$"),
        (3, True, TypeError, r"^trials \(True\) must be an integer, not bool$"),
        (3.0, 8, TypeError, r"^successes \(3\.0\) must be an integer, not float$"),
        (3, 8.0, TypeError, r"^trials \(8\.0\) must be an integer, not float$"),
        (3, "8", TypeError, r"^trials \('8'\) must be an integer, not str$"),
    ],
)
def test_bad_counts_are_rejected(function, successes, trials, error, message):
    with pytest.raises(error, match=message):
        function(successes, trials)


@pytest.mark.parametrize("function", [clopper_pearson_ci, wilson_ci])
@pytest.mark.parametrize(("level", "shown"), [(0.0, "0.0"), (1.0, "1.0"), (-0.5, "-0.5")])
def test_proportion_level_outside_unit_interval_is_an_error(function, level, shown):
    with pytest.raises(ValueError, match=rf"^level \({shown}\) must be in \(0, 1\)$"):
        function(3, 8, level)


# --- durations ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("00:06", 6.0),
        ("03:18", 198.0),
        ("3:18", 198.0),
        ("75:00", 4500.0),
        ("1:02:03", 3723.0),
        ("0:59:59", 3599.0),
        ("-00:06", -6.0),
        ("\u22120:06", -6.0),
        (" 03:18\n", 198.0),
    ],
)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"^duration '' is not in m:ss or h:mm:ss form$"),
        ("6", r"^duration '6' is not in m:ss or h:mm:ss form$"),
        ("0:6", r"^duration '0:6' is not in m:ss or h:mm:ss form$"),
        ("1:2:03", r"^duration '1:2:03' is not in m:ss or h:mm:ss form$"),
        ("03:18.5", r"^duration '03:18\.5' is not in m:ss or h:mm:ss form$"),
        ("+03:18", r"^duration '\+03:18' is not in m:ss or h:mm:ss form$"),
        ("ab:cd", r"^duration 'ab:cd' is not in m:ss or h:mm:ss form$"),
        ("1:00:00:00", r"^duration '1:00:00:00' is not in m:ss or h:mm:ss form$"),
        ("03:60", r"^duration '03:60' has seconds \(60\) that are not below 60$"),
        ("1:60:00", r"^duration '1:60:00' has minutes \(60\) that are not below 60$"),
    ],
)
def test_parse_duration_errors_name_the_text(text, message):
    with pytest.raises(ValueError, match=message):
        parse_duration(text)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (198, "3:18"),
        (6, "0:06"),
        (-6, "\u22120:06"),
        (0, "0:00"),
        (59.5, "1:00"),
        (2.5, "0:03"),
        (-2.5, "\u22120:03"),
        (-0.4, "0:00"),
        (3600, "60:00"),
    ],
)
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


@pytest.mark.parametrize(("seconds", "shown"), [(math.nan, "nan"), (math.inf, "inf")])
def test_format_duration_rejects_non_finite(seconds, shown):
    with pytest.raises(ValueError, match=rf"^seconds \({shown}\) must be finite$"):
        format_duration(seconds)


# --- properties -----------------------------------------------------------------------------------

counts = st.integers(min_value=1, max_value=2000).flatmap(
    lambda trials: st.tuples(st.integers(min_value=0, max_value=trials), st.just(trials))
)
levels = st.integers(min_value=1, max_value=99).map(lambda percent: percent / 100)


@pytest.mark.parametrize("function", [clopper_pearson_ci, wilson_ci])
@given(counts=counts, level=levels)
def test_interval_lies_in_unit_interval_and_contains_observed_proportion(function, counts, level):
    successes, trials = counts
    interval = function(successes, trials, level)
    assert 0.0 <= interval.lower <= interval.upper <= 1.0
    assert interval.contains(successes / trials)


@given(counts=counts)
def test_clopper_pearson_bounds_non_decreasing_in_successes(counts):
    successes, trials = counts
    assume(successes < trials)
    fewer, more = clopper_pearson_ci(successes, trials), clopper_pearson_ci(successes + 1, trials)
    assert fewer.lower <= more.lower
    assert fewer.upper <= more.upper


@pytest.mark.parametrize("function", [clopper_pearson_ci, wilson_ci])
@given(counts=counts, low=levels, high=levels)
def test_higher_level_gives_a_wider_interval(function, counts, low, high):
    assume(low < high)
    narrow, wide = function(*counts, low), function(*counts, high)
    assert wide.lower <= narrow.lower
    assert wide.upper >= narrow.upper
    assert wide.upper - wide.lower > narrow.upper - narrow.lower


@given(
    midpoint=st.floats(min_value=-1e6, max_value=1e6),
    half_width=st.floats(min_value=1e-3, max_value=1e6),
    level=levels,
)
def test_p_value_is_a_probability(midpoint, half_width, level):
    # |z| = |midpoint| / half_width * z_crit < 5 * 2.58, far from where P underflows to 0.
    assume(abs(midpoint) / half_width < 5)
    p = p_value_from_ci(midpoint - half_width, midpoint + half_width, level)
    assert 0.0 < p <= 1.0


@given(bound=st.floats(min_value=1e-6, max_value=1e6), level=levels, negative=st.booleans())
def test_interval_touching_zero_gives_p_of_one_minus_level(bound, level, negative):
    # Est = SE * z_{1-alpha/2} exactly when a bound is 0, so P = alpha (0.05 for a 95% CI).
    lower, upper = (-bound, 0.0) if negative else (0.0, bound)
    assert p_value_from_ci(lower, upper, level) == pytest.approx(1 - level, rel=1e-9)
    assert p_value_from_ci_t(lower, upper, 7.5, level) == pytest.approx(1 - level, rel=1e-9)


@given(bound=st.floats(min_value=1e-6, max_value=1e6))
def test_ninety_five_percent_interval_touching_zero_gives_p_of_five_percent(bound):
    assert p_value_from_ci(0.0, bound) == pytest.approx(0.05, rel=1e-9)
    # The closed form approximates that tail: exp(-0.717 * 1.96 - 0.416 * 1.96**2) = 0.0496.
    assert p_value_from_ci_altman_bland(0.0, bound) == pytest.approx(0.05, abs=0.001)


@given(seconds=st.integers(min_value=-3599, max_value=3599))
def test_duration_round_trip(seconds):
    assert parse_duration(format_duration(seconds)) == seconds


@given(seconds=st.floats(min_value=0, max_value=3599.49))
def test_duration_round_trip_rounds_to_whole_seconds(seconds):
    assert parse_duration(format_duration(seconds)) == math.floor(seconds + 0.5)


@pytest.mark.parametrize("q", [1e-6, 0.001, 0.025, 0.05, 0.2, 0.5, 0.8, 0.975])
def test_distribution_functions_match_scipy_stats(q):
    """The scipy.special calls used for speed give scipy.stats' own answers (its public API as the reference)."""
    from scipy import stats as reference

    from myositis_evidence.analysis import summary_statistics as module

    assert module._normal_isf(q) == pytest.approx(reference.norm.isf(q), rel=1e-14, abs=1e-15)
    assert module._normal_ppf(q) == pytest.approx(reference.norm.ppf(q), rel=1e-14, abs=1e-15)
    assert module._normal_sf(q * 8 - 4) == pytest.approx(reference.norm.sf(q * 8 - 4), rel=1e-14)
    for df in (1, 2.5, 7, 22, 300):
        assert module._t_isf(q, df) == pytest.approx(reference.t.isf(q, df), rel=1e-12, abs=1e-15)
        assert module._t_sf(q * 8 - 4, df) == pytest.approx(reference.t.sf(q * 8 - 4, df), rel=1e-12)
    for a, b in ((1, 1), (1, 12), (5, 8), (12, 1), (40, 3)):
        assert module._beta_ppf(q, a, b) == pytest.approx(reference.beta.ppf(q, a, b), rel=1e-12)
        assert module._beta_isf(q, a, b) == pytest.approx(reference.beta.isf(q, a, b), rel=1e-12)
