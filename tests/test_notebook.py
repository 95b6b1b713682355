"""The methods notebook: a fresh run recomputes every derived result, and the page shows that run's outputs.

The site ships the outputs stored in docs/notebooks/methods.ipynb (the build does not execute it). If this test
fails because the stored outputs differ, refresh them with
`.venv/bin/jupyter nbconvert --to notebook --execute --inplace docs/notebooks/methods.ipynb`.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import PROJECT_ROOT
from myositis_evidence.results.model import Derived

NOTEBOOK = PROJECT_ROOT / "docs" / "notebooks" / "methods.ipynb"
REFRESH = "refresh with: .venv/bin/jupyter nbconvert --to notebook --execute --inplace " + str(
    NOTEBOOK.relative_to(PROJECT_ROOT)
)


@pytest.fixture(scope="module")
def stored() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def fresh(stored: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook executed now, with the venv's kernel, in its own folder."""
    notebook = nbformat.from_dict(stored)
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    ).execute()
    return notebook


def _summary(notebook: nbformat.NotebookNode) -> dict:
    outputs = notebook.cells[-1].outputs
    return next(
        output.data["application/json"] for output in outputs if "application/json" in output.get("data", {})
    )


def _outputs(notebook: nbformat.NotebookNode) -> list[list[dict]]:
    """Each code cell's outputs without execution counts or metadata, which differ between runs."""
    return [
        [
            {key: value for key, value in output.items() if key not in ("execution_count", "metadata")}
            for output in cell.outputs
        ]
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]


def test_a_fresh_run_raises_no_error(fresh):
    errors = [output for outputs in _outputs(fresh) for output in outputs if output["output_type"] == "error"]
    assert errors == []


def test_every_derived_result_is_recomputed_and_agrees(fresh, registry):
    derived = {result.id for result in registry if isinstance(getattr(result, "provenance", None), Derived)}
    summary = _summary(fresh)
    assert summary["unchecked"] == [] and summary["disagree"] == []
    assert set(summary["results"]) == derived
    assert all(summary["results"].values())
    assert summary["derived"] == summary["checked"] == summary["agree"] == len(derived)


def test_stored_outputs_match_a_fresh_run(stored, fresh):
    assert _outputs(stored) == _outputs(fresh), f"the stored outputs are stale; {REFRESH}"


def test_notebook_types_no_study_number(stored):
    """Inputs come from the registry: code cells hold no decimal numbers and no integer above 100."""
    for cell in stored.cells:
        if cell.cell_type == "code":
            code = re.sub(r"\"[^\"\n]*\"|'[^'\n]*'", "", cell.source)  # patterns and messages
            assert re.findall(r"\b\d+\.\d+\b|\b(?!100\b)\d{3,}\b", code) == [], cell.source[:80]


def test_notebook_page_is_light_and_titled(built_site):
    html = (built_site / "notebooks" / "methods" / "index.html").read_text(encoding="utf-8")
    assert "<style" not in html and ' style="' not in html
    assert len(html.encode("utf-8")) < 250_000
    assert "<title>Methods notebook: every derived number, recomputed" in html
    assert 'href="../../assets/notebook.css"' in html
    assert re.search(r'Last reviewed: <time datetime="\d{4}-\d{2}-\d{2}">', html)
