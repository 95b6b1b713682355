"""Pages read for the security check in a second process while the build goes on.

Reading a whole page with Python's HTML parser (csp.checked_policy) is, after the analysis, the slowest step of
a cold build, and the build does not need its outcome to write the page: the page's policy depends only on its
inline scripts, which a quick scan finds (csp.quick_policy). So `PageChecks.policy` gives the quick policy at
once and sends the page to a second process for the full reading; `finish`, in the build's last step, waits
for every reading. It raises on the first unsafe page, so the build fails before its site is swapped in
(hooks/atomic_build.py), and it writes the full reading's policy into any written page whose quick one differed.

The second process is a fork of this one, started at the first page that needs reading: a process started
afresh would import the main module again, which stops any build run from a script without a main guard. A
fork copies every open file, so the caller must have closed anything a copy must not hold open (the render
worker's input: its end is how the worker learns to stop). `mkdocs serve`, which runs threads that a fork
would copy mid-step, reads each page at once instead (hooks/evidence.py).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from myositis_evidence.errors import EvidenceError
from myositis_evidence.site.csp import (
    SiteScripts,
    UnsafePageError,
    checked_policy,
    insert_policy,
    quick_policy,
)

READING_TIMEOUT_SECONDS = 300  # per page, counted from when the build collects it; one takes about 20 ms


class PageReadingError(EvidenceError):
    """The second process stopped, or a page's reading took far longer than any should."""


@dataclass(frozen=True)
class PageReading:
    """A page sent for reading: where it was written, the policy it was written with, and the reading."""

    page: str  # its source path, "docs/…", which the error names
    digest: str  # its key in the policy memo (site/policy_memo.py)
    destination: Path
    written_policy: str
    reading: Future[str]


@dataclass(frozen=True)
class CheckedPage:
    """A page found safe, with the policy of its full reading."""

    page: str
    digest: str
    policy: str


class PageChecks:
    """One build's pages awaiting their full reading, and the process that reads them (started on demand)."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._readings: list[PageReading] = []

    def policy(
        self,
        html: str,
        *,
        page: str,
        digest: str,
        allow_eval: bool,
        allowed: SiteScripts,
        destination: Path,
    ) -> str:
        """The page's quick policy; its full reading goes on in the second process."""
        if self._pool is None:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        written = quick_policy(html, allow_eval=allow_eval)
        reading = self._pool.submit(_read, html, page, allow_eval, allowed)
        self._readings.append(PageReading(page, digest, destination, written, reading))
        return written

    def finish(self) -> list[CheckedPage]:
        """Wait for every reading and end the second process. Raises UnsafePageError (one line naming the
        page and what is wrong) on the first page that failed, PageReadingError if the process stopped or
        hung; corrects each page whose quick policy differed from its full reading's."""
        readings, self._readings = self._readings, []
        pool, self._pool = self._pool, None
        checked = []
        try:
            for reading in readings:
                checked.append(CheckedPage(reading.page, reading.digest, _outcome(reading)))
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        for reading, page in zip(readings, checked, strict=True):
            if page.policy != reading.written_policy:
                _correct_policy(reading.destination, reading.written_policy, page.policy, page.page)
        return checked

    def abandon(self) -> None:
        """After a failed build: drop the readings not yet done and end the second process."""
        pool, self._pool, self._readings = self._pool, None, []
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _outcome(reading: PageReading) -> str:
    try:
        return reading.reading.result(timeout=READING_TIMEOUT_SECONDS)
    except BrokenProcessPool:
        raise PageReadingError(f"{reading.page}: the process reading the pages stopped") from None
    except TimeoutError:
        raise PageReadingError(
            f"{reading.page}: its security reading took over {READING_TIMEOUT_SECONDS} s"
        ) from None


def _read(html: str, page: str, allow_eval: bool, allowed: SiteScripts) -> str:
    """In the second process: the page's policy after reading it whole (raises UnsafePageError)."""
    return checked_policy(html, page=page, allow_eval=allow_eval, allowed=allowed, error=UnsafePageError)


def _correct_policy(destination: Path, written: str, correct: str, page: str) -> None:
    text = destination.read_text(encoding="utf-8")
    tag = f'<meta http-equiv="Content-Security-Policy" content="{written}">'
    if tag not in text:
        raise UnsafePageError(f"{page}: its written page lost its Content-Security-Policy")
    without = text.replace(tag, "", 1)
    destination.write_text(insert_policy(without, correct, page, UnsafePageError), encoding="utf-8")
