"""The Vega, Vega-Lite and vega-embed scripts, served from the site itself for interactive charts.

The bundle is vendored in `vendor/vega-bundle.js`: it is what `vl_convert.javascript_bundle()` returns for
the pinned vl-convert-python (no CDN, no npm), and `vendor/vega-bundle.version` names that version. Making it
takes about a second of a build's critical path, so builds copy the vendored file instead. `make vega-bundle`
makes both files again after vl-convert-python is upgraded; until then a build stops, since the static SVGs
and the interactive charts would come from different Vega releases. A test checks the vendored file is
exactly what the pinned version makes.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from myositis_evidence.charts.render_worker import write_atomically
from myositis_evidence.errors import EvidenceError, display_path

VEGA_BUNDLE = "assets/vendor/vega-bundle.js"
VENDORED = Path(__file__).resolve().parent / "vendor" / "vega-bundle.js"


def vega_bundle(vendored: Path = VENDORED) -> str:
    """The vendored bundle's JavaScript, once it is checked to match the installed vl-convert-python."""
    made_with = _version_file(vendored).read_text(encoding="utf-8").strip()
    installed = version("vl-convert-python")
    if made_with != installed:
        raise EvidenceError(
            f"{display_path(vendored)}: made with vl-convert-python {made_with}, but {installed} is installed; "
            "run `make vega-bundle` to make it again"
        )
    return vendored.read_text(encoding="utf-8")


def make_vendored_bundle(vendored: Path = VENDORED) -> None:
    """Write the bundle of the installed vl-convert-python, and that version, to the vendored files."""
    import vl_convert

    write_atomically(vendored, vl_convert.javascript_bundle())
    write_atomically(_version_file(vendored), version("vl-convert-python") + "\n")


def _version_file(vendored: Path) -> Path:
    return vendored.with_suffix(".version")


if __name__ == "__main__":
    make_vendored_bundle()
