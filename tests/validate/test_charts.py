"""Chart data: NaN, infinity, negative and non-numeric counts are located at their cell."""

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


# --- NaN, infinity and negative counts ------------------------------------------------------

EVENT = "2010,APOSOS expert meeting,workshop,Beijing,CHN,"


@pytest.mark.parametrize(
    ("relative", "old", "new", "column", "message"),
    [
        (
            "data/events.csv",
            f"{EVENT}28,",
            f"{EVENT}nan,",
            6,
            "'participants' must be a whole number, not 'nan'",
        ),
        (
            "data/events.csv",
            f"{EVENT}28,",
            f"{EVENT}inf,",
            6,
            "'participants' must be a whole number, not 'inf'",
        ),
        (
            "data/events.csv",
            f"{EVENT}28,",
            f"{EVENT}-5,",
            6,
            "'participants' must be 0 or more, not -5",
        ),
        (
            "data/metrics.csv",
            "\n2009,20,",
            "\n2009,NaN,",
            2,
            "metrics.trainees is nan, not a number",
        ),
        (
            "data/metrics.csv",
            "\n2009,20,",
            "\n2009,-inf,",
            2,
            "metrics.trainees is -inf, not a number",
        ),
        (
            "data/metrics.csv",
            "\n2009,20,",
            "\n2009,-5,",
            2,
            "metrics.trainees = -5 is negative (chart 'trainees-per-year')",
        ),
        (
            "data/events_by_kind.yaml",
            "events: 12",
            "events: .nan",
            3,
            "events_by_kind.events is nan, not a number",
        ),
        (
            "data/events_by_kind.yaml",
            "events: 12",
            "events: .inf",
            3,
            "events_by_kind.events is inf, not a number",
        ),
        (
            "data/events_by_kind.yaml",
            "events: 12",
            "events: -5",
            3,
            "events_by_kind.events = -5 is negative (chart 'events-by-kind')",
        ),
        (
            "data/member_states.yaml",
            "  joined: 2005\n  agency: Bangladesh",
            "  joined: .nan\n  agency: Bangladesh",
            3,
            "'joined' is nan, not a number",
        ),
    ],
    ids=[
        "csv-nan",
        "csv-inf",
        "csv-negative",
        "metric-nan",
        "metric-inf",
        "metric-negative",
        "yaml-nan",
        "yaml-inf",
        "yaml-negative",
        "yaml-typed-nan",
    ],
)
def test_not_a_count(
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
    where = at(project, relative, new.strip().splitlines()[0], column=column)
    expect(the_problem(project, capsys), where, message)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-5, "'participants' must be 0 or more, not -5"),
        (20.5, "'participants' must be a whole number, not 20.5"),
        (True, "'participants': true is a yes/no value, not a number"),
    ],
    ids=["negative", "fraction", "boolean"],
)
def test_not_a_count_in_a_spreadsheet(
    project: Path, capsys: pytest.CaptureFixture[str], value: float, message: str
) -> None:
    edit_sheet(project, set_cell("D3", value))
    expect(the_problem(project, capsys), Location("data/trainings.xlsx", 3, 4), message)
