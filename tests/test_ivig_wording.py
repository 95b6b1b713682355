"""What the IVIG study's data and pages may say, read against the abstract and the facts file.

The files are read with plain ``yaml.safe_load`` and ``csv.DictReader`` (not the project's loader), so a bug in
the loader cannot hide a claim the sources do not make. Each rule below names the sentence of the source it
rests on: Hara et al., Mod Rheumatol 2003;13(4):319-25 (PubMed abstract, data/source-texts/ivig-2003-abstract.txt)
and the summaries of the other IVIG trials in data/source-texts/facts.md.
"""

from __future__ import annotations

import csv
import re

import yaml

from conftest import DATA_DIR, DOCS_DIR

STUDY = DATA_DIR / "ivig-2003"
SOURCE_TEXTS = DATA_DIR / "source-texts"
PATIENT_PAGES = (DOCS_DIR / "patients" / "ivig.md", DOCS_DIR / "patients" / "ivig.ja.md")


def _yaml(name: str) -> object:
    return yaml.safe_load((STUDY / name).read_text(encoding="utf-8"))


def _numbers() -> list[dict[str, str]]:
    with (STUDY / "numbers.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _quotes() -> dict[str, dict[str, str]]:
    return {quote["id"]: quote for quote in _yaml("quotes.yml")}


def _words(text: str) -> str:
    return " ".join(text.split())


# ---- time points -----------------------------------------------------------------------------------------


def test_a_result_is_placed_at_week_12_only_where_its_sentence_says_12_weeks() -> None:
    """The abstract dates only two sentences ("At 12 weeks after the infusion" for strength and ADL, "at 12
    weeks after infusion" for prednisolone); the CK, fatigue and physicians' assessment sentences state no time
    point, so a week-12 label on them would be a claim the source does not make."""
    quotes = _quotes()
    misplaced = [
        row["id"]
        for row in _numbers()
        if row["timepoint"] == "week-12" and "12 weeks" not in _words(quotes[row["quote"]]["text"])
    ]
    assert misplaced == []


def test_the_undated_results_are_not_at_week_12() -> None:
    """The three sentences with no time point (CK, fatigue, physicians' assessment) keep a row each whose
    time point is not week 12: the rule above must have something to bite on."""
    quotes = _quotes()
    undated = {
        row["quote"]
        for row in _numbers()
        if row["timepoint"] != "week-12"
        and row["quote"] in ("ck", "fatigue", "physician-assessment")
        and "12 weeks" not in quotes[row["quote"]]["text"]
    }
    assert undated == {"ck", "fatigue", "physician-assessment"}


# ---- "randomised" only where a source says so ------------------------------------------------------------


def _sources_saying_random() -> set[str]:
    return {quote["source"] for quote in _quotes().values() if "random" in quote["text"].lower()}


def test_only_a_trial_whose_quotes_say_random_is_called_randomised() -> None:
    """facts.md quotes "randomized" and "randomly assigned" for Miyasaka 2012 only; neither Dalakas 1993 nor
    ProDERM 2022 is called randomised in any source used here."""
    study = _yaml("study.yml")
    assert isinstance(study, dict)
    called = {group["id"] for group in study["groups"] if "randomi" in group.get("description", "").lower()}
    assert called <= _sources_saying_random()
    assert "miyasaka-2012" in called  # the rule is exercised by the one trial a source calls randomised


def test_the_context_table_says_randomised_only_for_a_randomised_trial() -> None:
    """Each row of the context table is one trial; its numbers point to quotes, and so to a source."""
    content = _yaml("content.yml")
    assert isinstance(content, dict)
    table = next(t for t in content["appraisal"]["tables"] if t["id"] == "ivig-2003.context.later-trials")
    numbers = {f"ivig-2003.{row['id']}": row for row in _numbers()}
    quotes = _quotes()
    allowed = _sources_saying_random()
    for row in table["rows"]:
        text = " ".join(cell if isinstance(cell, str) else str(cell) for cell in row)
        if "randomi" not in text.lower():
            continue
        ids = re.findall(r"\{([a-z0-9][a-z0-9.-]*)\}", text)
        sources = {quotes[numbers[i]["quote"]]["source"] for i in ids if i in numbers}
        assert sources & allowed, f"row '{row[0]}' says randomised, but none of its sources does"


def test_the_context_table_title_does_not_call_every_trial_later() -> None:
    """Dalakas 1993 came before the IVIG study (2003): facts.md, "Do not call them all 'later' trials"."""
    content = _yaml("content.yml")
    assert isinstance(content, dict)
    table = next(t for t in content["appraisal"]["tables"] if t["id"] == "ivig-2003.context.later-trials")
    assert "later" not in str(table["title"]).lower()


# ---- the patient pages -----------------------------------------------------------------------------------


def test_patient_pages_give_no_percent_change_on_a_scale_of_unknown_range() -> None:
    """The abstract gives no range for the MMT and ADL scales (facts.md: "Not public in any source found: ...
    the MMT and ADL scale ranges"), so a percent change on them depends on where the scale starts."""
    study = _yaml("study.yml")
    assert isinstance(study, dict)
    unknown_range = [
        measure["id"]
        for measure in study["measures"]
        if "range is not given" in measure.get("description", "")
    ]
    assert sorted(unknown_range) == ["adl", "mmt"]
    for page in PATIENT_PAGES:
        text = page.read_text(encoding="utf-8")
        for measure in unknown_range:
            assert f"ivig-2003.{measure}.percent-change" not in text, f"{page.name}: {measure}"


def test_the_japanese_patient_page_counts_infusion_courses_as_courses() -> None:
    """The abstract counts adverse effects "with two of the 15 infusion" courses; the Japanese page says
    コース (course), as the English says "treatment courses", not 回 (times)."""
    text = (DOCS_DIR / "patients" / "ivig.ja.md").read_text(encoding="utf-8")
    for result in ("ivig-2003.infusions.ivig.count", "ivig-2003.adverse-effects.ivig.count"):
        following = [
            text[m.end() : m.end() + 3] for m in re.finditer(rf"md:number {re.escape(result)} -->", text)
        ]
        assert following, result
        assert all(after.startswith("コース") for after in following), (result, following)


def test_patient_pages_do_not_pair_each_adverse_effect_with_a_course() -> None:
    """The abstract names the two adverse effects and the two courses, but not which happened with which
    ("Adverse effects, i.e., asymptomatic myocardial infarction and increased blood urea nitrogen (BUN), were
    noted with two of the 15 infusion")."""
    english = (DOCS_DIR / "patients" / "ivig.md").read_text(encoding="utf-8")
    japanese = (DOCS_DIR / "patients" / "ivig.ja.md").read_text(encoding="utf-8")
    assert not re.search(r"\bOne was\b.*\bThe other was\b", _words(english))
    assert not re.search(r"一つは[^。]*もう一つは", japanese)


# ---- what the facts file paraphrases ---------------------------------------------------------------------


def test_a_paraphrase_in_the_facts_file_is_not_attributed_to_the_abstract() -> None:
    """facts.md puts the other trials' own words in quotation marks; a number taken from its unquoted text
    must cite a source whose label says it is a summary, not the abstract's words."""
    facts = _words((SOURCE_TEXTS / "facts.md").read_text(encoding="utf-8"))
    quoted = " ".join(re.findall(r"[\"“]([^\"”]+)[\"”]", facts))
    study = _yaml("study.yml")
    assert isinstance(study, dict)
    labels = {source["id"]: source["label"] for source in study["sources"]}
    unquoted = [
        quote
        for quote in _quotes().values()
        if quote["source"] != "pubmed-abstract" and _words(quote["text"]) not in quoted
    ]
    assert unquoted, "expected the facts file's paraphrases (e.g. 'With crossovers, 12 received IVIG')"
    for quote in unquoted:
        assert "summarised in this site's facts file" in labels[quote["source"]], quote["id"]
