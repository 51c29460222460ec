"""Cross-checks: duplicate ids and dates outside the period are located where they are written."""

from __future__ import annotations

from pathlib import Path

import pytest

from broken_projects import (
    Edit,
    at,
    expect,
    the_problem,
)
from decade_report.errors import Location


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): these
    tests are about one report's sources."""
    return english_project


# --- duplicate ids --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "record", "ident", "group"),
    [
        (
            "data/networks.yaml",
            "- id: data-sharing\n  name: Data Sharing (again)\n",
            "data-sharing",
            "networks",
        ),
        (
            "data/member_states.yaml",
            "- id: CHN\n  name: China (again)\n  status: full\n  joined: 2005\n",
            "CHN",
            "member_states",
        ),
    ],
    ids=["network", "member-state"],
)
def test_duplicate_id(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    relative: str,
    record: str,
    ident: str,
    group: str,
) -> None:
    first = at(project, relative, f"- id: {ident}", column=3)
    with (project / relative).open("a", encoding="utf-8") as file:
        file.write("\n" + record)
    problem = the_problem(project, capsys)
    second = at(project, relative, "(again)")
    expect(problem, Location(relative, second.line - 1, 3), f"duplicate id '{ident}' in {group}")
    assert problem.hint == f"first defined at {first}"


def test_duplicate_chart_id(project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]) -> None:
    with (project / "charts.yaml").open("a", encoding="utf-8") as file:
        file.write(
            "\n- id: full-members\n  kind: bar\n  dataset: metrics\n  x: year\n"
            "  y: [member_states]\n  title: Again\n"
        )
    first, second = (
        Location("charts.yaml", n, 3)
        for n, line in enumerate((project / "charts.yaml").read_text("utf-8").splitlines(), 1)
        if line == "- id: full-members"
    )
    problem = the_problem(project, capsys)
    expect(problem, second, "duplicate id 'full-members' in charts")
    assert problem.hint == f"first defined at {first}"


def test_two_chapters_with_one_number(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Both would be `chapter-8` in the composed page: one anchor, one entry in the contents."""
    (project / "chapters" / "08-later.md").write_text(
        "---\ntitle: Later\n---\n\nThe years after the decade.\n", "utf-8"
    )
    problem = the_problem(project, capsys)
    expect(
        problem,
        Location("chapters/08-outlook.md"),
        "chapter number 08 is also that of chapters/08-later.md",
    )
    assert problem.hint.endswith("rename it chapters/10-outlook.md")


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "old", "new", "column", "message"),
    [
        (
            "data/events.csv",
            "2010,APOSOS expert meeting",
            "2031,APOSOS expert meeting",
            1,
            "year 2031 (events.date) is outside the report period 2005–2018",
        ),
        (
            "data/milestones.yaml",
            'date: "2006-06-01"',
            'date: "2006-13-01"',
            3,
            "'date': month 13 does not exist",
        ),
        (
            "data/milestones.yaml",
            'date: "2006-06-01"',
            'date: "2006-02-30"',
            3,
            "'date': 2006-02-30 is not a real date",
        ),
        (
            "data/milestones.yaml",
            'date: "2006-06-01"',
            "date: 2006-02-30",
            3,
            "'date': 2006-02-30 is not a real date",
        ),
        (
            "data/milestones.yaml",
            'date: "2006-06-01"',
            'date: "2006-00"',
            3,
            "'date': month 0 does not exist",
        ),
        (
            "data/events.csv",
            "2010,APOSOS expert meeting",
            "2010-02-30,APOSOS expert meeting",
            1,
            "'date': 2010-02-30 is not a real date",
        ),
        (
            "data/member_states.yaml",
            "  joined: 2005\n  agency: Bangladesh",
            "  joined: 1890\n  agency: Bangladesh",
            3,
            "year 1890 (member_states.joined) is outside the report period 2005–2018",
        ),
        (
            "message.md",
            "date: 2018-11-14",
            "date: 2018-02-30",
            1,
            "'date': 2018-02-30 is not a real date",
        ),
    ],
    ids=[
        "year-2031",
        "month-13",
        "february-30",
        "february-30-unquoted",
        "month-0",
        "csv-february-30",
        "year-1890",
        "message-date",
    ],
)
def test_date_out_of_range(
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
