"""A number's provenance note and tooltip in the page's language: what the number is and where it comes from.

Each number is one of three kinds: *reported* (its source and verbatim quote), *derived* (its method, inputs
and the reference cited for the method) or *assumed* (an analyst's input, with why it was chosen). English
notes are written here as the clinicians' pages show them. A page in another language takes its labels,
methods, notes and units from the studies' `labels.<language>.yml` and `data/units.<language>.yml`
(dataset/translations.py) and its sentence patterns from `data/site/plain-language.yml`; the quotes stay
verbatim and are marked `lang="en"`. A missing translation raises a LookupError naming the file and the result:
nothing falls back to English.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Protocol

from myositis_evidence.dataset.dataset import Dataset
from myositis_evidence.dataset.languages import DEFAULT_LANGUAGE
from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.dataset.plain_language import NoteTemplates
from myositis_evidence.dataset.translations import (
    EnglishPart,
    LanguageLabels,
    ResultLabels,
    Text,
    labels_path,
    source_name,
)
from myositis_evidence.dataset.yaml_source import shown
from myositis_evidence.errors import display_path
from myositis_evidence.results.formatting import format_number, format_result
from myositis_evidence.results.model import Assumed, Derived, Interval, Registry, Reported, Value

Number = Value | Interval


class NoteVoice(Protocol):
    """How one language writes a number, its tooltip and its note (the note as HTML)."""

    language: str

    def value_text(self, result: Number, *, with_unit: bool = True) -> str: ...

    def tooltip(self, result: Number) -> str: ...

    def note_html(self, result: Number, registry: Registry) -> str: ...


def voice_for(dataset: Dataset, language: str) -> NoteVoice:
    """The voice of a page in `language`: English as written in the data, any other from its labels files."""
    if language == DEFAULT_LANGUAGE:
        return EnglishVoice()
    wording = getattr(dataset.wording, language)
    return TranslatedVoice(
        language, wording.note_templates, wording.notes.kinds, dataset.translations[language], dataset.studies
    )


# ---- English ---------------------------------------------------------------------------------------------


class EnglishVoice:
    language = DEFAULT_LANGUAGE

    def value_text(self, result: Number, *, with_unit: bool = True) -> str:
        return format_result(result, with_unit=with_unit)

    def tooltip(self, result: Number) -> str:
        """Reported with its quote, derived with its method, or assumed by this site."""
        provenance = result.provenance
        if isinstance(provenance, Reported):
            return f"Reported ({provenance.source_label}): “{provenance.quote}”"
        if isinstance(provenance, Assumed):
            return f"Assumed: {provenance.method}"
        return f"Derived: {provenance.method}"

    def note_html(self, result: Number, registry: Registry) -> str:
        label = html.escape(result.label)
        shown_value = html.escape(format_result(result))
        provenance = result.provenance
        if isinstance(provenance, Reported):
            note = f" {html.escape(provenance.note)}" if provenance.note else ""
            return (
                f"<strong>{label}</strong>: {shown_value}. <em>Reported</em> in "
                f'<a href="{html.escape(provenance.source_url, quote=True)}">{html.escape(provenance.source_label)}</a>: '
                f"<q>{html.escape(provenance.quote)}</q>.{note}"
            )
        if isinstance(provenance, Assumed):
            return f"<strong>{label}</strong>: {shown_value}. <em>Assumed</em>: {_assumed_text(provenance)}"
        return f"<strong>{label}</strong>: {shown_value}. <em>Derived</em>: {_derived_text(provenance, registry)}"


def _assumed_text(provenance: Assumed) -> str:
    """An analyst's input: what it is, why it was chosen, and what its reference is cited for."""
    parts = [f"{html.escape(provenance.method)}."]
    if provenance.assumptions:
        parts.append(html.escape(provenance.assumptions))
    if provenance.reference:
        parts.append(f"Cited for the method that uses it: {html.escape(provenance.reference)}.")
    return " ".join(parts)


def _derived_text(provenance: Derived, registry: Registry) -> str:
    inputs = "; ".join(
        f"{html.escape(registry.number(key).label)} = {html.escape(format_result(registry.number(key)))}"
        for key in provenance.inputs
    )
    # An assumption of a sensitivity analysis has no inputs: say what it is, not "from ." .
    parts = [
        f"{html.escape(provenance.method)}, from {inputs}."
        if inputs
        else f"{html.escape(provenance.method)}."
    ]
    if provenance.assumptions:
        parts.append(html.escape(provenance.assumptions))
    if provenance.reference:
        parts.append(f"Cited for the method: {html.escape(provenance.reference)}.")
    return " ".join(parts)


# ---- other languages -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TranslatedVoice:
    """Notes in a language other than English, from its labels files; quotes and references stay English."""

    language: str
    templates: NoteTemplates
    kinds: dict[str, str]
    labels: LanguageLabels
    studies: dict[str, StudyData]

    def value_text(self, result: Number, *, with_unit: bool = True) -> str:
        if isinstance(result, Interval):
            lower = format_number(result.lower, result.decimals[0], result.unit)
            upper = format_number(result.upper, result.decimals[1], result.unit)
            number = self.templates.interval.format(lower=lower, upper=upper)
        else:
            number = format_number(result.value, result.decimals, result.unit)
        return number + self._unit(result) if with_unit else number

    def tooltip(self, result: Number) -> str:
        provenance, kind = result.provenance, self.kinds[result.kind]
        if isinstance(provenance, Reported):
            source = self._source(result.id, provenance)
            return self.templates.tooltip_reported.format(kind=kind, source=source, quote=provenance.quote)
        method = _plain(self._text(result.id, "method", provenance.method))
        return self.templates.tooltip_derived.format(kind=kind, method=method)

    def note_html(self, result: Number, registry: Registry) -> str:
        provenance = result.provenance
        fields = {
            "label": f"<strong>{self._text_html(result.id, 'label', result.label)}</strong>",
            "value": html.escape(self.value_text(result)),
            "kind": f"<em>{html.escape(self.kinds[result.kind])}</em>",
        }
        if isinstance(provenance, Reported):
            source = html.escape(self._source(result.id, provenance))
            fields["source"] = f'<a href="{html.escape(provenance.source_url, quote=True)}">{source}</a>'
            fields["quote"] = f'<q lang="{DEFAULT_LANGUAGE}">{html.escape(provenance.quote)}</q>'
            sentences = [self._fill(self.templates.reported, fields)]
            sentences.append(self._text_html(result.id, "note", provenance.note))
            return self._joined(sentences)
        fields["method"] = self._text_html(result.id, "method", provenance.method)
        return self._joined(self._derived_sentences(result, provenance, fields, registry))

    def _derived_sentences(
        self, result: Number, provenance: Derived, fields: dict[str, str], registry: Registry
    ) -> list[str]:
        assumed = isinstance(provenance, Assumed)
        if assumed:
            template = self.templates.assumed
        elif provenance.inputs:
            template = self.templates.derived
            fields["inputs"] = self._inputs(provenance.inputs, registry)
        else:
            template = self.templates.derived_alone
        sentences = [self._fill(template, fields)]
        sentences.append(self._text_html(result.id, "assumptions", provenance.assumptions))
        if provenance.reference:
            reference = self.templates.assumed_reference if assumed else self.templates.method_reference
            cited = f'<span lang="{DEFAULT_LANGUAGE}">{html.escape(provenance.reference)}</span>'
            sentences.append(self._fill(reference, {"reference": cited}))
        return sentences

    def _inputs(self, keys: tuple[str, ...], registry: Registry) -> str:
        separator = self.templates.input_separator + (" " if self.templates.spaced else "")
        return separator.join(
            self._fill(
                self.templates.input,
                {
                    "label": self._text_html(key, "label", registry.number(key).label),
                    "value": html.escape(self.value_text(registry.number(key))),
                },
            )
            for key in keys
        )

    def _joined(self, sentences: list[str]) -> str:
        return (" " if self.templates.spaced else "").join(sentence for sentence in sentences if sentence)

    @staticmethod
    def _fill(template: str, fields: dict[str, str]) -> str:
        """A template's own text escaped, its placeholders filled with HTML already escaped."""
        return html.escape(template, quote=False).format(**fields)

    # ---- lookups: each names the file to add the missing wording to -----------------------------------

    def _entry(self, result_id: str) -> ResultLabels:
        study_id = result_id.partition(".")[0]
        study = self.labels.studies.get(study_id)
        entry = study.results.get(result_id) if study is not None else None
        if entry is None:
            raise LookupError(
                f"'{result_id}' has no '{self.language}' label: add it under 'results' in "
                f"{self._labels_file(study_id)}"
            )
        return entry

    def _text(self, result_id: str, name: str, english: str) -> Text | None:
        """The translation of one field; required when the English has it, refused when it has none."""
        translated = getattr(self._entry(result_id), name)
        if english and translated is None:
            raise LookupError(
                f"'{result_id}' has no '{self.language}' {name}: translate '{shown(english)}' under "
                f"'results' in {self._labels_file(result_id.partition('.')[0])}"
            )
        if translated is not None and not english:
            raise LookupError(
                f"'{result_id}' has a '{self.language}' {name} but no English one: remove it from "
                f"{self._labels_file(result_id.partition('.')[0])}"
            )
        return translated

    def _text_html(self, result_id: str, name: str, english: str) -> str:
        return _html(self._text(result_id, name, english))

    def _source(self, result_id: str, provenance: Reported) -> str:
        data = self.studies[result_id.partition(".")[0]]
        source_id = next(quote.source for quote in data.quotes if quote.id == provenance.quote_id)
        return source_name(self.labels, data, source_id, result_id)

    def _unit(self, result: Number) -> str:
        if not result.suffix:
            return ""  # a unitless number (a p-value, a z)
        unit = self.labels.units.get(result.unit)
        if unit is None:
            raise LookupError(
                f"unit '{result.unit}' of '{result.id}' has no '{self.language}' label: add it to "
                f"{display_path(self.labels.units_path)}"
            )
        return (" " if unit.spaced else "") + unit.label

    def _labels_file(self, study_id: str) -> str:
        path = self.labels.study_paths.get(study_id)
        if path is None:
            path = labels_path(self.studies[study_id].folder, self.language)
        return display_path(path)


def _html(text: Text | None) -> str:
    """A translated text as HTML: its English parts marked lang="en"."""
    if text is None:
        return ""
    if isinstance(text, str):
        return html.escape(text)
    return "".join(
        f'<span lang="{DEFAULT_LANGUAGE}">{html.escape(part.en)}</span>'
        if isinstance(part, EnglishPart)
        else html.escape(part)
        for part in text
    )


def _plain(text: Text | None) -> str:
    """A translated text as plain text, for a tooltip."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return "".join(part.en if isinstance(part, EnglishPart) else part for part in text)
