"""The results cache is correct before it is fast: any change to an input gives a new key and new pages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT, copy_site_sources, mkdocs_build
from myositis_evidence.results import cache as result_cache

pytestmark = pytest.mark.build


def _build(project: Path) -> str:
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return (project / "site/studies/ivig-2003/findings/index.html").read_text(encoding="utf-8")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# One reported number changed consistently in the source text, the quote and the data row.
VALUE_CHANGE = (
    ("data/source-texts/ivig-2003-abstract.txt", "1287.4", "1290.4"),
    ("data/ivig-2003/quotes.yml", "1287.4", "1290.4"),
    ("data/ivig-2003/numbers.csv", "mean,1287.4,IU/l,1287.4", "mean,1290.4,IU/l,1290.4"),
)


def test_a_changed_data_value_reaches_the_page_after_a_warm_rebuild(tmp_path):
    project = copy_site_sources(tmp_path)
    assert "1287.4 IU/l" in _build(project)
    assert any((project / ".cache" / "results").glob("*.pickle")), "the first build left no cache"
    for name, old, new in VALUE_CHANGE:
        _replace(project / name, old, new)
    page = _build(project)
    assert "1290.4 IU/l" in page and "1287.4 IU/l" not in page
    assert len(list((project / ".cache" / "results").glob("*.pickle"))) == 1  # the stale entry is gone


def test_a_library_version_change_invalidates_the_cache(tmp_path, monkeypatch):
    data_dir = PROJECT_ROOT / "data"
    before = result_cache.inputs_key(data_dir)
    real_version = result_cache._version
    monkeypatch.setattr(
        result_cache, "_version", lambda name: "9.9.9" if name == "altair" else real_version(name)
    )
    assert result_cache.inputs_key(data_dir) != before


def test_the_package_version_and_source_are_part_of_the_key(tmp_path, monkeypatch):
    data_dir = PROJECT_ROOT / "data"
    before = result_cache.inputs_key(data_dir)
    real_version = result_cache._version
    monkeypatch.setattr(
        result_cache,
        "_version",
        lambda name: "0.0.0-other" if name == "myositis-evidence" else real_version(name),
    )
    assert result_cache.inputs_key(data_dir) != before
    package = tmp_path / "package"
    shutil.copytree(result_cache.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(result_cache, "PACKAGE_DIR", package)
    unchanged = result_cache.inputs_key(data_dir)
    derivations = package / "analysis" / "derivations.py"
    derivations.write_text(derivations.read_text("utf-8") + "\n# changed\n", "utf-8")
    assert result_cache.inputs_key(data_dir) != unchanged


def test_a_cache_hit_skips_the_analysis(tmp_path, registry):
    cache_dir, key = tmp_path / "cache", result_cache.inputs_key(PROJECT_ROOT / "data")
    first = result_cache.load_or_compute(key, cache_dir, lambda: registry)

    def fail() -> None:
        raise AssertionError("the analysis ran although the cache was valid")

    second = result_cache.load_or_compute(key, cache_dir, fail)
    assert [result.id for result in second] == [result.id for result in first]
    assert second is not first  # read back from the disk cache


REBUILD_IN_ONE_PROCESS = """
import json
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

page = Path("site/studies/ivig-2003/findings/index.html")
build(load_config("mkdocs.yml"))
print("first:", "1287.4 IU/l" in page.read_text("utf-8"))
for name, old, new in json.loads(sys.argv[1]):
    path = Path(name)
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
build(load_config("mkdocs.yml"))
text = page.read_text("utf-8")
print("second:", "1290.4 IU/l" in text and "1287.4 IU/l" not in text)
"""


def test_a_serve_rebuild_in_the_same_process_follows_a_data_change(tmp_path):
    """`mkdocs serve` rebuilds in one process, where results and expanded pages are kept in memory."""
    project = copy_site_sources(tmp_path)
    output = subprocess.run(
        [sys.executable, "-c", REBUILD_IN_ONE_PROCESS, json.dumps(VALUE_CHANGE)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert output.split() == ["first:", "True", "second:", "True"]


def test_the_render_worker_reports_a_chart_it_cannot_draw(tmp_path):
    from myositis_evidence.charts.render_worker import RenderError, RenderWorker

    renderer = RenderWorker()
    renderer.start()
    good, bad = tmp_path / "good.svg", tmp_path / "bad.svg"
    renderer.submit(
        good, '{"data": {"values": [{"x": 1}]}, "mark": "point", "encoding": {"x": {"field": "x"}}}'
    )
    renderer.submit(bad, '{"mark": {"type": "no-such-mark"}}')
    renderer.close_input()
    renderer.wait_for(good)
    assert good.read_text(encoding="utf-8").lstrip().startswith("<svg")
    with pytest.raises(RenderError, match=r"stopped before drawing bad\.svg: .+"):
        renderer.wait_for(bad)
    assert not bad.exists()
