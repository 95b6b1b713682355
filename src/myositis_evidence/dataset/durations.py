"""Durations written as minutes:seconds, such as a time to exhaustion reported as "03:18".

Kept apart from `analysis/summary_statistics.py` so that formatting a page does not import scipy.
"""

from __future__ import annotations

import math
import re

MINUS_SIGN = "\u2212"


def _check_finite(name: str, value: float) -> None:
    if not math.isfinite(value):
        raise ValueError(f"{name} ({value}) must be finite")


_DURATION = re.compile(
    r"""
    (?P<sign>[-\u2212]?)
    (?: (?P<hours>\d+) : (?P<hour_minutes>\d{2})   # h:mm:ss
      | (?P<minutes>\d+) )                          # m:ss, minutes unbounded
    : (?P<seconds>\d{2})
    """,
    re.ASCII | re.VERBOSE,
)


def parse_duration(text: str) -> float:
    """Parse ``"m:ss"``/``"mm:ss"`` or ``"h:mm:ss"`` into seconds.

    Parameters
    ----------
    text : str
        E.g. ``"00:06"`` (6 s), ``"03:18"`` (198 s) or ``"1:02:03"`` (3723 s); an optional leading
        ``-`` or the minus sign U+2212 makes it negative. Surrounding whitespace is ignored.

    Returns
    -------
    float
        The duration in seconds.

    Raises
    ------
    ValueError
        If ``text`` does not have that form, seconds are not below 60, or minutes are not below
        60 when hours are given. The message names ``text``.

    Notes
    -----
    Seconds always have two digits; minutes have two digits when hours are given and are
    otherwise unbounded (``"75:00"`` is 4500 s), so :func:`format_duration` output parses back.
    """
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"duration {text!r} is not in m:ss or h:mm:ss form")
    hours = int(match["hours"] or 0)
    minutes = int(match["hour_minutes"] or match["minutes"])
    seconds = int(match["seconds"])
    if seconds >= 60:
        raise ValueError(f"duration {text!r} has seconds ({seconds}) that are not below 60")
    if match["hours"] is not None and minutes >= 60:
        raise ValueError(f"duration {text!r} has minutes ({minutes}) that are not below 60")
    total = float(3600 * hours + 60 * minutes + seconds)
    return -total if match["sign"] else total


def format_duration(seconds: float) -> str:
    """Format seconds as ``"m:ss"``, rounded to the nearest whole second.

    Parameters
    ----------
    seconds : float
        A finite duration; may be negative.

    Returns
    -------
    str
        E.g. ``"3:18"`` for 198, ``"0:06"`` for 6, and ``"-0:06"`` for -6 with the minus sign
        U+2212 in place of ``-``. Minutes are not wrapped into hours (3600 gives ``"60:00"``).

    Raises
    ------
    ValueError
        If ``seconds`` is not finite.

    Notes
    -----
    Halves round away from zero (2.5 gives ``"0:03"``), not to even as :func:`round` does; a value
    that rounds to 0 is printed without a sign.
    """
    _check_finite("seconds", seconds)
    whole = math.floor(abs(seconds) + 0.5)
    sign = MINUS_SIGN if seconds < 0 and whole > 0 else ""
    minutes, secs = divmod(whole, 60)
    return f"{sign}{minutes}:{secs:02d}"
