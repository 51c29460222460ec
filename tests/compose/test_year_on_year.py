"""Key figures compared with the previous period ("+32 % on 2017"), from the same data; a zero
or missing previous year is a located note and a figure without a change, never a division."""

from __future__ import annotations

from pathlib import Path

import pytest

from decade_report.charts.render import render_charts
from decade_report.checking import loaded
from decade_report.compose.document import compose
from decade_report.compose.year_on_year import change_text
from decade_report.errors import Severity, ValidationFailed
from decade_report.load.period import Years
from decade_report.model.report import Report
from decade_report.pipeline import check
from projects import annual_report, append, place

FIGURES = "annual-2018/key_figures.yaml"


def figures(report: Report) -> list[tuple[str, object, str]]:
    return [(f.label, f.value, f.change) for f in report.key_figures]


def notes(report: Report, text: str) -> list[object]:
    return [w for w in report.warnings if "key figure" in w.message and text in w.message]


def test_the_annual_figures_compare_with_the_year_before(sample: Path) -> None:
    assert figures(check(sample, "annual-2018")) == [
        ("participants in training", 177, "+32 % on 2017"),  # 34+45+68+30 against 32+40+62
        ("events in the calendar", 4, "+100 % on 2017"),
        ("milestones", 4, "\u221220 % on 2017"),
        ("satellite images shared", 11500, "+25 % on 2017"),
        ("cooperative projects under way", 13, "+8 % on 2017"),
        ("full Member States", 8, "unchanged on 2017"),
        ("partner organisations", 10, "+11 % on 2017"),  # SPACE2030 began in 2018
    ]


def test_the_change_prints_under_its_figure(sample: Path, chart_cache: Path) -> None:
    report, theme = loaded(sample, "annual-2018")
    html = compose(report, render_charts(report, theme, chart_cache), theme, "screen").html
    assert '<p class="key-label">participants in training</p>' in html
    assert '<p class="key-change">+32 % on 2017</p>' in html


def test_a_zero_previous_year_is_a_located_note(project: Path) -> None:
    """Workshops had no participants in 2017 (data/training_mix.csv): no per cent of 0."""
    append(
        project,
        FIGURES,
        "- label: workshop participants\n  sum: training_mix.workshop\n  compare: true",
    )
    report = check(project, "annual-2018")
    figure = next(f for f in report.key_figures if f.label == "workshop participants")
    assert (figure.value, figure.change) == (30, "")
    [note] = notes(report, "workshop participants")
    assert note.severity is Severity.INFO
    assert "2017 had 0, so no change in per cent can be given" in note.message
    assert note.where.path == FIGURES
    assert note.where.line == place(project, FIGURES, "workshop participants").line + 2


def test_a_missing_previous_year_is_a_located_note(project: Path) -> None:
    """The annual report of 2009: the data has no training before 2009 and no image shared
    before 2012 — the figures print, with notes instead of changes."""
    report = check(project, annual_report(project, 2009))
    values = {label: (value, change) for label, value, change in figures(report)}
    assert values["participants in training"] == (20, "")
    assert values["events in the calendar"] == (1, "unchanged on 2008")  # the 2nd Council, the 1st
    assert values["satellite images shared"] == (0, "")
    [missing] = notes(report, "participants in training")
    assert "data/trainings.xlsx has no value for 2008 to compare with" in missing.message
    assert missing.where.path == FIGURES and missing.where.line > 0
    [zero] = notes(report, "satellite images shared")
    assert "2008 had 0" in zero.message
    # and the report composes: the figures without a change print without one
    report, theme = loaded(project, "annual-2009")
    charts = render_charts(report, theme, project / "charts-cache")
    html = compose(report, charts, theme, "screen").html
    assert html.count('class="key-change"') == len([f for f in report.key_figures if f.change])
    assert '<p class="key-change">unchanged on 2008</p>' in html


def test_an_undated_dataset_has_nothing_to_compare_with(project: Path) -> None:
    append(project, FIGURES, "- label: networks\n  count: networks\n  compare: true")
    report = check(project, "annual-2018")
    [note] = notes(report, "'networks'")
    assert "is not dated" in note.message
    assert note.hint == 'declare its date column in report.toml: [datasets.networks] date = "…"'


def test_compare_is_for_counted_figures(project: Path) -> None:
    append(project, FIGURES, "- label: years of work\n  value: 1\n  compare: true")
    with pytest.raises(ValidationFailed) as caught:
        check(project, "annual-2018")
    [problem] = caught.value.problems
    assert problem.where.path == FIGURES
    assert "'compare' works out the change of a count or a sum" in problem.message


def test_the_wording_of_a_change() -> None:
    year = Years(2017, 2017)
    assert change_text(177, 134, year) == "+32 % on 2017"
    assert change_text(4, 5, year) == "\u221220 % on 2017"
    assert change_text(8, 8, year) == "unchanged on 2017"
    assert change_text(1001, 1000, year) == "+0.1 % on 2017"
    assert change_text(30, 2, Years(2004, 2007)) == "+1,400 % on 2004–2007"


def test_the_wording_of_a_change_in_chinese() -> None:
    year = Years(2017, 2017)
    assert change_text(177, 134, year, "zh") == "与2017相比+32%"
    assert change_text(4, 5, year, "zh") == "与2017相比\u221220%"
    assert change_text(8, 8, year, "zh") == "与2017持平"
    assert change_text(1001, 1000, year, "zh") == "与2017相比+0.1%"
