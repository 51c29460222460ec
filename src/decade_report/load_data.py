"""Load structured data (YAML, CSV, XLSX, TOML) into `Record`s that remember where each value is.

Everything downstream reports problems as `path:line:col`, so the loaders keep, for every record
and every field, the position it was read from. Loaders only parse: types and cross-references
are checked by `validate`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tomllib
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decade_report.errors import Location, ReportError

DATA_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx")
MAX_DATA_BYTES = 20 * 1024 * 1024


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


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def read_text(path: Path, shown: str, limit: int | None = None) -> str:
    """Read a UTF-8 text file (a BOM is accepted), with located errors for size and encoding."""
    try:
        size = path.stat().st_size
        limit = MAX_DATA_BYTES if limit is None else limit
        if size > limit:
            raise ReportError.at(
                shown,
                f"file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit",
                "split the file into smaller datasets",
            )
        raw = path.read_bytes()
    except OSError as error:
        raise ReportError.at(shown, f"cannot read file: {error.strerror}") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReportError.at(shown, "file is UTF-16 encoded", "save it as UTF-8", line=1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise ReportError.at(
            shown,
            f"byte 0x{raw[error.start]:02x} is not valid UTF-8",
            "save the file as UTF-8 (it looks like Latin-1 or Windows-1252)",
            line=line,
            column=column,
        ) from None
    if "\x00" in text:
        raise ReportError.at(shown, "file contains NUL characters", "is it a binary file?")
    return text


# --- YAML -----------------------------------------------------------------------------------


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    return yaml


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> Any:
    """Parse YAML safely (no object construction) keeping ruamel's position information."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _yaml().load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + line_offset if mark else 0
        column = mark.column + 1 if mark else 0
        what = (error.problem or error.context or "invalid YAML").strip()
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


def load_yaml_records(path: Path, shown: str) -> tuple[Record, ...]:
    document = parse_yaml(read_text(path, shown), shown)
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


def load_csv_records(path: Path, shown: str) -> tuple[Record, ...]:
    text = read_text(path, shown)
    if not text.strip():
        raise ReportError.at(shown, "file is empty", "add a header row and data rows", line=1)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as error:
        raise ReportError.at(shown, f"malformed CSV: {error}", line=1) from None
    check_header(header, shown)
    records = []
    line = reader.line_num
    try:
        for row in reader:
            start = line + 1
            line = reader.line_num
            if not any(c.strip() for c in row):
                continue
            if len(row) > len(header):
                raise ReportError.at(
                    shown,
                    f"row has {len(row)} cells but the header has {len(header)}",
                    "remove the extra cells or add a column",
                    line=start,
                )
            values = {name: cell(value) for name, value in zip(header, row, strict=False)}
            fields = {name: Location(shown, start, index + 1) for index, name in enumerate(header)}
            records.append(Record(values, Location(shown, start, 1), fields))
    except csv.Error as error:
        raise ReportError.at(shown, f"malformed CSV: {error}", line=reader.line_num) from None
    return tuple(records)


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


# --- XLSX -----------------------------------------------------------------------------------


def load_xlsx_records(path: Path, shown: str) -> tuple[Record, ...]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    if path.stat().st_size > MAX_DATA_BYTES:
        raise ReportError.at(
            shown,
            f"spreadsheet is over the {MAX_DATA_BYTES / 1e6:.0f} MB limit",
            "split it into smaller datasets",
        )
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ReportError.at(
            shown,
            f"cannot open spreadsheet: {error}",
            "save it again as .xlsx from your spreadsheet program",
        ) from None
    rows = workbook.worksheets[0].iter_rows() if workbook.worksheets else (r for r in ())
    try:
        try:
            header_cells = next(rows)
        except StopIteration:
            raise ReportError.at(shown, "spreadsheet is empty", line=1) from None
        header = ["" if c.value is None else str(c.value).strip() for c in header_cells]
        while header and not header[-1]:
            header.pop()
        check_header(header, f"{shown}")
        records = []
        for number, row in enumerate(rows, start=2):
            if all(c.value is None for c in row):
                continue
            extra = [i for i in range(len(header), len(row)) if row[i].value is not None]
            if extra:
                raise ReportError.at(
                    shown,
                    f"row {number} has a value in column {get_column_letter(extra[0] + 1)}"
                    " that has no header",
                    "add a column name in row 1 or clear the cell",
                    line=number,
                    column=extra[0] + 1,
                )
            values: dict[str, Any] = {}
            fields: dict[str, Location] = {}
            for index, name in enumerate(header):
                value = row[index].value if index < len(row) else None
                where = Location(shown, number, index + 1)
                if isinstance(value, str) and value.startswith("="):
                    raise ReportError.at(
                        shown,
                        f"cell {get_column_letter(index + 1)}{number} holds a formula "
                        f"({value[:40]})",
                        "paste the values instead of the formula (Paste special → Values)",
                        line=number,
                        column=index + 1,
                    )
                values[name] = cell(value) if isinstance(value, str) else plain(value)
                fields[name] = where
            records.append(Record(values, Location(shown, number, 1), fields))
        return tuple(records)
    finally:
        rows.close()
        workbook.close()


# --- TOML -----------------------------------------------------------------------------------


def parse_toml(text: str, shown: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        message = re.sub(r"\s*\(at line.*\)", "", str(error))
        line, column = (int(match[1]), int(match[2])) if match else (0, 0)
        raise ReportError.at(
            shown,
            f"malformed TOML: {message}",
            "check quotes, brackets and '=' signs",
            line=line,
            column=column,
        ) from None


def toml_key_location(text: str, shown: str, keys: tuple[str | int, ...]) -> Location:
    """Best-effort position of a (nested) key in a TOML text: tomllib keeps no positions."""
    names = [k for k in keys if isinstance(k, str)]
    lines = text.splitlines()
    for name in reversed(names):
        pattern = re.compile(rf"^\s*(\[+\s*)?([\w.-]*\.)?\"?{re.escape(name)}\"?\s*(=|\]+)")
        for number, line in enumerate(lines, start=1):
            if pattern.match(line):
                return Location(shown, number, line.index(name) + 1)
    return Location(shown)


# --- dispatch -------------------------------------------------------------------------------


def load_data_file(path: Path, root: Path) -> DataFile:
    shown = relative(path, root)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        records = load_yaml_records(path, shown)
    elif suffix == ".csv":
        records = load_csv_records(path, shown)
    elif suffix == ".xlsx":
        records = load_xlsx_records(path, shown)
    else:
        raise ReportError.at(
            shown, f"unsupported data file type '{suffix}'", "use .yaml, .csv or .xlsx"
        )
    return DataFile(path.stem, shown, records)
