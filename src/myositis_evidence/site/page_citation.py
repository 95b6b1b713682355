"""How to cite a page of this site: APA, Vancouver, BibTeX, RIS and CSL-JSON, plus page metadata for
reference managers and search engines (Highwire Press, Dublin Core, schema.org JSON-LD).

Every value is plain text inside (cite_page unescapes the heading it is given once) and is escaped once, for
its format, as it is written: HTML for the box and the meta tags, \\u escapes in the JSON-LD block, LaTeX's
specials in BibTeX, and no line breaks or control characters in RIS (one field per line) or BibTeX.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from myositis_evidence.dataset.references import StudyReference, doi_url, vancouver_text
from myositis_evidence.pages.file_links import dataset_paths
from myositis_evidence.site.addresses import newest_url, version_links, versioned_url
from myositis_evidence.site.build_info import BuildInfo
from myositis_evidence.site.i18n import interface_text

SITE_AUTHOR = "Myositis Treatment Evidence maintainers"
# The organisation in the inverted "Family, Given" form of Highwire and Dublin Core names, with no given name:
# Zotero's Embedded Metadata translator reads a name with a comma as inverted (ZU.cleanAuthor) and keeps one
# without a given name as a single-field (institutional) creator, where "Myositis Treatment Evidence
# maintainers" alone would be read as a person called "Maintainers, Myositis Treatment Evidence".
INVERTED_SITE_AUTHOR = f"{SITE_AUTHOR},"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# Media types of the citation files, for the FAIR Signposting `describedby` links.
CITATION_MEDIA_TYPES = {
    ".csl.json": "application/vnd.citationstyles.csl+json",
    ".ris": "application/x-research-info-systems",
    ".bib": "application/x-bibtex",
}
CONDITION = {
    "@type": "MedicalCondition",
    "name": "Idiopathic inflammatory myopathy",
    "alternateName": "Myositis",
}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
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
    newest_url: str = ""  # the page in latest/ (a release only): the address that follows new versions

    @property
    def year(self) -> str:
        return self.build.date[:4]

    @property
    def edition(self) -> str:
        return f"Version {self.build.version}" if self.build.version else "Development build"

    @property
    def version(self) -> str:
        """The release ("1.0"), or "dev" for a build that is not one."""
        return self.build.version or "dev"

    @property
    def versioned_title(self) -> str:
        """The title with its release ("Findings (version 1.0)"), as the Cochrane Handbook is cited with its
        version: styles that have no place for a web page's version (NLM, AMA) still show it."""
        return f"{self.title} (version {self.build.version})" if self.build.version else self.title

    @property
    def accessed(self) -> str:
        """The access date the citations carry: the build's date, the first day this version could be read
        (the cite box asks the reader to put the day they read it)."""
        return self.build.date


def _long_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{MONTH_NAMES[int(month) - 1]} {int(day)}, {year}"


def _nlm_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{year} {MONTHS[int(month) - 1]} {int(day)}"


# ---- text styles -----------------------------------------------------------------------------------------


def apa(citation: PageCitation) -> str:
    """APA 7 style for a web page with a corporate author, its version and its retrieval date."""
    year, month, day = citation.build.date.split("-")
    return (
        f"{SITE_AUTHOR}. ({year}, {MONTH_NAMES[int(month) - 1]} {int(day)}). {citation.title} "
        f"({citation.edition}). {citation.site}. Retrieved {_long_date(citation.accessed)}, from {citation.url}"
    )


def vancouver(citation: PageCitation) -> str:
    """Vancouver (NLM, Citing Medicine ch. 25) style for a part of a homepage, with its [cited] date."""
    return (
        f"{SITE_AUTHOR}. {citation.title}. In: {citation.site} [Internet]. {citation.edition}; "
        f"{_nlm_date(citation.build.date)} [cited {_nlm_date(citation.accessed)}]. "
        f"Available from: {citation.url}"
    )


def ama(citation: PageCitation) -> str:
    """AMA (11th edition, 3.15.1) style for a web page: published and accessed dates."""
    return (
        f"{SITE_AUTHOR}. {citation.title}. {citation.site}. {citation.edition}. "
        f"Published {_long_date(citation.build.date)}. Accessed {_long_date(citation.accessed)}. {citation.url}"
    )


def bibtex(citation: PageCitation) -> str:
    """A biblatex @online entry (a web page); the corporate author in double braces, so it is one name, not a
    person's. The site is both `organization` (biblatex's publisher of an @online entry) and `booktitle`
    (where Zotero's BibTeX import reads a web page's website title). The key and the CSL id carry the
    version, so citations of two releases of one page can sit in one bibliography."""
    key = re.sub(r"[^A-Za-z0-9.-]", "", f"myositisevidence{citation.year}{citation.slug}-{citation.version}")
    fields = {
        "author": "{" + bibtex_text(SITE_AUTHOR) + "}",
        "title": bibtex_text(citation.versioned_title),
        "organization": bibtex_text(citation.site),
        "booktitle": bibtex_text(citation.site),
        "year": bibtex_text(citation.year),
        "date": bibtex_text(citation.build.date),
        "version": bibtex_text(citation.version),
        "url": _BIBTEX_URL.sub(lambda match: BIBTEX_URL[match.group(0)], single_line(citation.url)),
        "urldate": bibtex_text(citation.accessed),
        "language": bibtex_text(citation.language),
        "note": bibtex_text(f"Commit {citation.build.commit}, data {citation.build.data_hash}"),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@online{{{key},\n{body}\n}}\n"


def bibtex_text(text: str) -> str:
    """Plain text as the inside of a braced BibTeX value: one line, LaTeX's specials as text."""
    return _BIBTEX_TEXT.sub(lambda match: BIBTEX_TEXT[match.group(0)], single_line(text))


def single_line(text: str) -> str:
    """Text without control characters, its line breaks and runs of whitespace as single spaces."""
    return " ".join(_CONTROL.sub("", text).split())


def ris(citation: PageCitation) -> str:
    lines = [
        ("TY", "ELEC"),
        ("AU", SITE_AUTHOR),  # no comma: a corporate name, read as one field
        ("TI", citation.versioned_title),
        ("T2", citation.site),
        ("PY", citation.year),
        ("DA", citation.build.date.replace("-", "/")),
        ("ET", citation.edition),
        ("UR", citation.url),
        ("Y2", citation.accessed.replace("-", "/")),  # the access date
        ("LA", citation.language),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {single_line(value)}\n" for tag, value in lines)


def csl_json(citation: PageCitation) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{citation.slug}-{citation.version}",
            "type": "webpage",
            "title": citation.versioned_title,
            "container-title": citation.site,
            "author": [{"literal": SITE_AUTHOR}],
            "issued": _csl_date(citation.build.date),
            "accessed": _csl_date(citation.accessed),
            "version": citation.version,
            "URL": citation.url,
            "language": citation.language,
        }
    ]


def _csl_date(iso: str) -> dict[str, list[list[int]]]:
    return {"date-parts": [[int(part) for part in iso.split("-")]]}


# ---- metadata in the page head ---------------------------------------------------------------------------


def head_metadata(citation: PageCitation, studies: list[StudyReference]) -> str:
    """Highwire Press, Dublin Core and Open Graph meta tags and a schema.org JSON-LD block, as HTML.

    Read by Zotero's Embedded Metadata translator, they make a web page item (og:type "website"; a
    Highwire title alone would make it guess a journal article), with the organisation as its author, the
    website's title (og:site_name), the release in the title, the website type (DC.type), and the versioned
    address.
    """
    date = citation.build.date.replace("-", "/")
    metas = [
        ("citation_title", citation.versioned_title),
        ("citation_author", INVERTED_SITE_AUTHOR),
        ("citation_publication_date", date),
        ("citation_online_date", date),
        ("citation_publisher", citation.site),
        ("citation_language", citation.language),
        ("citation_public_url", citation.url),
        ("DC.title", citation.versioned_title),
        ("DC.creator", INVERTED_SITE_AUTHOR),
        ("DC.type", "Evidence summary"),  # the version is in the title: Zotero would show it twice
        ("DC.date", citation.build.date),
        ("DC.language", citation.language),
        ("DC.publisher", citation.site),
        ("DC.rights", "CC BY 4.0"),
        ("DC.identifier", citation.url),
    ]
    metas += [("citation_reference", _reference(data)) for data in studies]
    properties = [
        ("og:type", "website"),
        ("og:site_name", citation.site),
        ("og:title", citation.versioned_title),
        ("og:url", citation.url),
    ]
    tags = "".join(
        f'<meta name="{name}" content="{html.escape(value, quote=True)}">' for name, value in metas
    ) + "".join(
        f'<meta property="{name}" content="{html.escape(value, quote=True)}">' for name, value in properties
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


def json_ld(citation: PageCitation, studies: list[StudyReference]) -> dict[str, Any]:
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
        "license": LICENCE_URL,
        "citation": [_scholarly_article(data) for data in studies],
    }


def _scholarly_article(study: StudyReference) -> dict[str, Any]:
    return {
        "@type": "ScholarlyArticle",
        "name": study.title,
        "author": [{"@type": "Person", "name": name} for name in study.authors],
        "isPartOf": {"@type": "Periodical", "name": study.journal},
        "datePublished": str(study.year),
        "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": study.doi},
        "sameAs": doi_url(study.doi),
    }


def _reference(study: StudyReference) -> str:
    return (
        f"citation_title={study.title}; citation_journal_title={study.journal}; "
        f"citation_publication_date={study.year}; citation_doi={study.doi}"
    )


# ---- the box on the page ---------------------------------------------------------------------------------


def render_cite_box(
    citation: PageCitation,
    studies: list[StudyReference],
    files: dict[str, str],
    findings: Sequence[tuple[str, str]] = (),
) -> str:
    """A 'Cite this page' box in the page's language: the site's citation in three styles, downloads, and the
    studies to cite too. The citations themselves are bibliographic data, written as the styles write them."""
    text = interface_text(citation.language)
    # The citations are English-language styles: marked English on a page in another language, which says so.
    english = "" if citation.language == "en" else ' lang="en"'
    accessed_long, accessed_nlm = _long_date(citation.accessed), _nlm_date(citation.accessed)
    styles = (
        ("APA", apa(citation), f"Retrieved {accessed_long}", accessed_long, "long"),
        ("Vancouver", vancouver(citation), f"[cited {accessed_nlm}", accessed_nlm, "nlm"),
        ("AMA", ama(citation), f"Accessed {accessed_long}", accessed_long, "long"),
    )
    own = "".join(
        f"<p><strong>{html.escape(text.style_label.format(style=style))}</strong> "
        f'<span class="ev-citation"{english}>'
        f"{_marked_access_date(cited, phrase, date, date_format, citation.accessed)}</span></p>"
        for style, cited, phrase, date, date_format in styles
    )
    if text.citation_language:
        own = f"<p>{html.escape(text.citation_language)}</p>{own}"
    downloads = " · ".join(
        f'<a href="{html.escape(path, quote=True)}" download="{html.escape(_saved_name(path, citation), quote=True)}" '
        f'data-ev-citation="{DOWNLOAD_KINDS[label]}">{html.escape(label)}</a>'
        for label, path in files.items()
    )
    originals = "".join(
        f'<li><span class="ev-citation"{english}>{html.escape(vancouver_text(data))} '
        f'<a href="{html.escape(doi_url(data.doi), quote=True)}">'
        f"doi:{html.escape(data.doi)}</a></span></li>"
        for data in studies
    )
    also = f"<p>{html.escape(text.cite_original)}</p><ul>{originals}</ul>" if originals else ""
    accessed = text.accessed_note.format(date=citation.accessed)
    newest = (
        f'<p>{html.escape(text.newest_address)} <a href="{html.escape(citation.newest_url, quote=True)}">'
        f"<code>{html.escape(citation.newest_url)}</code></a></p>"
        if citation.newest_url
        else ""
    )
    base = citation.newest_url or citation.url
    listed = "".join(
        f"<li>{html.escape(label)}{'：' if citation.language == 'ja' else ': '}"
        f'<a href="{html.escape(f"{base}#{anchor}", quote=True)}"><code>{html.escape(f"{base}#{anchor}")}</code></a></li>'
        for anchor, label in findings
    )
    each = f"<p>{html.escape(text.finding_addresses)}</p><ul>{listed}</ul>" if listed else ""
    return (
        f'<details class="ev-cite" id="cite-this-page"><summary>{html.escape(text.cite_summary)}</summary>'
        f"{own}{newest}{each}<p data-ev-accessed-note><span>{html.escape(accessed)}</span>"
        f"<span hidden>{html.escape(text.accessed_today_note)}</span></p>"
        f'<p class="ev-downloads">{html.escape(text.download)} {downloads}</p>'
        f"<p>{html.escape(text.cite_one_finding)}</p>{also}</details>"
    )


def _marked_access_date(cited: str, phrase: str, date: str, date_format: str, iso: str) -> str:
    """The escaped citation with the date at the end of phrase ("Accessed December 2, 2026") in a `<time>`
    element, which assets/cite.js sets to the reader's day in the same format ("long" or "nlm")."""
    lead = phrase.removesuffix(date)
    element = f'{html.escape(lead)}<time datetime="{iso}" data-ev-accessed="{date_format}">{html.escape(date)}</time>'
    return html.escape(cited).replace(html.escape(phrase), element, 1)


def _saved_name(path: str, citation: PageCitation) -> str:
    """The name a downloaded citation file is saved under, with the version: 'studies-x-findings-1.0.ris'."""
    name = path.rsplit("/", 1)[-1]
    stem, dot, suffix = name.partition(".")
    return f"{stem}-{citation.version}{dot}{suffix}"


# ---- FAIR Signposting ------------------------------------------------------------------------------------


def signposting_links(
    citation: PageCitation, page_url: str, studies: list[StudyReference], files: dict[str, str]
) -> str:
    """FAIR Signposting (signposting.org/FAIR) as `<link>` tags: the address to cite, the citation files that
    describe the page, its licence and the datasets it presents, and for a release its newest version and the
    version history.

    Addresses on the site are relative to the page, so they hold wherever the site is served (a sub-path, a
    local copy); cite-as names the page's own release folder, so the copy under `latest/` points to the
    release it is a copy of.
    """
    root = "../" * page_url.count("/")
    version = citation.build.version
    cite_as = f"{root}../{version}/{page_url}" if version else f"{root}{page_url}" or "./"
    links = [("cite-as", cite_as, "")]
    links += [
        ("describedby", root + path, CITATION_MEDIA_TYPES[suffix])
        for suffix in CITATION_MEDIA_TYPES
        for path in files
        if path.endswith(suffix)
    ]
    links.append(("license", LICENCE_URL, ""))
    for data in studies:
        paths = dataset_paths(data.id)
        links += [
            ("item", root + paths["csv"], "text/csv"),
            ("item", root + paths["json"], "application/json"),
        ]
    links += [(rel, f"{root}../{path}", "") for rel, path in version_links(page_url, version)]
    return "".join(
        f'<link rel="{rel}" href="{html.escape(href, quote=True)}"'
        + (f' type="{media_type}"' if media_type else "")
        + ">"
        for rel, href, media_type in links
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


# A shortcode naming a result: its study is the id's first part ("<!-- md:certainty hiit-2025.appraisal.x -->").
_SHORTCODE_STUDY = re.compile(r"<!--\s*md:certainty(?:-level)?\s+([a-z0-9-]+)\.")


def studies_for_page(
    page_url: str, studies: dict[str, StudyReference], markdown: str = ""
) -> list[StudyReference]:
    """The studies a page is about: its own study under studies/<id>/, both on the home and compare pages,
    and on a plain-language page (patients/, in any language) the studies whose results it shows."""
    parts = page_url.strip("/").split("/")
    if len(parts) >= 2 and parts[0] == "studies" and parts[1] in studies:
        return [studies[parts[1]]]
    if "patients" in parts[:2]:
        named = set(_SHORTCODE_STUDY.findall(markdown))
        return [data for study_id, data in studies.items() if study_id in named]
    return list(studies.values()) if page_url in ("", "compare/") else []


@dataclass(frozen=True)
class CitedPage:
    """What a page carries to be citable: head metadata and links, the cite box, its files and its canonical
    address."""

    head: str
    box: str
    files: dict[str, str]
    canonical_url: str | None


DOWNLOAD_LABELS = {"BibTeX": ".bib", "RIS": ".ris", "CSL-JSON": ".csl.json"}
# What assets/cite.js rewrites in each file to put the reader's access date in it.
DOWNLOAD_KINDS = {"BibTeX": "bib", "RIS": "ris", "CSL-JSON": "csl"}


def cite_page(
    site: str,
    site_url: str,
    page_url: str,
    title: str,
    description: str,
    studies: dict[str, StudyReference],
    build: BuildInfo,
    language: str = "en",
    markdown: str = "",
    content: str = "",
) -> CitedPage:
    """Everything a page needs to be cited; a release's canonical link is the page's own versioned address.

    The title is the page's heading as Python-Markdown's table of contents gives it, HTML-escaped: it is read
    back to plain text here, once (on one line), and every format escapes it once as it writes it. markdown
    is the page's source, whose shortcodes name the studies a plain-language page summarises.
    """
    citation = PageCitation(
        site,
        single_line(html.unescape(title)),
        versioned_url(site_url, page_url, build.version),
        description,
        build,
        page_slug(page_url),
        language,
        newest_url(site_url, page_url, build.version),
    )
    about = studies_for_page(page_url, studies, markdown)
    files = citation_files(citation)
    root = "../" * page_url.count("/")
    links = {
        label: root + next(path for path in files if path.endswith(suffix))
        for label, suffix in DOWNLOAD_LABELS.items()
    }
    head = head_metadata(citation, about) + signposting_links(citation, page_url, about, files)
    canonical = citation.url if build.version else None
    box = render_cite_box(citation, about, links, page_findings(content))
    return CitedPage(head, box, files, canonical)


# A finding of a page for patients: its paragraph's id and bold lead-in (docs/patients/*.md, "{: #finding-…}").
_FINDING = re.compile(r'<p id="(?P<id>finding-[a-z0-9-]+)"><strong>(?P<label>.*?)</strong>', re.S)


def page_findings(content: str) -> list[tuple[str, str]]:
    """The findings of a page's HTML content that have their own anchor, as (id, lead-in without its full
    stop), in page order."""
    return [
        (match["id"], single_line(html.unescape(re.sub(r"<[^>]+>", "", match["label"]))).rstrip(".。"))
        for match in _FINDING.finditer(content)
    ]
