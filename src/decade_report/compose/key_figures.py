"""Key figures: the few numbers a report puts up front, declared by the project.

A project lists them in `data/key_figures.yaml`, in the order they print. Each entry has a
`label` and says where its number comes from — written out, or computed from the project's data:

    - label: monitoring stations
      value: 42                             # as written (a number or a short text)
    - label: full Member States
      count: member_states                  # rows of a dataset …
      where: {status: full}                 # … that match (a value or a list of values)
    - label: participants in training
      sum: trainings.participants           # a column added up (rows filtered by `where` too)
      illustrative: true                    # marked † (a sum also when an added row is)
      source: Secretariat training records  # where the number comes from (shown on the page)
      compare: true                         # "+12 % on 2017": change on the previous period

Nothing else is a key figure: a project without this file has none. Computed figures are worked
out here, during validation, so a wrong dataset, column or filter is a located error, and the
number check of preflight compares the text with exactly these numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field, model_validator

from decade_report.errors import Location, Problem, did_you_mean
from decade_report.load.records import Record
from decade_report.model.report import Dataset, KeyFigure, Model, Row, is_number

Scalar = str | int | float | bool


class KeyFigureSpec(Model):
    """One entry of data/key_figures.yaml."""

    label: str = Field(min_length=1, max_length=120)
    """What the number counts, printed under it ("full Member States")."""
    value: int | float | str | None = None
    """The number as written, when it is not computed from the data."""
    count: str | None = None
    """Dataset whose rows are counted (filtered by `where`)."""
    sum: str | None = Field(default=None, pattern=r"^[^.\s]+\.[^.\s]+$")
    """`dataset.column` whose numbers are added up (filtered by `where`)."""
    where: dict[str, Scalar | list[Scalar]] = Field(default_factory=dict)
    """Only rows whose column has this value (or one of these values) count."""
    illustrative: bool = False
    """The figure is not a sourced count: it is marked † like illustrative data."""
    source: str = ""
    """Where the number comes from, for the reader."""
    compare: bool = False
    """Print the change on the previous period of the same length ("+12 % on 2017"), worked out
    from the same data (module year_on_year); needs a dataset dated in report.toml."""

    @model_validator(mode="after")
    def one_source(self) -> KeyFigureSpec:
        given = [k for k in ("value", "count", "sum") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of value, count or sum"
                + (f" (it has {', '.join(given)})" if given else "")
            )
        if self.where and self.value is not None:
            raise ValueError("'where' filters the rows of count or sum, not a written value")
        if self.compare and self.value is not None:
            raise ValueError("'compare' works out the change of a count or a sum, not of a value")
        return self


def compute_key_figures(
    specs: list[tuple[KeyFigureSpec, Record]],
    datasets: dict[str, Dataset],
    failed: set[str],
    reported: frozenset[Location] = frozenset(),
) -> tuple[list[KeyFigure], list[Problem]]:
    """Every declared figure with its value; problems for references the data cannot answer.
    `failed` names datasets, `reported` places, whose problems are already reported: a cell
    that is not a number is one error, not one more per figure adding it up."""
    figures: list[KeyFigure] = []
    problems: list[Problem] = []
    for spec, record in specs:
        for result in compute(spec, record, datasets, failed):
            if isinstance(result, KeyFigure):
                figures.append(result)
            elif result.where not in reported:
                problems.append(result)
                reported |= {result.where}
    return figures, problems


def compute(
    spec: KeyFigureSpec, record: Record, datasets: dict[str, Dataset], failed: set[str]
) -> Iterator[KeyFigure | Problem]:
    if spec.value is not None:
        yield KeyFigure(spec.label, spec.value, spec.illustrative, spec.source, record.where, "")
        return
    key = "count" if spec.count is not None else "sum"
    reference = str(spec.count if spec.count is not None else spec.sum)
    name, _, column = reference.partition(".")
    dataset = datasets.get(name)
    if dataset is None:
        if name not in failed:
            yield Problem(
                record.at(key),
                f"key figure '{spec.label}': no dataset '{name}'",
                did_you_mean(name, (d for d in datasets if d != "key_figures"))
                or f"add data/{name}.yaml (or .csv/.xlsx)",
            )
        return
    wanted = [c for c in ([column] if column else []) + list(spec.where) if c]
    unknown = [c for c in wanted if c not in dataset.columns]
    for missing in unknown:
        yield Problem(
            record.at("where" if missing in spec.where else key),
            f"key figure '{spec.label}': dataset '{name}' has no column '{missing}'",
            did_you_mean(missing, dataset.columns),
        )
    if unknown:
        return
    rows = [row for row in dataset.rows if matches(row, spec.where)]
    condition = " and ".join(f"{c} = {describe(v)}" for c, v in spec.where.items())
    how = (
        f"rows of {dataset.path}" if key == "count" else f"{column} added up in {dataset.path}"
    ) + (f" where {condition}" if condition else "")
    if key == "count":  # a row's flag is about its numbers, not about the row being there
        yield KeyFigure(spec.label, len(rows), spec.illustrative, spec.source, record.where, how)
        return
    illustrative = spec.illustrative or any(row.illustrative for row in rows)
    total: int | float = 0
    bad = False
    for row in rows:
        value = row.values.get(column)
        if value is None or value == "":
            continue
        if not is_number(value):
            bad = True
            yield Problem(
                row.at(column),
                f"{name}.{column} = {value!r} is not a number (key figure '{spec.label}' adds "
                "this column up)",
                "write a number, or leave the cell empty",
            )
            continue
        total += value
    if not bad:
        yield KeyFigure(spec.label, total, illustrative, spec.source, record.where, how)


def matches(row: Row, where: dict[str, Any]) -> bool:
    """Values compare as text ("full" = full, 2018 = "2018"), so CSV and YAML data agree."""
    for column, wanted in where.items():
        options = wanted if isinstance(wanted, list) else [wanted]
        if text(row.values.get(column)) not in {text(o) for o in options}:
            return False
    return True


def text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def describe(value: Any) -> str:
    return " or ".join(map(text, value)) if isinstance(value, list) else text(value)
