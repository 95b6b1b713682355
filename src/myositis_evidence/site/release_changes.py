"""What changed since the previous release: every result whose value differs, with the reason CHANGELOG.md gives.

At release time the results of the new build (each study's `downloads/<study>/results.json`, written by
site/downloads.py) are compared, id by id, with the same files of the previous release (the highest published
version below the new one, read from the gh-pages branch). A result counts as changed when its value (or
interval bounds), unit or displayed form differs, or when it is new or gone. Each changed id must be named in
the new version's CHANGELOG.md entry (the section `## X.Y`); the bullet that names it is the reason shown.
A number that moved without a reason stops the release.

The comparison is written into the release as data, `release-changes.json` at its root; from it the release
adds the "Changed since X.Y" table to the changelog page (in the element `docs/changelog.md` keeps for it)
and a "changed since X.Y" mark after each changed number on every page, linking to its row of that table.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from myositis_evidence.errors import EvidenceError
from myositis_evidence.pages.file_links import DOWNLOADS

CHANGES_FILE = "release-changes.json"
RESULTS_FILE = re.compile(rf"{DOWNLOADS}/[^/]+/results\.json")
# Where the changelog page keeps the table: docs/changelog.md writes this element with a line for builds
# that are not releases.
TABLE_SLOT = re.compile(r'(<div class="ev-release-changes">)(.*?)(</div>)', re.S)
CHANGELOG_PAGE = "changelog/"
# A rendered number's note link (pages/result_html.py, render_number): the result id follows "#note-".
NOTE_LINK = re.compile(r'(<sup class="ev-ref"><a href="#note-([^"]+)"[^>]*>\d+</a></sup>)')
COMPARED_FIELDS = ("value", "lower", "upper", "unit", "shown_as")
BADGE_TEXT = {"en": "changed since {since}", "ja": "バージョン {since} から変更"}


class ChangesError(EvidenceError):
    """Results changed without a reason in CHANGELOG.md."""


@dataclass(frozen=True)
class ResultChange:
    id: str
    label: str
    before: str | None  # as the previous release showed it; None for a new result
    after: str | None  # as this release shows it; None for a result that is gone
    why: str


@dataclass(frozen=True)
class ReleaseChanges:
    version: str
    since: str | None  # None for the first release
    changes: tuple[ResultChange, ...]

    def to_json(self) -> str:
        data = {"version": self.version, "since": self.since, "changes": [asdict(c) for c in self.changes]}
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ReleaseChanges:
        data = json.loads(text)
        changes = tuple(ResultChange(**change) for change in data["changes"])
        return cls(data["version"], data["since"], changes)


# ---- comparing results -----------------------------------------------------------------------------------


def results_by_id(files: Iterable[bytes | str]) -> dict[str, dict]:
    """Every result record of the results.json files, by id."""
    records: dict[str, dict] = {}
    for text in files:
        for record in json.loads(text):
            records[record["id"]] = record
    return records


def site_results(site_dir: Path) -> dict[str, dict]:
    """The result records of a built site's downloads."""
    paths = sorted(site_dir.glob(f"{DOWNLOADS}/*/results.json"))
    return results_by_id(path.read_bytes() for path in paths)


def changed_ids(before: dict[str, dict], after: dict[str, dict]) -> list[str]:
    """The ids whose value, bounds, unit or displayed form differ, and the ids new or gone, sorted."""
    return sorted(
        identifier
        for identifier in before.keys() | after.keys()
        if identifier not in before
        or identifier not in after
        or any(before[identifier].get(key) != after[identifier].get(key) for key in COMPARED_FIELDS)
    )


def changelog_entry(changelog: str, version: str) -> str | None:
    """The text of CHANGELOG.md's section for version (`## 1.1`, `## [1.1]`, `## 1.1 – 2026-12-01`)."""
    heading = re.compile(rf"^##\s+\[?v?{re.escape(version)}\]?(?:\s|$).*$", re.M)
    found = heading.search(changelog)
    if found is None:
        return None
    rest = changelog[found.end() :]
    end = re.search(r"^##\s|^<!--", rest, re.M)
    return rest[: end.start()] if end else rest


def reasons_by_id(entry: str, identifiers: Iterable[str]) -> dict[str, str]:
    """For each id, the changelog bullet (`- …` with its continuation lines) that names it."""
    bullets = [" ".join(item.split()) for item in re.split(r"^\s*[-*]\s+", entry, flags=re.M)[1:]]
    reasons = {}
    for identifier in identifiers:
        naming = re.compile(rf"(?<![\w.-]){re.escape(identifier)}(?![\w-]|\.\w)")
        reason = next((bullet for bullet in bullets if naming.search(bullet)), None)
        if reason is not None:
            reasons[identifier] = reason
    return reasons


def compare_releases(
    version: str, since: str | None, before: dict[str, dict], after: dict[str, dict], changelog: str
) -> ReleaseChanges:
    """The changes since the previous release; a ChangesError if CHANGELOG.md does not explain every one."""
    if since is None:
        return ReleaseChanges(version, None, ())
    identifiers = changed_ids(before, after)
    entry = changelog_entry(changelog, version) or ""
    reasons = reasons_by_id(entry, identifiers)
    unexplained = [identifier for identifier in identifiers if identifier not in reasons]
    if unexplained:
        where = "its entry" if entry else f"an entry '## {version}'"
        raise ChangesError(
            f"{len(unexplained)} result(s) changed since {since} with no reason in CHANGELOG.md: add {where} "
            f"naming each id and why it changed: {', '.join(unexplained[:8])}"
            + (" …" if len(unexplained) > 8 else "")
        )
    changes = tuple(
        ResultChange(
            identifier,
            (after.get(identifier) or before[identifier]).get("label", ""),
            before[identifier]["shown_as"] if identifier in before else None,
            after[identifier]["shown_as"] if identifier in after else None,
            reasons[identifier],
        )
        for identifier in identifiers
    )
    return ReleaseChanges(version, since, changes)


# ---- into the built release ------------------------------------------------------------------------------


def apply_changes(site_dir: Path, changes: ReleaseChanges) -> None:
    """Write release-changes.json, the table on the changelog page and a mark after every changed number."""
    (site_dir / CHANGES_FILE).write_text(changes.to_json(), encoding="utf-8")
    changed = {change.id for change in changes.changes if change.after is not None}
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        updated = TABLE_SLOT.sub(lambda match: match.group(1) + changes_table(changes) + match.group(3), text)
        if changed and changes.since:
            address = page.parent.relative_to(site_dir).as_posix()
            updated = mark_changed_numbers(updated, changed, changes.since, _changelog_link(address))
        if updated != text:
            page.write_text(updated, encoding="utf-8")


def _changelog_link(page_folder: str) -> str:
    """The changelog page's address relative to a page in page_folder ("." for the site root)."""
    return posixpath.relpath(CHANGELOG_PAGE, page_folder if page_folder != "." else os.curdir) + "/"


def changes_table(changes: ReleaseChanges) -> str:
    """The changelog page's table of changed results (or a line saying there are none)."""
    if changes.since is None:
        return f"<p>Version {html.escape(changes.version)} is the first release: there is nothing to compare.</p>"
    if not changes.changes:
        return (
            f"<p>No result changed between version {html.escape(changes.since)} and version "
            f"{html.escape(changes.version)}.</p>"
        )
    rows = "".join(
        f'<tr id="change-{html.escape(change.id, quote=True)}"><td><code>{html.escape(change.id)}</code>'
        f"<br>{html.escape(change.label)}</td>"
        f"<td>{_shown(change.before, 'new')}</td><td>{_shown(change.after, 'removed')}</td>"
        f"<td>{_inline_code(change.why)}</td></tr>"
        for change in changes.changes
    )
    since = html.escape(changes.since)
    return (
        f"<table><caption>Results changed since version {since}</caption>"
        f'<thead><tr><th scope="col">Result</th><th scope="col">In {since}</th>'
        f'<th scope="col">In {html.escape(changes.version)}</th><th scope="col">Why</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _shown(value: str | None, missing: str) -> str:
    return html.escape(value) if value is not None else f"<em>{missing}</em>"


def _inline_code(text: str) -> str:
    """The changelog's Markdown code spans as <code>, everything else as text."""
    parts = html.escape(text).split("`")
    return "".join(f"<code>{part}</code>" if index % 2 else part for index, part in enumerate(parts))


def mark_changed_numbers(page: str, changed: set[str], since: str, changelog_link: str) -> str:
    """After each changed number's note link, a mark linking to its row of the changelog table."""
    language = "ja" if re.search(r'<html[^>]*\blang="ja"', page) else "en"
    text = html.escape(BADGE_TEXT[language].format(since=since))

    def badge(match: re.Match[str]) -> str:
        identifier = html.unescape(match.group(2))
        if identifier not in changed:
            return match.group(1)
        target = html.escape(f"{changelog_link}#change-{identifier}", quote=True)
        return f'{match.group(1)} <a class="ev-changed" href="{target}"><mark>{text}</mark></a>'

    return NOTE_LINK.sub(badge, page)
