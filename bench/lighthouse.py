"""Lighthouse (mobile) scores of a page, with Debian's Chromium. Needs `npm ci --prefix bench` (Lighthouse 12)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# The browser's path and flags are defined once, in tests/chromium.py, for the tests and the benchmark alike.
TESTS = Path(__file__).resolve().parents[1] / "tests"
if str(TESTS) not in sys.path:
    sys.path.append(str(TESTS))
from chromium import CHROMIUM, LIGHTHOUSE_FLAGS  # noqa: E402

CLI = Path(__file__).resolve().parent / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def available() -> bool:
    return CLI.is_file()


def scores(url: str) -> dict[str, int]:
    """The four category scores (0–100) of one page, mobile form factor, default throttling."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                "node",
                str(CLI),
                url,
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={' '.join(LIGHTHOUSE_FLAGS)}",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            check=True,
            capture_output=True,
            timeout=180,
        )
        categories = json.loads(report.read_text(encoding="utf-8"))["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}
