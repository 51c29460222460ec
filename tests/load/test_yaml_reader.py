"""YAML files: malformed or hostile YAML is refused at the line and column where it goes wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from broken_projects import (
    Edit,
    at,
    expect,
    the_problem,
)
from decade_report.errors import Location, ReportError
from decade_report.load.yaml_reader import parse_yaml

# --- malformed YAML, TOML, CSV --------------------------------------------------------------


def test_yaml_with_bad_indentation(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    edit("data/networks.yaml", "  name: Data Sharing\n", "    name: Data Sharing\n")
    expect(
        the_problem(project, capsys),
        at(project, "data/networks.yaml", "    name: Data Sharing", column=9),
        "malformed YAML: mapping values are not allowed here",
    )


def test_yaml_with_an_unclosed_bracket(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    edit("charts.yaml", "y: [projects_active]", "y: [projects_active")
    opened = at(project, "charts.yaml", "y: [projects_active")
    expect(
        the_problem(project, capsys),
        Location("charts.yaml", opened.line + 1, 9),
        "malformed YAML: expected ',' or ']', but got ':' (while parsing a flow sequence that "
        f"starts at line {opened.line}, column {opened.column + 3})",
    )


def test_yaml_with_a_key_given_twice(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    edit("data/member_states.yaml", "  capital: Dhaka\n", "  capital: Dhaka\n  capital: Dacca\n")
    problem = the_problem(project, capsys)
    assert problem.where == at(project, "data/member_states.yaml", "capital: Dacca")
    assert problem.message.startswith('malformed YAML: found duplicate key "capital"')


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("- id: a\n  b: -_\n", Location("x.yaml", 2, 6), "the value '-_' cannot be read"),
        ("- id: a\n  ? - - b\n  : c\n", Location("x.yaml", 2, 5), "a key is a list or a mapping"),
        ("- date: 2006-02-30\n", None, None),
        ("- &a x\n- &a y\n", None, None),
    ],
    ids=["odd-number", "list-as-key", "impossible-date", "reused-anchor"],
)
def test_yaml_that_ruamel_cannot_build(
    text: str, where: Location | None, message: str | None
) -> None:
    """Found by the property tests below: ruamel raised IndexError, TypeError, ValueError or a
    warning (an error under pytest) for these."""
    if where is None:
        assert parse_yaml(text, "x.yaml")
        return
    with pytest.raises(ReportError) as caught:
        parse_yaml(text, "x.yaml")
    [problem] = caught.value.problems
    expect(problem, where, f"malformed YAML: {message}")
