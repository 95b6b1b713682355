"""Fixity for a release: a SHA-256 manifest of every file in its folder and a zip of the whole folder.

Both sit in the release's `fixity/` folder. The manifest is in the format of GNU coreutils' `sha256sum`
("<64 hex digits>  <path>", one file a line, sorted by path), so from inside a downloaded release folder
`sha256sum -c fixity/SHA256SUMS` checks every file. It lists every file but the two in `fixity/`. The zip holds
every file of the folder under one top folder (`myositis-evidence-X.Y/`), the manifest included, and is
deterministic (reproducible-builds.org, "Archive metadata"): entries in sorted order, each dated by
SOURCE_DATE_EPOCH (no earlier than 1980, the first date a zip can hold), with fixed permissions and
compression, so two builds of one release give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

FIXITY_DIR = "fixity"
MANIFEST = f"{FIXITY_DIR}/SHA256SUMS"
ARCHIVE_STEM = "myositis-evidence"
ZIP_EPOCH_MINIMUM = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def archive_path(version: str) -> str:
    """Where a release's zip is, relative to its folder."""
    return f"{FIXITY_DIR}/{ARCHIVE_STEM}-{version}.zip"


def release_files(folder: Path) -> list[str]:
    """Every file under folder (as a path relative to it, with "/"), but the fixity files, sorted."""
    names = (path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())
    return sorted(
        (name for name in names if not name.startswith(f"{FIXITY_DIR}/")), key=lambda name: name.encode()
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_text(folder: Path) -> str:
    """The sha256sum-format manifest of every file under folder but the fixity files."""
    return "".join(f"{sha256_of(folder / name)}  {name}\n" for name in release_files(folder))


def write_fixity(folder: Path, version: str, epoch: int) -> tuple[Path, Path]:
    """Write the manifest, then the zip of the folder (manifest included); return both paths."""
    manifest = folder / MANIFEST
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(manifest_text(folder), encoding="utf-8")
    archive = folder / archive_path(version)
    names = [*release_files(folder), MANIFEST]
    write_deterministic_zip(archive, folder, sorted(names, key=lambda name: name.encode()), version, epoch)
    return manifest, archive


def write_deterministic_zip(archive: Path, folder: Path, names: list[str], version: str, epoch: int) -> None:
    """A zip of the named files of folder under `myositis-evidence-<version>/`, the same bytes every time."""
    stamp = max(dt.datetime.fromtimestamp(epoch, dt.UTC), ZIP_EPOCH_MINIMUM)
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    top = f"{ARCHIVE_STEM}-{version}/"
    with zipfile.ZipFile(archive, "w") as bundle:
        for name in names:
            entry = zipfile.ZipInfo(top + name, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, so the permissions below are read
            entry.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            bundle.writestr(entry, (folder / name).read_bytes(), compresslevel=9)


def verify_manifest(folder: Path) -> list[str]:
    """Every way the folder differs from its manifest: a file missing, changed, or not listed."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return [f"no manifest at {MANIFEST}"]
    listed: dict[str, str] = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        digest, separator, name = line.partition("  ")
        if not separator or len(digest) != 64:
            return [f"{MANIFEST}: malformed line {line[:80]!r}"]
        listed[name] = digest
    problems = []
    for name, digest in listed.items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: listed but missing")
        elif sha256_of(path) != digest:
            problems.append(f"{name}: SHA-256 differs from the manifest")
    problems += [f"{name}: not in the manifest" for name in release_files(folder) if name not in listed]
    return problems
