"""Everything a Japanese page shows is Japanese, but for what may stay in Latin script: proper names, citations'
bibliographic data, verbatim quotes, units, abbreviations, code and addresses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from myositis_evidence.dataset.languages import LANGUAGES
from myositis_evidence.site.build_info import BuildInfo
from myositis_evidence.site.i18n import INTERFACE, interface_text

pytestmark = pytest.mark.build

# Names of studies, journals, people, the site's corporate author, tools and licences, and the names of
# citation styles and file formats; the language switch names English in English.
ALLOWED_NAMES = (
    "Myositis Treatment Evidence maintainers",
    "Material for MkDocs",
    "Modern Rheumatology",
    "eBioMedicine",
    "Andreasson",
    "Hara",
    "Dalakas",
    "Miyasaka",
    "ProDERM",
    "PubMed",
    "CC BY",
    "MIT",
    "APA",
    "Vancouver",
    "AMA",
    "BibTeX",
    "RIS",
    "CSL-JSON",
    "English",
)
# Abbreviations and units the Japanese pages use as Japanese medical writing does.
ALLOWED_ABBREVIATIONS = frozenset(
    [
        "HIIT",
        "IVIG",
        "IIM",
        "GRADE",
        "CK",
        "IgG",
        "MMT",
        "MMT8",
        "ADL",
        "VO2peak",
        "PM",
        "DM",
        "DOI",
        "L",
        "min",
        "W",
        "cm",
        "IU",
        "VAS",
        "p",  # p 値, as Japanese statistical writing names a p-value
    ]
)
# A Latin term in full-width brackets right after the name it glosses, as the glossary gives them
# ("筋炎（myositis）", "エビデンスの確実性、GRADE（certainty of the evidence）").
GLOSS = re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fffA-Za-z0-9])（[A-Za-z0-9 ,.\-]+）")
ADDRESS = re.compile(r"https?://\S+")
# An anchor named as what to add to an address (#finding-fitness): an identifier, like an address.
ANCHOR = re.compile(r"(?<![A-Za-z0-9])#[a-z0-9][a-z0-9.-]*")
# A trial's registration number (ClinicalTrials.gov), an identifier like a DOI.
REGISTRATION = re.compile(r"\bNCT\d{8}\b")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
# Text that is bibliographic data or verbatim source text, and elements that show no text. A quote's own words
# are exempt, not the line naming its source (pages/citations.py), which is in the page's language.
EXEMPT = (
    "script, style, svg, code, pre, q, .ev-citation, blockquote:not(.ev-quote), "
    ".ev-quote > :not(.ev-quote__source)"
)
SHOWN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
# The provenance notes (at a page's end, or in a plain-language section's box) and the numbers' tooltips,
# rendered by pages/result_html.py and pages/note_wording.py.
NOTES = "ol.ev-notes, div.ev-box-notes, span.ev-num"
# Verbatim English inside a note: quotes and bibliographic references, each marked as English.
ENGLISH = '[lang="en"]'


def _japanese_pages(site: Path) -> list[Path]:
    return sorted((site / "ja").rglob("*.html"))


def _english_words(text: str) -> list[str]:
    """The Latin-script words of a text that no allowance covers."""
    text = GLOSS.sub("", REGISTRATION.sub("", ANCHOR.sub("", ADDRESS.sub("", text))))
    for name in ALLOWED_NAMES:
        text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", "", text)
    return [word for word in LATIN_WORD.findall(text) if word not in ALLOWED_ABBREVIATIONS]


def _shown_text(root: Tag) -> list[str]:
    """The text a reader sees or hears in root: its text nodes and the attributes read out or shown."""
    for exempt in root.select(EXEMPT):
        exempt.decompose()
    texts = [root.get_text(" ")]
    for element in [root, *root.find_all(True)]:
        texts += [element[name] for name in SHOWN_ATTRIBUTES if element.get(name)]
    return texts


def _page(path: Path) -> BeautifulSoup:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    assert soup.html is not None and soup.html.get("lang") == "ja", path
    return soup


def _quote_free(tooltip: str) -> str:
    """A number's tooltip without its quote (“…”), which is verbatim source text."""
    return re.sub(r"“[^”]*”", "", tooltip)


# ---- the whole page but the provenance notes -------------------------------------------------------------


def test_the_checks_find_english_where_it_is(tmp_path):
    """The scan itself: an English label is found, allowed names, glosses, quotes and citations are not."""
    page = tmp_path / "page.html"
    page.write_text(
        '<html lang="ja"><body><p>HIIT の研究（Andreasson ら、<em>eBioMedicine</em>）</p>'
        "<dl><dt>筋炎（myositis）</dt></dl><q>Both groups underwent training.</q>"
        '<p class="ev-citation">Available from: https://example.org/</p>'
        '<blockquote class="ev-quote"><p>“Verbatim words.”</p>'
        '<p class="ev-quote__source">— <cite>Journal summary</cite></p></blockquote>'
        '<p><span aria-label="Note 1">注1</span> Cite this page</p></body></html>',
        encoding="utf-8",
    )
    words = [word for text in _shown_text(_page(page).body) for word in _english_words(text)]
    assert words == ["Journal", "summary", "Cite", "this", "page", "Note"]


def test_japanese_pages_show_no_english_interface_text(built_site):
    assert _japanese_pages(built_site), "no Japanese pages were built"
    found = {}
    for path in _japanese_pages(built_site):
        soup = _page(path)
        for notes in soup.select(NOTES):
            notes.decompose()
        words = [word for text in _shown_text(soup) for word in _english_words(text)]
        if words:
            found[path.relative_to(built_site).as_posix()] = sorted(set(words))
    assert found == {}


def test_provenance_notes_on_japanese_pages_are_japanese_but_for_their_quotes(built_site):
    found, notes_seen = {}, 0
    for path in _japanese_pages(built_site):
        words = []
        soup = _page(path)
        for english in soup.select(f":is({NOTES}) {ENGLISH}"):
            english.decompose()
        for element in soup.select(NOTES):
            notes_seen += element.name != "span"
            if element.name == "span":
                words += _english_words(_quote_free(element.get("title", "")))
            else:
                words += [word for text in _shown_text(element) for word in _english_words(text)]
        if words:
            found[path.relative_to(built_site).as_posix()] = sorted(set(words))
    assert notes_seen, "no notes on the Japanese pages: the check would pass vacuously"
    assert found == {}


def test_quotes_in_japanese_notes_are_marked_english_one_by_one(built_site):
    """The quote in a note is verbatim English and says so; the note around it is Japanese, not lang="en"."""
    soup = _page(built_site / "ja/patients/hiit/index.html")
    boxes = soup.select("div.ev-box-notes")
    assert boxes
    for box in boxes:
        assert box.get("lang") is None and not box.find_parent(attrs={"lang": "en"})
        quotes = box.select("q")
        assert quotes and all(quote.get("lang") == "en" for quote in quotes)
        assert "報告値（出典：学術誌の要約（eBioMedicine 2025））：" in box.get_text()


# ---- the site's own interface wording --------------------------------------------------------------------


def test_every_language_has_interface_wording():
    assert set(INTERFACE) == set(LANGUAGES)
    with pytest.raises(KeyError, match="no interface wording for language 'fr'"):
        interface_text("fr")


@pytest.mark.parametrize(
    ("version", "language", "label"),
    [
        ("1.2", "ja", "バージョン 1.2"),
        (None, "ja", "開発版（未公開）"),
        ("1.2", "en", "version 1.2"),
        (None, "en", "development build (unreleased)"),
    ],
)
def test_the_version_line_is_in_the_page_language(version, language, label):
    assert BuildInfo(version, "2026-12-01", "0123456789ab", "ba9876543210").label(language) == label


def test_a_japanese_page_has_a_japanese_cite_box(built_site):
    box = _page(built_site / "ja/patients/hiit/index.html").find("details", id="cite-this-page")
    assert box.summary.get_text() == "このページを引用する"
    assert [strong.get_text() for strong in box.find_all("strong")] == [
        "英語の引用形式（APA）：",
        "英語の引用形式（Vancouver）：",
        "英語の引用形式（AMA）：",
    ]
    assert "英語の引用形式（APA、Vancouver、AMA）で書いてあるため、英語のままです。" in box.get_text()


def test_the_citations_in_a_japanese_cite_box_stay_english_and_say_so(built_site):
    """APA, Vancouver and AMA are English-language styles, pasted into reference lists as they are: their
    words ("Retrieved … from", "Available from", "Accessed") stay, marked English; nothing else is English."""
    box = _page(built_site / "ja/patients/hiit/index.html").find("details", id="cite-this-page")
    citations = box.select(".ev-citation")
    assert citations and all(citation.get("lang") == "en" for citation in citations)
    apa, vancouver, ama = (citation.get_text() for citation in citations[:3])
    assert "Retrieved" in apa and "Available from:" in vancouver and "Accessed" in ama
    for citation in citations:
        citation.decompose()
    assert _english_words(box.get_text(" ")) == []


def test_a_quote_on_a_japanese_page_names_its_source_in_japanese(built_site):
    """The quote's words are verbatim English; the source's name is the one in the study's labels.ja.yml."""
    quote = _page(built_site / "ja/patients/hiit/index.html").find(id="quote-hiit-2025.randomised")
    words, source = quote.find_all("p")
    assert words.get("lang") == "en" and words.get_text().startswith("“Twenty-three patients")
    assert source.get("lang") == "ja" and source.get_text() == "— 学術誌の要約（eBioMedicine 2025）"
    english = BeautifulSoup(
        (built_site / "patients/hiit/index.html").read_text(encoding="utf-8"), "html.parser"
    ).find(id="quote-hiit-2025.randomised")
    assert english.find("p", class_="ev-quote__source").get_text() == "— Journal summary (eBioMedicine 2025)"


def test_japanese_pages_name_the_palette_switch_and_heading_links_in_japanese(built_site):
    soup = _page(built_site / "ja/patients/hiit/index.html")
    toggles = [label["title"] for label in soup.select("form[data-md-component=palette] label[title]")]
    assert toggles == ["ダークモードに切り替える", "ライトモードに切り替える"]
    assert {link["title"] for link in soup.select("a.headerlink")} == {"この見出しへのリンク"}
    assert "使用テーマ：" in soup.select_one(".md-copyright").get_text()
