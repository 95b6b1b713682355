"""Citations of the studies and quotations from their sources, as HTML."""

from __future__ import annotations

import difflib
import html

from myositis_evidence.dataset.loading import StudyData


def render_citation(study_id: str, studies: dict[str, StudyData]) -> str:
    """Vancouver-style citation of a study with DOI and PubMed links."""
    if study_id not in studies:
        raise KeyError(_unknown("study", study_id, studies))
    citation = studies[study_id].study.citation
    authors, title, journal, details = _vancouver_parts(studies[study_id])
    links = [f'doi:<a href="https://doi.org/{citation.doi}">{html.escape(citation.doi)}</a>']
    if citation.pmid:
        links.append(f'PubMed <a href="https://pubmed.ncbi.nlm.nih.gov/{citation.pmid}/">{citation.pmid}</a>')
    return (
        f'<span class="ev-citation">{html.escape(authors)}. {html.escape(title)}. '
        f"<i>{html.escape(journal)}</i>. {html.escape(details)}. {'; '.join(links)}.</span>"
    )


def vancouver_text(data: StudyData) -> str:
    """The study's Vancouver-style citation as plain text (without DOI)."""
    return ". ".join(_vancouver_parts(data)) + "."


def _vancouver_parts(data: StudyData) -> tuple[str, str, str, str]:
    study, citation = data.study, data.study.citation
    authors = ", ".join(citation.authors[:6]) + (", et al" if len(citation.authors) > 6 else "")
    volume = f";{citation.volume}" if citation.volume else ""
    issue = f"({citation.issue})" if citation.issue else ""
    pages = f":{citation.pages}" if citation.pages else ""
    return authors, study.title, citation.journal, f"{citation.year}{volume}{issue}{pages}"


def render_quote(quote_id: str, studies: dict[str, StudyData]) -> str:
    """A quotation as a blockquote with its source named and linked."""
    study_id, _, local_id = quote_id.partition(".")
    if study_id not in studies:
        raise KeyError(_unknown("study", study_id, studies))
    data = studies[study_id]
    quotes = {quote.id: quote for quote in data.quotes}
    if local_id not in quotes:
        raise KeyError(_unknown("quote", quote_id, [f"{study_id}.{key}" for key in quotes]))
    quote = quotes[local_id]
    source = next(source for source in data.study.sources if source.id == quote.source)
    url = f"https://doi.org/{source.doi}" if source.doi else str(source.url)
    return (
        f'<blockquote class="ev-quote" id="quote-{quote_id}"><p>“{html.escape(" ".join(quote.text.split()))}”</p>'
        f'<p class="ev-quote__source">— <cite><a href="{html.escape(url)}">{html.escape(source.label)}</a>'
        f"</cite></p></blockquote>"
    )


def _unknown(kind: str, name: str, known: object) -> str:
    nearest = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)  # type: ignore[call-overload]
    return f"unknown {kind} '{name}'" + (f"; nearest: {', '.join(nearest)}" if nearest else "")
