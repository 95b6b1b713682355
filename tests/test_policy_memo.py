"""A page already read and found safe is not read again while its bytes and the checking inputs are unchanged;
an unsafe page is refused every time, and a changed page, a new input key or a damaged memo means a full read."""

from __future__ import annotations

import pytest

from conftest import copy_site_sources, mkdocs_build
from myositis_evidence.site.policy_memo import PolicyMemo


class Unsafe(Exception):
    pass


def counting_check(result: str = "default-src 'self'", fail: bool = False):
    calls = []

    def check() -> str:
        calls.append(1)
        if fail:
            raise Unsafe("docs/page.md: event-handler attribute onclick on <a>")
        return result

    return check, calls


def test_an_unchanged_page_is_read_once_across_builds(tmp_path):
    check, calls = counting_check()
    first = PolicyMemo.load(tmp_path, "key-1")
    assert first.policy("docs/a.md", "<p>a</p>", "scripts", False, check) == "default-src 'self'"
    first.save()
    second = PolicyMemo.load(tmp_path, "key-1")
    assert second.policy("docs/a.md", "<p>a</p>", "scripts", False, check) == "default-src 'self'"
    assert len(calls) == 1


@pytest.mark.parametrize(
    "changed",
    [
        {"html": "<p>b</p>"},
        {"judged_against": "other scripts"},
        {"allow_eval": True},
    ],
)
def test_a_change_in_the_page_or_what_it_is_judged_against_means_a_full_read(tmp_path, changed):
    check, calls = counting_check()
    memo = PolicyMemo.load(tmp_path, "key-1")
    memo.policy("docs/a.md", "<p>a</p>", "scripts", False, check)
    arguments = {"html": "<p>a</p>", "judged_against": "scripts", "allow_eval": False, **changed}
    memo.policy("docs/a.md", arguments["html"], arguments["judged_against"], arguments["allow_eval"], check)
    assert len(calls) == 2


def test_an_unsafe_page_is_never_kept(tmp_path):
    memo = PolicyMemo.load(tmp_path, "key-1")
    check, calls = counting_check(fail=True)
    for _ in range(2):
        with pytest.raises(Unsafe):
            memo.policy("docs/a.md", "<a onclick=x>", "scripts", False, check)
    memo.save()
    with pytest.raises(Unsafe):
        PolicyMemo.load(tmp_path, "key-1").policy("docs/a.md", "<a onclick=x>", "scripts", False, check)
    assert len(calls) == 3


def test_another_input_key_or_a_damaged_memo_starts_empty(tmp_path):
    check, calls = counting_check()
    memo = PolicyMemo.load(tmp_path, "key-1")
    memo.policy("docs/a.md", "<p>a</p>", "scripts", False, check)
    memo.save()
    PolicyMemo.load(tmp_path, "key-2").policy("docs/a.md", "<p>a</p>", "scripts", False, check)
    assert len(calls) == 2
    for damaged in ('{"x": 1', '{"x": 1}', "[]"):  # cut short, a value not a policy, not a mapping
        (tmp_path / "page-policies" / "key-1.json").write_text(damaged, encoding="utf-8")
        PolicyMemo.load(tmp_path, "key-1").policy("docs/a.md", "<p>a</p>", "scripts", False, check)
    assert len(calls) == 5


def test_a_save_removes_the_memos_of_other_input_keys(tmp_path):
    check, _ = counting_check()
    for key in ("key-1", "key-2"):
        memo = PolicyMemo.load(tmp_path, key)
        memo.policy("docs/a.md", "<p>a</p>", "scripts", False, check)
        memo.save()
    assert sorted(path.name for path in (tmp_path / "page-policies").iterdir()) == ["key-2.json"]


def test_only_the_latest_version_of_each_page_is_written_back(tmp_path):
    check, _ = counting_check()
    memo = PolicyMemo.load(tmp_path, "key-1")
    for version in range(5):  # five edits of one page under `mkdocs serve`
        memo.policy("docs/a.md", f"<p>{version}</p>", "scripts", False, check)
    memo.policy("docs/b.md", "<p>b</p>", "scripts", False, check)
    memo.save()
    assert len(PolicyMemo.load(tmp_path, "key-1").known) == 2


def test_a_warm_build_still_refuses_a_page_made_unsafe_after_a_clean_build(tmp_path):
    """The memo of a passing build must not let a later, hostile edit through (a real build of a copy)."""
    project = copy_site_sources(tmp_path / "project")
    environment = {"PYTHONPATH": str(project / "src")}
    first = mkdocs_build(project, tmp_path / "site", **environment)
    assert first.returncode == 0, first.stderr
    assert list((project / ".cache" / "page-policies").glob("*.json"))
    glossary = project / "docs" / "glossary.md"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + '\n<a href="#" onclick="steal()">more</a>\n', encoding="utf-8"
    )
    second = mkdocs_build(project, tmp_path / "site", **environment)
    assert second.returncode != 0
    assert "docs/glossary.md" in second.stderr
    assert "event-handler attribute onclick" in second.stderr
