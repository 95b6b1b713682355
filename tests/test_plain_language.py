"""Plain-language pages: certainty wording from the computed GRADE certainty, readability, and the Japanese
versions showing the same numbers as the English ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat

from conftest import page_address, translated_pages
from myositis_evidence.dataset.appraisal_schema import CERTAINTY_LABELS
from myositis_evidence.dataset.languages import page_language
from myositis_evidence.dataset.plain_language import load_wording
from myositis_evidence.errors import ShortcodeError
from myositis_evidence.pages.certainty_wording import (
    certainty_statement,
    claim_for,
    find_outcome,
)
from myositis_evidence.pages.shortcodes import PageContext, expand
from plain_text import reader_text, without_folded_sources

LEAFLETS = ("patients/index.md", "patients/hiit.md", "patients/ivig.md")
MAX_GRADE = 8  # Flesch–Kincaid grade, the brief for patient material
WORDS = (400, 850)


def _expand(text: str, results, page: str = "docs/test.md") -> str:
    registry, dataset = results
    return expand(text, PageContext(page, registry, dataset, lambda chart: "", language=page_language(page)))


# ---- certainty wording -----------------------------------------------------------------------------------


def test_every_summary_of_findings_outcome_has_a_claim_in_every_language(results):
    _, dataset = results
    for study_id, data in dataset.studies.items():
        for outcome in data.appraisal.summary_of_findings if data.appraisal else []:
            claim = claim_for(dataset, data, outcome)
            assert claim.en.subject and claim.ja, f"{study_id}.{outcome.id}"


@pytest.mark.parametrize(
    ("certainty", "english", "japanese"),
    [
        (4, "HIIT improves fitness", "より高まることが示されています"),
        (3, "HIIT probably improves fitness", "おそらく"),
        (2, "HIIT may improve fitness", "より高まる可能性があります"),
        (1, "The evidence is very uncertain about the effect of HIIT on fitness", "HIITが体力"),
    ],
)
def test_statement_follows_grade_guidance_26_at_every_level(results, certainty, english, japanese):
    # Santesso et al. 2020 (GRADE 26, Table 3): high → plain verb, moderate → "probably", low → "may",
    # very low → "The evidence is very uncertain about the effect of X on Y", with no direction.
    _, dataset = results
    data, outcome = find_outcome("hiit-2025.appraisal.vo2peak", dataset.studies)
    claim = claim_for(dataset, data, outcome)
    site = data.folder.parent / "site"
    assert certainty_statement(claim, certainty, load_wording(site).en, "en").startswith(english)
    assert japanese in certainty_statement(claim, certainty, load_wording(site).ja, "ja")


def test_certainty_shortcode_uses_the_computed_certainty(results):
    _, dataset = results
    _, outcome = find_outcome("hiit-2025.appraisal.vo2peak", dataset.studies)
    html = _expand("<!-- md:certainty hiit-2025.appraisal.vo2peak -->.", results)
    assert f'class="ev-certainty ev-certainty--{outcome.certainty}"' in html
    word = {4: "improves", 3: "probably", 2: "may", 1: "very uncertain about the effect"}[outcome.certainty]
    assert word in html
    level = CERTAINTY_LABELS[outcome.certainty].split(" ", 1)[1].lower()
    assert _expand("<!-- md:certainty-level hiit-2025.appraisal.vo2peak -->", results).endswith(
        f">{level}</span>"
    )


def test_certainty_shortcode_speaks_the_page_language(results):
    html = _expand("<!-- md:certainty ivig-2003.appraisal.ck -->。", results, "docs/patients/ivig.ja.md")
    assert "CK" in html and "非常に不確か" in html
    level = _expand("<!-- md:certainty-level ivig-2003.appraisal.ck -->", results, "docs/x.ja.md")
    assert ">非常に低い</span>" in level


@pytest.mark.parametrize(
    ("shortcode", "message"),
    [
        ("<!-- md:certainty hiit-2025.appraisal.vo2max -->", "no outcome 'vo2max'"),
        ("<!-- md:certainty hiit-2025.vo2peak -->", "expected '<study>.appraisal.<outcome>'"),
        ("<!-- md:rounded hiit-2025.vo2peak.hiit-vs-con.ci95 -->", "single values only"),
    ],
)
def test_bad_plain_language_shortcodes_name_the_problem(results, shortcode, message):
    with pytest.raises(ShortcodeError, match=re.escape(message)):
        _expand(shortcode, results)


def test_rounded_shows_the_size_of_a_change_as_a_whole_number(results):
    html = _expand("fell by about <!-- md:rounded ivig-2003.ck.percent-change -->", results)
    assert ">52%</span>" in html and 'href="#note-ivig-2003.ck.percent-change"' in html


def test_japanese_pages_label_notes_in_japanese_and_mark_english_quotes(results):
    html = _expand("<!-- md:number ivig-2003.treated.all.count -->人", results, "docs/patients/ivig.ja.md")
    assert 'aria-label="注1"' in html
    assert "## このページの数値の出典" in html and '<ol class="ev-notes" data-search-exclude>' in html
    assert '<q lang="en">A total of 12 patients' in html  # the quote is English, the note around it is not


# ---- the built pages -------------------------------------------------------------------------------------


def _built(site: Path, page: str, language: str = "en") -> str:
    prefix = "" if language == "en" else f"{language}/"
    return (site / prefix / page_address(page) / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", LEAFLETS)
def test_plain_language_page_is_short_and_readable(built_site, page):
    """Cochrane plain-language summaries run 400–850 words; the sources folded into "Where this comes from"
    are not what a reader meets first, so they are left out of the count."""
    text = reader_text(without_folded_sources(_built(built_site, page)))
    words = textstat.lexicon_count(text)
    grade = textstat.flesch_kincaid_grade(text)
    assert WORDS[0] <= words <= WORDS[1], f"{page}: {words} words"
    assert grade <= MAX_GRADE, f"{page}: Flesch–Kincaid grade {grade}"


@pytest.mark.parametrize("page", LEAFLETS)
def test_plain_language_page_says_not_advice_and_links_to_clinician_pages(built_site, page):
    for language, phrases in {
        "en": ("not medical advice", "care team"),
        "ja": ("医療上の助言", "相談"),
    }.items():
        html = _built(built_site, page, language)
        text = reader_text(html)
        assert all(phrase in text for phrase in phrases), (language, page)
        assert re.search(r'href="[./]*studies/(hiit-2025|ivig-2003)/findings/', html), (language, page)


def _numbers(html: str) -> list[tuple[str, str]]:
    """(result id, shown text) of every number in the article, in order of first use."""
    # A plain-language page names each number's result in data-result (its note is in the section's box).
    spans = re.findall(r'<span class="ev-num[^"]*"[^>]*\bdata-result="([^"]+)"[^>]*>([^<]*)</span>', html)
    return sorted(set(spans))


def _certainties(html: str) -> list[str]:
    return re.findall(r'class="ev-certainty ev-certainty--(\d)"', html)


@pytest.mark.parametrize("page", LEAFLETS)
def test_japanese_version_exists_and_shows_the_same_numbers(built_site, page):
    assert page in translated_pages("ja")
    english, japanese = _built(built_site, page), _built(built_site, page, "ja")
    assert '<html lang="ja"' in japanese
    assert _numbers(english) and _numbers(japanese) == _numbers(english)
    assert _certainties(japanese) == _certainties(english)


def test_japanese_interface_and_language_switch(built_site):
    html = _built(built_site, "patients/hiit.md", "ja")
    assert 'placeholder="検索"' in html
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">\d{4}年\d{1,2}月\d{1,2}日</time>', html)
    # The switch leads to the same page in the other language (tests/test_site_build.py checks every case).
    assert '<a href="../../ja/patients/hiit/" hreflang="ja"' in _built(built_site, "patients/hiit.md")
    assert "ja/patients/hiit/" in (built_site / "ja/sitemap.xml").read_text(encoding="utf-8")
