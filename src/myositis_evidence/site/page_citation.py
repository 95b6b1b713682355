"""How to cite a page of this site: APA, Vancouver, BibTeX, RIS and CSL-JSON, plus page metadata for
reference managers and search engines (Highwire Press, Dublin Core, schema.org JSON-LD).

Every value is plain text inside (cite_page unescapes the heading it is given once) and is escaped once, for
its format, as it is written: HTML for the box and the meta tags, \\u escapes in the JSON-LD block, LaTeX's
specials in BibTeX, and no line breaks or control characters in RIS (one field per line) or BibTeX.
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass
from typing import Any

from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.pages.citations import doi_url, vancouver_text
from myositis_evidence.site.build_info import VERSION_VARIABLE, BuildInfo

SITE_AUTHOR = "Myositis Treatment Evidence maintainers"
CONDITION = {
    "@type": "MedicalCondition",
    "name": "Idiopathic inflammatory myopathy",
    "alternateName": "Myositis",
}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# LaTeX's special characters as text, for BibTeX's braced values, replaced in one pass. Braces become commands,
# not \{ and \}: BibTeX and biber count every brace, escaped or not, so a lone \} would still end the value.
BIBTEX_TEXT = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# A URL field is read verbatim (the url package): only what would end the value is percent-encoded.
BIBTEX_URL = {"\\": "%5C", "{": "%7B", "}": "%7D"}
_BIBTEX_TEXT = re.compile("|".join(map(re.escape, BIBTEX_TEXT)))
_BIBTEX_URL = re.compile("|".join(map(re.escape, BIBTEX_URL)))
# Control characters (C0, DEL, C1) that are not whitespace; whitespace, line breaks included, becomes a space.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


@dataclass(frozen=True)
class PageCitation:
    """Everything needed to cite one page of one build."""

    site: str
    title: str
    url: str  # the versioned address when the build is a release
    description: str
    build: BuildInfo
    slug: str
    language: str = "en"  # the page's language (BCP 47), for every metadata format

    @property
    def year(self) -> str:
        return self.build.date[:4]

    @property
    def edition(self) -> str:
        return f"Version {self.build.version}" if self.build.version else "Development build"


# ---- text styles -----------------------------------------------------------------------------------------


def apa(citation: PageCitation) -> str:
    """APA 7 style for a web page with a corporate author."""
    return (
        f"{SITE_AUTHOR}. ({citation.year}). {citation.title} ({citation.edition}). {citation.site}. "
        f"{citation.url}"
    )


def vancouver(citation: PageCitation) -> str:
    """Vancouver (NLM) style for a homepage part."""
    year, month, day = citation.build.date.split("-")
    return (
        f"{SITE_AUTHOR}. {citation.title}. In: {citation.site} [Internet]. {citation.edition}; "
        f"{year} {MONTHS[int(month) - 1]} {int(day)}. Available from: {citation.url}"
    )


def bibtex(citation: PageCitation) -> str:
    """A BibTeX @misc entry; the corporate author in double braces, so it is one name, not a person's."""
    key = re.sub(r"[^A-Za-z0-9]", "", f"myositisevidence{citation.year}{citation.slug}")
    fields = {
        "author": "{" + bibtex_text(SITE_AUTHOR) + "}",
        "title": bibtex_text(citation.title),
        "howpublished": bibtex_text(citation.site),
        "year": bibtex_text(citation.year),
        "version": bibtex_text(citation.build.version or "dev"),
        "url": _BIBTEX_URL.sub(lambda match: BIBTEX_URL[match.group(0)], single_line(citation.url)),
        "note": bibtex_text(f"Commit {citation.build.commit}, data {citation.build.data_hash}"),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{key},\n{body}\n}}\n"


def bibtex_text(text: str) -> str:
    """Plain text as the inside of a braced BibTeX value: one line, LaTeX's specials as text."""
    return _BIBTEX_TEXT.sub(lambda match: BIBTEX_TEXT[match.group(0)], single_line(text))


def single_line(text: str) -> str:
    """Text without control characters, its line breaks and runs of whitespace as single spaces."""
    return " ".join(_CONTROL.sub("", text).split())


def ris(citation: PageCitation) -> str:
    lines = [
        ("TY", "ELEC"),
        ("AU", SITE_AUTHOR),
        ("TI", citation.title),
        ("T2", citation.site),
        ("PY", citation.year),
        ("DA", citation.build.date.replace("-", "/")),
        ("ET", citation.edition),
        ("UR", citation.url),
        ("LA", citation.language),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {single_line(value)}\n" for tag, value in lines)


def csl_json(citation: PageCitation) -> list[dict[str, Any]]:
    year, month, day = (int(part) for part in citation.build.date.split("-"))
    return [
        {
            "id": citation.slug,
            "type": "webpage",
            "title": citation.title,
            "container-title": citation.site,
            "author": [{"literal": SITE_AUTHOR}],
            "issued": {"date-parts": [[year, month, day]]},
            "version": citation.build.version or "dev",
            "URL": citation.url,
            "language": citation.language,
        }
    ]


# ---- metadata in the page head ---------------------------------------------------------------------------


def head_metadata(citation: PageCitation, studies: list[StudyData]) -> str:
    """Highwire Press and Dublin Core meta tags and a schema.org JSON-LD block, as HTML."""
    metas = [
        ("citation_title", citation.title),
        ("citation_author", SITE_AUTHOR),
        ("citation_publication_date", citation.build.date.replace("-", "/")),
        ("citation_online_date", citation.build.date.replace("-", "/")),
        ("citation_publisher", citation.site),
        ("citation_language", citation.language),
        ("citation_public_url", citation.url),
        ("DC.title", citation.title),
        ("DC.creator", SITE_AUTHOR),
        ("DC.date", citation.build.date),
        ("DC.language", citation.language),
        ("DC.publisher", citation.site),
        ("DC.rights", "CC BY 4.0"),
        ("DC.identifier", citation.url),
    ]
    metas += [("citation_reference", _reference(data)) for data in studies]
    tags = "".join(
        f'<meta name="{name}" content="{html.escape(value, quote=True)}">' for name, value in metas
    )
    ld = script_safe_json(json_ld(citation, studies))
    return f'{tags}<script type="application/ld+json">{ld}</script>'


def script_safe_json(value: object) -> str:
    """JSON to place inside a `<script>` element: `<`, `>` and `&` as \\u escapes, as Jinja's tojson writes them.

    Nothing in it can then end the script (`</script`) or open a comment (`<!--`) that would change where the
    browser ends it; JSON parsers read the escapes back as the same characters.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def json_ld(citation: PageCitation, studies: list[StudyData]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": citation.title,
        "description": citation.description,
        "url": citation.url,
        "inLanguage": citation.language,
        "about": CONDITION,
        "author": {"@type": "Organization", "name": SITE_AUTHOR},
        "datePublished": citation.build.date,
        "dateModified": citation.build.date,
        "version": citation.build.version or "dev",
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "citation": [_scholarly_article(data) for data in studies],
    }


def _scholarly_article(data: StudyData) -> dict[str, Any]:
    study = data.study
    return {
        "@type": "ScholarlyArticle",
        "name": study.title,
        "author": [{"@type": "Person", "name": name} for name in study.citation.authors],
        "isPartOf": {"@type": "Periodical", "name": study.citation.journal},
        "datePublished": str(study.citation.year),
        "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": study.citation.doi},
        "sameAs": doi_url(study.citation.doi),
    }


def _reference(data: StudyData) -> str:
    study = data.study
    return (
        f"citation_title={study.title}; citation_journal_title={study.citation.journal}; "
        f"citation_publication_date={study.citation.year}; citation_doi={study.citation.doi}"
    )


# ---- the box on the page ---------------------------------------------------------------------------------


def render_cite_box(citation: PageCitation, studies: list[StudyData], files: dict[str, str]) -> str:
    """A 'Cite this page' box: the site's citation in two styles, downloads, and the studies to cite too."""
    own = (
        f"<p><strong>APA:</strong> {html.escape(apa(citation))}</p>"
        f"<p><strong>Vancouver:</strong> {html.escape(vancouver(citation))}</p>"
    )
    downloads = " · ".join(
        f'<a href="{html.escape(path, quote=True)}" download>{html.escape(label)}</a>'
        for label, path in files.items()
    )
    originals = "".join(
        f"<li>{html.escape(vancouver_text(data))} "
        f'<a href="{html.escape(doi_url(data.study.citation.doi), quote=True)}">'
        f"doi:{html.escape(data.study.citation.doi)}</a></li>"
        for data in studies
    )
    also = f"<p>Please cite the original study as well:</p><ul>{originals}</ul>" if originals else ""
    return (
        f'<details class="ev-cite" id="cite-this-page"><summary>Cite this page</summary>{own}'
        f'<p class="ev-downloads">Download: {downloads}</p>'
        f"<p>To cite one finding, add its anchor to the address (for example the id of a table or chart, "
        f"shown after # when you follow its link).</p>{also}</details>"
    )


# ---- one page, all formats -------------------------------------------------------------------------------


def citation_files(citation: PageCitation) -> dict[str, str]:
    """The downloadable citation files of a page, by path under the site root."""
    base = f"cite/{citation.slug}"
    return {
        f"{base}.bib": bibtex(citation),
        f"{base}.ris": ris(citation),
        f"{base}.csl.json": json.dumps(csl_json(citation), ensure_ascii=False, indent=2, sort_keys=True)
        + "\n",
    }


def page_slug(url: str) -> str:
    """A file name for a page address: 'studies/hiit-2025/findings/' → 'studies-hiit-2025-findings'."""
    return url.strip("/").replace("/", "-") or "home"


def versioned_url(site_url: str, page_url: str, version: str | None) -> str:
    """The page's address in a release's own folder (or the unversioned address for a dev build)."""
    return (
        f"{site_root_url(site_url)}{version}/{page_url}"
        if version
        else f"{site_root_url(site_url)}{page_url}"
    )


def site_root_url(site_url: str) -> str:
    """The address of the whole site: mike builds a release with its version folder appended to site_url."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    current = os.environ.get(VERSION_VARIABLE)
    return base.removesuffix(f"{current}/") if current else base


def studies_for_page(page_url: str, studies: dict[str, StudyData]) -> list[StudyData]:
    """The studies a page is about: its own study under studies/<id>/, both on the home page."""
    parts = page_url.strip("/").split("/")
    if len(parts) >= 2 and parts[0] == "studies" and parts[1] in studies:
        return [studies[parts[1]]]
    return list(studies.values()) if page_url in ("", "compare/") else []


@dataclass(frozen=True)
class CitedPage:
    """What a page carries to be citable: head metadata, the cite box, its files and its canonical address."""

    head: str
    box: str
    files: dict[str, str]
    canonical_url: str | None


DOWNLOAD_LABELS = {"BibTeX": ".bib", "RIS": ".ris", "CSL-JSON": ".csl.json"}


def cite_page(
    site: str,
    site_url: str,
    page_url: str,
    title: str,
    description: str,
    studies: dict[str, StudyData],
    build: BuildInfo,
    language: str = "en",
) -> CitedPage:
    """Everything a page needs to be cited; releases point their canonical link at the `latest` twin.

    The title is the page's heading as Python-Markdown's table of contents gives it, HTML-escaped: it is read
    back to plain text here, once (on one line), and every format escapes it once as it writes it.
    """
    citation = PageCitation(
        site,
        single_line(html.unescape(title)),
        versioned_url(site_url, page_url, build.version),
        description,
        build,
        page_slug(page_url),
        language,
    )
    about = studies_for_page(page_url, studies)
    files = citation_files(citation)
    root = "../" * page_url.count("/")
    links = {
        label: root + next(path for path in files if path.endswith(suffix))
        for label, suffix in DOWNLOAD_LABELS.items()
    }
    canonical = versioned_url(site_url, page_url, "latest") if build.version else None
    return CitedPage(
        head_metadata(citation, about), render_cite_box(citation, about, links), files, canonical
    )
