"""Loaders: every record and field remembers where it was read; bad files give located errors."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from broken_projects import (
    expect,
    the_problem,
    write,
)
from decade_report.cli import main
from decade_report.errors import Location, Problem, ReportError
from decade_report.load import text as load_text
from decade_report.load.data import load_data_file
from decade_report.load.narrative import load_narrative
from decade_report.load.project import load_report
from decade_report.load.records import NUMBER_HINT, DataFile
from decade_report.load.text import read_text
from decade_report.load.toml_reader import parse_toml
from decade_report.validate.report import validate


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): these
    tests are about one report's sources."""
    return english_project


def load(folder: Path, name: str, content: str | bytes) -> DataFile:
    path = folder / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return load_data_file(path, folder)


def failure(folder: Path, name: str, content: str | bytes) -> Problem:
    with pytest.raises(ReportError) as caught:
        load(folder, name, content)
    [problem] = caught.value.problems
    assert problem.where.path == name
    return problem


def xlsx(path: Path, *rows: list[object]) -> Path:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def sheet_problem(path: Path) -> Problem:
    """The one problem of a spreadsheet. The error is dropped at once: while it lives, the file
    stays open (see test_xlsx_error_leaves_no_open_file) and would warn in a later test."""
    try:
        load_data_file(path, path.parent)
    except ReportError as error:
        [problem] = error.problems
        return problem
    pytest.fail(f"{path.name} loaded without error")


# --- YAML -----------------------------------------------------------------------------------


def test_yaml_records_and_fields_keep_their_positions(tmp_path: Path) -> None:
    data = load(
        tmp_path,
        "states.yaml",
        "# comment\n- id: PAK\n  name: Pakistan\n\n- id: PER\n  joined: 2006\n",
    )
    assert data.name == "states"
    first, second = data.records
    assert first.values == {"id": "PAK", "name": "Pakistan"}
    assert first.where == Location("states.yaml", 2, 3)
    assert first.at("name") == Location("states.yaml", 3, 3)
    assert second.values == {"id": "PER", "joined": 2006}
    assert second.at("joined") == Location("states.yaml", 6, 3)
    assert second.at("missing") == second.where


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    problem = failure(tmp_path, "bad.yaml", "- id: A\n  name: x: y\n")
    assert "malformed YAML" in problem.message
    assert problem.where.line == 2


def test_duplicate_yaml_key_is_an_error(tmp_path: Path) -> None:
    problem = failure(tmp_path, "dup.yaml", "- id: A\n  name: x\n  id: B\n")
    assert "duplicate key" in problem.message
    assert problem.where.line == 3


@pytest.mark.parametrize("content", ["", "# only a comment\n"], ids=["blank", "comment"])
def test_empty_yaml_file(tmp_path: Path, content: str) -> None:
    problem = failure(tmp_path, "empty.yaml", content)
    assert problem.message == "file is empty"


def test_yaml_mapping_instead_of_list(tmp_path: Path) -> None:
    problem = failure(tmp_path, "one.yaml", "id: A\nname: x\n")
    assert "expected a list of records" in problem.message


def test_yaml_list_item_that_is_not_a_mapping(tmp_path: Path) -> None:
    problem = failure(tmp_path, "items.yaml", "- id: A\n- just text\n")
    assert problem.message == "record 2 is not a mapping of field: value"
    assert problem.where.line == 2


def test_yaml_merge_key_is_loaded_or_reported(tmp_path: Path) -> None:
    try:
        data = load(tmp_path, "merge.yaml", "- &base {id: A, name: x}\n- <<: *base\n  id: B\n")
    except ReportError:
        return
    assert data.records[1].values == {"id": "B", "name": "x"}


# --- CSV ------------------------------------------------------------------------------------


def test_csv_rows_keep_line_and_cell_column(tmp_path: Path) -> None:
    data = load(tmp_path, "metrics.csv", 'year,note\n2008,a\n\n2009,"two\nlines"\n2010,\n')
    assert [r.values for r in data.records] == [
        {"year": "2008", "note": "a"},
        {"year": "2009", "note": "two\nlines"},
        {"year": "2010", "note": None},
    ]
    assert [r.where.line for r in data.records] == [2, 4, 6]
    assert data.records[2].at("note") == Location("metrics.csv", 6, 2)


def test_csv_with_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    data = load(tmp_path, "bom.csv", "\ufeffyear,count\n2008,3\n".encode())
    assert data.records[0].values == {"year": "2008", "count": "3"}


def test_csv_in_latin1_points_at_the_byte(tmp_path: Path) -> None:
    problem = failure(tmp_path, "latin.csv", "year,city\n2008,Bogotá\n".encode("latin-1"))
    assert problem.where == Location("latin.csv", 2, 11)
    assert "0xe1" in problem.message
    assert "UTF-8" in problem.hint


def test_csv_in_utf16_is_an_error(tmp_path: Path) -> None:
    problem = failure(tmp_path, "wide.csv", "year,count\n2008,3\n".encode("utf-16"))
    assert "UTF-16" in problem.message
    assert "UTF-8" in problem.hint


def test_csv_row_with_too_many_cells(tmp_path: Path) -> None:
    problem = failure(tmp_path, "wide.csv", "year,count\n2008,3\n2009,4,5\n")
    assert problem.where.line == 3
    assert problem.message == "row has 3 cells but the header has 2"


@pytest.mark.parametrize(
    ("header", "column", "message"),
    [
        ("year,count,year", 3, "column 'year' appears twice in the header row"),
        ("year,,count", 2, "column 2 has no name in the header row"),
    ],
)
def test_csv_bad_header(tmp_path: Path, header: str, column: int, message: str) -> None:
    problem = failure(tmp_path, "head.csv", f"{header}\n2008,1,2\n")
    assert problem.where == Location("head.csv", 1, column)
    assert problem.message == message


def test_empty_csv_file(tmp_path: Path) -> None:
    assert failure(tmp_path, "empty.csv", "\n").message == "file is empty"


# --- XLSX -----------------------------------------------------------------------------------


def test_xlsx_rows_are_numbered_like_the_sheet(tmp_path: Path) -> None:
    xlsx(
        tmp_path / "trainings.xlsx", ["year", "participants"], [2009, 20], [None, None], [2010, 22]
    )
    data = load_data_file(tmp_path / "trainings.xlsx", tmp_path)
    assert [r.values for r in data.records] == [
        {"year": 2009, "participants": 20},
        {"year": 2010, "participants": 22},
    ]
    assert [r.where.line for r in data.records] == [2, 4]
    assert data.records[1].at("participants") == Location("trainings.xlsx", 4, 2)


def test_xlsx_formula_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    problem = sheet_problem(
        xlsx(tmp_path / "sums.xlsx", ["year", "total"], [2009, 20], [2010, "=B2*2"])
    )
    assert problem.where == Location("sums.xlsx", 3, 2)
    assert "B3" in problem.message
    assert "formula" in problem.message


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_xlsx_error_leaves_no_open_file(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "sums.xlsx", ["year", "total"], [2010, "=1+1"])
    try:
        load_data_file(path, tmp_path)
    except ReportError:
        still_open = [fd for fd in Path("/proc/self/fd").iterdir() if fd.resolve() == path]
    else:
        pytest.fail("the formula was not reported")
    assert still_open == []


def test_xlsx_row_with_empty_first_cell(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "gaps.xlsx", ["year", "participants"], [None, 20])
    try:
        data = load_data_file(path, tmp_path)
    except AttributeError:  # dropped here: its traceback would keep the file open
        data = None
    assert data is not None
    assert data.records[0].values == {"year": None, "participants": 20}


def test_broken_xlsx_is_a_report_error(tmp_path: Path) -> None:
    problem = failure(tmp_path, "broken.xlsx", b"this is not a zip archive")
    assert "cannot open spreadsheet" in problem.message


# --- TOML and limits ------------------------------------------------------------------------


def test_toml_syntax_error_is_located(tmp_path: Path) -> None:
    path = tmp_path / "report.toml"
    path.write_text('title = "A report"\nslug = \n', "utf-8")
    with pytest.raises(ReportError) as caught:
        parse_toml(read_text(path, "report.toml"), "report.toml")
    [problem] = caught.value.problems
    assert problem.message.startswith("malformed TOML")
    assert (problem.where.path, problem.where.line) == ("report.toml", 2)
    assert problem.where.column > 0


def test_read_text_refuses_files_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("year,count\n" + "2008,1\n" * 10, "utf-8")
    with pytest.raises(ReportError) as caught:
        read_text(path, "big.csv", limit=20)
    assert "limit" in caught.value.problems[0].message


@pytest.mark.parametrize(
    ("name", "content"),
    [("big.csv", "year,count\n" + "2008,1\n" * 4), ("big.yaml", "- year: 2008\n" * 4)],
    ids=["csv", "yaml"],
)
def test_text_data_file_over_module_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: str
) -> None:
    monkeypatch.setattr(load_text, "MAX_DATA_BYTES", 16)
    assert "limit" in failure(tmp_path, name, content).message


def test_xlsx_over_module_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    xlsx(tmp_path / "big.xlsx", ["year"], [2008])
    monkeypatch.setattr(load_text, "MAX_DATA_BYTES", 16)
    with pytest.raises(ReportError) as caught:
        load_data_file(tmp_path / "big.xlsx", tmp_path)
    assert "limit" in caught.value.problems[0].message


# --- YAML aliases: bounded while loading ----------------------------------------------------

ALIAS_BOMB = "- a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"  {name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_yaml_alias_bomb_is_refused_at_once_at_the_alias(tmp_path: Path) -> None:
    assert len(ALIAS_BOMB) < 600  # half a kilobyte standing for 9**9 values
    started = time.monotonic()
    problem = failure(tmp_path, "bomb.yaml", ALIAS_BOMB)
    assert time.monotonic() - started < 2
    assert problem.message == (
        "YAML refused: the aliases repeat more than 100,000 values (the alias *e goes over)"
    )
    line = ALIAS_BOMB.splitlines().index(next(x for x in ALIAS_BOMB.splitlines() if "&f" in x))
    assert problem.where == Location("bomb.yaml", line + 1, 10)
    assert "aliases" in problem.hint


def test_yaml_alias_bomb_stops_check_too(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "data" / "partners.yaml").write_text(ALIAS_BOMB, "utf-8")
    started = time.monotonic()
    assert main(["check", str(project)]) == 1
    assert time.monotonic() - started < 30
    assert "data/partners.yaml:6:10: error: YAML refused: the aliases repeat" in (
        capsys.readouterr().err
    )


def test_recursive_yaml_alias_is_a_located_error(tmp_path: Path) -> None:
    problem = failure(tmp_path, "loop.yaml", "- &me\n  id: A\n  parts: [*me]\n")
    assert problem.message == (
        "YAML refused: the alias *me is inside the value it names (a recursive structure)"
    )
    assert problem.where == Location("loop.yaml", 3, 11)


def test_recursive_alias_in_front_matter_is_located(project: Path) -> None:
    path = project / "message.md"
    path.write_text("---\nauthor: &x [*x]\n---\n" + path.read_text("utf-8").split("---", 2)[2])
    with pytest.raises(ReportError) as caught:
        load_narrative(path, project)
    [problem] = caught.value.problems
    assert problem.where == Location("message.md", 2, 13)


def test_aliases_within_the_limit_still_share_defaults(tmp_path: Path) -> None:
    data = load(tmp_path, "merge.yaml", "- &base {id: A, kind: x}\n- <<: *base\n  id: B\n")
    assert data.records[1].values == {"id": "B", "kind": "x"}


# --- spreadsheet dimensions: from the cells present -----------------------------------------


def forged_dimension(path: Path, last: str) -> Path:
    """A small sheet whose last cell is `last`, declaring itself A1:XFD1048576."""
    workbook = Workbook()
    workbook.active.append(["id", "name"])
    workbook.active.append(["A", "first"])
    workbook.active[last] = "late"
    workbook.save(path)
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>',
                            members[sheet])  # fmt: skip
    assert b'ref="A1:XFD1048576"' in members[sheet]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_xlsx_with_a_forged_dimension_does_not_hang(tmp_path: Path) -> None:
    path = forged_dimension(tmp_path / "forged.xlsx", "A1048576")
    assert path.stat().st_size < 8000
    started = time.monotonic()
    problem = sheet_problem(path)
    assert time.monotonic() - started < 5
    assert problem.where == Location("forged.xlsx", 100_001)
    assert problem.message == "the sheet goes on past row 100,000, the most a data file may have"


def test_xlsx_with_a_value_far_to_the_right_is_refused_at_its_cell(tmp_path: Path) -> None:
    problem = sheet_problem(forged_dimension(tmp_path / "wide.xlsx", "XFD3"))
    assert problem.where == Location("wide.xlsx", 3, 16384)
    assert problem.message == (
        "row 3 has a value in column XFD, past the 200 columns a data file may have"
    )


def test_xlsx_rows_are_as_wide_as_their_cells_not_the_declared_dimension(tmp_path: Path) -> None:
    path = forged_dimension(tmp_path / "small.xlsx", "B4")
    data = load_data_file(path, tmp_path)
    assert [r.values for r in data.records] == [
        {"id": "A", "name": "first"},
        {"id": None, "name": "late"},
    ]


# --- numbers too long to be numbers (issue 11, item 5) ----------------------------------------

LONG = "9" * 400


def check_problems(project: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The problem lines `decade-report check` prints; it must fail with exit 1, not a traceback."""
    assert main(["check", str(project)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    return [line for line in err.splitlines() if ": error: " in line]


def forge_cells(path: Path, cells: dict[str, str]) -> None:
    """Write the given cells' <v> text straight into the sheet's XML (openpyxl cannot write an
    int too large for a float)."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = next(name for name in members if name.startswith("xl/worksheets/sheet"))
    xml = members[sheet].decode()
    for reference, value in cells.items():
        pattern = rf'(<c r="{reference}"[^>]*><v>)[^<]+(</v>)'
        assert re.search(pattern, xml), reference
        xml = re.sub(pattern, lambda match, v=value: match[1] + v + match[2], xml)
    members[sheet] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_400_digit_number_in_csv_is_located_charted_or_not(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    metrics = project / "data/metrics.csv"
    text = metrics.read_text("utf-8")
    # projects_active is charted (column 5); events.csv participants (column 6) is not
    metrics.write_text(text.replace("\n2009,20,0,0,2,", f"\n2009,20,0,0,{LONG},", 1), "utf-8")
    events = project / "data/events.csv"
    lines = events.read_text("utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.endswith(",42,true\n"))
    lines[number] = lines[number].replace(",42,true", f",{'9' * 5000},true")
    events.write_text("".join(lines), "utf-8")
    problems = check_problems(project, capsys)
    assert problems == [
        f"data/events.csv:{number + 1}:6: error: events.participants is a number of 5,000 "
        f"digits, over the 15 a number in data may have — {NUMBER_HINT}",
        "data/metrics.csv:3:5: error: metrics.projects_active is a number of 400 digits, over "
        f"the 15 a number in data may have — {NUMBER_HINT}",
    ]


def test_a_400_digit_number_in_yaml_is_located(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "data/milestones_per_year.yaml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    assert lines[2] == "  milestones: 1\n"
    lines[2] = f"  milestones: {LONG}\n"
    lines[4] = "  milestones: 1.5e300\n"
    path.write_text("".join(lines), "utf-8")
    assert check_problems(project, capsys) == [
        f"data/milestones_per_year.yaml:{line}:3: error: milestones_per_year.milestones is a "
        f"number of {digits} digits, over the 15 a number in data may have — "
        f"{NUMBER_HINT}"
        for line, digits in ((3, "400"), (5, "about 301"))
    ]


def test_a_400_digit_number_in_xlsx_is_located(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "data/trainings.xlsx"
    forge_cells(path, {"D2": LONG, "E3": "1" + "0" * 419})
    assert check_problems(project, capsys) == [
        f"data/trainings.xlsx:{line}:{column}: error: trainings.{name} is a number of {digits} "
        f"digits, over the 15 a number in data may have — {NUMBER_HINT}"
        for line, column, name, digits in ((2, 4, "participants", 400), (3, 5, "states", 420))
    ]


def test_a_number_too_long_for_int_in_xlsx_is_located_at_its_cell(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "t.xlsx", ["year", "count"], [2010, 1], [2011, 2])
    forge_cells(path, {"B3": "9" * 5000})
    problem = sheet_problem(path)
    assert str(problem.where) == "t.xlsx:3:2"
    assert problem.message.startswith("cell B3 holds a number of over 4,000 digits")


def test_fifteen_digit_numbers_are_fine(project: Path) -> None:

    path = project / "data/metrics.csv"
    path.write_text(
        path.read_text("utf-8").replace("\n2009,20,0,0,2,", "\n2009,20,0,0,999999999999999,", 1),
        "utf-8",
    )
    report = validate(load_report(project))
    assert report.datasets["metrics"].rows[1].values["projects_active"] == 999_999_999_999_999


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


def test_a_data_file_is_parsed_again_only_when_its_text_changed(tmp_path: Path) -> None:
    """The preview reloads the project after every save: unchanged files keep their records."""
    from decade_report.load.data import load_data_file

    path = tmp_path / "data" / "partners.csv"
    path.parent.mkdir()
    path.write_text("name,kind\nUNOOSA,agency\n", "utf-8")
    first = load_data_file(path, tmp_path)
    assert load_data_file(path, tmp_path).records is first.records
    path.write_text("name,kind\nUNOOSA,agency\nESA,agency\n", "utf-8")
    changed = load_data_file(path, tmp_path)
    assert [r.values["name"] for r in changed.records] == ["UNOOSA", "ESA"]
    assert changed.records[1].where == Location("data/partners.csv", 3, 1)
    # the same text at another path is its own file: locations name the path
    other = tmp_path / "data" / "others.csv"
    other.write_text(path.read_text("utf-8"), "utf-8")
    assert load_data_file(other, tmp_path).records[1].where.path == "data/others.csv"
