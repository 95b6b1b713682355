"""A failed build never leaves half a site or a stale one that looks complete, and `mkdocs serve` shows the
reader the error instead of hanging."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import copy_site_sources, mkdocs_build

pytestmark = pytest.mark.build


def _fingerprint(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """A copy of the project, its good build in site/, and that build's fingerprint."""
    project = copy_site_sources(tmp_path_factory.mktemp("atomic") / "project")
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return project, site, _fingerprint(site)


def _append(path: Path, text: str) -> str:
    original = path.read_text(encoding="utf-8")
    path.write_text(original + text, encoding="utf-8")
    return original


@pytest.mark.parametrize(
    ("name", "addition", "expected"),
    [
        ("docs/compare.md", "\n<!-- md:value no.such.id -->\n", "docs/compare.md, line"),  # a page, late
        ("data/ivig-2003/quotes.yml", "\n- {id: orphan, source: no-such-source, text: abc}\n", "quotes.yml"),
        ("docs/glossary.md", "\n[a link to nowhere](no-such-page.md)\n", "no-such-page.md"),  # strict warning
    ],
    ids=["page-error", "data-error", "strict-warning"],
)
def test_a_failed_build_leaves_the_last_good_site_whole(built_copy, name, addition, expected):
    project, site, good = built_copy
    original = _append(project / name, addition)
    try:
        result = mkdocs_build(project, site)
    finally:
        (project / name).write_text(original, encoding="utf-8")
    assert result.returncode == 1 and expected in result.stderr, result.stderr
    assert _fingerprint(site) == good
    assert not (project / "site.building").exists()


def test_a_good_build_replaces_the_site_whole(built_copy):
    project, site, good = built_copy
    (site / "left-over.html").write_text("from an older build", encoding="utf-8")
    assert mkdocs_build(project, site).returncode == 0
    assert _fingerprint(site) == good


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _wait_for(url: str, predicate, seconds: float = 90) -> tuple[int, str]:
    deadline, last = time.monotonic() + seconds, (0, "")
    while time.monotonic() < deadline:
        try:
            last = _get(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            last = (0, "")
        if predicate(*last):
            return last
        time.sleep(0.5)
    raise AssertionError(f"gave up waiting for {url}: last answer {last[0]} {last[1][:300]}")


def test_serve_shows_the_error_and_then_the_fixed_site(tmp_path):
    project = copy_site_sources(tmp_path / "project")
    port = _free_port()
    # `mkdocs serve` mounts the site at the path of site_url (the placeholder's /myositis-evidence/).
    url = f"http://127.0.0.1:{port}/myositis-evidence/studies/ivig-2003/findings/"
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("mkdocs")), "serve", "--strict", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    page = project / "docs/studies/ivig-2003/findings.md"
    try:
        _wait_for(url, lambda status, body: status == 200 and "1287.4" in body)
        original = _append(page, "\n<!-- md:value no.such.id -->\n")
        status, body = _wait_for(url, lambda status, body: "could not be built" in body)
        assert status == 404
        assert "docs/studies/ivig-2003/findings.md, line" in body and "no.such.id" in body
        assert "1287.4" not in body  # the stale page is not served
        page.write_text(original, encoding="utf-8")
        _wait_for(url, lambda status, body: status == 200 and "1287.4" in body)
    finally:
        server.terminate()
        server.wait(timeout=30)
