"""'Cite this result' under each table and chart: the result's versioned address with its `#id`, what it
shows, and a JSON record of it to save with the citation.

Added to the finished page (the tables and charts are rendered in pages/result_html.py, which knows nothing
of releases): each `<div class="ev-table" id=…>` and `<figure class="ev-chart" id=…>` gets a closed
`<details>` box after it, and `cite/results/<id>.json` is written beside the page's citation files.
"""

from __future__ import annotations

import html
import json
import re

from myositis_evidence.site.addresses import versioned_url
from myositis_evidence.site.build_info import BuildInfo
from myositis_evidence.site.i18n import interface_text
from myositis_evidence.site.page_citation import SITE_AUTHOR, single_line

RESULT_START = re.compile(
    r'<div class="ev-table" id="(?P<table>[^"]+)"[^>]*>|<figure class="ev-chart" id="(?P<chart>[^"]+)">'
)
CAPTION = re.compile(r"<(?:caption|figcaption)\b[^>]*>(?P<text>.*?)</(?:caption|figcaption)>", re.S)
TAG = re.compile(r"<[^>]+>")
RESULTS_FOLDER = "cite/results"


def add_result_citations(
    page: str, page_url: str, site_url: str, build: BuildInfo, language: str = "en"
) -> tuple[str, dict[str, str]]:
    """The page with a 'Cite this result' box after each identified table and chart, and the results' JSON
    records by path under the site root."""
    parts, files, position = [], {}, 0
    for match in RESULT_START.finditer(page):
        if match.start() < position:
            continue  # inside a result already handled
        end = _element_end(page, match.end(), "div" if match.group("table") else "figure")
        if end < 0:
            continue
        identifier = html.unescape(match.group("table") or match.group("chart"))
        record = result_record(identifier, page[match.start() : end], page_url, site_url, build)
        path = f"{RESULTS_FOLDER}/{_file_name(identifier)}.json"
        files[path] = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        box = render_result_box(record, "../" * page_url.count("/") + path, language)
        parts += [page[position:end], box]
        position = end
    return "".join(parts) + page[position:], files


def result_record(
    identifier: str, markup: str, page_url: str, site_url: str, build: BuildInfo
) -> dict[str, object]:
    """What a citation of one result needs: its versioned address, what it shows, the release and a CSL-JSON
    item for it."""
    caption = CAPTION.search(markup)
    shown = single_line(html.unescape(TAG.sub(" ", caption.group("text")))) if caption else identifier
    address = f"{versioned_url(site_url, page_url, build.version)}#{identifier}"
    year, month, day = (int(part) for part in build.date.split("-"))
    return {
        "id": identifier,
        "url": address,
        "shows": shown,
        "version": build.version or "dev",
        "released": build.date,
        "commit": build.commit,
        "data": build.data_hash,
        "csl": {
            "id": identifier,
            "type": "webpage",
            "title": shown if not build.version else f"{shown} (version {build.version})",
            "author": [{"literal": SITE_AUTHOR}],
            "issued": {"date-parts": [[year, month, day]]},
            "accessed": {"date-parts": [[year, month, day]]},
            "version": build.version or "dev",
            "URL": address,
        },
    }


def render_result_box(record: dict[str, object], json_path: str, language: str) -> str:
    text = interface_text(language)
    return (
        f'<details class="ev-cite-result"><summary>{html.escape(text.cite_result)}</summary>'
        f"<p>{html.escape(text.result_address)} "
        f'<a href="{html.escape(str(record["url"]), quote=True)}"><code>{html.escape(str(record["url"]))}</code></a></p>'
        f"<p>{html.escape(text.result_shows)} {html.escape(str(record['shows']))}</p>"
        f'<p class="ev-downloads"><a href="{html.escape(json_path, quote=True)}" download>'
        f"{html.escape(text.result_json)}</a></p></details>"
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
