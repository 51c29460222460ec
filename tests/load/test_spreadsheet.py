"""Spreadsheets: formulas, merged cells, error values, broken zips and zip bombs are refused at
their cell."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from broken_projects import (
    MB,
    edit_sheet,
    expect,
    set_cell,
    the_problem,
)
from decade_report.errors import Location, ReportError
from decade_report.load.spreadsheet import load_xlsx_records


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): these
    tests are about one report's sources."""
    return english_project


# --- spreadsheets ---------------------------------------------------------------------------


def test_xlsx_with_a_formula(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_sheet(project, set_cell("D3", "=D2*2"))
    expect(
        the_problem(project, capsys),
        Location("data/trainings.xlsx", 3, 4),
        "cell D3 holds a formula (=D2*2)",
    )


def test_xlsx_with_merged_cells(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_sheet(project, lambda sheet: sheet.merge_cells("A3:A4"))
    expect(
        the_problem(project, capsys),
        Location("data/trainings.xlsx", 3, 1),
        "cells A3:A4 are merged",
    )


def test_xlsx_with_an_error_cell(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def division_by_zero(sheet: Any) -> None:
        sheet["D3"] = "#DIV/0!"
        sheet["D3"].data_type = "e"

    edit_sheet(project, division_by_zero)
    expect(
        the_problem(project, capsys),
        Location("data/trainings.xlsx", 3, 4),
        "cell D3 shows an error (#DIV/0!)",
    )


@pytest.mark.parametrize(
    "damage",
    [
        lambda real: os.urandom(4096),
        lambda real: real[: len(real) // 2],
        lambda real: b"PK\x03\x04",
    ],
    ids=["random-bytes", "truncated", "zip-header-only"],
)
def test_xlsx_that_is_not_a_zip(
    project: Path, capsys: pytest.CaptureFixture[str], damage: Callable[[bytes], bytes]
) -> None:
    path = project / "data" / "trainings.xlsx"
    path.write_bytes(damage(path.read_bytes()))
    expect(
        the_problem(project, capsys),
        Location("data/trainings.xlsx"),
        "cannot open spreadsheet: not an .xlsx file (File is not a zip file)",
    )


def test_xlsx_with_a_corrupt_sheet(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "data" / "trainings.xlsx"
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    raw = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 10, start + min(info.compress_size, 60)):
        raw[offset] ^= 0x5A
    path.write_bytes(bytes(raw))
    problem = the_problem(project, capsys)
    assert problem.where == Location("data/trainings.xlsx")
    assert problem.message.startswith("cannot read spreadsheet: ")


def test_xlsx_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (3 * MB))
    assert path.stat().st_size < 64 * 1024
    with pytest.raises(ReportError) as caught:
        load_xlsx_records(path, "bomb.xlsx", limit=100 * 1024)
    [problem] = caught.value.problems
    assert problem.message == "spreadsheet unpacks to 3 MB, over the 2 MB limit"
