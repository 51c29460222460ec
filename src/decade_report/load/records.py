"""What a data file holds once read: records of plain values, each field located.

YAML, CSV and spreadsheet readers all hand on `Record`s; the rules they share (the header row of a
table, a cell's value, how long a number may be) live here so that each reader applies them alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from decade_report.errors import Location, ReportError

MAX_NUMBER_DIGITS = 15
"""Most digits before the decimal point of a number in data (below 10^15). Floats hold whole
numbers exactly up to about 9×10^15, so a chart, a sum and the preflight's number check agree
below it; a longer number is an identifier or a slip of the keyboard, and a 400-digit one
overflows a float (a chart, `is_number`) or, past 4,300 digits, Python's own `int()`."""
NUMBER_HINT = (
    "write it in a larger unit (thousands, millions); a code that is not a quantity needs a "
    "letter in it (or quotes, in YAML)"
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


def cell(value: str) -> Any:
    """CSV/XLSX cells: strip, empty means missing; pydantic does the type conversion."""
    value = value.strip()
    return value if value else None


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
