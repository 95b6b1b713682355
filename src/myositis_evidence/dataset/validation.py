"""Rules across a study's files: references resolve, numbers are in their quotes, values are possible."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from myositis_evidence.dataset.loading import SOURCE_TEXTS_DIR_NAME, StudyData
from myositis_evidence.dataset.schema import NumberRow, Unit
from myositis_evidence.dataset.written_numbers import appears_in, decimals_written, number_in
from myositis_evidence.dataset.yaml_source import Location, line_of, read_text
from myositis_evidence.errors import DataError

BUILT_IN_GROUPS = ("all",)
ESTIMATE_STATISTICS = ("mean", "value", "mean-percent-change")


def validate_study(data: StudyData, units: dict[str, Unit]) -> None:
    """Raise a DataError on the first rule a study's data breaks."""
    _check_quotes(data)
    for row in data.numbers:
        _check_row_references(data, row, units)
        _check_row_in_quote(data, row)
        _check_row_value(data, row)
    _check_intervals_and_ranges(data)
    _check_estimates_within_intervals(data)
    _check_at_most(data)
    _check_percent_of(data)
    _check_study_quotes(data)
    _check_appraisal_quotes(data)


def _close(name: str, options: Iterable[str]) -> str:
    options = list(options)
    match = difflib.get_close_matches(name, options, n=1)
    return f"did you mean '{match[0]}'?" if match else f"known: {', '.join(sorted(options))}"


def _row_error(data: StudyData, row: NumberRow, field: str, problem: str, fix: str = "") -> DataError:
    path = data.folder / "numbers.csv"
    return DataError(path, problem, line=data.number_lines[row.id], field=field, fix=fix)


# ---- references ------------------------------------------------------------------------------------------


def _check_quotes(data: StudyData) -> None:
    sources = {source.id: source for source in data.study.sources}
    for quote in data.quotes:
        path, line = data.folder / "quotes.yml", data.quote_lines[quote.id]
        if quote.source not in sources:
            raise DataError(
                path,
                f"unknown source '{quote.source}'",
                line=line,
                field="source",
                fix=_close(quote.source, sources),
            )
        text_path = data.folder.parent / SOURCE_TEXTS_DIR_NAME / sources[quote.source].text_file
        if " ".join(quote.text.split()) not in " ".join(read_text(text_path).split()):
            raise DataError(
                path,
                f"quote '{quote.id}' is not found verbatim in {text_path.name}",
                line=line,
                field="text",
                fix="copy the sentence exactly as the source writes it",
            )


def _check_row_references(data: StudyData, row: NumberRow, units: dict[str, Unit]) -> None:
    study = data.study
    options = {
        "measure": [measure.id for measure in study.measures],
        "group": [*BUILT_IN_GROUPS, *(arm.id for arm in study.arms), *(group.id for group in study.groups)],
        "timepoint": [timepoint.id for timepoint in study.timepoints],
        "quote": [quote.id for quote in data.quotes],
        "unit": list(units),
    }
    for field, known in options.items():
        value = getattr(row, field)
        if value not in known:
            raise _row_error(data, row, field, f"unknown {field} '{value}'", _close(value, known))


# ---- numbers against their quotes ------------------------------------------------------------------------


def _check_row_in_quote(data: StudyData, row: NumberRow) -> None:
    quote = next(quote for quote in data.quotes if quote.id == row.quote)
    if not appears_in(row.as_written, quote.text):
        raise _row_error(
            data,
            row,
            "as_written",
            f"'{row.as_written}' does not appear in quote '{quote.id}'",
            "copy the number exactly as the quote writes it, or point to the right quote",
        )
    written = number_in(row.as_written)
    if written is None:
        raise _row_error(data, row, "as_written", f"'{row.as_written}' does not state exactly one number")
    if abs(written - row.value) > 10 ** -(decimals_written(row.as_written) + 3):
        raise _row_error(
            data,
            row,
            "value",
            f"value {row.value:g} differs from the quote's '{row.as_written}'",
            f"set value to {written:g}",
        )


def _check_row_value(data: StudyData, row: NumberRow) -> None:
    if row.statistic == "count" and (row.value < 0 or row.value != int(row.value)):
        raise _row_error(data, row, "value", f"a count must be a whole number ≥ 0 (got {row.value:g})")
    if (
        row.unit in ("percent", "percent of maximal heart rate")
        and row.statistic in ("percent", "value")
        and (not 0 <= row.value <= 100)
    ):
        raise _row_error(data, row, "value", f"a percentage must be between 0 and 100 (got {row.value:g})")
    if row.statistic == "p-below" and not 0 < row.value <= 1:
        raise _row_error(data, row, "value", f"a p-value threshold must be in (0, 1] (got {row.value:g})")


def _check_intervals_and_ranges(data: StudyData) -> None:
    """Both bounds of a CI must be given; a lower bound (of a CI or a range) must not exceed the upper."""
    rows = _rows_by_id(data)
    pairs = {"ci95-lower": "ci95-upper", "ci95-upper": "ci95-lower", "minimum": "maximum"}
    for row in data.numbers:
        if row.statistic not in pairs:
            continue
        partner = rows.get(row.id.removesuffix(row.statistic) + pairs[row.statistic])
        if partner is None and row.statistic.startswith("ci95"):
            raise _row_error(
                data,
                row,
                "id",
                f"confidence interval bound '{row.id}' has no partner",
                f"add the row '{row.id.removesuffix(row.statistic) + pairs[row.statistic]}'",
            )
        if partner is not None and row.statistic in ("ci95-lower", "minimum") and row.value > partner.value:
            raise _row_error(
                data,
                row,
                "value",
                f"lower bound {row.value:g} is above its upper bound {partner.value:g} ('{partner.id}')",
                "check the order of the bounds",
            )


def _check_estimates_within_intervals(data: StudyData) -> None:
    """A point estimate must lie within its own 95% CI, in the same unit.

    Pairing rule: the rows are paired by id, as CI bounds are. An estimate is a row whose statistic is
    mean, value or mean-percent-change and whose id ends with ".<statistic>"; its stem is the id without
    that ending. Its CI is the pair of rows "<stem>.ci95-lower" and "<stem>.ci95-upper". For example,
    "pain.hiit.mean" is checked against "pain.hiit.ci95-lower" and "pain.hiit.ci95-upper"; an estimate
    with no such rows (or whose id ends otherwise) is not paired. Bounds are inclusive.
    """
    rows = _rows_by_id(data)
    for row in data.numbers:
        if row.statistic not in ESTIMATE_STATISTICS or not row.id.endswith(f".{row.statistic}"):
            continue
        stem = row.id.removesuffix(row.statistic)
        lower, upper = rows.get(f"{stem}ci95-lower"), rows.get(f"{stem}ci95-upper")
        if lower is None or upper is None:
            continue
        if row.unit != lower.unit or row.unit != upper.unit:
            raise _row_error(
                data,
                row,
                "unit",
                f"unit '{row.unit}' differs from its 95% CI's ('{lower.unit}', '{upper.unit}')",
                "give the estimate and both bounds the same unit",
            )
        if not lower.value <= row.value <= upper.value:
            raise _row_error(
                data,
                row,
                "value",
                f"estimate {row.value:g} lies outside its 95% CI {lower.value:g} to {upper.value:g} "
                f"('{lower.id}', '{upper.id}')",
                "check the estimate and both bounds against their quotes",
            )


def _check_at_most(data: StudyData) -> None:
    rows = _rows_by_id(data)
    for rule in data.study.at_most:
        number, limit = _rule_row(data, rows, rule.number), _rule_row(data, rows, rule.limit)
        if number.value > limit.value:
            raise _row_error(
                data,
                number,
                "value",
                f"{number.id} ({number.value:g}) exceeds {limit.id} ({limit.value:g}): {rule.meaning}",
                "check both numbers against their quotes",
            )


def _check_percent_of(data: StudyData) -> None:
    rows = _rows_by_id(data)
    for rule in data.study.percent_of:
        percent, count, total = (_rule_row(data, rows, key) for key in (rule.percent, rule.count, rule.total))
        if total.value == 0:
            raise _row_error(data, total, "value", f"{total.id} is 0, so no percentage of it exists")
        computed = 100 * count.value / total.value
        tolerance = 0.5 * 10 ** -decimals_written(percent.as_written) + 1e-9
        if abs(computed - percent.value) > tolerance:
            raise _row_error(
                data,
                percent,
                "value",
                f"{percent.value:g}% is not {count.value:g} of {total.value:g} ({computed:.2f}%)",
                "check the count, the total and the percentage",
            )


def _rows_by_id(data: StudyData) -> dict[str, NumberRow]:
    return {row.id: row for row in data.numbers}


def _rule_row(data: StudyData, rows: dict[str, NumberRow], key: str) -> NumberRow:
    if key not in rows:
        raise DataError(
            data.folder / "study.yml", f"rule names unknown number '{key}'", fix=_close(key, rows)
        )
    return rows[key]


def _check_study_quotes(data: StudyData) -> None:
    quote_ids = {quote.id for quote in data.quotes}
    for field in ("setting_quote", "funding_quote"):
        value = getattr(data.study, field)
        if value is not None and value not in quote_ids:
            raise DataError(
                data.folder / "study.yml",
                f"unknown quote '{value}'",
                field=field,
                fix=_close(value, quote_ids),
            )


def _check_appraisal_quotes(data: StudyData) -> None:
    """Every judgement in appraisal.yml must rest on quotes that exist in the study's quotes.yml."""
    if data.appraisal is None:
        return
    quote_ids = {quote.id for quote in data.quotes}
    for location, quote_id in appraisal_quote_references(data.appraisal.model_dump()):
        if quote_id not in quote_ids:
            raise DataError(
                data.folder / "appraisal.yml",
                f"unknown quote '{quote_id}'",
                line=line_of(data.appraisal_lines, location),
                field=".".join(str(part) for part in location),
                fix=_close(quote_id, quote_ids),
            )


def appraisal_quote_references(node: object, location: Location = ()) -> list[tuple[Location, str]]:
    """Every (location, quote id) under a `quotes:` list in a dumped appraisal."""
    if isinstance(node, dict):
        found = []
        for key, value in node.items():
            if key == "quotes":
                found.extend(((*location, key, index), quote) for index, quote in enumerate(value))
            else:
                found.extend(appraisal_quote_references(value, (*location, key)))
        return found
    if isinstance(node, list | tuple):
        return [
            item
            for index, value in enumerate(node)
            for item in appraisal_quote_references(value, (*location, index))
        ]
    return []


def source_text_path(data: StudyData, source_id: str) -> Path:
    source = next(source for source in data.study.sources if source.id == source_id)
    return data.folder.parent / SOURCE_TEXTS_DIR_NAME / source.text_file
