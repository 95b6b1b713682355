"""End to end: two releases with mike into a temporary repository; the first never changes afterwards."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT, copy_site_sources
from myositis_evidence.project import Project
from myositis_evidence.site.anchors import content_anchors, load_published
from myositis_evidence.site.release import ReleaseError, release

pytestmark = pytest.mark.build


def _git(repo: Path, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=repo, check=True, capture_output=True, text=True).stdout


def _commit_and_tag(repo: Path, tag: str) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", f"Content for {tag}")
    _git(repo, "tag", tag)


def _tree(repo: Path, folder: str) -> str:
    """Every file of a published folder with its blob hash: equal output means byte-identical files."""
    return _git(repo, "ls-tree", "-r", "gh-pages", folder)


def _page(repo: Path, path: str) -> str:
    return _git(repo, "show", f"gh-pages:{path}")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository holding the project's site sources, with releases 1.0 and 1.1 published."""
    repo = tmp_path_factory.mktemp("repo")
    copy_site_sources(repo)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.name", "Release test")
    _git(repo, "config", "user.email", "release-test@example.invalid")
    _commit_and_tag(repo, "v1.0")
    release("1.0", repo=repo)
    (repo / "first-release-tree.txt").write_text(_tree(repo, "1.0"), encoding="utf-8")
    glossary = repo / "docs" / "glossary.md"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + "\nA later wording of the glossary.\n", "utf-8"
    )
    _commit_and_tag(repo, "v1.1")
    release("1.1", repo=repo)
    return repo


def test_first_release_is_unchanged_by_the_second(repo):
    assert _tree(repo, "1.0") == (repo / "first-release-tree.txt").read_text(encoding="utf-8")
    assert "A later wording" not in _page(repo, "1.0/glossary/index.html")
    assert "A later wording" in _page(repo, "1.1/glossary/index.html")


def test_versions_latest_alias_and_root_redirect(repo):
    versions = {entry["version"]: entry["aliases"] for entry in json.loads(_page(repo, "versions.json"))}
    assert versions == {"1.1": ["latest"], "1.0": []}
    assert "A later wording" in _page(repo, "latest/glossary/index.html")
    assert "latest/" in _page(repo, "index.html")  # the root redirects to latest


def test_release_pages_show_version_and_point_canonical_to_latest(repo):
    page = _page(repo, "1.0/studies/ivig-2003/findings/index.html")
    assert "This page: version 1.0" in page
    assert (
        '<link rel="canonical" href="https://example.org/myositis-evidence/latest/studies/ivig-2003/findings/">'
        in page
    )
    assert '"version": "1.0"' in page or '"version":"1.0"' in page
    assert '"provider":"mike"' in page.replace(" ", "")  # Material's version selector is configured


def test_an_existing_version_is_never_overwritten(repo):
    before = _tree(repo, "1.1")
    with pytest.raises(
        ReleaseError, match=r"version 1\.1 is already published on 'gh-pages' and a release never changes"
    ):
        release("1.1", repo=repo)
    assert _tree(repo, "1.1") == before


def test_releases_are_cut_from_tags(repo):
    with pytest.raises(ReleaseError, match=r"HEAD is not tagged v1\.2"):
        release("1.2", repo=repo)
    with pytest.raises(ReleaseError, match=r"must look like X\.Y"):
        release("1.2.3", repo=repo)


def test_every_registered_anchor_is_in_both_releases(repo):
    published = load_published(Project(PROJECT_ROOT).published_anchors)
    assert published, "no published anchors are recorded"
    for version in ("1.0", "1.1"):
        for address, anchors in published.items():
            html = _page(repo, f"{version}/{address}index.html")
            assert set(anchors) <= set(content_anchors(html)), (version, address)
