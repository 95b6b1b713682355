"""Broken data stops the build with a message that names the file, the line or field, and the problem.

Each test copies the real data folder, breaks one thing, and builds the registry from the copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import analyse, copy_data
from myositis_evidence.errors import DataError


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return copy_data(tmp_path / "data")


# ---- helpers ---------------------------------------------------------------------------------------------


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path: Path, fragment: str) -> int:
    """1-based number of the first line containing the fragment."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in {path.name}")


def _build_error(data: Path, *fragments: str) -> DataError:
    with pytest.raises(DataError) as caught:
        analyse(data)
    message = str(caught.value)
    assert message.strip(), "empty error message"
    assert "Traceback" not in message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in message: {message}"
    return caught.value


# ---- the copy itself builds ------------------------------------------------------------------------------


def test_unbroken_copy_builds(data: Path) -> None:
    registry, dataset = analyse(data)
    assert set(dataset.studies) == {"hiit-2025", "ivig-2003"}
    assert "ivig-2003.ck.all.baseline-mean" in registry


# ---- reading files ---------------------------------------------------------------------------------------


def test_yaml_syntax_error_gives_its_line(data: Path) -> None:
    study = data / "ivig-2003" / "study.yml"
    line = _line_of(study, "journal: Modern Rheumatology")
    _replace(study, "journal: Modern Rheumatology", "journal: Modern: Rheumatology")
    error = _build_error(data, "ivig-2003/study.yml", "not valid YAML", f"line {line}")
    assert error.line == line


def test_unclosed_flow_mapping_is_a_yaml_error(data: Path) -> None:
    units = data / "units.yml"
    _replace(
        units, "- {id: weeks, label: weeks, format: number}", "- {id: weeks, label: weeks, format: number"
    )
    error = _build_error(data, "units.yml", "not valid YAML")
    assert error.line is not None


@pytest.mark.parametrize("name", ["study.yml", "quotes.yml", "numbers.csv"])
def test_empty_file(data: Path, name: str) -> None:
    (data / "ivig-2003" / name).write_text("", encoding="utf-8")
    _build_error(data, f"ivig-2003/{name}", "is empty")


def test_whitespace_only_file_is_empty(data: Path) -> None:
    (data / "hiit-2025" / "quotes.yml").write_text("\n  \n", encoding="utf-8")
    _build_error(data, "hiit-2025/quotes.yml", "is empty")


def test_non_utf8_bytes_give_their_line(data: Path) -> None:
    quotes = data / "ivig-2003" / "quotes.yml"
    line = _line_of(quotes, "Three of the patients")
    raw = quotes.read_bytes().replace(
        b"Three of the patients", "Thr\u00e9e of the patients".encode("latin-1")
    )
    quotes.write_bytes(raw)
    error = _build_error(data, "ivig-2003/quotes.yml", "not valid UTF-8", f"line {line}", "UTF-8")
    assert error.fix


def test_non_utf8_in_csv(data: Path) -> None:
    numbers = data / "hiit-2025" / "numbers.csv"
    numbers.write_bytes(numbers.read_bytes() + b"caf\xe9\n")
    line = numbers.read_bytes().count(b"\n")
    _build_error(data, "hiit-2025/numbers.csv", "not valid UTF-8", f"line {line}")


def test_list_file_that_is_a_mapping(data: Path) -> None:
    (data / "ivig-2003" / "quotes.yml").write_text("id: ck\ntext: something\n", encoding="utf-8")
    _build_error(data, "ivig-2003/quotes.yml", "expected a list", "dict")


# ---- study.yml fields ------------------------------------------------------------------------------------


def test_misspelt_optional_field_suggests_the_right_one(data: Path) -> None:
    study = data / "hiit-2025" / "study.yml"
    line = _line_of(study, "setting_quote:")
    _replace(study, "setting_quote:", "setting_qoute:")
    _build_error(
        data,
        "hiit-2025/study.yml",
        f"line {line}",
        "unknown field 'setting_qoute'",
        "did you mean 'setting_quote'?",
    )


def test_misspelt_nested_field_suggests_the_right_one(data: Path) -> None:
    study = data / "ivig-2003" / "study.yml"
    line = _line_of(study, "  volume:")
    _replace(study, "  volume:", "  volum:")
    _build_error(
        data, "ivig-2003/study.yml", f"line {line}", "unknown field 'volum'", "did you mean 'volume'?"
    )


def test_misspelt_required_field_names_the_misspelling(data: Path) -> None:
    # A typo in a required key is the most common way to "lose" a field; the message should point at the
    # typo and suggest the right name, not only report the required field as missing.
    study = data / "ivig-2003" / "study.yml"
    line = _line_of(study, "funding: Not stated")
    _replace(study, "funding: Not stated", "fundng: Not stated")
    error = _build_error(data, "ivig-2003/study.yml", "fundng", "funding")
    assert error.line == line, str(error)


def test_missing_required_field(data: Path) -> None:
    study = data / "ivig-2003" / "study.yml"
    _replace(study, "  journal: Modern Rheumatology\n", "")
    error = _build_error(
        data, "ivig-2003/study.yml", "required field 'journal' is missing", "citation.journal"
    )
    assert error.line == _line_of(study, "citation:")


def test_wrong_type_repeats_the_bad_value(data: Path) -> None:
    study = data / "ivig-2003" / "study.yml"
    line = _line_of(study, "  year: 2003")
    _replace(study, "  year: 2003", '  year: "abc"')
    _build_error(data, "ivig-2003/study.yml", f"line {line}", "field 'citation.year'", "'abc'")


def test_year_out_of_range(data: Path) -> None:
    study = data / "hiit-2025" / "study.yml"
    line = _line_of(study, "  year: 2025")
    _replace(study, "  year: 2025", "  year: 20250")
    _build_error(data, "hiit-2025/study.yml", f"line {line}", "citation.year", "20250")


def test_bad_doi_in_a_list_item(data: Path) -> None:
    study = data / "hiit-2025" / "study.yml"
    line = _line_of(study, "    doi: 10.1101/2024.12.05.24318130")
    _replace(study, "    doi: 10.1101/2024.12.05.24318130", "    doi: doi.org/10.1101")
    _build_error(data, "hiit-2025/study.yml", f"line {line}", "sources.1.doi", "doi.org/10.1101")


def test_study_id_differs_from_folder(data: Path) -> None:
    study = data / "ivig-2003" / "study.yml"
    _replace(study, "id: ivig-2003", "id: ivig-2004")
    _build_error(data, "ivig-2003/study.yml", "line 2", "field 'id'", "ivig-2004", "folder name")


def test_unknown_setting_quote(data: Path) -> None:
    _replace(data / "hiit-2025" / "study.yml", "setting_quote: ki-centres", "setting_quote: ki-centers")
    _build_error(data, "hiit-2025/study.yml", "setting_quote", "unknown quote 'ki-centers'", "ki-centres")


def test_rule_names_unknown_number(data: Path) -> None:
    _replace(data / "ivig-2003" / "study.yml", "limit: treated.all.count", "limit: treat.all.count")
    _build_error(data, "ivig-2003/study.yml", "unknown number 'treat.all.count'", "treated.all.count")


# ---- numbers.csv shape -----------------------------------------------------------------------------------


def test_csv_missing_column(data: Path) -> None:
    numbers = data / "ivig-2003" / "numbers.csv"
    _replace(numbers, "statistic,value,unit,as_written", "statistic,value,as_written")
    _build_error(data, "ivig-2003/numbers.csv", "line 1", "missing column 'unit'")


def test_csv_misspelt_column(data: Path) -> None:
    numbers = data / "ivig-2003" / "numbers.csv"
    _replace(numbers, ",as_written,", ",as_writen,")
    _build_error(data, "ivig-2003/numbers.csv", "line 1", "unknown column 'as_writen'", "as_written")


def test_csv_extra_cell(data: Path) -> None:
    numbers = data / "ivig-2003" / "numbers.csv"
    line = _line_of(numbers, "treated.all.count,")
    _replace(numbers, "12,patients,12,treatment,", "12,patients,12,treatment,,surplus")
    _build_error(data, "ivig-2003/numbers.csv", f"line {line}", "different number of cells")


def test_csv_missing_cell(data: Path) -> None:
    numbers = data / "ivig-2003" / "numbers.csv"
    line = _line_of(numbers, "treated.all.count,")
    _replace(numbers, "12,patients,12,treatment,", "12,patients,12,treatment")
    _build_error(data, "ivig-2003/numbers.csv", f"line {line}", "different number of cells")


def test_csv_unclosed_quote(data: Path) -> None:
    numbers = data / "ivig-2003" / "numbers.csv"
    line = _line_of(numbers, "treated.all.count,")
    _replace(numbers, "12,patients,12,treatment,", '12,patients,"12,treatment,')
    error = _build_error(data, "ivig-2003/numbers.csv")
    assert error.line is not None and error.line >= line


def test_value_not_a_number(data: Path) -> None:
    numbers = data / "ivig-2003" / "numbers.csv"
    line = _line_of(numbers, "treated.all.count,")
    _replace(numbers, "count,12,patients", "count,twelve,patients")
    _build_error(data, "ivig-2003/numbers.csv", f"line {line}", "field 'value'", "'twelve'")


def test_value_nan_is_rejected(data: Path) -> None:
    numbers = data / "ivig-2003" / "numbers.csv"
    line = _line_of(numbers, "treated.all.count,")
    _replace(numbers, "count,12,patients", "count,nan,patients")
    _build_error(data, "ivig-2003/numbers.csv", f"line {line}", "field 'value'")


def test_unknown_statistic(data: Path) -> None:
    numbers = data / "ivig-2003" / "numbers.csv"
    line = _line_of(numbers, "ck.all.baseline-mean,")
    _replace(numbers, "baseline,mean,1287.4", "baseline,average,1287.4")
    _build_error(data, "ivig-2003/numbers.csv", f"line {line}", "field 'statistic'", "'average'")


def test_duplicate_number_id_gives_both_lines(data: Path) -> None:
    numbers = data / "ivig-2003" / "numbers.csv"
    first = _line_of(numbers, "treated.all.count,")
    row = numbers.read_text(encoding="utf-8").splitlines()[first - 1]
    numbers.write_text(numbers.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")
    second = len(numbers.read_text(encoding="utf-8").splitlines())
    error = _build_error(data, "ivig-2003/numbers.csv", "duplicate id 'treated.all.count'", f"line {second}")
    assert f"first used on line {first}" in str(error)


def test_duplicate_quote_id(data: Path) -> None:
    quotes = data / "ivig-2003" / "quotes.yml"
    first = _line_of(quotes, "- id: ck")
    quotes.write_text(
        quotes.read_text(encoding="utf-8") + "- id: ck\n  source: pubmed-abstract\n"
        "  text: Overall, IVIG was found to be safe\n",
        encoding="utf-8",
    )
    second = len(quotes.read_text(encoding="utf-8").splitlines()) - 2
    _build_error(
        data, "ivig-2003/quotes.yml", "duplicate id 'ck'", f"line {second}", f"first used on line {first}"
    )


# ---- numbers against their quotes ------------------------------------------------------------------------


def test_number_not_in_its_quote(data: Path) -> None:
    numbers = data / "ivig-2003" / "numbers.csv"
    line = _line_of(numbers, "treated.all.count,")
    _replace(numbers, "count,12,patients,12,treatment", "count,13,patients,13,treatment")
    _build_error(
        data,
        "ivig-2003/numbers.csv",
        f"line {line}",
        "field 'as_written'",
        "'13'",
        "does not appear in quote 'treatment'",
    )


def test_number_inside_a_longer_number_is_not_found(data: Path) -> None:
    # "1" is written in "12" but is not the number 1.
    numbers = data / "ivig-2003" / "numbers.csv"
    line = _line_of(numbers, "treated.all.count,")
    _replace(numbers, "count,12,patients,12,treatment", "count,1,patients,1,treatment")
    _build_error(data, "ivig-2003/numbers.csv", f"line {line}", "does not appear in quote 'treatment'")


def test_value_differs_from_as_written(data: Path) -> None:
    numbers = data / "ivig-2003" / "numbers.csv"
    line = _line_of(numbers, "ck.all.baseline-mean,")
    _replace(numbers, "mean,1287.4,IU/l,1287.4", "mean,1287.0,IU/l,1287.4")
    _build_error(data, "ivig-2003/numbers.csv", f"line {line}", "field 'value'", "1287.4", "Fix: set value")


def test_unknown_quote_id(data: Path) -> None:
    numbers = data / "ivig-2003" / "numbers.csv"
    line = _line_of(numbers, "treated.all.count,")
    _replace(numbers, "12,patients,12,treatment,", "12,patients,12,treatmnet,")
    _build_error(
        data,
        "ivig-2003/numbers.csv",
        f"line {line}",
        "field 'quote'",
        "unknown quote 'treatmnet'",
        "did you mean 'treatment'?",
    )


def test_unknown_unit(data: Path) -> None:
    numbers = data / "ivig-2003" / "numbers.csv"
    line = _line_of(numbers, "ck.all.baseline-mean,")
    _replace(numbers, "mean,1287.4,IU/l,1287.4", "mean,1287.4,IU/L,1287.4")
    _build_error(data, "ivig-2003/numbers.csv", f"line {line}", "field 'unit'", "unknown unit 'IU/L'", "IU/l")


def test_unknown_measure(data: Path) -> None:
    numbers = data / "ivig-2003" / "numbers.csv"
    line = _line_of(numbers, "ck.all.baseline-mean,")
    _replace(numbers, "ck.all.baseline-mean,ck,", "ck.all.baseline-mean,kc,")
    _build_error(data, "ivig-2003/numbers.csv", f"line {line}", "field 'measure'", "unknown measure 'kc'")


def test_unknown_source_of_a_quote(data: Path) -> None:
    quotes = data / "ivig-2003" / "quotes.yml"
    line = _line_of(quotes, "- id: follow-up")
    _replace(quotes, "- id: follow-up\n  source: pubmed-abstract", "- id: follow-up\n  source: pubmed")
    _build_error(
        data,
        "ivig-2003/quotes.yml",
        f"line {line}",
        "field 'source'",
        "unknown source 'pubmed'",
        "pubmed-abstract",
    )


def test_quote_not_verbatim_in_source_text(data: Path) -> None:
    quotes = data / "ivig-2003" / "quotes.yml"
    line = _line_of(quotes, "- id: ck")
    _replace(quotes, "CK level decreased significantly", "CK level decreased markedly")
    _build_error(
        data,
        "ivig-2003/quotes.yml",
        f"line {line}",
        "field 'text'",
        "quote 'ck'",
        "not found verbatim in ivig-2003-abstract.txt",
    )


def test_source_text_edited_after_quoting(data: Path) -> None:
    # The same check from the other side: the stored source text no longer holds the quote.
    _replace(data / "source-texts" / "hiit-2025-abstract.txt", "(95% CI 0.1; 0.47)", "(95% CI 0.1 to 0.47)")
    _build_error(data, "hiit-2025/quotes.yml", "quote 'vo2peak-finding'", "not found verbatim")


# ---- impossible values -----------------------------------------------------------------------------------


def test_ci_lower_above_upper(data: Path) -> None:
    numbers = data / "hiit-2025" / "numbers.csv"
    line = _line_of(numbers, "peak-power.hiit-vs-con.ci95-lower,")
    _replace(numbers, "ci95-lower,3.9,W,3.9", "ci95-lower,30.8,W,30.8")
    _replace(numbers, "ci95-upper,30.8,W,30.8", "ci95-upper,3.9,W,3.9")
    _build_error(
        data, "hiit-2025/numbers.csv", f"line {line}", "field 'value'", "lower bound 30.8", "upper bound 3.9"
    )


def test_range_minimum_above_maximum(data: Path) -> None:
    numbers = data / "ivig-2003" / "numbers.csv"
    line = _line_of(numbers, "age.all.minimum,")
    _replace(numbers, "minimum,29,years,29", "minimum,67,years,67")
    _replace(numbers, "maximum,67,years,67", "maximum,29,years,29")
    _build_error(data, "ivig-2003/numbers.csv", f"line {line}", "lower bound 67", "upper bound 29")


def test_ci_bound_without_partner(data: Path) -> None:
    numbers = data / "hiit-2025" / "numbers.csv"
    text = numbers.read_text(encoding="utf-8")
    upper_row = next(row for row in text.splitlines() if row.startswith("mmt8.con.ci95-upper,"))
    numbers.write_text(text.replace(upper_row + "\n", ""), encoding="utf-8")
    line = _line_of(numbers, "mmt8.con.ci95-lower,")
    _build_error(data, "hiit-2025/numbers.csv", f"line {line}", "has no partner", "mmt8.con.ci95-upper")


def test_more_analysed_than_treated(data: Path) -> None:
    # Change the analysed count consistently in the CSV, the quote and the stored source text, so that only
    # the rule "analysed ≤ treated" can fire.
    before, after = "Finally, 8 patients", "Finally, 18 patients"
    _replace(data / "source-texts" / "ivig-2003-abstract.txt", before, after)
    _replace(data / "ivig-2003" / "quotes.yml", before, after)
    numbers = data / "ivig-2003" / "numbers.csv"
    line = _line_of(numbers, "analysed.all.count,")
    _replace(
        numbers,
        "analysed.all.count,analysed,all,protocol,count,8,patients,8,",
        "analysed.all.count,analysed,all,protocol,count,18,patients,18,",
    )
    _build_error(
        data,
        "ivig-2003/numbers.csv",
        f"line {line}",
        "analysed.all.count (18)",
        "exceeds treated.all.count (12)",
        "patients analysed cannot outnumber patients treated",
    )


def test_at_most_rule_reversed(data: Path) -> None:
    study = data / "ivig-2003" / "study.yml"
    _replace(
        study,
        "{number: analysed.all.count, limit: treated.all.count",
        "{number: treated.all.count, limit: analysed.all.count",
    )
    line = _line_of(data / "ivig-2003" / "numbers.csv", "treated.all.count,")
    _build_error(
        data, "ivig-2003/numbers.csv", f"line {line}", "treated.all.count (12) exceeds analysed.all.count (8)"
    )


def test_percentage_above_100(data: Path) -> None:
    before, after = "showed that 87.5% of patients", "showed that 187.5% of patients"
    _replace(data / "source-texts" / "ivig-2003-abstract.txt", before, after)
    _replace(data / "ivig-2003" / "quotes.yml", before, after)
    numbers = data / "ivig-2003" / "numbers.csv"
    line = _line_of(numbers, "physician-improved.all.percent,")
    _replace(numbers, "percent,87.5,percent,87.5%", "percent,187.5,percent,187.5%")
    _build_error(data, "ivig-2003/numbers.csv", f"line {line}", "field 'value'", "between 0 and 100", "187.5")


def test_count_not_whole(data: Path) -> None:
    before, after = "Three of the patients", "3.5 of the patients"
    _replace(data / "source-texts" / "ivig-2003-abstract.txt", before, after)
    _replace(data / "ivig-2003" / "quotes.yml", before, after)
    numbers = data / "ivig-2003" / "numbers.csv"
    line = _line_of(numbers, "second-course.ivig.count,")
    _replace(numbers, "count,3,patients,Three,", "count,3.5,patients,3.5,")
    _build_error(data, "ivig-2003/numbers.csv", f"line {line}", "whole number", "3.5")


def test_percent_of_mismatch(data: Path) -> None:
    study = data / "ivig-2003" / "study.yml"
    _replace(
        study,
        "{percent: physician-improved.all.percent, count: improved.all.count",
        "{percent: physician-improved.all.percent, count: analysed-women.all.count",
    )
    line = _line_of(data / "ivig-2003" / "numbers.csv", "physician-improved.all.percent,")
    _build_error(
        data, "ivig-2003/numbers.csv", f"line {line}", "field 'value'", "87.5% is not 3 of 8", "37.50%"
    )


def test_percent_of_rule_names_unknown_number(data: Path) -> None:
    study = data / "ivig-2003" / "study.yml"
    _replace(
        study,
        "count: adverse-effects.ivig.count, total: infusions.ivig.count",
        "count: adverse-effects.ivig.count, total: infusion.ivig.count",
    )
    _build_error(data, "ivig-2003/study.yml", "unknown number 'infusion.ivig.count'", "infusions.ivig.count")


def test_p_threshold_out_of_range(data: Path) -> None:
    before, after = "increases (p < 0.05)", "increases (p < 5)"
    _replace(data / "source-texts" / "hiit-2025-abstract.txt", before, after)
    _replace(data / "hiit-2025" / "quotes.yml", before, after)
    numbers = data / "hiit-2025" / "numbers.csv"
    line = _line_of(numbers, "mitochondrial-proteins.hiit.p-below,")
    _replace(numbers, "p-below,0.05,p,0.05,", "p-below,5,p,5,")
    _build_error(data, "hiit-2025/numbers.csv", f"line {line}", "p-value threshold", "(got 5)")


def test_impossible_date_is_a_data_error(data: Path) -> None:
    # PyYAML turns 2017-13-01 into a date itself and raises ValueError, not YAMLError.
    study = data / "hiit-2025" / "study.yml"
    line = _line_of(study, "  start: 2017-10-01")
    _replace(study, "  start: 2017-10-01", "  start: 2017-13-01")
    _build_error(data, "hiit-2025/study.yml", f"line {line}")


# ---- every message is usable -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "old", "new"),
    [
        ("ivig-2003/study.yml", "journal: Modern", "journal Modern"),
        ("ivig-2003/quotes.yml", "  text: The mean serum CK", "  txt: The mean serum CK"),
        ("hiit-2025/numbers.csv", "vo2peak.hiit.mean-percent-change,", "vo2peak.hiit.Mean-percent-change,"),
        ("units.yml", "{id: W, label: W, format: number}", "{id: W, label: W, format: watts}"),
    ],
)
def test_messages_name_the_file_and_a_place(data: Path, relative: str, old: str, new: str) -> None:
    _replace(data / relative, old, new)
    error = _build_error(data, relative)
    assert error.line is not None or error.field, str(error)
    assert error.problem.strip()
