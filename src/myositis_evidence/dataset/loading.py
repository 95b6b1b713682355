"""Load one study's data files into validated models, with errors that name file, line and field."""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from myositis_evidence.dataset.appraisal_schema import Appraisal
from myositis_evidence.dataset.files import check_data_folder, require_inside
from myositis_evidence.dataset.schema import NumberRow, Quote, Study, Unit
from myositis_evidence.dataset.yaml_source import Location, line_of, load_yaml, read_text, shown
from myositis_evidence.errors import DataError

NUMBERS_COLUMNS = tuple(NumberRow.model_fields)

Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class StudyData:
    """Everything read from one study folder, validated field by field (not yet across files)."""

    folder: Path
    study: Study
    quotes: tuple[Quote, ...]
    numbers: tuple[NumberRow, ...]
    number_lines: dict[str, int]
    quote_lines: dict[str, int]
    appraisal: Appraisal | None = None
    appraisal_lines: dict[Location, int] = field(default_factory=dict)

    @property
    def appraised(self) -> Appraisal:
        """The study's appraisal, for code that runs only on appraised studies (a LookupError otherwise)."""
        if self.appraisal is None:
            raise LookupError(f"study '{self.study.id}' has no appraisal.yml")
        return self.appraisal


# ---- pydantic errors as DataErrors -----------------------------------------------------------------------


def _describe(detail: dict) -> str:
    kind, field = detail["type"], str(detail["loc"][-1]) if detail["loc"] else ""
    if kind == "extra_forbidden":
        return f"unknown field '{field}'"
    if kind == "missing":
        return f"required field '{field}' is missing"
    value, message = detail.get("input"), detail["msg"].rstrip(".")
    if kind == "value_error":  # this project's own checks: their message already says what is wrong
        message = message.removeprefix("Value error, ")
        if isinstance(value, str) and shown(value) in message:
            return shown(message, 200)
    return f"{shown(message, 200)} (got {shown(repr(value))})"


def _suggest_field(model: type[BaseModel], name: str) -> str:
    close = difflib.get_close_matches(name, list(model.model_fields), n=1)
    return f"did you mean '{close[0]}'?" if close else f"allowed fields: {', '.join(model.model_fields)}"


def validate_model(model: type[Model], data: object, path: Path, lines: dict, base: Location = ()) -> Model:
    """Validate one mapping, raising a DataError that points at the offending line."""
    if not isinstance(data, dict):
        raise DataError(path, f"expected a mapping, got {type(data).__name__}", line=line_of(lines, base))
    try:
        return model.model_validate(data)
    except ValidationError as error:
        details = error.errors()
        # A misspelt field shows up both as unknown and as missing: name the misspelling, the real mistake.
        detail = next((item for item in details if item["type"] == "extra_forbidden"), details[0])
        location = (*base, *detail["loc"])
        field = ".".join(str(part) for part in detail["loc"]) or None
        fix = ""
        if detail["type"] == "extra_forbidden":
            fix = _suggest_field(_model_at(model, detail["loc"][:-1]), str(detail["loc"][-1]))
        raise DataError(
            path, _describe(detail), line=line_of(lines, location), field=field, fix=fix
        ) from None


def _model_at(model: type[BaseModel], location: tuple) -> type[BaseModel]:
    """The nested model class at a pydantic location, for field suggestions."""
    for part in location:
        if isinstance(part, int) or str(part) not in model.model_fields:
            continue  # a list's index, or a key of a mapping of models
        annotation = model.model_fields[str(part)].annotation
        inner = getattr(annotation, "__args__", (annotation,))
        model = next(
            (kind for kind in inner if isinstance(kind, type) and issubclass(kind, BaseModel)), model
        )
    return model


def validate_list(model: type[Model], path: Path) -> tuple[tuple[Model, ...], dict[str, int]]:
    """Validate a YAML file that is a list of mappings; return the items and each id's line."""
    data, lines = load_yaml(path)
    if not isinstance(data, list):
        raise DataError(path, f"expected a list of entries, got {type(data).__name__}", line=1)
    items = tuple(validate_model(model, item, path, lines, (index,)) for index, item in enumerate(data))
    ids_and_lines = [
        (str(getattr(item, "id", index)), lines.get((index,), 0)) for index, item in enumerate(items)
    ]
    _reject_duplicate_ids(path, ids_and_lines)
    return items, dict(ids_and_lines)


def _reject_duplicate_ids(path: Path, ids_and_lines: list[tuple[str, int]]) -> None:
    seen: dict[str, int] = {}
    for identifier, line in ids_and_lines:
        if identifier in seen:
            raise DataError(
                path,
                f"duplicate id '{shown(identifier)}' (first used on line {seen[identifier]})",
                line=line,
                field="id",
                fix="give each entry its own id",
            )
        seen[identifier] = line


# ---- CSV -------------------------------------------------------------------------------------------------


def load_numbers(path: Path) -> tuple[tuple[NumberRow, ...], dict[str, int]]:
    """Read numbers.csv; every row becomes a NumberRow, every error names its line and column."""
    text = read_text(path)
    if not text.strip():
        raise DataError(path, "is empty", fix=f"start it with the header: {','.join(NUMBERS_COLUMNS)}")
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    _check_header(path, reader.fieldnames or [])
    rows, ids_and_lines, records = [], [], iter(reader)
    while True:
        line = reader.line_num + 1  # where the next row starts; csv.Error does not advance line_num
        try:
            record = next(records)
        except StopIteration:
            break
        except csv.Error as error:
            raise DataError(path, f"is not valid CSV ({error})", line=line) from None
        rows.append(_number_row(path, record, reader.line_num))
        ids_and_lines.append((rows[-1].id, reader.line_num))
    _reject_duplicate_ids(path, ids_and_lines)
    return tuple(rows), dict(ids_and_lines)


def _check_header(path: Path, header: list[str]) -> None:
    repeated = next((name for index, name in enumerate(header) if name in header[:index]), None)
    if repeated is not None:  # csv.DictReader would silently keep the last of the two
        raise DataError(
            path, f"column '{shown(repeated)}' appears twice", line=1, fix="keep one column of each name"
        )
    missing = [name for name in NUMBERS_COLUMNS if name not in header]
    unknown = [name for name in header if name not in NUMBERS_COLUMNS]
    if unknown:
        close = difflib.get_close_matches(unknown[0], missing or NUMBERS_COLUMNS, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"columns are: {','.join(NUMBERS_COLUMNS)}"
        raise DataError(path, f"unknown column '{shown(unknown[0])}'", line=1, fix=hint)
    if missing:
        raise DataError(
            path, f"missing column '{missing[0]}'", line=1, fix=f"columns are: {','.join(NUMBERS_COLUMNS)}"
        )


def _number_row(path: Path, record: dict, line: int) -> NumberRow:
    if None in record or any(value is None for value in record.values()):
        raise DataError(path, "row has a different number of cells than the header", line=line)
    cleaned = {key: value for key, value in record.items() if key != "note" or value}
    try:
        return NumberRow.model_validate(cleaned)
    except ValidationError as error:
        detail = error.errors()[0]
        field = str(detail["loc"][0]) if detail["loc"] else None
        raise DataError(path, _describe(detail), line=line, field=field) from None


# ---- a study folder --------------------------------------------------------------------------------------


def load_units(data_dir: Path) -> dict[str, Unit]:
    path = data_dir / "units.yml"
    require_inside(path, data_dir.parent)
    units, _ = validate_list(Unit, path)
    return {unit.id: unit for unit in units}


def load_study(folder: Path) -> StudyData:
    """Read study.yml, quotes.yml and numbers.csv from one study folder."""
    study_path = folder / "study.yml"
    data, lines = load_yaml(study_path)
    study = validate_model(Study, data, study_path, lines)
    _require_folder_name(study.id, folder, study_path, lines, "id")
    _reject_duplicate_study_ids(study, study_path, lines)
    _check_part_of(study, study_path, lines)
    quotes, quote_lines = validate_list(Quote, folder / "quotes.yml")
    numbers, number_lines = load_numbers(folder / "numbers.csv")
    appraisal, appraisal_lines = load_appraisal(folder)
    return StudyData(folder, study, quotes, numbers, number_lines, quote_lines, appraisal, appraisal_lines)


def load_appraisal(folder: Path) -> tuple[Appraisal | None, dict[Location, int]]:
    """Read the optional appraisal.yml (GRADE and risk-of-bias judgements) of a study folder."""
    path = folder / "appraisal.yml"
    if not path.exists():
        return None, {}
    data, lines = load_yaml(path)
    appraisal = validate_model(Appraisal, data, path, lines)
    _require_folder_name(appraisal.study, folder, path, lines, "study")
    return appraisal, lines


def _require_folder_name(
    study_id: str, folder: Path, path: Path, lines: dict[Location, int], field: str
) -> None:
    """A study's files name it by its folder: a different id in `field` is an error."""
    if study_id != folder.name:
        raise DataError(
            path,
            f"{field} '{shown(study_id)}' differs from its folder name '{folder.name}'",
            line=line_of(lines, (field,)),
            field=field,
            fix="use the folder name as the study id",
        )


# Lists in study.yml whose ids numbers.csv refers to; arms and groups share the "group" column.
STUDY_ID_LISTS = (("arms", "groups"), ("timepoints",), ("measures",), ("sources",))


def _reject_duplicate_study_ids(study: Study, path: Path, lines: dict[Location, int]) -> None:
    for fields in STUDY_ID_LISTS:
        ids_and_lines = [
            (item.id, line_of(lines, (name, index)) or 0)
            for name in fields
            for index, item in enumerate(getattr(study, name))
        ]
        _reject_duplicate_ids(path, ids_and_lines)


def _check_part_of(study: Study, path: Path, lines: dict[Location, int]) -> None:
    """A measure's `part_of` names another measure of the study."""
    measure_ids = [measure.id for measure in study.measures]
    for index, measure in enumerate(study.measures):
        whole = measure.part_of
        if whole is None or (whole in measure_ids and whole != measure.id):
            continue
        others = [other for other in measure_ids if other != measure.id]
        raise DataError(
            path,
            f"measure '{measure.id}' cannot be part of itself"
            if whole == measure.id
            else f"measure '{measure.id}' is part of '{shown(whole)}', which is not a measure of this study",
            line=line_of(lines, ("measures", index, "part_of")),
            field=f"measures.{index}.part_of",
            fix=_suggest(whole, others),
        )


def _suggest(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=1)
    return f"did you mean '{close[0]}'?" if close else f"known: {', '.join(options)}"


def study_folders(data_dir: Path) -> list[Path]:
    """Every study folder under data/, in a stable order, once the data folder passes `check_data_folder`."""
    check_data_folder(data_dir)
    return sorted(path.parent for path in data_dir.glob("*/study.yml"))


# ---- the data folder -------------------------------------------------------------------------------------
