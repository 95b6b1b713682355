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
    CERTAINTY_LABELS,
    GRADE_DOMAINS,
    STARTING_LEVEL,
    final_certainty,
)
from myositis_evidence.dataset.validation import appraisal_quote_references
from myositis_evidence.errors import DataError
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
        table = registry.get(f"{study_id}.appraisal.summary-of-findings")
        for row, outcome in zip(
            table.rows, dataset.studies[study_id].appraisal.summary_of_findings, strict=True
        ):
            assert row[-1].startswith(outcome.certainty_label)


def _sof_row(registry: Registry, study_id: str, outcome: str) -> tuple[str, ...]:
    table = registry.get(f"{study_id}.appraisal.summary-of-findings")
    return next(row for row in table.rows if row[0] == outcome)


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
    row = _sof_row(registry, study_id, outcome.outcome)
    assert row[5] == f"{CERTAINTY_LABELS[level]} ({design})"
    comparison = next(
        row for row in registry.get("appraisal.comparison").rows if row[0].startswith("Starting")
    )
    assert CERTAINTY_LABELS[level] in comparison


def test_starting_certainty_follows_the_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(CERTAINTY_LABELS, 2, "⊕⊕◯◯ Low (as relabelled)")
    registry, dataset = analyse()
    outcome = dataset.studies["ivig-2003"].appraisal.summary_of_findings[0]
    row = _sof_row(registry, "ivig-2003", outcome.outcome)
    assert row[5] == "⊕⊕◯◯ Low (as relabelled) (uncontrolled before-after study)"


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
    certainty = _sof_row(registry, "ivig-2003", outcome.outcome)[-1]
    down = [row[0] for row in notes if outcome.outcome in row[1].split("; ") and "(rated down" in row[3]]
    assert (
        certainty
        == f"{outcome.certainty_label} (rated down: notes {', '.join(down)}; rated up: notes {upgrade[0]})"
    )


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
    assert registry.value("hiit-2025.ois.d50.per-group").value == pytest.approx(62.79103787, abs=1e-7)
    assert registry.value("hiit-2025.ois.d80.per-group").value == pytest.approx(24.52774917, abs=1e-7)
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
    "measure",
    "effect_text",
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
    """Numbers in judgements come from placeholders; allowed: names such as VO2peak, MMT8, RoB 2, NCT ids."""
    texts = _texts(built[1].studies[study_id].appraisal.model_dump())
    assert texts
    for text in texts:
        stripped = re.sub(r"VO2peak|MMT8|RoB 2|NCT\d+", "", PLACEHOLDER.sub("", text))
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
    path = data / "hiit-2025" / "appraisal.yml"
    _replace(path, "        rationale: A single trial", "        rationale_: A single trial")
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
    _replace(path, "shown_by: [hiit-2025.ois.d50.total", "shown_by: [hiit-2025.ois.d55.total")
    error = _error(data)
    assert "unknown result id 'hiit-2025.ois.d55.total'" in str(error)
    assert error.line == _line_of(path, "ois.d55.total")
    assert error.field == "summary_of_findings.0.domains.imprecision.shown_by.0"


def test_derived_result_listed_as_reported_is_refused(data: Path) -> None:
    path = data / "ivig-2003" / "appraisal.yml"
    _replace(path, "effect: [ivig-2003.improved.all.count,", "effect: [ivig-2003.not-analysed.count,")
    error = _error(data)
    assert "is derived" in str(error) and error.field == "summary_of_findings.0.effect.0"


def test_rob2_overall_must_follow_the_algorithm(data: Path) -> None:
    path = data / "hiit-2025" / "appraisal.yml"
    _replace(path, "  overall: high", "  overall: low")
    error = _error(data)
    assert "overall cannot be 'low'" in str(error) and error.line == _line_of(path, "rob2:")


def test_wrong_number_of_rob2_domains(data: Path) -> None:
    path = data / "hiit-2025" / "appraisal.yml"
    _replace(
        path, "    - domain: Bias in selection of the reported result", "    - domain: Bias in something else"
    )
    error = _error(data)
    assert error.field is not None and error.field.startswith("rob2.domains.4.domain")
    assert error.line == _line_of(path, "Bias in something else")


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
