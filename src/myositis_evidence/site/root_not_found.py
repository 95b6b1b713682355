"""The error page at the root of the published branch, which GitHub Pages serves for every missing address.

mike deploys each release into its own folder and writes only an index.html at the root, so an address
without a version folder ("/repo/patients/hiit/") would get GitHub's own 404 page. After each deploy the
newest release's error page (`latest/404.html`) is copied to the branch root: its links are absolute (MkDocs
writes error pages so), and on a release it carries the script from overrides/main.html that sends an
unversioned address to the same path under `latest/`. It is the site's own built page, so it carries that
build's Content-Security-Policy and passed its checks.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from myositis_evidence.site.addresses import LATEST

NOT_FOUND_PAGE = "404.html"


def publish_root_not_found(repo: Path, branch: str = "gh-pages", message: str | None = None) -> bool:
    """Commit `latest/404.html` as the branch's root `404.html`; False when it is there already, unchanged.

    Only the local branch is changed (a release pushes it afterwards, as it pushes mike's commits).
    """
    found = _git(repo, "show", f"{branch}:{LATEST}/{NOT_FOUND_PAGE}", check=False)
    if found.returncode != 0:
        return False  # a site without an error page (a stand-in site in tests) has nothing to copy
    page = found.stdout
    current = _git(repo, "show", f"{branch}:{NOT_FOUND_PAGE}", check=False)
    if current.returncode == 0 and current.stdout == page:
        return False
    parent = _git(repo, "rev-parse", f"refs/heads/{branch}").stdout.decode().strip()
    with tempfile.TemporaryDirectory() as scratch:
        index = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        _git(repo, "read-tree", parent, environment=index)
        blob = _git(repo, "hash-object", "-w", "--stdin", data=page).stdout.decode().strip()
        _git(
            repo, "update-index", "--add", "--cacheinfo", f"100644,{blob},{NOT_FOUND_PAGE}", environment=index
        )
        tree = _git(repo, "write-tree", environment=index).stdout.decode().strip()
    text = message or f"Error page of {LATEST}/ at the site root, for addresses without a version"
    commit = _git(repo, "commit-tree", tree, "-p", parent, "-m", text).stdout.decode().strip()
    _git(repo, "update-ref", f"refs/heads/{branch}", commit, parent)
    return True


def _git(
    repo: Path,
    *arguments: str,
    check: bool = True,
    data: bytes | None = None,
    environment: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["git", *arguments],
        cwd=repo,
        input=data,
        capture_output=True,
        check=check,
        env={**os.environ, **(environment or {})},
    )
