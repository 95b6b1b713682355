"""Checks of the real dataset in data/, read independently of the loader where possible.

The data files are parsed here with plain ``yaml.safe_load`` and ``csv.DictReader``, and the
numbers are compared with the verbatim source texts in data/source-texts/, so a bug in the
project's loader or validator cannot hide a bad value. Derived values are recomputed in the test
from the literal numbers of the abstracts.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pytest
import yaml
from scipy.stats import norm

from conftest import DATA_DIR
from myositis_evidence.results.model import Registry

SOURCE_TEXTS = DATA_DIR / "source-texts"
STUDY_DIRS = sorted(path.parent for path in DATA_DIR.glob("*/study.yml"))
STUDY_IDS = [path.name for path in STUDY_DIRS]

# Number words the sources use; kept here so the test reads them without the project's parser.
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "five": 5,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "twenty-three": 23,
}


# ---- independent readers ---------------------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.split())


def _yaml(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _numbers(folder: Path) -> list[dict[str, str]]:
    with (folder / "numbers.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _numbers_header(folder: Path) -> list[str]:
    with (folder / "numbers.csv").open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def _quotes(folder: Path) -> dict[str, dict]:
    return {quote["id"]: quote for quote in _yaml(folder / "quotes.yml")}


def _source_text(folder: Path, source_id: str) -> str:
    sources = {source["id"]: source for source in _yaml(folder / "study.yml")["sources"]}
    return (SOURCE_TEXTS / sources[source_id]["text_file"]).read_text(encoding="utf-8")


def _read_number(written: str) -> float:
    """The one number a short written fragment states: '03:18' → 198, 'Twenty-three' → 23, '0.4g' → 0.4,
    'no adverse events' → 0."""
    duration = re.fullmatch(r"(\d{1,2}):(\d{2})", written)
    if duration:
        return 60 * int(duration.group(1)) + int(duration.group(2))
    numerals = re.findall(r"-?\d+(?:\.\d+)?", written)
    if numerals:
        assert len(numerals) == 1, f"'{written}' states more than one number"
        return float(numerals[0])
    if re.fullmatch(r"no [a-z ]+", written.lower()):  # "no adverse events": a count of zero
        return 0.0
    return float(NUMBER_WORDS[written.lower()])


def _contains_token(text: str, fragment: str) -> bool:
    """Whether the fragment is in the text, not as part of a longer number ('3' is not in '30')."""
    pattern = rf"(?<![\d.]){re.escape(_fold(fragment))}(?!\d|\.\d)"
    return re.search(pattern, _fold(text)) is not None


@pytest.fixture(scope="module")
def ivig_abstract() -> str:
    return _fold((SOURCE_TEXTS / "ivig-2003-abstract.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hiit_abstract() -> str:
    return _fold((SOURCE_TEXTS / "hiit-2025-abstract.txt").read_text(encoding="utf-8"))


# ---- the dataset as a whole ------------------------------------------------------------------------------


def test_both_studies_are_present() -> None:
    assert STUDY_IDS == ["hiit-2025", "ivig-2003"]


@pytest.mark.parametrize("folder", STUDY_DIRS, ids=STUDY_IDS)
def test_study_id_is_its_folder_name(folder: Path) -> None:
    assert _yaml(folder / "study.yml")["id"] == folder.name


@pytest.mark.parametrize("folder", STUDY_DIRS, ids=STUDY_IDS)
def test_every_quote_is_verbatim_in_its_source_text(folder: Path) -> None:
    for quote in _quotes(folder).values():
        source = _fold(_source_text(folder, quote["source"]))
        assert _fold(quote["text"]) in source, f"{folder.name}: quote '{quote['id']}' not in its source"


@pytest.mark.parametrize("folder", STUDY_DIRS, ids=STUDY_IDS)
def test_every_source_text_file_exists(folder: Path) -> None:
    for source in _yaml(folder / "study.yml")["sources"]:
        assert (SOURCE_TEXTS / source["text_file"]).is_file(), source["text_file"]


@pytest.mark.parametrize("folder", STUDY_DIRS, ids=STUDY_IDS)
def test_every_number_is_written_in_its_quote(folder: Path) -> None:
    quotes = _quotes(folder)
    for row in _numbers(folder):
        quote = quotes[row["quote"]]["text"]
        assert _contains_token(quote, row["as_written"]), f"{row['id']}: '{row['as_written']}' not in quote"


@pytest.mark.parametrize("folder", STUDY_DIRS, ids=STUDY_IDS)
def test_every_value_equals_its_written_number(folder: Path) -> None:
    for row in _numbers(folder):
        assert float(row["value"]) == pytest.approx(_read_number(row["as_written"]), abs=1e-12), row["id"]


@pytest.mark.parametrize("folder", STUDY_DIRS, ids=STUDY_IDS)
def test_ids_are_unique_within_a_study(folder: Path) -> None:
    study = _yaml(folder / "study.yml")
    id_lists = {
        "numbers.csv": [row["id"] for row in _numbers(folder)],
        "quotes.yml": [quote["id"] for quote in _yaml(folder / "quotes.yml")],
        **{key: [item["id"] for item in study.get(key, [])] for key in ("arms", "groups", "timepoints")},
        "measures": [measure["id"] for measure in study["measures"]],
        "sources": [source["id"] for source in study["sources"]],
        "arms and groups": [item["id"] for item in study["arms"] + study.get("groups", [])],
    }
    for name, ids in id_lists.items():
        duplicates = sorted({identifier for identifier in ids if ids.count(identifier) > 1})
        assert not duplicates, f"{folder.name} {name}: duplicate ids {duplicates}"


@pytest.mark.parametrize("folder", STUDY_DIRS, ids=STUDY_IDS)
def test_every_numbers_column_is_documented(folder: Path) -> None:
    documented = {
        entry["column"]
        for entry in _yaml(DATA_DIR / "dictionary.yml")
        if entry["file"] == "<study>/numbers.csv"
    }
    header = _numbers_header(folder)
    assert header, "numbers.csv has no header"
    assert set(header) <= documented, set(header) - documented


@pytest.mark.parametrize("folder", STUDY_DIRS, ids=STUDY_IDS)
def test_every_quotes_key_is_documented(folder: Path) -> None:
    documented = {
        entry["column"]
        for entry in _yaml(DATA_DIR / "dictionary.yml")
        if entry["file"] == "<study>/quotes.yml"
    }
    keys = {key for quote in _yaml(folder / "quotes.yml") for key in quote}
    assert keys <= documented, keys - documented


def test_dictionary_documents_no_column_that_does_not_exist() -> None:
    documented = {
        entry["column"]
        for entry in _yaml(DATA_DIR / "dictionary.yml")
        if entry["file"] == "<study>/numbers.csv"
    }
    assert documented == set(_numbers_header(STUDY_DIRS[0]))


@pytest.mark.parametrize("folder", STUDY_DIRS, ids=STUDY_IDS)
def test_every_unit_is_defined(folder: Path) -> None:
    units = {unit["id"] for unit in _yaml(DATA_DIR / "units.yml")}
    used = {row["unit"] for row in _numbers(folder)}
    assert used <= units, used - units


@pytest.mark.parametrize("folder", STUDY_DIRS, ids=STUDY_IDS)
def test_every_row_points_to_known_names(folder: Path) -> None:
    study = _yaml(folder / "study.yml")
    known = {
        "measure": {measure["id"] for measure in study["measures"]},
        "group": {"all"} | {item["id"] for item in study["arms"] + study.get("groups", [])},
        "timepoint": {timepoint["id"] for timepoint in study["timepoints"]},
        "quote": set(_quotes(folder)),
    }
    for row in _numbers(folder):
        for column, names in known.items():
            assert row[column] in names, f"{row['id']}: unknown {column} '{row[column]}'"


@pytest.mark.parametrize("folder", STUDY_DIRS, ids=STUDY_IDS)
def test_every_reported_number_reaches_the_registry_unchanged(folder: Path, registry: Registry) -> None:
    for row in _numbers(folder):
        assert registry.value(f"{folder.name}.{row['id']}").value == float(row["value"])


# ---- spot checks against the abstracts -------------------------------------------------------------------


def test_ivig_ck_means_are_the_abstracts(ivig_abstract: str, registry: Registry) -> None:
    match = re.search(r"CK level decreased significantly from (\d+\.\d+) to (\d+\.\d+) IU/l", ivig_abstract)
    assert match, "CK sentence not found in the abstract"
    assert match.groups() == ("1287.4", "612.6")
    assert registry.value("ivig-2003.ck.all.baseline-mean").value == 1287.4
    assert registry.value("ivig-2003.ck.all.week-12-mean").value == 612.6
    assert registry.value("ivig-2003.ck.all.baseline-mean").unit == "IU/l"


def test_ivig_strength_and_adl_means_are_the_abstracts(ivig_abstract: str, registry: Registry) -> None:
    assert "muscle strength (from a mean of 67.0 to 81.0)" in ivig_abstract
    assert "ADL scores (from a mean of 27.1 to 39.1)" in ivig_abstract
    expected = {
        "mmt.all.baseline-mean": 67.0,
        "mmt.all.week-12-mean": 81.0,
        "adl.all.baseline-mean": 27.1,
        "adl.all.week-12-mean": 39.1,
    }
    for key, number in expected.items():
        assert registry.value(f"ivig-2003.{key}").value == number


def test_ivig_patient_flow_is_the_abstracts(ivig_abstract: str, registry: Registry) -> None:
    assert "A total of 12 patients" in ivig_abstract
    assert "Finally, 8 patients (6 PM and 2 DM; 5 men and 3 women) aged 29-67 years" in ivig_abstract
    assert "in 7 patients who exhibited improvement" in ivig_abstract
    assert registry.value("ivig-2003.treated.all.count").value == 12
    assert registry.value("ivig-2003.analysed.all.count").value == 8
    assert registry.value("ivig-2003.improved.all.count").value == 7
    age = registry.interval("ivig-2003.age.all.range")
    assert (age.lower, age.upper) == (29, 67)
    # Subgroups add up to the analysed total.
    pm, dm = (registry.value(f"ivig-2003.analysed-{kind}.all.count").value for kind in ("pm", "dm"))
    men, women = (registry.value(f"ivig-2003.analysed-{kind}.all.count").value for kind in ("men", "women"))
    assert pm + dm == men + women == 8


def test_ivig_adverse_effects_are_the_abstracts(ivig_abstract: str, registry: Registry) -> None:
    assert "were noted with two of the 15 infusion (13%)" in ivig_abstract
    assert registry.value("ivig-2003.adverse-effects.ivig.count").value == 2
    assert registry.value("ivig-2003.infusions.ivig.count").value == 15
    assert registry.value("ivig-2003.adverse-effects.ivig.percent").value == 13
    assert round(100 * 2 / 15) == 13  # the abstract's rounding is consistent


def test_ivig_physician_percent_is_seven_of_eight(ivig_abstract: str, registry: Registry) -> None:
    assert "87.5% of patients had improved" in ivig_abstract
    assert 100 * 7 / 8 == 87.5
    assert registry.value("ivig-2003.physician-improved.all.percent").value == 87.5


def test_hiit_intervals_are_the_summarys(hiit_abstract: str, registry: Registry) -> None:
    assert "(95% CI 0.1; 0.47)" in hiit_abstract
    assert "(95% CI 3.9; 30.8 and 00:06; 03:18, respectively)" in hiit_abstract
    assert "(95% CI -1.2; 1.0)" in hiit_abstract
    expected = {
        "vo2peak.hiit-vs-con": (0.1, 0.47),
        "peak-power.hiit-vs-con": (3.9, 30.8),
        "tte.hiit-vs-con": (6, 3 * 60 + 18),
        "muscle-disease-activity.unclear": (-1.2, 1.0),
        "physician-global.con": (-1.7, -0.26),
        "mmt8.con": (0.1, 3.9),
    }
    for key, bounds in expected.items():
        ci = registry.interval(f"hiit-2025.{key}.ci95")
        assert (ci.lower, ci.upper) == bounds, key


def test_hiit_group_changes_are_the_summarys(hiit_abstract: str, registry: Registry) -> None:
    assert "HIIT resulted in a 16% increase in VO2peak L/min" in hiit_abstract
    assert "the 1.8% change in CON" in hiit_abstract
    assert "18% and 23%, respectively, compared to CON, 8% and 12%" in hiit_abstract
    assert "Twenty-three patients" in hiit_abstract
    assert "(HIIT n = 7, CON n = 6)" in hiit_abstract
    expected = {
        "vo2peak.hiit": 16,
        "vo2peak.con": 1.8,
        "peak-power.hiit": 18,
        "peak-power.con": 8,
        "tte.hiit": 23,
        "tte.con": 12,
    }
    for key, number in expected.items():
        assert registry.value(f"hiit-2025.{key}.mean-percent-change").value == number, key
    assert registry.value("hiit-2025.participants.all.count").value == 23
    assert registry.value("hiit-2025.biopsies.all.sum").value == 7 + 6


# ---- derived values, recomputed here ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "before", "after"),
    [("ck", 1287.4, 612.6), ("mmt", 67.0, 81.0), ("adl", 27.1, 39.1), ("fatigue", 5.5, 1.3)],
)
def test_ivig_changes_in_means(measure: str, before: float, after: float, registry: Registry) -> None:
    # Literal numbers from data/source-texts/ivig-2003-abstract.txt.
    assert registry.value(f"ivig-2003.{measure}.percent-change").value == pytest.approx(
        100 * (after - before) / before, rel=1e-12
    )
    assert registry.value(f"ivig-2003.{measure}.absolute-change").value == pytest.approx(
        after - before, abs=1e-9
    )


def test_ivig_ck_percent_change_is_a_fall_of_about_52_percent(registry: Registry) -> None:
    change = registry.value("ivig-2003.ck.percent-change").value
    assert change == pytest.approx(100 * (612.6 - 1287.4) / 1287.4, rel=1e-12)
    assert -52.5 < change < -52.4


def test_ivig_physician_improved_clopper_pearson_matches_r(registry: Registry) -> None:
    # R 4.2.2: binom.test(7, 8)$conf.int → 0.4734903 0.9968403 (printed to 7 significant digits).
    ci = registry.interval("ivig-2003.physician-improved.clopper-pearson")
    assert ci.lower == pytest.approx(47.34903, abs=5e-5)
    assert ci.upper == pytest.approx(99.68403, abs=5e-5)
    assert ci.unit == "percent"


def test_ivig_physician_improved_wilson_matches_r(registry: Registry) -> None:
    # R 4.2.2: prop.test(7, 8, correct = FALSE)$conf.int → 0.5291118 0.9775825.
    ci = registry.interval("ivig-2003.physician-improved.wilson")
    assert ci.lower == pytest.approx(52.91118, abs=5e-5)
    assert ci.upper == pytest.approx(97.75825, abs=5e-5)


def test_ivig_proportions(registry: Registry) -> None:
    assert registry.value("ivig-2003.physician-improved.proportion").value == pytest.approx(100 * 7 / 8)
    assert registry.value("ivig-2003.adverse-effects.proportion").value == pytest.approx(100 * 2 / 15)
    assert registry.value("ivig-2003.analysed.proportion").value == pytest.approx(100 * 8 / 12)
    assert registry.value("ivig-2003.not-analysed.count").value == 12 - 8


def test_hiit_vo2peak_p_value_from_its_interval(registry: Registry) -> None:
    # Altman & Bland (BMJ 2011;343:d2304): estimate = midpoint, SE = width / (2 × 1.96), P = 2(1 − Φ(z)).
    lower, upper = 0.1, 0.47  # "(95% CI 0.1; 0.47)" in the journal summary
    estimate = (lower + upper) / 2
    expected = 2 * (1 - norm.cdf(estimate / ((upper - lower) / 3.92)))
    p_value = registry.value("hiit-2025.vo2peak.hiit-vs-con.p-value")
    # The site shows p to 3 decimals; 1.96 versus the exact quantile moves p by about 5e-6.
    assert p_value.value == pytest.approx(expected, abs=5e-4)
    assert p_value.value == pytest.approx(expected, rel=5e-3)
    assert p_value.decimals == 3
    assert registry.value("hiit-2025.vo2peak.hiit-vs-con.implied-estimate").value == pytest.approx(0.285)


@pytest.mark.parametrize(
    ("key", "lower", "upper"),
    [
        ("vo2peak.hiit-vs-con", 0.1, 0.47),
        ("peak-power.hiit-vs-con", 3.9, 30.8),
        ("tte.hiit-vs-con", 6, 198),
        ("muscle-disease-activity.unclear", -1.2, 1.0),
        ("physician-global.con", -1.7, -0.26),
        ("mmt8.con", 0.1, 3.9),
    ],
)
def test_hiit_derived_from_every_interval(key: str, lower: float, upper: float, registry: Registry) -> None:
    estimate, se = (lower + upper) / 2, (upper - lower) / 3.92
    assert registry.value(f"hiit-2025.{key}.implied-estimate").value == pytest.approx(estimate, rel=1e-12)
    assert registry.value(f"hiit-2025.{key}.standard-error").value == pytest.approx(se, rel=1e-4)
    p_value = registry.value(f"hiit-2025.{key}.p-value").value
    assert p_value == pytest.approx(2 * norm.sf(abs(estimate) / se), abs=5e-4)
    # An interval that excludes zero implies p < 0.05, one that includes it p > 0.05.
    assert (p_value < 0.05) == (lower > 0 or upper < 0)


def test_hiit_percent_change_differences(registry: Registry) -> None:
    for measure, hiit, con in (("vo2peak", 16, 1.8), ("peak-power", 18, 8), ("tte", 23, 12)):
        value = registry.value(f"hiit-2025.{measure}.percent-change-difference")
        assert value.value == pytest.approx(hiit - con, abs=1e-12)
        assert value.unit == "percentage points"


def test_no_registered_number_is_nan_or_infinite(registry: Registry) -> None:
    for result in registry:
        for number in (
            getattr(result, name) for name in ("value", "lower", "upper") if hasattr(result, name)
        ):
            assert math.isfinite(number), result.id


def test_hiit_no_adverse_events_is_the_preprints_zero(registry: Registry) -> None:
    preprint = _fold((SOURCE_TEXTS / "hiit-2025-preprint-abstract.txt").read_text(encoding="utf-8"))
    assert "Compliance with HIIT was high, and no adverse events were reported." in preprint
    events = registry.value("hiit-2025.adverse-events.all.count")
    assert (events.value, events.unit, events.kind) == (0, "events", "reported")


def test_hiit_zero_event_bounds_use_all_randomised_and_match_r(registry: Registry) -> None:
    # R 4.2.2: binom.test(0, 23, alternative = "less")$conf.int[2] = 0.1221233889 (exact one-sided 95% upper
    # bound); binom.test(0, 23)$conf.int = 0 0.1481851289 (two-sided); prop.test(0, 23, correct = FALSE)$conf.int
    # = 0 0.1431166185 (Wilson score); rule of three 3 / 23 = 0.1304347826.
    exact = registry.value("hiit-2025.adverse-events.exact-upper-bound")
    rule = registry.value("hiit-2025.adverse-events.rule-of-three")
    two_sided = registry.interval("hiit-2025.adverse-events.clopper-pearson")
    assert exact.value == pytest.approx(12.21233889, rel=5e-10)
    assert rule.value == pytest.approx(13.04347826, rel=5e-10)
    assert (two_sided.lower, two_sided.upper) == pytest.approx((0, 14.81851289), rel=5e-10, abs=1e-12)
    wilson = registry.interval("hiit-2025.adverse-events.wilson")
    assert (wilson.lower, wilson.upper) == pytest.approx((0, 14.31166185), rel=5e-10, abs=1e-12)
    # The denominator is an analyst's input: the randomised count, taken as the number followed.
    assert exact.provenance.inputs == (
        "hiit-2025.adverse-events.all.count",
        "hiit-2025.adverse-events.assumed-total",
    )
    denominator = registry.value("hiit-2025.adverse-events.assumed-total")
    assert denominator.kind == "assumed" and denominator.provenance.inputs == (
        "hiit-2025.participants.all.count",
    )
