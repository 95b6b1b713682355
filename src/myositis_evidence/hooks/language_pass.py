"""Which language pass of a build is running: mkdocs-static-i18n builds each further language with the same
config, inside the first build's post-build event."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig


def second_language_pass(config: MkDocsConfig) -> bool:
    """True while mkdocs-static-i18n builds a language after the first, inside the first build."""
    return bool(getattr(config.plugins.get("i18n"), "building", False))
