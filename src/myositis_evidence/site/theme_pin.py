"""The mkdocs-material version the theme overrides were written for, and the check that it is installed.

The templates in overrides/ copy parts of Material's templates (the site_meta block, the search dialog) and
reach into its script: they give its script tag an inert type and start it later, patch XMLHttpRequest and
Worker to hold back the search index and worker by their file names, and store the palette under the key
Material reads. Another Material version can change any of these without an error, only a broken page, so the
build stops unless the installed version is the one below; requirements.lock pins the same version exactly.

This module imports nothing from MkDocs or from the rest of the package, so the check can run (and be tested)
on its own; the build hook calls `checked_material_version()` and puts the result in
`config.extra["material_version"]`, which overrides/main.html writes into the generator tag.
"""

from __future__ import annotations

from importlib.metadata import version

MATERIAL_VERSION = "9.8.1"

# Every file under overrides/, as the error message names them; tests/test_theme_pin.py checks the list is whole.
OVERRIDDEN_TEMPLATES = (
    "overrides/main.html",
    "partials/theme-on-interaction.html",
    "partials/search-on-demand.html",
    "partials/search.html",
    "partials/javascripts/palette.html",
    "partials/javascripts/outdated.html",
    "partials/outdated-version.html",
    "404.html",
)


class ThemeVersionError(Exception):
    """The installed mkdocs-material is not the version the theme overrides were written for."""


def installed_material_version() -> str:
    """The version of mkdocs-material installed in this environment, from its package metadata."""
    return version("mkdocs-material")


def check_material_version(installed: str) -> None:
    """Raise ThemeVersionError (one line: both versions, what to review) unless `installed` is the pinned one."""
    if installed != MATERIAL_VERSION:
        raise ThemeVersionError(
            f"overrides/ were written for mkdocs-material {MATERIAL_VERSION} but {installed} is installed: "
            f"review {_listed(OVERRIDDEN_TEMPLATES)} against the new theme, "
            f"then update MATERIAL_VERSION in {_source_path()}"
        )


def checked_material_version() -> str:
    """The installed mkdocs-material version, after checking it is the one the overrides were written for."""
    installed = installed_material_version()
    check_material_version(installed)
    return installed


def _listed(names: tuple[str, ...]) -> str:
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _source_path() -> str:
    # From the module's name rather than a typed path, so the message stays right if the module moves (src layout).
    return f"src/{__name__.replace('.', '/')}.py"
