"""Checks on a page's own source files before the engine reads them: every file a page is built from lies
inside the project (no symlink reaches out to the build machine), every snippet it includes exists, every
notebook is valid JSON, and its `reviewed:` date is a real date that has come."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import yaml

from myositis_evidence.dataset.dates import parse_review_date
from myositis_evidence.dataset.files import require_inside as data_require_inside
from myositis_evidence.errors import DataError, ShortcodeError

# pymdownx.snippets: `--8<-- "file"` on a line, or a block of file names between two `--8<--` lines.
SNIPPET_LINE = re.compile(r"""^\s*-+8<-+\s+(["'])(?P<name>[^"']+)\1\s*$""")
SNIPPET_FENCE = re.compile(r"^\s*-+8<-+\s*$")


class SourceError(ShortcodeError):
    """A page's source, or a file it includes, cannot be used as it is (line 0: the page as a whole)."""

    def __init__(self, page: str, line: int, problem: str) -> None:
        super().__init__(page, line, problem)
        if not line:
            self.args = (f"{page}: {problem}",)

    def __str__(self) -> str:
        return str(self.args[0])


def require_inside(path: Path, root: Path, page: str, line: int = 0) -> Path:
    """The path, resolved; a SourceError naming the page (and line) when it, through any symlink, lies
    outside the project root."""
    try:
        return data_require_inside(path, root)
    except DataError as error:
        raise SourceError(page, line, f"'{path.name}' {error.problem}; {error.fix}") from None


MAX_SNIPPET_DEPTH = 4  # pymdownx.snippets follows snippets inside snippets; so does this check


def check_snippets(
    markdown: str, page: str, base: Path, root: Path, line_offset: int = 0, depth: int = 0
) -> None:
    """Every snippet the page includes, and every snippet those include, exists under base and lies inside
    the project root (no symlink may bring in the build machine's files)."""
    in_block = False
    for number, line in enumerate(markdown.split("\n"), start=1 + line_offset):
        if SNIPPET_FENCE.match(line):
            in_block = not in_block
            continue
        match = SNIPPET_LINE.match(line)
        name = match.group("name") if match else (line.strip() if in_block and line.strip() else None)
        if name is None:
            continue
        target = base / name.split(":", 1)[0]  # "CHANGELOG.md:changes" names a section of a file
        if not target.is_file():
            raise SourceError(page, number, f"the snippet '{name}' does not exist under {base.name or '.'}/")
        resolved = require_inside(target, root, page, number)
        if depth >= MAX_SNIPPET_DEPTH:
            raise SourceError(page, number, f"snippets nest more than {MAX_SNIPPET_DEPTH} deep at '{name}'")
        included = resolved.read_text(encoding="utf-8", errors="replace")
        check_snippets(included, f"{page} (through {name})", base, root, depth=depth + 1)


def check_notebook(path: Path, page: str) -> None:
    """A notebook must be valid JSON: the notebook plugin would otherwise stop with a traceback."""
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise SourceError(page, 0, "is not valid UTF-8") from None
    except json.JSONDecodeError as error:
        raise SourceError(page, error.lineno, f"is not a valid notebook ({error.msg})") from None


def review_date(value: object, page: str) -> dt.date:
    """The page's `reviewed:` date: written YYYY-MM-DD, a real calendar date, not in the future."""
    if value is None:
        raise SourceError(
            page, 0, "front matter lacks 'reviewed: YYYY-MM-DD' (every page shows when it was last reviewed)"
        )
    # YAML reads an unquoted 2026-11-22 as a date; anything else stays as it was written.
    text = value.isoformat() if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else value
    try:
        return parse_review_date(text if isinstance(text, str) else repr(text))
    except ValueError as error:
        raise SourceError(page, 0, f"front matter 'reviewed': {error}") from None


# The front matter as MkDocs reads it (mkdocs.utils.meta), which then drops the blank lines after it.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def is_plain_language(source: str) -> bool:
    """Whether a page's front matter marks it a plain-language page (`plain_language: true`), as MkDocs reads
    it; used where pages are expanded without MkDocs (`python -m myositis_evidence check`)."""
    match = FRONT_MATTER.match(source)
    if match is None:
        return False
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return False  # MkDocs ignores front matter it cannot read; so does this
    return isinstance(meta, dict) and bool(meta.get("plain_language"))


def front_matter_lines(source: str) -> int:
    """How many lines of a page's source come before the Markdown the engine passes on: the front matter and
    the blank lines after it, so that a message can name the line in the file."""
    match = FRONT_MATTER.match(source)
    if match is None:
        return 0
    rest = source[match.end() :]
    return match.group(0).count("\n") + len(rest) - len(rest.lstrip("\n"))
