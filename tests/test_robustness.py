"""Bad data gets located errors, never tracebacks; nothing is lost; resources stay bounded.

Each case breaks a copy of the sample and expects exactly one problem, the same through
`validate` and through `decade-report check` (exit 1, `path:line:col: error: message — hint` on
stderr). Property tests then feed random text, bytes and records to the loaders and validators:
success or a `ReportError` are the only outcomes allowed. Builds stopped by a signal or racing
another build leave the previous outputs intact; a 5,000-row table lays out; a layout over its
time limit stops with a message.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from PIL import Image, ImageFile

from decade_report.cli import main
from decade_report.errors import Location, Problem, ReportError, ValidationFailed
from decade_report.guard.svg import svg_fault
from decade_report.load.csv_reader import load_csv_records
from decade_report.load.data import load_data_file
from decade_report.load.narrative import load_narrative
from decade_report.load.project import load_report
from decade_report.load.spreadsheet import load_xlsx_records
from decade_report.load.text import read_text
from decade_report.load.toml_reader import parse_toml
from decade_report.load.yaml_reader import parse_yaml
from decade_report.log import Log
from decade_report.model.config import Limits
from decade_report.pipeline import build
from decade_report.validate.images import image_fault
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


@pytest.mark.parametrize(
    ("row", "broken", "column", "message"),
    [
        ("2009,20,0,0,2,7,4,190,true", "2009,20,0,0,2,7,4,190,true,1", 10, "row has 10 cells"),
        ("2009,20,0,0,2,7,4,190,true", "2009,20,0,0,2,7,4,190", 9, "row has 8 cells"),
    ],
    ids=["too-many-cells", "too-few-cells"],
)
def test_csv_with_a_ragged_row(
    project: Path,
    edit: Edit,
    capsys: pytest.CaptureFixture[str],
    row: str,
    broken: str,
    column: int,
    message: str,
) -> None:
    edit("data/metrics.csv", f"\n{row}\n", f"\n{broken}\n")
    expect(
        the_problem(project, capsys),
        at(project, "data/metrics.csv", broken, column=column),
        f"{message} but the header has 9",
    )


def test_csv_with_an_unclosed_quote(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    edit("data/events.csv", "2010,APOSOS expert meeting", '2010,"APOSOS expert meeting')
    expect(
        the_problem(project, capsys),
        at(project, "data/events.csv", '2010,"APOSOS', column=2),
        'cell 2 opens a quote (") that is never closed',
    )


def test_csv_with_text_after_a_closing_quote(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    edit("data/events.csv", "2010,APOSOS expert meeting", '2010,"APOSOS" expert meeting')
    expect(
        the_problem(project, capsys),
        at(project, "data/events.csv", '2010,"APOSOS"', column=0),
        "malformed CSV: ',' expected after the closing quote",
    )


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


# --- empty files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "content", "where", "message"),
    [
        ("data/networks.yaml", "", Location("data/networks.yaml", 1), "file is empty"),
        ("data/networks.yaml", "# to do\n", Location("data/networks.yaml", 1), "file is empty"),
        ("charts.yaml", "", Location("charts.yaml", 1), "file is empty"),
        ("data/metrics.csv", "", Location("data/metrics.csv", 1), "file is empty"),
        ("data/metrics.csv", "\n \n", Location("data/metrics.csv", 1), "file is empty"),
        ("data/trainings.xlsx", b"", Location("data/trainings.xlsx"), "file is empty"),
        (
            "chapters/08-outlook.md",
            "",
            Location("chapters/08-outlook.md", 1),
            "missing front matter",
        ),
        ("message.md", "", Location("message.md", 1), "missing front matter"),
        ("report.toml", "", Location("report.toml", 1), "report.toml is empty"),
        ("report.toml", "\n# settings\n", Location("report.toml", 1), "report.toml is empty"),
    ],
    ids=lambda value: value if isinstance(value, str) and "/" in value else None,
)
def test_empty_file(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    relative: str,
    content: str | bytes,
    where: Location,
    message: str,
) -> None:
    write(project, relative, content)
    expect(the_problem(project, capsys), where, message)


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


# --- spreadsheets ---------------------------------------------------------------------------


def test_xlsx_with_a_formula(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_sheet(project, set_cell("D3", "=D2*2"))
    expect(
        the_problem(project, capsys),
        Location("data/trainings.xlsx", 3, 4),
        "cell D3 holds a formula (=D2*2)",
    )


def test_xlsx_with_merged_cells(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_sheet(project, lambda sheet: sheet.merge_cells("A3:A4"))
    expect(
        the_problem(project, capsys),
        Location("data/trainings.xlsx", 3, 1),
        "cells A3:A4 are merged",
    )


def test_xlsx_with_an_error_cell(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def division_by_zero(sheet: Any) -> None:
        sheet["D3"] = "#DIV/0!"
        sheet["D3"].data_type = "e"

    edit_sheet(project, division_by_zero)
    expect(
        the_problem(project, capsys),
        Location("data/trainings.xlsx", 3, 4),
        "cell D3 shows an error (#DIV/0!)",
    )


@pytest.mark.parametrize(
    "damage",
    [
        lambda real: os.urandom(4096),
        lambda real: real[: len(real) // 2],
        lambda real: b"PK\x03\x04",
    ],
    ids=["random-bytes", "truncated", "zip-header-only"],
)
def test_xlsx_that_is_not_a_zip(
    project: Path, capsys: pytest.CaptureFixture[str], damage: Callable[[bytes], bytes]
) -> None:
    path = project / "data" / "trainings.xlsx"
    path.write_bytes(damage(path.read_bytes()))
    expect(
        the_problem(project, capsys),
        Location("data/trainings.xlsx"),
        "cannot open spreadsheet: not an .xlsx file (File is not a zip file)",
    )


def test_xlsx_with_a_corrupt_sheet(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "data" / "trainings.xlsx"
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    raw = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 10, start + min(info.compress_size, 60)):
        raw[offset] ^= 0x5A
    path.write_bytes(bytes(raw))
    problem = the_problem(project, capsys)
    assert problem.where == Location("data/trainings.xlsx")
    assert problem.message.startswith("cannot read spreadsheet: ")


def test_xlsx_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (3 * MB))
    assert path.stat().st_size < 64 * 1024
    with pytest.raises(ReportError) as caught:
        load_xlsx_records(path, "bomb.xlsx", limit=100 * 1024)
    [problem] = caught.value.problems
    assert problem.message == "spreadsheet unpacks to 3 MB, over the 2 MB limit"


# --- images ---------------------------------------------------------------------------------


def test_truncated_png_logo(project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]) -> None:
    png = image_bytes("PNG")
    where = with_logo(project, edit, png[: len(png) // 2])
    problem = the_problem(project, capsys)
    assert problem.where == where == Location("report.toml", where.line, 1)
    assert problem.message.startswith("logo 'assets/logo.png' is damaged or truncated (")


def test_truncated_jpeg_portrait(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # importing WeasyPrint turns this on for the whole process: the check must not rely on it
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    jpeg = image_bytes("JPEG", (400, 300))
    where = with_portrait(project, edit, jpeg[: len(jpeg) // 2], "assets/portrait.jpg")
    problem = the_problem(project, capsys)
    assert problem.where == where == Location("message.md", where.line, 1)
    assert problem.message.startswith("portrait 'assets/portrait.jpg' is damaged or truncated (")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_decompression_bomb_logo(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = png_bomb(30_000, 30_000)
    assert len(bomb) < 200 * 1024
    where = with_logo(project, edit, bomb)
    expect(
        the_problem(project, capsys),
        where,
        "logo 'assets/logo.png' has 900 megapixels, over the limit of 40 megapixels",
    )


def test_huge_portrait_in_pixels(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    where = with_portrait(project, edit, png_bomb(10_000, 10_000), "assets/portrait.png")
    expect(
        the_problem(project, capsys),
        where,
        "portrait 'assets/portrait.png' is 10000 × 10000 pixels (100 megapixels), "
        "over the limit of 40 megapixels",
    )


def test_pixel_limit_from_report_toml(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    where = with_logo(project, edit, image_bytes("PNG", (200, 100)))
    assert validate(load_report(project)).config.logo == "assets/logo.png"
    with_limits(edit, "max_image_pixels = 10_000")
    expect(
        the_problem(project, capsys),
        where,
        "logo 'assets/logo.png' is 200 × 100 pixels (20000 pixels), over the limit of 10000 pixels",
    )


def test_image_file_size_limit(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg">' + "<g/>" * 3000 + "</svg>"
    where = with_logo(project, edit, svg.encode(), "assets/logo.svg")
    with_limits(edit, "max_image_mb = 0.01")
    expect(
        the_problem(project, capsys),
        where,
        f"logo 'assets/logo.svg' is {len(svg)} bytes, over the 10485 bytes limit",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is an empty file"),
        (b"GIF89a not really", "is not an image that can be read"),
    ],
    ids=["empty", "not-an-image"],
)
def test_logo_that_is_no_image(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    where = with_logo(project, edit, content)
    expect(the_problem(project, capsys), where, f"logo 'assets/logo.png' {message}")


def test_svg_logo_that_is_not_svg(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    where = with_logo(project, edit, b"<html><body>logo</body></html>", "assets/logo.svg")
    expect(
        the_problem(project, capsys),
        where,
        "logo 'assets/logo.svg' is not an SVG image (it starts with <html>)",
    )


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (SVG, None),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
            '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + SVG,
            None,
        ),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "aaaaaaaaaa">\n'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<svg>&b;</svg>',
            "declares the XML entity 'b' built to expand (an entity bomb): refused"
            " (line 4, column 12)",
        ),
        (
            '<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]><svg>&secret;</svg>',
            "declares the external XML entity 'secret' (file:///etc/passwd): refused"
            " (line 1, column 59)",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg">\n  <g>\n</svg>',
            "is not well-formed XML (line 3, column 3: mismatched tag)",
        ),
        ("<svg", "is not well-formed XML (line 1, column 1: unclosed token)"),
    ],
    ids=["plain", "public-doctype", "entity-bomb", "external-entity", "mismatched-tag", "unclosed"],
)
def test_svg_checks(tmp_path: Path, content: str, message: str | None) -> None:
    path = write(tmp_path, "logo.svg", content)
    fault = svg_fault(path)
    assert (fault[0] if fault else None) == message
    assert fault is None or fault[1]


# --- property tests: success or a ReportError, nothing else ---------------------------------

PROPERTY = settings(
    max_examples=int(os.environ.get("ROBUSTNESS_EXAMPLES", "60")),  # more to hunt for bugs
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
YAML_PIECES = st.sampled_from(
    [
        "- ",
        "  ",
        "\n",
        ": ",
        "[",
        "]",
        "{",
        "}",
        ",",
        '"',
        "'",
        "&a ",
        "*a",
        "<<: ",
        "!!",
        "? ",
        "|",
        ">",
        "#",
        "---",
        "...",
        "id",
        "date",
        "2006-02-30",
        ".nan",
        "-5",
        "é",
        "\t",
        "%YAML 1.1",
    ]
)
yaml_like = st.lists(st.one_of(YAML_PIECES, st.text(max_size=8)), max_size=40).map("".join)
CSV_PIECES = st.sampled_from(
    [
        "year",
        "count",
        ",",
        ";",
        "\t",
        "\n",
        "\r\n",
        "\r",
        '"',
        '""',
        "2008",
        "nan",
        "-5",
        " ",
        "é",
        "=1+1",
        "\x00",
    ]
)
csv_like = st.lists(st.one_of(CSV_PIECES, st.text(max_size=6)), max_size=40).map("".join)
TOML_PIECES = st.sampled_from(
    [
        "title",
        " = ",
        '"',
        "'",
        "[",
        "]",
        "[[",
        "]]",
        "\n",
        "{",
        "}",
        ",",
        "1979-05-27",
        "inf",
        "nan",
        ".",
        "#",
        '"""',
    ]
)
toml_like = st.lists(st.one_of(TOML_PIECES, st.text(max_size=6)), max_size=40).map("".join)
text_bytes = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).flatmap(
        lambda text: st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1"]).map(
            lambda encoding: text.encode(encoding, errors="replace")
        )
    ),
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scratch")


def outcome(function: Callable[[], Any]) -> Any:
    """Run a loader: a ReportError is a fine outcome, any other exception fails the test."""
    try:
        return function()
    except ReportError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.where.path and problem.message
        return None


@PROPERTY
@given(text=yaml_like)
def test_parse_yaml_never_crashes(text: str) -> None:
    outcome(lambda: parse_yaml(text, "data/x.yaml"))


@PROPERTY
@given(text=toml_like)
def test_parse_toml_never_crashes(text: str) -> None:
    outcome(lambda: parse_toml(text, "report.toml"))


@PROPERTY
@given(content=st.one_of(csv_like.map(str.encode), text_bytes))
def test_csv_loader_never_crashes(scratch: Path, content: bytes) -> None:
    path = write(scratch, "data.csv", content)
    outcome(lambda: load_csv_records(path, "data.csv"))


@PROPERTY
@given(content=st.one_of(yaml_like.map(str.encode), text_bytes))
def test_yaml_loader_never_crashes(scratch: Path, content: bytes) -> None:
    path = write(scratch, "data.yaml", content)
    outcome(lambda: load_data_file(path, scratch))


@PROPERTY
@given(
    front=yaml_like,
    body=st.text(max_size=100),
    opening=st.sampled_from(["---\n", "\ufeff---\n", "---\r\n", "--- \n", ""]),
    closing=st.sampled_from(["---\n", "...\n", "---", "\n", ""]),
)
def test_narrative_loader_never_crashes(
    scratch: Path, front: str, body: str, opening: str, closing: str
) -> None:
    (scratch / "chapters").mkdir(exist_ok=True)
    path = write(scratch, "chapters/01-intro.md", f"{opening}{front}\n{closing}{body}")
    loaded = outcome(lambda: load_narrative(path, scratch))
    if loaded is not None:
        assert loaded.body_line >= 2


@PROPERTY
@given(content=st.binary(max_size=2000), keep=st.integers(min_value=0, max_value=5000))
def test_xlsx_loader_never_crashes(scratch: Path, content: bytes, keep: int) -> None:
    real = (SAMPLE / "data" / "trainings.xlsx").read_bytes()
    for data in (content, real[:keep] + content, real[: len(real) - keep] + content):
        path = write(scratch, "sheet.xlsx", data)
        outcome(lambda path=path: load_xlsx_records(path, "sheet.xlsx"))


@PROPERTY
@given(
    kind=st.sampled_from(["PNG", "JPEG", "GIF"]),
    cut=st.integers(min_value=0, max_value=2000),
    noise=st.binary(max_size=64),
    suffix=st.sampled_from([".png", ".jpg", ".svg"]),
)
def test_image_checks_never_crash(
    scratch: Path, kind: str, cut: int, noise: bytes, suffix: str
) -> None:
    real = image_bytes(kind, (40, 30))
    path = write(scratch, f"image{suffix}", real[:cut] + noise)
    fault = image_fault(path, Limits())
    assert fault is None or all(fault)


# random records written into a copy of the sample, then the whole project validated

FIELDS = [
    "id",
    "name",
    "date",
    "year",
    "title",
    "kind",
    "participants",
    "joined",
    "status",
    "events",
    "trainees",
    "illustrative",
    "states",
    "network",
    "x",
    "y",
    "dataset",
    "labels",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["2006-02-30", "2010-13", "2031", "CHN", "full", "council", "nan", "-5", ""]),
)
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.text(max_size=4), scalars, max_size=2),
)
random_records = st.lists(
    st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=6)), values, max_size=6),
    max_size=4,
)
# (row, field, value): the field is an index into the row's own fields, or a random name;
# a value of ... deletes the field
mutations = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=40),
        st.one_of(
            st.integers(min_value=0, max_value=12), st.sampled_from(FIELDS), st.text(max_size=6)
        ),
        st.one_of(values, st.just(...)),
    ),
    min_size=1,
    max_size=3,
)
PROJECT_PROPERTY = settings(PROPERTY, max_examples=PROPERTY.max_examples // 2)
"""A whole project is validated per example (~0.1 s): half as many."""
DATASETS = [
    "events",
    "member_states",
    "metrics",
    "events_by_kind",
    "milestones",
    "programmes",
    "networks",
    "partners",
    "trainings",
    "charts",
]


@pytest.fixture(scope="module")
def base_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("random") / "report"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns(".cache"))
    return target


def sample_rows(name: str) -> list[dict[str, Any]]:
    folder = SAMPLE if name == "charts" else SAMPLE / "data"
    [path] = [p for p in folder.iterdir() if p.stem == name and p.suffix != ".md"]
    return [dict(record.values) for record in load_data_file(path, SAMPLE).records]


def mutated(
    rows: list[dict[str, Any]], changes: list[tuple[int, Any, Any]]
) -> list[dict[str, Any]]:
    rows = [dict(row) for row in rows]
    for index, key, value in changes:
        if not rows:
            break
        row = rows[index % len(rows)]
        if isinstance(key, int):
            key = list(row)[key % len(row)] if row else "id"
        if value is ...:
            row.pop(key, None)
        else:
            row[key] = value
    return rows


def yaml_text(rows: list[dict[str, Any]]) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    out = io.StringIO()
    yaml.dump(rows, out)
    return out.getvalue()


def csv_text(rows: list[dict[str, Any]]) -> str:
    header = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(k) is None else row.get(k) for k in header])
    return out.getvalue()


def validate_with(project: Path, name: str, rows: list[dict[str, Any]], as_csv: bool) -> None:
    """Replace one dataset of the project by `rows`, validate, and put the project back."""
    as_csv = as_csv and name != "charts"
    relative = "charts.yaml" if name == "charts" else f"data/{name}.{'csv' if as_csv else 'yaml'}"
    replaced = [p for p in (project / "data").iterdir() if p.stem == name]
    replaced += [project / "charts.yaml"] if name == "charts" else []
    originals = {path: path.read_bytes() for path in replaced}
    for path in replaced:
        path.unlink()
    try:
        write(project, relative, csv_text(rows) if as_csv else yaml_text(rows))
        try:
            report = validate(load_report(project))
        except ReportError as error:
            assert all(p.where.path and p.message for p in error.problems)
        else:
            for dataset in report.datasets.values():
                for row in dataset.rows:
                    assert all(
                        math.isfinite(v) for v in row.values.values() if isinstance(v, float)
                    )
    finally:
        (project / relative).unlink(missing_ok=True)
        for path, data in originals.items():
            path.write_bytes(data)


@PROJECT_PROPERTY
@given(rows=random_records, name=st.sampled_from(DATASETS), as_csv=st.booleans())
def test_random_records_validate_or_fail_cleanly(
    base_project: Path, rows: list[dict[str, Any]], name: str, as_csv: bool
) -> None:
    validate_with(base_project, name, rows, as_csv)


@PROJECT_PROPERTY
@given(changes=mutations, name=st.sampled_from(DATASETS), as_csv=st.booleans())
def test_sample_records_with_random_values_validate_or_fail_cleanly(
    base_project: Path, changes: list[tuple[int, Any, Any]], name: str, as_csv: bool
) -> None:
    validate_with(base_project, name, mutated(sample_rows(name), changes), as_csv)


# --- nothing lost: interrupted and concurrent builds --------------------------------------


def run_cli(*arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "decade-report"), *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_layout(process: subprocess.Popen[str]) -> None:
    """Read the verbose progress until the layout of the edition has started."""
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("Laying out"):
            return
    pytest.fail("the build ended before laying out")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_build_stopped_mid_render_leaves_the_previous_build(
    project: Path, tmp_path: Path, edit, stop: signal.Signals
) -> None:
    out = tmp_path / "out"
    build(project, out, Log(0), ("screen",))
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    edit("chapters/01-decade-at-a-glance.md", "## ", "## Changed ")
    process = run_cli("build", str(project), "--out", str(out), "--edition", "screen", "-v")
    wait_for_layout(process)
    process.send_signal(stop)
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted; the previous outputs are untouched" in errors
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert {k: v for k, v in after.items() if k.parts[0] != ".cache"} == {
        k: v for k, v in before.items() if k.parts[0] != ".cache"
    }
    assert not [p for p in out.rglob("*.tmp")]


def test_a_second_build_into_the_same_folder_waits_its_turn(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_cli("build", str(project), "--out", str(out), "--edition", "screen", "-v")
    wait_for_layout(first)
    second = run_cli("build", str(project), "--out", str(out), "--edition", "screen")
    _, errors = second.communicate(timeout=60)
    assert second.returncode == 1
    assert f"another build (process {first.pid}) is writing to this folder" in errors
    first.communicate(timeout=120)
    assert first.returncode == 0
    assert (out / "apsco-decade-report-screen.pdf").is_file()


def test_dates_come_from_source_date_epoch_or_the_project(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    stamp = 1_542_153_600  # 14 November 2018
    for path in project.rglob("*"):
        os.utime(path, (stamp, stamp))
    first = build(project, tmp_path / "a", Log(0), ("screen",))
    for path in project.rglob("*"):  # another day, same content: same PDF
        os.utime(path, (stamp, stamp))
    second = build(project, tmp_path / "b", Log(0), ("screen",))
    assert first.outputs[0].data == second.outputs[0].data
    info = pypdf.PdfReader(tmp_path / "a" / "apsco-decade-report-screen.pdf").metadata
    assert info["/CreationDate"].startswith("D:20181114")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1262304000")  # 1 January 2010
    third = build(project, tmp_path / "c", Log(0), ("screen",))
    assert (
        pypdf.PdfReader(tmp_path / "c" / "apsco-decade-report-screen.pdf")
        .metadata["/CreationDate"]
        .startswith("D:20100101")
    )
    assert third.outputs[0].data != first.outputs[0].data


# --- bounded resources: time and big tables -----------------------------------------------


def test_a_5000_row_table_splits_across_pages_with_its_header(
    project: Path, tmp_path: Path
) -> None:
    rows = ["year,region,activity,participants"]
    rows += [f"{2008 + i % 11},Region {i % 17},Activity number {i},{i % 500}" for i in range(5000)]
    (project / "data" / "large.csv").write_text("\n".join(rows) + "\n", "utf-8")
    annex = next((project / "chapters").glob("09-*.md"))
    annex.write_text(annex.read_text("utf-8") + "\n\n[[table: large]]\n", "utf-8")
    result = build(project, tmp_path, Log(0), ("screen",))
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / result.outputs[0].path), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    pages = [page for page in text.split("\f") if "Activity number" in page]
    assert len(pages) > 60
    for page in pages:  # the header row is repeated on every page of the table
        assert re.search(r"Year\s+Region\s+Activity\s+Participants", page)
    numbers = [int(n) for page in pages for n in re.findall(r"Activity number (\d+)", page)]
    assert numbers == list(range(5000))  # every row once, in order


def test_a_layout_over_its_time_limit_stops_with_a_message(project: Path, edit: Edit) -> None:
    with_limits(edit, "max_layout_seconds = 0.5")
    out = project.parent / "out"
    with pytest.raises(ReportError) as caught:
        build(project, out, Log(0), ("screen",))
    [problem] = caught.value.problems
    assert problem.where == Location("report.toml")
    assert (
        problem.message == "laying out the PDF took longer than 0.5 s (limits.max_layout_seconds)"
    )
    assert not (out / "apsco-decade-report-screen.pdf").exists()
