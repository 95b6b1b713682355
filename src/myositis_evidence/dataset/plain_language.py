"""The files behind the plain-language pages: each study's claims and the site's certainty wording.

A study's `plain-language.yml` holds one bare claim per summary-of-findings outcome, in each language;
`data/site/plain-language.yml` holds the certainty phrases (GRADE guidance 26) and the page labels per
language. The statements built from them are in `pages/certainty_wording.py`.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from myositis_evidence.dataset.appraisal_schema import CERTAINTY_LABELS
from myositis_evidence.dataset.loading import validate_model
from myositis_evidence.dataset.schema import Slug, Strict
from myositis_evidence.dataset.yaml_source import load_yaml
from myositis_evidence.errors import DataError

LANGUAGES = ("en", "ja")
DEFAULT_LANGUAGE = "en"
CERTAINTY_LEVELS = tuple(CERTAINTY_LABELS)


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


def load_wording(site_dir: Path) -> SiteWording:
    """`data/site/plain-language.yml`, validated."""
    path = site_dir / "plain-language.yml"
    data, lines = load_yaml(path)
    return validate_model(SiteWording, data, path, lines)


def load_claims(folder: Path) -> StudyClaims | None:
    """A study's `plain-language.yml`, validated; None when the study has none."""
    path = folder / "plain-language.yml"
    if not path.exists():
        return None
    data, lines = load_yaml(path)
    claims = validate_model(StudyClaims, data, path, lines)
    if claims.study != folder.name:
        raise DataError(
            path, f"study '{claims.study}' does not match its folder '{folder.name}'", field="study"
        )
    return claims
