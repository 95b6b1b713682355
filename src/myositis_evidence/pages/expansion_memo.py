"""Pages' expanded Markdown, kept between builds so an unchanged page is not expanded again.

A page's expansion (its shortcodes replaced, its rendered HTML set aside in a stash) depends only on the
page's Markdown, on where and how it is shown (its path, the site root's relative address, its language,
whether it is for patients, its front matter's length, which error messages count lines from) and on the
results, the data and this package's code. The file is named after the build's input key, which covers all
of the last three (and the chart renderer's version), so an entry under it is looked up by the SHA-256 of the
rest. A build whose pages are all found here needs neither the dataset nor the results. A page that fails is
never kept. Only the latest entry of each page is written back, so the file never outgrows the site.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple


class Expansion(NamedTuple):
    """A page's expanded Markdown and the HTML its stash tokens stand for, in order."""

    markdown: str
    kept: tuple[str, ...]


class PageSource(NamedTuple):
    """Everything about a page that its expansion depends on, beside the build's inputs."""

    page: str  # its source path, "docs/…", which error messages name
    site_root: str
    language: str
    plain_language: bool
    line_offset: int
    markdown: str

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass
class ExpansionMemo:
    """Expansions by page-source digest for one input key, read from and written to the project's cache."""

    path: Path
    known: dict[str, Expansion] = field(default_factory=dict)
    latest: dict[str, str] = field(default_factory=dict)  # page: digest of its source in this build
    changed: bool = False

    @classmethod
    def load(cls, cache_dir: Path, inputs_key: str) -> ExpansionMemo:
        """The memo for this input key; empty if there is none or it cannot be read."""
        path = cache_dir / "page-expansions" / f"{inputs_key}.json"
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            known = {digest: Expansion(markdown, tuple(kept)) for digest, (markdown, kept) in stored.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            known = {}
        if not all(
            isinstance(markdown, str) and all(isinstance(html, str) for html in kept)
            for markdown, kept in known.values()
        ):
            known = {}
        return cls(path, known)

    def get(self, source: PageSource) -> Expansion | None:
        digest = source.digest()
        self.latest[source.page] = digest
        return self.known.get(digest)

    def put(self, source: PageSource, expansion: Expansion) -> None:
        digest = source.digest()
        self.known[digest] = expansion
        self.latest[source.page] = digest
        self.changed = True

    def save(self) -> None:
        """After a build that expanded a page anew: write each page's latest entry (replacing the memos of
        other input keys)."""
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for old in self.path.parent.glob("*.json"):
            if old != self.path:
                old.unlink(missing_ok=True)
        entries = {digest: self.known[digest] for digest in self.latest.values() if digest in self.known}
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(entries, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        temporary.replace(self.path)
        self.changed = False
