"""Write the files the pages link to into the built site: downloads and the on-demand Vega bundle."""

from __future__ import annotations

from pathlib import Path

from .downloads import all_files
from .loading import StudyData
from .results import Registry
from .vega_bundle import VEGA_BUNDLE, vega_bundle


def publish_files(
    site_dir: Path, registry: Registry, studies: dict[str, StudyData], extra: dict[str, str] | None = None
) -> int:
    """Write every download, the Vega bundle and any extra files under site_dir; return how many."""
    files = {**_downloads(registry, studies), VEGA_BUNDLE: vega_bundle(), **(extra or {})}
    for relative, content in sorted(files.items()):
        write_if_changed(site_dir / relative, content)
    return len(files)


_last: list[tuple[Registry, dict[str, StudyData], dict[str, str]]] = []


def _downloads(registry: Registry, studies: dict[str, StudyData]) -> dict[str, str]:
    """all_files, reused while the results are the same objects (`mkdocs serve` rebuilds, the i18n pass)."""
    if not _last or _last[0][0] is not registry or _last[0][1] is not studies:
        _last[:] = [(registry, studies, all_files(registry, studies))]
    return _last[0][2]


def write_if_changed(path: Path, content: str) -> None:
    """Write a file only when its content differs, so `mkdocs serve` is not sent into a rebuild loop."""
    if path.is_file() and path.read_text(encoding="utf-8") == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
