"""The policies of pages already read and found safe, kept between builds so an unchanged page is not read again.

Reading a whole page for the security check (csp.checked_policy) is the largest part of a warm build. Its
outcome depends only on the page's bytes, on what the page is judged against (the templates' scripts: see
csp.scripts_fingerprint) and on the checking code, so it is kept under those: an entry holds the policy of one
page that passed, under the SHA-256 of the page and of the scripts' fingerprint; the file is named after the
build's input key, which covers this package's source and data/, so new checking code starts afresh. A page
that fails is never kept, and every other page is read in full. Only the latest entry of each page is written
back, so the file never outgrows the site.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class PolicyMemo:
    """Policies by page digest for one input key, read from and written to the project's cache."""

    path: Path
    known: dict[str, str] = field(default_factory=dict)
    latest: dict[str, tuple[str, str]] = field(default_factory=dict)  # page name: (digest, policy)

    @classmethod
    def load(cls, cache_dir: Path, inputs_key: str) -> PolicyMemo:
        """The memo for this input key; empty if there is none or it cannot be read."""
        path = cache_dir / "page-policies" / f"{inputs_key}.json"
        try:
            known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        if not isinstance(known, dict) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in known.items()
        ):
            known = {}
        return cls(path, known)

    def policy(
        self, page: str, html: str, judged_against: str, allow_eval: bool, check: Callable[[], str]
    ) -> str:
        """The policy kept for this page's bytes, or check()'s (which raises on an unsafe page), kept."""
        digest = self.digest(html, judged_against, allow_eval)
        found = self.kept(page, digest)
        if found is None:
            found = check()
            self.keep(page, digest, found)
        return found

    @staticmethod
    def digest(html: str, judged_against: str, allow_eval: bool) -> str:
        """A page's key: its bytes, what it is judged against and whether it may evaluate code."""
        return hashlib.sha256(f"{judged_against}\0{allow_eval}\0".encode() + html.encode("utf-8")).hexdigest()

    def kept(self, page: str, digest: str) -> str | None:
        """The policy kept under digest (then the page's latest entry), or None if the page is new."""
        found = self.known.get(digest)
        if found is not None:
            self.latest[page] = (digest, found)
        return found

    def keep(self, page: str, digest: str, policy: str) -> None:
        """The policy of a page that passed, kept under its digest."""
        self.known[digest] = policy
        self.latest[page] = (digest, policy)

    def save(self) -> None:
        """Write each page's latest entry (replacing the memos of other input keys)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for old in self.path.parent.glob("*.json"):
            if old != self.path:
                old.unlink(missing_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(dict(self.latest.values()), sort_keys=True), encoding="utf-8")
        temporary.replace(self.path)
