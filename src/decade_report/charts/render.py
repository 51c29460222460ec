"""Stage 3: draw every chart of `charts.yaml` as a vector SVG with matplotlib.

Charts are themed from the same design tokens as the CSS, deterministic (same input → same bytes:
fixed hash salt, no dates, text as paths in the bundled fonts) and cached by content hash, so an
unchanged chart is never drawn twice. They are drawn in a child process (`guard.processes`):
matplotlib's font manager, backend and settings are process-wide, and the theme's fonts are added
to them, which must leave the build process as it was.

Each language of the report has its own charts (the key includes the language): numbers in the
language's digits and, for a right-to-left language, the category axis running from the right
(the first year at the right), the value axis and the legend on the right (charts/mirror.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from decade_report import __version__
from decade_report.charts.draw import Drawing, draw_all, fmt, label
from decade_report.charts.period import chart_rows
from decade_report.guard.processes import Limits, Pool
from decade_report.model.report import ChartSpec, Dataset, Report
from decade_report.theme.tokens import Theme

KIND_NAMES = {
    "bar": "Bar chart",
    "hbar": "Horizontal bar chart",
    "line": "Line chart",
    "stacked": "Stacked bar chart",
    "donut": "Donut chart",
}


@dataclass(frozen=True)
class ChartImage:
    id: str
    path: Path
    alt: str
    illustrative: bool


def render_charts(report: Report, theme: Theme, cache_dir: Path) -> dict[str, ChartImage]:
    """Every chart over the report's period (charts/period.py): its rows, the context years it
    asks for, muted, or the empty-state figure when the period has no data for it."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    language = report.config.language
    images = planned_charts(report, theme, cache_dir)
    missing: list[tuple[Path, Drawing]] = []
    for chart in report.charts:
        path = images[chart.id].path
        if not path.exists():
            rows = chart_rows(chart, report)
            missing.append((path, (chart, rows.dataset, rows.highlighted, rows.period, rows.empty)))
    if not missing:
        return images
    # matplotlib draws in a child process: the theme's fonts are added to its process-wide font
    # manager and its backend chosen there, never in the build process (or a test run). No time
    # limit of its own (the build's clock still applies): max_layout_seconds is the layout's.
    memory = report.config.limits.max_layout_mb
    with Pool() as pool:
        job = pool.submit(
            draw_all,
            [drawing for _, drawing in missing],
            theme,
            language,
            limits=Limits("drawing the charts", memory_mb=memory),
        )
        drawn = job.result()
    for (path, _), svg in zip(missing, drawn, strict=True):
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(svg)
        temporary.replace(path)
    return images


def planned_charts(report: Report, theme: Theme, cache_dir: Path) -> dict[str, ChartImage]:
    """The chart images as `render_charts` makes them, without drawing any: enough to compose
    the document (`decade-report check` composes, to check what composition produces, but
    neither draws nor lays out)."""
    images = {}
    for chart in report.charts:
        rows = chart_rows(chart, report)
        dataset = rows.dataset
        key = chart_key(
            chart, dataset, theme, (rows.highlighted, rows.period), report.config.language
        )
        path = cache_dir / f"{chart.id}-{key[:16]}.svg"
        if rows.empty:
            alt = f"{KIND_NAMES[chart.kind]}: {chart.title}. No data for {rows.period}."
        else:
            alt = chart.alt or describe(chart, dataset)
            if rows.context:
                alt += f" {rows.period} highlighted; {rows.context_years} shown for comparison."
        images[chart.id] = ChartImage(chart.id, path, alt, dataset.illustrative)
    return images


CODE_HASH = hashlib.sha256(
    Path(__file__).read_bytes() + (Path(__file__).parent / "draw.py").read_bytes()
).hexdigest()
"""A change to how charts are drawn invalidates the cache, not only a change of version."""


def chart_key(
    chart: ChartSpec, dataset: Dataset, theme: Theme, period: Any = None, language: str = "en"
) -> str:
    payload = {
        "language": language,
        "period": period,
        "v": __version__,
        "code": CODE_HASH,
        "chart": chart.model_dump(),
        "tokens": theme.tokens.model_dump(),
        "palette": theme.tokens.palette(),  # derived with the contrast rules (contrast.py)
        "rows": [row.values for row in dataset.rows],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def describe(chart: ChartSpec, dataset: Dataset) -> str:
    """Alt text generated from the data: kind, subject, range, first and last values."""
    xs = [str(x) for x in dataset.column(chart.x)]
    span = f", {xs[0]}–{xs[-1]}" if xs and chart.kind != "donut" else ""
    parts = [f"{KIND_NAMES[chart.kind]}: {chart.title}{span}."]
    for field in chart.y:
        values = dataset.column(field)
        if chart.kind == "donut":
            total = sum(values)
            shares = ", ".join(f"{x} {fmt(v)}" for x, v in zip(xs, values, strict=True))
            parts.append(f"{label(chart, field)} total {fmt(total)}: {shares}.")
        elif chart.kind == "hbar":
            pairs = ", ".join(f"{x} {fmt(v)}" for x, v in zip(xs, values, strict=True))
            parts.append(f"{label(chart, field)}: {pairs}.")
        else:
            trend = (
                "rising"
                if values[-1] > values[0]
                else "falling"
                if values[-1] < values[0]
                else "steady"
            )
            parts.append(
                f"{label(chart, field)} {trend} from {fmt(values[0])} to "
                f"{fmt(values[-1])}, peak {fmt(max(values))}."
            )
    if dataset.illustrative:
        parts.append("Illustrative figures.")
    return " ".join(parts)
