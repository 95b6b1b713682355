"""The benchmark: build times against plain and bare Material builds, page weights, Lighthouse, scaling.

Run with `make bench`; it writes bench/RESULTS.md and bench/scaling.svg. Targets (issue "Fast builds and light
pages"): cold build ≤ 2.0× plain, warm ≤ 1.25×, serve rebuild ≤ 1.25×; every page ≤ 100 KB gzip on first load;
Lighthouse 100/100/100/100; 100 synthetic studies cold in ≤ 60 s with peak memory ≤ 1 GB, time per study flat.
The build times are also given against bare Material (no plugins), which has no target: it shows what the
plugins cost.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import lighthouse
from measure import Summary, run, summarise
from page_weight import Weight, first_load_weights
from plain_site import make_bare_site, make_plain_site
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
# The sites each build-time figure compares, in the order they are built within a run.
SITES = ("this site", "plain", "bare")
TARGETS = {"cold": 2.0, "warm": 1.25, "serve rebuild": 1.25}  # against plain


@dataclass
class BuildTimes:
    """One figure's seconds per site, one entry per run; a run builds every site once, in SITES order."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: {site: [] for site in SITES})

    def of(self, site: str) -> Summary:
        return summarise(self.seconds[site])

    def ratio(self, site: str, baseline: str) -> Summary:
        """Per run, the site's time over the baseline's in that run (so drift between runs cancels)."""
        pairs = zip(self.seconds[site], self.seconds[baseline], strict=True)
        return summarise([ours / theirs for ours, theirs in pairs])


def clear_caches(project: Path) -> None:
    for cache in {project / ".cache", PROJECT / ".cache"}:
        shutil.rmtree(cache, ignore_errors=True)


def build(config: Path, site: Path) -> float:
    return run(
        [MKDOCS, "build", "--strict", "--config-file", str(config), "--site-dir", str(site)],
        config.parent,
        ENV,
    ).seconds


def build_times(configs: dict[str, Path], work: Path, runs: int = RUNS) -> dict[str, BuildTimes]:
    """Cold, warm and serve rebuild of each site in `configs` (keyed as SITES), the sites alternating."""
    figures = {name: BuildTimes() for name in TARGETS}
    site_dirs = {site: work / f"site-{index}" for index, site in enumerate(configs)}
    for _ in range(runs):
        for config in configs.values():
            clear_caches(config.parent)  # each baseline's own mkdocs-jupyter cache too
        for site, config in configs.items():
            figures["cold"].seconds[site].append(build(config, site_dirs[site]))
        for site, config in configs.items():
            figures["warm"].seconds[site].append(build(config, site_dirs[site]))
        for site, config in configs.items():
            figures["serve rebuild"].seconds[site].append(_rebuild(config, site_dirs[site]))
    return figures


def baseline_configs(work: Path) -> dict[str, Path]:
    """This site's mkdocs.yml and the two baselines', made in `work`, keyed as SITES."""
    return {
        "this site": PROJECT / "mkdocs.yml",
        "plain": make_plain_site(PROJECT, work / "plain"),
        "bare": make_bare_site(PROJECT, work / "bare"),
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
    times = build_times(baseline_configs(work), work)
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


def report(
    times: dict[str, BuildTimes],
    weights: list[Weight],
    scores: dict[str, dict[str, int]],
    scale: list[tuple[int, Summary, Summary]],
) -> str:
    """RESULTS.md: the machine, then one section per measurement."""
    lines = ["# Benchmark results", "", "Written by `make bench` (bench/run.py); do not edit by hand.", ""]
    for section in (
        _machine_section(),
        build_time_section(times),
        _weight_section(weights),
        _lighthouse_section(scores),
        _scaling_section(scale),
    ):
        lines += [*section, ""]
    return "\n".join(lines[:-1]) + "\n"


def _machine_section() -> list[str]:
    return [
        "## Machine",
        "",
        f"- {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores",
        f"- mkdocs {version('mkdocs')}, mkdocs-material {version('mkdocs-material')}, "
        f"vl-convert-python {version('vl-convert-python')}, altair {version('altair')}",
    ]


def build_time_section(times: dict[str, BuildTimes]) -> list[str]:
    """The build-time table: each site's seconds, the ratio to plain (with its target) and to bare."""
    runs = next(iter(times.values())).of("this site").runs
    lines = [
        "## Build time (seconds; median, range and number of runs)",
        "",
        "Plain: the same pages with shortcodes stripped, built by Material with this site's plugins and theme "
        "overrides but without the analysis hook (the notebook hook stays, so the notebook page is rendered "
        "there too); the targets are against it. Bare: the same pages built by Material alone, with the same "
        "Markdown extensions and navigation but no plugins at all (no search, i18n, mkdocs-jupyter, redirects "
        "or meta), no hooks and no theme overrides; the notebook is copied, not rendered, and the Japanese "
        "pages are built as ordinary pages. Plain ÷ bare is what the plugins cost Material; this site ÷ bare "
        "adds this site's own work. The three are built in the same run, alternating, and each ratio is taken "
        f"within a run ({runs} runs). Cold: no caches (`.cache/` deleted, in all three). Warm: caches valid. "
        f"Serve rebuild: a second build in the same process after editing `{EDITED_PAGE}`, as `mkdocs serve` "
        "does.",
        "",
        "| figure | this site | plain | bare | this site ÷ plain | target | met | this site ÷ bare "
        "| plain ÷ bare |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, figure in times.items():
        to_plain, target = figure.ratio("this site", "plain"), TARGETS[name]
        lines.append(
            f"| {name} | {figure.of('this site')} | {figure.of('plain')} | {figure.of('bare')} | {to_plain} | "
            f"≤ {target}× | {'yes' if to_plain.median <= target else 'no'} | "
            f"{figure.ratio('this site', 'bare')} | {figure.ratio('plain', 'bare')} |"
        )
    return lines


def _weight_section(weights: list[Weight]) -> list[str]:
    lines = [
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
    return lines


def _lighthouse_section(scores: dict[str, dict[str, int]]) -> list[str]:
    lines = [
        f"## Lighthouse 12 (mobile, Debian Chromium, local gzip server; median of {LIGHTHOUSE_RUNS} runs)",
        "",
        "A local build carries no hreflang links (its address is a placeholder); a published build's are "
        "absolute and checked by tests/test_site_build.py.",
        "",
    ]
    if not scores:
        return [*lines, "Not measured: run `npm ci --prefix bench` first."]
    lines += ["| page | performance | accessibility | best practices | SEO |", "|---|---|---|---|---|"]
    return lines + [
        f"| {name} | {' | '.join(str(value) for value in score.values())} |" for name, score in scores.items()
    ]


def _scaling_section(scale: list[tuple[int, Summary, Summary]]) -> list[str]:
    lines = [
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
    return [*lines, "", "![Cold build time against the number of studies](scaling.svg)"]


if __name__ == "__main__":
    main()
