"""The chapters' front matter: a layout is one of the registry's (compose.layouts.LAYOUTS), and
a chapter of a layout that draws from a dataset needs that dataset in the project."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from decade_report.compose.layouts import LAYOUTS
from decade_report.errors import Location, Problem, ValidationFailed
from decade_report.load.project import load_report
from decade_report.validate.report import validate

Edit = Callable[[str, str, str], None]
GLANCE = "chapters/01-decade-at-a-glance.md"


def problems_of(project: Path) -> tuple[Problem, ...]:
    with pytest.raises(ValidationFailed) as caught:
        validate(load_report(project))
    return caught.value.problems


def line_of(project: Path, relative: str, text: str) -> int:
    lines = (project / relative).read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_an_unknown_layout_is_located_and_the_hint_lists_the_registry(
    project: Path, edit: Edit
) -> None:
    edit(GLANCE, "layout: glance", "layout: gazette")
    [problem] = problems_of(project)
    assert problem.where == Location(GLANCE, line_of(project, GLANCE, "layout: gazette"), 1)
    assert problem.message == "unknown layout 'gazette'"
    assert problem.hint == "expected one of: " + ", ".join(sorted(LAYOUTS))


def test_a_close_misspelling_is_named(project: Path, edit: Edit) -> None:
    edit(GLANCE, "layout: glance", "layout: timelime")
    [problem] = problems_of(project)
    assert problem.hint == "did you mean 'timeline'?"


@pytest.mark.parametrize("name", sorted(n for n, layout in LAYOUTS.items() if layout.needs))
def test_each_layout_needs_the_dataset_the_registry_names(
    project: Path, edit: Edit, name: str
) -> None:
    """The dataset a layout draws from, removed, is reported at the chapter that uses it."""
    needed = LAYOUTS[name].needs
    edit(GLANCE, "layout: glance", f"layout: {name}")
    for path in (project / "data").glob(f"{needed}.*"):
        path.unlink()
    problems = problems_of(project)
    assert (
        Problem(
            Location(GLANCE, 2),
            f"layout '{name}' needs the dataset '{needed}'",
            f"add data/{needed}.yaml (or .csv/.xlsx)",
        )
        in problems
    ), problems
