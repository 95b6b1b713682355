r"""A committed corpus of malformed inputs: each stops the check with one exact, actionable message.

Each folder in tests/malformed/ holds a case.yml: the real files it starts from, the edits to apply, and
what must happen. The test copies data/ (and the one page the case names) to a temporary folder, applies the
edits and runs the check that `python -m myositis_evidence check` runs. Edits:

- `replace: {old: ..., new: ...}` (old must occur), `append: text`, `write: text` (whole file),
- `replace_pattern: {pattern: ..., new: ...}`: the first match of a regular expression (`(?m)` for lines;
  `new` may use `\g<1>`), so a case finds its target by its shape, not by a value that later data changes,
- `write_bytes_hex: ...` (whole file, for bytes that are not UTF-8), `append_bytes_hex`, `prepend_bytes_hex`,
- `create: text` (a new file, in a new folder if need be), `symlink: target` (a new symbolic link).

Expectations (`expect:`): `error` (DataError or ShortcodeError) with the exact `message` as the CLI prints it
after "error: " (paths relative to the project, as for the real data); or an `outcome`: `valid` (the input is
accepted), `unchanged` (the page comes out exactly as it went in) or `escaped` (the `present` strings are in
the page, and no raw `<script` or `<img`); or `build_error`, a fault that only the finished page shows (a script
or a resource from another host in a page's HTML): the check accepts it and the build must refuse it with a
line that contains the given text. Every error case also runs the CLI's `main` in-process; those with
`cli: true` run `python -m myositis_evidence check` as a subprocess on the copy.

Every case also runs through a real `mkdocs build --strict` of an exported copy of the whole project that
imports its own package (PYTHONPATH=<copy>/src): an error case must stop it with the same one-line message and
no traceback, leaving no site; an accepted case must build.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import PROJECT_ROOT, analyse, copy_data, copy_site_sources, mkdocs_build
from myositis_evidence.cli import expand_pages, main
from myositis_evidence.errors import EvidenceError

CORPUS = Path(__file__).parent / "malformed"
CASES = sorted(path.parent.name for path in CORPUS.glob("*/case.yml"))
ERROR_TYPES = ("DataError", "ShortcodeError")
RAW_MARKUP = ("<script", "<img")


@dataclass(frozen=True)
class Copy:
    """The temporary copy a case runs on."""

    root: Path
    data: Path
    docs: Path
    page: str | None


def _load(name: str) -> dict[str, Any]:
    return yaml.safe_load((CORPUS / name / "case.yml").read_text(encoding="utf-8"))


def _prepare(case: dict[str, Any], root: Path) -> Copy:
    root = root.resolve()
    copy_data(root / "data")
    (root / "docs").mkdir()
    page = case.get("page")
    if page:
        target = root / page
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROJECT_ROOT / page, target)
    for edit in case["edits"]:
        _apply(root, edit)
    return Copy(root, root / "data", root / "docs", page)


def _apply(root: Path, edit: dict[str, Any]) -> None:
    relative = edit["file"]
    assert not relative.startswith(("/", "..")) and "/../" not in relative, relative  # inside the copy
    path = root / relative
    if "create" in edit or "symlink" in edit:
        _add(path, edit)
        return
    assert path.is_file(), f"{relative} is not in the copy (pages must be named by `page:`)"
    if "replace" in edit:
        old, new = edit["replace"]["old"], edit["replace"]["new"]
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}: update the case to the current file"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    elif "replace_pattern" in edit:
        pattern, new = edit["replace_pattern"]["pattern"], edit["replace_pattern"]["new"]
        text = path.read_text(encoding="utf-8")
        assert re.search(pattern, text), f"{pattern!r} matches nothing in {relative}: update the case"
        path.write_text(re.sub(pattern, new, text, count=1), encoding="utf-8")
    elif "append" in edit:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(edit["append"])
    elif "write" in edit:
        path.write_text(edit["write"], encoding="utf-8")
    elif "write_bytes_hex" in edit:
        path.write_bytes(bytes.fromhex(edit["write_bytes_hex"]))
    elif "append_bytes_hex" in edit:
        path.write_bytes(path.read_bytes() + bytes.fromhex(edit["append_bytes_hex"]))
    elif "prepend_bytes_hex" in edit:
        path.write_bytes(bytes.fromhex(edit["prepend_bytes_hex"]) + path.read_bytes())
    else:
        raise AssertionError(f"unknown edit in {relative}: {sorted(edit)}")


def _add(path: Path, edit: dict[str, Any]) -> None:
    """A file or a symbolic link that the real data does not have."""
    assert not path.exists() and not path.is_symlink(), f"{path} already exists: the case cannot add it"
    path.parent.mkdir(parents=True, exist_ok=True)
    if "create" in edit:
        path.write_text(edit["create"], encoding="utf-8")
    else:
        path.symlink_to(edit["symlink"])


def _check(copy: Copy) -> dict[str, str]:
    registry, dataset = analyse(copy.data)
    return expand_pages(copy.docs, registry, dataset)


def _relative(message: str, copy: Copy) -> str:
    """Messages name files in the copy by absolute path; show them as the real files are shown."""
    return message.replace(f"{copy.root}/", "")


# ---- the corpus ------------------------------------------------------------------------------------------


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30, CASES


@pytest.mark.parametrize("name", CASES)
def test_malformed_input(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = _load(name)
    copy = _prepare(case, tmp_path)
    expect = case["expect"]
    if "error" in expect:
        _assert_error(copy, expect, capsys)
    elif "build_error" in expect:
        _check(copy)  # the check reads data and pages only: it accepts what only a finished page shows
    else:
        _assert_outcome(copy, expect)


def _assert_error(copy: Copy, expect: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    assert expect["error"] in ERROR_TYPES, expect["error"]
    with pytest.raises(EvidenceError) as caught:  # any other exception fails the test with its traceback
        _check(copy)
    message = _relative(str(caught.value), copy)
    assert type(caught.value).__name__ == expect["error"], message
    assert "Traceback" not in message
    assert "\n" not in message, "the message must be one line"
    assert message == expect["message"]
    code = main(["check", "--data", str(copy.data), "--docs", str(copy.docs)])
    printed = capsys.readouterr()
    assert (code, _relative(printed.err, copy), printed.out) == (1, f"error: {message}\n", "")


def _assert_outcome(copy: Copy, expect: dict[str, Any]) -> None:
    pages = _check(copy)
    if expect["outcome"] == "valid":
        return
    assert copy.page, "this outcome needs a page"
    output = pages[copy.page]
    if expect["outcome"] == "unchanged":
        assert output == (copy.root / copy.page).read_text(encoding="utf-8")
    elif expect["outcome"] == "escaped":
        for text in expect["present"]:
            assert text in output, text
        for markup in RAW_MARKUP:
            assert markup not in output.lower(), markup
    else:
        raise AssertionError(f"unknown outcome {expect['outcome']!r}")


# ---- the real command line on a few cases ----------------------------------------------------------------

CLI_CASES = [name for name in CASES if _load(name).get("cli")]


def test_some_cases_run_the_real_cli() -> None:
    assert len(CLI_CASES) >= 3, CLI_CASES


@pytest.mark.parametrize("name", CLI_CASES)
def test_cli_prints_one_line_and_exits_1(name: str, tmp_path: Path) -> None:
    case = _load(name)
    copy = _prepare(case, tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "myositis_evidence",
            "check",
            "--data",
            str(copy.data),
            "--docs",
            str(copy.docs),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr
    assert _relative(result.stderr, copy) == f"error: {case['expect']['message']}\n"
    assert result.stdout == ""


# ---- every case through a real build of an exported copy -------------------------------------------------


@pytest.mark.build
@pytest.mark.parametrize("name", CASES)
def test_a_real_build_of_an_exported_copy_agrees(name: str, tmp_path: Path) -> None:
    case = _load(name)
    project = copy_site_sources(tmp_path / "project")
    for edit in case["edits"]:
        _apply(project, edit)
    site = tmp_path / "site"
    result = mkdocs_build(project, site, PYTHONPATH=str(project / "src"))
    expect = case["expect"]
    assert "Traceback" not in result.stderr, result.stderr
    if "error" in expect or "build_error" in expect:
        assert result.returncode == 1, result.stderr[-2000:]
        wanted = expect.get("message") or expect["build_error"]
        errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
        assert any(wanted in line for line in errors), "\n".join(errors)
        assert not site.exists(), "a failed build must not leave a site"
    else:
        assert result.returncode == 0, result.stderr[-2000:]
