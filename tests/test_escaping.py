"""Markup in the data reaches the page only escaped, wherever the data string is shown.

A copy of the data carries `<script>` and `<img onerror>` in a quote (and its source text), the study's title
and short title, a measure's label and a row's note. A page that shows every result of the study (values,
intervals, tables, charts), its citation and the quote must hold the markup only as escaped text.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA_DIR, analyse
from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.pages.shortcodes import PageContext, expand
from myositis_evidence.results.model import Chart, Interval, Registry, Table, Value

STUDY = "ivig-2003"
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Registry, dict[str, StudyData]]:
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(DATA_DIR, data)
    old = "The mean serum CK level"
    new = f"The mean serum {SCRIPT} {IMAGE} CK level"
    _replace(data / "source-texts" / "ivig-2003-abstract.txt", old, new)
    _replace(data / STUDY / "quotes.yml", old, new)
    study = data / STUDY / "study.yml"
    _replace(study, "title: >-\n  Prospective study", f"title: >-\n  {SCRIPT} {IMAGE} Prospective study")
    _replace(study, "short_title: IVIG study", f"short_title: '{IMAGE} IVIG study")
    _replace(study, "(Hara 2003)\n", "(Hara 2003)'\n")
    _replace(study, "label: Serum creatine kinase (CK)", f"label: '{SCRIPT} Serum creatine kinase (CK)'")
    _replace(data / STUDY / "numbers.csv", ",ck,Reported as a significant decrease", f",ck,{IMAGE} Reported")
    return analyse(data)


def _page(registry: Registry) -> str:
    """Every result of the study, each with the shortcode of its kind, plus the citation and the quote."""
    kinds = {Value: "value", Interval: "value", Table: "table", Chart: "chart"}
    lines = [f"<!-- md:cite {STUDY} -->", f"<!-- md:quote {STUDY}.ck -->"]
    for result in registry:
        if result.id.startswith(f"{STUDY}."):
            lines.append(f"<!-- md:{kinds[type(result)]} {result.id} -->")
    return "\n\n".join(lines) + "\n"


def test_the_markup_reached_the_data(hostile: tuple[Registry, dict[str, StudyData]]) -> None:
    registry, dataset = hostile
    assert dataset.studies[STUDY].study.title.startswith(SCRIPT)
    assert IMAGE in registry.value(f"{STUDY}.ck.all.week-12-mean").provenance.note
    assert SCRIPT in registry.value(f"{STUDY}.ck.all.week-12-mean").label


def test_every_rendering_escapes_markup_from_the_data(hostile: tuple[Registry, dict[str, StudyData]]) -> None:
    registry, dataset = hostile
    context = PageContext("docs/hostile.md", registry, dataset, lambda chart: "<svg></svg>")
    output = expand(_page(registry), context)
    assert "<!--" not in output
    for markup in ("<script", "<img"):
        assert markup not in output.lower(), output[max(0, output.lower().find(markup) - 300) :][:600]
    for text in ESCAPED:
        assert text in output
    # The title (citation), the quote (blockquote, note, tooltip), the label and the note are all shown.
    assert output.count(ESCAPED[0]) >= 4
    assert output.count(ESCAPED[1]) >= 3
