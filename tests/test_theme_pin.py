"""The theme overrides are used only with the mkdocs-material version they were written for."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest

import myositis_evidence.site.theme_pin as theme_pin
from conftest import PROJECT_ROOT
from myositis_evidence.site.theme_pin import (
    MATERIAL_VERSION,
    OVERRIDDEN_TEMPLATES,
    ThemeVersionError,
    check_material_version,
    installed_material_version,
)

OVERRIDES = PROJECT_ROOT / "overrides"
LOCKED_MATERIAL = re.compile(r"^mkdocs-material==(?P<version>\S+) ", re.M)
GENERATOR_TAG = re.compile(r"<meta\s[^>]*name=[\"']generator[\"'][^>]*>")
TYPED_VERSION = re.compile(r"mkdocs-material-\d")
GENERATOR_CONTENT = re.compile(r"<meta name=\"generator\" content=\"(?P<content>[^\"]*)\">")


def _override_files() -> list[Path]:
    return sorted(path for path in OVERRIDES.rglob("*") if path.is_file())


def test_the_version_in_the_lock_file_passes() -> None:
    locked = LOCKED_MATERIAL.search((PROJECT_ROOT / "requirements.lock").read_text(encoding="utf-8"))
    assert locked is not None, "requirements.lock pins no exact mkdocs-material version"
    assert locked["version"] == MATERIAL_VERSION
    check_material_version(locked["version"])


@pytest.mark.parametrize("installed", ["9.9.0", "9.8.10", "9.8", "10.0.0", "9.8.1.dev0"])
def test_another_version_stops_the_build_with_one_line_naming_both(installed: str) -> None:
    with pytest.raises(ThemeVersionError) as raised:
        check_material_version(installed)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(
        f"overrides/ were written for mkdocs-material {MATERIAL_VERSION} but {installed} is installed: "
    )
    assert all(name in message for name in OVERRIDDEN_TEMPLATES)
    source = Path(theme_pin.__file__).resolve().relative_to(PROJECT_ROOT).as_posix()
    assert message.endswith(f"then update MATERIAL_VERSION in {source}")


def test_the_installed_version_is_the_one_the_overrides_were_written_for() -> None:
    assert installed_material_version() == version("mkdocs-material") == MATERIAL_VERSION


def test_the_message_names_every_override() -> None:
    named = {name.removeprefix("overrides/") for name in OVERRIDDEN_TEMPLATES}
    assert {path.relative_to(OVERRIDES).as_posix() for path in _override_files()} == named


@pytest.mark.parametrize("path", _override_files(), ids=lambda path: path.relative_to(OVERRIDES).as_posix())
def test_no_override_types_a_material_version_into_a_generator_tag(path: Path) -> None:
    for tag in GENERATOR_TAG.findall(path.read_text(encoding="utf-8")):
        assert "9.8.1" not in tag and MATERIAL_VERSION not in tag and not TYPED_VERSION.search(tag), tag


def test_the_one_generator_tag_takes_the_version_the_build_found() -> None:
    tags = [
        tag for path in _override_files() for tag in GENERATOR_TAG.findall(path.read_text(encoding="utf-8"))
    ]
    assert tags == [
        '<meta name="generator" content="mkdocs-{{ mkdocs_version }}, '
        'mkdocs-material-{{ config.extra.material_version }}">'
    ]


@pytest.mark.build
@pytest.mark.parametrize("page", ["index.html", "ja/index.html", "notebooks/methods/index.html"])
def test_built_pages_name_the_installed_material_version(built_site: Path, page: str) -> None:
    """The build hook gives the template the installed version (config.extra.material_version)."""
    found = GENERATOR_CONTENT.findall((built_site / page).read_text(encoding="utf-8"))
    assert found == [f"mkdocs-{version('mkdocs')}, mkdocs-material-{MATERIAL_VERSION}"]
