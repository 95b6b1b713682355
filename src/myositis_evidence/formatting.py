"""Numbers as readers see them: written precision, units, minus signs, m:ss durations."""

from __future__ import annotations

import functools

from .durations import MINUS_SIGN, format_duration
from .loading import load_units
from .results import Interval, Value


def format_number(number: float, decimals: int, unit: str = "") -> str:
    """A number at the given decimals with a true minus sign; durations as m:ss."""
    if unit == "s":
        return format_duration(number)
    text = f"{number:.{decimals}f}"
    if text.startswith("-") and float(text) != 0:
        return MINUS_SIGN + text[1:]
    return text.removeprefix("-")


@functools.lru_cache(maxsize=1)
def _unit_suffixes() -> dict[str, str]:
    suffixes = {}
    for unit in load_units().values():
        attached = unit.format == "percent" or not unit.label
        suffixes[unit.id] = unit.label if attached else f" {unit.label}"
    return suffixes


def unit_suffix(unit: str) -> str:
    """The text that follows a number in this unit ("%", " L/min", " min:s"), or "" when unitless."""
    return _unit_suffixes()[unit]


def format_value(value: Value, *, with_unit: bool = True) -> str:
    number = format_number(value.value, value.decimals, value.unit)
    return number + unit_suffix(value.unit) if with_unit else number


def format_interval(interval: Interval, *, with_unit: bool = True) -> str:
    """'0.1 to 0.47 L/min' (never a hyphen between bounds, which could read as a minus sign)."""
    lower = format_number(interval.lower, interval.decimals[0], interval.unit)
    upper = format_number(interval.upper, interval.decimals[1], interval.unit)
    text = f"{lower} to {upper}"
    return text + unit_suffix(interval.unit) if with_unit else text


def format_result(result: Value | Interval, *, with_unit: bool = True) -> str:
    if isinstance(result, Interval):
        return format_interval(result, with_unit=with_unit)
    return format_value(result, with_unit=with_unit)
