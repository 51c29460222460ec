"""`decade-report init DIR`: scaffold a complete, neutral report project that builds as it is.

The files come from the `scaffold/` folder inside the package (so an installed wheel carries
them); the spreadsheet example is written here with openpyxl, because a binary file is better
made than stored. An existing folder with anything in it is refused: init never overwrites.
"""

from __future__ import annotations

import shutil
from importlib.resources import as_file, files
from pathlib import Path

from decade_report.errors import ReportError

CONTRIBUTIONS = (
    ("year", "contributions", "illustrative"),
    *(
        (year, amount, year >= 2022)
        for year, amount in zip(
            range(2015, 2025), (120, 135, 150, 160, 180, 175, 190, 210, 230, 250), strict=True
        )
    ),
)
"""The example spreadsheet: member contributions per year, in thousand euros."""


def init_project(target: Path) -> list[Path]:
    """Write the scaffold into `target` (created if missing); the files written, sorted."""
    if target.exists() and not target.is_dir():
        raise ReportError.at(target, "is a file, not a folder", "give a new folder's name")
    if target.is_dir() and any(target.iterdir()):
        raise ReportError.at(
            target,
            "the folder is not empty: init writes a new project only into an empty folder",
            "give the name of a new folder, e.g. decade-report init my-report",
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
        with as_file(files("decade_report") / "scaffold") as scaffold:
            shutil.copytree(
                scaffold,
                target,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )
        write_spreadsheet(target / "data" / "contributions.xlsx")
    except OSError as error:
        raise ReportError.at(
            target, f"could not write the project: {error.strerror or error}", "check the folder"
        ) from None
    return sorted(p for p in target.rglob("*") if p.is_file())


def write_spreadsheet(path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "contributions"
    for row in CONTRIBUTIONS:
        sheet.append(list(row))
    workbook.save(path)
