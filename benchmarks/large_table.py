"""Benchmark: a data table of 1,250 / 2,500 / 5,000 rows through compose and layout.

SPEC §8 and the robustness issue: a 5,000-row table renders, split across pages with its header
repeated, without quadratic slow-down. Prints the time per size and the ratio of each doubling
(linear ≈ 2.0; quadratic ≈ 4.0); exits 1 when a doubling costs more than 3×.
Run: `.venv/bin/python benchmarks/large_table.py`.
"""

from __future__ import annotations

import itertools
import shutil
import sys
import tempfile
import time
from pathlib import Path

from decade_report.charts.render import render_charts
from decade_report.compose.document import compose
from decade_report.load.project import load_report
from decade_report.pdf.render import render_pdf
from decade_report.theme.tokens import load_theme
from decade_report.validate.report import validate

SAMPLE = Path(__file__).resolve().parents[1] / "report"
SIZES = (1250, 2500, 5000)
WORST_DOUBLING = 3.0


def project_with_rows(folder: Path, rows: int) -> Path:
    project = folder / f"rows-{rows}"
    shutil.copytree(SAMPLE, project)
    lines = ["year,region,activity,participants"]
    lines += [
        f"{2008 + i % 11},Region {i % 17},Activity number {i},{(i * 37) % 500}" for i in range(rows)
    ]
    (project / "data" / "large.csv").write_text("\n".join(lines) + "\n", "utf-8")
    annex = next((project / "chapters").glob("09-*.md"))
    annex.write_text(annex.read_text("utf-8") + "\n\n[[table: large]]\n", "utf-8")
    return project


def layout_seconds(project: Path, cache: Path) -> tuple[float, int]:
    report = validate(load_report(project))
    theme = load_theme(report.root, report.config.theme)
    charts = render_charts(report, theme, cache)
    start = time.perf_counter()
    html = compose(report, charts, theme, "screen").html
    rendered = render_pdf(
        html, theme, [report.root, *theme.template_dirs, *theme.asset_dirs, cache],
        tagged=True, metadata={"identifier": b"0" * 32},
    )  # fmt: skip
    return time.perf_counter() - start, rendered.page_count


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        times = []
        for rows in SIZES:
            seconds, pages = layout_seconds(project_with_rows(base, rows), base / "cache")
            times.append(seconds)
            print(f"{rows:>5} rows: {seconds:6.1f} s, {pages} pages")
    ratios = [b / a for a, b in itertools.pairwise(times)]
    print("doubling costs: " + ", ".join(f"{r:.2f}×" for r in ratios) + " (linear ≈ 2)")
    return 0 if max(ratios) <= WORST_DOUBLING else 1


if __name__ == "__main__":
    sys.exit(main())
