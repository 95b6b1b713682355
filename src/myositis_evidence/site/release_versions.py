"""Release version strings: one spelling per version, and an order that is numeric, not alphabetical.

A version is MAJOR.MINOR, each a whole number written without leading zeros ("1.0", "0.9", "1.10"). So
"1.00", "01.0", "v1.0" and "1.0.0" are refused rather than published beside "1.0" as a second name for it,
and "1.10" sorts after "1.9". The git tag of version X.Y is "vX.Y".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

CANONICAL_VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)")
# What someone may have meant as a version: digits and dots, perhaps with a leading "v".
VERSION_LIKE = re.compile(r"v?(\d+)\.(\d+)")


class VersionError(ValueError):
    """A version string that is not in its one canonical form."""


def canonical_version(text: str) -> str:
    """The version unchanged if it is canonical MAJOR.MINOR; a VersionError naming the canonical form if not."""
    if CANONICAL_VERSION.fullmatch(text):
        return text
    meant = VERSION_LIKE.fullmatch(text)
    hint = f"; write {int(meant.group(1))}.{int(meant.group(2))}" if meant else ""
    raise VersionError(
        f"version '{text[:40]}' is not MAJOR.MINOR with whole numbers and no leading zeros (for example 1.0)"
        + hint
    )


def version_key(version: str) -> tuple[int, int]:
    """The sort key of a version, by number: 0.9 < 1.0 < 1.9 < 1.10. Lenient about leading zeros, so a
    non-canonical version published in the past still compares equal to its canonical twin."""
    match = VERSION_LIKE.fullmatch(version)
    if match is None:
        raise VersionError(f"'{version[:40]}' is not a MAJOR.MINOR version")
    return int(match.group(1)), int(match.group(2))


def is_version(text: str) -> bool:
    return VERSION_LIKE.fullmatch(text) is not None


def highest(versions: Iterable[str]) -> str | None:
    """The highest version by number, or None for none."""
    return max(versions, key=version_key, default=None)


def previous_version(version: str, published: Iterable[str]) -> str | None:
    """The highest published version below `version`: the one a release is compared with."""
    return highest(other for other in published if version_key(other) < version_key(version))


def same_version(version: str, published: Iterable[str]) -> str | None:
    """A published version equal in number to `version` ("1.00" for "1.0"), or None."""
    return next((other for other in published if version_key(other) == version_key(version)), None)
