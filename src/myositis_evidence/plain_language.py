"""Wording for the plain-language pages: certainty statements generated from the computed GRADE certainty.

A study's `plain-language.yml` holds one bare claim per summary-of-findings outcome, in each language;
`data/site/plain-language.yml` holds the certainty phrases (GRADE guidance 26) and the page labels per
language. A statement is the claim wrapped in the phrase for the outcome's computed certainty, so a patient
page can never state a finding more firmly than the summary-of-findings table.

References
----------
Santesso N, Glenton C, Dahm P, et al. GRADE guidelines 26: informative statements to communicate the findings
of systematic reviews of interventions. J Clin Epidemiol 2020;119:126–135. doi:10.1016/j.jclinepi.2019.10.014
"""

from __future__ import annotations

import functools
from pathlib import Path

from pydantic import Field, model_validator

from .appraisal_schema import CERTAINTY_LABELS, SofOutcome
from .errors import DataError
from .loading import StudyData, validate_model
from .schema import Slug, Strict
from .yaml_source import load_yaml

LANGUAGES = ("en", "ja")
DEFAULT_LANGUAGE = "en"
CERTAINTY_LEVELS = tuple(CERTAINTY_LABELS)


# ---- the files -------------------------------------------------------------------------------------------


class EnglishClaim(Strict):
    """'{subject} {does} {rest}': the verb in both forms, since "may" takes "improve", not "improves"."""

    subject: str = Field(min_length=1)
    does: str = Field(min_length=1)
    do: str = Field(min_length=1)
    rest: str = Field(min_length=1)


class Claim(Strict):
    en: EnglishClaim
    ja: str = Field(min_length=1)


class StudyClaims(Strict):
    study: str = Slug
    claims: dict[str, Claim]


class Wording(Strict):
    """One language's labels and certainty phrases."""

    notes_heading: str
    note_label: str
    certainty_title: str
    levels: dict[int, str]
    statements: dict[int, str]

    @model_validator(mode="after")
    def _every_level(self) -> Wording:
        for name in ("levels", "statements"):
            missing = set(CERTAINTY_LEVELS) - set(getattr(self, name))
            if missing:
                raise ValueError(f"{name} lacks certainty levels {sorted(missing)} (4 high … 1 very low)")
        return self


class SiteWording(Strict):
    en: Wording
    ja: Wording


@functools.lru_cache(maxsize=4)
def load_wording(site_dir: Path) -> SiteWording:
    """`data/site/plain-language.yml`, validated."""
    path = site_dir / "plain-language.yml"
    data, lines = load_yaml(path)
    return validate_model(SiteWording, data, path, lines)


@functools.lru_cache(maxsize=8)
def load_claims(folder: Path) -> StudyClaims:
    """A study's `plain-language.yml`, validated."""
    path = folder / "plain-language.yml"
    data, lines = load_yaml(path)
    claims = validate_model(StudyClaims, data, path, lines)
    if claims.study != folder.name:
        raise DataError(
            path, f"study '{claims.study}' does not match its folder '{folder.name}'", field="study"
        )
    return claims


# ---- statements ------------------------------------------------------------------------------------------


def page_language(page: str) -> str:
    """The language of a page from its file name: 'patients/hiit.ja.md' is Japanese, anything else English."""
    for language in LANGUAGES:
        if page.endswith(f".{language}.md"):
            return language
    return DEFAULT_LANGUAGE


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
        return template.format(claim=claim.ja)
    parts = claim.en
    text = template.format(subject=parts.subject, does=parts.does, do=parts.do, rest=parts.rest)
    return text[0].upper() + text[1:]


def claim_for(data: StudyData, outcome: SofOutcome) -> Claim:
    claims = load_claims(data.folder).claims
    if outcome.id not in claims:
        raise DataError(
            data.folder / "plain-language.yml",
            f"no plain-language claim for outcome '{outcome.id}'; add it under 'claims'",
            field="claims",
        )
    return claims[outcome.id]


def wording_for(data: StudyData, language: str) -> Wording:
    return getattr(load_wording(data.folder.parent / "site"), language)
