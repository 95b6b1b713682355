"""Pages read for the security check in a second process while the build goes on.

Reading a whole page with Python's HTML parser (csp.checked_policy) is, after the analysis, the slowest step of
a cold build, and the build does not need its outcome to write the page: the page's policy depends only on its
inline scripts, which a quick scan finds (csp.quick_policy). So `PageChecks.policy` gives the quick policy at
once and sends the page to a second process for the full reading; `finish`, in the build's last step, waits
for every reading. It raises on the first page that failed, so the build fails before its site is swapped in
(hooks/atomic_build.py). A page whose two readings find different scripts fails too: the site's templates never
write one, and the difference means script text where a reader of either kind would be misled (inside a
comment or an attribute).

The second process is a fork of this one, started at the first page that needs reading: a process started
afresh would import the main module again, which stops any build run from a script without a main guard. A
fork copies every open file, so the caller must have closed anything a copy must not hold open (the render
worker's input: its end is how the worker learns to stop), which `before_fork` does. `mkdocs serve`, which runs threads that a fork
would copy mid-step, reads each page at once instead (hooks/evidence.py).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from myositis_evidence.charts.render_worker import BACKGROUND_NICENESS
from myositis_evidence.errors import EvidenceError
from myositis_evidence.site.csp import SiteScripts, UnsafePageError, checked_policy, quick_policy

# Per page, counted from when the build collects it. A page takes about 20 ms; Python's parser slows down on
# some malformed markup (thousands of unclosed tags), and the build stops rather than wait on it for ever.
READING_TIMEOUT_SECONDS = 300


class PageReadingError(EvidenceError):
    """The second process stopped, or a page's reading took far longer than any should."""


@dataclass(frozen=True)
class PageReading:
    """A page sent for reading: its name, its key in the policy memo, its quick policy, the full reading."""

    page: str  # its source path, "docs/…", which the error names
    digest: str  # site/policy_memo.py
    written_policy: str
    reading: Future[str]


@dataclass(frozen=True)
class CheckedPage:
    """A page found safe, with its policy."""

    page: str
    digest: str
    policy: str


class PageChecks:
    """One build's pages awaiting their full reading, and the process that reads them (started on demand)."""

    def __init__(self, *, before_fork: Callable[[], None]) -> None:
        self._before_fork = before_fork  # closes what a copy of this process must not hold open
        self._pool: ProcessPoolExecutor | None = None
        self._reader: Future[int] | None = None  # the reading process's id
        self._readings: list[PageReading] = []

    def policy(self, html: str, *, page: str, digest: str, allow_eval: bool, allowed: SiteScripts) -> str:
        """The page's quick policy; its full reading goes on in the second process."""
        if self._pool is None:
            self._before_fork()
            # The reading yields the processor to the build, as the render worker does: the build needs its
            # outcome only at the end.
            self._pool = ProcessPoolExecutor(
                1,
                mp_context=multiprocessing.get_context("fork"),
                initializer=os.nice,
                initargs=(BACKGROUND_NICENESS,),
            )
            self._reader = self._pool.submit(os.getpid)
        written = quick_policy(html, allow_eval=allow_eval)
        reading = self._pool.submit(_read, html, page, allow_eval, allowed)
        self._readings.append(PageReading(page, digest, written, reading))
        return written

    def finish(self) -> list[CheckedPage]:
        """Wait for every reading and end the second process. Raises UnsafePageError (one line naming the page
        and what is wrong) on the first page that failed or that the two readings disagree on, and
        PageReadingError if the process stopped or a reading hung."""
        readings, self._readings = self._readings, []
        checked = []
        try:
            for reading in readings:
                full = _outcome(reading)
                if full != reading.written_policy:
                    raise UnsafePageError(
                        f"{reading.page}: a quick scan and the HTML parser find different scripts in it (script "
                        "text inside a comment or an attribute?): remove it"
                    )
                checked.append(CheckedPage(reading.page, reading.digest, full))
        except EvidenceError:
            self.abandon()
            raise
        self._end(wait=True)
        return checked

    def abandon(self) -> None:
        """After a failed build: stop the reading in progress, drop the rest and end the second process."""
        self._readings = []
        self._end(wait=False)

    def _end(self, *, wait: bool) -> None:
        pool, reader, self._pool, self._reader = self._pool, self._reader, None, None
        if pool is None or reader is None:
            return
        if not wait and reader.done() and reader.exception() is None:
            with contextlib.suppress(ProcessLookupError):  # it may have stopped already
                os.kill(reader.result(), signal.SIGKILL)  # a reading stuck in the parser never returns
        pool.shutdown(cancel_futures=True)


def _read(html: str, page: str, allow_eval: bool, allowed: SiteScripts) -> str:
    """In the second process: the page's policy after reading it whole (raises UnsafePageError)."""
    return checked_policy(html, page=page, allow_eval=allow_eval, allowed=allowed, error=UnsafePageError)


def _outcome(reading: PageReading) -> str:
    try:
        return reading.reading.result(timeout=READING_TIMEOUT_SECONDS)
    except BrokenProcessPool:
        raise PageReadingError(f"{reading.page}: the process reading the pages stopped") from None
    except TimeoutError:
        raise PageReadingError(
            f"{reading.page}: its security reading took over {READING_TIMEOUT_SECONDS} s"
        ) from None
