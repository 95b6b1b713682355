"""Write the files the pages link to into the built site: downloads, citations and the Vega bundle.

A build is written into a staging folder beside the last good site (site/staging.py), so each of these
hundreds of small files would be created anew on every build, which costs far more than the writing itself. A
file whose bytes are the same as in the last good site is linked to that file instead (a second name for the
same bytes, which the last good site gives up when the staged build replaces it); the comparison is byte for
byte, so what is published is always exactly what this build made.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from myositis_evidence.site.staging import last_good


def publish_files(site_dir: Path, files: dict[str, str]) -> int:
    """Write every file (by its path under the site root) under site_dir; return how many."""
    previous = last_good(site_dir)
    for relative, content in sorted(files.items()):
        write_if_changed(site_dir / relative, content, None if previous is None else previous / relative)
    return len(files)


def write_if_changed(path: Path, content: str, previous: Path | None = None) -> None:
    """Write a file only when its content differs, so `mkdocs serve` is not sent into a rebuild loop; when
    `previous` (the file in the last good site) holds the same bytes, link to it instead of writing a copy."""
    data = content.encode("utf-8")
    if path.is_file():
        if path.read_bytes() == data:
            return
        path.unlink()  # never write into a file that may share its bytes with the last good site
    path.parent.mkdir(parents=True, exist_ok=True)
    if previous is not None and _same_bytes(previous, data):
        try:
            os.link(previous, path)
            return
        except OSError:  # a file system without links: write the copy
            pass
    path.write_bytes(data)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and not path.is_symlink() and path.read_bytes() == data
    except OSError:
        return False


def json_file(data: object) -> str:
    """A JSON file as the site publishes them all: UTF-8, indented, keys sorted, ending in a line break."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
