"""Rules across a study's files: references resolve, numbers are in their quotes, values are possible."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from myositis_evidence.dataset.files import SOURCE_TEXTS_DIR_NAME
from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.dataset.schema import NumberRow, Unit
from myositis_evidence.dataset.written_numbers import appears_in, decimals_written, number_in, positions_in
from myositis_evidence.dataset.yaml_source import Location, line_of, read_text, shown
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
    _check_means_within_ranges(data)
    _check_parts_within_wholes(data)
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
                f"unknown source '{shown(quote.source)}'",
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
            raise _row_error(data, row, field, f"unknown {field} '{shown(value)}'", _close(value, known))


# ---- numbers against their quotes ------------------------------------------------------------------------


def _check_row_in_quote(data: StudyData, row: NumberRow) -> None:
    quote = next(quote for quote in data.quotes if quote.id == row.quote)
    if not appears_in(row.as_written, quote.text):
        raise _row_error(
            data,
            row,
            "as_written",
            f"'{shown(row.as_written)}' does not appear in quote '{quote.id}'",
            "copy the number exactly as the quote writes it, or point to the right quote",
        )
    written = number_in(row.as_written)
    if written is None:
        raise _row_error(
            data, row, "as_written", f"'{shown(row.as_written)}' does not state exactly one number"
        )
    if abs(written - row.value) > 10 ** -(decimals_written(row.as_written) + 3):
        raise _row_error(
            data,
            row,
            "value",
            f"value {row.value:g} differs from the quote's '{shown(row.as_written)}'",
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


# ---- rules over the data model ---------------------------------------------------------------------------
#
# Rows that describe the same thing share a cell: the same measure, group and timepoint. Within a cell, a 95%
# CI (ci95-lower, ci95-upper) and a range (minimum, maximum) belong to the cell's estimates, whatever the
# rows' ids; so a cell holds at most one of each bound.

Cell = tuple[str, str, str]  # measure, group, timepoint
BOUNDS = ("ci95-lower", "ci95-upper", "minimum", "maximum")


@dataclass(frozen=True)
class CellRows:
    """The rows of one cell, by statistic."""

    cell: Cell
    rows: dict[str, list[NumberRow]]

    def bound(self, statistic: str) -> NumberRow | None:
        found = self.rows.get(statistic, [])
        return found[0] if found else None

    def estimates(self, statistics: Iterable[str]) -> list[NumberRow]:
        return [row for statistic in statistics for row in self.rows.get(statistic, [])]

    def describe(self) -> str:
        measure, group, timepoint = self.cell
        return f"measure '{measure}', group '{group}' and timepoint '{timepoint}'"


def _cells(data: StudyData) -> list[CellRows]:
    """Every cell of a study's numbers, in the order of their first rows."""
    cells: dict[Cell, dict[str, list[NumberRow]]] = {}
    for row in data.numbers:
        cells.setdefault((row.measure, row.group, row.timepoint), {}).setdefault(row.statistic, []).append(
            row
        )
    return [CellRows(cell, rows) for cell, rows in cells.items()]


def _check_intervals_and_ranges(data: StudyData) -> None:
    """Per cell: one row of each bound at most, both bounds of a CI, bounds in one unit, lower ≤ upper."""
    for cell in _cells(data):
        _check_one_row_per_bound(data, cell)
        _check_ci_has_both_bounds(data, cell)
        for lower, upper in (("ci95-lower", "ci95-upper"), ("minimum", "maximum")):
            _check_bound_order(data, cell.bound(lower), cell.bound(upper))


def _check_one_row_per_bound(data: StudyData, cell: CellRows) -> None:
    for statistic in BOUNDS:
        rows = cell.rows.get(statistic, [])
        if len(rows) > 1:
            raise _row_error(
                data,
                rows[1],
                "statistic",
                f"a second {statistic} for {cell.describe()} (the first is '{rows[0].id}')",
                "give each measure, group and timepoint one 95% CI and one range; use another group or timepoint",
            )


def _check_ci_has_both_bounds(data: StudyData, cell: CellRows) -> None:
    for row, partner in ((cell.bound("ci95-lower"), "ci95-upper"), (cell.bound("ci95-upper"), "ci95-lower")):
        if row is None or cell.bound(partner) is not None:
            continue
        stem = (
            row.id.removesuffix(row.statistic)
            if row.id.endswith(row.statistic)
            else f"{row.measure}.{row.group}."
        )
        raise _row_error(
            data,
            row,
            "id",
            f"confidence interval bound '{row.id}' has no partner",
            f"add the row '{stem}{partner}' (statistic {partner}, for {cell.describe()})",
        )


def _check_bound_order(data: StudyData, lower: NumberRow | None, upper: NumberRow | None) -> None:
    if lower is None or upper is None:
        return
    if lower.unit != upper.unit:
        raise _row_error(
            data,
            upper,
            "unit",
            f"unit '{shown(upper.unit)}' differs from its lower bound's ('{shown(lower.unit)}', '{lower.id}')",
            "give both bounds the same unit",
        )
    if lower.value > upper.value:
        raise _row_error(
            data,
            lower,
            "value",
            f"lower bound {lower.value:g} is above its upper bound {upper.value:g} ('{upper.id}')",
            "check the order of the bounds",
        )
    _check_bounds_read_in_order(data, lower, upper)


def _check_bounds_read_in_order(data: StudyData, lower: NumberRow, upper: NumberRow) -> None:
    """Two bounds from one quote are two numbers in it, the lower written first ("1–3", "0.1 to 0.47"):
    a bound changed to the other's number ("3 to 3" from "1–3") cannot then pass as being in the quote."""
    if lower.quote != upper.quote:
        return
    text = next(quote.text for quote in data.quotes if quote.id == lower.quote)
    lowers, uppers = positions_in(lower.as_written, text), positions_in(upper.as_written, text)
    if not any(start < end for start in lowers for end in uppers):
        raise _row_error(
            data,
            lower,
            "as_written",
            f"'{shown(lower.as_written)}' and its upper bound '{shown(upper.as_written)}' ('{upper.id}') are not "
            f"two numbers of quote '{lower.quote}' with the lower one first",
            "copy each bound from its own place in the quote",
        )


def _check_estimates_within_intervals(data: StudyData) -> None:
    """Every estimate (mean, value, mean-percent-change) lies within the 95% CI of its cell, in its unit.

    The CI is found by measure, group and timepoint, not by id; bounds are inclusive.
    """
    for cell in _cells(data):
        lower, upper = cell.bound("ci95-lower"), cell.bound("ci95-upper")
        if lower is None or upper is None:
            continue
        for row in cell.estimates(ESTIMATE_STATISTICS):
            if row.unit != lower.unit:
                raise _row_error(
                    data,
                    row,
                    "unit",
                    f"unit '{shown(row.unit)}' differs from its 95% CI's ('{lower.unit}', '{upper.unit}')",
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


def _check_means_within_ranges(data: StudyData) -> None:
    """Every mean lies within the minimum and maximum of its cell (either may be given alone), in its unit."""
    for cell in _cells(data):
        minimum, maximum = cell.bound("minimum"), cell.bound("maximum")
        for row in cell.estimates(("mean",)):
            for bound in (bound for bound in (minimum, maximum) if bound is not None):
                _check_mean_against_bound(data, row, bound)


def _check_mean_against_bound(data: StudyData, mean: NumberRow, bound: NumberRow) -> None:
    if mean.unit != bound.unit:
        raise _row_error(
            data,
            mean,
            "unit",
            f"unit '{shown(mean.unit)}' differs from its range's ('{bound.unit}', '{bound.id}')",
            "give the mean and its range the same unit",
        )
    outside = mean.value < bound.value if bound.statistic == "minimum" else mean.value > bound.value
    if outside:
        side = "below its minimum" if bound.statistic == "minimum" else "above its maximum"
        raise _row_error(
            data,
            mean,
            "value",
            f"mean {mean.value:g} lies {side} {bound.value:g} ('{bound.id}')",
            "check the mean and its range against their quotes",
        )


def _check_parts_within_wholes(data: StudyData) -> None:
    """A measure declared `part_of` another: each row at most the whole's row of the same group, timepoint and
    statistic (which must exist), in the same unit."""
    wholes = {measure.id: measure.part_of for measure in data.study.measures if measure.part_of}
    rows = {(row.measure, row.group, row.timepoint, row.statistic): row for row in data.numbers}
    for row in data.numbers:
        whole_measure = wholes.get(row.measure)
        if whole_measure is None:
            continue
        whole = rows.get((whole_measure, row.group, row.timepoint, row.statistic))
        if whole is None:
            raise _row_error(
                data,
                row,
                "measure",
                f"measure '{row.measure}' is part of '{whole_measure}', which has no {row.statistic} "
                f"for group '{row.group}' and timepoint '{row.timepoint}' to compare with",
                f"add that row of '{whole_measure}', or remove part_of from '{row.measure}' in study.yml",
            )
        _check_part_row(data, row, whole)


def _check_part_row(data: StudyData, part: NumberRow, whole: NumberRow) -> None:
    if part.unit != whole.unit:
        raise _row_error(
            data,
            part,
            "unit",
            f"unit '{shown(part.unit)}' differs from its whole's ('{whole.unit}', '{whole.id}')",
            "give the part and the whole the same unit",
        )
    if part.value > whole.value:
        raise _row_error(
            data,
            part,
            "value",
            f"{part.id} ({part.value:g}) exceeds {whole.id} ({whole.value:g}): "
            f"measure '{part.measure}' is part of '{whole.measure}' (part_of in study.yml)",
            "check both numbers against their quotes",
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
        if count.value > total.value:  # a count never exceeds its denominator
            raise _row_error(
                data,
                count,
                "value",
                f"{count.id} ({count.value:g}) exceeds its total {total.id} ({total.value:g})",
                "check the count and the total against their quotes",
            )
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
            data.folder / "study.yml", f"rule names unknown number '{shown(key)}'", fix=_close(key, rows)
        )
    return rows[key]


def _check_study_quotes(data: StudyData) -> None:
    quote_ids = {quote.id for quote in data.quotes}
    for field in ("setting_quote", "funding_quote"):
        value = getattr(data.study, field)
        if value is not None and value not in quote_ids:
            raise DataError(
                data.folder / "study.yml",
                f"unknown quote '{shown(value)}'",
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
                f"unknown quote '{shown(quote_id)}'",
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
