"""Charts of a right-to-left edition: the category axis runs from the right, the value axis and
the legend stand on the right, numbers in the language's digits; the cache keeps each language's
charts apart (issue 16)."""

from __future__ import annotations

from pathlib import Path

from decade_report.charts.draw import fmt
from decade_report.charts.mirror import mirror, numbers_in
from decade_report.charts.render import chart_key
from decade_report.model.report import ChartSpec, Dataset
from decade_report.theme.tokens import load_theme

SAMPLE = Path(__file__).resolve().parents[2] / "report"


def test_a_mirrored_chart_reads_from_the_right() -> None:
    import matplotlib

    matplotlib.use("svg", force=False)
    from matplotlib.figure import Figure

    axes = Figure().add_subplot()
    axes.plot([0, 1, 2], [1, 2, 3], label="a")
    axes.plot([0, 1, 2], [3, 2, 1], label="b")
    axes.legend(loc="upper left")
    mirror(axes, "line")
    assert axes.xaxis_inverted()
    assert axes.yaxis.get_ticks_position() == "right"
    assert axes.spines["right"].get_visible() and not axes.spines["left"].get_visible()
    legend = axes.get_legend()
    assert legend._loc == 1  # "upper right"
    assert [t.get_text() for t in legend.get_texts()] == ["a", "b"]


def test_chart_numbers_follow_the_language_and_the_key_keeps_languages_apart() -> None:
    with numbers_in("fa"):
        assert fmt(12345) == "۱۲٬۳۴۵"
    assert fmt(12345) == "12,345"
    chart = ChartSpec.model_validate(
        {"id": "c", "kind": "bar", "dataset": "d", "x": "year", "y": ["n"], "title": "T"}
    )
    dataset = Dataset("d", "data/d.csv", ("year", "n"), ())
    theme = load_theme(SAMPLE, {})
    assert chart_key(chart, dataset, theme, None, "fa") != chart_key(chart, dataset, theme, None)
