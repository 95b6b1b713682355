"""Japanese in the site's search index: compound words find their page, and results name their language.

The index is the one MkDocs' search plugins write (`search/search_index.json`: a `config` and a list of `docs`,
each with `location`, `title` and `text`), which Material for MkDocs turns into a lunr index in the reader's
browser. Nothing here imports the engine; the hook passes the file.

Why compound words found nothing
    With `lang: [en, ja]`, Material's worker splits the indexed text with lunr's Japanese segmenter
    (TinySegmenter [1]_), so 免疫グロブリン is indexed as 免疫 + グロブリン. A query is never segmented that way:
    lunr's query parser splits it at spaces and hyphens only, and Material cuts just runs of kanji by the words
    already in the index [2]_. The query 免疫グロブリン therefore stays one term, `免疫グロブリン*`, which is the
    beginning of no indexed word; single words (免疫, 筋炎) and all-kanji words (皮膚筋炎) happen to match.

What this module does instead
    The browser segments nothing (`lang: en`, so TinySegmenter is not loaded), and the index carries its own
    Japanese words. For every Japanese character of a page, the word starting there (up to
    `LONGEST_QUERY` characters, or the end of its phrase) goes into an extra field (`title_ja`, `text_ja`).
    lunr matches each query term as a prefix (Material appends `*`), and every stretch of Japanese text is
    the prefix of the word that starts where it starts, so any query found in a page's text finds the page,
    however the reader or Material's kanji cutting splits it. This is the suffix idea behind suffix arrays [3]_,
    cut to a length a query has.

    Without lunr's Japanese language support its punctuation trimmer goes too; `SEPARATOR` does its work:
    punctuation is cut from the ends of words, as the trimmer did, and breaks unspaced Japanese text into
    phrases, so the displayed text yields words of a readable length to highlight.

References
----------
.. [1] T. Kudo, "TinySegmenter: a compact Japanese tokenizer in JavaScript", 2008,
   http://chasen.org/~taku/software/TinySegmenter/ (shipped by Material as assets/javascripts/lunr/tinyseg.js).
.. [2] Material for MkDocs, `src/templates/assets/javascripts/integrations/search/_/index.ts` (`search`) and
   `query/segment/index.ts`; lunr 2.3.9, `lunr.QueryLexer` (terms end at `[\\s\\-]`),
   https://github.com/squidfunk/mkdocs-material, https://lunrjs.com/docs/lunr.QueryLexer.html
.. [3] U. Manber and G. Myers, "Suffix arrays: a new method for on-line string searches", SIAM Journal on
   Computing 22(5), 1993, doi:10.1137/0222058.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from myositis_evidence.errors import EvidenceError

# Japanese word characters, as lunr's Japanese support counts them (`lunr.ja.wordCharacters`, without its Latin
# letters and digits): kanji and their marks, hiragana, katakana and the long-vowel mark, half-width katakana.
JAPANESE = "一-龠々〆ヵヶぁ-んァ-ヴーｱ-ﾝﾞ"
_JAPANESE_CHARACTER = re.compile(f"[{JAPANESE}]")
# Letters and digits written inside Japanese text ("12週間", "IVIG療法"), half- and full-width.
_ALPHANUMERIC = "A-Za-z0-9Ａ-Ｚａ-ｚ０-９"
_RUN = re.compile(f"[{JAPANESE}{_ALPHANUMERIC}]+")
# Room for the longest compound a reader is likely to type (高強度インターバルトレーニング has 15 characters); a
# longer query with spaces still finds pages through its shorter terms. The gzipped index hardly depends on it
# (measured on this site: 66.9 KB at 12, 66.7 KB at 24, against 53.0 KB without Japanese words).
LONGEST_QUERY = 24
# The extra field for each field whose Japanese words are indexed.
JAPANESE_FIELDS = {"title": "title_ja", "text": "text_ja"}

# What lunr splits indexed text at (Material's `search.separator`, a JavaScript regular expression): spaces and
# hyphens, as Material's English default; punctuation at either end of a word (what lunr's trimmer removed);
# and punctuation beside a Japanese character, where unspaced Japanese text has its phrase breaks.
_PUNCTUATION = rf"[^\w\s\-{JAPANESE}]"
SEPARATOR = (
    rf"[\s\-]+|(?<![^\s\-]){_PUNCTUATION}+|{_PUNCTUATION}+(?![^\s\-])"
    rf"|(?<=[{JAPANESE}]){_PUNCTUATION}+|{_PUNCTUATION}+(?=[{JAPANESE}])"
)
MATERIAL_DEFAULT_SEPARATOR = r"[\s\-]+"
# Search languages for which Material's worker loads TinySegmenter, which would cut the index's own Japanese
# words apart again.
SEGMENTED_LANGUAGES = frozenset({"ja"})

_TAG = re.compile(r"<[^>]*>")


class SearchIndexError(EvidenceError):
    """The search index is not one this module can make Japanese words for."""


# ---- Japanese words --------------------------------------------------------------------------------------


def japanese_words(text: str, longest: int = LONGEST_QUERY) -> list[str]:
    """Every word a Japanese query could begin with in this text, once each, in order of first appearance.

    For each run of Japanese text (letters and digits written inside it included), the part that starts at
    each Japanese character, or at the start of each Latin word or number in it, up to `longest` characters
    or the run's end. `text` is plain text; runs without a Japanese character give nothing.

    >>> japanese_words("免疫グロブリン（IgG）", longest=5)
    ['免疫グロブ', '疫グロブリ', 'グロブリン', 'ロブリン', 'ブリン', 'リン', 'ン']
    """
    if longest < 1:
        raise ValueError(f"longest ({longest}) must be at least 1")
    return list(_japanese_words(text, longest))


@functools.lru_cache(maxsize=4096)  # a `mkdocs serve` rebuild indexes mostly the same texts again
def _japanese_words(text: str, longest: int) -> tuple[str, ...]:
    words: dict[str, None] = {}
    for run in _RUN.finditer(text):
        if _JAPANESE_CHARACTER.search(run.group()):
            words.update(dict.fromkeys(_words_from(run.group(), longest)))
    return tuple(words)


def _words_from(run: str, longest: int) -> Iterator[str]:
    """The run's suffixes that start at a Japanese character or a Latin word, cut to `longest`."""
    for start, character in enumerate(run):
        japanese = _JAPANESE_CHARACTER.match(character) is not None
        starts_a_word = start == 0 or _JAPANESE_CHARACTER.match(run[start - 1]) is not None
        if japanese or starts_a_word:
            yield run[start : start + longest]


def plain_text(markup: str) -> str:
    """The text of the HTML a search index holds: tags become spaces (they end words), entities characters."""
    return html.unescape(_TAG.sub(" ", markup))


# ---- the index -------------------------------------------------------------------------------------------


def with_japanese_words(index: Mapping[str, Any], labels: Mapping[str, str]) -> dict[str, Any]:
    """The index with Japanese words in their own fields and each page's title labelled with its language.

    `labels` maps a location prefix to the label for pages under it ({"ja/": "【日本語】"}); only pages
    (locations without `#`) are labelled, since Material shows every result under its page's title. Running
    it on its own output gives the same output.
    """
    config = _checked_config(index["config"])
    docs = [_document(doc, labels) for doc in index["docs"]]
    return {**index, "config": config, "docs": docs}


def _checked_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """The config with SEPARATOR and the Japanese fields; refuses one that would undo the Japanese words."""
    segmented = sorted(set(config.get("lang", [])) & SEGMENTED_LANGUAGES)
    if segmented:
        raise SearchIndexError(
            f"search lang {config.get('lang')} includes {segmented}: the browser would segment the index's "
            "Japanese words again; set the search plugin's lang to [en] (site/search_index.py explains why)"
        )
    separator = config.get("separator") or MATERIAL_DEFAULT_SEPARATOR
    if separator not in (MATERIAL_DEFAULT_SEPARATOR, SEPARATOR):
        raise SearchIndexError(
            f"search separator {separator!r} is set in mkdocs.yml; site/search_index.py sets its own, "
            "which the Japanese words rely on: remove it there"
        )
    fields = dict(config.get("fields", {}))
    for field, japanese_field in JAPANESE_FIELDS.items():
        fields[japanese_field] = dict(fields.get(field, {}))
    return {**config, "separator": SEPARATOR, "fields": fields}


def _document(doc: Mapping[str, Any], labels: Mapping[str, str]) -> dict[str, Any]:
    """One entry with its Japanese words (from the title without its label) and its label."""
    label = _label(str(doc["location"]), labels)
    source = {**doc, "title": str(doc["title"]).removeprefix(label)} if label else dict(doc)
    result = dict(source)
    for field, japanese_field in JAPANESE_FIELDS.items():
        words = japanese_words(plain_text(str(source.get(field, ""))))
        result.pop(japanese_field, None)
        if words:
            result[japanese_field] = " ".join(words)
    if label:
        result["title"] = label + source["title"]
    return result


def _label(location: str, labels: Mapping[str, str]) -> str:
    """The label for a page at this location; none for a section (`#`), which shows under its page."""
    if "#" in location:
        return ""
    return next((label for prefix, label in labels.items() if location.startswith(prefix)), "")


def rewrite_search_index(path: Path, labels: Mapping[str, str]) -> bool:
    """Rewrite the index file at `path` in place (compact JSON, as the search plugin writes it).

    Returns whether the file changed; an unchanged one is left alone, so `mkdocs serve` sees no new file.
    """
    before = path.read_text(encoding="utf-8")
    index = with_japanese_words(json.loads(before), labels)
    after = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    if after == before:
        return False
    path.write_text(after, encoding="utf-8")
    return True
