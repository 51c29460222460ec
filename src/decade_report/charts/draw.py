"""Drawing one chart with matplotlib: the kinds of chart, their axes, labels and legends.

Called in a child process by `charts.render.render_charts` (`draw_all`): matplotlib's font manager
and settings are process-wide, and the theme's fonts are added to them there. The chart and its
rows come in the edition's language already (charts/words.py). matplotlib (3.11, with libraqm)
shapes what it draws: Persian labels are joined and laid out right to left by the bidi algorithm.
"""

from __future__ import annotations

import io
from typing import Any

from decade_report.charts.mirror import CHART_LANGUAGE, direction_of, mirror, numbers_in
from decade_report.charts.period import context_colour, draw_empty
from decade_report.charts.style import HEIGHT_IN, WIDTH_IN, register_fonts, style
from decade_report.compose.locale_format import local_digits, local_number
from decade_report.model.report import ChartSpec, Dataset
from decade_report.theme.contrast import mix, readable
from decade_report.theme.tokens import Theme

Drawing = tuple[ChartSpec, Dataset, tuple[bool, ...], str, bool]
"""What one chart is drawn from, in the edition's language: the chart, its rows, which of them
are the period's own, what the empty-state figure says ("No data for 2019.") and whether it has
no rows (that figure is drawn)."""


def draw_all(drawings: list[Drawing], theme: Theme, language: str) -> list[bytes]:
    """Every chart as SVG in `language`, in a child process (`render_charts`)."""
    return [
        draw_empty(note, theme, language)
        if empty
        else draw(chart, dataset, theme, highlighted, language)
        for chart, dataset, highlighted, note, empty in drawings
    ]


def label(chart: ChartSpec, field: str) -> str:
    return chart.labels.get(field) or field.replace("_", " ").capitalize()


def fmt(value: Any) -> str:
    """A number as the charts print it, in the language of the chart being drawn (`numbers_in`):
    "1,234" in English, "۱٬۲۳۴" in Persian."""
    return local_number(value, CHART_LANGUAGE[0])


def draw(
    chart: ChartSpec,
    dataset: Dataset,
    theme: Theme,
    highlighted: tuple[bool, ...] = (),
    language: str = "en",
) -> bytes:
    """The chart as SVG; rows not `highlighted` (context years) are drawn muted."""
    import matplotlib

    matplotlib.use("svg", force=False)
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    register_fonts(theme)
    palette = theme.tokens.palette()
    xs = [local_digits(x, language) for x in dataset.column(chart.x)]
    with rc_context(style(theme, language)), numbers_in(language):
        height = HEIGHT_IN if chart.kind != "hbar" else max(HEIGHT_IN, 0.28 * len(xs) + 0.6)
        figure = Figure(figsize=(WIDTH_IN, height))
        axes = figure.add_subplot()
        lit = highlighted or (True,) * len(xs)
        DRAW[chart.kind](axes, chart, dataset, xs, palette, theme, lit)
        if not all(lit) and chart.kind in ("bar", "stacked", "line"):
            for tick, bright in zip(axes.get_xticklabels(), lit, strict=True):
                if bright:  # the period's own years read in bold, not by colour alone
                    tick.set_fontweight("bold")
                    tick.set_color(theme.tokens.ink)
        if chart.kind != "donut":
            value_axis(axes.xaxis if chart.kind == "hbar" else axes.yaxis, chart, dataset)
        if len(chart.y) > 1 and chart.kind != "donut":
            axes.legend(loc="upper left", ncols=len(chart.y), bbox_to_anchor=(0, 1.12))
        if direction_of(language) == "rtl":
            mirror(axes, chart.kind)
        figure.tight_layout(pad=0.4)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def value_axis(axis: Any, chart: ChartSpec, dataset: Dataset) -> None:
    """Counts get whole-number ticks ("0, 1, 2", never "0.5"), all values a thousands separator."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    values = [v for field in chart.y for v in dataset.column(field) if v is not None]
    counts = all(float(v).is_integer() for v in values)
    axis.set_major_locator(MaxNLocator(nbins="auto", integer=counts, min_n_ticks=3))
    axis.set_major_formatter(
        FuncFormatter(lambda value, _: fmt(round(value) if counts else round(value, 1)))
    )


def draw_bars(
    axes: Any,
    chart: ChartSpec,
    dataset: Dataset,
    xs: list[str],
    palette: tuple[str, ...],
    theme: Theme,
    lit: tuple[bool, ...] = (),
) -> None:
    count = len(chart.y)
    width = 0.72 / count
    for index, field in enumerate(chart.y):
        values = dataset.column(field)
        positions = [i + (index - (count - 1) / 2) * width for i in range(len(xs))]
        colour = palette[index % len(palette)]
        bars = axes.bar(
            positions,
            values,
            width * 0.92,
            color=[colour if bright else context_colour(colour, theme) for bright in lit],
            label=label(chart, field),
        )
        if count == 1:
            label_bars(axes, bars, values, theme)
    axes.set_xticks(range(len(xs)), xs)
    axes.margins(x=0.01)


def label_bars(axes: Any, bars: Any, values: list[Any], theme: Theme) -> None:
    """Value labels at the end of each bar, in the muted text colour."""
    axes.bar_label(
        bars, labels=[fmt(v) for v in values], padding=2.5, fontsize=6.5, color=theme.tokens.muted
    )


def draw_stacked(
    axes: Any,
    chart: ChartSpec,
    dataset: Dataset,
    xs: list[str],
    palette: tuple[str, ...],
    theme: Theme,
    lit: tuple[bool, ...] = (),
) -> None:
    bottoms = [0.0] * len(xs)
    for index, field in enumerate(chart.y):
        values = dataset.column(field)
        colour = palette[index % len(palette)]
        axes.bar(
            range(len(xs)),
            values,
            0.66,
            bottom=bottoms,
            color=[colour if bright else context_colour(colour, theme) for bright in lit],
            label=label(chart, field),
        )
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    axes.set_xticks(range(len(xs)), xs)


def draw_hbar(
    axes: Any,
    chart: ChartSpec,
    dataset: Dataset,
    xs: list[str],
    palette: tuple[str, ...],
    theme: Theme,
    lit: tuple[bool, ...] = (),
) -> None:
    values = dataset.column(chart.y[0])
    positions = list(range(len(xs)))[::-1]
    bars = axes.barh(positions, values, 0.62, color=palette[0], label=label(chart, chart.y[0]))
    label_bars(axes, bars, values, theme)
    axes.set_yticks(positions, xs)
    axes.grid(axis="y", visible=False)
    axes.grid(axis="x", visible=True)


def draw_line(
    axes: Any,
    chart: ChartSpec,
    dataset: Dataset,
    xs: list[str],
    palette: tuple[str, ...],
    theme: Theme,
    lit: tuple[bool, ...] = (),
) -> None:
    for index, field in enumerate(chart.y):
        values = dataset.column(field)
        colour = palette[index % len(palette)]
        axes.plot(
            range(len(xs)),
            values,
            color=colour if all(lit) else context_colour(colour, theme),
            linewidth=1.6,
            marker="o",
            markersize=3,
            label=label(chart, field),
        )
        if not all(lit):  # the period's own points over the muted line of the context years
            own = [i for i, bright in enumerate(lit) if bright]
            axes.plot(
                own,
                [values[i] for i in own],
                color=colour,
                linewidth=1.6,
                marker="o",
                markersize=4.5,
            )
        if len(chart.y) == 1:
            axes.fill_between(
                range(len(xs)), values, color=mix(colour, theme.tokens.paper, 0.92), linewidth=0
            )
            axes.annotate(
                fmt(values[-1]),
                (len(xs) - 1, values[-1]),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=7,
                color=readable(colour, [theme.tokens.paper]),  # small text: 4.5:1, not 3:1
                weight="bold",
            )
    axes.set_xticks(range(len(xs)), xs)
    axes.set_ylim(bottom=0)


def draw_donut(
    axes: Any,
    chart: ChartSpec,
    dataset: Dataset,
    xs: list[str],
    palette: tuple[str, ...],
    theme: Theme,
    lit: tuple[bool, ...] = (),
) -> None:
    values = dataset.column(chart.y[0])
    colours = [palette[i % len(palette)] for i in range(len(values))]
    wedges, _ = axes.pie(
        values,
        colors=colours,
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.36, "edgecolor": theme.tokens.paper, "linewidth": 1},
    )
    total = sum(values)
    axes.text(
        0,
        0.06,
        fmt(total),
        ha="center",
        va="center",
        fontsize=16,
        weight="bold",
        color=theme.tokens.colour("brand_text"),
    )
    axes.text(
        0,
        -0.2,
        label(chart, chart.y[0]).lower(),
        ha="center",
        va="center",
        fontsize=7,
        color=theme.tokens.muted,
    )
    axes.legend(
        wedges,
        [f"{x}  ({fmt(v)})" for x, v in zip(xs, values, strict=True)],
        loc="center left",
        bbox_to_anchor=(1.02, 0.5),
    )
    axes.set_aspect("equal")
    axes.grid(False)


DRAW = {
    "bar": draw_bars,
    "stacked": draw_stacked,
    "hbar": draw_hbar,
    "line": draw_line,
    "donut": draw_donut,
}
