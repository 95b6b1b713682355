"""Turn validated data rows into reported results: one Value per row, one Interval per CI or range."""

from __future__ import annotations

from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.dataset.schema import NumberRow
from myositis_evidence.dataset.written_numbers import decimals_written
from myositis_evidence.results.model import Interval, Registry, Reported, Value

STATISTIC_LABELS = {
    "count": "number",
    "value": "value",
    "mean": "mean",
    "mean-percent-change": "mean change",
    "percent": "percentage",
    "minimum": "lower limit",
    "maximum": "upper limit",
    "ci95-lower": "95% CI lower bound",
    "ci95-upper": "95% CI upper bound",
    "p-below": "p below",
}
INTERVAL_PAIRS = {"ci95-lower": ("ci95-upper", "ci95", "95% CI"), "minimum": ("maximum", "range", "range")}


def register_reported(data: StudyData, registry: Registry) -> None:
    """Add every reported number of a study, and the intervals its bounds form."""
    rows = {row.id: row for row in data.numbers}
    for row in data.numbers:
        registry.add(_reported_value(data, row, registry.suffix(row.unit)))
    for row in data.numbers:
        if row.statistic in INTERVAL_PAIRS:
            upper_statistic, suffix, name = INTERVAL_PAIRS[row.statistic]
            upper = rows.get(row.id.removesuffix(row.statistic) + upper_statistic)
            if upper is not None:
                registry.add(_reported_interval(data, row, upper, suffix, name, registry.suffix(row.unit)))


def provenance_of(data: StudyData, row: NumberRow) -> Reported:
    quote = next(quote for quote in data.quotes if quote.id == row.quote)
    source = next(source for source in data.study.sources if source.id == quote.source)
    url = f"https://doi.org/{source.doi}" if source.doi else str(source.url)
    return Reported(quote.id, " ".join(quote.text.split()), source.label, url, row.note)


def group_label(data: StudyData, group_id: str) -> str:
    if group_id == "all":
        return "all"
    groups = [*data.study.arms, *data.study.groups]
    return next(group.label for group in groups if group.id == group_id)


def measure_label(data: StudyData, measure_id: str) -> str:
    return next(measure.label for measure in data.study.measures if measure.id == measure_id)


# A group label that names no group: phrased as what is unknown, so it never reads as a group's name.
UNSTATED_GROUP_LABELS = {"not stated", "unclear", "unknown"}


def _label(data: StudyData, row: NumberRow, statistic: str) -> str:
    group = group_label(data, row.group)
    if group.lower() in UNSTATED_GROUP_LABELS:
        group = f"comparison {group.lower()}"
    group_part = "" if group == "all" else f", {group}"
    return f"{measure_label(data, row.measure)}{group_part}: {statistic}"


def _reported_value(data: StudyData, row: NumberRow, unit_suffix: str) -> Value:
    return Value(
        id=f"{data.study.id}.{row.id}",
        label=_label(data, row, STATISTIC_LABELS[row.statistic]),
        value=row.value,
        unit=row.unit,
        decimals=decimals_written(row.as_written),
        provenance=provenance_of(data, row),
        measure=row.measure,
        group=row.group,
        suffix=unit_suffix,
    )


def _reported_interval(
    data: StudyData, lower: NumberRow, upper: NumberRow, suffix: str, name: str, unit_suffix: str
) -> Interval:
    base = lower.id.removesuffix(lower.statistic)
    note = lower.note if lower.note == upper.note else f"{lower.note} {upper.note}".strip()
    provenance = provenance_of(data, lower)
    return Interval(
        id=f"{data.study.id}.{base}{suffix}",
        label=_label(data, lower, name),
        lower=lower.value,
        upper=upper.value,
        unit=lower.unit,
        decimals=(decimals_written(lower.as_written), decimals_written(upper.as_written)),
        provenance=Reported(
            provenance.quote_id, provenance.quote, provenance.source_label, provenance.source_url, note
        ),
        measure=lower.measure,
        group=lower.group,
        parts=(f"{data.study.id}.{lower.id}", f"{data.study.id}.{upper.id}"),
        suffix=unit_suffix,
    )
