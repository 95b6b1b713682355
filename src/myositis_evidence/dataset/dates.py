"""Dates as the data and the pages' front matter write them: YYYY-MM-DD, real calendar dates, none in the future."""

from __future__ import annotations

import datetime as dt
import re

from myositis_evidence.dataset.yaml_source import shown

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def latest_possible_date() -> dt.date:
    """Today somewhere on Earth (UTC+14): the latest date a review or publication can already have."""
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=14)).date()


def parse_iso_date(text: object) -> dt.date:
    """A calendar date written YYYY-MM-DD; a ValueError, repeating the text, for any other form."""
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text):
        raise ValueError(f"'{shown(text)}' is not a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date in the calendar") from None


def parse_review_date(text: str, *, latest: dt.date | None = None) -> dt.date:
    """The date of a review, written YYYY-MM-DD: a real calendar date, not after `latest`.

    `latest` defaults to `latest_possible_date()`. SOURCE_DATE_EPOCH is deliberately not the default: builds
    pin it to a fixed moment (the tests, the benchmarks) that may predate a later review of the data.
    """
    date = parse_iso_date(text)
    latest = latest or latest_possible_date()
    if date > latest:
        raise ValueError(f"'{text}' is in the future (latest possible date: {latest.isoformat()})")
    return date
