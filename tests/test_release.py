"""End to end with the real site: a release of the project's own sources, built strictly with mike's plugin,
checked, committed by mike and pushed to a bare origin in a temporary folder.

The rules that keep a published version unchanged whoever releases it (fresh clones, moved tags, races, latest
on the highest version) are tested with a small stand-in site in tests/test_release_from_anywhere.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT, copy_site_sources
from myositis_evidence.project import Project
from myositis_evidence.site.anchors import content_anchors, load_published
from myositis_evidence.site.fixity import MANIFEST, archive_path
from myositis_evidence.site.release import release, verify_published

pytestmark = pytest.mark.build

SITE_URL = "https://evidence-maintainers.github.io/myositis-evidence/"


def prepare_first_release(repo: Path) -> None:
    """What the maintainers do before tagging 1.0: replace the About pages' box of placeholders and the
    sentence after it with their details, and give the version its changelog section (a release refuses both
    otherwise, site/release_readiness.py)."""
    details = {
        "docs/about.md": (
            r'!!! warning "To be completed by the maintainers".*?conflict of interest\.\n',
            "Named.",
        ),
        "docs/about.ja.md": (r'!!! warning "管理者が記入する欄".*?示していません。\n', "記入済み。"),
    }
    for about, (box, filled) in details.items():
        path = repo / about
        text = re.sub(box, filled + "\n", path.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"\*\*\[Maintainers: [^]]*\]\*\*|\*\*［管理者の記入欄：[^］]*］\*\*", filled, text)
        path.write_text(text, encoding="utf-8")
    changelog = repo / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    changelog.write_text(
        text.replace("## Unreleased\n", "## 1.0\n\n- First release.\n\n## Unreleased\n", 1), "utf-8"
    )


def _git(repo: Path, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=repo, check=True, capture_output=True, text=True).stdout


def _page(repo: Path, path: str) -> str:
    return _git(repo, "show", f"origin/gh-pages:{path}")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of a bare origin holding the project's site sources, with release 1.0 published to it."""
    root = tmp_path_factory.mktemp("release")
    origin = root / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    repo = root / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(repo)], check=True, capture_output=True)
    copy_site_sources(repo)
    prepare_first_release(repo)
    shutil.copy2(PROJECT_ROOT / ".gitignore", repo / ".gitignore")
    _git(repo, "config", "user.name", "Release test")
    _git(repo, "config", "user.email", "release-test@example.invalid")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "Content for v1.0")
    _git(repo, "tag", "v1.0")
    _git(repo, "push", "-q", "origin", "main", "v1.0")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", SITE_URL)
        released = release("1.0", repo=repo, push=True)
    assert (released.version, released.latest, released.changes.since) == ("1.0", "1.0", None)
    return repo


def test_the_release_is_published_with_latest_and_the_root_redirect(repo):
    versions = {entry["version"]: entry["aliases"] for entry in json.loads(_page(repo, "versions.json"))}
    assert versions == {"1.0": ["latest"]}
    assert _git(repo, "rev-parse", "origin/gh-pages:latest") == _git(repo, "rev-parse", "origin/gh-pages:1.0")
    assert 'href="latest/"' in _page(repo, "index.html")


def test_release_pages_show_their_version_and_address(repo):
    page = _page(repo, "1.0/studies/ivig-2003/findings/index.html")
    assert "This page: version 1.0" in page
    assert '"provider":"mike"' in page.replace(" ", "")  # Material's version selector is configured
    assert SITE_URL + "1.0/studies/ivig-2003/findings/" in page
    assert "example.org" not in page


def test_the_changelog_page_says_this_is_the_first_release(repo):
    page = _page(repo, "1.0/changelog/index.html")
    assert '<div class="ev-release-changes"><p>Version 1.0 is the first release' in page
    assert json.loads(_page(repo, "1.0/release-changes.json")) == {
        "changes": [],
        "since": None,
        "version": "1.0",
    }


def test_the_published_folder_matches_its_manifest_and_zip(repo):
    assert verify_published(repo, "1.0") == []
    listed = {line.split("  ", 1)[1] for line in _page(repo, f"1.0/{MANIFEST}").splitlines()}
    tree = set(_git(repo, "ls-tree", "-r", "--name-only", "origin/gh-pages", "1.0/").split())
    assert {f"1.0/{name}" for name in listed} == tree - {f"1.0/{MANIFEST}", f"1.0/{archive_path('1.0')}"}


def test_every_registered_anchor_is_in_the_release(repo):
    published = load_published(Project(PROJECT_ROOT).published_anchors)
    assert published, "no published anchors are recorded"
    for address, anchors in published.items():
        html = _page(repo, f"1.0/{address}index.html")
        assert set(anchors) <= set(content_anchors(html)), address
