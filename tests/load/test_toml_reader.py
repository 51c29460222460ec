"""TOML files: malformed TOML and keys set twice are refused where they are written."""

from __future__ import annotations

from pathlib import Path

import pytest

from broken_projects import (
    Edit,
    expect,
    position,
    the_problem,
)
from decade_report.errors import Location


def test_malformed_toml(project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]) -> None:
    edit("report.toml", 'slug = "apsco-decade-report"', 'slug = "apsco-decade-report')
    line, _ = position(project, "report.toml", "slug =")
    expect(
        the_problem(project, capsys),
        Location("report.toml", line, len('slug = "apsco-decade-report') + 1),
        "malformed TOML: a string has no closing quote on its line",
    )


def test_toml_key_set_twice(project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]) -> None:
    edit("report.toml", 'page_size = "A4"', 'page_size = "A4"\npage_size = "Letter"')
    line, _ = position(project, "report.toml", 'page_size = "Letter"')
    expect(
        the_problem(project, capsys),
        Location("report.toml", line, len('page_size = "Letter"') + 1),
        "malformed TOML: a key is set twice",
    )
