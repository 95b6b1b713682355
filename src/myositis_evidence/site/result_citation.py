"""'Cite this result' under each table and chart: the result's versioned address with its `#id`, what it
shows, and a JSON record of it to save with the citation.

Added to the finished page (the tables and charts are rendered in pages/result_html.py, which knows nothing
of releases): each `<div class="ev-table" id=…>` and `<figure class="ev-chart" id=…>` gets a closed
`<details>` box after it, and `cite/results/<id>.json` (the record: address, what it shows, release,
provenance) and `cite/results/<id>.csl.json` (a CSL-JSON list a reference manager imports), `.ris` and `.bib`
are written beside the page's citation files. A result's citation names its page, so two studies' "Key results" differ.
"""

from __future__ import annotations

import html
import re
from typing import Any

from myositis_evidence.site.addresses import newest_url, versioned_url
from myositis_evidence.site.build_info import BuildInfo
from myositis_evidence.site.i18n import interface_text
from myositis_evidence.site.page_citation import SITE_AUTHOR, PageCitation, bibtex, ris, single_line
from myositis_evidence.site.publishing import json_file

RESULT_START = re.compile(
    r'<div class="ev-table" id="(?P<table>[^"]+)"[^>]*>|<figure class="ev-chart" id="(?P<chart>[^"]+)">'
)
CAPTION = re.compile(r"<(?:caption|figcaption)\b[^>]*>(?P<text>.*?)</(?:caption|figcaption)>", re.S)
TAG = re.compile(r"<[^>]+>")
FIRST_SENTENCE = re.compile(r"^(?P<sentence>.+?)\.(?:\s|$)")
RESULTS_FOLDER = "cite/results"


def add_result_citations(
    page: str,
    page_url: str,
    site_url: str,
    build: BuildInfo,
    language: str = "en",
    *,
    page_title: str = "",
    site_name: str = "",
) -> tuple[str, dict[str, str]]:
    """The page with a 'Cite this result' box after each identified table and chart, and the results' JSON
    records and CSL-JSON citations by path under the site root."""
    parts, files, position = [], {}, 0
    for match in RESULT_START.finditer(page):
        if match.start() < position:
            continue  # inside a result already handled
        end = _element_end(page, match.end(), "div" if match.group("table") else "figure")
        if end < 0:
            continue
        identifier = html.unescape(match.group("table") or match.group("chart"))
        markup = page[match.start() : end]
        record = result_record(
            identifier, markup, page_url, site_url, build, page_title=page_title, site_name=site_name
        )
        record["csl"]["language"] = language
        path = f"{RESULTS_FOLDER}/{_file_name(identifier)}"
        files[f"{path}.json"] = json_file(record)
        files[f"{path}.csl.json"] = json_file([record["csl"]])
        # RIS and BibTeX for the reference managers that do not read CSL-JSON (EndNote, Mendeley, RefWorks)
        cited = PageCitation(
            site_name, str(record["title"]), str(record["url"]), "", build, _file_name(identifier), language
        )
        files[f"{path}.ris"], files[f"{path}.bib"] = ris(cited), bibtex(cited)
        box = render_result_box(record, "../" * page_url.count("/") + path, language)
        parts += [page[position:end], box]
        position = end
    return "".join(parts) + page[position:], files


def result_record(
    identifier: str,
    markup: str,
    page_url: str,
    site_url: str,
    build: BuildInfo,
    *,
    page_title: str = "",
    site_name: str = "",
) -> dict[str, Any]:
    """What a citation of one result needs: its versioned address, what it shows, the release and a CSL-JSON
    item for it, titled by the caption's first sentence and the page ("Key results – IVIG study (2003):
    findings (version 1.0)")."""
    caption = CAPTION.search(markup)
    shown = single_line(html.unescape(TAG.sub(" ", caption.group("text")))) if caption else identifier
    sentence = FIRST_SENTENCE.match(shown)
    short = sentence.group("sentence") if sentence else shown
    title = f"{short} – {single_line(page_title)}" if page_title else short
    address = f"{versioned_url(site_url, page_url, build.version)}#{identifier}"
    newest = newest_url(site_url, page_url, build.version)
    newest = f"{newest}#{identifier}" if newest else ""
    year, month, day = (int(part) for part in build.date.split("-"))
    version = build.version or "dev"
    csl: dict[str, Any] = {
        "id": f"{identifier}-{version}",
        "type": "webpage",
        "title": title if not build.version else f"{title} (version {build.version})",
        "author": [{"literal": SITE_AUTHOR}],
        "issued": {"date-parts": [[year, month, day]]},
        "accessed": {"date-parts": [[year, month, day]]},
        "version": version,
        "URL": address,
    }
    if site_name:
        csl["container-title"] = site_name
    return {
        "id": identifier,
        "url": address,
        "newest_url": newest,
        "title": title,
        "shows": shown,
        "version": version,
        "released": build.date,
        "commit": build.commit,
        "data": build.data_hash,
        "csl": csl,
    }


def render_result_box(record: dict[str, Any], path: str, language: str) -> str:
    """The box: the result's address, what it shows, and its CSL-JSON citation and JSON record (path is the
    files' common stem, relative to the page)."""
    text = interface_text(language)
    stem = path.rsplit("/", 1)[-1]
    version = str(record["version"])
    downloads = " · ".join(
        f'<a href="{html.escape(path + suffix, quote=True)}" '
        f'download="{html.escape(f"{stem}-{version}{suffix}", quote=True)}" data-ev-citation="{kind}">'
        f"{html.escape(label)}</a>"
        for label, suffix, kind in (
            (text.result_csl, ".csl.json", "csl"),
            ("RIS", ".ris", "ris"),
            ("BibTeX", ".bib", "bib"),
            (text.result_json, ".json", "record"),
        )
    )
    return (
        f'<details class="ev-cite-result"><summary>{html.escape(text.cite_result)}</summary>'
        f"<p>{html.escape(text.result_address)} "
        f'<a href="{html.escape(str(record["url"]), quote=True)}"><code>{html.escape(str(record["url"]))}</code></a></p>'
        + (
            f"<p>{html.escape(text.result_newest_address)} "
            f'<a href="{html.escape(str(record["newest_url"]), quote=True)}">'
            f"<code>{html.escape(str(record['newest_url']))}</code></a></p>"
            if record.get("newest_url")
            else ""
        )
        + f"<p>{html.escape(text.result_shows)} {html.escape(str(record['shows']))}</p>"
        f"<p>{html.escape(text.result_save_note)}</p>"
        f'<p class="ev-downloads">{downloads}</p></details>'
    )


def _element_end(page: str, after_start: int, tag: str) -> int:
    """The position just past the end tag that closes an element whose start tag ends at after_start (-1 if
    none): start and end tags of the same name are counted, so a nested one does not end it."""
    depth = 1
    for found in re.finditer(rf"<(/?){tag}\b[^>]*>", page[after_start:]):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return after_start + found.end()
    return -1


def _file_name(identifier: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "-", identifier)
