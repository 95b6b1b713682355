"""Certainty statements for the plain-language pages, generated from the computed GRADE certainty.

A statement is a study's bare claim wrapped in the phrase for the outcome's computed certainty, so a patient
page can never state a finding more firmly than the summary-of-findings table. Following GRADE guidance 26
(Table 3 of Santesso et al.), high certainty states the effect ("X improves Y"), moderate adds "probably", low
"may", and very low states no direction at all ("The evidence is very uncertain about the effect of X on Y").

References
----------
Santesso N, Glenton C, Dahm P, et al. GRADE guidelines 26: informative statements to communicate the findings
of systematic reviews of interventions. J Clin Epidemiol 2020;119:126–135. doi:10.1016/j.jclinepi.2019.10.014
"""

from __future__ import annotations

from myositis_evidence.dataset.appraisal_schema import SofOutcome
from myositis_evidence.dataset.dataset import Dataset
from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.dataset.plain_language import Claim, Wording
from myositis_evidence.errors import DataError


def find_outcome(certainty_id: str, studies: dict[str, StudyData]) -> tuple[StudyData, SofOutcome]:
    """The study and outcome named by '<study>.appraisal.<outcome>'."""
    study_id, _, outcome_id = certainty_id.partition(".appraisal.")
    if study_id not in studies or not outcome_id:
        raise LookupError(
            f"'{certainty_id}' is not a certainty id: expected '<study>.appraisal.<outcome>' with a study "
            f"from {', '.join(studies)}"
        )
    data = studies[study_id]
    outcomes = {
        outcome.id: outcome for outcome in (data.appraisal.summary_of_findings if data.appraisal else [])
    }
    if outcome_id not in outcomes:
        raise LookupError(
            f"no outcome '{outcome_id}' in {study_id}'s summary of findings; known: {', '.join(outcomes)}"
        )
    return data, outcomes[outcome_id]


def certainty_statement(claim: Claim, certainty: int, wording: Wording, language: str) -> str:
    """The claim in the words GRADE guidance 26 gives for its certainty, capitalised as a sentence."""
    template = wording.statements[certainty]
    if language == "ja":
        japanese = claim.ja
        return template.format(subject=japanese.subject, outcome=japanese.outcome, claim=japanese.claim)
    parts = claim.en
    text = template.format(
        subject=parts.subject, outcome=parts.outcome, does=parts.does, do=parts.do, rest=parts.rest
    )
    return text[0].upper() + text[1:]


def claim_for(dataset: Dataset, data: StudyData, outcome: SofOutcome) -> Claim:
    """The study's plain-language claim for one outcome; a DataError naming the file when there is none."""
    path = data.folder / "plain-language.yml"
    study_claims = dataset.claims.get(data.study.id)
    if study_claims is None:
        raise DataError(path, "is missing: a certainty statement needs the study's plain-language claims")
    if outcome.id not in study_claims.claims:
        raise DataError(
            path, f"no plain-language claim for outcome '{outcome.id}'; add it under 'claims'", field="claims"
        )
    return study_claims.claims[outcome.id]


def wording_for(dataset: Dataset, language: str) -> Wording:
    return getattr(dataset.wording, language)
