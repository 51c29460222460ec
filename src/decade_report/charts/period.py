"""A chart over a report's period: the rows it draws, the years it highlights, its empty state.

Validation gives a report its period's rows only. A chart may also show the years before the
period for comparison (`context_years` in charts.yaml): an annual report's year against the four
before it, the year highlighted and the others muted, with no template of its own. A period
without any row for a chart gives a figure that says so (and a warning at the chart), never an
empty axis or a crash.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from decade_report.errors import Problem, Severity
from decade_report.load.period import Years, dataset_in, keeps
from decade_report.load.records import Record
from decade_report.model.config import ReportConfig
from decade_report.model.report import ChartSpec, Dataset, Report


@dataclass(frozen=True)
class ChartRows:
    dataset: Dataset
    """The rows the chart draws: its context years first, then the period's own."""
    highlighted: tuple[bool, ...]
    """For each row, whether it is of the report's period (drawn in full colour)."""
    period: str
    """The report's period as printed: "2018", "2008–2018"."""

    @property
    def empty(self) -> bool:
        return not any(self.highlighted)

    @property
    def context(self) -> bool:
        """Some rows are of the years before the period, drawn for comparison."""
        return not all(self.highlighted)

    @property
    def context_years(self) -> str:
        """The years drawn for comparison only, as printed ("2014–2017"), or ""."""
        years = [str(x) for x, lit in zip(self.xs, self.highlighted, strict=True) if not lit]
        if not years:
            return ""
        return years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"

    @property
    def xs(self) -> list[Any]:
        return [row.values.get(self.x) for row in self.dataset.rows]

    x: str = ""


def chart_rows(chart: ChartSpec, report: Report) -> ChartRows:
    """What `chart` draws in `report`: the period's rows, and the context years it asks for."""
    period = report.config.period
    current = report.datasets[chart.dataset]
    dates = report.config.datasets.get(chart.dataset)
    label = str(Years.of(period))
    if not chart.context_years or dates is None or chart.dataset not in report.all_datasets:
        return ChartRows(current, (True,) * len(current.rows), label, chart.x)
    shown = Years(period.earliest - chart.context_years, period.end)
    drawn = dataset_in(report.all_datasets[chart.dataset], dates, shown)
    own = Years.of(period)
    lit = tuple(keeps(dates, row.values.get(dates.column), own) for row in drawn.rows)
    if not any(lit):  # nothing in the period: the figure says so, without the context
        drawn, lit = replace(drawn, rows=()), ()
    return ChartRows(drawn, lit, label, chart.x)


def context_problems(
    charts: list[tuple[ChartSpec, Record]], config: ReportConfig
) -> Iterator[Problem]:
    """Context years need to know which column dates the chart's dataset."""
    for chart, record in charts:
        if chart.context_years and chart.dataset not in config.datasets:
            yield Problem(
                record.at("context_years"),
                f"chart '{chart.id}': context_years needs to know the years of dataset "
                f"'{chart.dataset}'",
                f'declare its date column in report.toml: [datasets.{chart.dataset}] date = "…"',
            )


def empty_charts(
    charts: list[tuple[ChartSpec, Record]], datasets: dict[str, Dataset], config: ReportConfig
) -> Iterator[Problem]:
    """A chart whose dataset has rows, but none in the report's period, draws a figure saying
    "No data for 2019": a warning at the chart says so before anyone opens the PDF."""
    for chart, record in charts:
        dataset = datasets.get(chart.dataset)
        if dataset is not None and not dataset.rows and chart.dataset in config.datasets:
            yield Problem(
                record.at("dataset"),
                f"chart '{chart.id}': dataset '{chart.dataset}' has no rows for "
                f"{Years.of(config.period)}; the figure says there is no data",
                "add the period's data, or leave the chart out of this report's chapters",
                Severity.WARNING,
            )


def draw_empty(note: str, theme: Any, language: str = "en") -> bytes:
    """The empty-state figure: the chart's frame with `note` ("No data for 2019.", in the
    edition's language) in its middle."""
    import io

    import matplotlib

    matplotlib.use("svg", force=False)
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    from decade_report.charts.style import HEIGHT_IN, WIDTH_IN, register_fonts, style

    register_fonts(theme)
    with rc_context(style(theme, language)):
        figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN * 0.6))
        axes = figure.add_subplot()
        axes.set_axis_off()
        axes.text(
            0.5,
            0.5,
            note,
            ha="center",
            va="center",
            fontsize=10,
            color=theme.tokens.muted,
            transform=axes.transAxes,
        )
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def context_colour(colour: str, theme: Any) -> str:
    """A context year's colour: the series colour lightened toward the paper."""
    from decade_report.theme.contrast import mix

    return str(mix(colour, theme.tokens.paper, 0.55))
