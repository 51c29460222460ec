"""Reading project files as text: encodings, NUL bytes and size limits, each refused where it is
found."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from broken_projects import (
    MB,
    SAMPLE,
    Edit,
    at,
    encode,
    expect,
    problems_of,
    the_problem,
    with_limits,
    write,
)
from decade_report.cli import main
from decade_report.errors import Location, ReportError
from decade_report.load.data import load_data_file
from decade_report.load.project import load_report
from decade_report.load.text import read_text
from decade_report.model.config import Limits
from decade_report.validate.report import validate


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): these
    tests are about one report's sources."""
    return english_project


# --- encodings ------------------------------------------------------------------------------


def test_data_file_in_latin1(project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]) -> None:
    edit("data/events.csv", "APOSOS expert meeting", "APOSOS meeting in Perú")
    where = at(project, "data/events.csv", "Perú")
    where = Location(where.path, where.line, where.column + len("Per"))
    encode(project, "data/events.csv", "latin-1")
    expect(
        the_problem(project, capsys),
        where,
        "byte 0xfa is not valid UTF-8 (in Latin-1 it would be 'ú')",
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("relative", ["data/events.csv", "data/member_states.yaml"])
def test_data_file_in_utf16(
    project: Path, capsys: pytest.CaptureFixture[str], relative: str, encoding: str
) -> None:
    encode(project, relative, encoding)
    expect(the_problem(project, capsys), Location(relative, 1), "file is UTF-16 encoded")


def test_markdown_in_utf16_without_bom(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    encode(project, "chapters/08-outlook.md", "utf-16-le")
    expect(
        the_problem(project, capsys),
        Location("chapters/08-outlook.md", 1),
        "file is UTF-16 encoded",
    )


def test_utf8_byte_order_marks_are_simply_accepted(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text_files = [p for p in project.rglob("*") if p.suffix in (".toml", ".md", ".yaml", ".csv")]
    for path in text_files:
        encode(project, path.relative_to(project).as_posix(), "utf-8-sig")
    assert (project / "report.toml").read_bytes().startswith(b"\xef\xbb\xbf")
    report = validate(load_report(project))
    assert report.datasets["events"].columns[0] == "date"
    assert main(["check", "-q", str(project)]) == 0


def test_nul_bytes_in_a_text_file(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    edit("data/metrics.csv", "\n2009,20,", "\n2009,2\x000,")
    expect(
        the_problem(project, capsys),
        at(project, "data/metrics.csv", "2009,2\x000", column=7),
        "file contains a NUL character",
    )


# --- size limits ----------------------------------------------------------------------------


def fifty_megabytes(path: Path) -> None:
    header = (SAMPLE / "data" / "metrics.csv").read_text("utf-8").splitlines()[0] + "\n"
    row = b"2010,22,0,0,3,7,6,300,true\n"
    block = row * (MB // len(row))
    with path.open("wb") as file:
        file.write(header.encode())
        while file.tell() < 50 * MB:
            file.write(block[: 50 * MB - file.tell()])


def test_fifty_megabyte_csv_is_refused_unread(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "data" / "metrics.csv"
    fifty_megabytes(path)
    assert path.stat().st_size == 50 * MB
    tracemalloc.start()
    try:
        with pytest.raises(ReportError):
            load_data_file(path, project)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MB, f"{peak / MB:.1f} MB were allocated to refuse the file"
    expect(
        the_problem(project, capsys),
        Location("data/metrics.csv"),
        "file is 50 MB, over the 20 MB limit",
    )


def test_read_text_stops_at_the_limit_even_when_the_size_lies() -> None:
    """A device (or a file growing while read) reports a small size: the read still stops."""
    with pytest.raises(ReportError) as caught:
        read_text(Path("/dev/zero"), "zero.csv", limit=1000)
    assert caught.value.problems[0].message == "file is 1001 bytes, over the 1000 bytes limit"


def test_data_limit_from_report_toml_applies_to_the_project(project: Path, edit: Edit) -> None:
    with_limits(edit, "max_data_mb = 0.001")  # 1,048 bytes
    size = (project / "data" / "milestones.yaml").stat().st_size
    problems = [
        p for p in problems_of(project) if p.where.path == "data/milestones.yaml"
    ]  # fmt: skip
    assert [p.message for p in problems] == [f"file is {size} bytes, over the 1048 bytes limit"]


def test_data_limit_is_a_loader_argument(tmp_path: Path) -> None:
    path = write(tmp_path, "metrics.csv", "year,count\n" + "2008,1\n" * 1000)
    assert len(load_data_file(path, tmp_path).records) == 1000
    with pytest.raises(ReportError) as caught:
        load_data_file(path, tmp_path, limit=1024)
    [problem] = caught.value.problems
    assert problem.message == "file is 7011 bytes, over the 1024 bytes limit"
    assert "max_data_mb" in problem.hint


def test_limits_in_report_toml(project: Path, edit: Edit) -> None:
    with_limits(edit, "max_data_mb = 5\nmax_image_pixels = 1_000_000\nmax_image_mb = 2")
    limits = validate(load_report(project)).config.limits
    assert (limits.max_data_bytes, limits.max_image_pixels, limits.max_image_bytes) == (
        5 * MB,
        1_000_000,
        2 * MB,
    )
    assert Limits().max_data_bytes == 20 * MB


def test_unknown_limit(project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]) -> None:
    with_limits(edit, "max_pixels = 5")
    problem = the_problem(project, capsys)
    expect(problem, at(project, "report.toml", "max_pixels"), "unknown key 'max_pixels'")
    assert problem.hint == "did you mean 'max_image_pixels'?"
