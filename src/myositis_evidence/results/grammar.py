"""Grammar from data: a unit's noun agrees with its number, and a noun the text already says is not repeated.

units.yml gives each unit's label in the plural ("sessions", "infusion courses", "degrees of freedom"). A number
shown as exactly "1" takes the singular ("1 session per week"); every other number keeps the plural, decimals
included ("1.0 points", "0.5 points"), as English style guides ask.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from myositis_evidence.results.model import PLACEHOLDER

# The head noun of a unit is its first word before " per " or " of " ("sessions per week", "degrees of
# freedom"), or its last word ("infusion courses").
_QUALIFIER = re.compile(r"\s+(?:per|of)\s+")
_PLAIN_WORD = re.compile(r"[a-z]+")


def singular(noun: str) -> str:
    """The singular of a plural English noun phrase: "sessions per week" → "session per week".

    Regular plurals only ("-ies" → "-y", "-ches"/"-shes"/"-sses"/"-xes" lose "es", other "-s" lose "s");
    abbreviations and symbols ("L/min", "W", "%", "SD") are returned unchanged.
    """
    qualifier = _QUALIFIER.search(noun)
    head, rest = (noun[: qualifier.start()], noun[qualifier.start() :]) if qualifier else (noun, "")
    words = head.split(" ")
    words[-1] = _singular_word(words[-1])
    return " ".join(words) + rest


def _singular_word(word: str) -> str:
    if not _PLAIN_WORD.fullmatch(word) or not word.endswith("s") or word.endswith("ss"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1]


def unit_for(number_text: str, suffix: str) -> str:
    """The unit text to follow a number as shown: singular after exactly "1" (or "−1")."""
    if number_text.lstrip("−-") == "1" and suffix.startswith(" "):
        return " " + singular(suffix[1:])
    return suffix


# Words that join a number to what follows; never a modifier of the unit's noun ("8 of patients" is no
# "8 analysed patients").
_FUNCTION_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "per",
        "than",
        "the",
        "then",
        "to",
        "versus",
        "vs",
        "while",
        "with",
    }
)
MODIFIERS_BEFORE_THE_NOUN = 2
_MODIFIER = re.compile(r"([a-z][a-z-]*)\s+")


def said_by_text(suffix: str, following: str) -> bool:
    """Whether the text after a number already names its unit, so the unit is left out.

    True when `following` starts, after a space, with the unit's label ("15 infusion courses") or with the end
    of its head noun ("15 courses"), either of them after at most two modifiers ("8 analysed patients", "282
    treatment-related adverse events"). A unit attached to its number ("%") is always shown.
    """
    if not suffix.startswith(" ") or following[:1] not in (" ", "\n"):
        return False
    label = suffix.strip()
    qualifier = _QUALIFIER.search(label)
    head = (label[: qualifier.start()] if qualifier else label).split(" ")
    nouns = {label, *(" ".join(head[index:]) for index in range(len(head)))}
    candidates = [following.lstrip()]
    for _ in range(MODIFIERS_BEFORE_THE_NOUN):
        modifier = _MODIFIER.match(candidates[-1])
        if not modifier or modifier.group(1) in _FUNCTION_WORDS:
            break
        candidates.append(candidates[-1][modifier.end() :])
    return any(re.match(rf"{re.escape(noun)}\b", text) for noun in nouns for text in candidates)


OF_ANOTHER = re.compile(r"^\s+of\s+(?:the\s+)?$")


def said_by_next_number(suffix: str, between: str, next_suffix: str) -> bool:
    """Whether "<number> of <number> <unit>" lets the first number drop a unit the second one shows.

    `between` is the text between the two numbers; "2 infusion courses of 15 infusion courses" becomes "2 of 15
    infusion courses".
    """
    return suffix.startswith(" ") and suffix == next_suffix and bool(OF_ANOTHER.match(between))


def units_to_show(text: str, suffixes: Sequence[str]) -> list[bool]:
    """For each `{result-id}` in `text`, in order, whether its number shows its unit.

    `suffixes` gives each placeholder's unit suffix, in the same order. A unit is left out where the text after it
    names it (`said_by_text`) or where "<number> of <number>" lets the second number carry it
    (`said_by_next_number`).
    """
    matches = list(PLACEHOLDER.finditer(text))
    if len(matches) != len(suffixes):
        raise ValueError(f"{len(matches)} placeholders in the text but {len(suffixes)} suffixes")
    shown = []
    for index, (match, suffix) in enumerate(zip(matches, suffixes, strict=True)):
        following = text[match.end() :]
        last = index + 1 == len(matches)
        between = "" if last else text[match.end() : matches[index + 1].start()]
        next_suffix = "" if last else suffixes[index + 1]
        shown.append(
            not (said_by_text(suffix, following) or said_by_next_number(suffix, between, next_suffix))
        )
    return shown
