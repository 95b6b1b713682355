"""Publish a release with mike: each version in its own folder on the gh-pages branch, never overwritten.

mike itself overwrites an existing version silently; `release` refuses instead, and only releases a commit
that carries the tag `v<version>`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from myositis_evidence.errors import EvidenceError
from myositis_evidence.site.build_info import VERSION_VARIABLE, source_date_epoch

VERSION_PATTERN = re.compile(r"^\d+\.\d+$")


class ReleaseError(EvidenceError):
    """A release that must not go ahead."""


def release(version: str, *, push: bool = False, branch: str = "gh-pages", repo: Path) -> None:
    """Deploy the current commit as `version`, point `latest` at it, and make `latest` the root's target."""
    _check_version(version)
    _check_tag(version, repo)
    published = published_versions(branch, repo)
    if version in published:
        raise ReleaseError(
            f"version {version} is already published on '{branch}' and a release never changes; "
            f"cut a new version (published: {', '.join(sorted(published))})"
        )
    environment = {
        **os.environ,
        VERSION_VARIABLE: version,
        "SOURCE_DATE_EPOCH": str(source_date_epoch(repo)),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    push_arguments = ["--push"] if push else []
    mike = [str(Path(sys.executable).with_name("mike"))]
    _run(
        [
            *mike,
            "deploy",
            "--update-aliases",
            "--alias-type",
            "copy",
            "--branch",
            branch,
            "--message",
            f"Release {version}",
            *push_arguments,
            version,
            "latest",
        ],
        repo,
        environment,
    )
    _run([*mike, "set-default", "--branch", branch, *push_arguments, "latest"], repo, environment)


def published_versions(branch: str, repo: Path) -> set[str]:
    """The versions already on the branch, from mike's versions.json (none if the branch does not exist)."""
    shown = subprocess.run(
        ["git", "show", f"{branch}:versions.json"], cwd=repo, capture_output=True, text=True, check=False
    )
    if shown.returncode != 0:
        return set()
    return {entry["version"] for entry in json.loads(shown.stdout)}


def _check_version(version: str) -> None:
    if not VERSION_PATTERN.match(version):
        raise ReleaseError(f"version '{version}' must look like X.Y (for example 1.0)")


def _check_tag(version: str, repo: Path) -> None:
    tags = subprocess.run(
        ["git", "tag", "--points-at", "HEAD"], cwd=repo, capture_output=True, text=True, check=False
    ).stdout.split()
    if f"v{version}" not in tags:
        raise ReleaseError(
            f"releases are cut from git tags: HEAD is not tagged v{version} "
            f"(tags here: {', '.join(tags) or 'none'}); run `git tag v{version}` first"
        )


def _run(command: list[str], repo: Path, environment: dict[str, str]) -> None:
    result = subprocess.run(command, cwd=repo, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ReleaseError(f"`{' '.join(command[1:4])}` failed:\n{result.stderr.strip()[-2000:]}")
