"""Load the content files (`<study>/content.yml`, `site/content.yml`) and check what they cite of the studies.

Result ids cannot be checked here: most of them are derived, so the analysis stage checks them once the
registry is built, with the same file, line and field.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from myositis_evidence.dataset.content_schema import CHART_KINDS, METHODS, Content, references
from myositis_evidence.dataset.loading import StudyData, validate_model
from myositis_evidence.dataset.yaml_source import Location, line_of, load_yaml
from myositis_evidence.errors import DataError

CONTENT_FILE_NAME = "content.yml"


@dataclass(frozen=True)
class ContentFile:
    """One validated content file with the line of every key, for errors found later."""

    path: Path
    content: Content
    lines: dict[Location, int] = field(default_factory=dict)

    def error(self, location: Location, problem: str, fix: str = "") -> DataError:
        """A DataError at a location of this file (a pydantic-style path of keys and indices)."""
        where = ".".join(str(part) for part in location) or None
        return DataError(self.path, problem, line=line_of(self.lines, location), field=where, fix=fix)


def load_content(folder: Path) -> ContentFile | None:
    """The folder's content.yml, validated; None when the folder has none."""
    path = folder / CONTENT_FILE_NAME
    if not path.exists():
        return None
    data, lines = load_yaml(path)
    _check_kinds(data, path, lines)
    content = validate_model(Content, data, path, lines)
    if content.study is not None and content.study != folder.name:
        raise DataError(
            path,
            f"study '{content.study}' differs from its folder name '{folder.name}'",
            line=line_of(lines, ("study",)),
            field="study",
            fix="use the folder name as the study id",
        )
    return ContentFile(path, content, lines)


def _check_kinds(data: object, path: Path, lines: dict[Location, int]) -> None:
    """Name a misspelt chart kind or derivation method at its own line, with the nearest valid name.

    Left to pydantic, an unknown discriminator is reported at the entry, with the whole entry as its value.
    """
    sections = [data, data.get("appraisal")] if isinstance(data, dict) else []
    for base, section in zip(((), ("appraisal",)), sections, strict=False):
        if not isinstance(section, dict):
            continue
        for name, key, known in (("charts", "kind", CHART_KINDS), ("derivations", "method", METHODS)):
            entries = section.get(name)
            for index, entry in enumerate(entries if isinstance(entries, list) else []):
                value = entry.get(key) if isinstance(entry, dict) else None
                if isinstance(value, str) and value not in known:
                    location = (*base, name, index, key)
                    raise DataError(
                        path,
                        f"unknown {key} '{value}'",
                        line=line_of(lines, location),
                        field=".".join(str(part) for part in location),
                        fix=_nearest(value, known),
                    )


def _nearest(name: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"did you mean '{close[0]}'?" if close else f"known: {', '.join(known)}"


def check_study_references(content: ContentFile, studies: dict[str, StudyData]) -> None:
    """Every study field a content file cites exists and is text; every appraised study has an appraisal."""
    for location, kind, value in references(content.content):
        if kind == "study_field":
            try:
                study_field(studies, value)
            except KeyError as error:
                raise content.error(location, str(error.args[0])) from None
        elif kind == "study":
            data = studies.get(value)
            if data is None or data.appraisal is None:
                known = ", ".join(sorted(key for key, item in studies.items() if item.appraisal))
                raise content.error(location, f"no appraised study '{value}' (appraised: {known})")


def study_field(studies: dict[str, StudyData], reference: str) -> str:
    """The text at `<study>.<field>[.<item id or position>...]`; a KeyError names what is missing."""
    study_id, *steps = reference.split(".")
    if study_id not in studies:
        raise KeyError(
            f"unknown study '{study_id}' in study field '{reference}' (known: {', '.join(studies)})"
        )
    node: object = studies[study_id].study
    for step in steps:
        node = _step(node, step)
        if node is None:
            raise KeyError(f"study field '{reference}' does not exist in {study_id}/study.yml (at '{step}')")
    if not isinstance(node, str):
        raise KeyError(f"study field '{reference}' is not text")
    return node


def _step(node: object, step: str) -> object:
    """One step into a study: a model field, or a list item by its id or its position."""
    if isinstance(node, BaseModel):
        return getattr(node, step, None) if step in type(node).model_fields else None
    if isinstance(node, list | tuple):
        by_id = next((item for item in node if getattr(item, "id", None) == step), None)
        if by_id is not None or not step.isdigit():
            return by_id
        return node[int(step)] if int(step) < len(node) else None
    return None
