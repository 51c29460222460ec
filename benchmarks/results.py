"""The benchmark's results: rows, the table printed and appended to RESULTS.md, the machine it
ran on, and the growth of time with pages (benchmarks/bench.py measures)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Row:
    name: str
    seconds: float | None
    peak_mb: float | None = None
    ratio_to: str | None = "floor"
    note: str = ""


@dataclass
class Result:
    project: str
    pages: int = 0
    rows: list[Row] = field(default_factory=list)

    def seconds(self, name: str) -> float | None:
        return next((row.seconds for row in self.rows if row.name == name), None)


def machine() -> dict[str, str]:
    import weasyprint

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "?",
    )
    memory = next(
        int(line.split()[1]) // 1024
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit or "?",
        "cpu": cpu,
        "cores": f"{os.cpu_count()} ({len(os.sched_getaffinity(0))} usable)",
        "memory": f"{memory / 1024:.1f} GB",
        "python": platform.python_version(),
        "weasyprint": weasyprint.__version__,
        "system": platform.platform(),
    }


def table(results: list[Result]) -> str:
    names = list(dict.fromkeys(row.name for result in results for row in result.rows))
    head = "| measurement | " + " | ".join(
        f"{r.project} ({r.pages} p.) | ratio | peak RSS" for r in results
    )
    lines = [head + " |", "|---|" + "---|---|---|" * len(results)]
    for name in names:
        cells = [name]
        for result in results:
            row = next((row for row in result.rows if row.name == name), None)
            floor = result.seconds("plain WeasyPrint, same HTML (floor)")
            if row is None or row.seconds is None:
                cells += ["–", row.note if row else "", ""]
                continue
            ratio = f"{row.seconds / floor:.2f}" if row.ratio_to and floor else ""
            if row.name.endswith("(floor)"):
                ratio = "1.00"
            if row.note:
                ratio = f"{ratio} ({row.note})" if ratio else row.note
            peak = f"{row.peak_mb:.0f} MB" if row.peak_mb else ""
            cells += [f"{row.seconds:.2f} s", ratio, peak]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def scaling(results: list[Result]) -> list[str]:
    """Seconds per page of the large project at its two sizes: equal when time is linear."""
    sizes = [r for r in results if r.project.startswith("large") and r.pages]
    if len(sizes) < 2:
        return []
    lines = ["Time per page at two sizes of the large project (linear growth: equal ratios):", ""]
    for name in ("plain WeasyPrint, same HTML (floor)", "build screen, cold"):
        per_page = [
            (r.project, r.pages, r.seconds(name) / r.pages)
            for r in sizes
            if r.seconds(name) is not None
        ]
        if len(per_page) == 2:
            (big, big_pages, big_rate), (small, small_pages, small_rate) = per_page
            lines.append(
                f"- {name}: {big} {big_pages} p. {big_rate:.3f} s/page, {small} {small_pages} "
                f"p. {small_rate:.3f} s/page; ratio {big_rate / small_rate:.2f}"
            )
    return [*lines, ""]
