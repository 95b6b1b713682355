"""Build the registry of every result. Heavy: imports the analyses (pandas, scipy, Altair).

The order is fixed: each study's reported numbers and its content's findings, the site's cross-study tables,
every appraisal's derivations, then its tables, the GRADE and risk-of-bias tables of each appraised study, the
site's appraisal tables, and last the catalogues and the data dictionary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from myositis_evidence.analysis.appraisal import register_appraisal_tables
from myositis_evidence.analysis.content_results import (
    check_result_ids,
    register_derivations,
    register_tables_and_charts,
)
from myositis_evidence.analysis.overview import register_catalogues, register_dictionary
from myositis_evidence.analysis.reported import register_reported
from myositis_evidence.analysis.text import TextContext
from myositis_evidence.dataset.content import ContentFile
from myositis_evidence.dataset.dataset import Dataset
from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.errors import DataError, DerivationError
from myositis_evidence.results.formatting import unit_suffixes
from myositis_evidence.results.model import Chart, DuplicateIdError, Registry, Result


def build_registry(dataset: Dataset, on_chart: Callable[[Chart], None] | None = None) -> Registry:
    """Every reported and derived result, with tables and charts, for all studies of a dataset.

    on_chart is told of each chart as soon as it is registered (the build hook sends it to the render worker,
    which draws it while the rest of the analysis runs).
    """
    registry = _AnnouncingRegistry(unit_suffixes(dataset.units), on_chart=on_chart)
    context = TextContext(dataset.studies, registry)
    for study_id, data in dataset.studies.items():
        _register_study(data, dataset.content.get(study_id), context)
    site = (dataset.site_content,) if dataset.site_content is not None else ()
    for content in site:
        register_tables_and_charts(content, "findings", context)
    _register_appraisals(dataset, context)
    for content in site:
        register_tables_and_charts(content, "appraisal", context)
    register_catalogues(dataset.studies, registry)
    register_dictionary(dataset, registry)
    for content in (*dataset.content.values(), *site):
        check_result_ids(content, context)
    return Registry(registry.unit_suffixes, registry.results)  # the results alone, without the listener


@dataclass
class _AnnouncingRegistry(Registry):
    """A registry under construction that names each chart to a listener as it is added."""

    on_chart: Callable[[Chart], None] | None = field(default=None, repr=False, compare=False)

    def add(self, result: Result) -> Result:
        added = super().add(result)
        if self.on_chart is not None and isinstance(added, Chart):
            self.on_chart(added)
        return added


def _register_appraisals(dataset: Dataset, context: TextContext) -> None:
    """Sensitivity analyses of every study, their tables, then each appraised study's GRADE and RoB tables."""
    for study_id, content in dataset.content.items():
        _on_numbers(
            dataset.studies[study_id],
            lambda content=content: register_derivations(content, "appraisal", context),
        )
    for content in dataset.content.values():
        register_tables_and_charts(content, "appraisal", context)
    for data in dataset.studies.values():
        if data.appraisal is not None:
            register_appraisal_tables(data, context.registry)


def _register_study(data: StudyData, content: ContentFile | None, context: TextContext) -> None:
    """A study's reported numbers, then the derivations, tables and charts of its content's findings."""

    def register() -> None:
        register_reported(data, context.registry)
        if content is not None:
            register_derivations(content, "findings", context)
            register_tables_and_charts(content, "findings", context)

    _on_numbers(data, register)


def _on_numbers(data: StudyData, register: Callable[[], None]) -> None:
    """Run a registration; a failure that valid numbers cannot cause becomes a DataError at numbers.csv.

    Each names the study's numbers.csv: a derivation its method refuses (DerivationError, at the first input's
    row), or a row id that is also another result's id (DuplicateIdError).
    """
    path = data.folder / "numbers.csv"
    try:
        register()
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


def _first_input_line(data: StudyData, inputs: tuple[str, ...]) -> int | None:
    """The numbers.csv line of the first input that is a reported row of the study."""
    prefix = f"{data.study.id}."
    rows = [data.number_lines.get(input_id.removeprefix(prefix)) for input_id in inputs]
    return next((line for line in rows if line is not None), None)
