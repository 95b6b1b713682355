"""Pages read in full in a second process: the quick policy a page is written with, corrected where the full
reading differs, and an unsafe page that stops the build when the readings are collected."""

from __future__ import annotations

import os
import time

import pytest

from myositis_evidence.site import page_checks
from myositis_evidence.site.csp import (
    SiteScripts,
    UnsafePageError,
    checked_policy,
    policy,
    quick_policy,
    read_markup,
    script_hash,
)
from myositis_evidence.site.page_checks import PageChecks, PageReadingError

SITE_SCRIPT = "document.body.dataset.ready = 1"
ALLOWED = SiteScripts(hashes=frozenset({script_hash(SITE_SCRIPT)}), shapes=())


def _page(body: str) -> str:
    return f'<!doctype html><html lang="en"><head><meta charset="utf-8"><script>{SITE_SCRIPT}</script></head><body>{body}</body></html>'


def _written(checks: PageChecks, html: str, page: str = "docs/a.md") -> str:
    """What the hook does at on_post_page: the policy the page is written with, given at once."""
    return checks.policy(html, page=page, digest="d", allow_eval=False, allowed=ALLOWED)


def _full_policy(html: str) -> str:
    return checked_policy(html, page="docs/a.md", allow_eval=False, allowed=ALLOWED, error=UnsafePageError)


def test_a_safe_page_keeps_the_policy_it_was_written_with():
    html = _page("<p>Results</p>")
    forks: list[int] = []
    checks = PageChecks(before_fork=lambda: forks.append(os.getpid()))
    assert forks == []  # no process until a page needs reading
    written = _written(checks, html)
    _written(checks, html, "docs/b.md")
    # what a copy must not hold is closed once, in this process, before the fork
    assert forks == [os.getpid()]
    checked, _ = checks.finish()
    assert (checked.page, checked.digest, checked.policy) == ("docs/a.md", "d", _full_policy(html))
    assert written == checked.policy and f"'sha256-{script_hash(SITE_SCRIPT)}'" in written


def test_a_page_whose_two_readings_find_different_scripts_stops_the_build():
    """A script inside a comment never runs: the quick scan counts it, the full reading does not. The site's
    templates write no such page, so the build stops rather than guess which reading a browser would follow."""
    html = _page("<!-- <script>commented()</script> --><p>Results</p>")
    assert quick_policy(html, allow_eval=False) != _full_policy(html)
    checks = PageChecks(before_fork=lambda: None)
    _written(checks, html)
    with pytest.raises(
        UnsafePageError, match=r"^docs/a\.md: a quick scan and the HTML parser find different"
    ):
        checks.finish()


def test_an_unsafe_page_stops_the_build_when_the_readings_are_collected():
    checks = PageChecks(before_fork=lambda: None)
    _written(checks, _page("<p>fine</p>"), "docs/a.md")
    _written(checks, _page('<a href="javascript:alert(1)">x</a>'), "docs/b.md")
    with pytest.raises(UnsafePageError, match=r"^docs/b\.md: HTML line 1: javascript: URL in href of <a>"):
        checks.finish()
    assert checks.finish() == []  # the readings are gone with the failed build, and the process ended


def test_quick_and_full_policies_agree_on_every_built_page(built_site):
    """The quick scan is what the pages are written with; a difference is corrected, but should not occur."""
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for allow_eval in (False, True):
            assert quick_policy(html, allow_eval=allow_eval) == policy(
                read_markup(html), allow_eval=allow_eval
            )


@pytest.mark.parametrize(
    "hostile",
    ['<p title="<script">x</p>', "<!-- <script -->", "<script", "<script>"],
    ids=["in an attribute", "in a comment", "unfinished tag", "unclosed"],
)
def test_unclosed_script_texts_cost_the_quick_scan_one_pass(hostile):
    """Raw HTML may hold `<script` texts that never close; a scan that looked for each one's end anew would
    take minutes on such a page. It must stay well under the full reading of the same page."""
    html = _page(hostile * 8000 + "<p>Results</p>")
    started = time.perf_counter()
    quick = quick_policy(html, allow_eval=False)
    quick_seconds = time.perf_counter() - started
    started = time.perf_counter()
    read_markup(html)
    assert quick_seconds < time.perf_counter() - started
    assert quick.startswith("default-src 'self'; script-src 'self'")


def _stop_the_process(*_: object) -> str:
    os._exit(1)


def test_a_reading_process_that_stops_is_one_line_not_a_traceback(monkeypatch):
    monkeypatch.setattr(page_checks, "_read", _stop_the_process)
    checks = PageChecks(before_fork=lambda: None)
    _written(checks, _page("<p>Results</p>"))
    with pytest.raises(PageReadingError, match=r"^docs/a\.md: the process reading the pages stopped$"):
        checks.finish()


def test_a_failed_build_ends_the_reading_process():
    checks = PageChecks(before_fork=lambda: None)
    _written(checks, _page("<p>Results</p>"))
    process = next(iter(checks._pool._processes.values()))  # the one process the pool started
    checks.abandon()
    process.join(timeout=10)
    assert not process.is_alive()
    assert checks.finish() == []


def _read_for_ever(*_: object) -> str:
    time.sleep(600)
    return ""


def test_a_reading_that_hangs_stops_the_build_and_its_process(monkeypatch):
    monkeypatch.setattr(page_checks, "_read", _read_for_ever)
    monkeypatch.setattr(page_checks, "READING_TIMEOUT_SECONDS", 1)
    checks = PageChecks(before_fork=lambda: None)
    _written(checks, _page("<p>Results</p>"))
    started = time.perf_counter()
    with pytest.raises(PageReadingError, match=r"^docs/a\.md: its security reading took over 1 s$"):
        checks.finish()
    assert time.perf_counter() - started < 60  # the stuck process was stopped, not waited for
