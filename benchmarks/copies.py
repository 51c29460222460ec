"""Benchmark: stamping the copies against laying out one edition, as a ratio in one run.

SPEC §8: 11 (here: all of report.toml's recipients) stamped copies ≤ 1.3 × the time of one
edition. Run: `.venv/bin/python benchmarks/copies.py [PROJECT]`. Prints the timings and the ratio;
exits 1 when the target is missed. Timings are medians of a few rounds (the machines are noisy).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from decade_report.charts.render import render_charts
from decade_report.compose.document import compose
from decade_report.editions.copies import stamp_copies
from decade_report.load.project import load_report
from decade_report.pdf.finish import finish_pdf
from decade_report.pdf.render import render_pdf
from decade_report.pipeline import build_date
from decade_report.theme.tokens import load_theme
from decade_report.validate.report import validate

TARGET = 1.3
ROUNDS = 3


def main(project: Path) -> int:
    report = validate(load_report(project))
    theme = load_theme(report.root, report.config.theme)
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        charts = render_charts(report, theme, cache / "charts")
        roots = [report.root, *theme.template_dirs, *theme.asset_dirs, cache]
        date = build_date(report, cache)

        def edition() -> bytes:
            html = compose(report, charts, theme, "screen").html
            rendered = render_pdf(
                html, theme, roots, tagged=True, metadata={"identifier": b"0" * 32}
            )
            return finish_pdf(rendered, report, date).pdf

        layouts, stamps = [], []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            pdf = edition()
            layouts.append(time.perf_counter() - start)
            start = time.perf_counter()
            copies = stamp_copies(pdf, report.config.recipients, theme, draft=False)
            stamps.append(time.perf_counter() - start)
    layout, stamping = statistics.median(layouts), statistics.median(stamps)
    ratio = stamping / layout
    print(f"one edition (compose + layout + finish): {layout:.2f} s")
    print(f"{len(copies)} stamped copies:                 {stamping:.2f} s")
    print(f"ratio copies / edition: {ratio:.2f} (target ≤ {TARGET})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "report")))
