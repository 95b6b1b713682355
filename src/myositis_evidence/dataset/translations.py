"""The wording a page in another language needs for its numbers: each study's `labels.<language>.yml` and the
site's `units.<language>.yml`.

English labels, methods and notes are built from the English data files. A page in another language names
each number it shows (and each input of a derived one) by the label in the study's labels file, gives its
source, method, assumptions and note in that language, and writes its unit from the units file. Nothing falls
back to English: a missing label stops the build (pages/note_wording.py).

A text may mix languages: a list of parts, where `{en: ...}` is an English part (a bibliographic reference,
say), shown marked `lang="en"`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field, field_validator

from myositis_evidence.dataset.languages import DEFAULT_LANGUAGE, LANGUAGES
from myositis_evidence.dataset.loading import StudyData, validate_list, validate_model
from myositis_evidence.dataset.schema import Slug, Strict, Unit
from myositis_evidence.dataset.yaml_source import line_of, load_yaml
from myositis_evidence.errors import DataError, display_path

OTHER_LANGUAGES = tuple(language for language in LANGUAGES if language != DEFAULT_LANGUAGE)


class EnglishPart(Strict):
    """An English part of a translated text: shown as written, marked as English."""

    en: str = Field(min_length=1)


TextPart = str | EnglishPart
Text = str | list[TextPart]


def _text_parts(text: Text) -> list[TextPart]:
    return [text] if isinstance(text, str) else text


class ResultLabels(Strict):
    """One result's wording in the page's language. `method` and `assumptions` are a derived result's;
    `note` translates the note of its numbers.csv row. Each is required when the English has it."""

    label: Text
    method: Text | None = None
    assumptions: Text | None = None
    note: Text | None = None

    @field_validator("label", "method", "assumptions", "note")
    @classmethod
    def _not_empty(cls, text: Text | None) -> Text | None:
        if text is not None and not any(
            (part if isinstance(part, str) else part.en).strip() for part in _text_parts(text)
        ):
            raise ValueError("an empty text; write the wording, or leave the field out")
        return text


class StudyLabels(Strict):
    study: str = Slug
    sources: dict[str, str] = Field(default_factory=dict)  # by source id of study.yml
    results: dict[str, ResultLabels] = Field(default_factory=dict)  # by result id, "<study>.<…>"


class UnitLabel(Strict):
    """A unit in another language: `spaced` puts a space between number and unit ("5.5 cm", but "23人")."""

    id: str
    label: str = Field(min_length=1)
    spaced: bool = False


@dataclass(frozen=True)
class LanguageLabels:
    """One language's units and study labels, with the files they came from (for messages)."""

    language: str
    units_path: Path  # where the units file is, or would be
    units: dict[str, UnitLabel] = field(default_factory=dict)
    studies: dict[str, StudyLabels] = field(default_factory=dict)
    study_paths: dict[str, Path] = field(default_factory=dict)


def labels_path(folder: Path, language: str) -> Path:
    return folder / f"labels.{language}.yml"


def units_path(data_dir: Path, language: str) -> Path:
    return data_dir / f"units.{language}.yml"


def source_name(labels: LanguageLabels, data: StudyData, source_id: str, used_by: str) -> str:
    """A source of a study by its name in the labels' language, for a note or a quote's attribution; a
    LookupError naming the labels file and the source when the name is missing (nothing falls back to
    English). `used_by` is the result or quote id that names the source."""
    study = labels.studies.get(data.study.id)
    if study is None or source_id not in study.sources:
        path = labels.study_paths.get(data.study.id, labels_path(data.folder, labels.language))
        raise LookupError(
            f"source '{source_id}' of '{used_by}' has no '{labels.language}' name: add it under 'sources' "
            f"in {display_path(path)}"
        )
    return study.sources[source_id]


def load_translations(
    data_dir: Path, studies: dict[str, StudyData], units: dict[str, Unit]
) -> dict[str, LanguageLabels]:
    """Every language's labels files, validated against the studies' sources and the units they name."""
    return {language: _load_language(data_dir, language, studies, units) for language in OTHER_LANGUAGES}


def _load_language(
    data_dir: Path, language: str, studies: dict[str, StudyData], units: dict[str, Unit]
) -> LanguageLabels:
    path = units_path(data_dir, language)
    unit_labels: dict[str, UnitLabel] = {}
    if path.exists():
        entries, lines = validate_list(UnitLabel, path)
        for entry in entries:
            if entry.id not in units:
                raise DataError(
                    path,
                    f"unit '{entry.id}' is not in units.yml",
                    line=lines.get(entry.id),
                    field="id",
                    fix="use a unit id of units.yml",
                )
        unit_labels = {entry.id: entry for entry in entries}
    labels, paths = {}, {}
    for study_id, data in studies.items():
        study_labels = _load_study_labels(data, language)
        if study_labels is not None:
            labels[study_id], paths[study_id] = study_labels, labels_path(data.folder, language)
    return LanguageLabels(language, path, unit_labels, labels, paths)


def _load_study_labels(data: StudyData, language: str) -> StudyLabels | None:
    path = labels_path(data.folder, language)
    if not path.exists():
        return None
    raw, lines = load_yaml(path)
    labels = validate_model(StudyLabels, raw, path, lines)
    if labels.study != data.study.id:
        raise DataError(
            path,
            f"study '{labels.study}' does not match its folder '{data.folder.name}'",
            line=line_of(lines, ("study",)),
            field="study",
        )
    for result_id in labels.results:
        if not result_id.startswith(f"{data.study.id}."):
            raise DataError(
                path,
                f"result '{result_id}' is not one of study '{data.study.id}'",
                line=line_of(lines, ("results", result_id)),
                field=f"results.{result_id}",
                fix=f"label only this study's results, '{data.study.id}.…'",
            )
    source_ids = [source.id for source in data.study.sources]
    for source_id in labels.sources:
        if source_id not in source_ids:
            raise DataError(
                path,
                f"source '{source_id}' is not a source of study.yml",
                line=line_of(lines, ("sources", source_id)),
                field=f"sources.{source_id}",
                fix=f"use one of {', '.join(source_ids)}",
            )
    return labels
