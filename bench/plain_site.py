"""The baseline: the same Markdown with shortcodes stripped, built by Material without the analysis hook.

The notebook hook stays: it is what makes mkdocs-jupyter and mkdocs-static-i18n render the notebook page at
all, so without it the baseline would skip a page this site builds.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

SHORTCODE = re.compile(r"<!--\s*md:[^>]*-->")
COPIED_FILES = ("CHANGELOG.md",)  # read by the snippets extension


PROJECT_SOURCE = Path(__file__).resolve().parents[1]
KEPT_HOOKS = ("src/myositis_evidence/notebook_hooks.py",)


def make_plain_site(project: Path, target: Path) -> Path:
    """Copy docs/ and overrides/ without shortcodes, and mkdocs.yml with only the notebook hook."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(project / "docs", target / "docs")
    shutil.copytree(project / "overrides", target / "overrides")
    for name in COPIED_FILES:
        shutil.copy2(project / name, target / name)
    for page in (target / "docs").rglob("*.md"):
        page.write_text(SHORTCODE.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
    (target / "mkdocs.yml").write_text(
        _without_hooks((project / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8"
    )
    return target / "mkdocs.yml"


def _without_hooks(config: str) -> str:
    kept, skipping = [], False
    for line in config.splitlines():
        if line.startswith("hooks:"):
            skipping = True
            kept.append(line)
            kept += [f"  - {(PROJECT_SOURCE / hook).as_posix()}" for hook in KEPT_HOOKS]
            continue
        if skipping and (line.startswith(" ") or not line.strip()):
            continue
        skipping = False
        kept.append(line)
    return "\n".join(kept) + "\n"
