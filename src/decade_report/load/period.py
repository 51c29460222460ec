"""A report's period applied to the project's data: which rows of each dataset it sees.

A project keeps one set of data for all its reports (the anniversary report, each year's annual
report) and declares once, in report.toml, which column dates each dataset:

    [datasets.events]
    date = "date"        # a year or a date: the row is in a report when it falls in its period
    [datasets.partners]
    since = "since"      # the year a row starts from: in every report whose period ends after it

Validation hands every later stage the rows of the report's period only (charts, tables, layouts,
key figures); a dataset that declares nothing is shown whole. `Years` is a span of years: the
report's own, the previous one a key figure compares with, or a chart's context years.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from decade_report.errors import Location, Problem, Severity, did_you_mean
from decade_report.load.records import Record
from decade_report.model.config import DatasetDates, Period
from decade_report.model.report import Dataset, Row

DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


@dataclass(frozen=True)
class Years:
    """A span of whole years, both ends included."""

    first: int
    last: int

    @classmethod
    def of(cls, period: Period) -> Years:
        """What a report shows: from its history start (the years that led to it) to its end."""
        return cls(period.earliest, period.end)

    @classmethod
    def before(cls, period: Period) -> Years:
        """The span of the same length just before the period: 2017 for 2018."""
        return cls(period.start - period.years, period.start - 1)

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"


class NotADate(ValueError):
    """A value in a dated column that is neither a year nor a date."""


def year_of(value: Any) -> int | None:
    """The year of a dated cell: 2018, 2018.0, "2018", "2018-11", "2018-11-14" (a YAML date
    arrives as its ISO text); None when the cell is empty. Raises NotADate otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise NotADate(f"{str(value).lower()} is a yes/no value, not a year or a date")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.date):
        return value.year
    match = DATE.fullmatch(str(value).strip())
    if not match:
        raise NotADate(f"{value!r} is not a year or a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    return int(match[1])


def keeps(dates: DatasetDates, value: Any, years: Years) -> bool:
    """Whether a row whose dated cell holds `value` belongs to a report showing `years`. A row
    without a date is in no report; a row without a start year has always been there. A value
    that is not a date was reported by validation: the row is left out."""
    try:
        year = year_of(value)
    except NotADate:
        return False
    if dates.since:
        return year is None or year <= years.last
    return year is not None and years.first <= year <= years.last


def dataset_in(dataset: Dataset, dates: DatasetDates | None, years: Years) -> Dataset:
    """The rows of `dataset` in `years`; the whole dataset when it declares no dated column."""
    if dates is None:
        return dataset
    rows = tuple(row for row in dataset.rows if keeps(dates, row.values.get(dates.column), years))
    return replace(dataset, rows=rows)


def datasets_in(
    datasets: Mapping[str, Dataset], declared: Mapping[str, DatasetDates], years: Years
) -> dict[str, Dataset]:
    return {name: dataset_in(d, declared.get(name), years) for name, d in datasets.items()}


def records_in(
    items: Iterable[tuple[Any, Record]], dates: DatasetDates | None, years: Years
) -> list[tuple[Any, Record]]:
    """The typed items (milestones, events …) whose record falls in `years`."""
    if dates is None:
        return list(items)
    return [(item, r) for item, r in items if keeps(dates, r.values.get(dates.column), years)]


def began_in(items: Iterable[Any], dates: DatasetDates | None, years: Years) -> list[Any]:
    """Of the typed items a report holds (members, partners: those there by the end of its
    period), the ones that began in its years — what the layouts show as having happened then.
    An item without a start year is shown: when it began is not known."""
    if dates is None or not dates.since:
        return list(items)
    kept = []
    for item in items:
        try:
            year = year_of(getattr(item, dates.since, None))
        except NotADate:
            continue
        if year is None or year >= years.first:
            kept.append(item)
    return kept


def declaration_problems(
    declared: Mapping[str, DatasetDates],
    datasets: Mapping[str, Dataset],
    failed: set[str],
    where: Callable[..., Location],
) -> Iterator[Problem]:
    """Each [datasets.NAME] of report.toml names a dataset and one of its columns; every value in
    that column is a year or a date. A row without a date is in no report: a warning says so."""
    for name, dates in declared.items():
        key = "date" if dates.date else "since"
        dataset = datasets.get(name)
        if dataset is None:
            if name not in failed:
                yield Problem(
                    where("datasets", name),
                    f"[datasets.{name}] names unknown dataset '{name}'",
                    did_you_mean(name, datasets) or "use the name of a file in data/",
                )
            continue
        if dates.column not in dataset.columns:
            yield Problem(
                where("datasets", name, key),
                f"[datasets.{name}] {key} = '{dates.column}': dataset '{name}' has no such column",
                did_you_mean(dates.column, dataset.columns),
            )
            continue
        for row in dataset.rows:
            yield from cell_problems(name, dates, row)


def cell_problems(name: str, dates: DatasetDates, row: Row) -> Iterator[Problem]:
    value = row.values.get(dates.column)
    where = row.at(dates.column)
    try:
        year = year_of(value)
    except NotADate as error:
        yield Problem(where, f"{name}.{dates.column}: {error}", "reports pick their rows by it")
        return
    if year is None and dates.date:
        yield Problem(
            where,
            f"{name}.{dates.column} is empty: this row is in no report",
            "give the year or the date the row belongs to",
            Severity.WARNING,
        )


def in_report(
    datasets: Mapping[str, Dataset],
    typed: Mapping[str, list[tuple[Any, Record]]],
    declared: Mapping[str, DatasetDates],
    period: Period,
) -> tuple[dict[str, Dataset], dict[str, list[tuple[Any, Record]]]]:
    """The datasets and the typed items a report of `period` sees."""
    years = Years.of(period)
    return (
        datasets_in(datasets, declared, years),
        {name: records_in(items, declared.get(name), years) for name, items in typed.items()},
    )


def data_span(periods: Iterable[Period]) -> Years:
    """The years the project's data may cover: from the earliest year any report shows to the
    last year of any report (a date outside it is a mistake, not another report's data)."""
    spans = [Years.of(p) for p in periods]
    return Years(min(s.first for s in spans), max(s.last for s in spans))
