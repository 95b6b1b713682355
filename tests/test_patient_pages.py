"""What the patient pages and "The studies compared" say: certainty wording by GRADE level, no direction of
effect for very-low-certainty outcomes, length, review date, and sources folded per section.

Certainty phrasing follows GRADE guidance 26: Santesso N, Glenton C, Dahm P, et al. GRADE guidelines 26:
informative statements to communicate the findings of systematic reviews of interventions. J Clin Epidemiol
2020;119:126–135, Table 3 — high: "X increases/reduces Y"; moderate: "X probably …"; low: "X may …"; very low:
"The evidence is very uncertain about the effect of X on Y" (no direction).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import DATA_DIR, DOCS_DIR, page_address
from myositis_evidence.dataset.plain_language import load_wording
from myositis_evidence.errors import DataError
from myositis_evidence.pages.certainty_wording import certainty_statement
from plain_text import article_html, reader_text, without_folded_sources

SUMMARIES = ("patients/index.md", "patients/hiit.md", "patients/ivig.md")
PATIENT_PAGES = (*SUMMARIES, "patients/glossary.md")
ENGLISH_WORDS = (400, 850)  # Cochrane plain-language summary length
# About 2.5 Japanese characters (whitespace excluded) per English word: the rule of thumb used for translation
# estimates, an approximation rather than a standard.
JAPANESE_CHARACTERS_PER_WORD = 2.5


def _built(site: Path, page: str, language: str = "en") -> str:
    prefix = "" if language == "en" else f"{language}/"
    return (site / prefix / page_address(page) / "index.html").read_text(encoding="utf-8")


def _source(page: str, language: str = "en") -> Path:
    return DOCS_DIR / (page if language == "en" else page.replace(".md", f".{language}.md"))


# ---- certainty wording by level -----------------------------------------------------------------------------

GUIDANCE_26_EN = {
    4: "^{Subject} {does} {rest}$",
    3: "^{Subject} probably {does} {rest}$",
    2: "^{Subject} may {do} {rest}$",
    1: "^The evidence is very uncertain about the effect of {subject} on {outcome}$",
}
GUIDANCE_26_JA = {
    4: "^{claim}ことが示されています$",
    3: "^おそらく{claim}と考えられます$",
    2: "^{claim}可能性があります$",
    1: "^{subject}が{outcome}に与える影響についてのエビデンスは非常に不確かです$",
}


def _all_claims(dataset):
    return [
        (study_id, outcome_id, claim)
        for study_id, claims in dataset.claims.items()
        for outcome_id, claim in claims.claims.items()
    ]


@pytest.mark.parametrize("certainty", [4, 3, 2, 1])
def test_every_claim_follows_the_guidance_26_pattern_at_every_level(dataset, certainty):
    english, japanese = load_wording(DATA_DIR / "site").en, load_wording(DATA_DIR / "site").ja
    for study_id, outcome_id, claim in _all_claims(dataset):
        parts = {key: re.escape(value) for key, value in claim.en.model_dump().items()}
        parts["Subject"] = re.escape(claim.en.subject[0].upper() + claim.en.subject[1:])
        pattern = GUIDANCE_26_EN[certainty].format(**parts)
        statement = certainty_statement(claim, certainty, english, "en")
        assert re.match(pattern, statement), (study_id, outcome_id, statement)
        parts_ja = {key: re.escape(value) for key, value in claim.ja.model_dump().items()}
        statement_ja = certainty_statement(claim, certainty, japanese, "ja")
        assert re.match(GUIDANCE_26_JA[certainty].format(**parts_ja), statement_ja), (
            outcome_id,
            statement_ja,
        )


def test_very_low_statements_state_no_direction(dataset):
    wording = load_wording(DATA_DIR / "site")
    for _, outcome_id, claim in _all_claims(dataset):
        english = certainty_statement(claim, 1, wording.en, "en")
        japanese = certainty_statement(claim, 1, wording.ja, "ja")
        assert not DIRECTION["en"].search(english), english
        assert claim.ja.claim not in japanese and not DIRECTION["ja"].search(japanese), (outcome_id, japanese)


@pytest.mark.parametrize(
    ("language", "template"),
    [
        ("en", "we are very uncertain whether {subject} {does} {rest} ({outcome})"),
        ("ja", "{subject}と{outcome}：{claim}かどうかは、非常に不確かです"),
    ],
)
def test_a_very_low_template_that_states_a_direction_is_refused(tmp_path, language, template):
    site = shutil.copytree(DATA_DIR / "site", tmp_path / "site")
    path = site / "plain-language.yml"
    wording = yaml.safe_load(path.read_text(encoding="utf-8"))
    wording[language]["statements"][1] = template
    path.write_text(yaml.safe_dump(wording, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError, match="states a direction; very low certainty gets none"):
        load_wording(site)


# ---- no direction for very-low-certainty outcomes on the pages ----------------------------------------------

# Words that state which way an outcome went, and words that make a sentence a question or a statement of
# uncertainty rather than a finding.
DIRECTION = {
    "en": re.compile(
        r"\b(improv\w*|better|worse\w*|reduc\w*|lower\w*|rais\w*|increas\w*|decreas\w*|rose|fell|stable|"
        r"unchanged|did not change|safe|helps?|helped|benefit\w*|effective|fitter)\b",
        re.I,
    ),
    "ja": re.compile(r"改善|良くな|悪くな|悪化|上が|下が|高ま|安定|変わらな|安全|効く|効果|役立"),
}
OPEN_QUESTION = {
    "en": re.compile(r"\bwhether\b|\buncertain\b", re.I),
    "ja": re.compile(r"かどうか|不確か|わかりません"),
}
ATTRIBUTED = re.compile(r"\b(reports?|says?|states?)\b", re.I)  # what a source said, on clinician pages
# What each outcome is called in the pages' prose (independent of the claims in data/).
OUTCOME_WORDS = {
    "hiit-2025.vo2peak": {"en": ["fitness", "fitter", "exercise capacity"], "ja": ["体力"]},
    "hiit-2025.peak-power": {"en": ["power"], "ja": ["最大の力", "力の最大値"]},
    "hiit-2025.tte": {"en": ["keep going", "time to exhaustion"], "ja": ["持久力", "続けられ"]},
    "hiit-2025.muscle-disease-activity": {
        "en": ["disease activity", "the disease", "muscle enzymes", "blood test"],
        "ja": ["病気そのもの", "病気の活動性", "病気が", "血液検査"],
    },
    "hiit-2025.adverse-events": {
        "en": ["side effect", "adverse event", "unwanted event", "harm"],
        "ja": ["副作用", "有害"],
    },
    "ivig-2003.physician-improved": {"en": ["IVIG"], "ja": ["IVIG"]},
    "ivig-2003.mmt": {"en": ["muscle strength"], "ja": ["筋力"]},
    "ivig-2003.adl": {"en": ["daily tasks", "daily activities"], "ja": ["日常生活"]},
    "ivig-2003.fatigue": {"en": ["tiredness", "fatigue"], "ja": ["疲れやすさ"]},
    "ivig-2003.ck": {"en": ["CK"], "ja": ["CK"]},
    "ivig-2003.adverse-effects": {
        "en": ["side effect", "adverse effect", "unwanted event"],
        "ja": ["副作用", "有害事象"],
    },
}
HEDGE_FOR_LOW = {"en": re.compile(r"\bmay\b", re.I), "ja": re.compile(r"可能性")}
# The sections of a patient page where findings are stated (the others describe the study or the method).
FINDING_SECTIONS = ("key-messages", "findings", "meaning")


def unsupported_directions(
    text: str, certainty: dict[str, int], language: str, attributed_ok: bool
) -> list[str]:
    """Sentences that state a direction for an outcome more firmly than its certainty allows.

    A sentence that reports the study's numbers (it holds a digit) describes what was seen, not an effect. Any
    other sentence naming a very-low-certainty outcome may not state a direction at all, and one naming a
    low-certainty outcome must say "may" (GRADE guidance 26).
    """
    problems = []
    for sentence in re.split(r"(?<=[.!?。])\s*", " ".join(text.split("\n"))):
        if re.search(r"\d", sentence) or not DIRECTION[language].search(sentence):
            continue
        if OPEN_QUESTION[language].search(sentence) or (attributed_ok and ATTRIBUTED.search(sentence)):
            continue
        for outcome, words in OUTCOME_WORDS.items():
            named = any(word.lower() in sentence.lower() for word in words[language])
            level = certainty.get(outcome)
            if named and (level == 1 or (level == 2 and not HEDGE_FOR_LOW[language].search(sentence))):
                problems.append(f"{outcome} ({level}): {sentence.strip()}")
    return problems


def _certainties(dataset) -> dict[str, int]:
    return {
        f"{study_id}.{outcome.id}": outcome.certainty
        for study_id, data in dataset.studies.items()
        for outcome in (data.appraisal.summary_of_findings if data.appraisal else [])
    }


def _prose(page_html: str, sections: tuple[str, ...] | None) -> str:
    """The reader's text without certainty statements (checked above), tables and folded sources."""
    body = without_folded_sources(article_html(page_html))
    body = re.sub(r'<span class="ev-certainty[^"]*"[^>]*>.*?</span>', " ", body, flags=re.S)
    body = re.sub(r'<div class="ev-table".*?</div>', " ", body, flags=re.S)
    if sections is not None:
        parts = re.split(r'(?=<h2 id=")', body)
        body = "".join(part for part in parts if re.match(rf'<h2 id="({"|".join(sections)})"', part))
    return reader_text(f"<article>{body}</article>")


def test_the_direction_check_catches_the_sentences_it_is_for(dataset):
    certainty = _certainties(dataset)
    assert certainty["hiit-2025.muscle-disease-activity"] == 1 and certainty["hiit-2025.vo2peak"] == 2
    old = (
        "The disease did not seem to get worse. Blood tests of muscle damage stayed stable in both groups. "
        "HIIT improved fitness more than home exercise."
    )
    assert len(unsupported_directions(old, certainty, "en", attributed_ok=False)) == 3
    assert unsupported_directions("病気が悪くなる様子はみられませんでした。", certainty, "ja", False)
    fine = (
        "On average, fitness rose by 16%. HIIT may help people get fitter. We do not know whether it is safe."
    )
    assert unsupported_directions(fine, certainty, "en", attributed_ok=False) == []


@pytest.mark.parametrize("page", PATIENT_PAGES)
@pytest.mark.parametrize("language", ["en", "ja"])
def test_patient_pages_state_no_direction_beyond_the_certainty(built_site, dataset, page, language):
    text = _prose(_built(built_site, page, language), FINDING_SECTIONS)
    assert unsupported_directions(text, _certainties(dataset), language, attributed_ok=False) == []


@pytest.mark.parametrize("page", ["compare.md", "index.md"])
def test_clinician_overview_pages_state_no_direction_beyond_the_certainty(built_site, dataset, page):
    text = _prose(_built(built_site, page), None)
    assert unsupported_directions(text, _certainties(dataset), "en", attributed_ok=True) == []


# ---- length, date, sources -----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", SUMMARIES)
def test_japanese_summary_is_as_long_as_a_cochrane_summary(built_site, page):
    """The Japanese equivalent of 400–850 words: characters without whitespace, at 2.5 characters a word (the
    translation estimate above), counted on what a reader sees with the sources folded away."""
    text = reader_text(without_folded_sources(_built(built_site, page, "ja")))
    characters = len(re.sub(r"\s", "", text))
    low, high = (round(words * JAPANESE_CHARACTERS_PER_WORD) for words in ENGLISH_WORDS)
    assert low <= characters <= high, f"{page}: {characters} characters"


@pytest.mark.parametrize("page", PATIENT_PAGES)
@pytest.mark.parametrize("language", ["en", "ja"])
def test_review_date_is_shown_near_the_top_as_the_front_matter_gives_it(built_site, page, language):
    reviewed = re.search(r"^reviewed: (\S+)$", _source(page, language).read_text(encoding="utf-8"), re.M)
    html = article_html(_built(built_site, page, language))
    assert reviewed and f'<time datetime="{reviewed.group(1)}">' in html.split("<h2", 1)[0]


@pytest.mark.parametrize("page", SUMMARIES)
@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_section_with_facts_has_one_where_this_comes_from_box(built_site, page, language):
    html = article_html(_built(built_site, page, language))
    sections = re.split(r'(?=<h2 id=")', html)
    for section_id in (
        "condition",
        "what-the-studies-did" if page.endswith("index.md") else "what-the-study-did",
        "findings",
    ):
        section = next(part for part in sections if part.startswith(f'<h2 id="{section_id}"'))
        assert section.count('<details class="ev-sources">') == 1, (page, language, section_id)
        box = re.search(r'<details class="ev-sources">(.*?)</details>', section, re.S).group(1)
        assert 'class="ev-quote"' in box and "<summary>" in box


@pytest.mark.parametrize("page", SUMMARIES)
@pytest.mark.parametrize("language", ["en", "ja"])
def test_patient_pages_put_no_note_superscripts_on_numbers(built_site, page, language):
    html = article_html(_built(built_site, page, language))
    assert 'class="ev-num' in html, "the page shows no numbers, so the check would pass vacuously"
    assert '<sup class="ev-ref">' not in html and 'href="#note-' not in html
    assert '<ol class="ev-notes"' not in html  # no end-of-page notes list either


def test_english_lay_glossary_is_in_the_navigation():
    config = (DOCS_DIR.parent / "mkdocs.yml").read_text(encoding="utf-8")
    english_nav = config[config.index("\nnav:") :]
    assert "patients/glossary.md" in english_nav
