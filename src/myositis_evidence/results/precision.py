"""Precision justified by the inputs: how many decimals a derived number may show.

The rule: a derived number is shown to the precision its rounded inputs justify, but never with fewer than one
significant figure for a p-value or a standard error (`justified_decimals`).

A reported number stands for every value its written digits round to: "0.1" for 0.05 to 0.15, "0.47" for
0.465 to 0.475. A number derived from it is known no better than the range it takes while each input moves
within that span, so it is shown only to the finest decimal place whose unit is at least half that range. For a
sum, a difference or a midpoint this is the familiar rule of the coarsest input (the midpoint of "0.1 to 0.47"
is 0.3, not 0.285; of "3.9 to 30.8" it is 17.4, not 17.35); for a product or a quotient it keeps no more
significant digits than the least precise input. A derived value is never shown with more decimals than its
method's own precision, nor so coarsely that a non-zero value reads as zero.

A p-value or a standard error keeps at least its first significant digit even where the rounding range does not
justify it (a p of 0.006 is not shown as 0.01, a standard error of 0.094 not as 0.1): rounding it to a coarser
place would show a different number, not a less precise one. Where the rounding of the inputs moves such a
number by more than a unit in its last shown digit (`moved_by_rounding`), its range is published beside it as a
sensitivity result. Full precision stays in the downloads.

The convention is that of Cole TJ, "Too many digits: the presentation of numerical data", Arch Dis Child
2015;100:608–609 (doi:10.1136/archdischild-2014-307149): round to the precision the data carry, judged by
significant digits rather than by a fixed number of decimal places.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

PRECISION_CONVENTION = (
    "Shown to the precision its rounded inputs justify, but never with fewer than one significant figure for a "
    "p-value or a standard error (Cole TJ. Too many digits: the presentation of numerical data. Arch Dis Child "
    "2015;100:608–609. doi:10.1136/archdischild-2014-307149); full precision in the downloads."
)
GRID_POINTS = 11  # points per input across its rounding span: the methods here are smooth, 11 find the range

Written = tuple[
    float, int | None
]  # a number and the decimals it was written with (None: exact, e.g. a count)


def rounding_span(number: float, decimals: int | None) -> tuple[float, float]:
    """The values a number written with `decimals` decimals stands for: ±half a unit in its last digit."""
    if decimals is None:
        return number, number
    half = 0.5 * 10.0**-decimals
    return number - half, number + half


def range_over_rounding(function: Callable[..., float], inputs: Sequence[Written]) -> tuple[float, float]:
    """The lowest and highest value of `function(*numbers)` while each number moves within its rounding span.

    Evaluated on a grid of GRID_POINTS values per input, ends included; inputs that are exact stay fixed.
    """
    axes = []
    for number, decimals in inputs:
        low, high = rounding_span(number, decimals)
        steps = 1 if low == high else GRID_POINTS
        axes.append([low + (high - low) * step / max(steps - 1, 1) for step in range(steps)])
    values = [function(*point) for point in itertools.product(*axes)]
    return min(values), max(values)


def first_digit_decimals(number: float) -> int:
    """Decimals that show a number's first significant digit (0.0031 → 3, 17.35 → 0)."""
    if number == 0:
        return 0
    return max(0, -math.floor(math.log10(abs(number))))


def justified_decimals(number: float, low: float, high: float, at_most: int, min_significant: int = 0) -> int:
    """Decimals a derived number may show: the finest place whose unit is at least half its rounding range,
    but never fewer than `min_significant` significant figures.

    Parameters
    ----------
    number : float
        The value computed from the inputs as written.
    low, high : float
        Its range while the inputs move within their rounding spans (`range_over_rounding`).
    at_most : int
        The method's own precision: never more decimals than this.
    min_significant : int
        Significant figures the number always keeps (1 for p-values and standard errors: 0.006, not 0.01),
        even where the rounding range does not justify them; `moved_by_rounding` then says so, and the range
        belongs beside it as a sensitivity result.

    Returns
    -------
    int
        At least 0; enough to show the first significant digit of a non-zero number that would otherwise read
        as zero (a p of 0.003 is not shown as 0.00), and at most `at_most`.
    """
    decimals = at_most
    while decimals > 0 and moved_by_rounding(low, high, decimals):
        decimals -= 1
    if number != 0 and round(number, decimals) == 0:
        decimals = first_digit_decimals(number)
    if min_significant and number != 0:
        decimals = max(decimals, significant_decimals(number, min_significant))
    return min(at_most, decimals)


def moved_by_rounding(low: float, high: float, decimals: int) -> bool:
    """Whether the rounding of the inputs moves the number by more than a unit in its last shown digit.

    A relative tolerance keeps binary floating point from judging ±0.1 larger than 0.1.
    """
    unit = 10.0**-decimals
    return (high - low) / 2 > unit * (1 + 1e-9)


def significant_decimals(number: float, digits: int) -> int:
    """Decimals that show `digits` significant digits of a number (0.0155, 2 → 3; 17.35, 2 → 0), at least 0."""
    if number == 0:
        return 0
    return max(0, digits - 1 - math.floor(math.log10(abs(number))))
