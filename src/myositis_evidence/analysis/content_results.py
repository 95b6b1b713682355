"""Register what a content file asks for: its derivations by method name, its tables and its charts.

Every result id the file names is checked before the entry that names it runs, and every `{result-id}` in its
text once the registry is complete; a problem is a DataError at the file's line and field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from myositis_evidence.analysis.chart_kinds import build_chart
from myositis_evidence.analysis.derivations import (
    arithmetic,
    change_derivatives,
    ci_derivatives,
    interval_width,
    proportion_derivatives,
)
from myositis_evidence.analysis.sensitivity import (
    assumed_degrees_of_freedom,
    degrees_of_freedom,
    exact_proportion,
    largest_p_value,
    optimal_information_size,
    scenario_count,
    t_distribution,
)
from myositis_evidence.analysis.text import TextContext, render_text, render_texts
from myositis_evidence.dataset.appraisal_schema import Sensitivity
from myositis_evidence.dataset.content import ContentFile
from myositis_evidence.dataset.content_schema import Stage, TextTable, references
from myositis_evidence.dataset.yaml_source import Location
from myositis_evidence.results.model import (
    PLACEHOLDER,
    Assumed,
    Derived,
    DuplicateIdError,
    Interval,
    Table,
    Value,
    unknown_id_message,
)

STAGES: dict[str, Location] = {"findings": (), "appraisal": ("appraisal",)}


def stage_of(content: ContentFile, stage: str) -> tuple[Stage, Location]:
    """The part of a content file registered at a stage ("findings": the top level; "appraisal")."""
    location = STAGES[stage]
    return (content.content.appraisal if location else content.content), location


def register_derivations(content: ContentFile, stage: str, context: TextContext) -> None:
    """The derived results of a stage of a content file, in order."""
    part, base = stage_of(content, stage)
    _register_each(
        content,
        (*base, "derivations"),
        part.derivations,
        context,
        lambda spec: DERIVATIONS[spec.method](spec, content, context),
    )


def register_tables_and_charts(content: ContentFile, stage: str, context: TextContext) -> None:
    """The tables, then the charts, of a stage of a content file."""
    part, base = stage_of(content, stage)
    _register_each(
        content,
        (*base, "tables"),
        part.tables,
        context,
        lambda table: context.registry.add(_text_table(table, context)),
    )
    _register_each(
        content,
        (*base, "charts"),
        part.charts,
        context,
        lambda chart: context.registry.add(build_chart(chart, context)),
    )


def _register_each(
    content: ContentFile,
    location: Location,
    specs: Sequence[Any],
    context: TextContext,
    register: Callable[[Any], Any],
) -> None:
    """Each entry of a list in a content file, in order, each guarded at its own location."""
    for index, spec in enumerate(specs):
        _guarded(content, (*location, index), spec, context, lambda spec=spec: register(spec))


def _guarded(
    content: ContentFile, location: Location, spec: Any, context: TextContext, register: Callable[[], Any]
) -> None:
    """Check the entry's result ids, then register it; what it cannot use becomes a DataError at the entry."""
    _check_references(content, spec, location, context, kinds=("result",))
    try:
        register()
    except DuplicateIdError as error:
        if context.registry.number(error.result_id).kind == "reported":
            raise  # a numbers.csv row named like this result: the build names the row
        raise content.error(
            (*location, "id"),
            f"the result id '{error.result_id}' is made twice",
            fix="give each entry its own id",
        ) from None
    except (KeyError, TypeError) as error:
        raise content.error(location, str(error.args[0] if error.args else error)) from None


def _text_table(spec: TextTable, context: TextContext) -> Table:
    return Table(
        spec.id,
        render_text(spec.title, context),
        render_text(spec.caption, context),
        render_texts(spec.header, context),
        tuple(render_texts(row, context) for row in spec.rows),
        row_header=spec.row_header,
    )


# ---- result ids named in a content file ------------------------------------------------------------------


def check_result_ids(content: ContentFile, context: TextContext) -> None:
    """Every result id of the file, and every `{result-id}` in its text, names a value or an interval."""
    _check_references(content, content.content, (), context, kinds=("result", "text"))


def _check_references(
    content: ContentFile, node: object, base: Location, context: TextContext, kinds: tuple[str, ...]
) -> None:
    for location, kind, value in references(node, base):
        if kind not in kinds:
            continue
        ids = [match.group(1) for match in PLACEHOLDER.finditer(value)] if kind == "text" else [value]
        for result_id in ids:
            _check_number(content, location, result_id, context)


def _check_number(content: ContentFile, location: Location, result_id: str, context: TextContext) -> None:
    if result_id not in context.registry:
        raise content.error(
            location,
            unknown_id_message(result_id, context.registry.results),
            fix="restore the numbers.csv row or the entry that makes this result, or correct the id",
        )
    if not isinstance(context.registry.get(result_id), Value | Interval):
        raise content.error(location, f"'{result_id}' is a table or chart, not a number")


# ---- derivations by method name --------------------------------------------------------------------------


def _sensitivity(content: ContentFile, context: TextContext) -> Sensitivity:
    """The appraisal's assumptions for the content file's study; a study without appraisal.yml has none."""
    data = context.studies.get(content.content.study or "")
    if data is None or data.appraisal is None:
        raise KeyError(
            f"the method needs the assumptions of an appraisal.yml, and {content.path.parent.name} has none"
        )
    return data.appraisal.sensitivity


def _ci(spec: Any, content: ContentFile, context: TextContext) -> None:
    for interval_id in spec.intervals:
        ci_derivatives(context.registry, interval_id)


def _change(spec: Any, content: ContentFile, context: TextContext) -> None:
    change_derivatives(context.registry, spec.before, spec.after, spec.id, spec.label)


def _proportion(spec: Any, content: ContentFile, context: TextContext) -> None:
    proportion_derivatives(
        context.registry,
        spec.id,
        spec.label,
        spec.count,
        spec.total,
        spec.total_assumption,
        intervals=spec.intervals,
    )


def _arithmetic(spec: Any, content: ContentFile, context: TextContext) -> None:
    explanation = Derived(spec.formula, spec.inputs, "", spec.assumptions)
    arithmetic(
        context.registry,
        spec.method,
        spec.id,
        spec.label,
        spec.inputs,
        spec.unit,
        explanation,
        spec.decimals,
        spec.measure,
        spec.group,
    )


def _interval_width(spec: Any, content: ContentFile, context: TextContext) -> None:
    interval_width(
        context.registry, spec.id, spec.label, spec.interval, spec.unit, spec.decimals, spec.formula
    )


def _information_size(spec: Any, content: ContentFile, context: TextContext) -> None:
    optimal_information_size(context.registry, spec.id, _sensitivity(content, context))


def _degrees(spec: Any, content: ContentFile, context: TextContext) -> None:
    # The number analysed is not reported: which participants stand for it is the analyst's assumption.
    explanation = Assumed(spec.formula, (spec.participants,), "", spec.assumptions)
    degrees_of_freedom(context.registry, spec.id, spec.label, spec.participants, spec.groups, explanation)


def _assumed_degrees(spec: Any, content: ContentFile, context: TextContext) -> None:
    assumed_degrees_of_freedom(context.registry, spec.id, spec.label, _sensitivity(content, context))


def _t(spec: Any, content: ContentFile, context: TextContext) -> None:
    intervals = tuple((item.key, item.label, item.interval) for item in spec.intervals)
    t_distribution(context.registry, spec.id, intervals, spec.degrees_of_freedom)


def _scenario(spec: Any, content: ContentFile, context: TextContext) -> None:
    # A scenario's count is a "what if", an analyst's input: assumed, not derived.
    explanation = Assumed(spec.formula, spec.inputs, "", spec.assumptions)
    count = scenario_count(
        context.registry, spec.id, spec.label, spec.unit, explanation, spec.at_most_per_unit
    )
    exact_proportion(
        context.registry,
        spec.id,
        spec.label,
        spec.denominator_name,
        count.id,
        spec.denominator,
        spec.assumptions,
    )


def _largest_p(spec: Any, content: ContentFile, context: TextContext) -> None:
    largest_p_value(context.registry, spec.id, spec.label, spec.inputs, spec.formula)


DERIVATIONS: dict[str, Callable[[Any, ContentFile, TextContext], None]] = {
    "ci-derivatives": _ci,
    "change-derivatives": _change,
    "proportion-derivatives": _proportion,
    "difference": _arithmetic,
    "sum": _arithmetic,
    "product": _arithmetic,
    "interval-width": _interval_width,
    "optimal-information-size": _information_size,
    "degrees-of-freedom": _degrees,
    "assumed-degrees-of-freedom": _assumed_degrees,
    "t-distribution": _t,
    "scenario": _scenario,
    "largest-p-value": _largest_p,
}
