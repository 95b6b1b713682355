"""The benchmark: build times against a plain Material build, page weights, Lighthouse, scaling.

Run with `make bench`; it writes bench/RESULTS.md. Targets (issue "Fast builds and light pages"):
cold build ≤ 2.0× plain, warm ≤ 1.25×, serve rebuild ≤ 1.25×; every page ≤ 100 KB gzip on first load;
Lighthouse 100/100/100/100; 100 synthetic studies cold in ≤ 60 s with peak memory ≤ 1 GB, time per study flat.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

import lighthouse
from measure import Summary, run, summarise
from page_weight import first_load_weights
from plain_site import make_plain_site
from serve import serve
from synthetic import make_project

PROJECT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
RUNS = 5
SCALES = (2, 20, 100, 500)
SCALE_TIMEOUT = 420
ENV = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1763769600"}
MKDOCS = str(Path(sys.executable).with_name("mkdocs"))
LIGHTHOUSE_PAGES = {
    "home": "",
    "findings": "studies/ivig-2003/findings/",
    "plain language": "patients/ivig/",
    "notebook": "notebooks/methods/",
}
EDITED_PAGE = "glossary.md"


def clear_caches(project: Path) -> None:
    for cache in {project / ".cache", PROJECT / ".cache"}:
        shutil.rmtree(cache, ignore_errors=True)


def build(config: Path, site: Path) -> float:
    return run(
        [MKDOCS, "build", "--strict", "--config-file", str(config), "--site-dir", str(site)],
        config.parent,
        ENV,
    ).seconds


def build_times(plain: Path, work: Path) -> dict[str, tuple[Summary, Summary, Summary]]:
    """Cold, warm and rebuild, alternating ours (A) and plain (B) in each pair; returns A, B and the ratios."""
    ours = PROJECT / "mkdocs.yml"
    figures: dict[str, tuple[list[float], list[float]]] = {
        "cold": ([], []),
        "warm": ([], []),
        "serve rebuild": ([], []),
    }
    for _ in range(RUNS):
        clear_caches(PROJECT)
        figures["cold"][0].append(build(ours, work / "a"))
        figures["cold"][1].append(build(plain, work / "b"))
        figures["warm"][0].append(build(ours, work / "a"))
        figures["warm"][1].append(build(plain, work / "b"))
        figures["serve rebuild"][0].append(_rebuild(ours, work / "a"))
        figures["serve rebuild"][1].append(_rebuild(plain, work / "b"))
    return {
        name: (summarise(a), summarise(b), summarise([x / y for x, y in zip(a, b, strict=True)]))
        for name, (a, b) in figures.items()
    }


def _rebuild(config: Path, site: Path) -> float:
    script = Path(__file__).resolve().parent / "rebuild.py"
    output = subprocess.run(
        [sys.executable, str(script), str(config), EDITED_PAGE, str(site)],
        cwd=config.parent,
        env={**os.environ, **ENV},
        check=True,
        capture_output=True,
        text=True,
    )
    return float(output.stdout.strip().splitlines()[-1])


def scaling(work: Path) -> list[tuple[int, float | None, float | None]]:
    """One cold build per size; a size that exceeds SCALE_TIMEOUT is reported as not finished."""
    rows: list[tuple[int, float | None, float | None]] = []
    for studies in SCALES:
        config = make_project(PROJECT, work / f"scale-{studies}", studies)
        clear_caches(config.parent)
        try:
            result = run(
                [
                    MKDOCS,
                    "build",
                    "--config-file",
                    str(config),
                    "--site-dir",
                    str(work / f"scale-site-{studies}"),
                ],
                config.parent,
                ENV,
                timeout=SCALE_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            rows.append((studies, None, None))
            break
        rows.append((studies, result.seconds, result.peak_mb))
    return rows


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    plain = make_plain_site(PROJECT, work / "plain")
    times = build_times(plain, work)
    site = work / "site"
    build(PROJECT / "mkdocs.yml", site)
    pages = sorted(str(path.parent.relative_to(site)) + "/" for path in site.rglob("index.html"))
    pages = [("" if page == "./" else page) for page in pages if "/downloads/" not in page]
    with serve(site) as url:
        weights = first_load_weights(url, pages)
        scores = (
            {
                name: lighthouse.scores(url + path)
                for name, path in LIGHTHOUSE_PAGES.items()
                if (site / path / "index.html").is_file()
            }
            if lighthouse.available()
            else {}
        )
    scale = scaling(work)
    RESULTS.write_text(report(times, weights, scores, scale), encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    print(RESULTS.read_text(encoding="utf-8"))


def report(times, weights, scores, scale) -> str:  # type: ignore[no-untyped-def]
    targets = {"cold": 2.0, "warm": 1.25, "serve rebuild": 1.25}
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py); do not edit by hand.",
        "",
        "## Machine",
        "",
        f"- {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores",
        f"- mkdocs {version('mkdocs')}, mkdocs-material {version('mkdocs-material')}, "
        f"vl-convert-python {version('vl-convert-python')}, altair {version('altair')}",
        "",
        "## Build time (seconds; median, range and number of runs)",
        "",
        "Baseline: the same Markdown with shortcodes stripped, built by Material without the hook, measured "
        "in the same run, alternating with ours. Cold: no caches (`.cache/` deleted). Warm: caches valid. "
        f"Serve rebuild: a second build in the same process after editing `{EDITED_PAGE}`, as `mkdocs serve` "
        "does.",
        "",
        "| figure | this site | plain | ratio per pair | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for name, (ours, plain, ratio) in times.items():
        lines.append(
            f"| {name} | {ours} | {plain} | {ratio} | ≤ {targets[name]}× | "
            f"{'yes' if ratio.median <= targets[name] else 'no'} |"
        )
    lines += [
        "",
        "## First-load weight per page (gzip, as transferred; empty cache, 412 px viewport)",
        "",
        "| page | requests | KB | largest response | ≤ 100 KB |",
        "|---|---|---|---|---|",
    ]
    for weight in weights:
        lines.append(
            f"| {weight.page} | {weight.requests} | {weight.transferred_kb:.1f} | {weight.largest} | "
            f"{'yes' if weight.transferred_kb <= 100 else 'no'} |"
        )
    lines += ["", "## Lighthouse 12 (mobile, Debian Chromium, local gzip server)", ""]
    if scores:
        lines += ["| page | performance | accessibility | best practices | SEO |", "|---|---|---|---|---|"]
        lines += [
            f"| {name} | {' | '.join(str(value) for value in score.values())} |"
            for name, score in scores.items()
        ]
    else:
        lines.append("Not measured: run `npm ci --prefix bench` first.")
    lines += [
        "",
        "## Scaling (synthetic studies; one cold build each, pages outside the navigation)",
        "",
        "| studies | seconds | seconds per study | peak memory (MB) |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {studies} | {seconds:.1f} | {seconds / studies:.3f} | {peak:.0f} |"
        for studies, seconds, peak in scale
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
