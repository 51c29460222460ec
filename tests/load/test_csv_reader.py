"""CSV files: ragged rows and quotes left open are refused at their row and cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from broken_projects import (
    Edit,
    at,
    expect,
    the_problem,
)


@pytest.mark.parametrize(
    ("row", "broken", "column", "message"),
    [
        ("2009,20,0,0,2,7,4,190,true", "2009,20,0,0,2,7,4,190,true,1", 10, "row has 10 cells"),
        ("2009,20,0,0,2,7,4,190,true", "2009,20,0,0,2,7,4,190", 9, "row has 8 cells"),
    ],
    ids=["too-many-cells", "too-few-cells"],
)
def test_csv_with_a_ragged_row(
    project: Path,
    edit: Edit,
    capsys: pytest.CaptureFixture[str],
    row: str,
    broken: str,
    column: int,
    message: str,
) -> None:
    edit("data/metrics.csv", f"\n{row}\n", f"\n{broken}\n")
    expect(
        the_problem(project, capsys),
        at(project, "data/metrics.csv", broken, column=column),
        f"{message} but the header has 9",
    )


def test_csv_with_an_unclosed_quote(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    edit("data/events.csv", "2010,APOSOS expert meeting", '2010,"APOSOS expert meeting')
    expect(
        the_problem(project, capsys),
        at(project, "data/events.csv", '2010,"APOSOS', column=2),
        'cell 2 opens a quote (") that is never closed',
    )


def test_csv_with_text_after_a_closing_quote(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    edit("data/events.csv", "2010,APOSOS expert meeting", '2010,"APOSOS" expert meeting')
    expect(
        the_problem(project, capsys),
        at(project, "data/events.csv", '2010,"APOSOS"', column=0),
        "malformed CSV: ',' expected after the closing quote",
    )
