"""Write the files the pages link to into the built site: downloads, citations and the Vega bundle."""

from __future__ import annotations

from pathlib import Path


def publish_files(site_dir: Path, files: dict[str, str]) -> int:
    """Write every file (by its path under the site root) under site_dir; return how many."""
    for relative, content in sorted(files.items()):
        write_if_changed(site_dir / relative, content)
    return len(files)


def write_if_changed(path: Path, content: str) -> None:
    """Write a file only when its content differs, so `mkdocs serve` is not sent into a rebuild loop."""
    if path.is_file() and path.read_text(encoding="utf-8") == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
