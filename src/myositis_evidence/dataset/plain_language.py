"""The files behind the plain-language pages: each study's claims and the site's certainty wording.

A study's `plain-language.yml` holds one bare claim per summary-of-findings outcome, in each language;
`data/site/plain-language.yml` holds the certainty phrases (GRADE guidance 26) and the page labels per
language. The statements built from them are in `pages/certainty_wording.py`.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, model_validator

from myositis_evidence.dataset.appraisal_schema import CERTAINTY_LABELS
from myositis_evidence.dataset.loading import validate_model
from myositis_evidence.dataset.schema import Slug, Strict
from myositis_evidence.dataset.yaml_source import Location, line_of, load_yaml, shown
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
    """`data/site/plain-language.yml`, validated, every template against the placeholders it may use."""
    path = site_dir / "plain-language.yml"
    data, lines = load_yaml(path)
    wording = validate_model(SiteWording, data, path, lines)
    for template in _templates(wording):
        problem = template.problem()
        if problem:
            raise DataError(
                path,
                problem,
                line=line_of(lines, template.location),
                field=".".join(str(part) for part in template.location),
                fix=f"use only {_braced(template.allowed)}, and write '{{{{' or '}}}}' for a brace that is text",
            )
    return wording


# ---- templates -------------------------------------------------------------------------------------------

# The placeholders each template is filled with (pages/certainty_wording.py, pages/shortcodes.py,
# pages/result_html.py), and those a certainty statement cannot leave out without losing the claim.
STATEMENT_FIELDS = {"en": ("subject", "does", "do", "rest"), "ja": ("claim",)}
STATEMENT_REQUIRED = {"en": ("subject", "rest"), "ja": ("claim",)}
LABEL_FIELDS = {"note_label": ("number", "kind"), "certainty_title": ("level",)}


@dataclass(frozen=True)
class Template:
    """A str.format template of the site's wording, where it is, and the placeholders it may and must use."""

    location: Location
    text: str
    allowed: tuple[str, ...]
    required: tuple[str, ...] = ()

    def problem(self) -> str | None:
        """What is wrong with the template (a malformed or unknown placeholder, a missing one), or None."""
        try:
            parts = list(string.Formatter().parse(self.text))
        except ValueError as error:  # an unbalanced brace
            return f"template '{shown(self.text)}' is malformed ({error})"
        for _, name, format_spec, conversion in parts:
            if name is not None and (name not in self.allowed or format_spec or conversion):
                written = (
                    name
                    + (f"!{conversion}" if conversion else "")
                    + (f":{format_spec}" if format_spec else "")
                )
                return f"template '{shown(self.text)}' uses the unknown placeholder '{{{shown(written)}}}'"
        used = {name for _, name, _, _ in parts}
        missing = [name for name in self.required if name not in used]
        if missing:
            return f"template '{shown(self.text)}' lacks the placeholder '{{{missing[0]}}}'"
        return None


def _templates(wording: SiteWording) -> list[Template]:
    """Every template of the site's wording, in each language."""
    found: list[Template] = []
    for language in LANGUAGES:
        texts = getattr(wording, language)
        for name, allowed in LABEL_FIELDS.items():
            found.append(Template((language, name), getattr(texts, name), allowed))
        for level, statement in texts.statements.items():
            location = (language, "statements", str(level))  # as the YAML key is written
            found.append(
                Template(location, statement, STATEMENT_FIELDS[language], STATEMENT_REQUIRED[language])
            )
    return found


def _braced(names: tuple[str, ...]) -> str:
    return ", ".join("{" + name + "}" for name in names)


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
