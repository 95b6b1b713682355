"""The publishing branch (gh-pages) as git holds it, locally and on the remote: which versions it carries, what
their files are, and a push that can only add to it.

Every command runs in the given repository; nothing here force-pushes or rewrites a published commit.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from myositis_evidence.errors import EvidenceError


class GitError(EvidenceError):
    """A git command that failed."""


def git(repo: Path, *arguments: str) -> str:
    """Run git in repo and return its output; a GitError with git's own message if it fails."""
    result = subprocess.run(["git", *arguments], cwd=repo, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise GitError(f"`git {' '.join(arguments[:3])}` failed: {' / '.join(message[-3:])}")
    return result.stdout


def commit_of(repo: Path, ref: str) -> str | None:
    """The commit a ref names, or None if there is no such ref."""
    result = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or None


def has_remote(repo: Path, remote: str) -> bool:
    return remote in git(repo, "remote").split()


def tracking_ref(remote: str, branch: str) -> str:
    return f"refs/remotes/{remote}/{branch}"


def fetch_branch(repo: Path, remote: str, branch: str) -> str | None:
    """Bring the remote's branch into its remote-tracking ref; return its commit, None if the remote has none.

    A stale tracking ref is removed when the remote no longer has the branch, so it cannot stand in for it.
    """
    listed = git(repo, "ls-remote", "--heads", remote, f"refs/heads/{branch}").split()
    if not listed:
        if commit_of(repo, tracking_ref(remote, branch)):
            git(repo, "update-ref", "-d", tracking_ref(remote, branch))
        return None
    git(repo, "fetch", "--quiet", "--no-tags", remote, f"+refs/heads/{branch}:{tracking_ref(remote, branch)}")
    return commit_of(repo, tracking_ref(remote, branch))


@dataclass(frozen=True)
class PublishedVersion:
    version: str
    aliases: tuple[str, ...]


def versions_at(repo: Path, ref: str | None) -> list[PublishedVersion]:
    """The versions mike's versions.json lists at ref (none when ref is None or has no versions.json)."""
    text = read_at(repo, ref, "versions.json") if ref else None
    if text is None:
        return []
    entries = json.loads(text)
    return [PublishedVersion(str(entry["version"]), tuple(entry.get("aliases", []))) for entry in entries]


def read_at(repo: Path, ref: str, path: str) -> bytes | None:
    """The bytes of one file at ref, or None if it is not there."""
    result = subprocess.run(["git", "show", f"{ref}:{path}"], cwd=repo, capture_output=True, check=False)
    return result.stdout if result.returncode == 0 else None


def files_at(repo: Path, ref: str, folder: str) -> list[str]:
    """Every file path under folder at ref, sorted."""
    listed = git(repo, "ls-tree", "-r", "--name-only", "-z", ref, "--", f"{folder.rstrip('/')}/")
    return sorted(name for name in listed.split("\0") if name)


def tree_of(repo: Path, ref: str, folder: str) -> str | None:
    """The tree hash of a folder at ref: equal hashes mean byte-identical folders."""
    result = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{ref}:{folder}"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or None


def set_branch(repo: Path, branch: str, commit: str | None) -> None:
    """Point the local branch at commit, or delete it when commit is None."""
    if commit is None:
        if commit_of(repo, f"refs/heads/{branch}"):
            git(repo, "update-ref", "-d", f"refs/heads/{branch}")
    else:
        git(repo, "update-ref", f"refs/heads/{branch}", commit)


def push_without_force(repo: Path, remote: str, branch: str) -> str:
    """Push the local branch only as a fast-forward of the remote's: never forced (no `+`, no --force, no
    lease, which would allow a forced update), so a release that raced another is refused by the remote.

    Returns git's message on refusal, "" on success.
    """
    result = subprocess.run(
        ["git", "push", "--porcelain", "--no-verify", remote, f"refs/heads/{branch}:refs/heads/{branch}"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 0:
        return ""
    return " / ".join(line for line in (result.stdout + result.stderr).strip().splitlines()[-3:])
