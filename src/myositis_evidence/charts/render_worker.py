"""A second process that draws chart SVGs while the main process builds the pages.

vl-convert's engine takes over half a second to start and holds Python's interpreter lock while it does; a
thread would stall the build. On a cold build the worker starts its engine while the main process computes
the results, then draws each chart it is sent (writing the SVG to the disk cache and naming the file on its
standard output) until its input is closed. The main process reads a chart's SVG when the worker has named
it. A warm build needs no worker.

Run as `python -m myositis_evidence.charts.render_worker`; input: one JSON line [svg_path, spec] per chart.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from myositis_evidence.errors import EvidenceError

TIMEOUT_SECONDS = 300
# The worker yields the processor to the build's main process, which every page waits on; on a machine with
# fewer cores than busy processes the worker's drawings still arrive before the pages that show them are
# written (bench/RESULTS.md measures the cold build with it).
BACKGROUND_NICENESS = 10
WARM_UP_SPEC = {"data": {"values": [{"x": 0}]}, "mark": "point", "encoding": {"x": {"field": "x"}}}


class RenderError(EvidenceError):
    """The worker stopped without producing what it was asked for."""


class RenderWorker:
    """The main process's handle on one worker, started on demand and finished at the end of a build."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None
        self._submitted: set[Path] = set()
        self._written: set[Path] = set()

    def start(self) -> None:
        """Start the worker (once per build)."""
        if self._process is not None:
            return
        package_root = str(Path(__file__).resolve().parents[2])
        search_path = os.pathsep.join(filter(None, (package_root, os.environ.get("PYTHONPATH"))))
        self._process = subprocess.Popen(
            [sys.executable, "-m", "myositis_evidence.charts.render_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": search_path},
        )

    def submit(self, target: Path, spec_json: str) -> None:
        """Ask for one chart: its spec (as JSON text) drawn to target."""
        if self._process is None or self._process.stdin is None:
            raise RenderError("the chart worker is not accepting charts")
        self._process.stdin.write(json.dumps([str(target), spec_json]) + "\n")
        self._process.stdin.flush()
        self._submitted.add(target)

    def close_input(self) -> None:
        """No more charts: the worker ends once it has drawn those it was sent."""
        if self._process is not None and self._process.stdin is not None:
            self._process.stdin.close()
            self._process.stdin = None  # so communicate() does not flush it

    def pending(self, target: Path) -> bool:
        return target in self._submitted and target not in self._written

    def wait_for(self, target: Path) -> None:
        """Block until the worker has written target."""
        assert self._process is not None and self._process.stdout is not None
        while target not in self._written:
            line = self._process.stdout.readline()
            if not line:
                self._fail(f"stopped before drawing {target.name}")
            self._written.add(Path(line.rstrip("\n")))

    def finish(self) -> None:
        """Wait for the worker to end and forget it, ready for the next build."""
        process, self._process = self._process, None
        if process is None:
            return
        self.close_input()
        try:
            _, errors = process.communicate(timeout=TIMEOUT_SECONDS)
        finally:
            self._submitted.clear()
            self._written.clear()
        if process.returncode != 0:
            raise RenderError(_last_line(errors) or f"the chart worker exited with {process.returncode}")

    def _fail(self, what: str) -> None:
        process, self._process = self._process, None
        assert process is not None
        process.kill()
        _, errors = process.communicate()
        self._submitted.clear()
        self._written.clear()
        raise RenderError(f"the chart worker {what}: {_last_line(errors) or 'no message'}")


def _last_line(text: str | None) -> str:
    lines = [line for line in (text or "").strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def write_atomically(path: Path, text: str) -> None:
    """Write text to path through a temporary file, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def _work() -> None:
    import vl_convert

    vl_convert.vegalite_to_svg(WARM_UP_SPEC)  # start the engine while the main process computes the results
    for line in sys.stdin:
        target, spec_json = json.loads(line)
        write_atomically(Path(target), vl_convert.vegalite_to_svg(json.loads(spec_json)))
        print(target, flush=True)


if __name__ == "__main__":
    os.nice(BACKGROUND_NICENESS)
    _work()
