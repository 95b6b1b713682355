"""A disk cache of the computed results, keyed on a hash of every input, so a warm build skips the analysis
(and never imports pandas, scipy or Altair).

The key covers the bytes of every file under the project's data/, the source of this package, and the
versions of the libraries that shape the results. Any change makes a new key; the old entry is removed. The
cache holds only the results, never a path: a copied project reads and writes its own `.cache/`. Clear it by
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

from myositis_evidence.results.model import Registry

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the running code: part of what the results depend on
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
FORMAT = "2"  # bump when the pickled shape changes in a way the source hash would not show

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


def load_or_compute(key: str, cache_dir: Path, compute: Callable[[], Registry]) -> Registry:
    """The results stored under key in cache_dir, else compute() stored there (replacing older entries).

    compute is the caller's (the analysis stage's build_registry): this stage never imports a later one.
    """
    path = cache_dir / "results" / f"{key}.pickle"
    if path.is_file():
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as error:
            log.warning("results cache unreadable (%s); recomputing", error)
    registry = compute()
    _store(path, registry)
    return registry


def _store(path: Path, registry: Registry) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("*.pickle"):
        old.unlink()
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as handle:
        pickle.dump(registry, handle, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)


@functools.cache  # installed versions do not change under a running build or `mkdocs serve`
def _version(library: str) -> str:
    try:
        return version(library)
    except PackageNotFoundError:
        return "absent"
