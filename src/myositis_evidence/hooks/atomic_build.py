"""MkDocs hook events that make a build atomic and show `mkdocs serve` readers why a build failed.

Registered in mkdocs.yml under `hooks:`. The outer build is redirected into a staging folder (site/staging.py)
when it starts (on_pre_build: mike also runs the config event when it only reads the configuration, and then
reads `site_dir` to publish it), and swapped into place after every other post-build
step, including mkdocs-static-i18n's second-language build (priority -100), and only if strict mode has no
warning to refuse; otherwise the staging folder is discarded and the last good site stays whole.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority

from myositis_evidence.errors import EvidenceError
from myositis_evidence.hooks.language_pass import second_language_pass
from myositis_evidence.site.build_info import checked_source_date_epoch
from myositis_evidence.site.staging import discard, start_staging, swap_into_place, write_error_site

log = logging.getLogger("mkdocs.plugins.myositis_evidence")


class _WarningCount(logging.Handler):
    """Counts MkDocs' warnings, which strict mode turns into a failed build after the post-build events."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass
class _Staging:
    """The build in progress: where it is written, where it goes, and why the last one failed."""

    site_dir: Path | None = None
    staging: Path | None = None
    warnings: _WarningCount = field(default_factory=_WarningCount)
    last_error: str = ""


_staging = _Staging()


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """A bad SOURCE_DATE_EPOCH stops here, before a library that reads it stops with a traceback."""
    try:
        checked_source_date_epoch()
    except EvidenceError as error:
        raise PluginError(str(error)) from None
    return config


@event_priority(100)
def on_pre_build(*, config: MkDocsConfig) -> None:
    if second_language_pass(config):
        return
    site_dir = Path(config.site_dir)
    _staging.site_dir, _staging.staging = site_dir, start_staging(site_dir)
    config.site_dir = str(_staging.staging)
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.removeHandler(_staging.warnings)
    _staging.warnings = _WarningCount()
    mkdocs_log.addHandler(_staging.warnings)


@event_priority(-110)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Swap the finished build into place, unless strict mode is about to refuse it for a warning."""
    if second_language_pass(config) or _staging.staging is None or _staging.site_dir is None:
        return
    logging.getLogger("mkdocs").removeHandler(_staging.warnings)
    if config.strict and _staging.warnings.messages:
        return  # MkDocs aborts next; on_build_error discards the staging folder
    staging, site_dir = _staging.staging, _staging.site_dir
    config.site_dir = str(site_dir)
    _staging.staging = None
    swap_into_place(staging, site_dir)


def on_build_error(*, error: Exception) -> None:
    """Discard the half-written build; the site folder keeps the last good one."""
    logging.getLogger("mkdocs").removeHandler(_staging.warnings)
    _staging.last_error = "\n".join([*_staging.warnings.messages, str(error)])
    if _staging.staging is not None:
        discard(_staging.staging)
        _staging.staging = None


def on_serve(
    server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., None]
) -> LiveReloadServer:
    """Serve an error page while the source is broken, instead of holding every request until it is fixed."""
    site_dir = Path(server.root)

    def build_or_show_error() -> None:
        try:
            builder()
        except Exception as error:  # MkDocs has logged it; show the reader the same message
            write_error_site(site_dir, _staging.last_error or str(error))
            log.error("build failed; the server shows the error until it is fixed")

    server.builder = build_or_show_error
    return server
