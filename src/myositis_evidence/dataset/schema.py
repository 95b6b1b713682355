"""The shape of the data files, as pydantic models. Cross-file rules live in `validation.py`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationInfo,
    field_validator,
)

from myositis_evidence.dataset.dates import latest_possible_date, parse_iso_date, parse_review_date

# Ids are short (the longest is under 60 characters); the limits keep a runaway value out of messages.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Field(pattern=SLUG_PATTERN, max_length=80)
ResultKey = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*$", max_length=200)

# Identifiers, checked strictly since they end up in links and page metadata. [0-9], not \d: \d also matches
# other scripts' digits. A DOI as Crossref recommends (10.1000/182), without quotes, angle brackets or spaces.
DOI_PATTERN = r"^10\.[0-9]{4,9}/[-._;()/:A-Za-z0-9]+$"
PMID_PATTERN = r"^[1-9][0-9]{0,8}$"
NCT_PATTERN = r"^NCT[0-9]{8}$"

Statistic = Literal[
    "count",
    "value",
    "mean",
    "mean-percent-change",
    "percent",
    "minimum",
    "maximum",
    "ci95-lower",
    "ci95-upper",
    "p-below",
]
STATISTICS: tuple[str, ...] = get_args(Statistic)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


# ---- dates -----------------------------------------------------------------------------------------------

_ISO_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")


def _publication_date(text: str) -> str:
    """YYYY-MM-DD, or YYYY-MM when the journal gives only the month (as issues are dated); not in the future."""
    if _ISO_MONTH.fullmatch(text):
        if not 1 <= int(text[5:]) <= 12:
            raise ValueError(f"'{text}' is not a month in the calendar")
        if text > latest_possible_date().isoformat()[:7]:
            raise ValueError(f"'{text}' is in the future")
        return text
    try:
        parse_review_date(text)
    except ValueError as error:
        raise ValueError(f"{error} (or YYYY-MM when only the month is known)") from None
    return text


def _review_date(text: str) -> str:
    parse_review_date(text)
    return text


def _iso_date(value: object) -> dt.date:
    return parse_iso_date(value)


ReviewDate = Annotated[str, AfterValidator(_review_date)]
PublicationDate = Annotated[str, AfterValidator(_publication_date)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


# ---- study.yml -------------------------------------------------------------------------------------------


class Citation(Strict):
    authors: list[str] = Field(min_length=1)
    journal: str
    year: int = Field(ge=1900, le=2100)
    published: PublicationDate
    doi: str = Field(pattern=DOI_PATTERN)
    pmid: str | None = Field(default=None, pattern=PMID_PATTERN)
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    url: HttpUrl

    @field_validator("published")
    @classmethod
    def _published_in_its_year(cls, published: str, info: ValidationInfo) -> str:
        year = info.data.get("year")
        if year is not None and not published.startswith(f"{year}-"):
            raise ValueError(f"'{published}' is not in the citation's year ({year})")
        return published


class Arm(Strict):
    id: str = Slug
    label: str
    name: str
    description: str


class Group(Strict):
    id: str = Slug
    label: str
    description: str


class Timepoint(Strict):
    id: str = Slug
    label: str


class Measure(Strict):
    id: str = Slug
    label: str
    outcome: bool = False
    description: str = ""
    # The measure this one is a part of (e.g. analysed men of analysed patients): each of its rows must not
    # exceed the whole measure's row with the same group, timepoint and statistic.
    part_of: str | None = Field(default=None, pattern=SLUG_PATTERN, max_length=80)


class Registration(Strict):
    registry: str
    id: str
    url: HttpUrl
    sponsor: str
    start: IsoDate
    note: str

    @field_validator("id")
    @classmethod
    def _id_in_its_registry_form(cls, registration_id: str, info: ValidationInfo) -> str:
        if info.data.get("registry") == "ClinicalTrials.gov" and not re.fullmatch(
            NCT_PATTERN, registration_id
        ):
            raise ValueError("a ClinicalTrials.gov id is NCT followed by 8 digits")
        return registration_id


class Source(Strict):
    id: str = Slug
    kind: Literal["abstract", "registry", "news"]
    label: str
    citation: str
    doi: str | None = Field(default=None, pattern=DOI_PATTERN)
    url: HttpUrl
    text_file: str = Field(pattern=r"^[\w.-]+$")


class AtMost(Strict):
    """A rule between two reported numbers: `number` must not exceed `limit` (e.g. analysed ≤ treated)."""

    number: str = ResultKey
    limit: str = ResultKey
    meaning: str


class PercentOf(Strict):
    """A rule: the reported `percent` must equal 100 × `count` / `total` at its written precision."""

    percent: str = ResultKey
    count: str = ResultKey
    total: str = ResultKey


class Study(Strict):
    id: str = Slug
    short_title: str
    title: str
    citation: Citation
    design: str
    evidence_type: str
    setting: str
    setting_quote: str | None = None
    population: str
    arms: list[Arm] = Field(min_length=1)
    groups: list[Group] = []
    timepoints: list[Timepoint] = Field(min_length=1)
    measures: list[Measure] = Field(min_length=1)
    registration: Registration | None
    funding: str
    funding_quote: str | None
    sources: list[Source] = Field(min_length=1)
    at_most: list[AtMost] = []
    percent_of: list[PercentOf] = []


# ---- quotes.yml, units.yml, numbers.csv ------------------------------------------------------------------


class Quote(Strict):
    id: str = Slug
    source: str = Slug
    text: str = Field(min_length=3)


class Unit(Strict):
    id: str
    label: str
    format: Literal["number", "percent", "duration"]


class NumberRow(Strict):
    """One reported number: a row of numbers.csv."""

    id: str = ResultKey
    measure: str = Slug
    group: str = Slug
    timepoint: str = Slug
    statistic: Statistic
    value: float = Field(allow_inf_nan=False)
    unit: str
    as_written: str = Field(min_length=1)
    quote: str = Slug
    note: str = ""


class DictionaryEntry(Strict):
    """One row of data/dictionary.yml."""

    file: str
    column: str
    description: str
