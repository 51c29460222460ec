"""A TOML file as read: its values, and where each key, table and array item is written.

The values come from `tomllib` (the standard library's parser, whose errors `parse_toml` puts in
plain words); the places come from the concrete syntax tree of tree-sitter's TOML grammar, walked
once at load time. Every later problem about a key of report.toml or faces.toml is located from
here, so no stage goes back to the file to search for a key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from decade_report.errors import Location
from decade_report.load.text import read_text
from decade_report.load.toml_reader import parse_toml

Keys = tuple[str | int, ...]
"""A path to a value: `("recipients", 2, "state")` is `state` of the third `[[recipients]]`."""


@dataclass(frozen=True)
class TomlFile:
    path: str
    """Project-relative path, as problems show it."""
    data: dict[str, Any]
    places: Mapping[Keys, Location] = field(default_factory=dict)
    """Where each key (and each array item) is written: its first character."""
    text: str = ""
    """The file as read."""

    def at(self, *keys: str | int) -> Location:
        """Where `keys` is written; for a key that is not written (a missing one), where the
        nearest enclosing table is; the file alone when none of it is."""
        for end in range(len(keys), 0, -1):
            found = self.places.get(tuple(keys[:end]))
            if found is not None:
                return found
        return Location(self.path)


def read_toml(path: Path, shown: str, limit: int = 1024 * 1024) -> TomlFile:
    """Read and parse a TOML file; raises a located `ReportError` when it cannot be."""
    return toml_file(read_text(path, shown, limit=limit), shown)


def toml_file(text: str, shown: str) -> TomlFile:
    return TomlFile(shown, parse_toml(text, shown), key_places(text, shown), text)


@cache
def toml_parser() -> Any:
    import tree_sitter
    import tree_sitter_toml

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_toml.language()))


KEY_NODES = ("bare_key", "quoted_key", "dotted_key")


def key_places(text: str, shown: str) -> dict[Keys, Location]:
    """The place of every key of a TOML text that tomllib accepted. Nodes tree-sitter could not
    read (it is more tolerant in some places, stricter in none that matter) are left out: their
    keys are then located at their table."""
    source = text.encode("utf-8")
    lines = source.split(b"\n")

    def where(node: Any) -> Location:
        row, column = node.start_point
        return Location(shown, row + 1, len(lines[row][:column].decode("utf-8", "replace")) + 1)

    places: dict[Keys, Location] = {}
    arrays: dict[Keys, int] = {}
    """Arrays of tables seen so far: path as written → index of the current one."""

    def indexed(written: Keys) -> Keys:
        """A header path with the index of each enclosing array of tables put in."""
        path: list[str | int] = []
        for end in range(1, len(written) + 1):
            path.append(written[end - 1])
            if written[:end] in arrays and end < len(written):
                path.append(arrays[written[:end]])
        return tuple(path)

    def pairs(node: Any, base: Keys) -> None:
        for child in node.named_children:
            if child.type != "pair" or not child.named_children:
                continue
            key, *value = child.named_children
            path = (*base, *key_parts(key, source))
            for end in range(len(base) + 1, len(path) + 1):
                places.setdefault(path[:end], where(key))
            if value:
                values(value[-1], path)

    def values(node: Any, path: Keys) -> None:
        if node.type == "inline_table":
            pairs(node, path)
        elif node.type == "array":
            for index, item in enumerate(node.named_children):
                if item.type == "comment":
                    continue
                places.setdefault((*path, index), where(item))
                values(item, (*path, index))

    tree = toml_parser().parse(source)
    pairs(tree.root_node, ())
    for table in tree.root_node.named_children:
        if table.type not in ("table", "table_array_element"):
            continue
        header = next((c for c in table.named_children if c.type in KEY_NODES), None)
        if header is None:
            continue
        written = key_parts(header, source)
        if table.type == "table_array_element":
            arrays[written] = arrays.get(written, -1) + 1
            path = (*indexed(written), arrays[written])
        else:
            path = indexed(written)
        for end in range(1, len(path) + 1):  # a table is where its header line starts
            places.setdefault(path[:end], where(table))
        pairs(table, path)
    return places


def key_parts(node: Any, source: bytes) -> tuple[str, ...]:
    """The names of a (dotted, quoted) key as tomllib reads them: the key's own text is handed
    to tomllib, so escapes and quotes are decoded by the parser that read the values."""
    written = source[node.start_byte : node.end_byte].decode("utf-8", "replace")
    try:
        parsed: Any = tomllib.loads(f"{written} = 0")
    except tomllib.TOMLDecodeError:
        return (written,)
    return tuple(walk_single(parsed))


def walk_single(value: Mapping[str, Any]) -> Iterator[str]:
    while isinstance(value, Mapping) and value:
        name = next(iter(value))
        yield name
        value = value[name]
