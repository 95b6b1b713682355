"""Run a command and measure its wall time and peak memory (via GNU time)."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


def run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float | None = None
) -> Run:
    """Run once; fail loudly if the command fails (a failed build is not a fast build)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", report.name, *command],
            cwd=cwd,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
        peak_kb = int(Path(report.name).read_text().strip().splitlines()[-1])
    return Run(elapsed, peak_kb / 1024)


@dataclass(frozen=True)
class Summary:
    median: float
    low: float
    high: float
    runs: int

    def __str__(self) -> str:
        return f"{self.median:.2f} ({self.low:.2f}–{self.high:.2f}, n={self.runs})"


def summarise(values: list[float]) -> Summary:
    return Summary(statistics.median(values), min(values), max(values), len(values))
