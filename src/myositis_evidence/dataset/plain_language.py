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
from myositis_evidence.dataset.languages import DEFAULT_LANGUAGE, LANGUAGES
from myositis_evidence.dataset.loading import validate_model
from myositis_evidence.dataset.schema import Slug, Strict
from myositis_evidence.dataset.yaml_source import Location, line_of, load_yaml, shown
from myositis_evidence.errors import DataError

CERTAINTY_LEVELS = tuple(CERTAINTY_LABELS)


class EnglishClaim(Strict):
    """'{subject} {does} {rest}': the verb in both forms, since "may" takes "improve", not "improves".

    `outcome` names what was measured without a direction ("muscle strength"), for the very-low-certainty
    statement, which says only that the effect of {subject} on {outcome} is very uncertain.
    """

    subject: str = Field(min_length=1)
    outcome: str = Field(min_length=1)
    does: str = Field(min_length=1)
    do: str = Field(min_length=1)
    rest: str = Field(min_length=1)


class JapaneseClaim(Strict):
    """`claim` ends in the plain (dictionary) form; `subject` and `outcome` carry no direction."""

    subject: str = Field(min_length=1)
    outcome: str = Field(min_length=1)
    claim: str = Field(min_length=1)


class Claim(Strict):
    en: EnglishClaim
    ja: JapaneseClaim


class StudyClaims(Strict):
    study: str = Slug
    claims: dict[str, Claim]


NUMBER_KINDS = ("reported", "derived", "assumed")


class NoteWording(Strict):
    """What each kind of number is called, and, for the "Where this comes from" boxes of the plain-language
    pages, the heading of a box's numbers and a plain-words explanation of each kind."""

    kinds: dict[str, str]
    explanations: dict[str, str]
    box_heading: str

    @model_validator(mode="after")
    def _every_kind(self) -> NoteWording:
        for name in ("kinds", "explanations"):
            if set(getattr(self, name)) != set(NUMBER_KINDS):
                raise ValueError(f"{name} must name exactly the kinds {', '.join(NUMBER_KINDS)}")
        return self


class NoteTemplates(Strict):
    """How a language other than English writes a number's provenance note and tooltip (English notes are
    written by pages/result_html.py, as the clinicians' pages have them).

    A note is its kind's template, then the source's note, the assumptions and the reference sentence, joined
    by a space where `spaced` and directly otherwise (Japanese).
    """

    spaced: bool
    reported: str
    derived: str
    derived_alone: str  # a derived number without inputs (an assumption of a sensitivity analysis)
    assumed: str
    method_reference: str
    assumed_reference: str
    input: str
    input_separator: str
    interval: str
    tooltip_reported: str
    tooltip_derived: str


class Wording(Strict):
    """One language's labels and certainty phrases."""

    notes_heading: str
    note_label: str
    certainty_title: str
    levels: dict[int, str]
    statements: dict[int, str]
    notes: NoteWording
    note_templates: NoteTemplates | None = None  # required for every language but English

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

    @model_validator(mode="after")
    def _templates_for_translated_notes(self) -> SiteWording:
        for language in LANGUAGES:
            if language != DEFAULT_LANGUAGE and getattr(self, language).note_templates is None:
                raise ValueError(f"{language} lacks note_templates: its notes are written from them")
        return self


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
STATEMENT_FIELDS = {"en": ("subject", "outcome", "does", "do", "rest"), "ja": ("subject", "outcome", "claim")}
STATEMENT_REQUIRED = {"en": ("subject", "rest"), "ja": ("claim",)}
# GRADE guidance 26 gives very low certainty no direction of effect ("The evidence is very uncertain about the
# effect of X on Y"): its template names the intervention and the outcome and may not use the directional claim.
VERY_LOW = 1
VERY_LOW_REQUIRED = {"en": ("subject", "outcome"), "ja": ("subject", "outcome")}
DIRECTIONAL_FIELDS = {"en": ("does", "do", "rest"), "ja": ("claim",)}
LABEL_FIELDS = {"note_label": ("number", "kind"), "certainty_title": ("level",)}
# The notes' templates (pages/note_wording.py): the placeholders each may use, and those it may not leave out.
NOTE_FIELDS = {
    "reported": (("label", "value", "kind", "source", "quote"), ("value", "kind", "source", "quote")),
    "derived": (("label", "value", "kind", "method", "inputs"), ("value", "kind", "method", "inputs")),
    "derived_alone": (("label", "value", "kind", "method"), ("value", "kind", "method")),
    "assumed": (("label", "value", "kind", "method"), ("value", "kind", "method")),
    "method_reference": (("reference",), ("reference",)),
    "assumed_reference": (("reference",), ("reference",)),
    "input": (("label", "value"), ("label", "value")),
    "input_separator": ((), ()),
    "interval": (("lower", "upper"), ("lower", "upper")),
    "tooltip_reported": (("kind", "source", "quote"), ("kind", "quote")),
    "tooltip_derived": (("kind", "method"), ("kind", "method")),
}


@dataclass(frozen=True)
class Template:
    """A str.format template of the site's wording, where it is, and the placeholders it may and must use."""

    location: Location
    text: str
    allowed: tuple[str, ...]
    required: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()

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
        directional = [name for name in self.forbidden if name in used]
        if directional:
            return (
                f"template '{shown(self.text)}' uses '{{{directional[0]}}}', which states a direction; "
                "very low certainty gets none (GRADE guidance 26)"
            )
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
            found.append(_statement_template(location, statement, language, level))
        for name, (allowed, required) in NOTE_FIELDS.items() if texts.note_templates else ():
            text = getattr(texts.note_templates, name)
            found.append(Template((language, "note_templates", name), text, allowed, required))
        for kind, explanation in texts.notes.explanations.items():
            found.append(
                Template((language, "notes", "explanations", kind), explanation, ("kind",), ("kind",))
            )
    return found


def _statement_template(location: Location, text: str, language: str, level: int) -> Template:
    """A certainty statement's template: at very low certainty, the outcome without the directional claim."""
    if level == VERY_LOW:
        return Template(
            location,
            text,
            STATEMENT_FIELDS[language],
            VERY_LOW_REQUIRED[language],
            DIRECTIONAL_FIELDS[language],
        )
    return Template(location, text, STATEMENT_FIELDS[language], STATEMENT_REQUIRED[language])


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
