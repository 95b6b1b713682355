"""Citations of the studies and quotations from their sources, as HTML."""

from __future__ import annotations

import difflib
import html
import urllib.parse
from collections.abc import Iterable

from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.dataset.references import StudyReference, doi_url, vancouver_parts
from myositis_evidence.dataset.translations import LanguageLabels, source_name


def render_citation(study_id: str, studies: dict[str, StudyData]) -> str:
    """Vancouver-style citation of a study with DOI and PubMed links."""
    if study_id not in studies:
        raise KeyError(_unknown("study", study_id, studies))
    reference = StudyReference.of(studies[study_id].study)
    authors, title, journal, details = vancouver_parts(reference)
    links = [
        f'doi:<a href="{html.escape(doi_url(reference.doi), quote=True)}">{html.escape(reference.doi)}</a>'
    ]
    if reference.pmid:
        pubmed = f"https://pubmed.ncbi.nlm.nih.gov/{urllib.parse.quote(reference.pmid, safe='')}/"
        links.append(f'PubMed <a href="{html.escape(pubmed, quote=True)}">{html.escape(reference.pmid)}</a>')
    return (
        f'<span class="ev-citation">{html.escape(authors)}. {html.escape(title)}. '
        f"<i>{html.escape(journal)}</i>. {html.escape(details)}. {'; '.join(links)}.</span>"
    )


def render_quote(
    quote_id: str, studies: dict[str, StudyData], *, labels: LanguageLabels | None = None
) -> str:
    """A quotation as a blockquote with its source named and linked.

    With `labels` (a page in another language) the source is named in that language and the verbatim quote
    is marked English; a source without a name there raises a LookupError naming the labels file."""
    study_id, _, local_id = quote_id.partition(".")
    if study_id not in studies:
        raise KeyError(_unknown("study", study_id, studies))
    data = studies[study_id]
    quotes = {quote.id: quote for quote in data.quotes}
    if local_id not in quotes:
        raise KeyError(_unknown("quote", quote_id, [f"{study_id}.{key}" for key in quotes]))
    quote = quotes[local_id]
    source = next(source for source in data.study.sources if source.id == quote.source)
    url = doi_url(source.doi) if source.doi else str(source.url)
    name = source.label if labels is None else source_name(labels, data, source.id, quote_id)
    quote_language = "" if labels is None else ' lang="en"'
    source_language = "" if labels is None else f' lang="{html.escape(labels.language, quote=True)}"'
    return (
        f'<blockquote class="ev-quote" id="quote-{html.escape(quote_id, quote=True)}">'
        f"<p{quote_language}>“{html.escape(' '.join(quote.text.split()))}”</p>"
        f'<p class="ev-quote__source"{source_language}>— <cite><a href="{html.escape(url, quote=True)}">'
        f"{html.escape(name)}</a></cite></p></blockquote>"
    )


def _unknown(kind: str, name: str, known: Iterable[str]) -> str:
    nearest = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
    return f"unknown {kind} '{name}'" + (f"; nearest: {', '.join(nearest)}" if nearest else "")
