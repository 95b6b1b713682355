"""What a reader's browser downloads on first load of a page: every response, gzip-compressed size."""

from __future__ import annotations

from dataclasses import dataclass

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class Weight:
    page: str
    requests: int
    transferred_kb: float
    largest: str


def first_load_weights(base_url: str, pages: list[str]) -> list[Weight]:
    """Load each page in a fresh browser context (empty cache) and sum the bytes received for it."""
    from playwright.sync_api import sync_playwright

    weights = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for page_path in pages:
            context = browser.new_context(viewport={"width": 412, "height": 823})
            page = context.new_page()
            sizes: dict[str, int] = {}
            page.on(
                "requestfinished",
                lambda request, sizes=sizes: sizes.__setitem__(
                    request.url, request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]
                ),
            )
            page.goto(base_url + page_path, wait_until="networkidle")
            page.wait_for_timeout(500)
            largest = max(sizes, key=sizes.get) if sizes else ""
            weights.append(
                Weight(
                    page_path or "/", len(sizes), sum(sizes.values()) / 1024, largest.removeprefix(base_url)
                )
            )
            context.close()
        browser.close()
    return weights
