"""A disk cache of the computed results, keyed on a hash of every input, so a warm build skips the analysis
(and never imports pandas, scipy or Altair).

The key covers the bytes of every file under data/, the source of this package, and the versions of the
libraries that shape the results. Any change makes a new key; the old entry is removed. Clear the cache by
deleting `.cache/` (`make clean`).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .loading import StudyData
from .results import Registry

PACKAGE_DIR = Path(__file__).resolve().parent
LIBRARIES = (
    "myositis-evidence",
    "altair",
    "vl-convert-python",
    "scipy",
    "numpy",
    "pandas",
    "pydantic",
    "pyyaml",
)
FORMAT = "1"  # bump when the pickled shape changes in a way the source hash would not show

log = logging.getLogger("mkdocs.plugins.myositis_evidence")


def inputs_key(data_dir: Path) -> str:
    """SHA-256 of all inputs of the results: data files, package source, library versions."""
    digest = hashlib.sha256(FORMAT.encode())
    for root, pattern in ((data_dir, "*"), (PACKAGE_DIR, "*.py")):
        for path in sorted(item for item in root.rglob(pattern) if item.is_file()):
            digest.update(
                f"{root.name}/{path.relative_to(root).as_posix()}".encode() + b"\0" + path.read_bytes()
            )
    for library in LIBRARIES:
        digest.update(f"{library}=={_version(library)}".encode())
    return digest.hexdigest()


def load_or_build(
    data_dir: Path,
    cache_dir: Path,
    *,
    key: str | None = None,
    before_computing: Callable[[], None] | None = None,
) -> tuple[Registry, dict[str, StudyData]]:
    """The results for data_dir: from the cache when its key matches, else computed and stored.

    key: inputs_key(data_dir), when the caller has it already. before_computing: called on a cache miss,
    before the analysis starts (a build starts its render worker there, so the two overlap).
    """
    path = cache_dir / "results" / f"{key or inputs_key(data_dir)}.pickle"
    if path.is_file():
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as error:
            log.warning("results cache unreadable (%s); recomputing", error)
    if before_computing is not None:
        before_computing()
    from .registry_build import build_registry  # heavy: imports the analyses only on a cache miss

    results = build_registry(data_dir)
    _store(path, results)
    return results


_in_memory: dict[tuple[Path, str], tuple[Registry, dict[str, StudyData]]] = {}


def cached_registry(
    data_dir: Path, cache_dir: Path, *, before_computing: Callable[[], None] | None = None
) -> tuple[Registry, dict[str, StudyData]]:
    """The results for a data folder: kept in memory while the inputs are unchanged (`mkdocs serve` rebuilds
    and mkdocs-static-i18n's second pass then skip even the disk cache), else loaded or computed."""
    key = inputs_key(data_dir)
    if (data_dir, key) not in _in_memory:
        results = load_or_build(data_dir, cache_dir, key=key, before_computing=before_computing)
        _in_memory.clear()
        _in_memory[(data_dir, key)] = results
    return _in_memory[(data_dir, key)]


def _store(path: Path, results: tuple[Registry, dict[str, StudyData]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("*.pickle"):
        old.unlink()
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as handle:
        pickle.dump(results, handle, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)


@functools.cache  # installed versions do not change under a running build or `mkdocs serve`
def _version(library: str) -> str:
    try:
        return version(library)
    except PackageNotFoundError:
        return "absent"
