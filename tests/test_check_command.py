"""`python -m myositis_evidence check` expands pages as the build does, front matter included: a plain-language
page whose numbers have no "Where this comes from" box is refused there too, not only by `mkdocs build`."""

from __future__ import annotations

import re

import pytest

from conftest import DOCS_DIR
from myositis_evidence.cli import expand_pages
from myositis_evidence.errors import EvidenceError

BOX = re.compile(r'<details class="ev-sources".*?</details>\n?', re.S)


def test_check_expands_the_real_patient_pages(tmp_path, results):
    registry, dataset = results
    (tmp_path / "patients").mkdir()
    source = (DOCS_DIR / "patients" / "hiit.md").read_text(encoding="utf-8")
    (tmp_path / "patients" / "hiit.md").write_text(source, encoding="utf-8")
    assert "docs/patients/hiit.md" in expand_pages(tmp_path, registry, dataset)


def test_check_refuses_a_plain_language_page_without_its_sources_boxes(tmp_path, results):
    registry, dataset = results
    (tmp_path / "patients").mkdir()
    source = (DOCS_DIR / "patients" / "hiit.md").read_text(encoding="utf-8")
    without_boxes = BOX.sub("", source)
    assert without_boxes != source and "plain_language: true" in source
    (tmp_path / "patients" / "hiit.md").write_text(without_boxes, encoding="utf-8")
    with pytest.raises(EvidenceError, match=re.escape("docs/patients/hiit.md")):
        expand_pages(tmp_path, registry, dataset)
