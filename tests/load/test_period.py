"""A report's period applied to the data: each dataset declares its date (or start) column once
in report.toml, and every report sees the rows of its own years — dates, years, missing values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from decade_report.errors import Severity, ValidationFailed
from decade_report.load.period import NotADate, Years, year_of
from decade_report.model.config import Period
from decade_report.model.report import Report
from decade_report.pipeline import check
from projects import annual_report, append, place, replace


def years_of(report: Report, dataset: str, column: str) -> list[object]:
    return [row.values.get(column) for row in report.datasets[dataset].rows]


def test_the_annual_report_sees_its_year_only(sample: Path) -> None:
    report = check(sample, "annual-2018")
    assert report.config.title == "Annual Report 2018"
    assert {e.date.year for e in report.events} == {2018}
    assert [str(e.date) for e in report.events] == [
        "2018",
        "2018",
        "14 November 2018",
        "15 November 2018",
    ]
    assert {m.date.year for m in report.milestones} == {2018}
    assert {t.year for t in report.trainings} == {2018}
    assert years_of(report, "metrics", "year") == [2018]
    assert years_of(report, "training_mix", "year") == [2018]
    # the rows of the typed datasets and of the tables agree (a year, or a date as text)
    assert years_of(report, "events", "date") == [2018, 2018, "2018-11-14", "2018-11-15"]
    # a `since` column: every member and partner there by the end of 2018
    assert len(report.member_states) == 11
    assert len(report.partners) == 10
    # the project's data as a whole stays at hand for the charts' context years
    assert len(report.all_datasets["metrics"].rows) == 11


def test_the_anniversary_report_keeps_its_whole_history(sample: Path) -> None:
    report = check(sample)
    assert report.report_id == ""
    assert min(m.date.year for m in report.milestones) == 2005  # history_start
    assert len(report.events) == 23
    assert years_of(report, "metrics", "year") == list(range(2008, 2019))


def test_since_counts_what_began_by_the_end_of_the_period(project: Path) -> None:
    report = check(project, annual_report(project, 2015))
    assert {s.id for s in report.member_states} == {
        "BGD",
        "CHN",
        "IRN",
        "MNG",
        "PAK",
        "PER",
        "THA",
        "TUR",
        "IDN",
        "MEX",
    }  # Egypt joined in 2016, Mexico in 2015
    assert all(p.since is None or p.since <= 2015 for p in report.partners)
    assert {p.id for p in report.programmes} >= {"smms", "sss"} and "gnss" not in {
        p.id for p in report.programmes
    }


def test_dates_years_and_missing_values_of_any_format(project: Path) -> None:
    """A CSV of dates at any precision, a YAML of dates and years, an XLSX of date cells and
    numbers: the 2018 report keeps exactly their 2018 rows; a row without a date is in no
    report, and a warning at its cell says so."""
    (project / "data" / "grants.csv").write_text(
        "when,amount\n2017-12-31,1\n2018,2\n2018-06,3\n,4\n2018-12-31,5\n2019-01-01,6\n", "utf-8"
    )
    (project / "data" / "visits.yaml").write_text(
        "- {on: 2018-03-01, people: 7}\n- {on: 2017, people: 8}\n- {on: '2018', people: 9}\n",
        "utf-8",
    )
    workbook = Workbook()
    for row in (["day", "count"], [dt.date(2018, 5, 2), 10], [2016, 11], [2018.0, 12]):
        workbook.active.append(row)
    workbook.save(project / "data" / "calls.xlsx")
    append(
        project,
        "report.toml",
        '[datasets.grants]\ndate = "when"\n\n[datasets.visits]\ndate = "on"\n\n'
        '[datasets.calls]\ndate = "day"',
    )
    report = check(project, "annual-2018")
    assert years_of(report, "grants", "amount") == [2, 3, 5]
    assert years_of(report, "visits", "people") == [7, 9]
    assert years_of(report, "calls", "count") == [10, 12]
    [warning] = [w for w in report.warnings if "grants.when" in w.message]
    assert warning.severity is Severity.WARNING
    assert str(warning.where) == "data/grants.csv:5:1"
    assert "is in no report" in warning.message
    decade = check(project)
    assert years_of(decade, "grants", "amount") == [1, 2, 3, 5]  # 2019 is after its period


def test_a_value_that_is_not_a_date_is_an_error_at_its_cell(project: Path) -> None:
    (project / "data" / "grants.csv").write_text("when,amount\n2018,1\nsoon,2\n", "utf-8")
    append(project, "report.toml", '[datasets.grants]\ndate = "when"')
    with pytest.raises(ValidationFailed) as caught:
        check(project, "annual-2018")
    [problem] = [p for p in caught.value.problems if "grants.when" in p.message]
    assert str(problem.where) == "data/grants.csv:3:1"
    assert "'soon' is not a year or a date" in problem.message


def test_declarations_name_a_dataset_and_one_of_its_columns(project: Path) -> None:
    append(
        project,
        "report.toml",
        '[datasets.event]\ndate = "date"\n\n[datasets.networks]\nsince = "start"',
    )
    with pytest.raises(ValidationFailed) as caught:
        check(project)
    problems = {p.message: p for p in caught.value.problems}
    unknown = problems["[datasets.event] names unknown dataset 'event'"]
    assert unknown.hint == "did you mean 'events'?"
    assert unknown.where.path == "report.toml" and unknown.where.line > 0
    column = problems["[datasets.networks] since = 'start': dataset 'networks' has no such column"]
    assert column.where == place(project, "report.toml", 'since = "start"')


def test_a_declaration_gives_exactly_one_column(project: Path) -> None:
    replace(
        project,
        "report.toml",
        '[datasets.events]\ndate = "date"',
        '[datasets.events]\ndate = "date"\nsince = "date"',
    )
    with pytest.raises(ValidationFailed) as caught:
        check(project)
    assert any("exactly one of date or since" in p.message for p in caught.value.problems)


def test_years_and_their_values() -> None:
    assert year_of("2018-11-14") == year_of("2018-11") == year_of(2018) == year_of(2018.0) == 2018
    assert year_of(None) is None and year_of("  ") is None
    for bad in ("soon", True, "18-11-2018", 2018.5):
        with pytest.raises(NotADate):
            year_of(bad)
    assert str(Years.before(Period(start=2018, end=2018))) == "2017"
    assert str(Years.before(Period(start=2008, end=2011))) == "2004–2007"
    assert str(Years.of(Period(start=2008, end=2018, history_start=2005))) == "2005–2018"
    assert str(Period(start=2018, end=2018)) == "2018"
