"""Read CSV data files: the header row names the fields, each cell is located by row and column.

The delimiter is guessed (comma, semicolon or tab, as spreadsheets export them); a quote left
open or a row with too many cells is refused at the line and cell where it happens.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from decade_report.errors import Location, ReportError
from decade_report.load.records import Record, cell, check_header
from decade_report.load.text import DATA_LIMIT_HINT, read_text


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
