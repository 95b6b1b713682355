"""The text of a content file as the page shows it: strings kept, structured parts replaced by what they cite."""

from __future__ import annotations

from dataclasses import dataclass

from myositis_evidence.analysis.appraisal import (
    certainty_by_outcome,
    risk_of_bias_overall,
    starting_certainty,
)
from myositis_evidence.dataset.content import study_field
from myositis_evidence.dataset.content_schema import (
    CertaintyByOutcomePart,
    Part,
    ResultPart,
    RiskOfBiasOverallPart,
    StartingCertaintyPart,
    StudyFieldPart,
    Text,
)
from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.results.formatting import format_result
from myositis_evidence.results.model import Interval, Registry, Value


@dataclass(frozen=True)
class TextContext:
    """What the parts of a text cite: the studies (fields, appraisals) and the results computed so far."""

    studies: dict[str, StudyData]
    registry: Registry

    def number(self, result_id: str) -> Value | Interval:
        """A value or interval; a table or chart under the id is a TypeError naming it."""
        result = self.registry.get(result_id)
        if not isinstance(result, Value | Interval):
            raise TypeError(f"result '{result_id}' is a {type(result).__name__}, not a number")
        return result


def render_text(text: Text, context: TextContext) -> str:
    """A string, a part, or parts joined without separators."""
    if isinstance(text, tuple):
        return "".join(_render_part(part, context) for part in text)
    return _render_part(text, context)


def render_texts(texts: tuple[Text, ...], context: TextContext) -> tuple[str, ...]:
    """A row or a header: each cell rendered."""
    return tuple(render_text(text, context) for text in texts)


def _render_part(part: Part, context: TextContext) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, ResultPart):
        return format_result(context.number(part.result), with_unit=part.with_unit)
    if isinstance(part, StudyFieldPart):
        return study_field(context.studies, part.study_field)
    if isinstance(part, StartingCertaintyPart):
        return starting_certainty(part.starting_certainty)
    if isinstance(part, RiskOfBiasOverallPart):
        return risk_of_bias_overall(context.studies[part.risk_of_bias_overall])
    if isinstance(part, CertaintyByOutcomePart):
        return certainty_by_outcome(context.studies[part.certainty_by_outcome])
    raise TypeError(f"unknown part of a text: {part!r}")
