"""The HIIT preprint's "no adverse events were reported" under both of its readings.

The sentence follows "Compliance with HIIT was high", so it may cover both groups or the HIIT group only. The
whole-trial reading is bounded over all randomised; the HIIT-group reading over the smallest and largest HIIT
group the reported numbers allow (the HIIT patients with biopsies analysed; the randomised minus the CON patients
with biopsies analysed). Reference values are from R, not from the code under test.
"""

from __future__ import annotations

import pytest

from conftest import DATA_DIR
from myositis_evidence.results.model import Registry

PREPRINT = DATA_DIR / "source-texts" / "hiit-2025-preprint-abstract.txt"
JOURNAL = DATA_DIR / "source-texts" / "hiit-2025-abstract.txt"

# R 4.2.2 (2022-11-10 r83330):
#   binom.test(0, n, alternative = "less")$conf.int[2]     exact one-sided 95% upper bound
#   binom.test(0, n)$conf.int[2]                           exact two-sided 95% upper bound (Clopper–Pearson)
#   prop.test(0, n, correct = FALSE)$conf.int[2]           Wilson score upper bound
#   3 / n                                                  rule of three
R_REFERENCE = {
    7: {"one-sided": 0.3481636551, "two-sided": 0.4096163972, "wilson": 0.3543304351, "rule": 0.4285714286},
    17: {"one-sided": 0.1615661113, "two-sided": 0.1950643230, "wilson": 0.1843181350, "rule": 0.1764705882},
}
READINGS = {
    "hiit-2025.adverse-events.hiit-smallest-group": 7,
    "hiit-2025.adverse-events.hiit-largest-group": 17,
}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_sentence_follows_one_about_the_hiit_group_only() -> None:
    # The reason for two readings: the preprint's only adverse-event sentence opens with HIIT's compliance, and
    # the journal summary has no adverse-event sentence at all.
    assert "Compliance with HIIT was high, and no adverse events were reported." in _one_line(
        PREPRINT.read_text(encoding="utf-8")
    )
    assert "adverse event" not in JOURNAL.read_text(encoding="utf-8").lower()


def test_hiit_group_size_limits_come_from_the_biopsy_counts(registry: Registry) -> None:
    # Journal summary: "Muscle biopsies (HIIT n = 7, CON n = 6)", "Twenty-three patients ... were randomised".
    largest = registry.value("hiit-2025.hiit-group.largest-possible-size")
    assert (largest.value, largest.kind) == (23 - 6, "derived")
    assert registry.value("hiit-2025.biopsies.hiit.count").value == 7


@pytest.mark.parametrize(("base", "n"), READINGS.items())
def test_hiit_group_reading_bounds_match_r(registry: Registry, base: str, n: int) -> None:
    reference = R_REFERENCE[n]
    total = registry.value(f"{base}.assumed-total")
    assert (total.value, total.kind) == (n, "assumed")
    events = registry.value("hiit-2025.adverse-events.hiit.count")
    assert (events.value, events.group, events.kind) == (0, "hiit", "reported")
    exact = registry.value(f"{base}.exact-upper-bound")
    assert exact.value == pytest.approx(100 * reference["one-sided"], rel=5e-10)
    assert registry.value(f"{base}.rule-of-three").value == pytest.approx(100 * reference["rule"], rel=5e-10)
    two_sided = registry.interval(f"{base}.clopper-pearson")
    assert (two_sided.lower, two_sided.upper) == pytest.approx((0, 100 * reference["two-sided"]), rel=5e-10)
    wilson = registry.interval(f"{base}.wilson")
    assert (wilson.lower, wilson.upper) == pytest.approx((0, 100 * reference["wilson"]), rel=5e-10, abs=1e-12)
    assert exact.provenance.inputs == ("hiit-2025.adverse-events.hiit.count", f"{base}.assumed-total")


def test_the_smaller_the_group_the_higher_the_bound(registry: Registry) -> None:
    bounds = [
        registry.value(f"hiit-2025.adverse-events{suffix}.exact-upper-bound").value
        for suffix in ("", ".hiit-largest-group", ".hiit-smallest-group")
    ]
    assert bounds == sorted(bounds)
