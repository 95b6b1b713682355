"""The dataset's own tables: every number of each study, and the data dictionary."""

from __future__ import annotations

from myositis_evidence.dataset.dataset import Dataset
from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.results.model import Registry, Table, numbers_by_study


def register_catalogues(studies: dict[str, StudyData], registry: Registry) -> None:
    """One table per study listing every number the registry holds for it, reported and derived."""
    by_study = numbers_by_study(registry)
    for study_id, data in studies.items():
        rows = tuple(
            (result.id, result.label, f"{{{result.id}}}", result.kind)
            for result in by_study.get(study_id, [])
        )
        registry.add(
            Table(
                f"{study_id}.catalogue",
                f"Every number for {data.study.short_title}",
                "Result id, label, value and whether it is reported or derived; each value's note "
                "gives its quote or method.",
                ("Result id", "Label", "Value", "Kind"),
                rows,
            )
        )


def register_dictionary(dataset: Dataset, registry: Registry) -> None:
    """The data dictionary of the data folder as a table."""
    rows = tuple((entry.file, entry.column, entry.description) for entry in dataset.dictionary)
    registry.add(
        Table(
            "data.dictionary",
            "Data dictionary",
            "Every file and column of the dataset.",
            ("File", "Column", "Description"),
            rows,
            row_header=False,
        )
    )
