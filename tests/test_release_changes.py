"""Version order and the reasons CHANGELOG.md gives for changed results, without building anything."""

from __future__ import annotations

import pytest

from myositis_evidence.site.release_changes import ChangesError, changed_ids, compare_releases, reasons_by_id
from myositis_evidence.site.release_versions import canonical_version, highest, previous_version, same_version


def test_versions_compare_by_number_not_by_text():
    # Numeric identifiers compare numerically (Semantic Versioning 2.0.0, rule 11): 1.10 follows 1.9.
    assert highest(["1.9", "1.10", "0.9", "1.2"]) == "1.10"
    assert previous_version("1.10", ["1.9", "1.10", "0.9", "2.0"]) == "1.9"
    assert previous_version("0.9", ["1.0", "1.1"]) is None
    assert (
        same_version("1.0", ["1.00", "0.9"]) == "1.00"
    )  # a non-canonical name published long ago still counts


@pytest.mark.parametrize(
    ("text", "hint"), [("1.00", "write 1.0"), ("v2.1", "write 2.1"), ("01.5", "write 1.5")]
)
def test_a_non_canonical_version_names_its_canonical_form(text, hint):
    with pytest.raises(ValueError, match=hint):
        canonical_version(text)


CHANGELOG = """## 1.2

- Corrected `a-2020.score.mean` (the median had been taken for the mean);
  its interval `a-2020.score.ci` moved with it.
- New wording only.

## 1.1

- `a-2020.score.mean-change` was added.
"""


def test_each_changed_id_takes_the_bullet_that_names_it_in_its_own_version():
    entry = CHANGELOG.split("## 1.1")[0]
    reasons = reasons_by_id(entry, ["a-2020.score.mean", "a-2020.score.ci", "a-2020.score.mean-change"])
    assert reasons["a-2020.score.mean"].startswith("Corrected `a-2020.score.mean` (the median")
    assert (
        reasons["a-2020.score.ci"] == reasons["a-2020.score.mean"]
    )  # continuation lines belong to the bullet
    assert "a-2020.score.mean-change" not in reasons  # named only under 1.1, and not a prefix match


def test_only_moved_numbers_count_and_each_needs_a_reason():
    before = {"x.a": {"value": 1.0, "shown_as": "1.0"}, "x.b": {"value": 2.0, "shown_as": "2.0"}}
    after = {"x.a": {"value": 1.0, "shown_as": "1.0"}, "x.b": {"value": 2.5, "shown_as": "2.5"}, "x.c": {}}
    assert changed_ids(before, after) == ["x.b", "x.c"]
    with pytest.raises(ChangesError, match=r"2 result\(s\) changed since 1\.0 .*'## 1\.1'.*x\.b, x\.c"):
        compare_releases("1.1", "1.0", before, after, "## 1.0\n\n- First.\n")
