"""The shape of `data/<study>/appraisal.yml`: GRADE summary of findings and a risk-of-bias assessment.

Judgements are typed by a reviewer; what follows from them (the final GRADE certainty) is computed here, never
typed. Cross-file rules live in `validation.py` (quote ids exist) and `analysis/appraisal.py` (result ids exist).
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field, field_validator, model_validator

from myositis_evidence.dataset.schema import ReviewDate, Slug, Strict

GRADE_GUIDELINE_3 = (
    "Balshem H, Helfand M, Schünemann HJ, et al. GRADE guidelines: 3. Rating the quality of evidence. "
    "J Clin Epidemiol 2011;64:401–406. doi:10.1016/j.jclinepi.2010.07.015"
)
GRADE_GUIDELINE_6 = (
    "Guyatt GH, Oxman AD, Kunz R, et al. GRADE guidelines 6. Rating the quality of evidence—imprecision. "
    "J Clin Epidemiol 2011;64:1283–1293. doi:10.1016/j.jclinepi.2011.01.012"
)
ROB2 = (
    "Sterne JAC, Savović J, Page MJ, et al. RoB 2: a revised tool for assessing risk of bias in randomised "
    "trials. BMJ 2019;366:l4898. doi:10.1136/bmj.l4898"
)
NIH_PRE_POST = (
    "National Heart, Lung, and Blood Institute (NIH). Quality Assessment Tool for Before-After (Pre-Post) "
    "Studies With No Control Group. https://www.nhlbi.nih.gov/health-topics/study-quality-assessment-tools"
)

# ---- GRADE -----------------------------------------------------------------------------------------------

Design = Literal["randomised trial", "uncontrolled before-after study"]
Concern = Literal["not serious", "serious", "very serious"]

# GRADE guideline 3 (Balshem 2011): randomised trials start high, observational studies low.
STARTING_LEVEL: dict[str, int] = {"randomised trial": 4, "uncontrolled before-after study": 2}
LEVELS_DOWN: dict[str, int] = {"not serious": 0, "serious": 1, "very serious": 2}
CERTAINTY_LABELS = {4: "⊕⊕⊕⊕ High", 3: "⊕⊕⊕◯ Moderate", 2: "⊕⊕◯◯ Low", 1: "⊕◯◯◯ Very low"}
GRADE_DOMAINS = ("risk_of_bias", "inconsistency", "indirectness", "imprecision", "publication_bias")


def final_certainty(start: int, levels_down: int, levels_up: int = 0) -> int:
    """GRADE certainty after rating down and up: 4 high, 3 moderate, 2 low, 1 very low (never below 1)."""
    if start not in CERTAINTY_LABELS:
        raise ValueError(f"start ({start}) must be one of {sorted(CERTAINTY_LABELS)}")
    if levels_down < 0 or levels_up < 0:
        raise ValueError(f"levels down ({levels_down}) and up ({levels_up}) must be ≥ 0")
    return max(1, min(4, start - levels_down + levels_up))


class Judgement(Strict):
    """One GRADE domain for one outcome: the concern, why, and what it rests on."""

    judgement: Concern
    rationale: str = Field(min_length=10)
    quotes: tuple[str, ...] = ()
    shown_by: tuple[str, ...] = ()  # result ids that show the computation behind the judgement


class Domains(Strict):
    risk_of_bias: Judgement
    inconsistency: Judgement
    indirectness: Judgement
    imprecision: Judgement
    publication_bias: Judgement


class Upgrade(Strict):
    reason: Literal["large effect", "dose-response gradient", "plausible confounding would reduce the effect"]
    levels: int = Field(ge=1, le=2)
    rationale: str = Field(min_length=10)
    quotes: tuple[str, ...] = ()


class SofOutcome(Strict):
    """One row of a GRADE summary-of-findings table."""

    id: str = Slug
    outcome: str
    measure: str
    participants: str = Field(pattern=r"^(not reported|[a-z0-9][a-z0-9.-]*)$")
    effect: tuple[str, ...] = ()
    effect_text: str = ""
    derived: tuple[str, ...] = ()
    design: Design
    domains: Domains
    upgrades: tuple[Upgrade, ...] = ()

    @property
    def starting_level(self) -> int:
        return STARTING_LEVEL[self.design]

    @property
    def levels_down(self) -> int:
        return sum(LEVELS_DOWN[getattr(self.domains, name).judgement] for name in GRADE_DOMAINS)

    @property
    def certainty(self) -> int:
        levels_up = sum(upgrade.levels for upgrade in self.upgrades)
        return final_certainty(self.starting_level, self.levels_down, levels_up)

    @property
    def certainty_label(self) -> str:
        return CERTAINTY_LABELS[self.certainty]


# ---- risk of bias ----------------------------------------------------------------------------------------

Rob2Domain = Literal[
    "Bias arising from the randomisation process",
    "Bias due to deviations from intended interventions",
    "Bias due to missing outcome data",
    "Bias in measurement of the outcome",
    "Bias in selection of the reported result",
]
ROB2_DOMAINS: tuple[str, ...] = get_args(Rob2Domain)
RobJudgement = Literal["low", "some concerns", "high"]
NihAnswer = Literal["yes", "no", "cannot determine", "not reported", "not applicable"]


class RobDomain(Strict):
    domain: Rob2Domain
    judgement: RobJudgement
    reasons: str = Field(min_length=10)
    quotes: tuple[str, ...] = ()


class Rob2(Strict):
    """A RoB 2 assessment of one result of a randomised trial (Sterne et al. 2019)."""

    result: str
    effect_of_interest: Literal["assignment to the intervention", "adhering to the intervention"]
    domains: list[RobDomain] = Field(min_length=5, max_length=5)
    overall: RobJudgement
    overall_reasons: str = Field(min_length=10)

    @model_validator(mode="after")
    def _domains_in_order_and_overall_consistent(self) -> Rob2:
        names = tuple(domain.domain for domain in self.domains)
        if names != ROB2_DOMAINS:
            raise ValueError(f"domains must be the five RoB 2 domains in order: {', '.join(ROB2_DOMAINS)}")
        judgements = {domain.judgement for domain in self.domains}
        # RoB 2 algorithm: all low → low; any high → high; otherwise some concerns, or high by judgement.
        expected = "low" if judgements == {"low"} else "high" if "high" in judgements else None
        if expected and self.overall != expected:
            raise ValueError(f"overall must be '{expected}' when the domains are {sorted(judgements)}")
        if expected is None and self.overall == "low":
            raise ValueError("overall cannot be 'low' when a domain has some concerns")
        return self


class NihQuestion(Strict):
    topic: str
    answer: NihAnswer
    reasons: str = Field(min_length=10)
    quotes: tuple[str, ...] = ()


class NihPrePost(Strict):
    """The NIH quality assessment tool for before-after (pre-post) studies with no control group."""

    result: str
    questions: list[NihQuestion] = Field(min_length=12, max_length=12)
    overall: Literal["good", "fair", "poor"]
    overall_reasons: str = Field(min_length=10)


# ---- the file --------------------------------------------------------------------------------------------


# Finite numbers only: YAML writes NaN and infinity as .nan and .inf, and a computation would carry them on.
DegreesOfFreedom = Annotated[int, Field(ge=1)]
StandardisedDifference = Annotated[float, Field(ge=0.01, le=10, allow_inf_nan=False)]


class Sensitivity(Strict):
    """Assumptions for sensitivity analyses that are the reviewer's, not the study's."""

    assumed_degrees_of_freedom: tuple[DegreesOfFreedom, ...] = ()
    assumed_standardised_differences: tuple[StandardisedDifference, ...] = ()
    alpha: float = Field(default=0.05, gt=0, lt=1, allow_inf_nan=False)
    power: float = Field(default=0.8, gt=0, lt=1, allow_inf_nan=False)

    @field_validator("assumed_degrees_of_freedom", "assumed_standardised_differences")
    @classmethod
    def _each_assumption_once(cls, values: tuple[float, ...]) -> tuple[float, ...]:
        # Each assumption names its results (`.assumed-5`, `.d50` for 0.5, to the hundredth): repeats clash.
        hundredths = [round(100 * value) for value in values]
        if len(set(hundredths)) != len(hundredths):
            raise ValueError(f"the same value is listed twice (to the hundredth: {list(values)})")
        return values


class Appraisal(Strict):
    """Everything in one study's appraisal.yml."""

    study: str = Slug
    reviewed: ReviewDate
    summary_of_findings: list[SofOutcome] = Field(min_length=1)
    rob2: Rob2 | None = None
    nih_before_after: NihPrePost | None = None
    sensitivity: Sensitivity = Sensitivity()

    @model_validator(mode="after")
    def _one_risk_of_bias_tool(self) -> Appraisal:
        if (self.rob2 is None) == (self.nih_before_after is None):
            raise ValueError("give exactly one of 'rob2' (randomised trials) or 'nih_before_after'")
        return self
