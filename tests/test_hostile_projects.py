"""`decade-report check` reports what the build would refuse (issue 11, items 5 and 7): for each
hostile project, check and build fail alike, with the same located problem and no traceback, and
the build writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

import hostile_projects
from decade_report.cli import main


def errors(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    code = main(arguments)
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    assert code == 1, err
    return [line for line in err.splitlines() if ": error: " in line]


@pytest.mark.parametrize("name", sorted(hostile_projects.MAKERS))
def test_check_and_build_report_the_same_problem(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    where, message = hostile_projects.MAKERS[name](project)
    wanted = f"{where}: error: {message}"
    checked = errors(["check", str(project)], capsys)
    out = tmp_path / "out"
    built = errors(["build", str(project), "--out", str(out)], capsys)
    assert [line for line in checked if line.startswith(wanted)], checked
    assert built == checked
    assert not any(p.is_file() for p in out.rglob("*") if ".cache" not in p.parts)
