"""Data files as typed records and as datasets: pydantic's verdict on each record in plain words,
and numbers that arrive as text (CSV, XLSX) read as numbers, unless too long to be exact.
"""

from __future__ import annotations

import math
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from decade_report.errors import Problem
from decade_report.load.records import MAX_NUMBER_DIGITS, NUMBER_HINT, DataFile, Record
from decade_report.model.report import Dataset, Row
from decade_report.model.schema_errors import DATA, schema_problems

NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^[+-]?(nan|inf|infinity)$", re.I)


def parse_records(
    datafile: DataFile, model: type[BaseModel], problems: list[Problem]
) -> list[tuple[Any, Record]]:
    """The records of a data file (or charts.yaml) as models that know where they are written;
    a record that does not fit the model is left out, its problems reported."""
    parsed = []
    for record in datafile.records:
        try:
            item = model.model_validate(record.values)
        except ValidationError as error:
            locate = lambda keys, r=record: r.at(str(keys[0]) if keys else "")  # noqa: E731
            problems.extend(schema_problems(error, model, locate, DATA))
            continue
        parsed.append((item.located(record.where, record.fields), record))
    return parsed


def number(value: Any) -> Any:
    """Numbers in CSV/XLSX arrive as text: convert those that are numbers. A number too long to
    be one (see `number_fault`) stays the text it is: converting it would overflow or raise."""
    if isinstance(value, str) and NUMBER.match(value.strip()):
        text = value.strip()
        if whole_digits(text) > MAX_NUMBER_DIGITS:
            return text
        return int(text) if re.fullmatch(r"[+-]?\d+", text) else float(text)
    return value


def whole_digits(text: str) -> int:
    """Digits before the decimal point of a number written as text, exponent included."""
    mantissa, _, exponent = text.lower().lstrip("+-").partition("e")
    digits = len(mantissa.split(".")[0].lstrip("0"))
    try:
        return digits + int(exponent) if exponent and digits else digits
    except ValueError:  # an exponent too long to read: far too large anyway
        return MAX_NUMBER_DIGITS + 1 if not exponent.lstrip("+").startswith("-") else 0


def number_fault(value: Any) -> str | None:
    """What is wrong with a data value as a number (too large to chart or print exactly)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not NUMBER.match(text) or whole_digits(text) <= MAX_NUMBER_DIGITS:
            return None
        count = whole_digits(text)
    elif isinstance(value, float):
        if not math.isfinite(value) or abs(value) < 10**MAX_NUMBER_DIGITS:
            return None
        count = len(f"{abs(value):.0f}")
    else:
        if abs(value) < 10**MAX_NUMBER_DIGITS:
            return None
        count = len(str(abs(value))) if abs(value).bit_length() < 14_000 else 4_300
    inexact = isinstance(value, float) or (isinstance(value, int) and count >= 4_300)
    return (
        f"is a number of {'about ' if inexact else ''}{count:,} digits, over the "
        f"{MAX_NUMBER_DIGITS} a number in data may have"
    )


def to_dataset(datafile: DataFile, problems: list[Problem]) -> Dataset:
    columns: list[str] = []
    rows = []
    for record in datafile.records:
        for key in record.values:
            if key not in columns and key != "illustrative":
                columns.append(key)
        values = {k: number(v) for k, v in record.values.items() if k != "illustrative"}
        for key, value in values.items():
            fault = number_fault(value)
            if fault:
                problems.append(
                    Problem(record.at(key), f"{datafile.name}.{key} {fault}", NUMBER_HINT)
                )
        flag = record.values.get("illustrative", False)
        illustrative = str(flag).strip().lower() in ("true", "yes", "1")
        if flag not in (None, False, True) and str(flag).strip().lower() not in (
            "true",
            "false",
            "yes",
            "no",
            "1",
            "0",
        ):
            problems.append(
                Problem(
                    record.at("illustrative"), f"'illustrative' must be true or false, not {flag!r}"
                )
            )
        rows.append(Row(values, illustrative, record.where, record.fields))
    return Dataset(datafile.name, datafile.path, tuple(columns), tuple(rows))
