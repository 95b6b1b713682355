"""The shape of `data/<study>/appraisal.yml`: GRADE summary of findings and a risk-of-bias assessment.

Judgements are typed by a reviewer; what follows from them (the final GRADE certainty) is computed here, never
typed. Cross-file rules live in `validation.py` (quote ids exist) and `analysis/appraisal.py` (result ids exist).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from myositis_evidence.dataset import rob2_algorithm
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
Concern = Literal["not serious", "serious", "very serious", "not applicable"]
# Publication bias in GRADEpro's terms, which it lists under "other considerations": "undetected" rates nothing
# down, "strongly suspected" one level, "very strongly suspected" two.
PublicationBiasConcern = Literal["undetected", "strongly suspected", "very strongly suspected"]
# Inconsistency is judged across studies; with a single study there is nothing to compare, so the domain is
# "not applicable" (as Cochrane summary-of-findings tables write it) and rates nothing down.
SINGLE_STUDY_INCONSISTENCY = "not applicable"

# GRADE guideline 3 (Balshem 2011): randomised trials start high, observational studies low. A before-after
# study with no comparison group is observational, so it starts low; some GRADE tables list case series at very
# low instead, and the analysis says whether starting there would change any final certainty.
STARTING_LEVEL: dict[str, int] = {"randomised trial": 4, "uncontrolled before-after study": 2}
STARTING_LEVEL_REASONS: dict[str, str] = {
    "randomised trial": "GRADE starts randomised trials at high certainty (GRADE guideline 3).",
    "uncontrolled before-after study": (
        "GRADE starts observational studies at low certainty (GRADE guideline 3), and a before–after study with "
        "no comparison group is observational, so this site starts it at low; some GRADE tables list case series "
        "at very low instead."
    ),
}
# The other starting level some GRADE tables give a design, where it differs from STARTING_LEVEL.
ALTERNATIVE_STARTING_LEVEL: dict[str, int] = {"uncontrolled before-after study": 1}
LEVELS_DOWN: dict[str, int] = {
    "not serious": 0,
    "serious": 1,
    "very serious": 2,
    "not applicable": 0,
    "undetected": 0,
    "strongly suspected": 1,
    "very strongly suspected": 2,
}
CERTAINTY_LABELS = {4: "⊕⊕⊕⊕ High", 3: "⊕⊕⊕◯ Moderate", 2: "⊕⊕◯◯ Low", 1: "⊕◯◯◯ Very low"}
# The GRADE Working Group's definitions of the four levels (Balshem et al. 2011, GRADE guideline 3, Table 2,
# where "quality" is now called "certainty"): the legend every summary-of-findings table carries.
CERTAINTY_DEFINITIONS = {
    4: "We are very confident that the true effect lies close to that of the estimate of the effect.",
    3: "We are moderately confident in the effect estimate: the true effect is likely to be close to the "
    "estimate of the effect, but there is a possibility that it is substantially different.",
    2: "Our confidence in the effect estimate is limited: the true effect may be substantially different from "
    "the estimate of the effect.",
    1: "We have very little confidence in the effect estimate: the true effect is likely to be substantially "
    "different from the estimate of effect.",
}
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


class ImprecisionJudgement(Judgement):
    """Imprecision, judged against a stated threshold (GRADE guideline 6).

    threshold: the threshold named in words (a minimal important difference a source gives, or GRADE's rule of
    thumb for the optimal information size), numbers as placeholders. interval: the confidence interval judged,
    if any; the analysis computes whether it includes no effect.
    """

    threshold: str = Field(min_length=10)
    interval: str = ""


class PublicationBiasJudgement(Judgement):
    """Publication bias, in GRADEpro's words ("undetected", "strongly suspected", "very strongly suspected")."""

    judgement: PublicationBiasConcern  # this domain's own words, in place of Judgement's


class Domains(Strict):
    risk_of_bias: Judgement
    inconsistency: Judgement
    indirectness: Judgement
    imprecision: ImprecisionJudgement
    publication_bias: PublicationBiasJudgement

    @model_validator(mode="after")
    def _single_study_inconsistency(self) -> Domains:
        # Each appraisal covers one study, so inconsistency across studies cannot be judged: only "not
        # applicable" fits it, and no other domain can be "not applicable".
        if self.inconsistency.judgement != SINGLE_STUDY_INCONSISTENCY:
            raise ValueError(
                "inconsistency must be 'not applicable': each appraisal rates a single study, and "
                "inconsistency is judged across studies"
            )
        others = [
            name
            for name in GRADE_DOMAINS
            if name != "inconsistency" and getattr(self, name).judgement == SINGLE_STUDY_INCONSISTENCY
        ]
        if others:
            raise ValueError(f"only inconsistency can be 'not applicable', not {', '.join(others)}")
        return self


class Upgrade(Strict):
    reason: Literal["large effect", "dose-response gradient", "plausible confounding would reduce the effect"]
    levels: int = Field(ge=1, le=2)
    rationale: str = Field(min_length=10)
    quotes: tuple[str, ...] = ()


ResultIdOrSilence = Annotated[str, Field(pattern=r"^(not reported|[a-z0-9][a-z0-9.-]*)$")]


class WhatHappens(Strict):
    """The bare claim of an outcome's "what happens" sentence; the analysis words it for the computed certainty
    (GRADE guideline 26). `about` completes "The evidence is very uncertain about the effect of <subject> on
    <about>", the very-low form, which states no direction."""

    subject: str
    does: str
    do: str
    rest: str
    about: str


class SofOutcome(Strict):
    """One row of a GRADE summary-of-findings table.

    participants: how many were randomised or treated (a result id); analysed: how many were analysed, a result
    id or "not reported" (left out when it is the same number); analysed_as: what the analysed number counts,
    in words ("analysed", "assessed for harms"). effect_summary is the SoF's effect cell and comments its
    comments, text with {result-id} placeholders.
    """

    id: str = Slug
    outcome: str
    follow_up: str
    measure: str
    participants: ResultIdOrSilence
    analysed: ResultIdOrSilence | None = None
    analysed_as: str = Field(default="analysed", min_length=3)
    effect: tuple[str, ...] = ()
    effect_text: str = ""
    effect_summary: str = Field(min_length=3)
    derived: tuple[str, ...] = ()
    what_happens: WhatHappens
    comments: str = ""
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
    def levels_up(self) -> int:
        return sum(upgrade.levels for upgrade in self.upgrades)

    @property
    def certainty(self) -> int:
        return final_certainty(self.starting_level, self.levels_down, self.levels_up)

    @property
    def certainty_label(self) -> str:
        return CERTAINTY_LABELS[self.certainty]


# ---- risk of bias ----------------------------------------------------------------------------------------

RobJudgement = Literal["low", "some concerns", "high"]
NihAnswer = Literal["yes", "no", "cannot determine", "not reported", "not applicable"]
SignallingAnswer = Literal["Y", "PY", "PN", "N", "NI", "NA"]


class Signal(Strict):
    """One signalling question's answer, and why, from the sources."""

    question: str = Field(pattern=r"^[1-5]\.[1-7]$")
    answer: SignallingAnswer
    reasons: str = Field(min_length=10)
    quotes: tuple[str, ...] = ()


class RobDomainAnswers(Strict):
    """The answers of one RoB 2 domain; its judgement is computed by the tool's algorithm, never typed."""

    answers: list[Signal] = Field(min_length=1)


class Rob2Result(Strict):
    """A RoB 2 assessment of one result (or a group of results that share every answer).

    participants: the number the result rests on, which weights it in the summary bar.
    """

    id: str = Slug
    result: str
    outcomes: tuple[str, ...] = Field(min_length=1)
    participants: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")
    randomisation: RobDomainAnswers
    deviations: RobDomainAnswers
    missing_data: RobDomainAnswers
    measurement: RobDomainAnswers
    selection: RobDomainAnswers
    overall: RobJudgement | None = None
    overall_reasons: str = Field(min_length=10)

    def domain_judgement(self, key: str) -> str:
        """The judgement RoB 2's algorithm gives this domain's answers."""
        answers = {signal.question: signal.answer for signal in getattr(self, key).answers}
        return rob2_algorithm.DOMAIN_ALGORITHMS[key](answers)

    @property
    def domain_judgements(self) -> dict[str, str]:
        return {key: self.domain_judgement(key) for key in rob2_algorithm.DOMAIN_KEYS}

    @property
    def overall_judgement(self) -> str:
        """The algorithm's overall judgement, or the assessor's where the algorithm leaves the choice."""
        return rob2_algorithm.overall_judgement(self.domain_judgements) or self.overall or "some concerns"

    @model_validator(mode="after")
    def _answers_follow_the_tool(self) -> Rob2Result:
        for key in rob2_algorithm.DOMAIN_KEYS:
            questions = [signal.question for signal in getattr(self, key).answers]
            known = list(rob2_algorithm.QUESTIONS[key])
            if [question for question in known if question in questions] != questions:
                raise ValueError(
                    f"{key}: questions must be RoB 2's for this domain, each once and in order ({', '.join(known)})"
                )
            try:
                self.domain_judgement(key)
            except (KeyError, ValueError) as error:
                raise ValueError(f"{key}: {error.args[0]}") from None
        fixed = rob2_algorithm.overall_judgement(self.domain_judgements)
        if fixed is not None and self.overall not in (None, fixed):
            raise ValueError(
                f"overall must be '{fixed}' (or left out): the domains are {self.domain_judgements}"
            )
        if fixed is None and self.overall == "low":
            raise ValueError("overall cannot be 'low' when a domain has some concerns")
        return self


class Rob2(Strict):
    """RoB 2 assessments of a randomised trial's results (Sterne et al. 2019), for one effect of interest."""

    effect_of_interest: Literal["assignment to the intervention"]
    effect_reasons: str = Field(min_length=10)
    results: list[Rob2Result] = Field(min_length=1)


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
    # GRADE guideline 6's rule of thumb for continuous outcomes: about this many participants in total.
    ois_rule_of_thumb_total: int | None = Field(default=None, ge=1)

    @field_validator("assumed_degrees_of_freedom", "assumed_standardised_differences")
    @classmethod
    def _each_assumption_once(cls, values: tuple[float, ...]) -> tuple[float, ...]:
        # Each assumption names its results (`.assumed-5`, `.d50` for 0.5, to the hundredth): repeats clash.
        hundredths = [round(100 * value) for value in values]
        if len(set(hundredths)) != len(hundredths):
            raise ValueError(f"the same value is listed twice (to the hundredth: {list(values)})")
        return values


class SettingItem(Strict):
    """One line of the SoF's header, as the sources describe it; "not reported" where they are silent."""

    text: str = Field(min_length=3)
    quotes: tuple[str, ...] = ()


class SofSetting(Strict):
    population: SettingItem
    setting: SettingItem
    intervention: SettingItem
    comparison: SettingItem


class UnratedOutcome(Strict):
    """An outcome a source names but gives no result to rate: not reported at all, or only in words.

    A row of the SoF with no certainty: effect says what the sources give ("Not reported" where silent),
    why_not_rated why no certainty is given.
    """

    id: str = Slug
    outcome: str
    follow_up: str
    participants: ResultIdOrSilence | None = None
    analysed: ResultIdOrSilence | None = None
    analysed_as: str = Field(default="analysed", min_length=3)  # what `analysed` counts ("who improved")
    effect: str = Field(min_length=3)
    why_not_rated: str = Field(min_length=10)
    comments: str = ""
    quotes: tuple[str, ...] = Field(min_length=1)
    after: str = ""  # the id of the rated outcome this row follows in the SoF; last when empty


class Appraisal(Strict):
    """Everything in one study's appraisal.yml."""

    study: str = Slug
    reviewed: ReviewDate
    sof_setting: SofSetting
    summary_of_findings: list[SofOutcome] = Field(min_length=1)
    not_rated: tuple[UnratedOutcome, ...] = ()
    rob2: Rob2 | None = None
    nih_before_after: NihPrePost | None = None
    sensitivity: Sensitivity = Sensitivity()

    @model_validator(mode="after")
    def _one_risk_of_bias_tool(self) -> Appraisal:
        if (self.rob2 is None) == (self.nih_before_after is None):
            raise ValueError("give exactly one of 'rob2' (randomised trials) or 'nih_before_after'")
        return self

    @model_validator(mode="after")
    def _outcome_ids_known(self) -> Appraisal:
        rated = [outcome.id for outcome in self.summary_of_findings]
        named = rated + [outcome.id for outcome in self.not_rated]
        if len(set(named)) != len(named):
            raise ValueError(f"outcome ids must be unique across summary_of_findings and not_rated: {named}")
        after = [outcome.after for outcome in self.not_rated if outcome.after and outcome.after not in named]
        assessed = [item for result in (self.rob2.results if self.rob2 else []) for item in result.outcomes]
        unknown = after + [item for item in assessed if item not in named]
        if unknown:
            raise ValueError(f"unknown outcome id(s) {unknown}; known: {', '.join(named)}")
        return self
