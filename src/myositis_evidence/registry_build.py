"""Build the registry of every result, once per build."""

from __future__ import annotations

import functools
from pathlib import Path

from .analyses import ANALYSES, CROSS_STUDY, register_dictionary
from .loading import DATA_DIR, StudyData, load_study, load_units, study_folders
from .reported import register_reported
from .results import Registry
from .validation import validate_study


def load_all(data_dir: Path = DATA_DIR) -> dict[str, StudyData]:
    """Load and validate every study folder under data_dir."""
    units = load_units(data_dir)
    studies = {}
    for folder in study_folders(data_dir):
        data = load_study(folder)
        validate_study(data, units)
        studies[data.study.id] = data
    return studies


def build_registry(data_dir: Path = DATA_DIR) -> tuple[Registry, dict[str, StudyData]]:
    """Every reported and derived result, with tables and charts, for all studies under data_dir."""
    studies = load_all(data_dir)
    registry = Registry()
    for study_id, data in studies.items():
        register_reported(data, registry)
        if study_id in ANALYSES:
            ANALYSES[study_id](data, registry)
    for register_cross_study in CROSS_STUDY:
        register_cross_study(studies, registry)
    register_dictionary(data_dir, registry)
    return registry, studies


@functools.lru_cache(maxsize=4)
def cached_registry(data_dir: Path = DATA_DIR) -> tuple[Registry, dict[str, StudyData]]:
    """The registry for a data folder, computed once per process."""
    return build_registry(data_dir)
