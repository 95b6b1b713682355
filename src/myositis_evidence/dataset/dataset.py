"""One build's inputs: every study folder, the units, the site's wording, the content files and the data
dictionary, loaded and validated once and passed down to the later stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from myositis_evidence.dataset.content import ContentFile, check_study_references, load_content
from myositis_evidence.dataset.loading import StudyData, load_study, load_units, study_folders, validate_list
from myositis_evidence.dataset.plain_language import SiteWording, StudyClaims, load_claims, load_wording
from myositis_evidence.dataset.references import StudyReference
from myositis_evidence.dataset.schema import DictionaryEntry, Unit
from myositis_evidence.dataset.translations import LanguageLabels, load_translations
from myositis_evidence.dataset.validation import validate_study


@dataclass(frozen=True)
class Dataset:
    """Everything under a project's `data/`, validated within and across files."""

    data_dir: Path
    studies: dict[str, StudyData]
    units: dict[str, Unit]
    wording: SiteWording
    claims: dict[str, StudyClaims]  # by study id, for the studies with a plain-language.yml
    dictionary: tuple[DictionaryEntry, ...]
    # What the pages show, as data: by study id for the studies with a content.yml, then data/site/content.yml.
    content: dict[str, ContentFile] = field(default_factory=dict)
    site_content: ContentFile | None = None
    # For each language but English: the labels, units and notes its pages give numbers in (labels.<language>.yml).
    translations: dict[str, LanguageLabels] = field(default_factory=dict)

    def unit(self, unit_id: str) -> Unit:
        return self.units[unit_id]

    @property
    def references(self) -> dict[str, StudyReference]:
        """Each study's title and citation, by study id, as plain data (see references.py)."""
        return {study_id: StudyReference.of(data.study) for study_id, data in self.studies.items()}


def load_dataset(data_dir: Path) -> Dataset:
    """Load and validate every file under data_dir; the first problem raises a DataError naming it."""
    units = load_units(data_dir)
    studies: dict[str, StudyData] = {}
    claims: dict[str, StudyClaims] = {}
    content: dict[str, ContentFile] = {}
    for folder in study_folders(data_dir):
        data = load_study(folder)
        validate_study(data, units)
        studies[data.study.id] = data
        study_claims = load_claims(folder)
        if study_claims is not None:
            claims[data.study.id] = study_claims
        study_content = load_content(folder)
        if study_content is not None:
            content[data.study.id] = study_content
    site_content = load_content(data_dir / "site")
    for content_file in (*content.values(), *([site_content] if site_content else [])):
        check_study_references(content_file, studies)
    wording = load_wording(data_dir / "site")
    dictionary, _ = validate_list(DictionaryEntry, data_dir / "dictionary.yml")
    translations = load_translations(data_dir, studies, units)
    return Dataset(data_dir, studies, units, wording, claims, dictionary, content, site_content, translations)
