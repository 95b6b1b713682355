"""A published version never changes, whoever releases from wherever: a bare origin repository, clones of it,
and releases committed by mike and pushed to the origin.

The site here is a small stand-in made by a builder the release is given (one page with a number rendered as
the real pages render them, its result in a downloads file as site/downloads.py writes it, a changelog page
with the slot docs/changelog.md keeps), so that each release takes a fraction of a second; tests/test_release.py
releases the real site.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from myositis_evidence.pages.result_html import PageNotes, render_number
from myositis_evidence.results.model import Reported, Value
from myositis_evidence.site.downloads import _result_record
from myositis_evidence.site.fixity import MANIFEST, archive_path, verify_manifest
from myositis_evidence.site.release import (
    ReleaseError,
    SiteBuilder,
    build_release_site,
    release,
    verify_published,
)

SITE_URL = "https://evidence-maintainers.github.io/myositis-evidence/"
RESULT_ID = "tiny-2020.score.mean"


def _git(repo: Path, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=repo, check=True, capture_output=True, text=True).stdout


def _score(value: float) -> Value:
    quote = Reported(
        "q-score", f"the mean score was {value:g}", "Invented 2020", "https://doi.org/10.5555/tiny"
    )
    return Value(RESULT_ID, "Mean score", value, "points", 1, quote, suffix=" points")


def _tiny_build(repo: Path, site: Path, environment: dict[str, str]) -> None:
    """The stand-in site: its number comes from score.txt, its glossary from glossary.txt."""
    score = _score(float((repo / "score.txt").read_text(encoding="utf-8")))
    version = environment["SITE_VERSION"]
    pages = {
        "index.html": ("en", f"<h1 id='home'>Home</h1><p>Score: {render_number(score, PageNotes())}</p>"),
        "ja/index.html": ("ja", f"<h1 id='home'>ホーム</h1><p>{render_number(score, PageNotes())}</p>"),
        "glossary/index.html": (
            "en",
            f"<h1 id='glossary'>Glossary</h1><p>{(repo / 'glossary.txt').read_text()}</p>",
        ),
        "changelog/index.html": (
            "en",
            '<h1 id="what-changed">What changed</h1><div class="ev-release-changes">'
            "<p>Not a release.</p></div>",
        ),
    }
    for path, (language, body) in pages.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            f'<!doctype html><html lang="{language}"><body><p>This page: version {version}</p>'
            f'<article class="md-content__inner md-typeset">{body}</article></body></html>',
            encoding="utf-8",
        )
    results = site / "downloads" / "tiny-2020" / "results.json"
    results.parent.mkdir(parents=True)
    results.write_text(json.dumps([_result_record(score)], indent=2, sort_keys=True), encoding="utf-8")


TINY = SiteBuilder(_tiny_build, lambda repo, site: [])


@pytest.fixture(autouse=True)
def _site_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test says its own site address (the publishing workflow sets SITE_URL for the whole job)."""
    monkeypatch.delenv("SITE_URL", raising=False)


def _clone(origin: Path, target: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(origin), str(target)], check=True, capture_output=True)
    _git(target, "config", "user.name", "Release test")
    _git(target, "config", "user.email", "release-test@example.invalid")
    return target


def _commit_and_tag(repo: Path, tag: str, **files: str) -> None:
    for name, text in files.items():
        (repo / name).write_text(text, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "--allow-empty", "-m", f"Content for {tag}")
    _git(repo, "tag", tag)
    _git(repo, "push", "-q", "origin", "main", tag)


def _published(repo: Path) -> dict[str, list[str]]:
    text = _git(repo, "show", "origin/gh-pages:versions.json")
    return {entry["version"]: entry["aliases"] for entry in json.loads(text)}


def _remote_tree(origin: Path, folder: str) -> str:
    return _git(origin, "rev-parse", f"gh-pages:{folder}")


def _remote_file(origin: Path, path: str) -> str:
    return _git(origin, "show", f"gh-pages:{path}")


CHANGELOG_1_1 = """# Changelog
<!-- --8<-- [start:changes] -->
## 1.1

- Corrected `tiny-2020.score.mean`: the extraction took the median for the mean.
- A later wording of the glossary.

## 1.0

- First release.
<!-- --8<-- [end:changes] -->
"""


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bare origin with 1.0 (score 12.5) and 1.1 (score 13.0, explained) released from clone A."""
    root = tmp_path_factory.mktemp("published")
    origin = root / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    first = _clone(origin, root / "a")
    files = {
        "mkdocs.yml": f"site_name: Tiny\nsite_url: {SITE_URL}\n",
        ".gitignore": ".cache/\n",
        "CHANGELOG.md": "# Changelog\n\n## 1.0\n\n- First release.\n",
        "glossary.txt": "The first wording.",
        "score.txt": "12.5",
    }
    (first / "data" / "site").mkdir(parents=True)
    (first / "data" / "site" / "published-anchors.json").write_text('{"": ["home"]}', encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SITE_URL", raising=False)
        _commit_and_tag(first, "v1.0", **files)
        release("1.0", repo=first, push=True, builder=TINY)
        _commit_and_tag(
            first,
            "v1.1",
            **{"score.txt": "13.0", "glossary.txt": "A later wording.", "CHANGELOG.md": CHANGELOG_1_1},
        )
        release("1.1", repo=first, push=True, builder=TINY)
    return origin


@pytest.fixture
def own_origin(origin: Path, tmp_path: Path) -> Path:
    """A copy of the published origin for a test that publishes to it."""
    return Path(shutil.copytree(origin, tmp_path / "origin.git"))


def test_both_releases_are_published_and_latest_is_the_highest(origin, tmp_path):
    clone = _clone(origin, tmp_path / "reader")
    _git(clone, "fetch", "-q", "origin", "gh-pages")
    assert _published(clone) == {"1.1": ["latest"], "1.0": []}
    assert "12.5 points" in _remote_file(origin, "1.0/index.html")
    assert "13.0 points" in _remote_file(origin, "1.1/index.html")
    assert _remote_tree(origin, "latest") == _remote_tree(origin, "1.1")
    assert 'href="latest/"' in _remote_file(origin, "index.html")  # mike's root redirect


def test_a_fresh_clone_cannot_overwrite_a_published_version(origin, tmp_path):
    before = _remote_tree(origin, "1.0")
    clone = _clone(origin, tmp_path / "b")
    _git(clone, "checkout", "-q", "v1.0")
    with pytest.raises(ReleaseError, match=r"version 1\.0 is already published on origin's 'gh-pages'"):
        release("1.0", repo=clone, push=True, builder=TINY)
    assert _remote_tree(origin, "1.0") == before


def test_a_fresh_clone_with_the_tag_moved_cannot_overwrite_it_either(own_origin, tmp_path):
    before = _remote_tree(own_origin, "1.0")
    clone = _clone(own_origin, tmp_path / "b")
    (clone / "score.txt").write_text("99.9", encoding="utf-8")
    _git(clone, "commit", "-q", "-am", "A different number under an old version")
    _git(clone, "tag", "-f", "v1.0")
    _git(clone, "push", "-q", "--force", "origin", "v1.0")  # the tag moved on the remote too
    with pytest.raises(ReleaseError, match=r"version 1\.0 is already published on origin's"):
        release("1.0", repo=clone, push=True, builder=TINY)
    assert _remote_tree(own_origin, "1.0") == before
    assert "99.9" not in _remote_file(own_origin, "1.0/index.html")


def test_the_releasing_clone_is_refused_too(origin):
    clone_a = origin.parent / "a"
    _git(clone_a, "checkout", "-q", "v1.1")
    with pytest.raises(ReleaseError, match=r"version 1\.1 is already published on the local 'gh-pages'"):
        release("1.1", repo=clone_a, builder=TINY)


def test_a_local_branch_that_disagrees_with_the_remote_is_refused(own_origin, tmp_path):
    stale = _clone(own_origin, tmp_path / "stale")
    _git(stale, "fetch", "-q", "origin", "gh-pages:gh-pages")
    _git(stale, "update-ref", "refs/heads/gh-pages", "refs/heads/gh-pages~1")  # what it held before 1.1
    _commit_and_tag(stale, "v1.2", **{"glossary.txt": "Wording for 1.2."})
    with pytest.raises(ReleaseError, match=r"the local 'gh-pages' \(\w+\) and origin's \(\w+\) disagree"):
        release("1.2", repo=stale, push=True, builder=TINY)
    assert set(_published(stale)) == {"1.0", "1.1"}


def test_of_two_racing_releases_the_second_is_refused_at_push(own_origin, tmp_path):
    """Clones C and D release 1.2, each from its own commit, at once: both read the remote before either
    pushes. C's push lands while D builds; D's push is not a fast-forward, and is refused, not forced."""
    first, second = _clone(own_origin, tmp_path / "c"), _clone(own_origin, tmp_path / "d")
    _commit_and_tag(first, "v1.2", **{"glossary.txt": "C's wording."})
    (second / "glossary.txt").write_text("D's wording.", encoding="utf-8")
    _git(second, "commit", "-q", "-am", "D's content for 1.2")
    _git(second, "tag", "v1.2")

    def build_while_the_other_publishes(repo: Path, site: Path, environment: dict[str, str]) -> None:
        release("1.2", repo=first, push=True, builder=TINY)
        _tiny_build(repo, site, environment)

    racing = SiteBuilder(build_while_the_other_publishes, lambda repo, site: [])
    with pytest.raises(ReleaseError, match=r"origin refused 'gh-pages' .*another release reached it first"):
        release("1.2", repo=second, push=True, builder=racing)
    published = _remote_tree(own_origin, "1.2")
    assert "C's wording." in _remote_file(own_origin, "1.2/glossary/index.html")
    assert _git(second, "branch", "--list", "gh-pages").strip() == ""  # the unpublished deploy is gone
    with pytest.raises(ReleaseError, match=r"already published on origin's"):
        release("1.2", repo=second, push=True, builder=TINY)
    assert _remote_tree(own_origin, "1.2") == published


def test_latest_stays_on_the_highest_version_when_a_lower_one_is_released(own_origin, tmp_path):
    clone = _clone(own_origin, tmp_path / "e")
    _git(clone, "checkout", "-q", "-b", "maintenance", "v1.0")
    _commit_and_tag(clone, "v0.9", **{"glossary.txt": "An older line of the site."})
    release("0.9", repo=clone, push=True, builder=TINY)
    _git(clone, "fetch", "-q", "origin", "gh-pages")
    assert _published(clone) == {"1.1": ["latest"], "1.0": [], "0.9": []}
    assert _remote_tree(own_origin, "latest") == _remote_tree(own_origin, "1.1")
    assert verify_published(clone, "0.9") == []


@pytest.mark.parametrize("version", ["1.00", "01.2", "v1.2", "1.2.0", "1", "1.2 "])
def test_a_version_written_two_ways_is_refused(origin, tmp_path, version):
    clone = _clone(origin, tmp_path / "f")
    with pytest.raises(ReleaseError, match=r"is not MAJOR\.MINOR with whole numbers and no leading zeros"):
        release(version, repo=clone, builder=TINY)


def test_an_uncommitted_tree_is_refused(own_origin, tmp_path):
    clone = _clone(own_origin, tmp_path / "g")
    _commit_and_tag(clone, "v1.2", **{"glossary.txt": "Wording for 1.2."})
    (clone / "score.txt").write_text("1.0", encoding="utf-8")
    with pytest.raises(
        ReleaseError, match=r"the working tree has 1 uncommitted change\(s\) \(first: M score\.txt\)"
    ):
        release("1.2", repo=clone, builder=TINY)
    _git(clone, "checkout", "score.txt")
    (clone / "notes.md").write_text("a page that would be built", encoding="utf-8")
    with pytest.raises(ReleaseError, match=r"first: \?\? notes\.md"):
        release("1.2", repo=clone, builder=TINY)


@pytest.mark.parametrize(
    ("configured", "environment"),
    [
        ("site_url: https://example.org/myositis-evidence/", None),  # the project's default for local builds
        ("site_url: !ENV [SITE_URL, 'https://example.org/myositis-evidence/']", None),
        ("site_name: no address", None),
        (f"site_url: {SITE_URL}", "https://docs.example.com/x/"),
        (f"site_url: {SITE_URL}", "http://evidence-maintainers.github.io/myositis-evidence/"),
        (f"site_url: {SITE_URL}", "https://localhost:8000/"),
    ],
)
def test_a_placeholder_site_address_is_refused(own_origin, tmp_path, monkeypatch, configured, environment):
    clone = _clone(own_origin, tmp_path / "h")
    _commit_and_tag(clone, "v1.2", **{"mkdocs.yml": f"site_name: Tiny\n{configured}\n"})
    if environment:
        monkeypatch.setenv("SITE_URL", environment)
    with pytest.raises(ReleaseError, match=r"the site address is .* which no reader can reach"):
        release("1.2", repo=clone, builder=TINY)


def test_a_release_that_loses_a_published_anchor_is_refused(own_origin, tmp_path):
    clone = _clone(own_origin, tmp_path / "i")
    anchors = '{"": ["home"], "glossary/": ["glossary", "a-removed-term"]}'
    _commit_and_tag(clone, "v1.2", **{"data/site/published-anchors.json": anchors})
    with pytest.raises(
        ReleaseError, match=r"the first: published anchor 'glossary/#a-removed-term' is no longer"
    ):
        release("1.2", repo=clone, push=True, builder=TINY)
    assert "1.2" not in _published(clone)


def test_a_number_that_moved_without_a_reason_is_refused(own_origin, tmp_path):
    clone = _clone(own_origin, tmp_path / "j")
    _commit_and_tag(clone, "v1.2", **{"score.txt": "14.0"})
    with pytest.raises(ReleaseError, match=rf"1 result\(s\) changed since 1\.1 .*'## 1\.2'.*{RESULT_ID}"):
        release("1.2", repo=clone, push=True, builder=TINY)


def test_the_changelog_of_a_release_lists_what_changed_since_the_previous_one(origin):
    page = _remote_file(origin, "1.1/changelog/index.html")
    row = page[page.index(f'<tr id="change-{RESULT_ID}">') :]
    row = row[: row.index("</tr>")]
    assert "<td>12.5 points</td><td>13.0 points</td>" in row
    assert "the extraction took the median for the mean" in row
    assert "Results changed since version 1.0" in page
    assert "is the first release" in _remote_file(origin, "1.0/changelog/index.html")
    changes = json.loads(_remote_file(origin, "1.1/release-changes.json"))
    assert changes["since"] == "1.0"
    assert [(c["id"], c["before"], c["after"]) for c in changes["changes"]] == [
        (RESULT_ID, "12.5 points", "13.0 points")
    ]


def test_each_changed_number_carries_a_mark_linking_to_its_row(origin):
    home = _remote_file(origin, "1.1/index.html")
    assert (
        f'<a class="ev-changed" href="changelog/#change-{RESULT_ID}"><mark>changed since 1.0</mark></a>'
        in home
    )
    japanese = _remote_file(origin, "1.1/ja/index.html")
    assert f'href="../changelog/#change-{RESULT_ID}"><mark>バージョン 1.0 から変更</mark>' in japanese
    assert "ev-changed" not in _remote_file(origin, "1.0/index.html")
    assert "ev-changed" not in _remote_file(origin, "1.1/glossary/index.html")


def test_each_published_version_ships_a_manifest_and_zip_that_match_its_files(origin, tmp_path):
    clone = _clone(origin, tmp_path / "k")
    for version in ("1.0", "1.1"):
        assert verify_published(clone, version) == []
    manifest = _remote_file(origin, f"1.1/{MANIFEST}")
    listed = [line.split("  ", 1)[1] for line in manifest.splitlines()]
    assert listed == sorted(listed) and "index.html" in listed and "release-changes.json" in listed


def test_a_changed_file_fails_the_manifest(tmp_path):
    site = tmp_path / "site"
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "score.txt").write_text("1.5", encoding="utf-8")
    (tmp_path / "glossary.txt").write_text("Words.", encoding="utf-8")
    build_release_site(tmp_path, site, "2.0", SITE_URL, None, "refs/heads/none", TINY)
    assert verify_manifest(site) == []
    (site / "glossary" / "index.html").write_text("changed", encoding="utf-8")
    (site / "extra.txt").write_text("not listed", encoding="utf-8")
    (site / "index.html").unlink()
    assert verify_manifest(site) == [
        "glossary/index.html: SHA-256 differs from the manifest",
        "index.html: listed but missing",
        "extra.txt: not in the manifest",
    ]


def test_two_builds_of_one_release_give_identical_zips(origin, tmp_path):
    """The zip the origin holds for 1.1, and two more builds of the tagged commit whose files were written at
    different times: the same bytes."""
    clone = _clone(origin, tmp_path / "l")
    _git(clone, "checkout", "-q", "v1.1")
    _git(clone, "fetch", "-q", "origin", "gh-pages:gh-pages")
    zips = []
    for attempt in range(2):

        def build_then_touch(
            repo: Path, site: Path, environment: dict[str, str], attempt: int = attempt
        ) -> None:
            _tiny_build(repo, site, environment)
            for index, path in enumerate(sorted(site.rglob("*"))):
                moment = 1_000_000_000 + attempt * 86_400 + index * 3
                os.utime(path, (moment, moment))

        site = tmp_path / f"site-{attempt}"
        builder = SiteBuilder(build_then_touch, lambda repo, site: [])
        build_release_site(clone, site, "1.1", SITE_URL, "1.0", "refs/heads/gh-pages", builder)
        zips.append((site / archive_path("1.1")).read_bytes())
    published = subprocess.run(
        ["git", "show", f"gh-pages:1.1/{archive_path('1.1')}"], cwd=origin, check=True, capture_output=True
    ).stdout
    assert zips[0] == zips[1] == published
