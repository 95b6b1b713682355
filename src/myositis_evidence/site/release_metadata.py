"""The files that say which release a build is: the data package descriptor and CITATION.cff with the
version and release date.

The repository's CITATION.cff names neither (a commit is not a release); the copy at each release's root
adds `version` and `date-released` from the build, so a reader who saves it cites the release they read.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from myositis_evidence.pages.file_links import DOWNLOADS
from myositis_evidence.site.build_info import BuildInfo
from myositis_evidence.site.publishing import json_file

CITATION_FILE = "CITATION.cff"


DATAPACKAGE = f"{DOWNLOADS}/datapackage.json"


def release_files(root: Path, build: BuildInfo, downloads: dict[str, str]) -> dict[str, str]:
    """The descriptor (from the downloads, downloads.datapackage) and CITATION.cff for this build, by path
    under the site root."""
    files = {DATAPACKAGE: stamped_datapackage(downloads[DATAPACKAGE], build)}
    source = root / CITATION_FILE
    if source.is_file():
        files[CITATION_FILE] = stamped_citation(source.read_text(encoding="utf-8"), build)
    return files


def stamped_datapackage(descriptor: str, build: BuildInfo) -> str:
    """The data package descriptor with the build's `version` (the release, or "dev") and `created` (its
    date, RFC 3339 full-date)."""
    return json_file(json.loads(descriptor) | {"version": build.version or "dev", "created": build.date})


def stamped_citation(text: str, build: BuildInfo) -> str:
    """CITATION.cff with the release's `version` and `date-released` (a development build: unchanged).

    Appended as two top-level keys, so the file's own wording and order stay as written; a file that already
    names them is refused rather than given two values for one key.
    """
    if not build.version:
        return text
    present = set(yaml.safe_load(text) or {})
    doubled = sorted(present & {"version", "date-released"})
    if doubled:
        raise ValueError(
            f"{CITATION_FILE} already names {', '.join(doubled)}: each release adds them to its own copy"
        )
    return text.rstrip("\n") + f'\nversion: "{build.version}"\ndate-released: {build.date}\n'
