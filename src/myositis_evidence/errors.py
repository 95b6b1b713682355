"""Errors that stop the build with a message a maintainer can act on."""

from __future__ import annotations

from pathlib import Path


def display_path(path: Path) -> str:
    """The path relative to the working folder (a project's root when building it) where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the folder; or a loop of symbolic links
        return str(path)


class EvidenceError(Exception):
    """Base class: every error the project raises on bad input."""


class DataError(EvidenceError):
    """A data file is malformed or holds an impossible value.

    The message names the file, the line (or row) and field where known, what is wrong and how to fix it.
    """

    def __init__(
        self, path: Path, problem: str, *, line: int | None = None, field: str | None = None, fix: str = ""
    ) -> None:
        self.path, self.line, self.field, self.problem, self.fix = path, line, field, problem, fix
        super().__init__(self._message())

    def _message(self) -> str:
        where = display_path(self.path)
        if self.line is not None:
            where += f", line {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        text = f"{where}: {self.problem}"
        return f"{text}. Fix: {self.fix}" if self.fix else text


class ShortcodeError(EvidenceError):
    """A page holds an unknown, malformed or unclosed shortcode."""

    def __init__(self, page: str, line: int, problem: str) -> None:
        self.page, self.line, self.problem = page, line, problem
        super().__init__(f"{page}, line {line}: {problem}")


class DerivationError(EvidenceError):
    """A derived result cannot be computed from its inputs (for example, a percent change from 0)."""

    def __init__(self, result_id: str, inputs: tuple[str, ...], problem: str) -> None:
        self.result_id, self.inputs, self.problem = result_id, inputs, problem
        super().__init__(f"cannot derive '{result_id}' from {', '.join(inputs)}: {problem}")
