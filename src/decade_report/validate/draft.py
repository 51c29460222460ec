"""What validation has parsed so far, handed from one check to the next.

The parsers fill a `Draft` (typed records, datasets, charts, chapters, the message); each check of
`validate.report.CHECKS` reads it and yields problems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decade_report.errors import Problem
from decade_report.load.records import Record
from decade_report.model.config import ReportConfig
from decade_report.model.report import Chapter, ChartSpec, Dataset, Message


@dataclass
class Draft:
    """What validation has parsed so far; checks read it and yield problems."""

    config: ReportConfig | None
    typed: dict[str, list[tuple[Any, Record]]] = field(default_factory=dict)
    datasets: dict[str, Dataset] = field(default_factory=dict)
    charts: list[tuple[ChartSpec, Record]] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    message: Message | None = None
    failed: set[str] = field(default_factory=set)
    chart_ids_written: set[str] = field(default_factory=set)
    """Ids in charts.yaml, also of charts that failed their schema (reported there, once)."""
    root: Path = Path()
    """The project folder."""
    span: tuple[int, int] | None = None
    """The years the project's data may cover (all its reports); None: this report's."""

    def items(self, name: str) -> list[tuple[Any, Record]]:
        return self.typed.get(name, [])


Check = Callable[[Draft], Iterator[Problem]]
"""A cross-check: reads the draft, yields what is wrong."""
