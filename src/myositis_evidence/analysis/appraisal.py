"""Appraisal of each study: the GRADE summary of findings and evidence profile, and the risk-of-bias tables
and charts.

The judgements come from `data/<study>/appraisal.yml`; this module computes what follows from them (the
starting and the final GRADE certainty, the "what happens" wording for that certainty, whether an interval
includes no effect, the RoB 2 domain judgements), and checks that every result id the judgements name exists,
failing with the file, line and field otherwise. Sensitivity analyses and context tables are each study's
content (`content.yml`, section `appraisal`).

References
----------
Santesso N, Glenton C, Dahm P, et al. GRADE guidelines 26: informative statements to communicate the findings
of systematic reviews of interventions. J Clin Epidemiol 2020;119:126–135. doi:10.1016/j.jclinepi.2019.10.014
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from myositis_evidence.dataset import rob2_algorithm
from myositis_evidence.dataset.appraisal_schema import (
    ALTERNATIVE_STARTING_LEVEL,
    CERTAINTY_DEFINITIONS,
    CERTAINTY_LABELS,
    GRADE_DOMAINS,
    GRADE_GUIDELINE_3,
    GRADE_GUIDELINE_6,
    LEVELS_DOWN,
    NIH_PRE_POST,
    ROB2,
    STARTING_LEVEL,
    STARTING_LEVEL_REASONS,
    Judgement,
    Rob2,
    Rob2Result,
    SofOutcome,
    UnratedOutcome,
    Upgrade,
    WhatHappens,
    final_certainty,
)
from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.dataset.yaml_source import Location, line_of
from myositis_evidence.errors import DataError
from myositis_evidence.results.model import (
    PLACEHOLDER,
    Assumed,
    Chart,
    Interval,
    Registry,
    Table,
    Value,
    unknown_id_message,
)

DOMAIN_NAMES = {
    "risk_of_bias": "Risk of bias",
    "inconsistency": "Inconsistency",
    "indirectness": "Indirectness",
    "imprecision": "Imprecision",
    "publication_bias": "Publication bias",
}
LEVEL_WORDS = {
    "not serious": "not rated down",
    "not applicable": "not rated down",
    "serious": "rated down one level",
    "very serious": "rated down two levels",
    "undetected": "not rated down",
    "strongly suspected": "rated down one level",
    "very strongly suspected": "rated down two levels",
}
LEVEL_COUNT_WORDS = {1: "one level", 2: "two levels"}
AT_FLOOR = "already at the lowest level"
UPGRADE_WORDS = {1: "rated up one level", 2: "rated up two levels"}
# Shape and word carry each judgement, so colour is never needed to read the table.
ROB_SYMBOLS = {"low": "+ Low", "some concerns": "! Some concerns", "high": "× High"}
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
# GRADE guideline 26 (Santesso et al. 2020): the wording of a finding by its certainty. The very-low form names
# the outcome without a direction of effect.
STATEMENTS = {
    4: "{subject} {does} {rest}.",
    3: "{subject} probably {does} {rest}.",
    2: "{subject} may {do} {rest}.",
    1: "The evidence is very uncertain about the effect of {subject} on {about}.",
}
NOT_RATED = "— Not rated"
INCLUDES_ZERO = "Yes: includes zero (no difference)"
EXCLUDES_ZERO = "No: the 95% CI excludes zero"
# Abbreviations a summary of findings may use, each defined in its caption only where a cell uses it.
ABBREVIATIONS = {
    "CI": "confidence interval",
    "MD": "mean difference",
    "RCT": "randomised controlled trial",
}
# GRADE asks a guideline panel or review team to rate each outcome's importance (critical, important, of limited
# importance); this site has made no such rating, and says so rather than leaving the column out.
IMPORTANCE_NOT_RATED = "Not rated"
STUDY_WORDS = {"randomised trial": "1 RCT", "uncontrolled before-after study": "1 before–after study"}
# Each appraisal rates one study (the schema makes inconsistency "not applicable" for that reason).
STUDIES_PER_APPRAISAL = "1"
ENROLLED_WORDS = {"randomised trial": "randomised", "uncontrolled before-after study": "treated"}
ROB2_SHORT = {
    "randomisation": "D1 Randomisation",
    "deviations": "D2 Deviations",
    "missing_data": "D3 Missing data",
    "measurement": "D4 Measurement",
    "selection": "D5 Reported result",
}


def register_appraisal_tables(data: StudyData, registry: Registry) -> None:
    """The summary of findings with its header, legend and explanations, the evidence profile and its notes,
    the imprecision table, the key results, and the risk-of-bias tables and charts of one appraised study."""
    _register_assumptions(data, registry)
    _check_result_ids(data, registry)
    tables = [
        _setting_table(data),
        _sof_table(data, registry),
        _legend_table(data),
        _explanations_table(data),
        _evidence_profile_table(data),
        _grade_notes_table(data, registry),
        _imprecision_table(data, registry),
        _key_results_table(data),
        _risk_of_bias_table(data),
    ]
    rob = data.appraised.rob2
    if rob is not None:
        tables += [_rob2_result_table(data, result) for result in rob.results]
    for table in tables:
        registry.add(table)
    if rob is not None:
        for chart in _rob2_charts(data, rob, registry):
            registry.add(chart)


# ---- what follows from the judgements --------------------------------------------------------------------


def starting_certainty(design: str) -> str:
    """The certainty a design starts at, as the SoF shows it ("⊕⊕⊕⊕ High"): GRADE guideline 3."""
    return CERTAINTY_LABELS[STARTING_LEVEL[design]]


def starting_level_note(data: StudyData) -> str:
    """Why the study's design starts where it does (GRADE guideline 3), and, where some GRADE tables start the
    design elsewhere, whether starting there would change any outcome's final certainty (computed)."""
    design = _design(data)
    reason = STARTING_LEVEL_REASONS[design]
    other = ALTERNATIVE_STARTING_LEVEL.get(design)
    if other is None:
        return reason
    changed = [
        outcome.outcome
        for outcome in data.appraised.summary_of_findings
        if final_certainty(other, outcome.levels_down, outcome.levels_up) != outcome.certainty
    ]
    instead = f"Starting at {CERTAINTY_LABELS[other]}"
    if not changed:
        return f"{reason} {instead} would give the same final certainty for every outcome."
    return f"{reason} {instead} would change the final certainty of: {'; '.join(changed)}."


def risk_of_bias_overall(data: StudyData) -> str:
    """The overall judgement of the study's risk-of-bias tool, with its symbol (RoB 2: the worst result's)."""
    appraisal = data.appraised
    if appraisal.rob2 is not None:
        judgements = [result.overall_judgement for result in appraisal.rob2.results]
        return ROB_SYMBOLS[max(judgements, key=rob2_algorithm.RANK.__getitem__)]
    if appraisal.nih_before_after is not None:
        return NIH_SYMBOLS[appraisal.nih_before_after.overall]
    raise LookupError(f"study '{data.study.id}' has no risk-of-bias assessment")


def certainty_by_outcome(data: StudyData) -> str:
    """'Outcome: ⊕⊕◯◯ Low; …' for every outcome of the study's summary of findings."""
    return "; ".join(
        f"{outcome.outcome}: {outcome.certainty_label}" for outcome in data.appraised.summary_of_findings
    )


def what_happens(claim: WhatHappens, certainty: int) -> str:
    """The claim in the words GRADE guideline 26 gives for its certainty, as a sentence."""
    text = STATEMENTS[certainty].format(
        subject=claim.subject, does=claim.does, do=claim.do, rest=claim.rest, about=claim.about
    )
    return text[0].upper() + text[1:]


def includes_no_effect(interval: Interval) -> bool:
    """Whether a confidence interval of a difference or change includes zero (no effect)."""
    return interval.lower <= 0 <= interval.upper


# ---- assumptions and result ids named in appraisal.yml ---------------------------------------------------


def _register_assumptions(data: StudyData, registry: Registry) -> None:
    """The appraisal's own assumed numbers, so its text can cite them as results."""
    total = data.appraised.sensitivity.ois_rule_of_thumb_total
    if total is None:
        return
    registry.add(
        Value(
            f"{data.study.id}.appraisal.ois-rule-of-thumb",
            "Optimal information size, GRADE's rule of thumb for continuous outcomes (total)",
            float(total),
            "participants",
            0,
            Assumed(
                "rule of thumb for continuous outcomes (assumed threshold, not computed from the study)",
                (),
                reference=f"cited for the rule of thumb: {GRADE_GUIDELINE_6}",
                assumptions=(
                    "A threshold this site adopts for judging imprecision; no source gives one. The reference is "
                    "cited for the rule of thumb itself."
                ),
            ),
            measure="ois-rule-of-thumb",
            group="all",
            suffix=registry.suffix("participants"),
        )
    )


def _references(node: object, location: Location = ()) -> Iterator[tuple[Location, str, str]]:
    """(location, result id, expected kind) for every id the dumped appraisal names."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("effect", "derived", "shown_by") and isinstance(value, list | tuple):
                kind = {"effect": "reported", "derived": "derived"}.get(key, "")
                yield from (((*location, key, index), item, kind) for index, item in enumerate(value))
            elif key in ("participants", "analysed", "interval") and value and value != "not reported":
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
        if location[-1] == "interval" and not isinstance(result, Interval):
            raise DataError(path, f"'{result_id}' is a single value, not an interval", line=line, field=field)
        if kind and result.kind != kind:
            raise DataError(
                path,
                f"'{result_id}' is {result.kind}, but '{location[-2]}' lists {kind} results",
                line=line,
                field=field,
                fix="list reported numbers under 'effect' and derived ones under 'derived'",
            )


# ---- GRADE: notes shared by the profile, the explanations and the SoF -------------------------------------


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
        return isinstance(self.judgement, Judgement) and LEVELS_DOWN[self.judgement.judgement] > 0

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


def _explanations(data: StudyData) -> list[Note]:
    """The notes that rated a certainty down or up, lettered afresh: the SoF's explanations."""
    chosen = [note for note in _notes(data) if note.rated_down or note.rated_up]
    return [
        Note(_letter(index), note.outcomes, note.domain, note.judgement) for index, note in enumerate(chosen)
    ]


def _letter(index: int) -> str:
    return chr(ord("a") + index) if index < 26 else f"a{chr(ord('a') + index - 26)}"


def levels_applied(outcome: SofOutcome) -> dict[str, int]:
    """The levels each domain actually takes off, in GRADE's order of domains: none once the certainty has
    reached very low, the lowest level (GRADE guideline 3), however serious the concern. With upgrades, every
    domain's levels count, as the final certainty is clipped only after rating up."""
    room = outcome.starting_level - 1
    applied = {}
    for name in GRADE_DOMAINS:
        levels = LEVELS_DOWN[getattr(outcome.domains, name).judgement]
        applied[name] = levels if outcome.upgrades else min(levels, room)
        room -= applied[name]
    return applied


def _judgement_words(judgement: Judgement, domain: str, outcomes: list[SofOutcome]) -> str:
    """ "Serious (rated down one level)", or, where the certainty was already at the lowest level for every
    outcome the note covers, "Serious (would be rated down one level; already at the lowest level)"."""
    levels = LEVELS_DOWN[judgement.judgement]
    words = f"{judgement.judgement.capitalize()} ({{}})"
    if not levels:
        return words.format(LEVEL_WORDS[judgement.judgement])
    applied = {outcome.outcome: levels_applied(outcome)[domain] for outcome in outcomes}
    counts = set(applied.values())
    if counts == {levels}:
        return words.format(LEVEL_WORDS[judgement.judgement])
    if counts == {0}:
        return words.format(f"would be rated down {LEVEL_COUNT_WORDS[levels]}; {AT_FLOOR}")
    if len(counts) == 1:
        return words.format(
            f"{LEVEL_WORDS[judgement.judgement]}; {LEVEL_COUNT_WORDS[counts.pop()]} already reaches the lowest level"
        )
    short = [
        f"{name}: {LEVEL_COUNT_WORDS[count]} already reaches the lowest level"
        if count
        else f"{name}: {AT_FLOOR}"
        for name, count in applied.items()
        if count != levels
    ]
    return words.format(f"{LEVEL_WORDS[judgement.judgement]}; {'; '.join(short)}")


def _note_outcomes(note: Note, data: StudyData) -> list[SofOutcome]:
    return [outcome for outcome in data.appraised.summary_of_findings if outcome.outcome in note.outcomes]


def _own(outcome: SofOutcome, notes: list[Note]) -> list[Note]:
    return [note for note in notes if outcome.outcome in note.outcomes]


def _certainty_cell(outcome: SofOutcome, explanations: list[Note]) -> str:
    """The computed certainty, and the explanations that rated it down and up, or that would have rated it
    down had it not been at the lowest level already."""
    own, applied = _own(outcome, explanations), levels_applied(outcome)
    down = [note for note in own if note.rated_down]
    reasons = [
        f"{direction}: {', '.join(note.letter for note in chosen)}"
        for direction, chosen in (
            ("rated down", [note for note in down if applied[note.domain]]),
            (AT_FLOOR, [note for note in down if not applied[note.domain]]),
            ("rated up", [note for note in own if note.rated_up]),
        )
        if chosen
    ]
    return outcome.certainty_label + (f" ({'; '.join(reasons)})" if reasons else "")


# ---- GRADE: the summary of findings ----------------------------------------------------------------------


def _setting_table(data: StudyData) -> Table:
    setting = data.appraised.sof_setting
    rows = tuple(
        (label, item.text, _cited(item.quotes, data))
        for label, item in (
            ("Population", setting.population),
            ("Setting", setting.setting),
            ("Intervention", setting.intervention),
            ("Comparison", setting.comparison),
        )
    )
    return Table(
        f"{data.study.id}.appraisal.sof-setting",
        f"Summary of findings: {data.study.short_title}",
        "Who was studied, where, with what and against what, as the sources describe it; "
        "“not reported” where they are silent.",
        ("Item", "As the sources describe it", "Rests on"),
        rows,
    )


def _participants(outcome: SofOutcome | UnratedOutcome, design: str) -> str:
    """'23 randomised; number analysed not reported (1 RCT)', '8 analysed of 12 treated (1 before–after study)';
    the outcome's `analysed_as` words what the analysed number counts ('7 who improved of 12 treated')."""
    return f"{_patients(outcome, design)} ({STUDY_WORDS[design]})"


def _patients(outcome: SofOutcome | UnratedOutcome, design: str) -> str:
    """The participants without the studies: '23 randomised; number analysed not reported'."""
    if outcome.participants is None or outcome.participants == "not reported":
        return "Not reported"
    enrolled = f"{{{outcome.participants}}} {ENROLLED_WORDS[design]}"
    analysed, counted = outcome.analysed, outcome.analysed_as
    if analysed == "not reported":
        return f"{enrolled}; number {counted} not reported"
    if analysed is None or analysed == outcome.participants:
        return enrolled
    return f"{{{analysed}}} {counted} of {enrolled}"


def _design(data: StudyData) -> str:
    return data.appraised.summary_of_findings[0].design


def _sof_rows(data: StudyData) -> list[SofOutcome | UnratedOutcome]:
    """Rated outcomes in their order, each unrated one after the outcome it names (last when none)."""
    rows: list[SofOutcome | UnratedOutcome] = list(data.appraised.summary_of_findings)
    for unrated in data.appraised.not_rated:
        ids = [row.id for row in rows]
        position = ids.index(unrated.after) + 1 if unrated.after in ids else len(rows)
        rows.insert(position, unrated)
    return rows


def _sof_table(data: StudyData, registry: Registry) -> Table:
    explanations, design, rows = _explanations(data), _design(data), []
    for outcome in _sof_rows(data):
        label = f"{outcome.outcome} — follow-up: {outcome.follow_up}"
        if isinstance(outcome, UnratedOutcome):
            comments = " ".join(part for part in (outcome.why_not_rated, outcome.comments) if part)
            rows.append(
                (
                    label,
                    outcome.effect,
                    _participants(outcome, design),
                    NOT_RATED,
                    "No result to rate.",
                    comments,
                )
            )
            continue
        rows.append(
            (
                label,
                outcome.effect_summary,
                _participants(outcome, design),
                _certainty_cell(outcome, explanations),
                what_happens(outcome.what_happens, outcome.certainty),
                outcome.comments or "—",
            )
        )
    # Cochrane's order of columns: outcomes, effects, participants (studies), certainty, comments; the
    # "what happens" statement sits before the comments.
    header = (
        "Outcome",
        "Effect (95% CI)",
        "№ of participants (studies)",
        "Certainty",
        "What happens",
        "Comments",
    )
    return Table(
        f"{data.study.id}.appraisal.summary-of-findings",
        "Summary of findings (GRADE)",
        "One row per outcome the sources name. Certainty: ⊕ filled, ◯ empty, with the word; the letters point "
        "to the explanations below. The certainty is computed from the design's starting level and the levels "
        f"rated down or up (GRADE guideline 3: {GRADE_GUIDELINE_3}). {starting_level_note(data)} “What "
        "happens” is worded for the certainty (GRADE guideline 26: very low certainty gets no statement of "
        "direction). " + abbreviations_used(header, rows),
        header,
        tuple(rows),
    )


def abbreviations_used(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """ "CI: confidence interval. MD: mean difference." for each abbreviation a header or cell uses, as a
    whole word; the abbreviations nobody uses are left out of the legend."""
    text = " ".join((*header, *(cell for row in rows for cell in row)))
    used = [
        f"{short}: {meaning}."
        for short, meaning in ABBREVIATIONS.items()
        if re.search(rf"(?<![A-Za-z]){short}(?![A-Za-z])", text)
    ]
    return " ".join(used)


def _legend_table(data: StudyData) -> Table:
    rows = tuple((CERTAINTY_LABELS[level], CERTAINTY_DEFINITIONS[level]) for level in (4, 3, 2, 1))
    return Table(
        f"{data.study.id}.appraisal.certainty-legend",
        "GRADE Working Group grades of evidence",
        f"General definitions of the certainty levels, not about this study (GRADE guideline 3: "
        f"{GRADE_GUIDELINE_3}).",
        ("Certainty", "Definition"),
        rows,
    )


def _explanations_table(data: StudyData) -> Table:
    rows = []
    for note in _explanations(data):
        judgement = note.judgement
        if isinstance(judgement, Upgrade):
            words = f"{judgement.reason.capitalize()} ({UPGRADE_WORDS[judgement.levels]})"
            rows.append((note.letter, "; ".join(note.outcomes), "Upgrade", words, judgement.rationale))
            continue
        words = _judgement_words(judgement, note.domain, _note_outcomes(note, data))
        rows.append(
            (note.letter, "; ".join(note.outcomes), DOMAIN_NAMES[note.domain], words, judgement.rationale)
        )
    return Table(
        f"{data.study.id}.appraisal.explanations",
        "Explanations",
        "Only the domains that rated a certainty down or up; every domain's judgement, with the quotes it rests "
        "on, is in the evidence profile.",
        ("Explanation", "Outcomes", "Domain", "Judgement", "Reason"),
        tuple(rows),
        row_header=False,
    )


# ---- GRADE: the evidence profile -------------------------------------------------------------------------


def _evidence_profile_table(data: StudyData) -> Table:
    notes, rows, design = _notes(data), [], _design(data)
    for outcome in data.appraised.summary_of_findings:
        own = _own(outcome, notes)
        letters = {note.domain: note.letter for note in own if not note.rated_up}
        cells = [
            f"{getattr(outcome.domains, name).judgement.capitalize()} (note {letters[name]})"
            for name in GRADE_DOMAINS
            if name != "publication_bias"
        ]
        publication_bias = outcome.domains.publication_bias.judgement
        other = [f"Publication bias {publication_bias} (note {letters['publication_bias']})"]
        other += [
            f"{note.judgement.reason.capitalize()}, {UPGRADE_WORDS[note.judgement.levels]} (note {note.letter})"
            for note in own
            if isinstance(note.judgement, Upgrade)
        ]
        rows.append(
            (
                outcome.outcome,
                STUDIES_PER_APPRAISAL,
                outcome.design.capitalize(),
                starting_certainty(outcome.design),
                *cells,
                "; ".join(other),
                _patients(outcome, design),
                outcome.effect_summary,
                outcome.certainty_label,
                IMPORTANCE_NOT_RATED,
            )
        )
    # GRADEpro's columns, in its order, with the design's starting certainty after the study design.
    header = (
        "Outcome",
        "№ of studies",
        "Study design",
        "Starting certainty",
        "Risk of bias",
        "Inconsistency",
        "Indirectness",
        "Imprecision",
        "Other considerations",
        "№ of patients",
        "Effect (95% CI)",
        "Certainty",
        "Importance",
    )
    return Table(
        f"{data.study.id}.appraisal.evidence-profile",
        "Evidence profile (GRADE)",
        "The columns of a GRADEpro evidence profile, with the starting certainty of the design added after the "
        f"study design; each judgement has its note below. {starting_level_note(data)} Inconsistency: not "
        "applicable, because it is judged across studies and this profile rates a single study; it rates "
        "nothing down. Other considerations: publication bias in GRADEpro's terms (undetected, strongly "
        "suspected or very strongly suspected), and any rating up. № of patients: one column, not one per "
        "group. Importance: not rated; GRADE asks the authors of a review or guideline to rate each outcome "
        "critical, important or of limited importance, and this site has made no such rating. "
        + abbreviations_used(header, rows),
        header,
        tuple(rows),
    )


def _grade_notes_table(data: StudyData, registry: Registry) -> Table:
    rows = [_note_row(note, data, registry) for note in _notes(data)]
    return Table(
        f"{data.study.id}.appraisal.grade-notes",
        "Notes to the evidence profile: every GRADE domain",
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
        _judgement_words(judgement, note.domain, _note_outcomes(note, data)),
        judgement.rationale,
        _labelled(judgement.shown_by, registry) or "—",
        _cited(judgement.quotes, data),
    )


def _imprecision_table(data: StudyData, registry: Registry) -> Table:
    design, rows = _design(data), []
    for outcome in data.appraised.summary_of_findings:
        imprecision = outcome.domains.imprecision
        if imprecision.interval:
            interval = registry.interval(imprecision.interval)
            ci = f"{{{imprecision.interval}}}"
            crosses = INCLUDES_ZERO if includes_no_effect(interval) else EXCLUDES_ZERO
            if interval.unit == "percent":
                crosses = "Not applicable (a proportion, with no comparison group)"
        else:
            ci, crosses = "None reported or computable", "Cannot be judged (no interval)"
        rows.append(
            (
                outcome.outcome,
                imprecision.threshold,
                ci,
                crosses,
                _participants(outcome, design),
                _judgement_words(imprecision, "imprecision", [outcome]),
                imprecision.rationale,
            )
        )
    return Table(
        f"{data.study.id}.appraisal.imprecision",
        "Imprecision against a stated threshold",
        "For each outcome: the threshold it is judged against, the interval and whether it includes zero, that "
        f"is no difference (computed from its bounds), and the judgement (GRADE guideline 6: {GRADE_GUIDELINE_6}).",
        (
            "Outcome",
            "Threshold",
            "95% CI",
            "Does the 95% CI include zero?",
            "Participants",
            "Judgement",
            "Reason",
        ),
        tuple(rows),
    )


# ---- key results -----------------------------------------------------------------------------------------


def _key_results_table(data: StudyData) -> Table:
    design = _design(data)
    rows = [
        (
            outcome.outcome,
            outcome.effect_summary,
            _participants(outcome, design),
            outcome.certainty_label,
            what_happens(outcome.what_happens, outcome.certainty),
        )
        for outcome in data.appraised.summary_of_findings
    ]
    unrated = data.appraised.not_rated
    if unrated:
        names = "; ".join(f"{outcome.outcome}: {outcome.effect}" for outcome in unrated)
        rows.append(("Named, with no result to rate", names, "—", NOT_RATED, "No result to rate."))
    return Table(
        f"{data.study.id}.appraisal.key-results",
        "Key results",
        "One row per outcome: the effect with its 95% CI, the participants, the certainty computed in the "
        "appraisal, and a sentence worded for that certainty (GRADE guideline 26).",
        ("Outcome", "Effect (95% CI)", "Participants", "Certainty", "What happens"),
        tuple(rows),
    )


# ---- risk of bias: tables --------------------------------------------------------------------------------


def _risk_of_bias_table(data: StudyData) -> Table:
    appraisal = data.appraised
    if appraisal.rob2 is not None:
        return _rob2_summary_table(data, appraisal.rob2)
    nih = appraisal.nih_before_after
    if nih is None:
        raise LookupError(f"study '{data.study.id}' has no risk-of-bias assessment")
    rows = [
        (item.topic, NIH_SYMBOLS[item.answer], item.reasons, _cited(item.quotes, data))
        for item in nih.questions
    ]
    rows.append(("Overall quality rating", NIH_SYMBOLS[nih.overall], nih.overall_reasons, "—"))
    return Table(
        f"{data.study.id}.appraisal.risk-of-bias",
        "Study quality (NIH tool for before-after studies with no control group)",
        f"Result assessed: {nih.result}. Question topics in this site's words. Tool: {NIH_PRE_POST}.",
        ("Question", "Answer", "Reasons", "Rests on"),
        tuple(rows),
    )


def _rob2_summary_table(data: StudyData, rob: Rob2) -> Table:
    rows = []
    for result in rob.results:
        judgements = result.domain_judgements
        rows.append(
            (
                result.result,
                *(ROB_SYMBOLS[judgements[key]] for key in rob2_algorithm.DOMAIN_KEYS),
                ROB_SYMBOLS[result.overall_judgement],
            )
        )
    return Table(
        f"{data.study.id}.appraisal.risk-of-bias",
        "Risk of bias (RoB 2), per result",
        f"Effect of interest: {rob.effect_of_interest}. {rob.effect_reasons} Each domain's judgement is computed "
        "from the signalling questions' answers by the RoB 2 algorithm (the tables per result below). Symbols: "
        f"+ low, ! some concerns, × high. Tool: {ROB2}.",
        ("Result", *(ROB2_SHORT[key] for key in rob2_algorithm.DOMAIN_KEYS), "Overall"),
        tuple(rows),
    )


def _rob2_result_table(data: StudyData, result: Rob2Result) -> Table:
    rows = []
    for number, key in enumerate(rob2_algorithm.DOMAIN_KEYS, start=1):
        questions = rob2_algorithm.QUESTIONS[key]
        for signal in getattr(result, key).answers:
            rows.append(
                (
                    f"{signal.question} {questions[signal.question]}",
                    f"{signal.answer} ({rob2_algorithm.ANSWER_WORDS[signal.answer]})",
                    signal.reasons,
                    _cited(signal.quotes, data),
                )
            )
        rows.append(
            (
                f"Domain {number}: {rob2_algorithm.DOMAIN_TITLES[key]}",
                ROB_SYMBOLS[result.domain_judgement(key)],
                "Computed from the answers above by the RoB 2 algorithm.",
                "—",
            )
        )
    fixed = rob2_algorithm.overall_judgement(result.domain_judgements)
    how = (
        "by the algorithm"
        if fixed is not None
        else "by this site's judgement, which the algorithm leaves open"
    )
    rows.append(("Overall", ROB_SYMBOLS[result.overall_judgement], f"{result.overall_reasons} ({how})", "—"))
    return Table(
        f"{data.study.id}.appraisal.risk-of-bias.{result.id}",
        f"RoB 2 signalling questions: {result.result}",
        "Answers: Y yes, PY probably yes, PN probably no, N no, NI no information, NA not applicable (a question "
        "the algorithm does not reach). Question wording from the RoB 2 tool.",
        ("Signalling question", "Answer", "Reasons", "Rests on"),
        tuple(rows),
    )


# ---- risk of bias: charts --------------------------------------------------------------------------------


def _rob2_charts(data: StudyData, rob: Rob2, registry: Registry) -> list[Chart]:
    # Imported here: chart_kinds needs analysis.text, which needs this module's certainty helpers.
    from myositis_evidence.analysis.chart_kinds import RobCell, rob_summary_bar, rob_traffic_light

    cells = []
    for result in rob.results:
        weight = registry.value(result.participants).value
        judgements = {**result.domain_judgements, "overall": result.overall_judgement}
        for key, judgement in judgements.items():
            domain = ROB2_SHORT.get(key, "Overall")
            cells.append(RobCell(_short_result(result), domain, judgement, weight))
    domains = [*(ROB2_SHORT[key] for key in rob2_algorithm.DOMAIN_KEYS), "Overall"]
    study = data.study.id
    return [
        rob_traffic_light(f"{study}.appraisal.rob-traffic-light", cells, domains),
        rob_summary_bar(f"{study}.appraisal.rob-summary", cells, domains),
    ]


def _short_result(result: Rob2Result) -> str:
    """A result's name for a chart row: its id in words ("disease-activity" → "Disease activity")."""
    return result.id.replace("-", " ").capitalize()
