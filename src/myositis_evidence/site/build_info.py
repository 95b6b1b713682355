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

from myositis_evidence.errors import EvidenceError

VERSION_VARIABLE = "SITE_VERSION"


@dataclass(frozen=True)
class BuildInfo:
    version: str | None  # None for a development build
    date: str  # YYYY-MM-DD (UTC) of the commit, or of SOURCE_DATE_EPOCH when set
    commit: str
    data_hash: str

    @property
    def version_label(self) -> str:
        return self.label("en")

    def label(self, language: str) -> str:
        """The version, or that this is a development build, in the page's language (site/i18n.py)."""
        # Imported here: hooks/atomic_build.py reads this module before anything else and needs none of it.
        from myositis_evidence.site.i18n import interface_text

        text = interface_text(language)
        return text.version.format(version=self.version) if self.version else text.development_build


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
    epoch = checked_source_date_epoch()
    if epoch is not None:
        return epoch
    committed = _git(repo, "log", "-1", "--format=%ct")
    if committed.isdigit():
        return int(committed)
    # Outside a git checkout (an exported copy): the time of the newest source file, not 1970.
    sources = [path for folder in ("data", "docs") for path in (repo / folder).rglob("*") if path.is_file()]
    return int(max((path.stat().st_mtime for path in sources), default=0))


def checked_source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as a number, None when unset; an EvidenceError when it is not a whole number
    (checked before anything else reads it: some libraries stop with a traceback on a bad value)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    if not epoch.isdigit():
        raise EvidenceError(
            f"SOURCE_DATE_EPOCH ({epoch[:40]!r}) must be a whole number of seconds since 1970-01-01 UTC"
        )
    return int(epoch)


def _date(repo: Path) -> str:
    return dt.datetime.fromtimestamp(source_date_epoch(repo), dt.UTC).date().isoformat()


def _git(repo: Path, *arguments: str) -> str:
    try:
        result = subprocess.run(["git", *arguments], cwd=repo, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return result.stdout.strip()
