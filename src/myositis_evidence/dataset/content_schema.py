"""The shape of the content files: `data/<study>/content.yml` and `data/site/content.yml`.

A content file says what a study's pages show, as data: which results are derived from which inputs by which
named method, which tables and which charts, with their titles, captions and labels. The analysis stage knows
only the kinds named here (`method` of a derivation, `kind` of a chart); it never knows a study.

Text anywhere in a content file is a string, one structured part, or a list of strings and parts joined
without separators. A string in a table cell may hold `{result-id}` placeholders, filled in when the page is
rendered; everything else that depends on data is a part: `{result: id}` (the formatted number),
`{study_field: <study>.design}` (a field of a study.yml; list items by id or position),
`{starting_certainty: <design>}`, `{risk_of_bias_overall: <study>}` and `{certainty_by_outcome: <study>}`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, ClassVar, Literal, get_args

from pydantic import BaseModel, Field, StringConstraints, model_validator

from myositis_evidence.dataset.appraisal_schema import Design
from myositis_evidence.dataset.schema import ResultKey, Slug, Strict
from myositis_evidence.dataset.yaml_source import Location

# Strict strips whitespace from strings; pieces of text keep theirs, or "12 patients" + " treated" would join
# as "12 patientstreated".
Words = Annotated[str, StringConstraints(strip_whitespace=False)]
ResultId = Annotated[str, ResultKey]


class Contentful(Strict):
    """A content model; REFERENCES names its fields that hold result ids (a string or a list of them)."""

    REFERENCES: ClassVar[tuple[str, ...]] = ()


# ---- text ------------------------------------------------------------------------------------------------


class ResultPart(Contentful):
    """A number as the page shows it ("12 weeks"), or without its unit ("12")."""

    REFERENCES = ("result",)
    result: ResultId
    with_unit: bool = True


class StudyFieldPart(Contentful):
    """A text field of a study.yml: `<study>.<field>[.<item id or position>.<field>...]`."""

    study_field: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9_-]+)+$")


class StartingCertaintyPart(Contentful):
    """The GRADE certainty a design starts at ("⊕⊕⊕⊕ High" for a randomised trial)."""

    starting_certainty: Design


class RiskOfBiasOverallPart(Contentful):
    """The overall judgement of a study's risk-of-bias tool, with its symbol ("✖ High")."""

    risk_of_bias_overall: str = Slug


class CertaintyByOutcomePart(Contentful):
    """Every outcome of a study's summary of findings with its computed certainty."""

    certainty_by_outcome: str = Slug


Part = (
    Words
    | ResultPart
    | StudyFieldPart
    | StartingCertaintyPart
    | RiskOfBiasOverallPart
    | CertaintyByOutcomePart
)
Text = Part | tuple[Part, ...]
APPRAISAL_PARTS = (RiskOfBiasOverallPart, CertaintyByOutcomePart)


# ---- tables ----------------------------------------------------------------------------------------------


class TextTable(Contentful):
    """A table whose cells are text; a string cell may hold `{result-id}` placeholders."""

    kind: Literal["text"] = "text"
    id: str = ResultKey
    title: Text
    caption: Text
    header: tuple[Text, ...] = Field(min_length=1)
    rows: tuple[tuple[Text, ...], ...]
    row_header: bool = True


class DataTable(Contentful):
    """The table of a chart's data; its title is the chart's unless given."""

    title: Text | None = None
    header: tuple[Text, ...] = Field(min_length=1)
    rows: tuple[tuple[Text, ...], ...]


# ---- charts ----------------------------------------------------------------------------------------------

ColourRole = Literal["intervention", "comparator", "accent", "muted", "attention"]


class ChartBase(Contentful):
    id: str = ResultKey
    title: Text
    data_table: DataTable


class ChartArm(Contentful):
    label: str
    colour: ColourRole


class ArmOutcome(Contentful):
    """One outcome of a group-changes chart: its label and one result per arm, in the arms' order."""

    REFERENCES = ("results",)
    label: str
    results: tuple[ResultId, ...] = Field(min_length=1)


class GroupChangesChart(ChartBase):
    """One bar per arm and outcome, outcomes in rows: the change each group showed."""

    kind: Literal["group-changes"]
    arms: tuple[ChartArm, ...] = Field(min_length=1)
    outcomes: tuple[ArmOutcome, ...] = Field(min_length=1)
    axis_title: Text
    value_title: str
    description_intro: Text


class DifferenceOutcome(Contentful):
    REFERENCES = ("interval", "estimate")
    label: str
    interval: ResultId
    estimate: ResultId


class Favours(Contentful):
    """What each side of a forest plot's zero line favours, named after the arms as the content file names them."""

    lower: str  # below zero: "Favours home exercise"
    higher: str  # above zero: "Favours HIIT"


class DifferencesChart(ChartBase):
    """A forest plot, one panel per outcome: a between-group difference's 95% CI and its point estimate, with
    the zero line and what each side of it favours."""

    kind: Literal["differences"]
    outcomes: tuple[DifferenceOutcome, ...] = Field(min_length=1)
    axis_title: str  # the unit follows in brackets
    favours: Favours | None = None  # without it, the zero line stands alone
    colour: ColourRole
    description_intro: Text


class BeforeAfterOutcome(Contentful):
    REFERENCES = ("before", "after")
    label: str
    before: ResultId
    after: ResultId


class BeforeAfterChart(ChartBase):
    """One small panel per outcome: the group mean before and after, joined by a line."""

    kind: Literal["before-after"]
    outcomes: tuple[BeforeAfterOutcome, ...] = Field(min_length=1)
    times: tuple[Text, Text]
    axis_title: str
    scales_note: str | None = None  # said above the panels: each has its own vertical scale
    colour: ColourRole
    description_intro: Text


class BarOutcome(Contentful):
    REFERENCES = ("value",)
    label: str
    value: ResultId


class DerivedBarsChart(ChartBase):
    """One horizontal bar per outcome, labelled with its value (left of the bar when negative)."""

    kind: Literal["derived-bars"]
    outcomes: tuple[BarOutcome, ...] = Field(min_length=1)
    axis_title: Text
    value_title: str
    colour: ColourRole
    description_intro: Text
    description_outro: Text = ""


class ProportionItem(Contentful):
    REFERENCES = ("proportion", "interval", "count", "total")
    label: str
    proportion: ResultId
    interval: ResultId
    count: ResultId
    total: ResultId
    noun: str  # what the total counts: "patients analysed"


class ProportionsChart(ChartBase):
    """Each proportion as a point with its exact 95% CI on a 0–100% axis."""

    kind: Literal["proportions"]
    items: tuple[ProportionItem, ...] = Field(min_length=1)
    axis_title: str
    colour: ColourRole
    description_intro: Text


class FlowSegment(Contentful):
    REFERENCES = ("value",)
    status: str
    value: ResultId
    colour: ColourRole


class FlowStage(Contentful):
    label: Text
    segments: tuple[FlowSegment, ...] = Field(min_length=1)


class FlowChart(ChartBase):
    """Participant flow: one bar per stage, split into segments laid end to end."""

    kind: Literal["flow"]
    stages: tuple[FlowStage, ...] = Field(min_length=1)
    axis_title: str
    description: Text


CHART_MODELS = (
    GroupChangesChart,
    DifferencesChart,
    BeforeAfterChart,
    DerivedBarsChart,
    ProportionsChart,
    FlowChart,
)
ChartSpec = Annotated[
    GroupChangesChart | DifferencesChart | BeforeAfterChart | DerivedBarsChart | ProportionsChart | FlowChart,
    Field(discriminator="kind"),
]


# ---- derivations -----------------------------------------------------------------------------------------


class CiDerivatives(Contentful):
    """Implied estimate, standard error and p of each reported 95% CI."""

    REFERENCES = ("intervals",)
    method: Literal["ci-derivatives"]
    intervals: tuple[ResultId, ...] = Field(min_length=1)


class ChangeDerivatives(Contentful):
    """Absolute and percent change between two group means, as `<id>.absolute-change`, `.percent-change`."""

    REFERENCES = ("before", "after")
    method: Literal["change-derivatives"]
    id: ResultId
    label: str
    before: ResultId
    after: ResultId


class ProportionDerivatives(Contentful):
    """A proportion with its Clopper–Pearson and Wilson 95% CIs, as `<id>.proportion` and so on."""

    REFERENCES = ("count", "total")
    method: Literal["proportion-derivatives"]
    id: ResultId
    label: str
    count: ResultId
    total: ResultId
    # Where the sources do not give the denominator: why `total` is taken as it (then an assumed number)
    total_assumption: str = ""
    intervals: bool = True  # false for a share that estimates nothing: the proportion alone, no CI


class Arithmetic(Contentful):
    """A difference (first minus second), sum or product of reported values, with the formula in words.

    decimals: as given; "largest-of-inputs"; or, if absent, 0 for a whole number and 1 otherwise.
    """

    REFERENCES = ("inputs",)
    method: Literal["difference", "sum", "product"]
    id: ResultId
    label: str
    inputs: tuple[ResultId, ...] = Field(min_length=2)
    unit: str
    formula: str
    assumptions: str = ""
    decimals: int | Literal["largest-of-inputs"] | None = None
    measure: str = ""
    group: str = ""

    @model_validator(mode="after")
    def _two_inputs_for_a_difference(self) -> Arithmetic:
        if self.method == "difference" and len(self.inputs) != 2:
            raise ValueError(f"a difference takes two inputs (first minus second), not {len(self.inputs)}")
        return self


class IntervalWidth(Contentful):
    """Upper minus lower bound of an interval."""

    REFERENCES = ("interval",)
    method: Literal["interval-width"]
    id: ResultId
    label: str
    interval: ResultId
    unit: str
    decimals: int = Field(ge=0)
    formula: str


class OptimalInformationSize(Contentful):
    """Participants needed per assumed standardised difference, from the appraisal's `sensitivity` settings.

    Registers `<id>.alpha`, `<id>.power` and, per difference d, `<id>.d<100 d>.{standardised-difference,
    per-group,total}`.
    """

    method: Literal["optimal-information-size"]
    id: ResultId


class DegreesOfFreedom(Contentful):
    """Participants minus the number of groups, as the degrees of freedom of a two-sample t."""

    REFERENCES = ("participants",)
    method: Literal["degrees-of-freedom"]
    id: ResultId
    label: str
    participants: ResultId
    groups: int = Field(default=2, ge=1)
    formula: str
    assumptions: str


class AssumedDegreesOfFreedom(Contentful):
    """The appraisal's `assumed_degrees_of_freedom`, each registered as `<id>.assumed-<df>`."""

    method: Literal["assumed-degrees-of-freedom"]
    id: ResultId
    label: str


class TInterval(Contentful):
    REFERENCES = ("interval",)
    interval: ResultId
    key: str = Slug
    label: str


class TDistribution(Contentful):
    """SE and p of each interval under t with each degrees of freedom, as `<id>.<key>.<df key>.{...}`."""

    REFERENCES = ("degrees_of_freedom",)
    method: Literal["t-distribution"]
    id: ResultId
    intervals: tuple[TInterval, ...] = Field(min_length=1)
    degrees_of_freedom: tuple[ResultId, ...] = Field(min_length=1)


class Scenario(Contentful):
    """A count under an assumption (the sum of its inputs), with its exact proportion of a denominator.

    at_most_per_unit: each unit counted (a patient) holds at most this many of the inputs' events, so the
    fewest units is the sum divided by it, rounded up.
    """

    REFERENCES = ("inputs", "denominator")
    method: Literal["scenario"]
    id: ResultId
    label: str
    inputs: tuple[ResultId, ...] = Field(min_length=1)
    unit: str
    formula: str
    assumptions: str
    at_most_per_unit: int | None = Field(default=None, ge=2)
    denominator: ResultId
    denominator_name: str


class LargestPValue(Contentful):
    REFERENCES = ("inputs",)
    method: Literal["largest-p-value"]
    id: ResultId
    label: str
    inputs: tuple[ResultId, ...] = Field(min_length=1)
    formula: str


DerivationSpec = Annotated[
    CiDerivatives
    | ChangeDerivatives
    | ProportionDerivatives
    | Arithmetic
    | IntervalWidth
    | OptimalInformationSize
    | DegreesOfFreedom
    | AssumedDegreesOfFreedom
    | TDistribution
    | Scenario
    | LargestPValue,
    Field(discriminator="method"),
]


def _literals(models: tuple[type[BaseModel], ...], name: str) -> tuple[str, ...]:
    """The values a discriminator field takes across models (each a Literal)."""
    return tuple(value for model in models for value in get_args(model.model_fields[name].annotation))


DERIVATION_MODELS = (
    CiDerivatives,
    ChangeDerivatives,
    ProportionDerivatives,
    Arithmetic,
    IntervalWidth,
    OptimalInformationSize,
    DegreesOfFreedom,
    AssumedDegreesOfFreedom,
    TDistribution,
    Scenario,
    LargestPValue,
)
CHART_KINDS = _literals(CHART_MODELS, "kind")
METHODS = _literals(DERIVATION_MODELS, "method")


# ---- the file --------------------------------------------------------------------------------------------


class Stage(Contentful):
    """Derived results, tables and charts, registered in this order."""

    derivations: tuple[DerivationSpec, ...] = ()
    tables: tuple[TextTable, ...] = ()
    charts: tuple[ChartSpec, ...] = ()


class Content(Stage):
    """One content file. The top level is registered with the study's numbers; `appraisal` after every study's
    appraisal judgements are loaded (its derivations may use the appraisal's assumptions)."""

    study: str | None = Field(default=None, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    appraisal: Stage = Stage()


# ---- what a content file refers to -----------------------------------------------------------------------

Reference = Literal["result", "study_field", "study", "text"]


def references(node: object, location: Location = ()) -> Iterator[tuple[Location, Reference, str]]:
    """(location, kind, value) for every result id, study field, appraised study and string in a model."""
    if isinstance(node, BaseModel):
        yield from _model_references(node, location)
    elif isinstance(node, tuple | list):
        for index, item in enumerate(node):
            yield from references(item, (*location, index))
    elif isinstance(node, str):
        yield location, "text", node


def _model_references(model: BaseModel, location: Location) -> Iterator[tuple[Location, Reference, str]]:
    if isinstance(model, StudyFieldPart):
        yield (*location, "study_field"), "study_field", model.study_field
        return
    if isinstance(model, APPRAISAL_PARTS):
        name = next(iter(type(model).model_fields))
        yield (*location, name), "study", getattr(model, name)
        return
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in getattr(model, "REFERENCES", ()):
            items = value if isinstance(value, tuple) else (value,)
            prefix = (*location, name)
            for index, item in enumerate(items):
                yield ((*prefix, index) if isinstance(value, tuple) else prefix), "result", item
        elif isinstance(value, BaseModel | tuple | list) or (name != "id" and isinstance(value, str)):
            yield from references(value, (*location, name))
