"""What a reader's browser downloads on first load of a page: every response, gzip-compressed, as sent."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from serve import LocalSite

# The browser's path and flags are defined once, in tests/chromium.py, for the tests and the benchmark alike.
TESTS = Path(__file__).resolve().parents[1] / "tests"
if str(TESTS) not in sys.path:
    sys.path.append(str(TESTS))
from chromium import launch  # noqa: E402

SETTLE_MS = 1500  # after the network is idle: anything a page starts late (a worker, a lazy fetch) is counted


@dataclass(frozen=True)
class Weight:
    page: str
    requests: int
    transferred_kb: float
    largest: str
    largest_kb: float


def first_load_weights(site: LocalSite, pages: list[str]) -> list[Weight]:
    """Load each page in a fresh browser context (empty cache); sum the bytes the server sent for it."""
    from playwright.sync_api import sync_playwright

    weights = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for page_path in pages:
            context = browser.new_context(viewport={"width": 412, "height": 823})
            page = context.new_page()
            site.take()
            page.goto(site.url + page_path, wait_until="networkidle")
            page.wait_for_timeout(SETTLE_MS)
            sent = site.take()
            context.close()
            largest_path, largest_bytes = max(sent, key=lambda item: item[1])
            weights.append(
                Weight(
                    page_path or "/",
                    len(sent),
                    sum(size for _, size in sent) / 1024,
                    largest_path.lstrip("/") or "/",
                    largest_bytes / 1024,
                )
            )
        browser.close()
    return weights
