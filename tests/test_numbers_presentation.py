"""How numbers are shown: precision justified by the inputs, the three kinds of number, and grammar from data.

Precision follows Cole TJ, "Too many digits: the presentation of numerical data", Arch Dis Child
2015;100:608-609 (doi:10.1136/archdischild-2014-307149): a derived number keeps no more digits than its rounded
inputs carry. The worked examples are computed by hand here, not by the code under test.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml

from conftest import DATA_DIR
from myositis_evidence.analysis.derivations import proportion_derivatives
from myositis_evidence.dataset.written_numbers import number_in
from myositis_evidence.results.formatting import fill_text, format_result, format_value
from myositis_evidence.results.grammar import said_by_next_number, said_by_text, singular
from myositis_evidence.results.model import Assumed, Derived, Interval, Registry, Reported, Value
from myositis_evidence.results.precision import (
    justified_decimals,
    moved_by_rounding,
    range_over_rounding,
    rounding_span,
)
from plain_text import reader_text

UNITS = yaml.safe_load((DATA_DIR / "units.yml").read_text(encoding="utf-8"))

# ---- precision rule: worked examples --------------------------------------------------------------------


def _midpoint(lower: float, upper: float) -> float:
    return (lower + upper) / 2


def test_a_written_number_stands_for_half_a_unit_either_side():
    assert rounding_span(0.1, 1) == pytest.approx((0.05, 0.15))
    assert rounding_span(198, 0) == pytest.approx((197.5, 198.5))
    assert rounding_span(23, None) == (23, 23)  # an exact count


def test_midpoint_of_0_1_and_0_47_is_shown_as_0_3():
    # "0.1" is 0.05 to 0.15, so the midpoint lies between 0.2575 and 0.3125: its second decimal is not known.
    low, high = range_over_rounding(_midpoint, [(0.1, 1), (0.47, 2)])
    assert (low, high) == pytest.approx((0.2575, 0.3125))
    assert justified_decimals(0.285, low, high, at_most=3) == 1


def test_midpoint_of_3_9_and_30_8_is_shown_as_17_4_not_17_35():
    # Both bounds carry one decimal: the midpoint is known to ±0.05, one decimal (the rule for sums).
    low, high = range_over_rounding(_midpoint, [(3.9, 1), (30.8, 1)])
    assert justified_decimals(17.35, low, high, at_most=2) == 1


def test_a_difference_keeps_the_coarsest_inputs_decimals():
    # 16% (±0.5) minus 1.8% (±0.05) is 14.2 ± 0.55: whole percentage points.
    low, high = range_over_rounding(lambda a, b: a - b, [(16, 0), (1.8, 1)])
    assert justified_decimals(14.2, low, high, at_most=1) == 0


def test_a_difference_of_two_one_decimal_means_keeps_one_decimal():
    # 1.3 − 5.5 = −4.2 ± 0.1: exactly one unit of the first decimal, so the decimal stays.
    low, high = range_over_rounding(lambda a, b: b - a, [(5.5, 1), (1.3, 1)])
    assert justified_decimals(-4.2, low, high, at_most=1) == 1


def test_a_quotient_keeps_no_more_significant_digits_than_its_inputs():
    # 100 × (81.0 − 67.0) / 67.0 = 20.9%, but with each mean ±0.05 it lies between 20.73% and 21.06%.
    def percent(before: float, after: float) -> float:
        return 100 * (after - before) / before

    low, high = range_over_rounding(percent, [(67.0, 1), (81.0, 1)])
    assert low == pytest.approx(100 * (80.95 - 67.05) / 67.05)
    assert high == pytest.approx(100 * (81.05 - 66.95) / 66.95)
    assert justified_decimals(percent(67.0, 81.0), low, high, at_most=1) == 0


def test_exact_inputs_keep_the_methods_precision():
    # 7 of 8 is exactly 87.5%: counts are not rounded.
    low, high = range_over_rounding(lambda x, n: 100 * x / n, [(7, None), (8, None)])
    assert justified_decimals(87.5, low, high, at_most=1) == 1


def test_a_small_p_is_never_shown_as_zero_and_is_flagged_as_moved():
    # p from "0.1 to 0.47" (normal, Altman & Bland): the bounds' rounding alone moves it from about 0.0001 to
    # 0.016 (computed here with math.erfc, independently of the package's scipy functions).
    def p_value(lower: float, upper: float) -> float:
        z = ((lower + upper) / 2) / ((upper - lower) / (2 * 1.96))
        return math.erfc(abs(z) / math.sqrt(2))

    low, high = range_over_rounding(p_value, [(0.1, 1), (0.47, 2)])
    assert low == pytest.approx(p_value(0.15, 0.465), rel=1e-9)
    assert high == pytest.approx(p_value(0.05, 0.475), rel=1e-9)
    decimals = justified_decimals(p_value(0.1, 0.47), low, high, at_most=3)
    assert decimals == 3  # "0.003": the first significant digit, not "0.00"
    assert moved_by_rounding(low, high, decimals)


def test_the_rule_never_adds_decimals_beyond_the_method():
    assert justified_decimals(0.123456, 0.123456, 0.123456, at_most=2) == 2


def test_a_standard_error_keeps_one_significant_figure():
    # SE of "0.1 to 0.47" (normal): 0.37 / 3.92 = 0.0944. With the bounds within their rounding it lies between
    # (0.465 − 0.15) / 3.92 = 0.0804 and (0.475 − 0.05) / 3.92 = 0.1084: ±0.014, more than a unit of the second
    # decimal, so the rounding alone justifies one decimal, "0.1", a different number from 0.094. At least one
    # significant figure: "0.09".
    def se(lower: float, upper: float) -> float:
        return (upper - lower) / (2 * 1.96)

    low, high = range_over_rounding(se, [(0.1, 1), (0.47, 2)])
    assert (low, high) == pytest.approx((0.315 / 3.92, 0.425 / 3.92))
    assert justified_decimals(se(0.1, 0.47), low, high, at_most=4) == 1
    assert justified_decimals(se(0.1, 0.47), low, high, at_most=4, min_significant=1) == 2
    assert moved_by_rounding(low, high, 2)  # so the range belongs beside it


def test_a_p_value_keeps_one_significant_figure():
    # A p of 0.0060 whose rounding range spans 0.001 to 0.02 would be "0.01" by the range alone; its first
    # significant digit is kept: "0.006" (three decimals), never more than the method's three.
    assert justified_decimals(0.0060, 0.001, 0.02, at_most=3) == 2
    assert justified_decimals(0.0060, 0.001, 0.02, at_most=3, min_significant=1) == 3
    assert justified_decimals(0.00006, 0.00001, 0.0002, at_most=3, min_significant=1) == 3


# ---- precision rule on the real results -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("result_id", "shown"),
    [
        ("hiit-2025.vo2peak.hiit-vs-con.implied-estimate", "0.3 L/min"),
        ("hiit-2025.peak-power.hiit-vs-con.implied-estimate", "17.4 W"),
        ("hiit-2025.tte.hiit-vs-con.implied-estimate", "1:42 min:s"),  # 6 s and 198 s: whole seconds
        ("hiit-2025.vo2peak.percent-change-difference", "14 percentage points"),
        ("ivig-2003.fatigue.absolute-change", "−4.2 cm"),
    ],
)
def test_derived_values_are_shown_to_the_precision_of_their_inputs(registry, result_id, shown):
    assert format_result(registry.number(result_id)) == shown


@pytest.mark.parametrize(
    ("result_id", "shown"),
    [
        # SE = 0.37 / (2 × 1.96) = 0.094 and 0.37 / (2 × qt(0.975, df)), with R 4.x qt(0.975, c(21, 11, 5)) =
        # 2.079613845, 2.200985160, 2.570581836: 0.089, 0.084, 0.072, each to one significant figure.
        ("hiit-2025.vo2peak.hiit-vs-con.standard-error", "0.09 L/min"),
        ("hiit-2025.sensitivity.vo2peak.all-randomised.standard-error", "0.09 L/min"),
        ("hiit-2025.sensitivity.vo2peak.biopsy-subset.standard-error", "0.08 L/min"),
        ("hiit-2025.sensitivity.vo2peak.assumed-5.standard-error", "0.07 L/min"),
        # t = 0.285 / 0.0840 = 3.39 on 11 df: two-sided p 0.0060 (the outside review's recomputation), not "0.01".
        ("hiit-2025.sensitivity.vo2peak.biopsy-subset.p-value", "0.006"),
    ],
)
def test_p_values_and_standard_errors_keep_a_significant_figure(registry, result_id, shown):
    assert format_result(registry.number(result_id)) == shown


def test_full_precision_stays_in_the_result(registry):
    assert registry.value("hiit-2025.peak-power.hiit-vs-con.implied-estimate").value == pytest.approx(17.35)


def test_rounding_moves_the_vo2peak_p_value_and_the_range_is_a_sensitivity_result(registry):
    spread = registry.interval("hiit-2025.vo2peak.hiit-vs-con.p-value-rounding-range")
    assert spread.kind == "derived"
    assert spread.lower < 0.001 < 0.01 < spread.upper  # two orders of magnitude from rounding alone


# ---- three kinds of number --------------------------------------------------------------------------------


def test_every_number_is_reported_derived_or_assumed(registry):
    kinds = {result.kind for result in registry if isinstance(result, Value | Interval)}
    assert kinds == {"reported", "derived", "assumed"}


def test_every_analyst_input_is_labelled_assumed(registry):
    # A number with no inputs that is not quoted from a source can only be this site's choice.
    no_inputs = [
        result
        for result in registry
        if isinstance(result, Value | Interval)
        and isinstance(result.provenance, Derived)
        and not result.provenance.inputs
    ]
    assert no_inputs
    assert {result.kind for result in no_inputs} == {"assumed"}
    for result_id in ("hiit-2025.ois.alpha", "hiit-2025.ois.power", "hiit-2025.sensitivity.df.assumed-5"):
        assert registry.number(result_id).kind == "assumed"


@pytest.mark.parametrize(
    "result_id",
    [
        # Degrees of freedom that rest on an assumption about the number analysed (not reported).
        "hiit-2025.sensitivity.df.all-randomised",
        "hiit-2025.sensitivity.df.biopsy-subset",
        # Scenario counts: "what if" inputs, not numbers computed from what was reported.
        "ivig-2003.sensitivity.all-unanalysed-failed.count",
        "ivig-2003.sensitivity.all-unanalysed-responded.count",
        "ivig-2003.sensitivity.ae-patients-fewest.count",
        "ivig-2003.sensitivity.ae-patients-most.count",
    ],
)
def test_numbers_resting_on_an_assumption_are_labelled_assumed(registry, result_id):
    assert registry.number(result_id).kind == "assumed"


def test_an_assumed_inputs_citation_says_what_it_is_cited_for(registry):
    cited = [
        result
        for result in registry
        if isinstance(result, Value | Interval)
        and isinstance(result.provenance, Assumed)
        and result.provenance.reference
    ]
    assert cited
    for result in cited:
        assert "reference is cited for" in result.provenance.assumptions, result.id


# ---- grammar from data ------------------------------------------------------------------------------------

SINGULARS = {
    "patients": "patient",
    "participants": "participant",
    "sessions per week": "session per week",
    "days per week": "day per week",
    "infusion courses": "infusion course",
    "percentage points": "percentage point",
    "degrees of freedom": "degree of freedom",
    "repetitions": "repetition",
    "L/min": "L/min",
    "SD": "SD",
    "% of maximal heart rate": "% of maximal heart rate",
    "g/kg per day": "g/kg per day",
}


@pytest.mark.parametrize(("plural", "expected"), SINGULARS.items())
def test_singular_of_unit_labels(plural, expected):
    assert singular(plural) == expected


@pytest.mark.parametrize(("plural", "expected"), [("studies", "study"), ("boxes", "box"), ("class", "class")])
def test_singular_of_regular_english_plurals(plural, expected):
    assert singular(plural) == expected


def _value(number: float, decimals: int, suffix: str) -> Value:
    return Value("x.y", "label", number, "unit", decimals, Derived("m", ()), suffix=suffix)


@pytest.mark.parametrize(
    ("number", "decimals", "suffix", "shown"),
    [
        (1, 0, " sessions", "1 session"),
        (1, 0, " sessions per week", "1 session per week"),
        (2, 0, " sessions", "2 sessions"),
        (1.0, 1, " points", "1.0 points"),  # decimals take the plural
        (0.1, 1, " points", "0.1 points"),
        (1, 0, "%", "1%"),
    ],
)
def test_a_count_of_one_takes_the_singular(number, decimals, suffix, shown):
    assert format_value(_value(number, decimals, suffix)) == shown


def test_a_unit_the_text_already_names_is_left_out():
    assert said_by_text(" infusion courses", " infusion courses (as reported)")
    assert said_by_text(" infusion courses", " courses were given")
    assert said_by_text(" patients", " patients analysed")
    assert not said_by_text(" patients", " treated")
    assert not said_by_text("%", " %")  # an attached unit always shows


def test_plain_text_drops_the_units_the_text_names():
    reported = Reported("q", "quote", "source", "https://example.org")
    registry = Registry()
    for result_id, number, suffix in (
        ("s.count", 2, " infusion courses"),
        ("s.total", 15, " infusion courses"),
    ):
        registry.add(Value(result_id, "n", number, "infusions", 0, reported, suffix=suffix))
    registry.add(Value("s.weeks", "weeks", 1, "weeks", 0, reported, suffix=" weeks"))
    assert fill_text("{s.count} of {s.total} infusion courses", registry) == "2 of 15 infusion courses"
    assert fill_text("{s.count} of {s.total}; {s.weeks} of training", registry) == (
        "2 of 15 infusion courses; 1 week of training"
    )


def test_the_home_tables_headline_reads_7_of_8_analysed_patients(registry):
    table = registry.get("overview.comparison")
    cells = [fill_text(cell, registry) for row in table.rows for cell in row]
    assert any(
        cell.startswith("7 of 8 analysed patients improved by physicians' assessment") for cell in cells
    )
    assert not any("patients of" in cell or "patients analysed patients" in cell for cell in cells)


def test_a_unit_named_after_one_or_two_modifiers_is_left_out():
    assert said_by_text(" events", " thromboembolic events")
    assert said_by_text(" patients", " analysed patients improved")
    assert said_by_text(" repetitions", " voluntary repetitions maximum")
    assert not said_by_text(" patients", " who received IVIG")
    assert not said_by_text(" patients", " of patients")  # "of" joins, it does not describe
    assert said_by_text(" events", " treatment-related adverse events")  # two modifiers
    assert not said_by_text(" events", " very serious adverse events")  # three: the unit is shown


def test_a_cell_says_9_of_12_who_received_and_6_thromboembolic_events():
    reported = Reported("q", "quote", "source", "https://example.org")
    improved = Value("s.improved", "improved", 9, "patients", 0, reported, suffix=" patients")
    received = Value("s.received", "received", 12, "patients", 0, reported, suffix=" patients")
    events = Value("s.events", "events", 6, "events", 0, reported, suffix=" events")
    shown = _html_for(
        [improved, received, events],
        "{s.improved} of {s.received} who received IVIG; including {s.events} thromboembolic events",
    )
    assert shown == "9 of 12 patients who received IVIG; including 6 thromboembolic events"
    assert said_by_next_number(" patients", " of ", " patients")
    assert not said_by_next_number(" patients", " of ", " infusion courses")


def _html_for(registry_entries: list[Value], text: str) -> str:
    from myositis_evidence.pages.result_html import PageNotes, fill_placeholders

    registry = Registry({"infusions": " infusion courses"})
    for entry in registry_entries:
        registry.add(entry)
    return re.sub(
        r"<[^>]+>", "", re.sub(r"<sup.*?</sup>", "", fill_placeholders(text, registry, PageNotes()))
    )


def test_a_cell_says_2_of_15_infusion_courses():
    reported = Reported("q", "quote", "source", "https://example.org")
    count = Value("s.count", "count", 2, "infusions", 0, reported, suffix=" infusion courses")
    total = Value("s.total", "total", 15, "infusions", 0, reported, suffix=" infusion courses")
    shown = _html_for([count, total], "{s.count} of {s.total} infusion courses")
    assert shown == "2 of 15 infusion courses"


# ---- zero events ------------------------------------------------------------------------------------------


def test_no_events_register_the_exact_upper_bound_and_the_rule_of_three():
    reported = Reported("q", "no adverse events were reported", "source", "https://example.org")
    registry = Registry({"events": " events", "patients": " patients", "percent": "%"})
    registry.add(Value("s.events", "events", 0, "events", 0, reported, suffix=" events"))
    registry.add(Value("s.patients", "patients", 23, "patients", 0, reported, suffix=" patients"))
    proportion_derivatives(registry, "s.ae", "Adverse events", "s.events", "s.patients")
    # R 4.2.2: binom.test(0, 23, alternative = "less")$conf.int[2] = 0.1221233889; 3 / 23 = 0.1304347826
    assert registry.value("s.ae.exact-upper-bound").value == pytest.approx(12.21233889, rel=1e-9)
    assert registry.value("s.ae.rule-of-three").value == pytest.approx(13.04347826, rel=1e-9)
    assert format_result(registry.value("s.ae.exact-upper-bound")) == "12.2%"
    assert registry.value("s.ae.rule-of-three").provenance.inputs == ("s.events", "s.patients")


def test_an_assumed_denominator_is_of_kind_assumed_and_feeds_the_bounds():
    reported = Reported("q", "no adverse events were reported", "source", "https://example.org")
    registry = Registry({"events": " events", "patients": " patients", "percent": "%"})
    registry.add(Value("s.events", "Adverse events: number", 0, "events", 0, reported, suffix=" events"))
    registry.add(Value("s.randomised", "Randomised: number", 23, "patients", 0, reported, suffix=" patients"))
    why = "The number followed for adverse events is not reported; all randomised are taken as followed."
    proportion_derivatives(
        registry, "s.ae", "Adverse events", "s.events", "s.randomised", total_assumption=why
    )
    denominator = registry.value("s.ae.assumed-total")
    assert (denominator.value, denominator.kind, denominator.provenance.assumptions) == (23, "assumed", why)
    assert denominator.provenance.method == "assumed equal to randomised (23 patients)"
    for suffix in ("proportion", "exact-upper-bound", "rule-of-three"):
        assert registry.value(f"s.ae.{suffix}").provenance.inputs == ("s.events", "s.ae.assumed-total")
    # R 4.2.2: binom.test(0, 23, alternative = "less")$conf.int[2] = 0.1221233889
    assert registry.value("s.ae.exact-upper-bound").value == pytest.approx(12.21233889, rel=5e-10)


def test_without_an_assumption_the_reported_total_is_the_denominator():
    reported = Reported("q", "2 of 15", "source", "https://example.org")
    registry = Registry({"infusions": " infusion courses", "percent": "%"})
    registry.add(Value("s.count", "count", 2, "infusions", 0, reported, suffix=" infusion courses"))
    registry.add(Value("s.total", "total", 15, "infusions", 0, reported, suffix=" infusion courses"))
    proportion_derivatives(registry, "s.ae", "Adverse effects", "s.count", "s.total")
    assert "s.ae.assumed-total" not in registry
    assert "s.ae.exact-upper-bound" not in registry  # bounds for zero events only
    assert registry.value("s.ae.proportion").provenance.inputs == ("s.count", "s.total")


@pytest.mark.parametrize(
    ("written", "number"),
    [("no adverse events", 0), ("No adverse events", 0), ("two", 2), ("Twenty-three", 23), ("none", None)],
)
def test_the_determiner_no_is_read_as_zero(written, number):
    assert number_in(written) == number


def test_no_beside_another_number_states_no_single_number():
    assert number_in("no more than two events") is None


def test_ivig_per_patient_adverse_effect_bounds_match_r(registry):
    # R 4.2.2: binom.test(1, 12)$conf.int = 0.002107593 0.384796165; binom.test(2, 12)$conf.int =
    # 0.02086253 0.48413775 (1 or 2 of the 12 treated patients).
    fewest = registry.interval("ivig-2003.sensitivity.ae-patients-fewest.clopper-pearson")
    most = registry.interval("ivig-2003.sensitivity.ae-patients-most.clopper-pearson")
    assert (fewest.lower, fewest.upper) == pytest.approx((0.2107593, 38.4796165), rel=1e-6)
    assert (most.lower, most.upper) == pytest.approx((2.086253, 48.413775), rel=1e-6)


# ---- the built pages --------------------------------------------------------------------------------------

NUMBER_SPAN = re.compile(r'<span class="ev-num ev-num--(?P<kind>[a-z]+)"')


def _english_pages(site: Path) -> list[Path]:
    pages = [page for page in site.rglob("index.html") if "ja" not in page.relative_to(site).parts[:1]]
    return [page for page in pages if "notebooks" not in page.parts]


def _unit_labels() -> list[str]:
    return [
        unit["label"]
        for unit in UNITS
        if re.fullmatch(r"[a-z][a-z ]*s(?: (?:per|of) [a-z ]+)?", unit["label"])
    ]


def test_every_number_on_a_built_page_carries_one_of_the_three_kinds(built_site):
    kinds = set()
    for page in _english_pages(built_site):
        kinds |= {match.group("kind") for match in NUMBER_SPAN.finditer(page.read_text(encoding="utf-8"))}
    assert kinds == {"reported", "derived", "assumed"}


def test_notes_on_built_pages_name_the_kind_of_every_number(built_site):
    for page in _english_pages(built_site):
        for note in re.findall(
            r'<li id="note-[^"]+"[^>]*>(.*?)</li>', page.read_text(encoding="utf-8"), re.S
        ):
            assert re.search(r"<em>(Reported|Derived|Assumed)</em>", note), (page, note[:120])


def test_no_count_of_one_takes_a_plural_unit_on_a_built_page(built_site):
    plurals = "|".join(re.escape(label) for label in _unit_labels())
    one_plural = re.compile(rf"(?<![\d.,:−-])1 (?:{plurals})\b")
    problems = []
    for page in _english_pages(built_site):
        text = reader_text(page.read_text(encoding="utf-8"))
        problems += [
            f"{page.relative_to(built_site)}: {match.group(0)}" for match in one_plural.finditer(text)
        ]
    assert not problems


def test_no_unit_noun_is_doubled_on_a_built_page(built_site):
    labels = _unit_labels()
    doubled = [
        re.compile(rf"\b{re.escape(label)} (?:{re.escape(label)}|{re.escape(label.split(' ')[-1])})\b")
        for label in labels
    ]
    problems = []
    for page in _english_pages(built_site):
        text = reader_text(page.read_text(encoding="utf-8"))
        for pattern in doubled:
            problems += [
                f"{page.relative_to(built_site)}: {match.group(0)}" for match in pattern.finditer(text)
            ]
    assert not problems
