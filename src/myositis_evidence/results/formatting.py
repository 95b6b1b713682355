"""Numbers as readers see them: written precision, units, minus signs, m:ss durations."""

from __future__ import annotations

from myositis_evidence.dataset.durations import MINUS_SIGN, format_duration
from myositis_evidence.dataset.schema import Unit
from myositis_evidence.results.grammar import unit_for, units_to_show
from myositis_evidence.results.model import PLACEHOLDER, Interval, Registry, Value


def format_number(number: float, decimals: int, unit: str = "") -> str:
    """A number at the given decimals with a true minus sign; durations as m:ss."""
    if unit == "s":
        return format_duration(number)
    text = f"{number:.{decimals}f}"
    if text.startswith("-") and float(text) != 0:
        return MINUS_SIGN + text[1:]
    return text.removeprefix("-")


def unit_suffixes(units: dict[str, Unit]) -> dict[str, str]:
    """The text that follows a number in each unit ("%", " L/min", " min:s"), or "" when unitless."""
    suffixes = {}
    for unit in units.values():
        attached = unit.format == "percent" or not unit.label
        suffixes[unit.id] = unit.label if attached else f" {unit.label}"
    return suffixes


def format_value(value: Value, *, with_unit: bool = True) -> str:
    """The value at its decimals, with its unit in the number's grammatical number ("1 session", "3 sessions")."""
    number = format_number(value.value, value.decimals, value.unit)
    return number + unit_for(number, value.suffix) if with_unit else number


def format_interval(interval: Interval, *, with_unit: bool = True) -> str:
    """'0.1 to 0.47 L/min' (never a hyphen between bounds, which could read as a minus sign)."""
    lower = format_number(interval.lower, interval.decimals[0], interval.unit)
    upper = format_number(interval.upper, interval.decimals[1], interval.unit)
    text = f"{lower} to {upper}"
    return text + interval.suffix if with_unit else text


def format_result(result: Value | Interval, *, with_unit: bool = True) -> str:
    if isinstance(result, Interval):
        return format_interval(result, with_unit=with_unit)
    return format_value(result, with_unit=with_unit)


def fill_text(text: str, registry: Registry) -> str:
    """Text with each `{result-id}` replaced by its number as a page shows it, in plain text: a unit the text
    already names is left out ("{count} of {total} infusion courses" reads "2 of 15 infusion courses")."""
    numbers = [registry.number(match.group(1)) for match in PLACEHOLDER.finditer(text)]
    with_units = iter(units_to_show(text, [number.suffix for number in numbers]))
    shown = iter(numbers)
    return PLACEHOLDER.sub(lambda _match: format_result(next(shown), with_unit=next(with_units)), text)
