"""Build the registry of every result. Heavy: imports the analyses (pandas, scipy, Altair)."""

from __future__ import annotations

from myositis_evidence.analysis.per_study import ANALYSES, CROSS_STUDY, register_dictionary
from myositis_evidence.analysis.reported import register_reported
from myositis_evidence.dataset.dataset import Dataset
from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.errors import DataError, DerivationError
from myositis_evidence.results.formatting import unit_suffixes
from myositis_evidence.results.model import DuplicateIdError, Registry


def build_registry(dataset: Dataset) -> Registry:
    """Every reported and derived result, with tables and charts, for all studies of a dataset."""
    registry = Registry(unit_suffixes(dataset.units))
    for data in dataset.studies.values():
        _register_study(data, registry)
    for register_cross_study in CROSS_STUDY:
        register_cross_study(dataset.studies, registry)
    register_dictionary(dataset, registry)
    return registry


def _register_study(data: StudyData, registry: Registry) -> None:
    """A study's reported and derived results; a failure on its numbers becomes a DataError.

    Valid data cannot cause these failures, so each names the study's numbers.csv: a derivation its method
    refuses (DerivationError, at the first input's row), a row id that is also another result's id
    (DuplicateIdError), or an input the analysis cannot find or use (KeyError, TypeError from Registry.value).
    """
    path = data.folder / "numbers.csv"
    try:
        register_reported(data, registry)
        if data.study.id in ANALYSES:
            ANALYSES[data.study.id](data, registry)
    except DerivationError as error:
        line = _first_input_line(data, error.inputs)
        raise DataError(
            path, str(error), line=line, field="value", fix="check the inputs against their quotes"
        ) from None
    except DuplicateIdError as error:
        raise DataError(
            path,
            f"the row's id makes the result id '{error.result_id}', which another result already has",
            line=_first_input_line(data, (error.result_id,)),
            field="id",
            fix="rename the row",
        ) from None
    except (KeyError, TypeError) as error:
        module = f"analyses/{data.study.id.replace('-', '_')}.py"
        raise DataError(
            path,
            f"the analysis of '{data.study.id}' cannot use its inputs: {error.args[0] if error.args else error}",
            fix=f"restore the row it reads, or change {module}",
        ) from None


def _first_input_line(data: StudyData, inputs: tuple[str, ...]) -> int | None:
    """The numbers.csv line of the first input that is a reported row of the study."""
    prefix = f"{data.study.id}."
    rows = [data.number_lines.get(input_id.removeprefix(prefix)) for input_id in inputs]
    return next((line for line in rows if line is not None), None)
