"""Citable pages: metadata read back by maintained extractors, citation files, CITATION.cff, reproducibility."""

from __future__ import annotations

import filecmp
import json
import re
from pathlib import Path

import extruct
import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import PROJECT_ROOT, mkdocs_build

FINDINGS = "studies/ivig-2003/findings/index.html"


@pytest.fixture(scope="module")
def findings_html(built_site: Path) -> str:
    return (built_site / FINDINGS).read_text(encoding="utf-8")


def test_json_ld_describes_a_medical_web_page_citing_the_study(findings_html):
    data = extruct.extract(findings_html, base_url="https://example.org/", syntaxes=["json-ld"])["json-ld"]
    page = next(item for item in data if item.get("@type") == "MedicalWebPage")
    assert page["about"]["name"] == "Idiopathic inflammatory myopathy"
    assert [article["sameAs"] for article in page["citation"]] == [
        "https://doi.org/10.3109/s10165-003-0250-9"
    ]
    assert page["citation"][0]["@type"] == "ScholarlyArticle"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", page["datePublished"])
    assert page["dateModified"] == page["datePublished"]
    assert page["version"] == "dev"  # a local build; releases carry their version (see test_release.py)


def test_dublin_core_and_highwire_tags(findings_html):
    dublin = extruct.extract(findings_html, syntaxes=["dublincore"])["dublincore"][0]["elements"]
    elements = {item["name"]: item["content"] for item in dublin}
    assert elements["DC.title"] == "IVIG study (2003): findings"
    assert elements["DC.language"] == "en"
    soup = BeautifulSoup(findings_html, "html.parser")
    highwire = {
        tag["name"]: tag["content"] for tag in soup.find_all("meta", attrs={"name": re.compile("^citation_")})
    }
    assert highwire["citation_title"] == "IVIG study (2003): findings"
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", highwire["citation_publication_date"])
    assert highwire["citation_language"] == "en"
    assert "citation_doi=10.3109/s10165-003-0250-9" in highwire["citation_reference"]
    assert soup.find("meta", attrs={"name": "description"})["content"].startswith(
        "Findings of the IVIG study"
    )


@pytest.mark.parametrize(
    ("page", "slug", "language"),
    [
        ("patients/hiit/index.html", "patients-hiit", "en"),
        ("ja/patients/hiit/index.html", "ja-patients-hiit", "ja"),
    ],
)
def test_every_citation_format_declares_the_page_language(built_site, page, slug, language):
    """Highwire, Dublin Core, JSON-LD, RIS and CSL-JSON all name the language the page is written in."""
    html = (built_site / page).read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("meta", attrs={"name": "citation_language"})["content"] == language
    assert soup.find("meta", attrs={"name": "DC.language"})["content"] == language
    ld = extruct.extract(html, base_url="https://example.org/", syntaxes=["json-ld"])["json-ld"]
    assert next(item for item in ld if item.get("@type") == "MedicalWebPage")["inLanguage"] == language
    assert f"LA  - {language}\n" in (built_site / "cite" / f"{slug}.ris").read_text(encoding="utf-8")
    csl = json.loads((built_site / "cite" / f"{slug}.csl.json").read_text(encoding="utf-8"))
    assert csl[0]["language"] == language


def test_cite_box_offers_styles_downloads_and_the_original_study(built_site, findings_html):
    soup = BeautifulSoup(findings_html, "html.parser")
    box = soup.find("details", id="cite-this-page")
    text = box.get_text(" ")
    assert "APA:" in text and "Vancouver:" in text
    assert "doi:10.3109/s10165-003-0250-9" in text
    links = [link["href"] for link in box.find_all("a", href=re.compile(r"cite/"))]
    assert sorted(Path(link).suffix for link in links) == [".bib", ".json", ".ris"]
    base = built_site / "studies/ivig-2003/findings"
    ris = (
        (base / links[[link.endswith(".ris") for link in links].index(True)])
        .resolve()
        .read_text(encoding="utf-8")
    )
    assert ris.startswith("TY  - ELEC\n") and ris.rstrip().endswith("ER  -")
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in ris.splitlines())
    bib = next((base / link).resolve() for link in links if link.endswith(".bib")).read_text(encoding="utf-8")
    assert bib.startswith("@online{") and bib.count("{") == bib.count("}")
    csl = json.loads(
        next((base / link).resolve() for link in links if link.endswith(".json")).read_text("utf-8")
    )
    assert csl[0]["type"] == "webpage" and csl[0]["title"] == "IVIG study (2003): findings"


def test_every_page_shows_version_date_commit_and_data_hash(built_site):
    for page in built_site.rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        if "md-content" not in text:
            continue
        if '<html lang="ja"' in text:  # the same line in Japanese
            assert re.search(r"このページ：開発版（未公開）（<time datetime=", text), page
            assert re.search(r"コミット <code>\w+</code>、データ <code>[0-9a-f]{12}</code>", text), page
            continue
        assert re.search(
            r"This page: development build \(unreleased\), built <time datetime=\"\d{4}-\d{2}-\d{2}\"", text
        ), page
        assert re.search(r"from commit <code>\w+</code> and data <code>[0-9a-f]{12}</code>", text), page


def test_citation_cff_is_valid():
    schema = json.loads(
        (PROJECT_ROOT / "tests/schemas/citation-file-format-1.2.0.schema.json").read_text("utf-8")
    )
    citation = yaml.safe_load((PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.validate(citation, schema)
    assert citation["license"] == "CC-BY-4.0"


def test_two_builds_of_one_commit_are_byte_identical(tmp_path):
    """Reproducible builds: same commit, same SOURCE_DATE_EPOCH, identical site/ trees."""
    for name in ("first", "second"):
        result = mkdocs_build(PROJECT_ROOT, tmp_path / name, SOURCE_DATE_EPOCH="1763769600")
        assert result.returncode == 0, result.stderr
    differences = _differences(filecmp.dircmp(tmp_path / "first", tmp_path / "second"))
    assert differences == []


def _differences(comparison: filecmp.dircmp) -> list[str]:
    found = [*comparison.left_only, *comparison.right_only, *comparison.funny_files]
    _, mismatch, errors = filecmp.cmpfiles(
        comparison.left, comparison.right, comparison.common_files, shallow=False
    )
    found += mismatch + errors
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found
