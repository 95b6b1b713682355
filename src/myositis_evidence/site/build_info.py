"""What a build was made from: release version, date, commit and a hash of the data.

Everything here is derived from the repository, never from the clock, so two builds of one commit agree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

VERSION_VARIABLE = "SITE_VERSION"


@dataclass(frozen=True)
class BuildInfo:
    version: str | None  # None for a development build
    date: str  # YYYY-MM-DD (UTC) of the commit, or of SOURCE_DATE_EPOCH when set
    commit: str
    data_hash: str

    @property
    def version_label(self) -> str:
        return f"version {self.version}" if self.version else "development build (unreleased)"


def build_info(repo: Path) -> BuildInfo:
    """The build's version (from SITE_VERSION), date, commit and data hash for the project at `repo`."""
    version = os.environ.get(VERSION_VARIABLE) or None
    return BuildInfo(version, _date(repo), _git(repo, "rev-parse", "HEAD")[:12], data_hash(repo / "data"))


def data_hash(data_dir: Path) -> str:
    """SHA-256 over every file under data/ (path and bytes, in sorted order), first 12 hex digits."""
    digest = hashlib.sha256()
    for path in sorted(item for item in data_dir.rglob("*") if item.is_file()):
        digest.update(path.relative_to(data_dir).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def source_date_epoch(repo: Path) -> int:
    """SOURCE_DATE_EPOCH if set, else the commit time (reproducible-builds.org convention)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    committed = _git(repo, "log", "-1", "--format=%ct")
    return int(committed) if committed.isdigit() else 0


def _date(repo: Path) -> str:
    return dt.datetime.fromtimestamp(source_date_epoch(repo), dt.UTC).date().isoformat()


def _git(repo: Path, *arguments: str) -> str:
    try:
        result = subprocess.run(["git", *arguments], cwd=repo, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return result.stdout.strip()
