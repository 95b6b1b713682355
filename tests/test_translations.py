"""The labels files of a translation (`data/<study>/labels.<language>.yml`, `data/units.<language>.yml`): errors
that name the file, the line and the field, and wording that is never English in disguise."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import DATA_DIR, analyse, copy_data
from myositis_evidence.dataset.dataset import load_dataset
from myositis_evidence.errors import DataError, ShortcodeError
from myositis_evidence.pages.shortcodes import PageContext, expand

LABELS = Path("ivig-2003") / "labels.ja.yml"


def _with_labels(tmp_path: Path, text: str) -> Path:
    data = copy_data(tmp_path / "data")
    (data / LABELS).write_text(text, encoding="utf-8")
    return data


def _error(data: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_a_misspelt_field_is_named_with_its_line(tmp_path: Path) -> None:
    data = _with_labels(
        tmp_path, "study: ivig-2003\nresults:\n  ivig-2003.treated.all.count:\n    lable: 治療を受けた患者\n"
    )
    message = _error(data)
    assert f"{LABELS.as_posix()}, line 4, field 'results.ivig-2003.treated.all.count.lable'" in message
    assert "did you mean 'label'?" in message


def test_an_unknown_source_is_named_with_its_line(tmp_path: Path) -> None:
    data = _with_labels(tmp_path, "study: ivig-2003\nsources:\n  pubmed: PubMed の抄録\n")
    message = _error(data)
    assert "line 3, field 'sources.pubmed': source 'pubmed' is not a source of study.yml" in message
    assert "pubmed-abstract" in message


def test_a_result_of_another_study_is_refused(tmp_path: Path) -> None:
    data = _with_labels(
        tmp_path, "study: ivig-2003\nresults:\n  hiit-2025.participants.all.count:\n    label: 参加者\n"
    )
    assert "line 3, field 'results.hiit-2025.participants.all.count'" in _error(data)


def test_an_empty_label_is_refused(tmp_path: Path) -> None:
    data = _with_labels(
        tmp_path, "study: ivig-2003\nresults:\n  ivig-2003.treated.all.count:\n    label: [' ']\n"
    )
    assert "an empty text" in _error(data)


def test_a_unit_not_in_units_yml_is_refused(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    path = data / "units.ja.yml"
    path.write_text(path.read_text(encoding="utf-8") + "- {id: furlongs, label: ハロン}\n", encoding="utf-8")
    message = _error(data)
    assert "units.ja.yml" in message and "unit 'furlongs' is not in units.yml" in message


def test_every_labelled_result_exists(registry, dataset) -> None:
    """A label for a result that no longer exists is a stale translation."""
    for labels in dataset.translations["ja"].studies.values():
        for result_id in labels.results:
            registry.get(result_id)  # raises with the nearest ids when unknown


# ---- a quote's source on a page in another language ------------------------------------------------------

QUOTE = "hiit-2025.randomised"  # a quote from the journal summary
JA_PAGE = "docs/patients/hiit.ja.md"


def _quoted(results, page: str, language: str) -> str:
    registry, dataset = results
    context = PageContext(page, registry, dataset, lambda chart: "", language=language)
    return expand(f"Text\n\n<!-- md:quote {QUOTE} -->\n", context)


def test_a_quote_on_a_japanese_page_names_its_source_from_the_labels_file(results) -> None:
    labels = yaml.safe_load((DATA_DIR / "hiit-2025" / "labels.ja.yml").read_text(encoding="utf-8"))
    japanese = _quoted(results, JA_PAGE, "ja")
    assert '<p class="ev-quote__source" lang="ja">— <cite>' in japanese
    assert f">{labels['sources']['journal-summary']}</a></cite>" in japanese
    assert '<p lang="en">“Twenty-three patients' in japanese and "Journal summary" not in japanese
    english = _quoted(results, "docs/patients/hiit.md", "en")
    assert ">Journal summary (eBioMedicine 2025)</a></cite>" in english and 'lang="ja"' not in english


def test_a_quote_whose_source_has_no_japanese_name_stops_the_build(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    path = data / "hiit-2025" / "labels.ja.yml"
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines(keepends=True) if line.startswith("  journal-summary:"))
    path.write_text(text.replace(line, ""), encoding="utf-8")
    with pytest.raises(ShortcodeError) as caught:
        _quoted(analyse(data), JA_PAGE, "ja")
    message = str(caught.value)
    assert message.startswith(
        f"{JA_PAGE}, line 3: source 'journal-summary' of '{QUOTE}' has no 'ja' name: add it under 'sources' in "
    )
    assert message.endswith("hiit-2025/labels.ja.yml") and "\n" not in message
