"""Read the number in a short piece of source text: "16%", "0.4g", "Twenty-three", "03:18", "no adverse events"."""

from __future__ import annotations

import re

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
]
_TEENS = {"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
# "no" as a determiner states a count of zero: "no adverse events were reported".
_ZERO_DETERMINERS = {"no": 0}
_WORDS = {word: value for value, word in enumerate(_UNITS)} | _TEENS | _TENS | _ZERO_DETERMINERS

_DURATION = re.compile(r"(?<![\d.])(\d{1,2}):(\d{2})(?![\d.])")
_NUMERAL = re.compile(r"(?<![\d.])[-−]?\d+(?:\.\d+)?(?![\d.])")
_WORD = re.compile(r"\b([a-z]+)(?:-([a-z]+))?\b")


def number_in(text: str) -> float | None:
    """The single number a short text states, or None when it states none or several.

    Minutes:seconds ("03:18") are read as seconds; number words up to ninety-nine are read too, and the
    determiner "no" as zero ("no adverse events").
    """
    durations = _DURATION.findall(text)
    if durations:
        return float(int(durations[0][0]) * 60 + int(durations[0][1])) if len(durations) == 1 else None
    numerals = _NUMERAL.findall(text)
    if numerals:
        return float(numerals[0].replace("−", "-")) if len(numerals) == 1 else None
    words = [_word_value(match) for match in _WORD.finditer(text.lower())]
    values = [value for value in words if value is not None]
    return float(values[0]) if len(values) == 1 else None


def _word_value(match: re.Match[str]) -> int | None:
    first, second = match.group(1), match.group(2)
    if second is None:
        return _WORDS.get(first)
    if first in _TENS and second in _UNITS[1:10]:
        return _TENS[first] + _UNITS.index(second)
    return None


def decimals_written(text: str) -> int:
    """How many decimals the number in the text was written with ("0.47" → 2, "16%" → 0)."""
    match = _NUMERAL.search(text)
    if not match or "." not in match.group(0):
        return 0
    return len(match.group(0).split(".")[1])


def appears_in(fragment: str, text: str) -> bool:
    """Whether a fragment appears in a text as a whole token (so "30" is not found inside "300", and an
    unsigned "0.26" is not found inside "-0.26": a number that lost its sign does not match its quote).

    Whitespace is folded on both sides, since quotes are stored wrapped.
    """
    return bool(positions_in(fragment, text))


def positions_in(fragment: str, text: str) -> list[int]:
    """Where the fragment appears as a whole token in the whitespace-folded text (see appears_in)."""
    folded_text = " ".join(text.split())
    folded_fragment = " ".join(fragment.split())
    unsigned = folded_fragment[:1].isdigit()
    sign_guard = r"(?<![-−])|(?<=\d[-−])" if unsigned else ""  # a hyphen between digits joins a range
    pattern = rf"(?<![\w.])(?:{sign_guard}){re.escape(folded_fragment)}(?![\w]|\.\d)"
    return [match.start() for match in re.finditer(pattern, folded_text, flags=re.IGNORECASE)]
