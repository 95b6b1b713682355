"""What a release must not freeze: content still waiting for the maintainers, and a version without its entry
in the changelog.

A published version never changes, so whatever it carries stays: the About page's marked placeholders (who
maintains the site, its funding, conflicts of interest, where to report errors) would be frozen into every
page that cites the site's authors, and a changelog that files the release under "Unreleased" would say so for
good. Both are read from the built release, which is what would be published.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# The marks the About pages put on what the maintainers must fill in (docs/about.md, docs/about.ja.md): the
# placeholders, the box that holds them and the sentence after it, which would contradict filled-in details.
PLACEHOLDER_MARKS = (
    "[Maintainers:",
    "To be completed by the maintainers",
    "Until these are filled in",
    "［管理者の記入欄",
    "管理者が記入する欄",
    "これらが記入されるまで",
)
CHANGELOG_PAGE = Path("changelog") / "index.html"
VERSION_FILE = Path("downloads") / "datapackage.json"


def unfinished_content(site: Path) -> list[str]:
    """Problems with the built release in site: a page that still holds a placeholder (one per page), and a
    changelog without a section for the release's version."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        found = next((mark for mark in PLACEHOLDER_MARKS if mark in text), None)
        if found is not None:
            line = text[: text.index(found)].count("\n") + 1
            problems.append(
                f"{page.relative_to(site).as_posix()} line {line}: a placeholder for the maintainers "
                f"('{found}…') is still there; a release would freeze it, so fill it in first"
            )
    problems += _changelog_problems(site)
    return problems


def _changelog_problems(site: Path) -> list[str]:
    version = json.loads((site / VERSION_FILE).read_text(encoding="utf-8")).get("version", "")
    changelog = site / CHANGELOG_PAGE
    if not changelog.is_file():
        return []  # a site without a changelog page has nothing to file the release under
    heading = re.compile(rf"<h2\b[^>]*>\s*{re.escape(version)}\s*(?:<|$)", re.M)
    if heading.search(changelog.read_text(encoding="utf-8")):
        return []
    return [
        f"CHANGELOG.md has no section '## {version}': say what this version changes under that heading "
        "(the 'Unreleased' section renamed) before tagging, so the published changelog names the release"
    ]
