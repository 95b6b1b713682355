"""RoB 2's domain algorithms against the guidance's criteria, and the summary of findings laid out as GRADE asks:
every named outcome (not reported ones included), certainty-worded statements, imprecision against a threshold.

References: Sterne JAC, et al. RoB 2: a revised tool for assessing risk of bias in randomised trials. BMJ
2019;366:l4898. Higgins JPT, et al. Revised Cochrane risk-of-bias tool for randomized trials (RoB 2), full
guidance document, 22 August 2019: each domain's "criteria for judgement" and algorithm figure, from which every
case below is taken (the row of the criteria it illustrates is named in the comment). Santesso N, et al. GRADE
guidelines 26, J Clin Epidemiol 2020;119:126–135 (statements by certainty).
"""

from __future__ import annotations

import pytest

from myositis_evidence.analysis.appraisal import includes_no_effect, what_happens
from myositis_evidence.dataset import rob2_algorithm as rob2
from myositis_evidence.dataset.appraisal_schema import WhatHappens
from myositis_evidence.results.model import Interval, Reported

LOW, SOME, HIGH = "low", "some concerns", "high"


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # Low: sequence random (or NI), concealed, no baseline imbalance suggesting a problem.
        ({"1.1": "Y", "1.2": "Y", "1.3": "N"}, LOW),
        ({"1.1": "NI", "1.2": "PY", "1.3": "NI"}, LOW),
        # Some concerns: concealed, but baseline imbalance suggests a problem.
        ({"1.1": "Y", "1.2": "Y", "1.3": "Y"}, SOME),
        # Some concerns: no information on concealment, no imbalance suggesting a problem.
        ({"1.1": "NI", "1.2": "NI", "1.3": "NI"}, SOME),
        # High: not concealed, whatever else.
        ({"1.1": "Y", "1.2": "N", "1.3": "N"}, HIGH),
        # High: no information on concealment and baseline imbalance suggesting a problem.
        ({"1.1": "NI", "1.2": "NI", "1.3": "PY"}, HIGH),
        # Some concerns: concealed, but the sequence was not random.
        ({"1.1": "N", "1.2": "Y", "1.3": "N"}, SOME),
    ],
)
def test_domain_1_randomisation(answers, expected):
    assert rob2.randomisation(answers) == expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # Low: participants and carers unaware, appropriate analysis.
        ({"2.1": "N", "2.2": "PN", "2.6": "Y"}, LOW),
        # Low: aware, but no deviations because of the trial context; appropriate analysis.
        ({"2.1": "Y", "2.2": "Y", "2.3": "N", "2.6": "Y"}, LOW),
        # Some concerns: aware and no information on deviations.
        ({"2.1": "Y", "2.2": "Y", "2.3": "NI", "2.6": "Y"}, SOME),
        # Some concerns: deviations that were unlikely to affect the outcome.
        ({"2.1": "Y", "2.2": "Y", "2.3": "Y", "2.4": "N", "2.6": "Y"}, SOME),
        # High: deviations likely to affect the outcome and not balanced between groups.
        ({"2.1": "Y", "2.2": "Y", "2.3": "Y", "2.4": "Y", "2.5": "N", "2.6": "Y"}, HIGH),
        # Some concerns: inappropriate analysis without potential for a substantial impact.
        ({"2.1": "N", "2.2": "N", "2.6": "N", "2.7": "N"}, SOME),
        # High: no information on the analysis, with potential for a substantial impact (NI counts as such).
        ({"2.1": "N", "2.2": "N", "2.6": "NI", "2.7": "NI"}, HIGH),
    ],
)
def test_domain_2_deviations_from_assignment(answers, expected):
    assert rob2.deviations_from_assignment(answers) == expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # Low: data for (nearly) all participants.
        ({"3.1": "Y"}, LOW),
        # Low: evidence that the result was not biased by missing data.
        ({"3.1": "N", "3.2": "Y"}, LOW),
        # Low: missingness could not depend on the true value.
        ({"3.1": "N", "3.2": "N", "3.3": "PN"}, LOW),
        # Some concerns: it could, but it is not likely that it did.
        ({"3.1": "NI", "3.2": "N", "3.3": "Y", "3.4": "PN"}, SOME),
        # High: likely that missingness depended on the true value (NI counts as likely).
        ({"3.1": "NI", "3.2": "PN", "3.3": "PY", "3.4": "NI"}, HIGH),
    ],
)
def test_domain_3_missing_outcome_data(answers, expected):
    assert rob2.missing_outcome_data(answers) == expected


def test_question_3_2_offers_no_no_information_answer():
    # RoB 2 full guidance (Higgins et al., 22 August 2019), domain 3: the options for 3.2 are NA/Y/PY/PN/N.
    with pytest.raises(ValueError, match=r"3\.2 has no 'NI' option"):
        rob2.missing_outcome_data({"3.1": "NI", "3.2": "NI", "3.3": "PY", "3.4": "NI"})


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # High: an inappropriate method, or measurement that could differ between groups.
        ({"4.1": "Y"}, HIGH),
        ({"4.1": "N", "4.2": "PY"}, HIGH),
        # Low: assessors unaware, or assessment could not be influenced.
        ({"4.1": "N", "4.2": "N", "4.3": "N"}, LOW),
        ({"4.1": "N", "4.2": "N", "4.3": "Y", "4.4": "N"}, LOW),
        # Some concerns: could be influenced, but not likely that it was.
        ({"4.1": "N", "4.2": "PN", "4.3": "NI", "4.4": "PY", "4.5": "PN"}, SOME),
        # High: likely that it was influenced (NI counts as likely).
        ({"4.1": "N", "4.2": "N", "4.3": "Y", "4.4": "Y", "4.5": "NI"}, HIGH),
        # Some concerns at least, when it is not known whether measurement differed between groups.
        ({"4.1": "N", "4.2": "NI", "4.3": "N"}, SOME),
    ],
)
def test_domain_4_measurement(answers, expected):
    assert rob2.measurement_of_the_outcome(answers) == expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # Low: prespecified plan, result not selected from measurements or analyses.
        ({"5.1": "Y", "5.2": "N", "5.3": "N"}, LOW),
        # Some concerns: not selected, but no (information on a) prespecified plan.
        ({"5.1": "NI", "5.2": "N", "5.3": "PN"}, SOME),
        # Some concerns: no information on selection.
        ({"5.1": "Y", "5.2": "NI", "5.3": "N"}, SOME),
        # High: likely selected from several measurements or analyses.
        ({"5.1": "Y", "5.2": "PY", "5.3": "N"}, HIGH),
        ({"5.1": "NI", "5.2": "N", "5.3": "Y"}, HIGH),
    ],
)
def test_domain_5_selection(answers, expected):
    assert rob2.selection_of_the_reported_result(answers) == expected


def test_overall_judgement_is_fixed_only_where_the_guidance_fixes_it():
    assert rob2.overall_judgement(dict.fromkeys("abcde", LOW)) == LOW
    assert rob2.overall_judgement({"a": LOW, "b": HIGH, "c": SOME}) == HIGH
    # Some concerns at worst: the assessor chooses between some concerns and high.
    assert rob2.overall_judgement({"a": LOW, "b": SOME}) is None


def test_an_answer_the_path_needs_is_required():
    with pytest.raises(KeyError, match=r"question 1\.3"):
        rob2.randomisation({"1.1": "Y", "1.2": "Y"})
    with pytest.raises(ValueError, match="answer 'Maybe'"):
        rob2.randomisation({"1.1": "Y", "1.2": "Maybe", "1.3": "N"})


# ---- the trial's assessments -----------------------------------------------------------------------------


def test_hiit_rob2_has_the_three_outcome_groups_with_computed_domains(results):
    _, dataset = results
    rob = dataset.studies["hiit-2025"].appraisal.rob2
    assert rob.effect_of_interest == "assignment to the intervention"
    groups = {result.id: result for result in rob.results}
    assert set(groups) == {"fitness", "disease-activity", "adverse-events"}
    for result in groups.values():
        # No information on the analysis population and on missing data: the algorithm's high, not a typed one.
        assert result.domain_judgement("deviations") == HIGH
        assert result.domain_judgement("missing_data") == HIGH
        assert result.overall_judgement == HIGH
    # Fitness 4.3 Y (the participants, whose effort the test depends on, knew their group), 4.4 PY, 4.5 NI: "NI
    # counts as likely" at 4.5, so the algorithm's high (guidance, domain 4).
    measurement = {signal.question: signal.answer for signal in groups["fitness"].measurement.answers}
    assert measurement["4.3"] == "Y" and measurement["4.4"] == "PY" and measurement["4.5"] == "NI"
    assert groups["fitness"].domain_judgement("measurement") == HIGH


def test_risk_of_bias_tables_show_every_answer(results):
    registry, dataset = results
    for result in dataset.studies["hiit-2025"].appraisal.rob2.results:
        table = registry.get(f"hiit-2025.appraisal.risk-of-bias.{result.id}")
        answered = [
            row for row in table.rows if row[0][:3] in {f"{d}.{q}" for d in "12345" for q in "1234567"}
        ]
        total = sum(len(getattr(result, key).answers) for key in rob2.DOMAIN_KEYS)
        assert len(answered) == total
        assert all(row[1].split(" ")[0] in rob2.ANSWERS and len(row[2]) >= 10 for row in answered)


# ---- the summary of findings -----------------------------------------------------------------------------


def _sof(registry, study_id):
    return registry.get(f"{study_id}.appraisal.summary-of-findings")


def test_outcomes_the_sources_name_without_a_result_are_rows(results):
    registry, _ = results
    hiit = {row[0].split(" — ")[0]: row for row in _sof(registry, "hiit-2025").rows}
    assert hiit["Aerobic capacity (VO2peak, mL/kg/min)"][1] == "Not reported"
    ivig = {row[0].split(" — ")[0]: row for row in _sof(registry, "ivig-2003").rows}
    assert ivig["Muscle pain (VAS)"][1] == "Not reported"
    assert ivig["Muscle pain (VAS)"][3].startswith("—")


def test_results_only_within_the_comparator_are_not_rated(results):
    """Journal summary: physician global activity and MMT8 "significantly improved within CON ... but not in the
    HIIT group", with no HIIT figures and no comparison between groups: no effect of HIIT to rate, like the
    within-HIIT mitochondrial result, and no reading of a comparison into a difference in significance."""
    registry, dataset = results
    appraisal = dataset.studies["hiit-2025"].appraisal
    within_con = {"physician-global", "mmt8"}
    assert not within_con & {outcome.id for outcome in appraisal.summary_of_findings}
    assert within_con <= {outcome.id for outcome in appraisal.not_rated}
    assert not within_con & set(dataset.claims["hiit-2025"].claims)
    hiit = {row[0].split(" — ")[0]: row for row in _sof(registry, "hiit-2025").rows}
    for outcome in ("Physician global activity (safety)", "Muscle strength (MMT8, safety)"):
        assert "Within CON" in hiit[outcome][1] and hiit[outcome][3] == "— Not rated"
    for table_id in ("summary-of-findings", "key-results", "evidence-profile", "grade-notes", "imprecision"):
        table = registry.get(f"hiit-2025.appraisal.{table_id}")
        assert not any("favours the comparator" in cell for row in table.rows for cell in row), table_id


def test_no_group_label_such_as_not_stated_reads_as_a_group(results):
    registry, _ = results
    for study_id in ("hiit-2025", "ivig-2003"):
        for table_id in ("summary-of-findings", "key-results", "sof-setting"):
            table = registry.get(f"{study_id}.appraisal.{table_id}")
            assert not any("Not stated" in cell for row in table.rows for cell in row), table_id


def test_number_analysed_is_said_when_unknown(results):
    registry, _ = results
    rated = [row for row in _sof(registry, "hiit-2025").rows if not row[3].startswith("—")]
    assert all(row[2].endswith("randomised; number analysed not reported (1 RCT)") for row in rated)


@pytest.mark.parametrize(
    ("certainty", "expected"),
    [
        (4, "HIIT increases VO2peak more than home exercise does."),
        (3, "HIIT probably increases VO2peak more than home exercise does."),
        (2, "HIIT may increase VO2peak more than home exercise does."),
        # Very low: no statement of direction (GRADE guideline 26).
        (1, "The evidence is very uncertain about the effect of HIIT on VO2peak."),
    ],
)
def test_what_happens_follows_the_certainty(certainty, expected):
    claim = WhatHappens(
        subject="HIIT",
        does="increases",
        do="increase",
        rest="VO2peak more than home exercise does",
        about="VO2peak",
    )
    assert what_happens(claim, certainty) == expected


def test_very_low_statements_state_no_direction(results):
    registry, _ = results
    for study_id in ("hiit-2025", "ivig-2003"):
        for row in _sof(registry, study_id).rows:
            if row[3].startswith("⊕◯◯◯"):
                assert row[4].startswith("The evidence is very uncertain about the effect of"), row[0]


def _interval(lower: float, upper: float) -> Interval:
    provenance = Reported("q", "quote", "source", "url")
    return Interval("x.ci95", "x", lower, upper, "points", (1, 1), provenance, suffix="")


def test_includes_no_effect_from_the_bounds():
    # The reported intervals: 0.1 to 0.47 L/min excludes zero; -1.2 to 1.0 includes it (journal summary).
    assert not includes_no_effect(_interval(0.1, 0.47))
    assert includes_no_effect(_interval(-1.2, 1.0))
    assert includes_no_effect(_interval(0.0, 2.0))


def test_imprecision_names_its_threshold_for_every_rated_outcome(results):
    registry, dataset = results
    for study_id in ("hiit-2025", "ivig-2003"):
        table = registry.get(f"{study_id}.appraisal.imprecision")
        outcomes = dataset.studies[study_id].appraisal.summary_of_findings
        assert len(table.rows) == len(outcomes)
        assert all("threshold" in row[1] or "rule of thumb" in row[1] for row in table.rows)
    hiit = {row[0]: row for row in registry.get("hiit-2025.appraisal.imprecision").rows}
    # Said without a double negative: the column asks whether the CI includes zero, the cell answers plainly.
    assert table.header[3] == "Does the 95% CI include zero?"
    assert hiit["Aerobic capacity (VO2peak, L/min)"][3] == "No: the 95% CI excludes zero"
    assert hiit["Muscle disease activity (safety)"][3] == "Yes: includes zero (no difference)"


def test_the_rule_of_thumb_is_an_assumed_number(results):
    registry, _ = results
    value = registry.value("hiit-2025.appraisal.ois-rule-of-thumb")
    assert value.kind == "assumed" and "GRADE guidelines 6" in value.provenance.reference


# ---- the robvis plots ------------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour."""
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_judgement_colours_carry_black_symbols_legibly():
    """WCAG 1.4.3: the black symbol on each judgement's colour at 4.5:1 or more (black's luminance is 0)."""
    from myositis_evidence.charts.themes import ROB_COLOURS

    for judgement, colour in ROB_COLOURS.items():
        assert (_luminance(colour) + 0.05) / 0.05 >= 4.5, judgement


def _inline_data(node: object) -> list[list[dict]]:
    """Every inline `values` list in a Vega-Lite spec."""
    if isinstance(node, dict):
        own = [node["values"]] if isinstance(node.get("values"), list) else []
        return own + [rows for value in node.values() for rows in _inline_data(value)]
    if isinstance(node, list):
        return [rows for item in node for rows in _inline_data(item)]
    return []


def test_traffic_light_draws_a_symbol_in_every_cell(results):
    registry, dataset = results
    chart = registry.get("hiit-2025.appraisal.rob-traffic-light")
    results_assessed = dataset.studies["hiit-2025"].appraisal.rob2.results
    for spec in (chart.spec, chart.narrow_spec):
        cells = next(rows for rows in _inline_data(spec) if rows and "symbol" in rows[0])
        # Five domains and the overall judgement for each result, each with its symbol.
        assert len(cells) == 6 * len(results_assessed)
        assert {cell["symbol"] for cell in cells} <= {"+", "!", "×"}
    assert chart.data_table.header[0] == "Result" and len(chart.data_table.rows) == len(results_assessed)
    assert "Overall high" in chart.description


def test_summary_bar_shares_add_up_per_domain(results):
    registry, _ = results
    table = registry.get("hiit-2025.appraisal.rob-summary").data_table
    for row in table.rows:
        shares = [int(cell.split(" ")[-1].rstrip("%")) for cell in row[1:]]
        assert sum(shares) in (99, 100, 101), row


# ---- legends, profile columns and wording at the lowest level --------------------------------------------


def test_the_sof_legend_defines_exactly_the_abbreviations_it_uses(results):
    registry, _ = results
    hiit = _sof(registry, "hiit-2025").caption
    assert all(term in hiit for term in ("CI: confidence interval", "MD: mean difference", "RCT: randomised"))
    # The IVIG table has no mean difference and no randomised trial, so neither is defined.
    ivig = _sof(registry, "ivig-2003").caption
    assert "CI: confidence interval" in ivig
    assert "MD:" not in ivig and "RCT:" not in ivig


# GRADEpro's evidence profile (GRADEpro GDT; GRADE Handbook, Schünemann et al. 2013): certainty
# assessment (№ of studies, study design, risk of bias, inconsistency, indirectness, imprecision, other
# considerations), № of patients, effect, certainty, importance. This site adds the starting certainty after the
# design. Cochrane's summary of findings (Handbook chapter 14): outcomes, effects, № of participants (studies),
# certainty, comments.
GRADEPRO_COLUMNS = (
    "№ of studies",
    "Study design",
    "Risk of bias",
    "Inconsistency",
    "Indirectness",
    "Imprecision",
    "Other considerations",
    "№ of patients",
    "Effect (95% CI)",
    "Certainty",
    "Importance",
)


def test_the_evidence_profile_has_the_gradepro_columns_in_order(results):
    registry, _ = results
    for study_id in ("hiit-2025", "ivig-2003"):
        table = registry.get(f"{study_id}.appraisal.evidence-profile")
        assert table.header[0] == "Outcome"
        gradepro = [name for name in table.header if name in GRADEPRO_COLUMNS]
        assert tuple(gradepro) == GRADEPRO_COLUMNS
        assert table.header.index("Starting certainty") == table.header.index("Study design") + 1
        assert "Publication bias" not in table.header
        rows = [dict(zip(table.header, row, strict=True)) for row in table.rows]
        assert {row["№ of studies"] for row in rows} == {"1"}
        # Publication bias in GRADEpro's words, under other considerations.
        assert all(
            row["Other considerations"].startswith("Publication bias undetected (note ") for row in rows
        )
        # A single study: inconsistency not applicable, and the caption says why.
        assert {row["Inconsistency"].split(" (note")[0] for row in rows} == {"Not applicable"}
        assert "judged across studies and this profile rates a single study" in table.caption
        # The site has rated no outcome's importance, and says so in every row.
        assert {row["Importance"] for row in rows} == {"Not rated"}
        assert "Importance: not rated" in table.caption


def test_the_summary_of_findings_has_the_cochrane_column_order(results):
    registry, _ = results
    for study_id in ("hiit-2025", "ivig-2003"):
        header = _sof(registry, study_id).header
        cochrane = ("Outcome", "Effect (95% CI)", "№ of participants (studies)", "Certainty", "Comments")
        assert tuple(name for name in header if name in cochrane) == cochrane


def test_publication_bias_takes_gradepro_terms_only(results):
    from pydantic import ValidationError

    from myositis_evidence.dataset.appraisal_schema import Domains

    _, dataset = results
    domains = dataset.studies["ivig-2003"].appraisal.summary_of_findings[0].domains.model_dump()
    domains["publication_bias"]["judgement"] = "not serious"
    with pytest.raises(ValidationError, match="undetected"):
        Domains.model_validate(domains)
    domains["publication_bias"]["judgement"] = "strongly suspected"
    assert Domains.model_validate(domains).publication_bias.judgement == "strongly suspected"


def test_ivig_judgements_this_review_corrected(results):
    registry, dataset = results
    outcomes = {outcome.id: outcome for outcome in dataset.studies["ivig-2003"].appraisal.summary_of_findings}
    # Counting per infusion course is a reporting limitation (risk of bias), not indirectness.
    harms = outcomes["adverse-effects"].domains
    assert harms.indirectness.judgement == "not serious"
    assert "per infusion course" in harms.risk_of_bias.rationale
    assert outcomes["adverse-effects"].certainty_label == "⊕◯◯◯ Very low"
    # A single-group share has no information size: judged on its interval's width, not GRADE's rule of thumb.
    share = outcomes["physician-improved"].domains.imprecision
    assert "ois-rule-of-thumb" not in share.threshold + share.rationale + " ".join(share.shown_by)
    assert "width of the exact" in share.threshold and "width of the exact" in share.rationale
    # Blinding of assessors is not reported; that they knew is an inference, said as one.
    nih = {row[0]: row for row in registry.get("ivig-2003.appraisal.risk-of-bias").rows}
    blinded = nih["Outcome assessors blinded to the intervention"]
    assert blinded[1] == "? Not reported" and "Inferred" in blinded[2]


def test_inconsistency_is_not_applicable_for_a_single_study(results):
    _, dataset = results
    for study_id in ("hiit-2025", "ivig-2003"):
        for outcome in dataset.studies[study_id].appraisal.summary_of_findings:
            assert outcome.domains.inconsistency.judgement == "not applicable", outcome.id


def test_a_single_study_rated_not_serious_for_inconsistency_is_refused(results):
    from pydantic import ValidationError

    from myositis_evidence.dataset.appraisal_schema import Domains

    _, dataset = results
    domains = dataset.studies["hiit-2025"].appraisal.summary_of_findings[0].domains.model_dump()
    domains["inconsistency"]["judgement"] = "not serious"
    with pytest.raises(ValidationError, match="inconsistency must be 'not applicable'"):
        Domains.model_validate(domains)


def test_a_domain_past_the_lowest_level_says_it_would_be_rated_down(results):
    # IVIG: a before–after study starts low (GRADE guideline 3); very serious risk of bias reaches very low, so
    # the imprecision that follows cannot take it lower.
    registry, _ = results
    ivig = registry.get("ivig-2003.appraisal.explanations")
    imprecision = [row for row in ivig.rows if row[2] == "Imprecision"]
    assert imprecision and all(
        "would be rated down" in row[3] and "already at the lowest level" in row[3] for row in imprecision
    )
    # HIIT: a randomised trial starts high, and the fitness imprecision does take it down one level.
    hiit = {
        row[1]: row
        for row in registry.get("hiit-2025.appraisal.explanations").rows
        if row[2] == "Imprecision"
    }
    assert hiit["Aerobic capacity (VO2peak, L/min)"][3] == "Serious (rated down one level)"


def test_imprecision_reasons_compare_the_sample_with_the_information_size(results):
    """Every reason weighs the information size, or says why none applies (a share in a single group)."""
    registry, _ = results
    for study_id in ("hiit-2025", "ivig-2003"):
        for row in registry.get(f"{study_id}.appraisal.imprecision").rows:
            assert "information size" in row[6], row[0]
            if "no information size applies" in row[6]:
                assert ".appraisal.ois-rule-of-thumb}" not in row[1] + row[6], row[0]


def test_time_points_the_abstract_does_not_state_are_said_to_be_unstated(results):
    # Hara 2003: "At 12 weeks after the infusion" is said of strength and ADL only; follow-up "up to 3 months".
    registry, _ = results
    rows = {row[0].split(" — ")[0]: row[0] for row in _sof(registry, "ivig-2003").rows}
    for outcome in ("Fatigue (VAS, cm)", "Serum creatine kinase (CK, IU/l)", "Muscle pain (VAS)"):
        assert rows[outcome].endswith(
            "follow-up: time point not stated (follow-up up to {ivig-2003.follow-up.all.maximum})"
        )
    for outcome in ("Muscle strength (MMT)", "Activities of daily living (ADL)"):
        assert "12 weeks" in rows[outcome] or "assessment-time" in rows[outcome]


def test_participants_say_what_the_number_counts(results):
    registry, _ = results
    rows = {row[0].split(" — ")[0]: row[2] for row in _sof(registry, "ivig-2003").rows}
    assert rows["Prednisolone dose (co-treatment)"].startswith(
        "{ivig-2003.improved.all.count} who improved of"
    )
    assert "number assessed for harms not reported" in rows["Adverse effects (harms)"]


def test_summary_bar_says_when_it_is_an_unweighted_count(results):
    registry, _ = results
    chart = registry.get("hiit-2025.appraisal.rob-summary")
    # All three HIIT results rest on the 23 randomised: equal weights, so the bar counts results.
    assert "unweighted count" in chart.description and "weighted summary" not in chart.title
