"""Charts over a report's period: the year highlighted against the years before it (a chart
option, `context_years`), and a period without data drawn as a figure that says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from decade_report.charts.period import chart_rows, context_colour
from decade_report.charts.render import render_charts
from decade_report.checking import check, loaded
from decade_report.compose.document import compose
from decade_report.errors import Severity, ValidationFailed
from projects import annual_report, append, place


def test_the_annual_charts_highlight_the_year_against_the_four_before(
    sample: Path, chart_cache: Path
) -> None:
    report, theme = loaded(sample, "annual-2018")
    chart = next(c for c in report.charts if c.id == "trainees-2018")
    rows = chart_rows(chart, report)
    assert rows.xs == [2014, 2015, 2016, 2017, 2018]
    assert rows.highlighted == (False, False, False, False, True)
    assert rows.context_years == "2014–2017"
    images = render_charts(report, theme, chart_cache)  # drawn as the build draws them
    svg = images["trainees-2018"].path.read_text("utf-8")
    brand = theme.tokens.palette()[0]
    assert svg.count(f"fill: {brand}") == 1  # the year's bar
    assert svg.count(f"fill: {context_colour(brand, theme)}") == 4  # the four before it
    assert images["trainees-2018"].alt.endswith("2018 highlighted; 2014–2017 shown for comparison.")


def test_the_anniversary_charts_draw_their_whole_period_unchanged(sample: Path) -> None:
    report = check(sample)
    for chart in report.charts:
        rows = chart_rows(chart, report)
        assert all(rows.highlighted) and not rows.context
        assert rows.dataset == report.datasets[chart.dataset]


def test_the_annex_labels_the_years_shown_for_comparison(sample: Path, chart_cache: Path) -> None:
    report, theme = loaded(sample, "annual-2018")
    html = compose(report, render_charts(report, theme, chart_cache), theme, "screen").html
    assert "Data for Figure 4.1: Trainees in the year (2014–2017 for comparison with 2018)" in html


def test_a_period_without_data_draws_an_empty_state_and_warns(
    project: Path, tmp_path: Path
) -> None:
    """The annual report of 2019: the data ends in 2018. Every chart says "No data for 2019",
    a warning at each chart says so, every layout says nothing happened — and nothing
    crashes on the way to the HTML."""
    report, theme = loaded(project, annual_report(project, 2019))
    warned = [w for w in report.warnings if "has no rows for 2019" in w.message]
    assert {w.where.path for w in warned} == {"annual-2018/charts.yaml"}
    assert len(warned) == 4 and all(w.severity is Severity.WARNING for w in warned)
    first = warned[0]
    assert first.where == place(project, "annual-2018/charts.yaml", "dataset: metrics")
    images = render_charts(report, theme, tmp_path)
    for chart in report.charts:
        assert images[chart.id].alt.endswith("No data for 2019.")
        svg = images[chart.id].path.read_text("utf-8")
        assert f"fill: {theme.tokens.palette()[0]}" not in svg  # no bar, no line
    html = compose(report, images, theme, "screen").html
    for empty in (
        "No milestone is recorded for 2019.",
        "No member state joined in 2019.",
        "No training is recorded for 2019.",
        "No meeting or event is recorded for 2019.",
        "No partnership began in 2019.",
    ):
        assert empty in html, empty
    assert html.count(">No data for 2019.</td>") == 4  # the annex tables
    assert [f.value for f in report.key_figures] == [0, 0, 0, 0, 0, 8, 10]


def test_context_years_need_a_dated_dataset(project: Path) -> None:
    append(
        project,
        "annual-2018/charts.yaml",
        "- id: kinds\n  kind: donut\n  dataset: events_by_kind\n  x: kind\n  y: [events]\n"
        '  title: "Events by kind"\n  context_years: 2',
    )
    with pytest.raises(ValidationFailed) as caught:
        check(project, "annual-2018")
    [problem] = [p for p in caught.value.problems if "context_years" in p.message]
    assert problem.where == place(project, "annual-2018/charts.yaml", "context_years: 2")
    assert "[datasets.events_by_kind]" in problem.hint
