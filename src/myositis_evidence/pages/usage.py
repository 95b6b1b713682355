"""Which results the pages use, directly by shortcode or through the tables and charts they show."""

from __future__ import annotations

from pathlib import Path

from myositis_evidence.pages.shortcodes import find_ids
from myositis_evidence.results.model import Chart, Derived, Interval, Registry, Table, Value

# Tables that list every number of a study exist to catalogue them; showing a number there is not a use.
CATALOGUE_SUFFIX = ".catalogue"


def used_result_ids(pages: list[Path], registry: Registry) -> set[str]:
    """Ids named by shortcodes on the pages, every id inside a table or chart they show, and what those
    numbers are made of (an interval's bounds, a derived number's inputs, which its note shows)."""
    pending: list[str] = []
    for page in pages:
        for result_id in find_ids(page.read_text(encoding="utf-8")):
            pending.append(result_id)
            if result_id in registry and not result_id.endswith(CATALOGUE_SUFFIX):
                pending.extend(_ids_inside(registry.get(result_id)))
    used: set[str] = set()
    while pending:
        result_id = pending.pop()
        if result_id not in used:
            used.add(result_id)
            pending.extend(_ingredients(registry.get(result_id)) if result_id in registry else ())
    return used


def _ingredients(result: object) -> tuple[str, ...]:
    parts = result.parts if isinstance(result, Interval) else ()
    provenance = result.provenance if isinstance(result, Value | Interval) else None
    inputs = provenance.inputs if isinstance(provenance, Derived) else ()
    return (*parts, *inputs)


def _ids_inside(result: object) -> set[str]:
    if isinstance(result, Chart):
        return {result.data_table.id} | _ids_inside(result.data_table)
    if isinstance(result, Table):
        return result.placeholders()
    return set()
