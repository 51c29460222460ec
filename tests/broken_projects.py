"""Broken copies of the sample project and what they are expected to give: the helpers of the
tests that feed bad data to the loaders and validators (tests/load, tests/validate, tests/guard),
and the settings of their property tests."""

from __future__ import annotations

import io
import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from openpyxl import load_workbook
from PIL import Image

from decade_report.cli import main
from decade_report.errors import Location, Problem, ReportError, ValidationFailed
from decade_report.load.project import load_report
from decade_report.validate.report import validate

Edit = Callable[[str, str, str], None]
SAMPLE = Path(__file__).resolve().parents[1] / "report"
MB = 2**20


# --- helpers --------------------------------------------------------------------------------


def problems_of(project: Path) -> tuple[Problem, ...]:
    with pytest.raises(ValidationFailed) as caught:
        validate(load_report(project))
    return caught.value.problems


def the_problem(project: Path, capsys: pytest.CaptureFixture[str]) -> Problem:
    """The one problem of the project: raised by validate, printed by `check`, which exits 1."""
    problems = problems_of(project)
    assert len(problems) == 1, "\n".join(map(str, problems))
    [problem] = problems
    assert problem.hint, f"no hint says what to do: {problem}"
    capsys.readouterr()
    assert main(["check", "-q", str(project)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        str(problem),
        "decade-report: 1 problem; nothing was written",
    ]
    return problem


def expect(problem: Problem, where: Location, message: str) -> None:
    assert (problem.where, problem.message) == (where, message), str(problem)


def position(project: Path, relative: str, text: str) -> tuple[int, int]:
    """1-based (line, column) of the only occurrence of `text` in a project file."""
    lines = (project / relative).read_text("utf-8-sig").splitlines()
    found = [(n, line.index(text) + 1) for n, line in enumerate(lines, start=1) if text in line]
    assert len(found) == 1, f"{text!r} is on lines {found} of {relative}"
    return found[0]


def at(project: Path, relative: str, text: str, column: int | None = None) -> Location:
    """Where `text` is in a project file; `column` overrides the column (e.g. a CSV cell)."""
    line, found = position(project, relative, text)
    return Location(relative, line, found if column is None else column)


def write(project: Path, relative: str, content: str | bytes) -> Path:
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def encode(project: Path, relative: str, encoding: str) -> None:
    path = project / relative
    path.write_bytes(path.read_text("utf-8").encode(encoding))


def edit_sheet(project: Path, change: Callable[[Any], None]) -> Path:
    path = project / "data" / "trainings.xlsx"
    workbook = load_workbook(path)
    change(workbook.worksheets[0])
    workbook.save(path)
    workbook.close()
    return path


def set_cell(reference: str, value: object) -> Callable[[Any], None]:
    def change(sheet: Any) -> None:
        sheet[reference] = value

    return change


def png_bomb(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of width × height black pixels: ~1/1000 of its pixel count on disk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + (width + 7) // 8)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def image_bytes(kind: str, size: tuple[int, int] = (200, 100)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(out, kind)
    return out.getvalue()


def with_logo(project: Path, edit: Edit, content: bytes, name: str = "assets/logo.png") -> Location:
    write(project, name, content)
    edit(
        "report.toml",
        'organisation_short = "APSCO"',
        f'organisation_short = "APSCO"\nlogo = "{name}"',
    )
    return at(project, "report.toml", "logo =")


def with_portrait(project: Path, edit: Edit, content: bytes, name: str) -> Location:
    write(project, name, content)
    edit("message.md", "author:", f"portrait: {name}\nauthor:")
    return at(project, "message.md", "portrait:")


def with_limits(edit: Edit, table: str) -> None:
    edit("report.toml", "[period]", f"[limits]\n{table}\n\n[period]")


PROPERTY = settings(
    max_examples=int(os.environ.get("ROBUSTNESS_EXAMPLES", "60")),  # more to hunt for bugs
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def outcome(function: Callable[[], Any]) -> Any:
    """Run a loader: a ReportError is a fine outcome, any other exception fails the test."""
    try:
        return function()
    except ReportError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.where.path and problem.message
        return None
