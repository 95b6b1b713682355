"""The shape of the data files, as pydantic models. Cross-file rules live in `validation.py`."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

Slug = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
ResultKey = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*$")

STATISTICS = (
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
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# ---- study.yml -------------------------------------------------------------------------------------------


class Citation(Strict):
    authors: list[str] = Field(min_length=1)
    journal: str
    year: int = Field(ge=1900, le=2100)
    published: dt.date | str
    doi: str = Field(pattern=r"^10\.\d{4,9}/\S+$")
    pmid: str | None = Field(default=None, pattern=r"^\d+$")
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    url: HttpUrl


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


class Registration(Strict):
    registry: str
    id: str
    url: HttpUrl
    sponsor: str
    start: dt.date
    note: str


class Source(Strict):
    id: str = Slug
    kind: Literal["abstract", "registry", "news"]
    label: str
    citation: str
    doi: str | None = Field(default=None, pattern=r"^10\.\d{4,9}/\S+$")
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
    statistic: Literal[STATISTICS]  # type: ignore[valid-type]
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
