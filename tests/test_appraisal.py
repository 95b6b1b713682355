"""Appraisal data: GRADE certainty computed from its parts, upgrades shown in words, sensitivity analyses against
R, judgements that rest on real quotes, and malformed appraisal.yml and content.yml files that name file, line
and field."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import DATA_DIR, analyse
from myositis_evidence.dataset.appraisal_schema import (
    ALTERNATIVE_STARTING_LEVEL,
    CERTAINTY_LABELS,
    GRADE_DOMAINS,
    STARTING_LEVEL,
    final_certainty,
)
from myositis_evidence.dataset.validation import appraisal_quote_references
from myositis_evidence.errors import DataError
from myositis_evidence.results.formatting import format_result
from myositis_evidence.results.model import PLACEHOLDER, Registry

STUDIES = ("hiit-2025", "ivig-2003")


@pytest.fixture(scope="module")
def built() -> tuple[Registry, dict]:
    return analyse()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


# ---- GRADE certainty -------------------------------------------------------------------------------------
# GRADE guideline 3 (Balshem H, et al. J Clin Epidemiol 2011;64:401–406, doi:10.1016/j.jclinepi.2010.07.015):
# randomised trials start high, observational studies low; each serious concern rates down one level, each very
# serious concern two; large effects etc. rate up; there are four levels, very low the lowest.


@pytest.mark.parametrize(
    ("start", "down", "up", "expected"),
    [
        (4, 0, 0, 4),
        (4, 1, 0, 3),
        (4, 2, 0, 2),
        (4, 3, 0, 1),
        (4, 5, 0, 1),  # never below very low
        (2, 0, 0, 2),
        (2, 1, 0, 1),
        (2, 4, 0, 1),
        (2, 0, 1, 3),  # rated up for a large effect
        (2, 0, 2, 4),
        (4, 0, 2, 4),  # never above high
        (4, 1, 1, 4),
    ],
)
def test_final_certainty(start: int, down: int, up: int, expected: int) -> None:
    assert final_certainty(start, down, up) == expected


def test_final_certainty_rejects_impossible_levels() -> None:
    with pytest.raises(ValueError, match=r"start \(5\)"):
        final_certainty(5, 0)
    with pytest.raises(ValueError, match=r"\(-1\)"):
        final_certainty(4, -1)


def test_certainty_labels_have_the_grade_symbols() -> None:
    assert CERTAINTY_LABELS == {4: "⊕⊕⊕⊕ High", 3: "⊕⊕⊕◯ Moderate", 2: "⊕⊕◯◯ Low", 1: "⊕◯◯◯ Very low"}


def test_certainty_of_the_studies(built: tuple[Registry, dict]) -> None:
    _, dataset = built
    hiit = {outcome.id: outcome for outcome in dataset.studies["hiit-2025"].appraisal.summary_of_findings}
    ivig = dataset.studies["ivig-2003"].appraisal.summary_of_findings
    # Randomised (high) − risk of bias (1) − imprecision (1) = low.
    assert hiit["vo2peak"].starting_level == 4 and hiit["vo2peak"].levels_down == 2
    assert hiit["vo2peak"].certainty_label == "⊕⊕◯◯ Low"
    assert hiit["adverse-events"].certainty_label == "⊕◯◯◯ Very low"
    # Before-after (low) and any downgrade = very low.
    assert {outcome.certainty for outcome in ivig} == {1}
    assert all(outcome.starting_level == 2 for outcome in ivig)


def test_sof_table_shows_the_computed_certainty(built: tuple[Registry, dict]) -> None:
    registry, dataset = built
    for study_id in STUDIES:
        for outcome in dataset.studies[study_id].appraisal.summary_of_findings:
            assert _sof_row(registry, study_id, outcome.outcome)[3].startswith(outcome.certainty_label)


def _sof_row(registry: Registry, study_id: str, outcome: str) -> tuple[str, ...]:
    table = registry.get(f"{study_id}.appraisal.summary-of-findings")
    return next(row for row in table.rows if row[0].startswith(f"{outcome} — follow-up:"))


def _profile_row(registry: Registry, study_id: str, outcome: str) -> dict[str, str]:
    """One outcome's row of the evidence profile, by column name."""
    table = registry.get(f"{study_id}.appraisal.evidence-profile")
    row = next(row for row in table.rows if row[0] == outcome)
    return dict(zip(table.header, row, strict=True))


@pytest.mark.parametrize(
    ("design", "level"), [("uncontrolled before-after study", 3), ("randomised trial", 3)]
)
def test_starting_certainty_follows_the_starting_level(
    monkeypatch: pytest.MonkeyPatch, design: str, level: int
) -> None:
    """The SoF's starting certainty is computed from STARTING_LEVEL and CERTAINTY_LABELS, never typed."""
    monkeypatch.setitem(STARTING_LEVEL, design, level)
    registry, dataset = analyse()
    study_id = "ivig-2003" if design.startswith("uncontrolled") else "hiit-2025"
    outcome = dataset.studies[study_id].appraisal.summary_of_findings[0]
    row = _profile_row(registry, study_id, outcome.outcome)
    assert row["Starting certainty"] == CERTAINTY_LABELS[level]
    assert row["Study design"] == design.capitalize()
    comparison = next(
        row for row in registry.get("appraisal.comparison").rows if row[0].startswith("Starting")
    )
    assert CERTAINTY_LABELS[level] in comparison


def test_starting_certainty_follows_the_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(CERTAINTY_LABELS, 2, "⊕⊕◯◯ Low (as relabelled)")
    registry, dataset = analyse()
    outcome = dataset.studies["ivig-2003"].appraisal.summary_of_findings[0]
    row = _profile_row(registry, "ivig-2003", outcome.outcome)
    assert row["Starting certainty"] == "⊕⊕◯◯ Low (as relabelled)"


# GRADE guideline 3 (Balshem 2011): randomised trials start at high, observational studies at low. Some published
# GRADE tables ("levels of quality of a body of evidence") list case series and case reports at very low. The
# IVIG pages say the choice does not matter for this study: every outcome is very low either way.


def test_a_before_after_study_starts_low_as_an_observational_study() -> None:
    assert STARTING_LEVEL["uncontrolled before-after study"] == 2
    assert STARTING_LEVEL["randomised trial"] == 4
    assert ALTERNATIVE_STARTING_LEVEL["uncontrolled before-after study"] == 1


def test_ivig_certainty_is_very_low_from_either_starting_level(built: tuple[Registry, dict]) -> None:
    registry, dataset = built
    for outcome in dataset.studies["ivig-2003"].appraisal.summary_of_findings:
        from_low = final_certainty(2, outcome.levels_down, outcome.levels_up)
        from_very_low = final_certainty(1, outcome.levels_down, outcome.levels_up)
        assert from_low == from_very_low == 1, outcome.id
    for table_id in ("summary-of-findings", "evidence-profile"):
        caption = registry.get(f"ivig-2003.appraisal.{table_id}").caption
        assert "GRADE starts observational studies at low certainty" in caption
        assert "some GRADE tables list case series at very low" in caption
        assert "Starting at ⊕◯◯◯ Very low would give the same final certainty for every outcome." in caption
    page = (Path(__file__).parents[1] / "docs/studies/ivig-2003/appraisal.md").read_text(encoding="utf-8")
    assert "GRADE starts observational studies at low certainty" in " ".join(page.split())


def test_the_starting_level_note_names_outcomes_another_start_would_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If a randomised trial could start at moderate, HIIT's fitness outcomes (high, rated down two levels, low)
    would end at very low, and the note must say so rather than claim the start makes no difference."""
    monkeypatch.setitem(ALTERNATIVE_STARTING_LEVEL, "randomised trial", 3)
    registry, _ = analyse()
    caption = registry.get("hiit-2025.appraisal.evidence-profile").caption
    assert "Starting at ⊕⊕⊕◯ Moderate would change the final certainty of:" in caption
    assert "Aerobic capacity (VO2peak, L/min)" in caption
    assert "Adverse events (safety)" not in caption.split("would change", 1)[1]


UPGRADE = """    design: uncontrolled before-after study
    upgrades:
      - reason: large effect
        levels: 1
        rationale: An upgrade added by this test, to show how upgrades are written out.
        quotes: [physician-assessment]
    domains:
      risk_of_bias: &before-after-bias"""


def test_an_upgrade_is_written_out_and_rates_up(data: Path) -> None:
    """An upgrade shows its reason, levels and rationale in words (never as JSON); the SoF says "rated up" for
    its note and "rated down" only for the domains rated down."""
    path = data / "ivig-2003" / "appraisal.yml"
    _replace(
        path,
        "    design: uncontrolled before-after study\n    domains:\n      risk_of_bias: &before-after-bias",
        UPGRADE,
    )
    registry, dataset = analyse(data)
    notes = registry.get("ivig-2003.appraisal.grade-notes").rows
    upgrade = next(row for row in notes if row[2] == "Upgrade")
    assert upgrade[3] == "Large effect (rated up one level)"
    assert upgrade[4] == "An upgrade added by this test, to show how upgrades are written out."
    assert upgrade[6].startswith("“") and not any('"reason"' in cell or "{" in cell for cell in upgrade)
    outcome = dataset.studies["ivig-2003"].appraisal.summary_of_findings[0]
    certainty = _sof_row(registry, "ivig-2003", outcome.outcome)[3]
    explanations = registry.get("ivig-2003.appraisal.explanations").rows
    own = [row for row in explanations if outcome.outcome in row[1].split("; ")]
    down = [row[0] for row in own if "(rated down" in row[3]]
    up = [row[0] for row in own if row[2] == "Upgrade"]
    assert up and down
    assert (
        certainty == f"{outcome.certainty_label} (rated down: {', '.join(down)}; rated up: {', '.join(up)})"
    )
    # The explanations list only the domains rated down or up, never a "not rated down" one.
    assert all("not rated down" not in row[3] for row in explanations)


# ---- sensitivity analyses against R ----------------------------------------------------------------------
# Reference values: R 4.2.2, binom.test(x, n)$conf.int (exact Clopper–Pearson), printed with options(digits=10).


@pytest.mark.parametrize(
    ("result_id", "lower", "upper"),
    [
        # Rscript -e 'binom.test(7, 12)$conf.int'   (none of the 4 not analysed improved)
        ("ivig-2003.sensitivity.all-unanalysed-failed.clopper-pearson", 0.2766696857, 0.8483477702),
        # Rscript -e 'binom.test(11, 12)$conf.int'  (all 4 not analysed improved)
        ("ivig-2003.sensitivity.all-unanalysed-responded.clopper-pearson", 0.6152038348, 0.9978924068),
        # Rscript -e 'binom.test(1, 12)$conf.int'   (both adverse effects in one patient)
        ("ivig-2003.sensitivity.ae-patients-fewest.clopper-pearson", 0.002107593232, 0.384796165151),
        # Rscript -e 'binom.test(2, 12)$conf.int'   (adverse effects in two patients)
        ("ivig-2003.sensitivity.ae-patients-most.clopper-pearson", 0.02086252546, 0.48413774869),
        # Rscript -e 'binom.test(2, 15)$conf.int'   (per infusion course, as reported)
        ("ivig-2003.adverse-effects.clopper-pearson", 0.01657591344, 0.40460269660),
    ],
)
def test_ivig_sensitivity_intervals_match_r(
    built: tuple[Registry, dict], result_id: str, lower: float, upper: float
) -> None:
    interval = built[0].interval(result_id)
    assert interval.lower == pytest.approx(100 * lower, abs=1e-7)
    assert interval.upper == pytest.approx(100 * upper, abs=1e-7)


def test_ivig_sensitivity_counts(built: tuple[Registry, dict]) -> None:
    registry = built[0]
    counts = {
        key: registry.value(f"ivig-2003.sensitivity.{key}.count").value
        for key in (
            "all-unanalysed-failed",
            "all-unanalysed-responded",
            "ae-patients-fewest",
            "ae-patients-most",
        )
    }
    assert counts == {
        "all-unanalysed-failed": 7,
        "all-unanalysed-responded": 11,
        "ae-patients-fewest": 1,
        "ae-patients-most": 2,
    }
    # Rscript -e 'diff(binom.test(7, 8)$conf.int) * 100'  → 52.33497474
    width = registry.value("ivig-2003.appraisal.physician-improved.ci-width").value
    assert width == pytest.approx(99.68402765 - 47.34903291, abs=1e-6)


def test_optimal_information_size_matches_r(built: tuple[Registry, dict]) -> None:
    registry = built[0]
    # Rscript -e '2 * (qnorm(0.975) + qnorm(0.8))^2 / c(0.5, 0.8)^2'  → 62.79103787 24.52774917
    assert registry.value("hiit-2025.ois.d50.per-group-exact").value == pytest.approx(62.79103787, abs=1e-7)
    assert registry.value("hiit-2025.ois.d80.per-group-exact").value == pytest.approx(24.52774917, abs=1e-7)
    # Shown as whole participants, rounded up as a sample size is: ceiling(62.79) = 63, ceiling(24.53) = 25.
    assert format_result(registry.value("hiit-2025.ois.d50.per-group")) == "63 participants"
    assert format_result(registry.value("hiit-2025.ois.d80.per-group")) == "25 participants"
    assert registry.value("hiit-2025.ois.d50.total").value == 126
    assert registry.value("hiit-2025.ois.d80.total").value == 50
    # The imprecision judgement rests on this: fewer randomised than even the smaller information size.
    assert registry.value("hiit-2025.participants.all.count").value < 50


def test_hiit_t_sensitivity(built: tuple[Registry, dict]) -> None:
    registry = built[0]
    # Rscript -e 'qt(0.975, c(21, 11, 5))'  → 2.079613845 2.200985160 2.570581836
    se = registry.value("hiit-2025.sensitivity.vo2peak.all-randomised.standard-error").value
    assert se == pytest.approx((0.47 - 0.1) / (2 * 2.079613845), abs=1e-9)
    se5 = registry.value("hiit-2025.sensitivity.vo2peak.assumed-5.standard-error").value
    assert se5 == pytest.approx((0.47 - 0.1) / (2 * 2.570581836), abs=1e-9)
    # Every interval excludes zero, so every p stays below 0.05 whatever the distribution.
    assert registry.value("hiit-2025.sensitivity.largest-p-value").value < 0.05
    assert registry.value("hiit-2025.sensitivity.df.all-randomised").value == 21
    assert registry.value("hiit-2025.sensitivity.df.biopsy-subset").value == 11


# ---- judgements rest on real quotes and results ----------------------------------------------------------


@pytest.mark.parametrize("study_id", STUDIES)
def test_every_judgement_quote_exists(built: tuple[Registry, dict], study_id: str) -> None:
    data = built[1].studies[study_id]
    quote_ids = {quote.id for quote in data.quotes}
    references = appraisal_quote_references(data.appraisal.model_dump())
    assert references, "no judgement cites a quote"
    assert {quote_id for _, quote_id in references} <= quote_ids


@pytest.mark.parametrize("study_id", STUDIES)
def test_every_downgrade_has_a_rationale_and_every_domain_is_judged(
    built: tuple[Registry, dict], study_id: str
) -> None:
    for outcome in built[1].studies[study_id].appraisal.summary_of_findings:
        for name in GRADE_DOMAINS:
            judgement = getattr(outcome.domains, name)
            assert len(judgement.rationale) >= 10


TEXT_FIELDS = (
    "outcome",
    "follow_up",
    "measure",
    "effect_text",
    "effect_summary",
    "comments",
    "why_not_rated",
    "threshold",
    "effect_reasons",
    "text",
    "rationale",
    "reasons",
    "overall_reasons",
    "topic",
    "result",
)


def _texts(node: object) -> list[str]:
    if isinstance(node, dict):
        return [
            text for key, value in node.items() for text in ([value] if key in TEXT_FIELDS else _texts(value))
        ]
    if isinstance(node, list | tuple):
        return [text for item in node for text in _texts(item)]
    return []


@pytest.mark.parametrize("study_id", STUDIES)
def test_appraisal_text_types_no_numbers(built: tuple[Registry, dict], study_id: str) -> None:
    """Numbers in judgements come from placeholders; allowed: names such as VO2peak, MMT8, RoB 2, NCT ids and the
    label "95% CI"."""
    texts = _texts(built[1].studies[study_id].appraisal.model_dump())
    assert texts
    for text in texts:
        stripped = re.sub(r"VO2peak|MMT8|RoB 2|NCT\d+|95% CI", "", PLACEHOLDER.sub("", text))
        assert not re.search(r"\d", stripped), text


# ---- malformed appraisal.yml -----------------------------------------------------------------------------


def _line_of(path: Path, fragment: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in {path.name}")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(data: Path) -> DataError:
    with pytest.raises(DataError) as caught:
        analyse(data)
    return caught.value


def test_unknown_judgement_names_file_line_and_field(data: Path) -> None:
    path = data / "ivig-2003" / "appraisal.yml"
    _replace(path, "judgement: very serious", "judgement: extremely serious")
    error = _error(data)
    assert "ivig-2003/appraisal.yml" in str(error)
    assert error.line == _line_of(path, "extremely serious")
    assert error.field == "summary_of_findings.0.domains.risk_of_bias.judgement"


def test_misspelt_field_is_named_with_a_suggestion(data: Path) -> None:
    path = data / "ivig-2003" / "appraisal.yml"
    _replace(
        path,
        "        rationale: A patient-reported outcome in the population and intervention of interest.",
        "        rationale_: A patient-reported outcome in the population and intervention of interest.",
    )
    error = _error(data)
    assert error.line == _line_of(path, "rationale_:")
    assert "unknown field 'rationale_'" in str(error) and "did you mean 'rationale'?" in str(error)


def test_unknown_quote_id_names_line_and_nearest(data: Path) -> None:
    path = data / "ivig-2003" / "appraisal.yml"
    _replace(path, "quotes: [objective]", "quotes: [objectve]")
    error = _error(data)
    assert "unknown quote 'objectve'" in str(error) and "did you mean 'objective'?" in str(error)
    assert error.line == _line_of(path, "quotes: [objectve]")
    assert error.field is not None and error.field.startswith("nih_before_after.questions.0.quotes")


def test_unknown_result_id_names_line_and_field(data: Path) -> None:
    path = data / "hiit-2025" / "appraisal.yml"
    _replace(path, "ois-rule-of-thumb, hiit-2025.ois.d50.total", "ois-rule-of-thumb, hiit-2025.ois.d55.total")
    error = _error(data)
    assert "unknown result id 'hiit-2025.ois.d55.total'" in str(error)
    assert error.line == _line_of(path, "ois.d55.total")
    assert error.field == "summary_of_findings.0.domains.imprecision.shown_by.1"


def test_derived_result_listed_as_reported_is_refused(data: Path) -> None:
    path = data / "ivig-2003" / "appraisal.yml"
    _replace(path, "effect: [ivig-2003.improved.all.count,", "effect: [ivig-2003.not-analysed.count,")
    error = _error(data)
    assert "is derived" in str(error) and error.field == "summary_of_findings.0.effect.0"


def test_rob2_overall_must_follow_the_algorithm(data: Path) -> None:
    """The algorithm rates the fitness result high (domains 2 and 3); a typed 'low' overall is refused."""
    path = data / "hiit-2025" / "appraisal.yml"
    _replace(
        path,
        "      overall_reasons: >-\n        High by the algorithm",
        "      overall: low\n      overall_reasons: >-\n        High by the algorithm",
    )
    error = _error(data)
    assert "overall must be 'high'" in str(error) and error.field.startswith("rob2.results.0")


def test_a_rob2_question_from_another_domain_is_refused(data: Path) -> None:
    path = data / "hiit-2025" / "appraisal.yml"
    _replace(path, '          - question: "1.3"', '          - question: "2.3"')
    error = _error(data)
    assert "randomisation: questions must be RoB 2's for this domain" in str(error)


def test_a_rob2_answer_the_algorithm_needs_is_required(data: Path) -> None:
    """Answering 3.3 'probably yes' leads the algorithm on to 3.4; without it the domain cannot be judged."""
    path = data / "hiit-2025" / "appraisal.yml"
    _replace(
        path,
        '          - question: "3.4"\n            answer: NI\n            reasons: Nothing in the sources shows whether it did.\n',
        "",
    )
    error = _error(data)
    assert "question 3.4 needs an answer" in str(error)


def test_appraisal_for_another_study_is_refused(data: Path) -> None:
    _replace(data / "ivig-2003" / "appraisal.yml", "study: ivig-2003", "study: hiit-2025")
    error = _error(data)
    assert error.field == "study" and error.line == 4


def test_yaml_syntax_error_in_appraisal(data: Path) -> None:
    path = data / "ivig-2003" / "appraisal.yml"
    _replace(path, "  overall: poor", "  overall: [poor")
    error = _error(data)
    assert "not valid YAML" in str(error) and error.line is not None


# ---- malformed content.yml -------------------------------------------------------------------------------


def test_unknown_result_id_in_a_content_table_names_line_and_field(data: Path) -> None:
    path = data / "ivig-2003" / "content.yml"
    _replace(
        path,
        '"{ivig-2003.sensitivity.ae-patients-most.count}"',
        '"{ivig-2003.sensitivity.ae-patients-mots.count}"',
    )
    error = _error(data)
    assert "ivig-2003/content.yml" in str(error)
    assert "unknown result id 'ivig-2003.sensitivity.ae-patients-mots.count'" in str(error)
    assert error.line == _line_of(path, "ae-patients-mots")
    assert error.field == "appraisal.tables.1.rows.2.1"


def test_unknown_result_id_in_a_derivation_names_line_and_field(data: Path) -> None:
    path = data / "hiit-2025" / "content.yml"
    _replace(
        path, "      participants: hiit-2025.biopsies.all.sum", "      participants: hiit-2025.biopsy.all.sum"
    )
    error = _error(data)
    assert "hiit-2025/content.yml" in str(error) and "unknown result id 'hiit-2025.biopsy.all.sum'" in str(
        error
    )
    assert error.line == _line_of(path, "hiit-2025.biopsy.all.sum")
    assert error.field == "appraisal.derivations.2.participants"


def test_unknown_study_field_names_line_and_field(data: Path) -> None:
    path = data / "site" / "content.yml"
    _replace(path, "{study_field: ivig-2003.arms.ivig.name}", "{study_field: ivig-2003.arms.igiv.name}")
    error = _error(data)
    assert "site/content.yml" in str(error) and "study field 'ivig-2003.arms.igiv.name'" in str(error)
    assert error.line == _line_of(path, "ivig-2003.arms.igiv.name")
    assert error.field == "tables.0.rows.4.2.0.study_field"


def test_unknown_chart_kind_names_line_and_field(data: Path) -> None:
    path = data / "ivig-2003" / "content.yml"
    _replace(path, "    kind: flow\n", "    kind: flows\n")
    error = _error(data)
    assert "ivig-2003/content.yml" in str(error) and error.line == _line_of(path, "kind: flows")
    assert "unknown kind 'flows'" in str(error) and "did you mean 'flow'?" in str(error)
    assert error.field == "charts.3.kind"
