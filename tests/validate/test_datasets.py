"""Typed records: a value of the wrong type is located at its field, with plain words."""

from __future__ import annotations

from pathlib import Path

import pytest

from broken_projects import (
    Edit,
    at,
    edit_sheet,
    expect,
    set_cell,
    the_problem,
)
from decade_report.errors import Location


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): these
    tests are about one report's sources."""
    return english_project


# --- wrong types ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "old", "new", "column", "message"),
    [
        (
            "data/events.csv",
            "2010,APOSOS expert meeting,workshop,Beijing,CHN,28,",
            "2010,APOSOS expert meeting,workshop,Beijing,CHN,many,",
            6,
            "'participants' must be a whole number, not 'many'",
        ),
        (
            "data/member_states.yaml",
            "  joined: 2005\n  agency: Bangladesh",
            "  joined: two thousand and five\n  agency: Bangladesh",
            3,
            "'joined' must be a whole number, not 'two thousand and five'",
        ),
        (
            "data/member_states.yaml",
            "  joined: 2005\n  agency: Bangladesh",
            "  joined: true\n  agency: Bangladesh",
            3,
            "'joined': true is a yes/no value, not a number",
        ),
        (
            "data/member_states.yaml",
            "  name: Bangladesh\n",
            "  name: [Bangladesh, BGD]\n",
            3,
            "'name' must be text, not a list",
        ),
        (
            "data/member_states.yaml",
            "  name: Bangladesh\n",
            "  name: 1971\n",
            3,
            "'name' must be text, not the number 1971",
        ),
        (
            "data/events_by_kind.yaml",
            "events: 12",
            "events: twelve",
            3,
            "events_by_kind.events = 'twelve' is not a finite number (chart 'events-by-kind')",
        ),
    ],
    ids=[
        "csv-count",
        "yaml-year",
        "yaml-boolean",
        "yaml-list-for-text",
        "yaml-number-for-text",
        "chart-value",
    ],
)
def test_wrong_type(
    project: Path,
    edit: Edit,
    capsys: pytest.CaptureFixture[str],
    relative: str,
    old: str,
    new: str,
    column: int,
    message: str,
) -> None:
    edit(relative, old, new)
    where = at(project, relative, new.splitlines()[0], column=column)
    expect(the_problem(project, capsys), where, message)


def test_wrong_type_in_a_spreadsheet(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_sheet(project, set_cell("D3", "twenty"))
    expect(
        the_problem(project, capsys),
        Location("data/trainings.xlsx", 3, 4),
        "'participants' must be a whole number, not 'twenty'",
    )
