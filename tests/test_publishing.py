"""The files a build publishes beside its pages: written anew, or linked to the last good site's identical
file, never written into a file the last good site still holds."""

from __future__ import annotations

from pathlib import Path

from myositis_evidence.site.publishing import publish_files, write_if_changed
from myositis_evidence.site.staging import last_good, start_staging


def _last_good_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    (site / "downloads/same.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (site / "downloads/changed.csv").write_text("old\n", encoding="utf-8")
    return site


def test_a_staged_build_finds_the_last_good_site_beside_it(tmp_path):
    site = tmp_path / "site"
    staging = start_staging(site)
    assert last_good(staging) == site and last_good(staging / "ja") == site / "ja"
    assert last_good(tmp_path / "elsewhere") is None


def test_an_unchanged_file_is_linked_and_a_changed_one_written(tmp_path):
    site = _last_good_site(tmp_path)
    staging = start_staging(site)
    files = {
        "downloads/same.csv": "a,b\n1,2\n",
        "downloads/changed.csv": "new\n",
        "downloads/added.csv": "x\n",
    }
    assert publish_files(staging, files) == 3
    same, previous = staging / "downloads/same.csv", site / "downloads/same.csv"
    assert same.stat().st_ino == previous.stat().st_ino and previous.stat().st_nlink == 2
    assert (staging / "downloads/changed.csv").stat().st_ino != (site / "downloads/changed.csv").stat().st_ino
    assert {path: (staging / path).read_text(encoding="utf-8") for path in files} == files
    assert (site / "downloads/changed.csv").read_text(encoding="utf-8") == "old\n"


def test_rewriting_a_linked_file_leaves_the_last_good_site_unchanged(tmp_path):
    """A later pass that writes the same path again (another language's build) must not write through."""
    site = _last_good_site(tmp_path)
    staging = start_staging(site)
    publish_files(staging, {"downloads/same.csv": "a,b\n1,2\n"})
    write_if_changed(staging / "downloads/same.csv", "rewritten\n")
    assert (staging / "downloads/same.csv").read_text(encoding="utf-8") == "rewritten\n"
    assert (site / "downloads/same.csv").read_text(encoding="utf-8") == "a,b\n1,2\n"


def test_without_a_last_good_site_every_file_is_written(tmp_path):
    site = tmp_path / "site"
    publish_files(site, {"cite/page.ris": "TY  - ELEC\n"})
    assert (site / "cite/page.ris").read_text(encoding="utf-8") == "TY  - ELEC\n"
    assert (site / "cite/page.ris").stat().st_nlink == 1
