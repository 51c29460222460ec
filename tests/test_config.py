"""report.toml: the schema, and problems located in the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from decade_report.config import load_config
from decade_report.errors import ReportError
from decade_report.load_data import toml_key_location

Edit = Callable[[str, str, str], None]


def test_two_recipients_with_one_copy_file_are_refused_at_the_second(
    project: Path, edit: Edit
) -> None:
    edit("report.toml", 'name = "Delegation of China"', 'name = "Delegation of  BANGLADESH"')
    with pytest.raises(ReportError) as caught:
        load_config(project)
    [problem] = caught.value.problems
    line = (
        (project / "report.toml")
        .read_text("utf-8")
        .splitlines()
        .index('name = "Delegation of  BANGLADESH"')
    )
    assert (problem.where.path, problem.where.line) == ("report.toml", line + 1)
    assert "copies/delegation-of-bangladesh.pdf" in problem.message
    assert "distinct name" in problem.hint


def test_keys_inside_the_nth_table_of_an_array_are_located() -> None:
    text = '[[recipients]]\nname = "A"\n\n[[recipients]]\nname = "B"\nstate = "XX"\n'
    assert toml_key_location(text, "r.toml", ("recipients", 1, "state")).line == 6
    assert toml_key_location(text, "r.toml", ("recipients", 1, "name")).line == 5
    assert toml_key_location(text, "r.toml", ("recipients", 0, "state")).line == 1
