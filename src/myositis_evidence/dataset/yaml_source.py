"""Read YAML while keeping the line of every mapping key and list item, for error messages.

Hostile or careless input stops with a DataError, never a traceback or a silent choice: a file over
`MAX_FILE_BYTES`, nesting deeper than `MAX_NESTING`, aliases that expand to more than `MAX_EXPANDED_NODES`
nodes (an "alias bomb") or refer to themselves, a key written twice in one mapping, or a key that is a list or
a mapping.

Merge keys (`<<: *anchor`) keep their YAML meaning: the mapping's own keys override the merged ones, and of
several merged mappings the first that has a key wins. Neither is a duplicate; two explicit keys with the same
value in one mapping always are (so are two `<<` keys).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from myositis_evidence.errors import DataError

Location = tuple[str | int, ...]

# Limits far above what the project's data needs (its largest file is ~21 KB, ~900 nodes, 9 levels deep),
# and far below what would stall a build or exhaust the parser's stack (libyaml crashes on deep nesting).
MAX_FILE_BYTES = 2_000_000
MAX_NESTING = 32
MAX_EXPANDED_NODES = 100_000
MAX_ECHOED_CHARACTERS = 80

MERGE_TAG = "tag:yaml.org,2002:merge"


def shown(value: object, limit: int = MAX_ECHOED_CHARACTERS) -> str:
    """A value as an error message repeats it: its text, cut to `limit` characters with "…"."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---- loaders ---------------------------------------------------------------------------------------------

# libyaml (PyYAML's C parser) where the wheel has it: several times faster than the pure-Python one.
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_FAST_LOADER):
    """A safe loader that leaves dates as text, so pydantic parses them and errors keep their line."""


class _PythonLineLoader(yaml.SafeLoader):
    """The same in pure Python: its error messages are the ones this project's messages are written for."""


_WITHOUT_DATES = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.yaml_implicit_resolvers = _WITHOUT_DATES
_PythonLineLoader.yaml_implicit_resolvers = _WITHOUT_DATES


# ---- line numbers ----------------------------------------------------------------------------------------


class LineMap(dict[Location, int]):
    """The line of each key and list item, by location; `aliases` maps where an alias is used to its anchor.

    Each node is recorded once: content reached through an alias is found at its anchor's location, so an
    alias bomb costs one entry per node, not one per expanded path.
    """

    def __init__(self) -> None:
        super().__init__()
        self.aliases: dict[Location, Location] = {}


def _record_lines(root: yaml.Node) -> LineMap:
    """The line of every location in a constructed document (merge keys already flattened)."""
    lines, first_seen = LineMap(), {}
    lines[()] = root.start_mark.line + 1
    _record_children(root, (), lines, first_seen)
    return lines


def _record_children(
    node: yaml.Node, path: Location, lines: LineMap, first_seen: dict[int, Location]
) -> None:
    if isinstance(node, yaml.ScalarNode):
        return
    if id(node) in first_seen:  # an alias: its content is recorded where the anchor is
        lines.aliases[path] = first_seen[id(node)]
        return
    first_seen[id(node)] = path
    for location, line, child in _children_with_lines(node, path):
        lines[location] = line  # a key after a merge overrides the merged one: so does its line
        lines.aliases.pop(location, None)
        _record_children(child, location, lines, first_seen)


def _children_with_lines(node: yaml.Node, path: Location) -> Iterator[tuple[Location, int, yaml.Node]]:
    """Each child's location and line: a key's line for a mapping value, the item's own for a list item."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            yield (*path, key_node.value), key_node.start_mark.line + 1, value_node
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield (*path, index), item.start_mark.line + 1, item


def line_of(lines: dict[Location, int], location: Location) -> int | None:
    """The line of the deepest known prefix of a location (pydantic error locations may go deeper)."""
    location = _through_aliases(lines, location)
    for end in range(len(location), -1, -1):
        if location[:end] in lines:
            return lines[location[:end]]
    return None


def _through_aliases(lines: dict[Location, int], location: Location) -> Location:
    """The location inside the anchored node when the location goes through an alias."""
    aliases = getattr(lines, "aliases", {})
    for _ in range(MAX_NESTING):  # each step moves into an anchor written earlier; never loops for long
        prefix = next(
            (location[:end] for end in range(len(location) - 1, 0, -1) if location[:end] in aliases), None
        )
        if prefix is None:
            return location
        location = (*aliases[prefix], *location[len(prefix) :])
    return location


# ---- reading ---------------------------------------------------------------------------------------------


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file of at most max_bytes, turning size, decoding and access problems into a DataError."""
    try:
        with path.open("rb") as handle:  # read at most one byte too many: a device or pipe never ends
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        raise DataError(
            path, f"cannot be read ({error.strerror})", fix="check that the file exists"
        ) from None
    if len(raw) > max_bytes:
        raise DataError(
            path,
            f"is larger than the limit of {max_bytes:,} bytes",
            fix="data files are small text files; check that this is the right file",
        )
    try:
        text = raw.decode("utf-8-sig")  # spreadsheets save CSV with a byte-order mark; it is not content
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(path, "is not valid UTF-8", line=line, fix="save the file as UTF-8") from None
    refuse_invisible_characters(path, text)
    return text


# Characters no source text or data file needs, which can hide or reorder what a reader sees: control
# characters (but tab and line breaks), format characters (bidirectional overrides such as U+202E, which
# can make "HIIT" display as "CON"; zero-width spaces and joiners inside an id), and line separators.
_INVISIBLE_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")


def refuse_invisible_characters(path: Path, text: str) -> None:
    """A DataError at the first character in text that no file of the project needs (see above).

    Each distinct character is looked up once, so a long text costs little more than reading it.
    """
    refused = [
        character
        for character in set(text)
        if unicodedata.category(character) in _INVISIBLE_CATEGORIES and character not in "\t\n\r"
    ]
    if not refused:
        return
    index = min(text.index(character) for character in refused)
    character = text[index]
    name = unicodedata.name(character, "a control character")
    raise DataError(
        path,
        f"holds an invisible character U+{ord(character):04X} ({name}) at column "
        f"{index - text.rfind(chr(10), 0, index)}",
        line=text.count("\n", 0, index) + 1,
        fix="delete it: no text here needs it, and it can hide or reorder what readers see",
    )


def load_yaml(path: Path) -> tuple[Any, dict[Location, int]]:
    """Parse a YAML file; return the data and a map from each key's path to its line number."""
    text = read_text(path)
    if not text.strip():
        raise DataError(path, "is empty", fix="restore its content from version control")
    try:
        node, data = _parse(path, text, _LineLoader)
    except yaml.YAMLError:
        try:  # again with the pure-Python parser, for the wording of the message
            node, data = _parse(path, text, _PythonLineLoader)
        except yaml.YAMLError as error:
            raise _syntax_error(path, error) from None
    return data, (_record_lines(node) if node is not None else LineMap())


def _parse(path: Path, text: str, loader_class: type) -> tuple[yaml.Node | None, Any]:
    """Parse once: the node tree (with line marks) and the data constructed from it, within the limits."""
    _check_nesting(path, text, loader_class)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_expansion(path, node)
        _check_keys(path, node, loader)  # before construction, which flattens merge keys into the mapping
        return node, loader.construct_document(node)
    finally:
        loader.dispose()


def _syntax_error(path: Path, error: yaml.YAMLError) -> DataError:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark else None
    problem = getattr(error, "problem", None) or str(error)
    return DataError(path, f"is not valid YAML ({problem})", line=line)


# ---- limits ----------------------------------------------------------------------------------------------


def _check_nesting(path: Path, text: str, loader_class: type) -> None:
    """Refuse nesting deeper than MAX_NESTING from the parser's events, before anything recurses into it."""
    loader, depth = loader_class(text), 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    raise DataError(
                        path,
                        f"nests lists and mappings more than {MAX_NESTING} levels deep",
                        line=event.start_mark.line + 1,
                        fix="flatten the structure",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _check_expansion(path: Path, root: yaml.Node) -> None:
    """Refuse aliases that refer to themselves, or expand (as the data is read) to too many or too deep nodes.

    Sizes are computed once per node (aliases share nodes), without recursion: an alias bomb is measured, not
    expanded.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            children = _child_nodes(node)
            size[id(node)] = 1 + sum(size[id(child)] for child in children)
            depth[id(node)] = 1 + max((depth[id(child)] for child in children), default=0)
            open_nodes.discard(id(node))
            _check_expanded_size(path, node, size[id(node)], depth[id(node)])
        elif id(node) not in size:
            open_nodes.add(id(node))
            stack.append((node, True))
            for child in _child_nodes(node):
                if id(child) in open_nodes:
                    raise DataError(
                        path, "an alias refers to a node that contains it", line=child.start_mark.line + 1
                    )
                if id(child) not in size:
                    stack.append((child, False))


def _child_nodes(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_expanded_size(path: Path, node: yaml.Node, size: int, depth: int) -> None:
    line = node.start_mark.line + 1
    if size > MAX_EXPANDED_NODES:
        raise DataError(
            path,
            f"its aliases expand to more than {MAX_EXPANDED_NODES:,} values",
            line=line,
            fix="write the repeated content out, or use fewer nested aliases",
        )
    if depth > MAX_NESTING + 1:  # + 1: a scalar counts as a level here, not in _check_nesting
        raise DataError(
            path,
            f"its aliases nest lists and mappings more than {MAX_NESTING} levels deep",
            line=line,
            fix="use fewer nested aliases",
        )


# ---- keys ------------------------------------------------------------------------------------------------


def _check_keys(path: Path, root: yaml.Node, loader: yaml.SafeLoader) -> None:
    """Refuse a key written twice in one mapping, and keys that are lists or mappings; each mapping once.

    Mappings are visited in document order, so one reached through an alias is named where its anchor is.
    """
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, Location]] = [(root, ())]
    while stack:
        node, location = stack.pop()
        if isinstance(node, yaml.ScalarNode) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            _check_mapping_keys(path, node, location, loader)
        stack.extend(reversed(_located_children(node, location)))


def _located_children(node: yaml.Node, location: Location) -> list[tuple[yaml.Node, Location]]:
    """The values of a mapping or the items of a list, with their locations (merged values: the mapping's)."""
    if isinstance(node, yaml.MappingNode):
        return [
            (value, location if key.tag == MERGE_TAG else (*location, key.value)) for key, value in node.value
        ]
    return [(item, (*location, index)) for index, item in enumerate(node.value)]


def _check_mapping_keys(
    path: Path, node: yaml.MappingNode, location: Location, loader: yaml.SafeLoader
) -> None:
    first_lines: dict[object, int] = {}
    for key_node, _ in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise DataError(
                path,
                "a key is a list or a mapping",
                line=line,
                field=_dotted(location),
                fix="use a plain word as the key",
            )
        key = MERGE_TAG if key_node.tag == MERGE_TAG else loader.construct_object(key_node)
        if key in first_lines:
            raise DataError(
                path,
                f"duplicate key '{shown(key_node.value)}' (first on line {first_lines[key]})",
                line=line,
                field=_dotted((*location, key_node.value)),
                fix="keep one of the two entries; YAML would silently keep only the last",
            )
        first_lines[key] = line


def _dotted(location: Location) -> str | None:
    return shown(".".join(str(part) for part in location)) or None
