"""Property tests of validation: random records in a copy of the sample validate or fail with
located problems."""

from __future__ import annotations

import csv
import io
import math
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broken_projects import (
    PROPERTY,
    SAMPLE,
    write,
)
from decade_report.errors import ReportError
from decade_report.load.data import load_data_file
from decade_report.load.project import load_report
from decade_report.validate.report import validate

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


@pytest.mark.slow  # hundreds of validations of the sample
@PROJECT_PROPERTY
@given(rows=random_records, name=st.sampled_from(DATASETS), as_csv=st.booleans())
def test_random_records_validate_or_fail_cleanly(
    base_project: Path, rows: list[dict[str, Any]], name: str, as_csv: bool
) -> None:
    validate_with(base_project, name, rows, as_csv)


@pytest.mark.slow  # hundreds of validations of the sample
@PROJECT_PROPERTY
@given(changes=mutations, name=st.sampled_from(DATASETS), as_csv=st.booleans())
def test_sample_records_with_random_values_validate_or_fail_cleanly(
    base_project: Path, changes: list[tuple[int, Any, Any]], name: str, as_csv: bool
) -> None:
    validate_with(base_project, name, mutated(sample_rows(name), changes), as_csv)
