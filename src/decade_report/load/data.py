"""Load a data file (YAML, CSV or XLSX) into `Record`s that remember where each value is.

Everything downstream reports problems as `path:line:col`, so the readers keep, for every record
and every field, the position it was read from. Readers only parse: types and cross-references
are checked by `validate`. Each format has its reader (`yaml_reader`, `csv_reader`,
`spreadsheet`); this module picks one by the file's suffix.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from decade_report.errors import ReportError
from decade_report.load import text as load_text
from decade_report.load.csv_reader import csv_records
from decade_report.load.records import DataFile, Record
from decade_report.load.spreadsheet import load_xlsx_records
from decade_report.load.text import relative
from decade_report.load.yaml_reader import yaml_records

DATA_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx")

PARSED: OrderedDict[tuple[str, str], tuple[Record, ...]] = OrderedDict()
"""The records of the data files last parsed, by (path shown, text): a preview that reloads
the project after each save parses again only the files whose text changed (a 5,000-row CSV
takes seconds). Records are frozen and never changed downstream."""
KEPT_PARSED = 256


def load_data_file(path: Path, root: Path, limit: int | None = None) -> DataFile:
    """One data file; `limit` is the largest size in bytes (default: `MAX_DATA_BYTES`)."""
    shown = relative(path, root)
    suffix = path.suffix.lower()
    # looked up when called: a test may lower the module's limit
    limit = load_text.MAX_DATA_BYTES if limit is None else limit
    if suffix == ".xlsx":
        return DataFile(path.stem, shown, load_xlsx_records(path, shown, limit))
    if suffix not in (".yaml", ".yml", ".csv"):
        raise ReportError.at(
            shown, f"unsupported data file type '{suffix}'", "use .yaml, .csv or .xlsx"
        )
    text = load_text.read_text(path, shown, limit, load_text.DATA_LIMIT_HINT)
    key = (shown, text)
    records = PARSED.get(key)
    if records is None:  # a file that fails to parse raises: never remembered
        records = csv_records(text, shown) if suffix == ".csv" else yaml_records(text, shown)
        PARSED[key] = records
        while len(PARSED) > KEPT_PARSED:
            PARSED.popitem(last=False)
    PARSED.move_to_end(key)
    return DataFile(path.stem, shown, records, text)
