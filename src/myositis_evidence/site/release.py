"""Publish a release with mike: each version in its own folder on the gh-pages branch, never overwritten.

`release` refuses, with one line saying why, unless every promise of a release can hold:

- the version is canonical MAJOR.MINOR (site/release_versions.py) and HEAD carries its tag `vX.Y`;
- the working tree is clean, so the commit named on every page is what was built;
- the site address is real (not unset, not a placeholder such as example.org), since every citation holds it;
- the version is on neither the local nor the remote gh-pages branch, and the two agree: the remote's branch
  is fetched first, so a fresh clone cannot deploy over a published version;
- the build passes the site check and every published page and anchor is still served (site/anchors.py);
- every result that changed since the previous release has a reason in CHANGELOG.md (site/release_changes.py);
- nothing is frozen unfinished: no maintainers' placeholder on any page, and a CHANGELOG.md section for the
  version (site/release_readiness.py).

The build goes into a scratch folder (with mike's plugin, as `mike deploy` builds), gains the changes table,
the changed-number marks and the fixity files (site/fixity.py), and is committed by mike to `X.Y/`. The alias
`latest` (a copy) always names the highest version by number, and the root redirects to it. The push is a
plain fast-forward: if another release reached the remote first, the remote refuses it and the local branch
is put back.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from yaml_env_tag import construct_env_tag

from myositis_evidence.errors import EvidenceError, display_path
from myositis_evidence.project import Project
from myositis_evidence.site import gh_pages
from myositis_evidence.site.anchors import load_aliases, load_published, missing_links
from myositis_evidence.site.build_info import VERSION_VARIABLE, source_date_epoch
from myositis_evidence.site.fixity import archive_path, verify_manifest, write_fixity
from myositis_evidence.site.release_changes import (
    RESULTS_FILE,
    ReleaseChanges,
    apply_changes,
    compare_releases,
    results_by_id,
    site_results,
)
from myositis_evidence.site.release_versions import (
    VersionError,
    canonical_version,
    highest,
    previous_version,
    same_version,
)
from myositis_evidence.site.root_not_found import publish_root_not_found

LATEST = "latest"
# Hosts and top-level domains kept for examples and tests (RFC 2606, RFC 6761): never a published address.
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "localhost", "127.0.0.1")
PLACEHOLDER_DOMAINS = (".example", ".invalid", ".test", ".localhost")


class ReleaseError(EvidenceError):
    """A release that must not go ahead."""


@dataclass(frozen=True)
class SiteBuilder:
    """How a release's site is made: `build(repo, site_dir, environment)` writes it, `check(repo, site_dir)`
    returns its problems. The default is the project's strict MkDocs build and check-site."""

    build: Callable[[Path, Path, dict[str, str]], None]
    check: Callable[[Path, Path], list[str]]


@dataclass(frozen=True)
class Released:
    version: str
    latest: str
    changes: ReleaseChanges
    pushed: bool


def release(
    version: str,
    *,
    repo: Path,
    push: bool = False,
    branch: str = "gh-pages",
    remote: str = "origin",
    builder: SiteBuilder | None = None,
) -> Released:
    """Build the tagged HEAD as `version`, commit it to `branch` with mike, and with push=True publish it."""
    builder = builder or MKDOCS_BUILDER
    version = _checked_version(version)
    _check_tag(version, repo)
    _check_clean(repo)
    site_url = checked_site_url(repo)
    before, versions = _published_versions(version, repo, branch, remote, push)
    newest = highest([*versions, version])
    since = previous_version(version, versions)
    with tempfile.TemporaryDirectory(prefix="release-") as scratch:
        site = Path(scratch) / "site"
        changes = build_release_site(repo, site, version, site_url, since, f"refs/heads/{branch}", builder)
        _commit(repo, site, version, branch, newest)
    if push:
        refused = gh_pages.push_without_force(repo, remote, branch)
        if refused:
            gh_pages.set_branch(repo, branch, before)
            raise ReleaseError(
                f"{remote} refused '{branch}' ({refused}): another release reached it first; nothing was "
                f"published and the local '{branch}' is back where it was; run the release again to read it"
            )
    return Released(version, newest or version, changes, push)


# ---- checks before anything is built ---------------------------------------------------------------------


def _checked_version(version: str) -> str:
    try:
        return canonical_version(version)
    except VersionError as error:
        raise ReleaseError(str(error)) from None


def _check_tag(version: str, repo: Path) -> None:
    tags = gh_pages.git(repo, "tag", "--points-at", "HEAD").split()
    if f"v{version}" not in tags:
        raise ReleaseError(
            f"releases are cut from git tags: HEAD is not tagged v{version} "
            f"(tags here: {', '.join(tags) or 'none'}); run `git tag v{version}` first"
        )


def _check_clean(repo: Path) -> None:
    status = gh_pages.git(repo, "status", "--porcelain", "--untracked-files=normal").splitlines()
    if status:
        raise ReleaseError(
            f"the working tree has {len(status)} uncommitted change(s) (first: {status[0].strip()}); every page "
            "names the commit it was built from, so commit or remove them first"
        )


def configured_site_url(repo: Path) -> str:
    """The site address a build will use: SITE_URL if set, else mkdocs.yml's `site_url` with its !ENV default."""
    if os.environ.get("SITE_URL"):
        return os.environ["SITE_URL"]
    config_file = repo / "mkdocs.yml"
    if not config_file.is_file():
        return ""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_EnvironmentLoader) or {}
    return str(config.get("site_url") or "") if isinstance(config, dict) else ""


class _EnvironmentLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's `!ENV` tags as MkDocs does (pyyaml-env-tag), without importing MkDocs; its other tags
    (`!!python/name:`) stand for None."""


_EnvironmentLoader.add_constructor("!ENV", construct_env_tag)
_EnvironmentLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def checked_site_url(repo: Path) -> str:
    """The site address, ending in "/"; a ReleaseError if it is unset or a placeholder."""
    url = configured_site_url(repo)
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    placeholder = host in PLACEHOLDER_HOSTS or host.endswith(
        tuple(f".{name}" for name in PLACEHOLDER_HOSTS) + PLACEHOLDER_DOMAINS
    )
    if parts.scheme != "https" or not host or placeholder:
        raise ReleaseError(
            f"the site address is {url or 'unset'!r}, which no reader can reach, and every citation would carry "
            "it: set SITE_URL to the published address (https://…/), as the publishing workflow does"
        )
    return url if url.endswith("/") else url + "/"


def _published_versions(
    version: str, repo: Path, branch: str, remote: str, push: bool
) -> tuple[str | None, list[str]]:
    """The local branch's commit before the release, and the versions published; refuses a version already
    published locally or on the remote, and a local branch that disagrees with the remote's."""
    local = gh_pages.commit_of(repo, f"refs/heads/{branch}")
    if not gh_pages.has_remote(repo, remote):
        if push:
            raise ReleaseError(f"there is no remote '{remote}' to publish to")
        remote_commit = None
    else:
        remote_commit = gh_pages.fetch_branch(repo, remote, branch)
    local_versions = [entry.version for entry in gh_pages.versions_at(repo, local)]
    remote_versions = [entry.version for entry in gh_pages.versions_at(repo, remote_commit)]
    for where, published in (
        (f"the local '{branch}'", local_versions),
        (f"{remote}'s '{branch}'", remote_versions),
    ):
        existing = same_version(version, published)
        if existing:
            raise ReleaseError(
                f"version {version} is already published on {where} (as {existing}) and a release never "
                f"changes; cut a new version (published: {', '.join(sorted(published))})"
            )
    if gh_pages.has_remote(repo, remote) and local and local != remote_commit:
        only_local = sorted(set(local_versions) - set(remote_versions))
        raise ReleaseError(
            f"the local '{branch}' ({local[:12]}) and {remote}'s ({(remote_commit or 'none')[:12]}) disagree"
            + (f" (only local: {', '.join(only_local)})" if only_local else "")
            + f"; publish from a branch equal to the remote's (`git branch -D {branch}` takes the remote's)"
        )
    if remote_commit and not local:
        gh_pages.set_branch(repo, branch, remote_commit)  # a fresh clone: start from what is published
    return local, remote_versions if remote_commit else local_versions


# ---- the build -------------------------------------------------------------------------------------------


def build_release_site(
    repo: Path, site: Path, version: str, site_url: str, since: str | None, ref: str, builder: SiteBuilder
) -> ReleaseChanges:
    """Build the release into site, add what changed since `since` (read from ref), check it, and add the
    fixity files; the same commit gives the same bytes every time."""
    builder.build(repo, site, release_environment(version, site_url, repo))
    changes = _changes(repo, ref, version, since, site)
    apply_changes(site, changes)
    problems = _anchor_problems(repo, site) + builder.check(repo, site)
    if problems:
        raise ReleaseError(
            f"the build of {version} fails its checks ({len(problems)} problem(s)); the first: {problems[0]}"
        )
    write_fixity(site, version, source_date_epoch(repo))
    return changes


def release_environment(version: str, site_url: str, repo: Path) -> dict[str, str]:
    """What a release build reads: its version (ours and mike's), its address and its date."""
    return {
        **os.environ,
        VERSION_VARIABLE: version,
        "MIKE_DOCS_VERSION": version,
        "SITE_URL": site_url,
        "SOURCE_DATE_EPOCH": str(source_date_epoch(repo)),
        "NO_MKDOCS_2_WARNING": "1",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def mkdocs_build(repo: Path, site: Path, environment: dict[str, str]) -> None:
    """`mkdocs build --strict` with mike's plugin added, as `mike deploy` builds (it appends the version to
    site_url), into site."""
    from mike.mkdocs_utils import inject_plugin

    with inject_plugin(str(repo / "mkdocs.yml")) as config_file:
        command = [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "--clean"]
        command += ["--config-file", config_file, "--site-dir", str(site)]
        result = subprocess.run(
            command, cwd=repo, env=environment, capture_output=True, text=True, check=False
        )
    if result.returncode != 0:
        raise ReleaseError(f"the release build failed:\n{result.stderr.strip()[-2000:]}")


def checked_site(repo: Path, site: Path) -> list[str]:
    """check-site's problems for the built release (its pages, scripts, policies and published anchors)."""
    from myositis_evidence.site.check_site import check_site
    from myositis_evidence.site.csp import theme_template_dirs

    project = Project(repo)
    problems = check_site(site, theme_template_dirs(repo / "overrides"), project)
    anchors = display_path(project.published_anchors)  # reported once, by _anchor_problems
    return [str(problem) for problem in problems if problem.path != anchors]


def checked_release(repo: Path, site: Path) -> list[str]:
    """check-site's problems, then what a release must not freeze (site/release_readiness.py)."""
    from myositis_evidence.site.release_readiness import unfinished_content

    return checked_site(repo, site) + unfinished_content(site)


MKDOCS_BUILDER = SiteBuilder(mkdocs_build, checked_release)


def _anchor_problems(repo: Path, site: Path) -> list[str]:
    """`anchors site`: every published page and anchor the build no longer serves."""
    from myositis_evidence.site.check_site import mkdocs_config, redirect_maps

    project = Project(repo)
    missing = missing_links(
        site,
        load_published(project.published_anchors),
        redirect_maps(mkdocs_config(repo / "mkdocs.yml")),
        load_aliases(project.anchor_aliases),
    )
    return [f"published {item} is no longer served" for item in missing]


def _changes(repo: Path, ref: str, version: str, since: str | None, site: Path) -> ReleaseChanges:
    before = {}
    if since is not None:
        names = [
            name
            for name in gh_pages.files_at(repo, ref, since)
            if RESULTS_FILE.fullmatch(name[len(since) + 1 :])
        ]
        before = results_by_id(gh_pages.read_at(repo, ref, name) or b"[]" for name in names)
    changelog_file = repo / "CHANGELOG.md"
    changelog = changelog_file.read_text(encoding="utf-8") if changelog_file.is_file() else ""
    try:
        return compare_releases(version, since, before, site_results(site), changelog)
    except EvidenceError as error:
        raise ReleaseError(str(error)) from None


def _commit(repo: Path, site: Path, version: str, branch: str, newest: str | None) -> None:
    """Commit the site to `version/` with mike; `latest` (a copy) on the highest version; the root → latest."""
    from mike import commands, git_utils

    config = {"site_dir": str(site), "use_directory_urls": True}
    aliases = [LATEST] if newest == version else []
    with contextlib.chdir(repo):  # mike runs git in the working folder
        with commands.deploy(
            config,
            version,
            aliases=aliases,
            update_aliases=True,
            alias_type=commands.AliasType.copy,
            branch=branch,
            message=f"Release {version}",
        ):
            pass
        listed = commands.list_versions(branch)
        holder = next((info for info in listed if LATEST in info.aliases), None)
        if newest and (holder is None or str(holder.version) != newest):
            commands.alias(
                config,
                newest,
                [LATEST],
                update_aliases=True,
                alias_type=commands.AliasType.copy,
                branch=branch,
            )
        try:
            git_utils.read_file(branch, "index.html")
        except git_utils.GitError:
            commands.set_default(LATEST, branch=branch, message=f"The site's root redirects to {LATEST}")
    # Addresses without a version folder reach the newest release's error page, which sends them on to latest/.
    publish_root_not_found(repo, branch)


# ---- after publishing ------------------------------------------------------------------------------------


def verify_published(
    repo: Path, version: str, *, branch: str = "gh-pages", remote: str = "origin"
) -> list[str]:
    """What is wrong with a published version on the remote: its folder, its fixity files, `latest`."""
    remote_commit = gh_pages.fetch_branch(repo, remote, branch)
    if remote_commit is None:
        return [f"{remote} has no '{branch}' branch"]
    versions = gh_pages.versions_at(repo, remote_commit)
    problems = []
    if not any(entry.version == version for entry in versions):
        problems.append(f"version {version} is not in {remote}'s versions.json")
    newest = highest(entry.version for entry in versions)
    holder = next((entry.version for entry in versions if LATEST in entry.aliases), None)
    if holder != newest:
        problems.append(f"'{LATEST}' names {holder}, not the highest version {newest}")
    elif gh_pages.tree_of(repo, remote_commit, LATEST) != gh_pages.tree_of(repo, remote_commit, newest or ""):
        problems.append(f"the '{LATEST}/' folder is not a copy of {newest}/")
    if gh_pages.read_at(repo, remote_commit, "index.html") is None:
        problems.append("the site's root has no index.html redirecting to latest/")
    latest_error_page = gh_pages.read_at(repo, remote_commit, f"{LATEST}/404.html")
    if (
        latest_error_page is not None
        and gh_pages.read_at(repo, remote_commit, "404.html") != latest_error_page
    ):
        problems.append(f"the site's root 404.html is not {LATEST}/404.html (addresses without a version)")
    if gh_pages.read_at(repo, remote_commit, f"{version}/{archive_path(version)}") is None:
        problems.append(f"{version}/{archive_path(version)} is missing")
    with tempfile.TemporaryDirectory(prefix="published-") as scratch:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", f"{remote_commit}:{version}"],
            cwd=repo,
            capture_output=True,
            check=False,
        )
        if archive.returncode != 0:
            return [*problems, f"{version}/ cannot be read from {remote}'s '{branch}'"]
        folder = Path(scratch) / version
        folder.mkdir()
        tar_path = Path(scratch) / "folder.tar"
        tar_path.write_bytes(archive.stdout)
        with tarfile.open(tar_path) as bundle:
            bundle.extractall(folder, filter="data")
        problems += [f"{version}/{problem}" for problem in verify_manifest(folder)]
    return problems
