"""The RoB 2 tool's signalling questions and the algorithms that map their answers to domain judgements.

Only the effect of assignment to the intervention (the "intention-to-treat" effect) is covered in domain 2; the
effect of adhering to it has other questions and another algorithm.

Answers: Y yes, PY probably yes, PN probably no, N no, NI no information, NA not applicable (a question the
tool skips after earlier answers).

References
----------
Sterne JAC, Savović J, Page MJ, et al. RoB 2: a revised tool for assessing risk of bias in randomised trials.
BMJ 2019;366:l4898. doi:10.1136/bmj.l4898
Higgins JPT, Savović J, Page MJ, Sterne JAC, on behalf of the RoB2 Development Group. Revised Cochrane
risk-of-bias tool for randomized trials (RoB 2), full guidance document, 22 August 2019: the algorithm for each
domain's suggested judgement (the figures after each domain's signalling questions).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

ANSWERS = ("Y", "PY", "PN", "N", "NI", "NA")
ANSWER_WORDS = {
    "Y": "Yes",
    "PY": "Probably yes",
    "PN": "Probably no",
    "N": "No",
    "NI": "No information",
    "NA": "Not applicable",
}
LOW, SOME_CONCERNS, HIGH = "low", "some concerns", "high"
RANK = {LOW: 0, SOME_CONCERNS: 1, HIGH: 2}

# The signalling questions, as the RoB 2 tool words them (effect of assignment to the intervention).
QUESTIONS: dict[str, dict[str, str]] = {
    "randomisation": {
        "1.1": "Was the allocation sequence random?",
        "1.2": "Was the allocation sequence concealed until participants were enrolled and assigned to "
        "interventions?",
        "1.3": "Did baseline differences between intervention groups suggest a problem with the randomisation "
        "process?",
    },
    "deviations": {
        "2.1": "Were participants aware of their assigned intervention during the trial?",
        "2.2": "Were carers and people delivering the interventions aware of participants' assigned "
        "intervention during the trial?",
        "2.3": "Were there deviations from the intended intervention that arose because of the trial context?",
        "2.4": "Were these deviations likely to have affected the outcome?",
        "2.5": "Were these deviations from intended intervention balanced between groups?",
        "2.6": "Was an appropriate analysis used to estimate the effect of assignment to intervention?",
        "2.7": "Was there potential for a substantial impact (on the result) of the failure to analyse "
        "participants in the group to which they were randomised?",
    },
    "missing_data": {
        "3.1": "Were data for this outcome available for all, or nearly all, participants randomised?",
        "3.2": "Is there evidence that the result was not biased by missing outcome data?",
        "3.3": "Could missingness in the outcome depend on its true value?",
        "3.4": "Is it likely that missingness in the outcome depended on its true value?",
    },
    "measurement": {
        "4.1": "Was the method of measuring the outcome inappropriate?",
        "4.2": "Could measurement or ascertainment of the outcome have differed between intervention groups?",
        "4.3": "Were outcome assessors aware of the intervention received by study participants?",
        "4.4": "Could assessment of the outcome have been influenced by knowledge of intervention received?",
        "4.5": "Is it likely that assessment of the outcome was influenced by knowledge of intervention "
        "received?",
    },
    "selection": {
        "5.1": "Were the data that produced this result analysed in accordance with a pre-specified analysis "
        "plan that was finalised before unblinded outcome data were available for analysis?",
        "5.2": "Is the numerical result being assessed likely to have been selected, on the basis of the "
        "results, from multiple eligible outcome measurements (e.g. scales, definitions, time points) within "
        "the outcome domain?",
        "5.3": "Is the numerical result being assessed likely to have been selected, on the basis of the "
        "results, from multiple eligible analyses of the data?",
    },
}
DOMAIN_TITLES = {
    "randomisation": "Bias arising from the randomisation process",
    "deviations": "Bias due to deviations from intended interventions",
    "missing_data": "Bias due to missing outcome data",
    "measurement": "Bias in measurement of the outcome",
    "selection": "Bias in selection of the reported result",
}
DOMAIN_KEYS = tuple(DOMAIN_TITLES)

# Questions whose options in the tool leave out "No information": 3.2 asks whether there is evidence that the
# result was not biased, and no information is no such evidence (options NA/Y/PY/PN/N; full guidance, domain 3).
WITHOUT_NO_INFORMATION = ("3.2",)

Answers = Mapping[str, str]


def _yes(answer: str) -> bool:
    return answer in ("Y", "PY")


def _no(answer: str) -> bool:
    return answer in ("N", "PN")


def _get(answers: Answers, question: str) -> str:
    """An answer the algorithm needs; a KeyError naming the question when it is missing."""
    if question not in answers:
        raise KeyError(f"question {question} needs an answer for this path through the RoB 2 algorithm")
    answer = answers[question]
    if answer not in ANSWERS:
        raise ValueError(f"answer '{answer}' to {question} must be one of {', '.join(ANSWERS)}")
    if answer == "NI" and question in WITHOUT_NO_INFORMATION:
        raise ValueError(
            f"{question} has no 'NI' option in RoB 2: answer N or PN when no evidence is reported"
        )
    return answer


# ---- one function per domain, each following the guidance's figure ---------------------------------------


def randomisation(answers: Answers) -> str:
    """Domain 1: concealment (1.2) decides first, then the sequence (1.1) and baseline imbalance (1.3)."""
    concealed = _get(answers, "1.2")
    if _no(concealed):
        return HIGH
    if concealed == "NI":
        return HIGH if _yes(_get(answers, "1.3")) else SOME_CONCERNS
    # Concealed: a non-random sequence is some concerns whatever the baseline shows.
    if _no(_get(answers, "1.1")):
        return SOME_CONCERNS
    return SOME_CONCERNS if _yes(_get(answers, "1.3")) else LOW


def deviations_from_assignment(answers: Answers) -> str:
    """Domain 2 (effect of assignment): the worse of the deviations part (2.1–2.5) and the analysis part
    (2.6–2.7)."""
    return max(_deviations_part(answers), _analysis_part(answers), key=RANK.__getitem__)


def _deviations_part(answers: Answers) -> str:
    if _no(_get(answers, "2.1")) and _no(_get(answers, "2.2")):
        return LOW
    deviations = _get(answers, "2.3")
    if _no(deviations) or deviations == "NA":
        return LOW
    if deviations == "NI":
        return SOME_CONCERNS
    affected = _get(answers, "2.4")
    if _no(affected) or affected == "NA":
        return SOME_CONCERNS
    balanced = _get(answers, "2.5")
    return SOME_CONCERNS if _yes(balanced) or balanced == "NA" else HIGH


def _analysis_part(answers: Answers) -> str:
    if _yes(_get(answers, "2.6")):
        return LOW
    impact = _get(answers, "2.7")
    return SOME_CONCERNS if _no(impact) or impact == "NA" else HIGH


def missing_outcome_data(answers: Answers) -> str:
    """Domain 3: complete data (3.1) or evidence of no bias (3.2) is low; otherwise whether missingness
    could (3.3) and likely did (3.4) depend on the outcome's true value."""
    if _yes(_get(answers, "3.1")) or _yes(_get(answers, "3.2")):
        return LOW
    could = _get(answers, "3.3")
    if _no(could) or could == "NA":
        return LOW
    likely = _get(answers, "3.4")
    return SOME_CONCERNS if _no(likely) or likely == "NA" else HIGH


def measurement_of_the_outcome(answers: Answers) -> str:
    """Domain 4: an inappropriate method (4.1) or one that differed between groups (4.2) is high; otherwise
    assessors' awareness (4.3–4.5), with some concerns at least when 4.2 has no information."""
    if _yes(_get(answers, "4.1")):
        return HIGH
    differed = _get(answers, "4.2")
    if _yes(differed):
        return HIGH
    floor = SOME_CONCERNS if differed == "NI" else LOW
    aware = _get(answers, "4.3")
    if _no(aware) or aware == "NA":
        return floor
    could = _get(answers, "4.4")
    if _no(could) or could == "NA":
        return floor
    likely = _get(answers, "4.5")
    return SOME_CONCERNS if _no(likely) or likely == "NA" else HIGH


def selection_of_the_reported_result(answers: Answers) -> str:
    """Domain 5: a result likely selected from several measurements (5.2) or analyses (5.3) is high; neither
    selected, low if analysed to a prespecified plan (5.1); some concerns otherwise."""
    measurements, analyses = _get(answers, "5.2"), _get(answers, "5.3")
    if _yes(measurements) or _yes(analyses):
        return HIGH
    if _no(measurements) and _no(analyses):
        return LOW if _yes(_get(answers, "5.1")) else SOME_CONCERNS
    return SOME_CONCERNS


DOMAIN_ALGORITHMS: dict[str, Callable[[Answers], str]] = {
    "randomisation": randomisation,
    "deviations": deviations_from_assignment,
    "missing_data": missing_outcome_data,
    "measurement": measurement_of_the_outcome,
    "selection": selection_of_the_reported_result,
}


def overall_judgement(domains: Mapping[str, str]) -> str | None:
    """The overall judgement the algorithm fixes: low if every domain is low, high if any is high.

    None when some concerns is the worst: the guidance then lets the assessor choose between some concerns and
    high (high "for multiple domains in a way that substantially lowers confidence in the result").
    """
    judgements = set(domains.values())
    if judgements == {LOW}:
        return LOW
    if HIGH in judgements:
        return HIGH
    return None
