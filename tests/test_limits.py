"""Bounded resources: a 5,000-row table lays out, split across pages with its header repeated.

How the time grows with the rows (linear, not quadratic) is measured by
benchmarks/large_table.py, not here: tests never assert timings.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from decade_report.log import Log
from decade_report.pipeline import build


def test_a_5000_row_table_splits_across_pages_with_its_header(
    project: Path, tmp_path: Path
) -> None:
    rows = ["year,region,activity,participants"]
    rows += [f"{2008 + i % 11},Region {i % 17},Activity number {i},{i % 500}" for i in range(5000)]
    (project / "data" / "large.csv").write_text("\n".join(rows) + "\n", "utf-8")
    annex = next((project / "chapters").glob("09-*.md"))
    annex.write_text(annex.read_text("utf-8") + "\n\n[[table: large]]\n", "utf-8")
    result = build(project, tmp_path, Log(0), ("screen",))
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / result.outputs[0].path), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    pages = [page for page in text.split("\f") if "Activity number" in page]
    assert len(pages) > 60
    for page in pages:  # the header row is repeated on every page of the table
        assert re.search(r"Year\s+Region\s+Activity\s+Participants", page)
    numbers = [int(n) for page in pages for n in re.findall(r"Activity number (\d+)", page)]
    assert numbers == list(range(5000))  # every row once, in order
