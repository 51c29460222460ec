"""What composition produces besides the HTML: numbered figures and tables, the ids a link may
point at and where each chart is placed, handed on as a frozen `Composition` so that the content
checks read what was composed instead of numbering and rendering again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from decade_report.editions.edition import Edition


@dataclass
class Numbering:
    """Figures and tables numbered per chapter ("Figure 3.2"), collected for the lists."""

    figures: list[dict[str, Any]] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    paged: bool = True
    """PDF editions: a table carried onto a page says "Table N (continued)" (a running string);
    the web edition has no pages and no such attribute."""

    def next(self, kind: str, chapter: str) -> tuple[str, str]:
        self.counts[(kind, chapter)] += 1
        number = f"{chapter}.{self.counts[(kind, chapter)]}"
        return number, f"{kind}-{number.replace('.', '-')}"


@dataclass(frozen=True)
class Numbered:
    """A numbered figure or table as the reader sees it: "Figure 3.2", id `figure-3-2`."""

    kind: str
    """"figure" or "table"."""
    number: str
    id: str
    title: str
    source: str = ""
    chart: str = ""
    """The chart a figure shows (its id in charts.yaml); "" for a table."""


@dataclass(frozen=True)
class Composition:
    """One edition's document and what composing it produced."""

    html: str
    edition: Edition
    figures: tuple[Numbered, ...] = ()
    tables: tuple[Numbered, ...] = ()
    anchors: frozenset[str] = frozenset()
    """Every id of the document: what a link `#…` may point at."""
    placements: Mapping[str, str] = field(default_factory=dict)
    """Chart id → id of the figure that shows it in the text (charts placed nowhere are not
    here; the annex shows their data only)."""
    untranslated: tuple[str, ...] = ()
    """The project's own labels printed in the sources' language for want of a translation in
    the project's catalogue (compose/i18n.py `project_label`); none in the first language."""


def numbered(kind: str, entries: list[dict[str, Any]]) -> tuple[Numbered, ...]:
    """The template entries of figures or tables as frozen records."""
    return tuple(
        Numbered(
            kind,
            entry["number"],
            entry["id"],
            str(entry["title"]),
            str(entry.get("source", "")),
            entry["chart"].id if "chart" in entry else "",
        )
        for entry in entries
    )
