"""Where a build's pages live: the site's address, each page's address in its own release, and the links
between a release and the newest one.

mike builds a release with its version appended to `site_url` without a trailing slash
(`https://host/repo/1.0`), so every address is made from the normalised site root here, never by joining
strings to `site_url` as it comes.
"""

from __future__ import annotations

import os

from myositis_evidence.site.build_info import VERSION_VARIABLE

LATEST = "latest"  # mike's alias for the newest release
CHANGELOG_PAGE = "changelog/"  # what changed between releases: the version history of every page


def normalised_site_url(site_url: str) -> str:
    """site_url with one trailing slash (empty stays empty), so a relative address joins below it."""
    return site_url.rstrip("/") + "/" if site_url else ""


def release_site_url(site_url: str, version: str | None) -> str:
    """site_url as a build must use it: with one trailing slash and, for a release, one version folder.

    mike's plugin joins the version to site_url on every configuration pass (`urljoin`), and the language
    plugin configures the build again for each language: once site_url ends in a slash, the second pass
    would give `…/1.0/1.0`. Taking off every trailing version folder before adding one keeps it right on
    any number of passes.
    """
    base = normalised_site_url(site_url)
    if not version or not base:
        return base
    while base.endswith(f"/{version}/"):
        base = base.removesuffix(f"{version}/")
    return f"{base}{version}/"


def site_root_url(site_url: str) -> str:
    """The address of the whole site: the release's version folder taken off site_url."""
    base = normalised_site_url(site_url)
    current = os.environ.get(VERSION_VARIABLE)
    return base.removesuffix(f"{current}/") if current else base


def versioned_url(site_url: str, page_url: str, version: str | None) -> str:
    """The page's address in a release's own folder (or the unversioned address for a development build)."""
    root = site_root_url(site_url)
    return f"{root}{version}/{page_url}" if version else f"{root}{page_url}"


def newest_url(site_url: str, page_url: str, version: str | None) -> str:
    """The page's address in `latest/`, which follows new releases; empty for a development build or a build
    without an address."""
    return f"{site_root_url(site_url)}{LATEST}/{page_url}" if version and site_url else ""


def version_links(page_url: str, version: str | None) -> list[tuple[str, str]]:
    """A release page's links to its newest version and to the version history (RFC 5829), as (rel, path),
    each path relative to the folder that holds the releases (the parent of the page's version folder).

    `latest/` always holds the newest release, so a frozen page names the same page there; the changelog
    says what changed between releases. A development build has no versions and carries none.
    """
    if not version:
        return []
    return [("latest-version", f"{LATEST}/{page_url}"), ("version-history", f"{LATEST}/{CHANGELOG_PAGE}")]
