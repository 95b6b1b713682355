"""Named results: every value, interval, table and chart the site shows, with a stable id and provenance."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# A table cell's reference to a number: "{hiit-2025.vo2peak.hiit.mean-percent-change}".
PLACEHOLDER = re.compile(r"\{([a-z0-9][a-z0-9.-]*)\}")


@dataclass(frozen=True)
class Reported:
    """A number quoted from a source."""

    quote_id: str
    quote: str
    source_label: str
    source_url: str
    note: str = ""


@dataclass(frozen=True)
class Derived:
    """A number computed at build time from other results."""

    method: str
    inputs: tuple[str, ...]
    reference: str = ""
    assumptions: str = ""


@dataclass(frozen=True)
class Assumed(Derived):
    """An analyst's input: a number this site chooses (a significance level, a power, a standardised difference,
    degrees of freedom), not one a study reports or one computed from results. `reference` is cited for the
    method that uses it, never as the source of the number."""


Provenance = Reported | Derived  # Assumed is a kind of Derived: computed results may use it as an input


def kind_of(provenance: Provenance) -> str:
    """The kind of number: "reported" (a quote), "derived" (a method) or "assumed" (an analyst's input)."""
    if isinstance(provenance, Reported):
        return "reported"
    return "assumed" if isinstance(provenance, Assumed) else "derived"


@dataclass(frozen=True)
class Value:
    """One number with its unit, display precision and provenance."""

    id: str
    label: str
    value: float
    unit: str
    decimals: int
    provenance: Provenance
    measure: str = ""
    group: str = ""
    suffix: str = field(kw_only=True)  # what follows the number on a page: "%", " L/min", "" (units.yml)

    @property
    def kind(self) -> str:
        return kind_of(self.provenance)


@dataclass(frozen=True)
class Interval:
    """A lower and an upper bound in one unit (a confidence interval or a range)."""

    id: str
    label: str
    lower: float
    upper: float
    unit: str
    decimals: tuple[int, int]
    provenance: Provenance
    measure: str = ""
    group: str = ""
    parts: tuple[str, ...] = ()
    suffix: str = field(kw_only=True)

    @property
    def kind(self) -> str:
        return kind_of(self.provenance)


@dataclass(frozen=True)
class Table:
    """A table whose cells are text with `{result-id}` placeholders, filled in when rendered."""

    id: str
    title: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_header: bool = True

    def __post_init__(self) -> None:
        if not all(cell.strip() for cell in self.header):
            raise ValueError(f"table '{self.id}': every header cell needs text (screen readers announce it)")
        widths = {len(row) for row in self.rows} - {len(self.header)}
        if widths:
            raise ValueError(
                f"table '{self.id}': rows of {sorted(widths)} cells under a header of {len(self.header)}"
            )

    def placeholders(self) -> set[str]:
        """The result ids the cells refer to."""
        return {match.group(1) for row in self.rows for cell in row for match in PLACEHOLDER.finditer(cell)}


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite chart with its text alternative and the table of the data it draws.

    spec is drawn for a wide column (desktop, tablet, print); narrow_spec, when given, is the same chart laid out
    for a phone's column. The page shows whichever fits.
    """

    id: str
    title: str
    description: str
    spec: dict[str, Any]
    data_table: Table
    narrow_spec: dict[str, Any] | None = None


Result = Value | Interval | Table | Chart


class DuplicateIdError(ValueError):
    """A result id registered twice (for example, a data row named like a derived result)."""

    def __init__(self, result_id: str) -> None:
        self.result_id = result_id
        super().__init__(f"result id '{result_id}' is registered twice")


@dataclass
class Registry:
    """All results of a build, by id. Ids are unique; an unknown id raises with the nearest valid ids.

    unit_suffixes: for each unit id of units.yml, the text that follows a number in it ("%", " L/min").
    """

    unit_suffixes: dict[str, str] = field(default_factory=dict)
    results: dict[str, Result] = field(default_factory=dict)

    def suffix(self, unit: str) -> str:
        """The suffix of a unit; a unit that units.yml does not define is a KeyError naming it."""
        if unit not in self.unit_suffixes:
            nearest = difflib.get_close_matches(unit, list(self.unit_suffixes), n=1)
            hint = f"; did you mean '{nearest[0]}'?" if nearest else ""
            raise KeyError(f"unit '{unit}' is not defined in data/units.yml{hint}")
        return self.unit_suffixes[unit]

    def add(self, result: Result) -> Result:
        if result.id in self.results:
            raise DuplicateIdError(result.id)
        self.results[result.id] = result
        return result

    def get(self, result_id: str) -> Result:
        if result_id not in self.results:
            raise KeyError(unknown_id_message(result_id, self.results))
        return self.results[result_id]

    def value(self, result_id: str) -> Value:
        result = self.get(result_id)
        if not isinstance(result, Value):
            raise TypeError(f"result '{result_id}' is a {type(result).__name__}, not a Value")
        return result

    def number(self, result_id: str) -> Value | Interval:
        """A value or an interval; a table or chart id raises TypeError."""
        result = self.get(result_id)
        if not isinstance(result, Value | Interval):
            raise TypeError(f"result '{result_id}' is a {type(result).__name__}, not a number")
        return result

    def interval(self, result_id: str) -> Interval:
        result = self.get(result_id)
        if not isinstance(result, Interval):
            raise TypeError(f"result '{result_id}' is a {type(result).__name__}, not an Interval")
        return result

    def __iter__(self) -> Iterator[Result]:
        return iter(self.results.values())

    def __contains__(self, result_id: object) -> bool:
        return result_id in self.results

    def __len__(self) -> int:
        return len(self.results)


def numbers_by_study(registry: Registry) -> dict[str, list[Value | Interval]]:
    """Every value and interval, grouped by the study id that starts its result id, in one pass."""
    grouped: dict[str, list[Value | Interval]] = {}
    for result in registry:
        if isinstance(result, Value | Interval):
            grouped.setdefault(result.id.split(".", 1)[0], []).append(result)
    return grouped


def unknown_id_message(result_id: str, known: dict[str, Any] | list[str]) -> str:
    """'unknown result id X; nearest: A, B, C' for error messages."""
    nearest = difflib.get_close_matches(result_id, list(known), n=3, cutoff=0.5)
    hint = f"; nearest valid ids: {', '.join(nearest)}" if nearest else ""
    return f"unknown result id '{result_id}'{hint}"
