"""A page as the search plugin reads it, and back as it is published.

Between a page's conversion and its publication, Material's search plugin reads its content with Python's
HTML parser, tag by tag; on a results page most of the tags are in tables, charts and notes. So, for that step
only, `for_search` sets aside (pages/stash.py, the tokens hidden in comments):

- what the index should not hold: chart SVGs, wide and narrow (their text is in the captions and data tables),
  the charts' data tables and the notes, which are marked data-search-exclude; and the note markers after
  numbers (a result would read "16%9" for a number and its note 9);
- every other table, in whose place the search plugin finds its caption's and cells' text, one after the
  other with a separator between them. Read cell by cell, the plugin runs the text of adjacent cells together
  ("CharacteristicHIIT trial"), and the index would hold words no query finds.

`published` puts everything back and removes the tables' stand-ins, so the published page is the page as it
was converted.
"""

from __future__ import annotations

import html
import re

from myositis_evidence.pages.stash import Stash

LEFT_OUT = re.compile(
    r'<div class="ev-chart__image[^"]*"><svg\b.*?</svg>'
    r'|<details class="ev-chart__data" data-search-exclude>.*?</details>'
    r'|<ol class="ev-notes" data-search-exclude>.*?</ol>',
    re.S,
)
NOTE_MARKER = re.compile(r'<sup class="ev-ref">.*?</sup>', re.S)
TABLE = re.compile(r"<table\b.*?</table>", re.S)
TEXT_PART = re.compile(r"<(caption|th|td)\b[^>]*>(.*?)</\1>", re.S)
BREAK = re.compile(r"</?(?:br|p|div|ul|ol|li)\b[^>]*>")  # where a browser shows a cell's text apart
TAG = re.compile(r"<[^>]*>")
STAND_IN = re.compile(r"<div data-ev-search-text>[^<]*</div>")
SEPARATOR = " · "


def for_search(content: str, stash: Stash) -> str:
    """The content with what the search index leaves out set aside in stash, and each table's text in its
    place. Each set-aside part is whole HTML holding no token: tables before the note markers outside them."""
    content = stash.keep_all(LEFT_OUT, content)
    content = TABLE.sub(lambda table: stash.keep(table.group(0)) + _stand_in(table.group(0)), content)
    return stash.keep_all(NOTE_MARKER, content)


def published(output: str, stash: Stash) -> str:
    """The page with everything set aside put back and no stand-in left (Stash.restore raises if a part
    is missing)."""
    return STAND_IN.sub("", stash.restore(output))


def _stand_in(table: str) -> str:
    table = NOTE_MARKER.sub("", table)
    text = SEPARATOR.join(filter(None, (_text(match.group(2)) for match in TEXT_PART.finditer(table))))
    return f"<div data-ev-search-text>{html.escape(text, quote=False)}</div>" if text else ""


def _text(cell: str) -> str:
    """A cell's text as a browser shows it, on one line."""
    return " ".join(html.unescape(TAG.sub("", BREAK.sub(" ", cell))).split())
