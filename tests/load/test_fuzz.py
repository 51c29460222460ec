"""Property tests of the readers: random text and bytes give records or a located ReportError,
nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broken_projects import (
    PROPERTY,
    SAMPLE,
    outcome,
    write,
)
from decade_report.load.csv_reader import load_csv_records
from decade_report.load.data import load_data_file
from decade_report.load.narrative import load_narrative
from decade_report.load.spreadsheet import load_xlsx_records
from decade_report.load.toml_reader import parse_toml
from decade_report.load.yaml_reader import parse_yaml

# --- property tests: success or a ReportError, nothing else ---------------------------------

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
