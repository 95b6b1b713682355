"""A study as its citations name it: plain data, with no validation machinery behind it.

The pages' citation metadata, the cite boxes and the data package descriptor need only a study's title and
bibliographic fields. Kept apart from the validated models (schema.py), they travel with the cached results,
so a build whose pages are all unchanged reads them without importing the validation library at all.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from myositis_evidence.dataset.schema import Study


@dataclass(frozen=True)
class StudyReference:
    """One study's title and citation (study.yml `citation:`), as validated."""

    id: str
    title: str
    authors: tuple[str, ...]
    journal: str
    year: int
    doi: str
    pmid: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None

    @classmethod
    def of(cls, study: Study) -> StudyReference:
        citation = study.citation
        return cls(
            study.id,
            study.title,
            tuple(citation.authors),
            citation.journal,
            citation.year,
            citation.doi,
            citation.pmid,
            citation.volume,
            citation.issue,
            citation.pages,
        )


def doi_url(doi: str) -> str:
    """The doi.org address of a DOI, with the characters a URL cannot carry as they are percent-encoded.

    A DOI may hold `#`, `?`, `%`, `"`, `<` or spaces (doi.org's own advice is to encode them); `/`, `:`, `;`
    and parentheses, common in real DOIs, stay as they are.
    """
    return "https://doi.org/" + urllib.parse.quote(doi, safe="/:;()[]@!$&'*+,=-._~")


def vancouver_text(reference: StudyReference) -> str:
    """The study's Vancouver-style citation as plain text (without DOI)."""
    return ". ".join(vancouver_parts(reference)) + "."


def vancouver_parts(reference: StudyReference) -> tuple[str, str, str, str]:
    """Authors (the first six, then "et al"), title, journal, and year;volume(issue):pages, as the NLM's
    Citing Medicine (2nd ed., 2007) orders a journal article."""
    authors = ", ".join(reference.authors[:6]) + (", et al" if len(reference.authors) > 6 else "")
    volume = f";{reference.volume}" if reference.volume else ""
    issue = f"({reference.issue})" if reference.issue else ""
    pages = f":{reference.pages}" if reference.pages else ""
    return authors, reference.title, reference.journal, f"{reference.year}{volume}{issue}{pages}"
