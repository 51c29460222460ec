"""Load a spreadsheet (.xlsx): the first sheet's rows as `Record`s, each cell located.

Spreadsheets bring their own ways to go wrong, each refused with the cell it happens in: a file
that is no zip (or a zip bomb), formulas, error values, merged cells. Only values are read; the
first row names the fields, as the header of a CSV file does.
"""

from __future__ import annotations

import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from decade_report.errors import Location, ReportError
from decade_report.load import text as load_text
from decade_report.load.records import (
    MAX_NUMBER_DIGITS,
    NUMBER_HINT,
    Record,
    cell,
    check_header,
    plain,
)
from decade_report.load.text import DATA_LIMIT_HINT, megabytes

MAX_ROWS = 100_000
"""Rows a sheet may have, header included: a report's data is far smaller, and the rows are
counted from the cells present, whatever the sheet's own (forgeable) dimension says."""
MAX_COLUMNS = 200
"""Columns a sheet may have."""
UNPACKED_RATIO = 20
"""An .xlsx may unpack to this many times the data-file limit: more looks like a zip bomb."""
MERGED = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+)(?::([A-Z]+\d+))?"')
SPREADSHEET_FAULTS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    OSError,
    ValueError,
    TypeError,
    SyntaxError,  # xml.etree's ParseError
)


def load_xlsx_records(path: Path, shown: str, limit: int | None = None) -> tuple[Record, ...]:
    """The records of the first sheet: row 1 is the header, each later row a record."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_spreadsheet(path, shown, load_text.MAX_DATA_BYTES if limit is None else limit)
    with warnings.catch_warnings():
        # openpyxl warns about features it drops (data validation, slicers): not our concern
        warnings.simplefilter("ignore", UserWarning)
        try:
            workbook = load_workbook(path, read_only=True, data_only=False)
        except (*SPREADSHEET_FAULTS, InvalidFileException) as error:
            raise unreadable(shown, error) from None
        if workbook.worksheets:
            # the <dimension ref="A1:XFD1048576"/> a file declares is only a claim: openpyxl
            # would pad every row to it; the rows are as wide as their own cells instead
            workbook.worksheets[0].reset_dimensions()
        rows = iter(workbook.worksheets[0].iter_rows() if workbook.worksheets else ())
        try:
            if workbook.worksheets:
                check_merged_cells(path, workbook.worksheets[0], shown)
            return sheet_records(rows, shown)
        except SPREADSHEET_FAULTS as error:
            if isinstance(error, ValueError) and workbook.worksheets:
                long_number_cell(path, workbook.worksheets[0], shown)
            raise unreadable(shown, error) from None
        finally:
            # the row generator holds the sheet open inside the zip: close it before the book
            getattr(rows, "close", lambda: None)()
            workbook.close()


def unreadable(shown: str, error: BaseException) -> ReportError:
    return ReportError.at(
        shown,
        f"cannot read spreadsheet: {error}",
        "is it damaged? open it in your spreadsheet program and save it again as .xlsx",
    )


def check_spreadsheet(path: Path, shown: str, limit: int) -> None:
    """Refuse before openpyxl sees it: too big on disk or unpacked, empty, or not a zip."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ReportError.at(shown, f"cannot read file: {error.strerror or error}") from None
    if size > limit:
        raise ReportError.at(
            shown,
            f"spreadsheet is {megabytes(size)}, over the {megabytes(limit)} limit",
            DATA_LIMIT_HINT,
        )
    if size == 0:
        raise ReportError.at(shown, "file is empty", "save the spreadsheet again as .xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ReportError.at(
            shown,
            f"cannot open spreadsheet: not an .xlsx file ({error})",
            "is it damaged, or another format renamed? save it again as .xlsx (Excel Workbook)",
        ) from None
    if unpacked > limit * UNPACKED_RATIO:
        raise ReportError.at(
            shown,
            f"spreadsheet unpacks to {megabytes(unpacked)}, over the "
            f"{megabytes(limit * UNPACKED_RATIO)} limit",
            DATA_LIMIT_HINT,
        )


LONG_NUMBER = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?r="([A-Z]+)(\d+)"[^>]*>\s*<(?:\w+:)?v>\s*[-+]?(\d{4000})'
)
"""A number cell too long for Python's `int()` (4,300 digits), which openpyxl calls on it."""


def sheet_search(path: Path, worksheet: Any, pattern: re.Pattern[bytes], overlap: int) -> Any:
    """The first match of `pattern` in the sheet's XML, read in chunks (a match may straddle two
    chunks by up to `overlap` bytes), or None."""
    member = getattr(worksheet, "_worksheet_path", None)
    if not member:
        return None
    tail = b""
    with zipfile.ZipFile(path) as archive, archive.open(member) as xml:
        while chunk := xml.read(1 << 20):
            text = tail + chunk
            if match := pattern.search(text):
                return match
            tail = text[-overlap:]
    return None


def long_number_cell(path: Path, worksheet: Any, shown: str) -> None:
    """Raise a located error for the first number cell openpyxl cannot convert; openpyxl's
    ValueError does not say which cell, so the sheet's XML is scanned (only once it failed)."""
    from openpyxl.utils import column_index_from_string

    match = sheet_search(path, worksheet, LONG_NUMBER, 5000)
    if match:
        column, row = match[1].decode(), int(match[2])
        raise ReportError.at(
            shown,
            f"cell {column}{row} holds a number of over 4,000 digits, over the "
            f"{MAX_NUMBER_DIGITS} a number in data may have",
            NUMBER_HINT,
            line=row,
            column=column_index_from_string(column),
        )


def check_merged_cells(path: Path, worksheet: Any, shown: str) -> None:
    """Merged cells leave all but one cell empty: refuse them, naming the first range.

    openpyxl's streaming reader ignores merges, so the sheet's XML is scanned for them.
    """
    from openpyxl.utils import column_index_from_string

    match = sheet_search(path, worksheet, MERGED, 200)
    if match:
        column, row = match[1].decode(), int(match[2])
        cells = f"{column}{row}" + (f":{match[3].decode()}" if match[3] else "")
        raise ReportError.at(
            shown,
            f"cells {cells} are merged",
            "unmerge them and repeat the value in every cell: each row needs its own",
            line=row,
            column=column_index_from_string(column),
        )


def check_size(row: Any, number: int, shown: str) -> None:
    """Refuse a row past `MAX_ROWS` or wider than `MAX_COLUMNS`, before it is looked at."""
    from openpyxl.utils import get_column_letter

    if number > MAX_ROWS:
        raise ReportError.at(
            shown,
            f"the sheet goes on past row {MAX_ROWS:,}, the most a data file may have",
            "delete the rows below the data (Ctrl+End shows the last cell in use),"
            " or split the data into several files",
            line=number,
        )
    if len(row) > MAX_COLUMNS:
        last = next(i for i in range(len(row) - 1, -1, -1) if row[i].value is not None)
        raise ReportError.at(
            shown,
            f"row {number} has a value in column {get_column_letter(last + 1)}, past the"
            f" {MAX_COLUMNS} columns a data file may have",
            "delete the columns right of the data",
            line=number,
            column=last + 1,
        )


def sheet_records(rows: Iterator[Any], shown: str) -> tuple[Record, ...]:
    from openpyxl.utils import get_column_letter

    try:
        header_cells = next(rows)
    except StopIteration:
        raise ReportError.at(
            shown, "spreadsheet is empty", "add a header row in row 1", line=1
        ) from None
    check_size(header_cells, 1, shown)
    header = ["" if c.value is None else str(c.value).strip() for c in header_cells]
    while header and not header[-1]:
        header.pop()
    check_header(header, shown)
    records = []
    for number, row in enumerate(rows, start=2):
        check_size(row, number, shown)
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
            sheet_cell = row[index] if index < len(row) else None
            value = sheet_cell.value if sheet_cell is not None else None
            kind = getattr(sheet_cell, "data_type", "")
            reference = f"{get_column_letter(index + 1)}{number}"
            if kind == "f" or (isinstance(value, str) and value.startswith("=")):
                formula = getattr(value, "text", value)
                raise ReportError.at(
                    shown,
                    f"cell {reference} holds a formula ({str(formula)[:40]})",
                    "paste the values instead of the formula (Paste special → Values)",
                    line=number,
                    column=index + 1,
                )
            if kind == "e":
                raise ReportError.at(
                    shown,
                    f"cell {reference} shows an error ({value})",
                    "correct the cell in the spreadsheet; it needs a value",
                    line=number,
                    column=index + 1,
                )
            values[name] = cell(value) if isinstance(value, str) else plain(value)
            fields[name] = Location(shown, number, index + 1)
        records.append(Record(values, Location(shown, number, 1), fields))
    return tuple(records)
