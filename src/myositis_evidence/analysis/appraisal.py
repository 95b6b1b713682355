"""Appraisal of each study: the GRADE summary of findings, the GRADE notes and the risk-of-bias table.

The judgements come from `data/<study>/appraisal.yml`; this module computes what follows from them (the
starting and the final GRADE certainty), and checks that every result id the judgements name exists, failing
with the file, line and field otherwise. Sensitivity analyses and context tables are each study's content
(`content.yml`, section `appraisal`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from myositis_evidence.dataset.appraisal_schema import (
    CERTAINTY_LABELS,
    GRADE_DOMAINS,
    GRADE_GUIDELINE_3,
    NIH_PRE_POST,
    ROB2,
    STARTING_LEVEL,
    Judgement,
    SofOutcome,
    Upgrade,
)
from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.dataset.yaml_source import Location, line_of
from myositis_evidence.errors import DataError
from myositis_evidence.results.model import PLACEHOLDER, Interval, Registry, Table, Value, unknown_id_message

DOMAIN_NAMES = {
    "risk_of_bias": "Risk of bias",
    "inconsistency": "Inconsistency",
    "indirectness": "Indirectness",
    "imprecision": "Imprecision",
    "publication_bias": "Publication bias",
}
LEVEL_WORDS = {
    "not serious": "not rated down",
    "serious": "rated down one level",
    "very serious": "rated down two levels",
}
UPGRADE_WORDS = {1: "rated up one level", 2: "rated up two levels"}
# Shape and word carry each judgement, so colour is never needed to read the table.
ROB_SYMBOLS = {"low": "● Low", "some concerns": "◐ Some concerns", "high": "✖ High"}
NIH_SYMBOLS = {
    "yes": "✔ Yes",
    "no": "✖ No",
    "cannot determine": "? Cannot determine",
    "not reported": "? Not reported",
    "not applicable": "– Not applicable",
    "good": "● Good",
    "fair": "◐ Fair",
    "poor": "✖ Poor",
}


def register_appraisal_tables(data: StudyData, registry: Registry) -> None:
    """The summary of findings, its notes and the risk-of-bias table of one appraised study."""
    _check_result_ids(data, registry)
    for table in (_sof_table(data, registry), _grade_notes_table(data, registry), _risk_of_bias_table(data)):
        registry.add(table)


# ---- what follows from the judgements --------------------------------------------------------------------


def starting_certainty(design: str) -> str:
    """The certainty a design starts at, as the SoF shows it ("⊕⊕⊕⊕ High"): GRADE guideline 3."""
    return CERTAINTY_LABELS[STARTING_LEVEL[design]]


def risk_of_bias_overall(data: StudyData) -> str:
    """The overall judgement of the study's risk-of-bias tool, with its symbol."""
    appraisal = data.appraised
    if appraisal.rob2 is not None:
        return ROB_SYMBOLS[appraisal.rob2.overall]
    if appraisal.nih_before_after is not None:
        return NIH_SYMBOLS[appraisal.nih_before_after.overall]
    raise LookupError(f"study '{data.study.id}' has no risk-of-bias assessment")


def certainty_by_outcome(data: StudyData) -> str:
    """'Outcome: ⊕⊕◯◯ Low; …' for every outcome of the study's summary of findings."""
    return "; ".join(
        f"{outcome.outcome}: {outcome.certainty_label}" for outcome in data.appraised.summary_of_findings
    )


# ---- result ids named in appraisal.yml -------------------------------------------------------------------


def _references(node: object, location: Location = ()) -> Iterator[tuple[Location, str, str]]:
    """(location, result id, expected kind) for every id the dumped appraisal names."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("effect", "derived", "shown_by"):
                kind = {"effect": "reported", "derived": "derived"}.get(key, "")
                yield from (((*location, key, index), item, kind) for index, item in enumerate(value))
            elif key == "participants" and value != "not reported":
                yield (*location, key), value, ""
            else:
                yield from _references(value, (*location, key))
    elif isinstance(node, list | tuple):
        for index, item in enumerate(node):
            yield from _references(item, (*location, index))
    elif isinstance(node, str):
        yield from ((location, match.group(1), "") for match in PLACEHOLDER.finditer(node))


def _check_result_ids(data: StudyData, registry: Registry) -> None:
    path = data.folder / "appraisal.yml"
    for location, result_id, kind in _references(data.appraised.model_dump()):
        field = ".".join(str(part) for part in location)
        line = line_of(data.appraisal_lines, location)
        if result_id not in registry:
            raise DataError(path, unknown_id_message(result_id, registry.results), line=line, field=field)
        result = registry.get(result_id)
        if not isinstance(result, Value | Interval):
            raise DataError(path, f"'{result_id}' is a table or chart, not a number", line=line, field=field)
        if kind and result.kind != kind:
            raise DataError(
                path,
                f"'{result_id}' is {result.kind}, but '{location[-2]}' lists {kind} results",
                line=line,
                field=field,
                fix="list reported numbers under 'effect' and derived ones under 'derived'",
            )


# ---- tables: GRADE ---------------------------------------------------------------------------------------


def _study_quotes(data: StudyData) -> dict[str, str]:
    return {quote.id: " ".join(quote.text.split()) for quote in data.quotes}


def _cited(ids: tuple[str, ...], data: StudyData) -> str:
    quotes = _study_quotes(data)
    return " / ".join(f"“{quotes[quote_id]}”" for quote_id in ids) or "—"


def _labelled(ids: tuple[str, ...], registry: Registry) -> str:
    return "; ".join(f"{registry.number(result_id).label}: {{{result_id}}}" for result_id in ids)


@dataclass(frozen=True)
class Note:
    """One note of the GRADE notes table: a domain's judgement or an upgrade, shared by identical ones."""

    letter: str
    outcomes: tuple[str, ...]
    domain: str  # a GRADE domain's key, or "upgrade"
    judgement: Judgement | Upgrade

    @property
    def rated_down(self) -> bool:
        return isinstance(self.judgement, Judgement) and self.judgement.judgement != "not serious"

    @property
    def rated_up(self) -> bool:
        return isinstance(self.judgement, Upgrade)


def _notes(data: StudyData) -> list[Note]:
    """Every domain judgement and upgrade of the study's outcomes; identical ones share one note."""
    grouped: dict[tuple[str, Judgement | Upgrade], list[str]] = {}
    for outcome in data.appraised.summary_of_findings:
        for name in GRADE_DOMAINS:
            grouped.setdefault((name, getattr(outcome.domains, name)), []).append(outcome.outcome)
        for upgrade in outcome.upgrades:
            grouped.setdefault(("upgrade", upgrade), []).append(outcome.outcome)
    return [
        Note(_letter(index), tuple(outcomes), name, judgement)
        for index, ((name, judgement), outcomes) in enumerate(grouped.items())
    ]


def _letter(index: int) -> str:
    return chr(ord("a") + index) if index < 26 else f"a{chr(ord('a') + index - 26)}"


def _certainty_cell(outcome: SofOutcome, notes: list[Note]) -> str:
    """The computed certainty, and the notes that rated it down and up."""
    own = [note for note in notes if outcome.outcome in note.outcomes]
    reasons = [
        f"{direction}: notes {', '.join(note.letter for note in chosen)}"
        for direction, chosen in (
            ("rated down", [note for note in own if note.rated_down]),
            ("rated up", [note for note in own if note.rated_up]),
        )
        if chosen
    ]
    return outcome.certainty_label + (f" ({'; '.join(reasons)})" if reasons else "")


def _sof_table(data: StudyData, registry: Registry) -> Table:
    appraisal = data.appraised
    rows, notes = [], _notes(data)
    for outcome in appraisal.summary_of_findings:
        participants = (
            "Not reported" if outcome.participants == "not reported" else f"{{{outcome.participants}}}"
        )
        rows.append(
            (
                outcome.outcome,
                outcome.measure,
                f"{participants} (one study)",
                _labelled(outcome.effect, registry) or outcome.effect_text,
                _labelled(outcome.derived, registry) or "None",
                f"{starting_certainty(outcome.design)} ({outcome.design})",
                _certainty_cell(outcome, notes),
            )
        )
    return Table(
        f"{data.study.id}.appraisal.summary-of-findings",
        "Summary of findings (GRADE)",
        "Certainty of the evidence per outcome. The final certainty is computed from the starting level of the "
        "design and the levels rated down in the notes below (GRADE guideline 3: "
        f"{GRADE_GUIDELINE_3}). Symbols: ⊕ filled, ◯ empty; the word gives the same level.",
        (
            "Outcome",
            "Measure and time point",
            "Participants",
            "Effect as reported",
            "Derived",
            "Starting certainty",
            "Certainty",
        ),
        tuple(rows),
    )


def _grade_notes_table(data: StudyData, registry: Registry) -> Table:
    rows = [_note_row(note, data, registry) for note in _notes(data)]
    return Table(
        f"{data.study.id}.appraisal.grade-notes",
        "Notes to the summary of findings: every GRADE domain",
        "The judgement per domain and outcome, why, the numbers that show the computation, and the quotes it "
        "rests on. Identical judgements share one note.",
        ("Note", "Outcomes", "Domain", "Judgement", "Reason", "Computation", "Rests on"),
        tuple(rows),
    )


def _note_row(note: Note, data: StudyData, registry: Registry) -> tuple[str, ...]:
    """Note, outcomes, domain, judgement in words, reason, computation, quotes."""
    judgement, outcomes = note.judgement, "; ".join(note.outcomes)
    if isinstance(judgement, Upgrade):
        words = f"{judgement.reason.capitalize()} ({UPGRADE_WORDS[judgement.levels]})"
        return (
            note.letter,
            outcomes,
            "Upgrade",
            words,
            judgement.rationale,
            "—",
            _cited(judgement.quotes, data),
        )
    return (
        note.letter,
        outcomes,
        DOMAIN_NAMES[note.domain],
        f"{judgement.judgement.capitalize()} ({LEVEL_WORDS[judgement.judgement]})",
        judgement.rationale,
        _labelled(judgement.shown_by, registry) or "—",
        _cited(judgement.quotes, data),
    )


# ---- tables: risk of bias --------------------------------------------------------------------------------


def _risk_of_bias_table(data: StudyData) -> Table:
    appraisal = data.appraised
    if appraisal.rob2 is not None:
        rob = appraisal.rob2
        rows = [
            (item.domain, ROB_SYMBOLS[item.judgement], item.reasons, _cited(item.quotes, data))
            for item in rob.domains
        ]
        rows.append(("Overall", ROB_SYMBOLS[rob.overall], rob.overall_reasons, "—"))
        title, caption = (
            "Risk of bias (RoB 2)",
            f"Result assessed: {rob.result}; effect of {rob.effect_of_interest}. Tool: {ROB2}.",
        )
        header = ("Domain", "Judgement", "Reasons", "Rests on")
    elif appraisal.nih_before_after is not None:
        nih = appraisal.nih_before_after
        rows = [
            (item.topic, NIH_SYMBOLS[item.answer], item.reasons, _cited(item.quotes, data))
            for item in nih.questions
        ]
        rows.append(("Overall quality rating", NIH_SYMBOLS[nih.overall], nih.overall_reasons, "—"))
        title = "Study quality (NIH tool for before-after studies with no control group)"
        caption = (
            f"Result assessed: {nih.result}. Question topics in this site's words. Tool: {NIH_PRE_POST}."
        )
        header = ("Question", "Answer", "Reasons", "Rests on")
    else:
        raise LookupError(f"study '{data.study.id}' has no risk-of-bias assessment")
    return Table(f"{data.study.id}.appraisal.risk-of-bias", title, caption, header, tuple(rows))
