"""Load structured data (YAML, CSV, XLSX, TOML) into `Record`s that remember where each value is.

Everything downstream reports problems as `path:line:col`, so the loaders keep, for every record
and every field, the position it was read from. Loaders only parse: types and cross-references
are checked by `validate`. Spreadsheets have their own module, `load_spreadsheet`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tomllib
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decade_report.errors import Location, ReportError

DATA_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx")
MAX_DATA_BYTES = 20 * 1024 * 1024
"""Largest data file read when report.toml sets no `[limits] max_data_mb`."""
MAX_NUMBER_DIGITS = 15
"""Most digits before the decimal point of a number in data (below 10^15). Floats hold whole
numbers exactly up to about 9×10^15, so a chart, a sum and the preflight's number check agree
below it; a longer number is an identifier or a slip of the keyboard, and a 400-digit one
overflows a float (a chart, `is_number`) or, past 4,300 digits, Python's own `int()`."""


NUMBER_HINT = (
    "write it in a larger unit (thousands, millions); a code that is not a quantity needs a "
    "letter in it (or quotes, in YAML)"
)
DATA_LIMIT_HINT = (
    "split the data into smaller files, or raise max_data_mb in [limits] of report.toml"
)


@dataclass(frozen=True)
class Record:
    """One row or mapping of a data file, with the location of the record and of each field."""

    values: Mapping[str, Any]
    where: Location
    fields: Mapping[str, Location] = field(default_factory=dict)

    def at(self, name: str) -> Location:
        return self.fields.get(name, self.where)


@dataclass(frozen=True)
class DataFile:
    """A data file read from disk: its records in file order."""

    name: str
    path: str
    records: tuple[Record, ...]
    text: str = ""
    """The file as read (YAML, CSV), for finding a value's exact column; "" for a spreadsheet."""


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def megabytes(size: int) -> str:
    """A file size for messages: "50 MB", "20.5 MB", or bytes when it is small."""
    if size < 2**20 // 10:
        return f"{size} bytes"
    return f"{size / 2**20:.1f}".removesuffix(".0") + " MB"


def read_text(
    path: Path, shown: str, limit: int | None = None, hint: str = "split it into smaller files"
) -> str:
    """Read a UTF-8 text file (a BOM is accepted), with located errors for size and encoding.

    The size is checked before reading and the read itself stops one byte past the limit, so a
    huge (or growing) file never lands in memory whole.
    """
    limit = MAX_DATA_BYTES if limit is None else limit
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            # a file that grows while it is read, or a device, stops at the limit all the same
            raw = file.read(limit + 1) if size <= limit else b""
    except OSError as error:
        raise ReportError.at(shown, f"cannot read file: {error.strerror or error}") from None
    if size > limit or len(raw) > limit:
        raise ReportError.at(
            shown,
            f"file is {megabytes(max(size, len(raw)))}, over the {megabytes(limit)} limit",
            hint,
        )
    encoding = wide_encoding(raw)
    if encoding:
        raise ReportError.at(
            shown,
            f"file is {encoding} encoded",
            "save it as UTF-8 (in Excel: Save As → CSV UTF-8; in an editor: Encoding → UTF-8)",
            line=1,
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        before = raw[line_start : error.start].decode("utf-8", errors="replace").lstrip("\ufeff")
        byte = raw[error.start]
        raise ReportError.at(
            shown,
            f"byte 0x{byte:02x} is not valid UTF-8 "
            f"(in Latin-1 it would be {bytes([byte]).decode('cp1252', 'replace')!r})",
            "save the file as UTF-8 (it looks like Latin-1 or Windows-1252)",
            line=raw[: error.start].count(b"\n") + 1,
            column=len(before) + 1,
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        raise ReportError.at(
            shown,
            "file contains a NUL character",
            "is it a binary file? save it as UTF-8 text",
            line=text.count("\n", 0, offset) + 1,
            column=offset - (text.rfind("\n", 0, offset) + 1) + 1,
        )
    return text


def wide_encoding(raw: bytes) -> str:
    """'UTF-16' or 'UTF-32' when the bytes are in one of those (with or without a BOM), else ''."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = raw[:4096]
    half = len(sample) // 2
    if half < 2:
        return ""
    # Latin text in UTF-16 has a NUL in every other byte; UTF-8 text never has NULs.
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) >= half * 0.4 and min(even, odd) <= half * 0.1:
        return "UTF-16"
    return ""


# --- YAML -----------------------------------------------------------------------------------


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


def plain(value: Any) -> Any:
    """Turn ruamel's round-trip types into plain Python values."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


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


# --- CSV ------------------------------------------------------------------------------------


def cell(value: str) -> Any:
    """CSV/XLSX cells: strip, empty means missing; pydantic does the type conversion."""
    value = value.strip()
    return value if value else None


def load_csv_records(path: Path, shown: str, limit: int | None = None) -> tuple[Record, ...]:
    return csv_records(read_text(path, shown, limit, DATA_LIMIT_HINT), shown)


def csv_records(text: str, shown: str) -> tuple[Record, ...]:
    if not text.strip():
        raise ReportError.at(shown, "file is empty", "add a header row and data rows", line=1)
    options = csv_options(text)
    reader = csv.reader(io.StringIO(text, newline=""), **options, strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as error:
        raise csv_problem(error, text, 1, reader.line_num, options, shown) from None
    check_header(header, shown)
    records = []
    line = reader.line_num
    try:
        for row in reader:
            start = line + 1
            line = reader.line_num
            if not any(c.strip() for c in row):
                continue
            if len(row) != len(header):
                more = len(row) > len(header)
                raise ReportError.at(
                    shown,
                    f"row has {len(row)} cell{'s' if len(row) != 1 else ''} "
                    f"but the header has {len(header)}",
                    "remove the extra cells or add a column"
                    if more
                    else "add the missing cells (an empty cell is just a comma: a,,c)",
                    line=start,
                    column=min(len(row), len(header)) + 1,
                )
            values = {name: cell(value) for name, value in zip(header, row, strict=True)}
            fields = {name: Location(shown, start, index + 1) for index, name in enumerate(header)}
            records.append(Record(values, Location(shown, start, 1), fields))
    except csv.Error as error:
        raise csv_problem(error, text, line + 1, reader.line_num, options, shown) from None
    return tuple(records)


def csv_options(text: str) -> dict[str, Any]:
    """The delimiter (',', ';' or tab) guessed from the start of the file; quoting is always '"'
    with "" for a quote inside a quoted cell, whatever the guesser thinks."""
    try:
        sniffed = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter, skip = sniffed.delimiter, bool(sniffed.skipinitialspace)
    except csv.Error:
        delimiter, skip = ",", False
    return {"delimiter": delimiter, "quotechar": '"', "doublequote": True, "skipinitialspace": skip}


def csv_problem(
    error: csv.Error, text: str, start: int, at: int, options: dict[str, Any], shown: str
) -> ReportError:
    """A located error for the record that starts on line `start`; the reader stopped at `at`."""
    if "end of data" in str(error):
        # the file ended inside a quoted cell: find the cell that opened it
        rest = "".join(io.StringIO(text, newline="").readlines()[start - 1 :])
        row = next(csv.reader(io.StringIO(rest, newline=""), **options), [""])
        return ReportError.at(
            shown,
            f'cell {len(row)} opens a quote (") that is never closed',
            "add the closing quote; the rest of the file was read as this one cell",
            line=start,
            column=len(row),
        )
    message = str(error).replace("'\"'", "the closing quote")
    return ReportError.at(
        shown,
        f"malformed CSV: {message}",
        'a quoted cell ends with " then a delimiter; write "" for a quote inside it',
        line=at,
    )


def check_header(header: list[str], shown: str) -> None:
    seen: set[str] = set()
    for index, name in enumerate(header):
        if not name:
            raise ReportError.at(
                shown, f"column {index + 1} has no name in the header row", line=1, column=index + 1
            )
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ReportError.at(
                shown,
                f"column name '{name}' must be letters, digits and _",
                line=1,
                column=index + 1,
            )
        if name in seen:
            raise ReportError.at(
                shown, f"column '{name}' appears twice in the header row", line=1, column=index + 1
            )
        seen.add(name)


# --- TOML -----------------------------------------------------------------------------------


TOML_MESSAGES = {
    "Illegal character '\\n'": "a string has no closing quote on its line",
    "Unterminated string": "a string has no closing quote",
    "Cannot overwrite a value": "a key is set twice",
    "Invalid value": "a value is missing or invalid (text needs quotes)",
}
"""tomllib's terse messages, for the mistakes people make most, in plainer words."""


def parse_toml(text: str, shown: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        message = re.sub(r"\s*\(at (line|end of document).*\)", "", str(error))
        message = TOML_MESSAGES.get(message, message)
        if match:
            line, column = int(match[1]), int(match[2])
        else:  # "(at end of document)": point at the end of the last line
            line, column = text.count("\n") + 1, len(text.rsplit("\n", 1)[-1]) + 1
        raise ReportError.at(
            shown,
            f"malformed TOML: {message[:1].lower()}{message[1:]}",
            "check quotes, brackets and '=' signs",
            line=line,
            column=column,
        ) from None
    except RecursionError:
        raise ReportError.at(shown, "malformed TOML: nesting too deep", line=1) from None


# --- dispatch -------------------------------------------------------------------------------


def load_data_file(path: Path, root: Path, limit: int | None = None) -> DataFile:
    """One data file; `limit` is the largest size in bytes (default: `MAX_DATA_BYTES`)."""
    shown = relative(path, root)
    suffix = path.suffix.lower()
    limit = MAX_DATA_BYTES if limit is None else limit
    if suffix == ".xlsx":
        from decade_report.load.spreadsheet import load_xlsx_records

        return DataFile(path.stem, shown, load_xlsx_records(path, shown, limit))
    if suffix not in (".yaml", ".yml", ".csv"):
        raise ReportError.at(
            shown, f"unsupported data file type '{suffix}'", "use .yaml, .csv or .xlsx"
        )
    text = read_text(path, shown, limit, DATA_LIMIT_HINT)
    records = csv_records(text, shown) if suffix == ".csv" else yaml_records(text, shown)
    return DataFile(path.stem, shown, records, text)
