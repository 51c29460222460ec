"""Read YAML safely: no objects constructed, positions kept, aliases bounded.

ruamel.yaml's round-trip loader keeps where each mapping and key was written (`.lc`), which every
later message needs; a composer that counts what aliases expand to refuses alias bombs while the
file is read. Data files are lists of mappings, each becoming a `Record`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from decade_report.errors import Location, ReportError
from decade_report.load.records import Record, plain
from decade_report.load.text import DATA_LIMIT_HINT, read_text

_CONSTRUCTOR: Any = None
_COMPOSER: Any = None
MAX_ALIAS_VALUES = 100_000
"""Values that the aliases (`*name`, `<<: *name`) of one YAML file may repeat in all: plenty for
shared defaults, far too few for an alias bomb (nine aliases of nine aliases… of a list)."""
ALIAS_HINT = "write the values out instead of repeating them with anchors (&) and aliases (*)"


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    yaml.Constructor = _constructor()
    yaml.Composer = _composer()
    return yaml


class AliasRefused(Exception):
    """Raised by the composer at an alias that refers to itself or repeats too much."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message, self.mark = message, mark


def _composer() -> Any:
    """ruamel's composer, counting the values each alias stands for as it reads it.

    An alias is one node shared in the tree, cheap to parse, but everything after the parser
    (plain values, validation, templates) sees it expanded: nine aliases of nine aliases of a list
    are 0.5 KB of YAML and millions of values. The expanded size is counted while composing and
    the file refused at the alias that goes over `MAX_ALIAS_VALUES`; an alias inside the node it
    names (a recursive structure) is refused too, since the data would be infinite.
    """
    global _COMPOSER
    if _COMPOSER is None:
        from ruamel.yaml.composer import Composer as RuamelComposer
        from ruamel.yaml.events import AliasEvent
        from ruamel.yaml.nodes import MappingNode, SequenceNode

        class Composer(RuamelComposer):  # type: ignore[misc]
            def compose_node(self, parent: Any, index: Any) -> Any:
                if not hasattr(self, "repeated"):
                    self.repeated, self.open_anchors, self.sizes = 0, [], {}
                event = self.parser.peek_event()
                if isinstance(event, AliasEvent):
                    if event.anchor in self.open_anchors:
                        raise AliasRefused(
                            f"the alias *{event.anchor} is inside the value it names"
                            " (a recursive structure)",
                            event.start_mark,
                        )
                    node = self.anchors.get(event.anchor)
                    if node is not None:
                        self.repeated += size(node, self.sizes)
                        if self.repeated > MAX_ALIAS_VALUES:
                            raise AliasRefused(
                                f"the aliases repeat more than {MAX_ALIAS_VALUES:,} values"
                                f" (the alias *{event.anchor} goes over)",
                                event.start_mark,
                            )
                    return super().compose_node(parent, index)
                self.open_anchors.append(event.anchor)
                try:
                    return super().compose_node(parent, index)
                finally:
                    self.open_anchors.pop()

        def size(node: Any, sizes: dict[int, int]) -> int:
            """Values a node stands for once every alias in it is expanded (memoised)."""
            known = sizes.get(id(node))
            if known is not None:
                return known
            if isinstance(node, SequenceNode):
                total = 1 + sum(size(child, sizes) for child in node.value)
            elif isinstance(node, MappingNode):
                total = 1 + sum(size(k, sizes) + size(v, sizes) for k, v in node.value)
            else:
                total = 1
            sizes[id(node)] = total
            return total

        _COMPOSER = Composer
    return _COMPOSER


def _constructor() -> Any:
    """ruamel's round-trip constructor, except that a date that does not exist (2006-02-30)
    stays the text it is: validation then reports it at its field instead of a traceback."""
    global _CONSTRUCTOR
    if _CONSTRUCTOR is None:
        from ruamel.yaml.constructor import RoundTripConstructor

        class Constructor(RoundTripConstructor):  # type: ignore[misc]
            pass

        def timestamp(constructor: Any, node: Any) -> Any:
            try:
                return constructor.construct_yaml_timestamp(node)
            except (ValueError, OverflowError):
                return str(node.value)

        Constructor.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
        _CONSTRUCTOR = Constructor
    return _CONSTRUCTOR


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> Any:
    """Parse YAML safely (no object construction) keeping ruamel's position information."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError, YAMLFutureWarning, YAMLWarning

    try:
        with warnings.catch_warnings():
            # a reused anchor is valid YAML (the later one wins): no warning on the console
            warnings.simplefilter("ignore", YAMLWarning)
            warnings.simplefilter("ignore", YAMLFutureWarning)
            return _yaml().load(text)
    except AliasRefused as error:
        raise ReportError.at(
            shown,
            f"YAML refused: {error.message}",
            ALIAS_HINT,
            line=error.mark.line + 1 + line_offset,
            column=error.mark.column + 1,
        ) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + line_offset if mark else 0
        column = mark.column + 1 if mark else 0
        what = (error.problem or error.context or "invalid YAML").strip()
        start = error.context_mark
        if error.problem and error.context and start and mark and start.line != mark.line:
            # the parser notices late (an unclosed '[' or quote): say where the thing began
            what += (
                f" ({error.context.strip()} that starts at line {start.line + 1 + line_offset},"
                f" column {start.column + 1})"
            )
        raise ReportError.at(
            shown,
            f"malformed YAML: {what}",
            "check indentation, colons and quotes",
            line=line,
            column=column,
        ) from None
    except YAMLError as error:
        raise ReportError.at(shown, f"malformed YAML: {error}") from None
    except RecursionError:
        raise ReportError.at(shown, "malformed YAML: nesting too deep") from None
    except Exception as error:  # ruamel fails on some odd input: `-_`, `? - a`
        line, column, what = unreadable_node(text)
        raise ReportError.at(
            shown,
            f"malformed YAML: {what or f'cannot be read ({type(error).__name__}: {error})'}",
            "a key is a plain word followed by ':'; put odd values in quotes",
            line=line + line_offset if line else 0,
            column=column,
        ) from None


def unreadable_node(text: str) -> tuple[int, int, str]:
    """(line, column, what) of the first key that is a list or a mapping, or of the first value
    ruamel fails to build; (0, 0, "") when neither is found."""
    from ruamel.yaml.nodes import CollectionNode, MappingNode, ScalarNode

    yaml = _yaml()
    try:
        pending = [yaml.compose(text)]
    except Exception:  # best effort: the caller reports the error either way
        return 0, 0, ""
    while pending:
        node = pending.pop(0)
        if isinstance(node, MappingNode):
            for key, _ in node.value:
                if isinstance(key, CollectionNode):
                    mark = key.start_mark
                    return mark.line + 1, mark.column + 1, "a key is a list or a mapping"
        if isinstance(node, ScalarNode):
            try:
                yaml.constructor.construct_object(node)
            except Exception:
                mark = node.start_mark
                return mark.line + 1, mark.column + 1, f"the value {node.value!r} cannot be read"
        if isinstance(node, CollectionNode):
            pending.extend(
                child
                for item in node.value
                for child in (item if isinstance(item, tuple) else (item,))
            )
    return 0, 0, ""


def mapping_record(node: Any, shown: str, line_offset: int = 0) -> Record:
    """A record from a YAML mapping node, with field positions."""
    line, column = node.lc.line, node.lc.col
    fields = {}
    for key in node:
        try:
            key_line, key_column = node.lc.key(key)
        except KeyError:  # a key merged in from an anchor (<<: *base) has no position here
            key_line, key_column = line, column
        fields[str(key)] = Location(shown, key_line + 1 + line_offset, key_column + 1)
    return Record(plain(node), Location(shown, line + 1 + line_offset, column + 1), fields)


def load_yaml_records(path: Path, shown: str, limit: int | None = None) -> tuple[Record, ...]:
    return yaml_records(read_text(path, shown, limit, DATA_LIMIT_HINT), shown)


def yaml_records(text: str, shown: str) -> tuple[Record, ...]:
    document = parse_yaml(text, shown)
    if document is None:
        raise ReportError.at(shown, "file is empty", "add a list of records", line=1)
    if not isinstance(document, list):
        raise ReportError.at(shown, "expected a list of records (lines starting with '- ')", line=1)
    records = []
    for index, item in enumerate(document):
        if not isinstance(item, Mapping):
            line = document.lc.item(index)[0] + 1
            raise ReportError.at(
                shown, f"record {index + 1} is not a mapping of field: value", line=line
            )
        records.append(mapping_record(item, shown))
    return tuple(records)
