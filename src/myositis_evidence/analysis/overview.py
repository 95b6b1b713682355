"""Tables across studies: both studies at a glance."""

from __future__ import annotations

from myositis_evidence.dataset.dataset import Dataset
from myositis_evidence.dataset.loading import StudyData
from myositis_evidence.results.model import Registry, Table, numbers_by_study

HIIT, IVIG = "hiit-2025", "ivig-2003"


def register(studies: dict[str, StudyData], registry: Registry) -> None:
    if {HIIT, IVIG} <= set(studies):
        registry.add(_comparison(studies[HIIT], studies[IVIG]))


def _comparison(hiit: StudyData, ivig: StudyData) -> Table:
    rows = (
        ("Type of evidence", hiit.study.evidence_type, ivig.study.evidence_type),
        ("Design", hiit.study.design, ivig.study.design),
        (
            "Participants",
            f"{{{HIIT}.participants.all.count}} randomised; number analysed not reported",
            f"{{{IVIG}.treated.all.count}} treated; {{{IVIG}.analysed.all.count}} analysed",
        ),
        ("Population", hiit.study.population, ivig.study.population),
        (
            "Intervention",
            f"{hiit.study.arms[0].name}, {{{HIIT}.hiit-sessions-per-week.hiit.value}}",
            f"{ivig.study.arms[0].name}, {{{IVIG}.dose.ivig.value}} for {{{IVIG}.infusion-days.ivig.value}}",
        ),
        ("Comparator", hiit.study.arms[1].name, "None"),
        (
            "Follow-up",
            f"{{{HIIT}.intervention-weeks.all.value}} of training",
            f"up to {{{IVIG}.follow-up.all.maximum}}",
        ),
        (
            "Primary outcome",
            "Maximal exercise test (VO2peak, peak power, time to exhaustion)",
            "Not named; muscle strength, ADL, CK, fatigue and physicians' assessment reported",
        ),
        (
            "Headline finding",
            f"VO2peak rose {{{HIIT}.vo2peak.hiit.mean-percent-change}} with HIIT and "
            f"{{{HIIT}.vo2peak.con.mean-percent-change}} with CON (difference 95% CI {{{HIIT}.vo2peak.hiit-vs-con.ci95}})",
            f"{{{IVIG}.improved.all.count}} of {{{IVIG}.analysed.all.count}} analysed patients improved by physicians' "
            f"assessment (exact 95% CI {{{IVIG}.physician-improved.clopper-pearson}})",
        ),
        (
            "Safety headline",
            "Serum muscle enzymes stable; the preprint reports no adverse events",
            f"Adverse effects with {{{IVIG}.adverse-effects.ivig.count}} of {{{IVIG}.infusions.ivig.count}} infusion "
            "courses (asymptomatic myocardial infarction; increased BUN)",
        ),
    )
    return Table(
        "overview.comparison",
        "Both studies at a glance",
        "Side-by-side summary of the two studies, from their published summaries.",
        ("Characteristic", hiit.study.short_title, ivig.study.short_title),
        rows,
    )


# ---- the dataset's own tables ----------------------------------------------------------------------------


def register_catalogues(studies: dict[str, StudyData], registry: Registry) -> None:
    """One table per study listing every number the registry holds for it, reported and derived."""
    by_study = numbers_by_study(registry)
    for study_id, data in studies.items():
        rows = tuple(
            (result.id, result.label, f"{{{result.id}}}", result.kind)
            for result in by_study.get(study_id, [])
        )
        registry.add(
            Table(
                f"{study_id}.catalogue",
                f"Every number for {data.study.short_title}",
                "Result id, label, value and whether it is reported or derived; each value's note "
                "gives its quote or method.",
                ("Result id", "Label", "Value", "Kind"),
                rows,
            )
        )


def register_dictionary(dataset: Dataset, registry: Registry) -> None:
    """The data dictionary of the data folder as a table."""
    rows = tuple((entry.file, entry.column, entry.description) for entry in dataset.dictionary)
    registry.add(
        Table(
            "data.dictionary",
            "Data dictionary",
            "Every file and column of the dataset.",
            ("File", "Column", "Description"),
            rows,
            row_header=False,
        )
    )
