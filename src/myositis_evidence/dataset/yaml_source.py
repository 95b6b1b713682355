"""Read YAML while keeping the line of every mapping key and list item, for error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from myositis_evidence.errors import DataError

Location = tuple[str | int, ...]


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that leaves dates as text, so pydantic parses them and errors keep their line.

    Built on libyaml (PyYAML's C parser) where the wheel has it: several times faster than the pure-Python one.
    """


class _PythonLineLoader(yaml.SafeLoader):
    """The same in pure Python: its error messages are the ones this project's messages are written for."""


_WITHOUT_DATES = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.yaml_implicit_resolvers = _WITHOUT_DATES
_PythonLineLoader.yaml_implicit_resolvers = _WITHOUT_DATES


def _record_lines(node: yaml.Node, path: Location, lines: dict[Location, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            lines[(*path, key_node.value)] = key_node.start_mark.line + 1
            _record_lines(value_node, (*path, key_node.value), lines)
            lines[(*path, key_node.value)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), lines)


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, turning decoding and access problems into a DataError."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataError(
            path, f"cannot be read ({error.strerror})", fix="check that the file exists"
        ) from None
    try:
        return raw.decode("utf-8-sig")  # spreadsheets save CSV with a byte-order mark; it is not content
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(path, "is not valid UTF-8", line=line, fix="save the file as UTF-8") from None


def load_yaml(path: Path) -> tuple[Any, dict[Location, int]]:
    """Parse a YAML file; return the data and a map from each key's path to its line number."""
    text = read_text(path)
    if not text.strip():
        raise DataError(path, "is empty", fix="restore its content from version control")
    try:
        node, data = _parse(text, _LineLoader)
    except yaml.YAMLError:
        try:  # again with the pure-Python parser, for the wording of the message
            node, data = _parse(text, _PythonLineLoader)
        except yaml.YAMLError as error:
            raise _syntax_error(path, error) from None
    lines: dict[Location, int] = {}
    if node is not None:
        _record_lines(node, (), lines)
    return data, lines


def _parse(text: str, loader_class: type) -> tuple[yaml.Node | None, Any]:
    """Parse once: the node tree (with line marks) and the data constructed from it."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _syntax_error(path: Path, error: yaml.YAMLError) -> DataError:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark else None
    problem = getattr(error, "problem", None) or str(error)
    return DataError(path, f"is not valid YAML ({problem})", line=line)


def line_of(lines: dict[Location, int], location: Location) -> int | None:
    """The line of the deepest known prefix of a location (pydantic error locations may go deeper)."""
    for end in range(len(location), -1, -1):
        if location[:end] in lines:
            return lines[location[:end]]
    return None
