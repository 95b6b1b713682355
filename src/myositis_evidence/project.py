"""Where a project's files are: every path follows the `mkdocs.yml` being built (or the folder a command is
run in), never the location the package is installed from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """A project folder: `mkdocs.yml`, `docs/`, `data/` and the build cache `.cache/`."""

    root: Path

    @classmethod
    def from_config_file(cls, config_file: str | Path) -> Project:
        """The project whose `mkdocs.yml` is config_file."""
        return cls(Path(config_file).resolve().parent)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache"

    @property
    def published_anchors(self) -> Path:
        """The pages and anchors every release has published (see site/anchors.py)."""
        return self.data_dir / "site" / "published-anchors.json"

    @property
    def anchor_aliases(self) -> Path:
        return self.data_dir / "site" / "anchor-aliases.yml"
