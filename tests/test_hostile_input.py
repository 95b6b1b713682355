"""Hostile and careless input: each stops loading with one line naming the file, the line and the field.

Each test copies the real data folder, breaks one thing and loads it as a build does (`load_dataset`), or
reads one small file directly. A semantic change (a number) is made in the number, its quote and its source
text together, so that only the rule under test can object.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import DATA_DIR, copy_data
from myositis_evidence.dataset.dataset import load_dataset
from myositis_evidence.dataset.dates import parse_review_date
from myositis_evidence.dataset.files import require_inside
from myositis_evidence.dataset.yaml_source import MAX_ECHOED_CHARACTERS, MAX_FILE_BYTES, line_of, load_yaml
from myositis_evidence.errors import DataError


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return copy_data(tmp_path / "data")


# ---- helpers ---------------------------------------------------------------------------------------------


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _replace_pattern(path: Path, pattern: str, new: str | Callable[[re.Match[str]], str]) -> None:
    """Replace the first match of a regular expression (so the test finds its target by shape)."""
    text = path.read_text(encoding="utf-8")
    assert re.search(pattern, text, flags=re.MULTILINE), f"{pattern!r} matches nothing in {path.name}"
    path.write_text(re.sub(pattern, new, text, count=1, flags=re.MULTILINE), encoding="utf-8")


def _line_of(path: Path, pattern: str, start: int = 1) -> int:
    """1-based number of the first line, from `start` on, that matches the regular expression."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number >= start and re.search(pattern, line):
            return number
    raise AssertionError(f"{pattern!r} not in {path.name}")


def _one_line(error: DataError) -> str:
    message = str(error)
    assert message.strip() and "\n" not in message and "Traceback" not in message, message
    return message


def _load_error(data: Path, *fragments: str) -> str:
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    message = _one_line(caught.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in message: {message}"
    return message


def _yaml_error(tmp_path: Path, text: str, *fragments: str) -> str:
    path = tmp_path / "file.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_yaml(path)
    message = _one_line(caught.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in message: {message}"
    return message


def test_the_real_data_loads() -> None:
    dataset = load_dataset(DATA_DIR)
    assert set(dataset.studies) == {"hiit-2025", "ivig-2003"}


# ---- 1. duplicate keys -----------------------------------------------------------------------------------


def test_duplicate_key_in_a_block_mapping(data: Path) -> None:
    study = data / "ivig-2003" / "study.yml"
    _replace_pattern(study, r"^(funding: .*)$", "\\g<1>\nfunding: Unknown.")
    first = _line_of(study, r"^funding: ")
    _load_error(
        data,
        "ivig-2003/study.yml",
        f"line {first + 1}",
        "field 'funding'",
        f"duplicate key 'funding' (first on line {first})",
    )


def test_duplicate_key_in_a_flow_mapping(data: Path) -> None:
    study = data / "ivig-2003" / "study.yml"
    _replace(study, "{number: analysed.all.count,", "{number: analysed.all.count, number: treated.all.count,")
    line = _line_of(study, r"number: analysed\.all\.count, number:")
    _load_error(
        data, "ivig-2003/study.yml", f"line {line}", "field 'at_most.0.number'", "duplicate key 'number'"
    )


def test_duplicate_key_inside_an_anchor_is_named_where_the_anchor_is(data: Path) -> None:
    appraisal = data / "ivig-2003" / "appraisal.yml"
    anchor = _line_of(appraisal, r"risk_of_bias: &before-after-bias")
    judgement = _line_of(appraisal, r"^\s+judgement: ", start=anchor)
    text = appraisal.read_text(encoding="utf-8").splitlines(keepends=True)
    text.insert(judgement, text[judgement - 1])  # the same judgement line twice in the anchored mapping
    appraisal.write_text("".join(text), encoding="utf-8")
    _load_error(
        data,
        "ivig-2003/appraisal.yml",
        f"line {judgement + 1}",
        "duplicate key 'judgement'",
        "risk_of_bias.judgement",
    )


def test_two_explicit_keys_after_a_merge_are_duplicates(tmp_path: Path) -> None:
    _yaml_error(
        tmp_path,
        "base: &b {a: 1}\nuse:\n  <<: *b\n  a: 5\n  a: 6\n",
        "line 5",
        "field 'use.a'",
        "duplicate key 'a'",
    )


def test_two_merge_keys_in_one_mapping_are_duplicates(tmp_path: Path) -> None:
    _yaml_error(tmp_path, "base: &b {a: 1}\nuse:\n  <<: *b\n  <<: *b\n", "line 4", "duplicate key '<<'")


def test_keys_that_differ_only_in_spelling_of_a_number_are_duplicates(tmp_path: Path) -> None:
    _yaml_error(tmp_path, "levels: {1: high, 01: low}\n", "duplicate key '01'")


def test_a_key_that_is_a_list_is_refused(tmp_path: Path) -> None:
    _yaml_error(tmp_path, "? [a, b]\n: 1\n", "line 1", "a key is a list or a mapping")


def test_merge_keys_keep_their_yaml_meaning(tmp_path: Path) -> None:
    """An explicit key overrides a merged one; of several merged mappings, the first with a key wins."""
    path = tmp_path / "merge.yml"
    path.write_text(
        "x: &x {a: 1, b: 1}\ny: &y {a: 2, c: 2}\nuse:\n  <<: [*x, *y]\n  b: 3\n", encoding="utf-8"
    )
    data, lines = load_yaml(path)
    assert data["use"] == {"a": 1, "b": 3, "c": 2}
    assert line_of(lines, ("use", "b")) == 5  # the overriding key's line
    assert line_of(lines, ("use", "c")) == 2  # a merged key: its line in the anchor


def test_the_real_appraisals_merges_still_load() -> None:
    appraisal = load_dataset(DATA_DIR).studies["ivig-2003"].appraisal
    assert appraisal is not None and appraisal.summary_of_findings


# ---- 2. size, nesting and alias bombs --------------------------------------------------------------------

ALIAS_BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_an_alias_bomb_is_refused_quickly(data: Path) -> None:
    assert len(ALIAS_BOMB.encode()) < 1200  # about 1 KB; fully expanded, 9**9 = 387 million values
    (data / "ivig-2003" / "plain-language.yml").write_text(ALIAS_BOMB, encoding="utf-8")
    started = time.perf_counter()
    _load_error(data, "ivig-2003/plain-language.yml", "aliases expand to more than 100,000 values")
    assert time.perf_counter() - started < 5


def test_an_alias_that_contains_itself_is_refused(tmp_path: Path) -> None:
    _yaml_error(tmp_path, "a: &a [1, *a]\n", "line 1", "an alias refers to a node that contains it")


def test_a_long_chain_of_aliases_is_refused(tmp_path: Path) -> None:
    chain = "".join(f"a{index}: &a{index} [{f'*a{index - 1}' if index else 'x'}]\n" for index in range(2000))
    _yaml_error(tmp_path, chain, "aliases nest lists and mappings more than 32 levels deep")


def test_deep_nesting_is_refused_before_the_parser_recurses(tmp_path: Path) -> None:
    # libyaml's composer recurses per level: 100,000 levels crash the process without this check.
    _yaml_error(tmp_path, "[" * 100_000 + "]" * 100_000, "line 1", "more than 32 levels deep")


def test_a_file_over_the_size_limit_is_refused_by_name(data: Path) -> None:
    quotes = data / "ivig-2003" / "quotes.yml"
    with quotes.open("a", encoding="utf-8") as handle:
        handle.write("# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    _load_error(data, "ivig-2003/quotes.yml", f"is larger than the limit of {MAX_FILE_BYTES:,} bytes")


def test_a_huge_value_is_not_echoed_whole(data: Path) -> None:
    huge = "x" * 100_000
    _replace_pattern(data / "ivig-2003" / "study.yml", r"^  year: .*$", f"  year: {huge}")
    message = _load_error(data, "ivig-2003/study.yml", "field 'citation.year'", "…")
    assert len(message) < 400, len(message)
    assert "x" * (MAX_ECHOED_CHARACTERS + 1) not in message


def test_a_huge_unknown_reference_is_not_echoed_whole(data: Path) -> None:
    _replace_pattern(
        data / "hiit-2025" / "study.yml", r"^setting_quote: .*$", "setting_quote: " + "q" * 50_000
    )
    message = _load_error(data, "hiit-2025/study.yml", "unknown quote", "…")
    assert len(message) < 1000, len(message)


# ---- 3. symbolic links -----------------------------------------------------------------------------------


def test_a_link_to_a_file_outside_the_project_is_refused(data: Path) -> None:
    (data / "ivig-2003" / "notes.txt").symlink_to("/etc/passwd")
    _load_error(data, "ivig-2003/notes.txt", "leads outside the project (to /etc/passwd)")


def test_a_data_file_replaced_by_a_link_outside_is_refused_before_it_is_read(
    data: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "units.yml"
    outside.write_text((data / "units.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (data / "units.yml").unlink()
    (data / "units.yml").symlink_to(outside)
    _load_error(data, "units.yml", "leads outside the project", str(outside))


def test_a_linked_folder_outside_the_project_is_refused(data: Path) -> None:
    (data / "source-texts" / "system").symlink_to("/etc", target_is_directory=True)
    _load_error(data, "source-texts/system", "leads outside the project (to /etc)")


def test_a_link_within_the_project_is_accepted(data: Path) -> None:
    readme = data / "source-texts" / "README.md"
    target = data.parent / "README-copy.md"
    target.write_text(readme.read_text(encoding="utf-8"), encoding="utf-8")
    readme.unlink()
    readme.symlink_to(target)
    load_dataset(data)


def test_require_inside(tmp_path: Path) -> None:
    (tmp_path / "inside.txt").write_text("x", encoding="utf-8")
    (tmp_path / "link").symlink_to("/etc/passwd")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    assert require_inside(tmp_path / "inside.txt", tmp_path) == (tmp_path / "inside.txt").resolve()
    with pytest.raises(DataError, match="leads outside the project"):
        require_inside(tmp_path / "link", tmp_path)
    with pytest.raises(DataError, match="leads outside the project"):
        require_inside(tmp_path / ".." / "elsewhere.md", tmp_path)
    with pytest.raises(DataError, match=re.escape("holds 'loop', a symbolic link that cannot be resolved")):
        require_inside(tmp_path / "loop", tmp_path)


# ---- 4. consistency rules over the data model ------------------------------------------------------------


def _change_ivig_number(data: Path, written: tuple[str, str], row_id: str, cells: tuple[str, str]) -> int:
    """Change a number in the abstract, its quote and its row of numbers.csv (found by id); the row's line."""
    _replace(data / "source-texts" / "ivig-2003-abstract.txt", *written)
    _replace(data / "ivig-2003" / "quotes.yml", *written)
    numbers = data / "ivig-2003" / "numbers.csv"
    line = _line_of(numbers, rf"^{re.escape(row_id)},")
    rows = numbers.read_text(encoding="utf-8").splitlines(keepends=True)
    assert cells[0] in rows[line - 1], f"{cells[0]!r} not in the row {row_id}"
    rows[line - 1] = rows[line - 1].replace(cells[0], cells[1], 1)
    numbers.write_text("".join(rows), encoding="utf-8")
    return line


def test_a_subgroup_above_its_total(data: Path) -> None:
    line = _change_ivig_number(
        data,
        ("(6 PM and 2 DM;", "(9 PM and 2 DM;"),
        "analysed-pm.all.count",
        (",6,patients,6 PM,", ",9,patients,9 PM,"),
    )
    _load_error(
        data,
        f"ivig-2003/numbers.csv, line {line}, field 'value'",
        "analysed-pm.all.count (9) exceeds analysed.all.count (8)",
        "part of 'analysed'",
    )


def test_more_women_than_analysed(data: Path) -> None:
    line = _change_ivig_number(
        data,
        ("5 men and 3 women)", "5 men and 13 women)"),
        "analysed-women.all.count",
        (",3,patients,3 women,", ",13,patients,13 women,"),
    )
    _load_error(data, f"line {line}", "analysed-women.all.count (13) exceeds analysed.all.count (8)")


def test_a_mean_outside_its_own_range(data: Path) -> None:
    line = _change_ivig_number(
        data,
        ("(mean 48 years)", "(mean 70 years)"),
        "age.all.mean",
        (",48,years,mean 48,", ",70,years,mean 70,"),
    )
    _load_error(data, f"line {line}", "mean 70 lies above its maximum 67 ('age.all.maximum')")


def test_a_mean_below_its_own_minimum(data: Path) -> None:
    line = _change_ivig_number(
        data,
        ("(mean 48 years)", "(mean 20 years)"),
        "age.all.mean",
        (",48,years,mean 48,", ",20,years,mean 20,"),
    )
    _load_error(data, f"line {line}", "mean 20 lies below its minimum 29 ('age.all.minimum')")


def test_an_estimate_outside_its_ci_under_an_unpaired_id(data: Path) -> None:
    numbers = data / "hiit-2025" / "numbers.csv"
    with numbers.open("a", encoding="utf-8") as handle:
        handle.write(
            "mmt8.con.point-estimate,mmt8,con,baseline-to-week-12,value,-1.7,score,-1.7,disease-activity-finding,\n"
        )
    line = _line_of(numbers, r"^mmt8\.con\.point-estimate,")
    _load_error(data, f"line {line}", "estimate -1.7 lies outside its 95% CI 0.1 to 3.9")


def test_two_lower_bounds_in_one_cell_are_ambiguous(data: Path) -> None:
    numbers = data / "hiit-2025" / "numbers.csv"
    with numbers.open("a", encoding="utf-8") as handle:
        handle.write(
            "mmt8.con.other-lower,mmt8,con,baseline-to-week-12,ci95-lower,0.1,score,0.1,disease-activity-finding,\n"
        )
    _load_error(data, "field 'statistic'", "a second ci95-lower for measure 'mmt8', group 'con'")


def test_bounds_in_different_units(data: Path) -> None:
    numbers = data / "hiit-2025" / "numbers.csv"
    _replace_pattern(
        numbers, r"^(mmt8\.con\.ci95-upper,mmt8,con,[\w-]+,ci95-upper,3\.9,)score,", r"\g<1>percent,"
    )
    _load_error(data, "field 'unit'", "unit 'percent' differs from its lower bound's ('score'")


def test_a_count_above_its_denominator(data: Path) -> None:
    _replace(
        data / "ivig-2003" / "study.yml",
        "{percent: adverse-effects.ivig.percent, count: adverse-effects.ivig.count, total: infusions.ivig.count}",
        "{percent: adverse-effects.ivig.percent, count: infusions.ivig.count, total: adverse-effects.ivig.count}",
    )
    _load_error(data, "infusions.ivig.count (15) exceeds its total adverse-effects.ivig.count (2)")


def test_part_of_an_unknown_measure(data: Path) -> None:
    study = data / "ivig-2003" / "study.yml"
    _replace(study, "part_of: analysed\n", "part_of: analysd\n")
    line = _line_of(study, r"part_of: analysd")
    _load_error(
        data,
        f"ivig-2003/study.yml, line {line}",
        "part_of'",
        "'analysd', which is not a measure",
        "did you mean 'analysed'?",
    )


def test_part_of_itself(data: Path) -> None:
    _replace(data / "ivig-2003" / "study.yml", "part_of: analysed\n", "part_of: analysed-pm\n")
    _load_error(data, "ivig-2003/study.yml", "measure 'analysed-pm' cannot be part of itself")


def test_part_of_a_measure_without_the_matching_row(data: Path) -> None:
    _replace(data / "ivig-2003" / "study.yml", "part_of: analysed\n", "part_of: treated-later\n")
    _replace(
        data / "ivig-2003" / "study.yml",
        "  - id: treated\n",
        "  - id: treated-later\n    label: Later\n  - id: treated\n",
    )
    _load_error(
        data,
        "ivig-2003/numbers.csv",
        "field 'measure'",
        "'treated-later', which has no count for group 'all'",
    )


def test_the_real_subgroups_are_declared_as_parts() -> None:
    study = load_dataset(DATA_DIR).studies["ivig-2003"].study
    parts = {measure.id: measure.part_of for measure in study.measures if measure.part_of}
    assert parts == dict.fromkeys(
        ("analysed-pm", "analysed-dm", "analysed-men", "analysed-women"), "analysed"
    )


# ---- 5. dates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("next week", "'next week' is not a date written YYYY-MM-DD"),
        ("2026-02-30", "'2026-02-30' is not a date in the calendar"),
        ("22/11/2026", "is not a date written YYYY-MM-DD"),
        ("20261122", "is not a date written YYYY-MM-DD"),
        ("2999-01-01", "'2999-01-01' is in the future"),
    ],
)
def test_review_dates(data: Path, written: str, problem: str) -> None:
    appraisal = data / "ivig-2003" / "appraisal.yml"
    _replace_pattern(appraisal, r"^reviewed: .*$", f'reviewed: "{written}"')
    line = _line_of(appraisal, r"^reviewed: ")
    _load_error(data, f"ivig-2003/appraisal.yml, line {line}, field 'reviewed'", problem)


def test_parse_review_date() -> None:
    assert parse_review_date("2026-11-22") == dt.date(2026, 11, 22)
    assert parse_review_date("2026-11-22", latest=dt.date(2026, 11, 22)) == dt.date(2026, 11, 22)
    with pytest.raises(ValueError, match="in the future"):
        parse_review_date("2026-11-23", latest=dt.date(2026, 11, 22))
    for text in ("2026-W47-1", "2026-11-22T10:00", "２０２６-11-22", " 2026-11-22", "2026-1-2"):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            parse_review_date(text)


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("Dec 2003", "is not a date written YYYY-MM-DD (or YYYY-MM when only the month is known)"),
        ("2003-13", "'2003-13' is not a month in the calendar"),
        ("2004-01-10", "'2004-01-10' is not in the citation's year (2003)"),
    ],
)
def test_publication_dates(data: Path, written: str, problem: str) -> None:
    study = data / "ivig-2003" / "study.yml"
    _replace_pattern(study, r"^  published: .*$", f'  published: "{written}"')
    line = _line_of(study, r"^  published: ")
    _load_error(data, f"ivig-2003/study.yml, line {line}, field 'citation.published'", problem)


def test_registration_start_is_an_iso_date(data: Path) -> None:
    _replace_pattern(data / "hiit-2025" / "study.yml", r"^  start: .*$", "  start: 1 October 2017")
    _load_error(data, "field 'registration.start'", "'1 October 2017' is not a date written YYYY-MM-DD")


def test_registration_start_as_a_number_is_refused(data: Path) -> None:
    # pydantic's lax mode would read 1506816000 as a Unix time.
    _replace_pattern(data / "hiit-2025" / "study.yml", r"^  start: .*$", "  start: 1506816000")
    _load_error(data, "field 'registration.start'", "is not a date written YYYY-MM-DD")


# ---- 6. folders ------------------------------------------------------------------------------------------


def test_a_folder_without_study_yml_is_refused(data: Path) -> None:
    (data / "ivig-2004").mkdir()
    (data / "ivig-2004" / "quotes.yml").write_text("[]\n", encoding="utf-8")
    _load_error(data, "ivig-2004: is a folder in data/ without a study.yml")


def test_an_empty_folder_is_refused(data: Path) -> None:
    (data / "drafts").mkdir()
    _load_error(data, "drafts: is a folder in data/ without a study.yml")


# ---- 7. CSV columns --------------------------------------------------------------------------------------


def test_a_duplicated_csv_column_is_refused(data: Path) -> None:
    _replace_pattern(data / "ivig-2003" / "numbers.csv", r"\A(.*),note$", r"\g<1>,quote")
    _load_error(data, "ivig-2003/numbers.csv, line 1", "column 'quote' appears twice")


# ---- 8. identifiers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written_doi",  # as written in YAML
    [
        """'10.1000/182"onmouseover="x'""",
        "10.1000/182<script>",
        "'10.1000/a b'",
        '"10.1000/\\a"',  # YAML's escape for the BEL control character
        "10.١٢٣٤/x",  # Arabic-Indic digits match \\d, not [0-9]
        "doi:10.1000/182",
    ],
)
def test_a_malformed_doi_is_refused(data: Path, written_doi: str) -> None:
    _replace_pattern(data / "ivig-2003" / "study.yml", r"^(  doi: ).*$", lambda match: match[1] + written_doi)
    _load_error(data, "ivig-2003/study.yml", "field 'citation.doi'", "String should match pattern")


def test_a_malformed_source_doi_is_refused(data: Path) -> None:
    _replace_pattern(data / "ivig-2003" / "study.yml", r"^(    doi: ).*$", r"\g<1>10.1007/x'y")
    _load_error(data, "ivig-2003/study.yml", "field 'sources.", ".doi'", "String should match pattern")


@pytest.mark.parametrize("pmid", ["24387253a", "PMID24387253", "0", "١٢٣"])
def test_a_malformed_pmid_is_refused(data: Path, pmid: str) -> None:
    _replace_pattern(data / "ivig-2003" / "study.yml", r"^(  pmid: ).*$", lambda match: f'{match[1]}"{pmid}"')
    _load_error(data, "field 'citation.pmid'", "String should match pattern")


@pytest.mark.parametrize("nct", ["NCT0332415", "NCT033241520", "nct03324152", "03324152"])
def test_a_malformed_clinicaltrials_id_is_refused(data: Path, nct: str) -> None:
    study = data / "hiit-2025" / "study.yml"
    _replace_pattern(study, r"^(  id: )NCT.*$", rf'\g<1>"{nct}"')
    line = _line_of(study, rf'^  id: "{nct}"$')
    _load_error(
        data, f"line {line}", "field 'registration.id'", "a ClinicalTrials.gov id is NCT followed by 8 digits"
    )


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/x", "file:///etc/passwd", "example.org"]
)
def test_a_url_that_is_not_http_is_refused(data: Path, url: str) -> None:
    _replace_pattern(data / "ivig-2003" / "study.yml", r"^(  url: ).*$", rf"\g<1>{url}")
    _load_error(data, "field 'citation.url'")


# ---- 9. numbers and templates that would raise later -----------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("alpha", ".nan"),
        ("power", ".inf"),
        ("assumed_standardised_differences", "[0.5, .nan]"),
        ("assumed_standardised_differences", "[0]"),
        ("assumed_degrees_of_freedom", "[0]"),
        ("assumed_degrees_of_freedom", "[5, 5]"),
    ],
)
def test_impossible_sensitivity_settings(data: Path, setting: str, value: str) -> None:
    appraisal = data / "hiit-2025" / "appraisal.yml"
    _replace_pattern(appraisal, rf"^(  {setting}: ).*$", rf"\g<1>{value}")
    line = _line_of(appraisal, rf"^  {setting}: ")
    _load_error(data, f"hiit-2025/appraisal.yml, line {line}, field 'sensitivity.{setting}")


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("{subjekt} may {do} {rest}", "uses the unknown placeholder '{subjekt}'"),
        ("{subject may {do} {rest}", "is malformed"),
        ("{subject} may {do} {rest} }", "is malformed"),
        ("{subject!r} may {do} {rest}", "uses the unknown placeholder '{subject!r}'"),
        ("{subject.__class__} may {do} {rest}", "uses the unknown placeholder '{subject.__class__}'"),
        ("{0} may {do} {rest}", "uses the unknown placeholder '{0}'"),
        ("it may {do} {rest}", "lacks the placeholder '{subject}'"),
    ],
)
def test_a_broken_english_statement(data: Path, template: str, problem: str) -> None:
    wording = data / "site" / "plain-language.yml"
    _replace_pattern(wording, r"^(    2: ).*$", lambda match: f'{match[1]}"{template}"')
    line = _line_of(wording, r"^    2: ")
    _load_error(data, f"site/plain-language.yml, line {line}, field 'en.statements.2'", problem)


def test_a_japanese_statement_may_not_use_an_english_only_placeholder(data: Path) -> None:
    """Japanese claims have no verb forms: '{does}' fills only English statements."""
    wording = data / "site" / "plain-language.yml"
    japanese = _line_of(wording, r"^ja:")
    _replace_pattern(wording, r"^(ja:(?:\n.*)*?\n    3: ).*$", r'\g<1>"おそらく{claim}{does}と考えられます"')
    line = _line_of(wording, r"^    3: ", start=japanese)
    _load_error(data, f"line {line}, field 'ja.statements.3'", "uses the unknown placeholder '{does}'")


def test_a_broken_label_template(data: Path) -> None:
    wording = data / "site" / "plain-language.yml"
    _replace_pattern(wording, r"^(  certainty_title: ).*$", r'\g<1>"Certainty: {levels}"')
    _load_error(
        data, "field 'en.certainty_title'", "uses the unknown placeholder '{levels}'", "use only {level}"
    )


# ---- pydantic errors keep their field path and line ------------------------------------------------------


def test_a_pydantic_error_names_field_path_and_line(data: Path) -> None:
    study = data / "ivig-2003" / "study.yml"
    _replace_pattern(study, r"^  year: .*$", "  year: soon")
    line = _line_of(study, r"^  year: soon")
    _load_error(data, f"ivig-2003/study.yml, line {line}, field 'citation.year'", "(got 'soon')")


def test_an_error_in_anchored_content_names_its_line(data: Path) -> None:
    appraisal = data / "hiit-2025" / "appraisal.yml"
    anchor = _line_of(appraisal, r"domains: &primary-domains")
    judgement = _line_of(appraisal, r"^\s+judgement: ", start=anchor)
    lines = appraisal.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[judgement - 1] = re.sub(r"judgement: .*", "judgement: grave", lines[judgement - 1])
    appraisal.write_text("".join(lines), encoding="utf-8")
    _load_error(data, f"hiit-2025/appraisal.yml, line {judgement}", "field 'summary_of_findings.0.domains.")


def test_lines_are_recorded_once_per_node_even_through_aliases(tmp_path: Path) -> None:
    path = tmp_path / "aliases.yml"
    path.write_text("a: &a {b: {c: 1}}\nx: *a\ny: [*a, *a]\n", encoding="utf-8")
    _, lines = load_yaml(path)
    assert len(lines) <= 8, lines
    assert line_of(lines, ("y", 1, "b", "c")) == 1


def test_no_data_file_is_a_link_in_the_real_data() -> None:
    for folder, _, files in os.walk(DATA_DIR):
        for name in files:
            assert not (Path(folder) / name).is_symlink(), name
