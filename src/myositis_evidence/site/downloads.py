"""Files offered for download: each table and chart's data as CSV, each chart's Vega-Lite spec, and each
study's whole dataset (CSV + JSON) with a Frictionless Data Package descriptor. Output is deterministic."""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING, Any

from myositis_evidence.charts.themes import dark_variant
from myositis_evidence.dataset.references import StudyReference
from myositis_evidence.pages.file_links import DOWNLOADS, chart_paths, dataset_paths, table_path
from myositis_evidence.pages.result_html import narrow_spec_address
from myositis_evidence.results.formatting import fill_text, format_result
from myositis_evidence.results.model import (
    Chart,
    Derived,
    Interval,
    Registry,
    Reported,
    Table,
    Value,
    numbers_by_study,
)
from myositis_evidence.site.publishing import json_file

if TYPE_CHECKING:
    from myositis_evidence.dataset.loading import StudyData

# What a spreadsheet may take for the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def all_files(registry: Registry, studies: dict[str, StudyData]) -> dict[str, str]:
    """Every download, by its path under the site root."""
    files: dict[str, str] = {}
    for result in registry:
        if isinstance(result, Table):
            files[table_path(result.id)] = table_csv(result, registry)
        elif isinstance(result, Chart):
            paths = chart_paths(result.id)
            files[paths["csv"]] = table_csv(result.data_table, registry)
            files[paths["spec"]] = json_file(result.spec)
            files[paths["spec_dark"]] = json_file(dark_variant(result.spec))
            if result.narrow_spec is not None:  # what the interactive chart draws in a phone's column
                files[narrow_spec_address(paths["spec"])] = json_file(result.narrow_spec)
                files[narrow_spec_address(paths["spec_dark"])] = json_file(dark_variant(result.narrow_spec))
    by_study = numbers_by_study(registry)
    for study_id, data in studies.items():
        paths = dataset_paths(study_id)
        files[paths["csv"]] = numbers_csv(data)
        files[paths["json"]] = json_file([_result_record(result) for result in by_study.get(study_id, [])])
    references = {study_id: StudyReference.of(data.study) for study_id, data in studies.items()}
    files[f"{DOWNLOADS}/datapackage.json"] = json_file(datapackage(references))
    return files


# ---- tables as CSV ---------------------------------------------------------------------------------------


def table_csv(table: Table, registry: Registry) -> str:
    """The table as CSV, each number as the page shows it."""
    rows = [list(table.header)] + [[_plain(cell, registry) for cell in row] for row in table.rows]
    return _csv(rows)


def _plain(cell: str, registry: Registry) -> str:
    """A table cell as the page shows it, in plain text (a unit the text names is not repeated)."""
    return fill_text(cell, registry)


# ---- a study's dataset -----------------------------------------------------------------------------------

NUMBERS_COLUMNS = (
    "id",
    "measure",
    "group",
    "timepoint",
    "statistic",
    "value",
    "unit",
    "as_written",
    "quote",
    "quote_text",
    "source",
    "note",
)


def numbers_csv(data: StudyData) -> str:
    """The reported numbers with the text of their quotes and the source each quote comes from."""
    quotes = {quote.id: quote for quote in data.quotes}
    rows = [list(NUMBERS_COLUMNS)]
    for row in data.numbers:
        quote = quotes[row.quote]
        rows.append(
            [
                row.id,
                row.measure,
                row.group,
                row.timepoint,
                row.statistic,
                f"{row.value:g}",
                row.unit,
                row.as_written,
                row.quote,
                " ".join(quote.text.split()),
                quote.source,
                row.note,
            ]
        )
    return _csv(rows)


def _result_record(result: Value | Interval) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": result.id,
        "label": result.label,
        "kind": result.kind,
        "unit": result.unit,
        "shown_as": format_result(result),
    }
    if isinstance(result, Value):
        record["value"] = result.value
    else:
        record["lower"], record["upper"] = result.lower, result.upper
    provenance = result.provenance
    if isinstance(provenance, Reported):
        record["source"] = {
            "quote": provenance.quote,
            "quote_id": provenance.quote_id,
            "source": provenance.source_label,
            "url": provenance.source_url,
            "note": provenance.note,
        }
    elif isinstance(provenance, Derived):
        record["method"] = {
            "method": provenance.method,
            "inputs": list(provenance.inputs),
            "reference": provenance.reference,
            "assumptions": provenance.assumptions,
        }
    return record


def datapackage(studies: dict[str, StudyReference]) -> dict[str, Any]:
    """A Frictionless Data Package descriptor for the study datasets (each build adds its version and date:
    release_metadata.stamped_datapackage)."""
    resources = []
    for study_id in studies:
        paths = dataset_paths(study_id)
        resources.append(
            {
                "name": f"{study_id}-numbers",
                "path": paths["csv"].removeprefix(f"{DOWNLOADS}/"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": name, "type": "number" if name == "value" else "string"}
                        for name in NUMBERS_COLUMNS
                    ]
                },
            }
        )
        resources.append(
            {
                "name": f"{study_id}-results",
                "path": paths["json"].removeprefix(f"{DOWNLOADS}/"),
                "format": "json",
                "mediatype": "application/json",
            }
        )
    return {
        "name": "myositis-treatment-evidence",
        "title": "Myositis treatment evidence: reported and derived numbers",
        "licenses": [LICENCE],
        "sources": [
            {"title": study.title, "path": f"https://doi.org/{study.doi}"} for study in studies.values()
        ],
        "resources": resources,
    }


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([[_csv_cell(cell) for cell in row] for row in rows])
    return buffer.getvalue()


def _csv_cell(cell: str) -> str:
    """A cell made inert, its line breaks as "\n": the writer quotes a cell only for the line terminator's
    characters, and a bare carriage return left unquoted would end the row for a reader."""
    return inert_cell(cell).replace("\r\n", "\n").replace("\r", "\n")


def inert_cell(cell: str) -> str:
    """A CSV cell a spreadsheet cannot read as a formula: OWASP's rule, a leading ' before =, +, -, @, tab or
    carriage return. A plain number ("-0.26", "+3", "1e-5") stays as it is, so it is still read as a number.
    """
    if cell.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell
