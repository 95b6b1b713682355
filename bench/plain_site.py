"""The two baselines: the same Markdown with shortcodes stripped, built by Material without this site's work.

Plain: Material with this site's plugins and theme overrides, without the analysis hook. The notebook hook
stays: it is what makes mkdocs-jupyter and mkdocs-static-i18n render the notebook page at all, so without it
the baseline would skip a page this site builds. The target ratios are against this baseline.

Bare: Material alone, with the same Markdown extensions and navigation but no plugins at all (no search,
i18n, mkdocs-jupyter, redirects or meta), no hooks and no theme overrides. The notebook is copied as a file,
not rendered, and the Japanese pages are built as ordinary pages. Against it, the plugins' cost shows.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import yaml

SHORTCODE = re.compile(r"<!--\s*md:[^>]*-->")
COPIED_FILES = ("CHANGELOG.md",)  # read by the snippets extension
NOTEBOOK = re.compile(r"\.ipynb$")
# What bare Material keeps of the site's theme settings: the language, and no web fonts (builds run offline).
BARE_THEME = {"name": "material", "font": False, "language": "en"}
# A Japanese page links to its Japanese neighbours by their English names ("glossary.md" for glossary.ja.md),
# which only the i18n plugin resolves: without it such a link is reported, not fatal.
BARE_VALIDATION = {"links": {"not_found": "info"}}
PROJECT_SOURCE = Path(__file__).resolve().parents[1]


def make_plain_site(project: Path, target: Path) -> Path:
    """Copy docs/ and overrides/ without shortcodes, and mkdocs.yml with only the notebook hook."""
    _copy_pages(project, target)
    shutil.copytree(project / "overrides", target / "overrides")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (target / "mkdocs.yml").write_text(_without_hooks(config, _notebook_hooks(config)), encoding="utf-8")
    return target / "mkdocs.yml"


def make_bare_site(project: Path, target: Path) -> Path:
    """Copy docs/ without shortcodes, and a mkdocs.yml for Material alone with the site's Markdown settings."""
    _copy_pages(project, target)
    site = _read_config((project / "mkdocs.yml").read_text(encoding="utf-8"))
    bare = {
        "site_name": site["site_name"],
        "strict": True,
        "validation": BARE_VALIDATION,
        "theme": BARE_THEME,
        "markdown_extensions": site["markdown_extensions"],
        "plugins": [],
        "nav": _without_notebooks(site["nav"]),
    }
    (target / "mkdocs.yml").write_text(
        yaml.safe_dump(bare, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return target / "mkdocs.yml"


def _copy_pages(project: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(project / "docs", target / "docs")
    for name in COPIED_FILES:
        shutil.copy2(project / name, target / name)
    for page in (target / "docs").rglob("*.md"):
        page.write_text(SHORTCODE.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as plain data: MkDocs' own tags (!ENV) read as nothing, as a bare build does not need them."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _read_config(text: str) -> dict[str, Any]:
    return yaml.load(text, Loader=_ConfigLoader)


def _notebook_hooks(config: str) -> list[str]:
    """The hooks in mkdocs.yml that serve the notebook page (by file name), wherever the package keeps them."""
    hooks = [hook for hook in _read_config(config).get("hooks", []) if "notebook" in Path(hook).name]
    if not hooks:
        raise RuntimeError("plain baseline: mkdocs.yml lists no notebook hook (a file named *notebook*)")
    return hooks


def _without_notebooks(nav: list[Any]) -> list[Any]:
    """The navigation without notebook pages: bare Material has no plugin to render them."""
    return [kept for item in nav if (kept := _nav_entry_without_notebooks(item)) is not None]


def _nav_entry_without_notebooks(entry: Any) -> Any:
    if isinstance(entry, dict):
        title, value = next(iter(entry.items()))  # a nav entry has one title
        value = _nav_entry_without_notebooks(value)
        return None if value is None else {title: value}
    if isinstance(entry, list):
        return _without_notebooks(entry)
    return None if NOTEBOOK.search(entry) else entry


def _without_hooks(config: str, kept_hooks: list[str]) -> str:
    kept, skipping = [], False
    for line in config.splitlines():
        if line.startswith("hooks:"):
            skipping = True
            kept.append(line)
            kept += [f"  - {(PROJECT_SOURCE / hook).as_posix()}" for hook in kept_hooks]
            continue
        if skipping and (line.startswith(" ") or not line.strip()):
            continue
        skipping = False
        kept.append(line)
    return "\n".join(kept) + "\n"
