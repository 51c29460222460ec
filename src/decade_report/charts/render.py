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
from decade_report.charts.draw import Drawing, draw_all
from decade_report.charts.period import chart_rows
from decade_report.charts.words import KIND_NAMES, chart_words, describe, in_language
from decade_report.guard.processes import Limits, Pool
from decade_report.model.report import ChartSpec, Dataset, Report
from decade_report.theme.tokens import Theme


@dataclass(frozen=True)
class ChartImage:
    id: str
    path: Path
    alt: str
    illustrative: bool
    untranslated: tuple[str, ...] = ()
    """The project's words drawn in the image or written in its alt text in the sources'
    language, for want of a translation (charts/words.py); they join the composition's."""


def render_charts(report: Report, theme: Theme, cache_dir: Path) -> dict[str, ChartImage]:
    """Every chart over the report's period (charts/period.py): its rows, the context years it
    asks for, muted, or the empty-state figure when the period has no data for it."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    language = report.config.language
    images, drawings = planned(report, theme, cache_dir)
    missing = [(images[chart].path, drawing) for chart, drawing in drawings.items()]
    missing = [(path, drawing) for path, drawing in missing if not path.exists()]
    if not missing:
        return images
    # matplotlib draws in a child process: the theme's fonts are added to its process-wide font
    # manager and its backend chosen there, never in the build process (or a test run). No time
    # limit of its own (the build's clock still applies): max_layout_seconds is the layout's.
    # The charts are shared out among as many jobs as there are cores (`Pool.shared_out`): a
    # chart's drawing depends on nothing drawn before it in the same process.
    memory = report.config.limits.max_layout_mb
    with Pool() as pool:
        svgs = pool.shared_out(
            draw_all, [drawing for _, drawing in missing], theme, language,
            limits=Limits("drawing the charts", memory_mb=memory),
        )  # fmt: skip
    for (path, _), svg in zip(missing, svgs, strict=True):
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(svg)
        temporary.replace(path)
    return images


def planned_charts(report: Report, theme: Theme, cache_dir: Path) -> dict[str, ChartImage]:
    """The chart images as `render_charts` makes them, without drawing any: enough to compose
    the document (`decade-report check` composes, to check what composition produces, but
    neither draws nor lays out)."""
    return planned(report, theme, cache_dir)[0]


def planned(
    report: Report, theme: Theme, cache_dir: Path
) -> tuple[dict[str, ChartImage], dict[str, Drawing]]:
    """Each chart's image and what it is drawn from, its words in the report's language."""
    images, drawings = {}, {}
    for spec in report.charts:
        words = chart_words(report)  # one per chart: its own untranslated words
        rows = chart_rows(spec, report)
        chart, dataset = in_language(spec, rows.dataset, words)
        key = chart_key(
            chart, dataset, theme, (rows.highlighted, rows.period), report.config.language
        )
        path = cache_dir / f"{chart.id}-{key[:16]}.svg"
        kind = words.tool(KIND_NAMES[chart.kind])
        if rows.empty:
            alt = words.tool("%(kind)s: %(title)s.", kind=kind, title=chart.title)
            alt += " " + words.tool("No data for %(period)s.", period=rows.period)
        else:
            alt = words.label(spec.alt) or describe(chart, dataset, words)
            if rows.context:
                alt += " " + words.tool(
                    "%(period)s highlighted; %(years)s shown for comparison.",
                    period=rows.period,
                    years=rows.context_years,
                )
        untranslated = tuple(sorted(words.missing))
        images[chart.id] = ChartImage(chart.id, path, alt, dataset.illustrative, untranslated)
        note = words.tool("No data for %(period)s.", period=rows.period) if rows.empty else ""
        drawings[chart.id] = (chart, dataset, rows.highlighted, note, rows.empty)
    return images, drawings


CODE_HASH = hashlib.sha256(
    b"".join(
        (Path(__file__).parent / name).read_bytes()
        for name in ("render.py", "draw.py", "mirror.py", "style.py", "period.py", "words.py")
    )
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
