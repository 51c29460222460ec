"""Checks of the charts: their data (dataset, fields, values a chart can draw), their size, and
where the chapters place them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator

from decade_report.errors import Problem, Severity, did_you_mean
from decade_report.model.report import is_number
from decade_report.validate.datasets import number_fault
from decade_report.validate.draft import Draft
from decade_report.validate.narrative import embeds


def chart_data(draft: Draft) -> Iterator[Problem]:
    for chart, record in draft.charts:
        dataset = draft.datasets.get(chart.dataset)
        if dataset is None:
            if chart.dataset not in draft.failed:
                yield Problem(
                    record.at("dataset"),
                    f"chart '{chart.id}' uses unknown dataset '{chart.dataset}'",
                    did_you_mean(chart.dataset, draft.datasets) or f"add data/{chart.dataset}.csv",
                )
            continue
        for name in (chart.x, *chart.y):
            if name not in dataset.columns:
                key = "x" if name == chart.x else "y"
                yield Problem(
                    record.at(key),
                    f"chart '{chart.id}': dataset '{dataset.name}' has no field '{name}'",
                    did_you_mean(name, dataset.columns),
                )
        if not dataset.rows:
            yield Problem(
                record.at("dataset"), f"chart '{chart.id}': dataset '{dataset.name}' has no rows"
            )
        for row in dataset.rows:
            for name in chart.y:
                value = row.values.get(name)
                if name not in dataset.columns:
                    continue  # reported above, once for the chart
                if isinstance(value, float) and not math.isfinite(value):
                    continue  # reported by finite_numbers, once for the cell
                if number_fault(value):
                    continue  # reported by to_dataset, once for the cell
                if not is_number(value):
                    what = "is not a finite number" if value is not None else "is empty"
                    yield Problem(
                        row.at(name),
                        f"{dataset.name}.{name} = {value!r} {what} (chart '{chart.id}')",
                        "write a number, e.g. 42",
                    )
                elif value < 0:
                    yield Problem(
                        row.at(name),
                        f"{dataset.name}.{name} = {value} is negative (chart '{chart.id}')",
                        "charts show counts, which cannot be below 0: correct the value",
                    )
        if chart.kind == "donut" and len(chart.y) != 1:
            yield Problem(record.at("y"), f"a donut chart shows one field, not {len(chart.y)}")


MAX_CHART_POINTS = {"bar": 100, "stacked": 100, "hbar": 40, "line": 1000, "donut": 20}
"""Most categories (bars, points, slices) a chart of each kind draws: more cannot be read on a
page, and a 100,000-bar chart would take minutes to draw."""


MAX_CHART_SERIES = 8
"""Most fields (`y`) one chart shows."""


def chart_sizes(draft: Draft) -> Iterator[Problem]:
    for chart, record in draft.charts:
        dataset = draft.datasets.get(chart.dataset)
        most = MAX_CHART_POINTS[chart.kind]
        things = {"donut": "slices", "line": "points"}.get(chart.kind, "bars")
        if dataset is not None and len(dataset.rows) > most:
            yield Problem(
                record.at("dataset"),
                f"chart '{chart.id}': a {chart.kind} chart draws at most {most:,} {things}"
                f", and dataset '{dataset.name}' has {len(dataset.rows):,} rows",
                "chart a summary of the data (totals per year or per group), or show it as a table",
            )
        if len(chart.y) > MAX_CHART_SERIES:
            yield Problem(
                record.at("y"),
                f"chart '{chart.id}' shows {len(chart.y)} fields, over {MAX_CHART_SERIES}",
                "split it into several charts",
            )


def chapter_embeds(draft: Draft) -> Iterator[Problem]:
    chart_ids = {chart.id for chart, _ in draft.charts}
    placed: Counter[str] = Counter()
    for chapter in draft.chapters:
        for kind, ident, where in embeds(chapter):
            if kind == "chart":
                placed[ident] += 1
                if (
                    ident not in chart_ids | draft.chart_ids_written
                    and "charts" not in draft.failed
                ):
                    yield Problem(
                        where,
                        f"unknown chart '{ident}'",
                        did_you_mean(ident, chart_ids) or "define it in charts.yaml",
                    )
            elif ident not in draft.datasets and ident not in draft.failed:
                yield Problem(
                    where,
                    f"unknown dataset '{ident}' in [[table: …]]",
                    did_you_mean(ident, draft.datasets),
                )
    for chart, record in draft.charts:
        if placed[chart.id] > 1:
            yield Problem(
                record.at("id"),
                f"chart '{chart.id}' is placed {placed[chart.id]} times",
                "place each chart once; figures are numbered",
            )
        elif draft.chapters and not placed[chart.id]:
            yield Problem(
                record.at("id"),
                f"chart '{chart.id}' is not placed in any chapter",
                f"add [[chart: {chart.id}]] on its own line in a chapter; it is "
                "shown in the annex only",
                Severity.WARNING,
            )
