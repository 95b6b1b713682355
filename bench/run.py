"""The benchmark: build times against a plain Material build, page weights, Lighthouse, scaling.

Run with `make bench`; it writes bench/RESULTS.md and bench/scaling.svg. Targets (issue "Fast builds and light
pages"): cold build ≤ 2.0× plain, warm ≤ 1.25×, serve rebuild ≤ 1.25×; every page ≤ 100 KB gzip on first load;
Lighthouse 100/100/100/100; 100 synthetic studies cold in ≤ 60 s with peak memory ≤ 1 GB, time per study flat.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
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
SCALING_CHART = RESULTS.with_name("scaling.svg")
RUNS = 5
LIGHTHOUSE_RUNS = 3  # Lighthouse's simulated throttling varies from run to run: the median of three
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
        clear_caches(plain.parent)  # the baseline's own mkdocs-jupyter cache too
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


def scaling(work: Path) -> list[tuple[int, Summary, Summary]]:
    """RUNS cold builds per size, sizes interleaved; returns seconds and peak memory (MB) per size."""
    configs = {studies: make_project(PROJECT, work / f"scale-{studies}", studies) for studies in SCALES}
    seconds: dict[int, list[float]] = {studies: [] for studies in SCALES}
    memory: dict[int, list[float]] = {studies: [] for studies in SCALES}
    for _ in range(RUNS):
        for studies, config in configs.items():
            clear_caches(config.parent)
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
            seconds[studies].append(result.seconds)
            memory[studies].append(result.peak_mb)
    return [(studies, summarise(seconds[studies]), summarise(memory[studies])) for studies in SCALES]


def lighthouse_medians(url: str) -> dict[str, dict[str, int]]:
    """Median score per category over LIGHTHOUSE_RUNS runs, for each page type."""
    medians = {}
    for name, path in LIGHTHOUSE_PAGES.items():
        runs = [lighthouse.scores(url + path) for _ in range(LIGHTHOUSE_RUNS)]
        medians[name] = {
            category: round(statistics.median(run[category] for run in runs)) for category in runs[0]
        }
    return medians


def write_scaling_chart(scale: list[tuple[int, Summary, Summary]]) -> None:
    """A chart of build time against the number of studies, with the range of the runs."""
    import altair as alt
    import vl_convert

    rows = [
        {"studies": studies, "median": seconds.median, "low": seconds.low, "high": seconds.high}
        for studies, seconds, _ in scale
    ]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("studies:Q", title="Synthetic studies"), y=alt.Y("median:Q", title="Cold build (seconds)")
    )
    chart = (base.mark_line(point=True) + base.mark_rule().encode(y="low:Q", y2="high:Q")).properties(
        width=420, height=260, title="Cold build time against the number of studies (median, range)"
    )
    SCALING_CHART.write_text(vl_convert.vegalite_to_svg(chart.to_dict()), encoding="utf-8")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    plain = make_plain_site(PROJECT, work / "plain")
    times = build_times(plain, work)
    site = work / "site"
    build(PROJECT / "mkdocs.yml", site)
    pages = sorted(str(path.parent.relative_to(site)) + "/" for path in site.rglob("index.html"))
    pages = [("" if page == "./" else page) for page in pages if "/downloads/" not in page]
    with serve(site) as local:
        weights = first_load_weights(local, pages)
        scores = lighthouse_medians(local.url) if lighthouse.available() else {}
    scale = scaling(work)
    write_scaling_chart(scale)
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
        "Baseline: the same pages with shortcodes stripped, built by Material without the analysis hook (the "
        "notebook hook stays, so the notebook page is rendered in both), measured in the same run, alternating "
        "with ours. Cold: no caches (`.cache/` deleted, in both). Warm: caches valid. "
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
        "Bytes counted by the local server (headers and bodies of every response, the search worker's included) "
        "from opening the page until 1.5 s after the network is idle. Search loads on first use (focus, click "
        "or shortcut in the search box), so its index, worker and language files are not part of a first load; "
        "the theme's script loads on the reader's first interaction, so it is not either.",
        "",
        "| page | requests | KB | largest response | ≤ 100 KB |",
        "|---|---|---|---|---|",
    ]
    for weight in weights:
        lines.append(
            f"| {weight.page} | {weight.requests} | {weight.transferred_kb:.1f} | "
            f"{weight.largest} ({weight.largest_kb:.1f} KB) | {'yes' if weight.transferred_kb <= 100 else 'no'} |"
        )
    lines += [
        "",
        f"## Lighthouse 12 (mobile, Debian Chromium, local gzip server; median of {LIGHTHOUSE_RUNS} runs)",
        "",
        "A local build carries no hreflang links (its address is a placeholder); a published build's are "
        "absolute and checked by tests/test_site_build.py.",
        "",
    ]
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
        f"## Scaling (synthetic studies; {RUNS} cold builds per size, pages outside the navigation)",
        "",
        "Seconds per added study: the time added since the previous size, divided by the studies added. It "
        "stays flat when the total is linear in the number of studies.",
        "",
        "| studies | seconds | seconds per added study | peak memory (MB) |",
        "|---|---|---|---|",
    ]
    previous = None
    for studies, seconds, memory in scale:
        added = f"{(seconds.median - previous[1].median) / (studies - previous[0]):.3f}" if previous else "—"
        lines.append(f"| {studies} | {seconds} | {added} | {memory} |")
        previous = (studies, seconds)
    lines += ["", "![Cold build time against the number of studies](scaling.svg)"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
