"""Where Chromium is and how it is launched: one definition for the browser tests and the benchmark.

tests/test_browser.py imports it as a sibling module; bench/page_weight.py and bench/lighthouse.py add this
folder to `sys.path` first. It imports nothing else from the tests.
"""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

# CHROMIUM_PATH first: CI on GitHub's runners points it at their Google Chrome.
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

# Without a sandbox (containers run as root) or a GPU; the rest stop the browser's own traffic (QUIC probes,
# updates, sync, first-run pages), so the pages under test are all it fetches.
_QUIET = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
FLAGS = ("--headless", *_QUIET)
# Lighthouse starts the browser itself; bench/RESULTS.md's Lighthouse figures were measured with the headless
# mode named in full, so it stays so.
LIGHTHOUSE_FLAGS = ("--headless=new", *_QUIET)


def launch(playwright: Playwright) -> Browser:
    """Start Chromium headless through Playwright, with the flags above."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)


def require_chromium() -> None:
    """Skip a browser test where Chromium is missing on a developer's machine; fail it in CI."""
    import pytest  # only the tests call this; the benchmark imports this module without pytest

    if not os.path.isfile(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (install Debian's chromium or set CHROMIUM_PATH)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
