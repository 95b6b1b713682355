"""Command line: `check` validates data and pages without building; `results` lists every result id."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import PROJECT_ROOT, EvidenceError
from .registry_build import build_registry
from .results import Chart
from .shortcodes import PageContext, expand

DOCS_DIR = PROJECT_ROOT / "docs"


def check(docs_dir: Path = DOCS_DIR) -> int:
    """Validate every data file and expand every page's shortcodes (charts are not rendered)."""
    registry, studies = build_registry()
    pages = sorted(docs_dir.rglob("*.md"))
    for page in pages:
        context = PageContext(f"docs/{page.relative_to(docs_dir)}", registry, studies, _no_svg)
        expand(page.read_text(encoding="utf-8"), context)
    print(f"ok: {len(registry)} results, {len(studies)} studies, {len(pages)} pages")
    return 0


def _no_svg(chart: Chart) -> str:
    return "<svg></svg>"


def list_results() -> int:
    registry, _ = build_registry()
    for result in registry:
        print(f"{result.id}\t{type(result).__name__}\t{getattr(result, 'kind', '')}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="myositis-evidence", description=__doc__)
    parser.add_argument("command", choices=("check", "results"))
    arguments = parser.parse_args(argv)
    try:
        return check() if arguments.command == "check" else list_results()
    except EvidenceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
