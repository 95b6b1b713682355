"""A disk cache of the loaded data, the computed results and their downloads, keyed on a hash of every input,
so a warm build skips reading and validating data/ and the analysis (and never imports pandas, scipy or
Altair).

The key covers where the project's data/ lies, the bytes of every file under it, the source of this package,
and the versions of the libraries that shape the results. Any change makes a new key; the old entry is
removed. The loaded data names the files it came from, so the location is part of the key: a copied project
never takes the original's entry, and reads and writes its own `.cache/`. Clear it by deleting `.cache/`
(`make clean`).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypeVar

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
FORMAT = "5"  # bump when the pickled shape changes in a way the source hash would not show

log = logging.getLogger("mkdocs.plugins.myositis_evidence")

Cached = TypeVar("Cached")


def inputs_key(data_dir: Path) -> str:
    """SHA-256 of all inputs of the results: data folder location and files, package source, library versions."""
    digest = hashlib.sha256(FORMAT.encode() + b"\0" + str(data_dir.resolve()).encode() + b"\0")
    for root, pattern in ((data_dir, "*"), (PACKAGE_DIR, "*.py")):
        for path in sorted(item for item in root.rglob(pattern) if item.is_file()):
            digest.update(
                f"{root.name}/{path.relative_to(root).as_posix()}".encode() + b"\0" + path.read_bytes()
            )
    for library in LIBRARIES:
        digest.update(f"{library}=={_version(library)}".encode())
    return digest.hexdigest()


def load_or_compute(
    key: str, cache_dir: Path, compute: Callable[[], Cached], folder: str = "results"
) -> Cached:
    """What is stored under key in cache_dir's folder, else compute() stored there (replacing older entries).

    compute is the caller's (the build hook loads the dataset and runs the analysis stage's build_registry):
    this stage never imports a later one. Each folder holds one kind of entry (the build keeps the results and,
    apart, the summary a warm build needs of them).
    """
    path = cache_dir / folder / f"{key}.pickle"
    if path.is_file():
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as error:
            log.warning("results cache unreadable (%s); recomputing", error)
    computed = compute()
    _store(path, computed)
    return computed


def _store(path: Path, computed: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("*.pickle"):
        old.unlink()
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as handle:
        pickle.dump(computed, handle, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)


@functools.cache  # installed versions do not change under a running build or `mkdocs serve`
def _version(library: str) -> str:
    try:
        return version(library)
    except PackageNotFoundError:
        return "absent"
