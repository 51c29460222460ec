"""The files one report of a project reads besides the shared data: message, chapters, key
figures and charts — report.toml's own, or those a reports/ID.toml names (`model.reports`).

Every file a report names must be inside the project; a name that leads nowhere is an error at
its line of reports/ID.toml, so that a typo in a path is found where it was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from decade_report.errors import Problem
from decade_report.guard.references import resolved_inside
from decade_report.model.reports import ReportFile

CHAPTER_HINT = "chapter files are named like NN-some-title.md, e.g. 01-the-year.md"


@dataclass(frozen=True)
class ReportParts:
    message: Path
    chapters: tuple[Path, ...]
    """For report.toml's report, empty: its chapters are those of chapters/."""
    key_figures: Path | None
    charts: Path | None
    """None: the file a report names is not there (reported at its line)."""


def report_parts(root: Path, chosen: ReportFile | None, problems: list[Problem]) -> ReportParts:
    if chosen is None:
        return ReportParts(
            root / "message.md", (), root / "data" / "key_figures.yaml", root / "charts.yaml"
        )
    entry = chosen.entry
    given = entry.model_fields_set

    def named(key: str, relative: str) -> Path | None:
        path = root / relative
        inside, exists = resolved_inside(path, root)
        if not inside:
            problems.append(
                Problem(
                    chosen.at(key),
                    f"{key} '{relative}' is outside the project",
                    "give a path relative to the project folder, inside it",
                )
            )
            return None
        if not exists and key in given and key != "message":  # a message tells it when read
            problems.append(
                Problem(chosen.at(key), f"{key} '{relative}' not found", "check the path")
            )
            return None
        return path if exists else None

    message = named("message", entry.message)
    key_figures = named("key_figures", entry.key_figures)
    charts = named("charts", entry.charts)
    chapters = chapter_paths(root, chosen, problems)
    return ReportParts(message or root / entry.message, chapters, key_figures, charts)


def chapter_paths(root: Path, chosen: ReportFile, problems: list[Problem]) -> tuple[Path, ...]:
    """The report's chapter files in the order it lists them; a pattern stands for its files in
    name order. Without a list, the chapters of chapters/."""
    from decade_report.load.narrative import CHAPTER_NAME, TRANSLATED_CHAPTER

    patterns = chosen.entry.chapters or ("chapters/*.md",)
    found: list[Path] = []
    for index, pattern in enumerate(patterns):
        where = chosen.at("chapters") if chosen.entry.chapters else chosen.at("title")
        if any(c in pattern for c in "*?["):
            try:
                matches = sorted(p for p in root.glob(pattern) if p.is_file())
            except (ValueError, NotImplementedError):  # an absolute pattern, "**" misplaced
                matches = []
            # another language's text of a chapter is read by that language's edition only
            matches = [
                p for p in matches if p.suffix == ".md" and not TRANSLATED_CHAPTER.match(p.name)
            ]
        else:
            matches = [root / pattern]
        if not matches:
            problems.append(
                Problem(
                    where,
                    f"chapters[{index}] '{pattern}' names no chapter file",
                    "give paths relative to the project, e.g. annual-2018/chapters/*.md",
                )
            )
        for path in matches:
            inside, exists = resolved_inside(path, root)
            if not inside or not exists:
                problems.append(
                    Problem(
                        where,
                        f"chapter '{pattern}' "
                        + ("is outside the project" if not inside else "not found"),
                        "give a path relative to the project folder, inside it",
                    )
                )
            elif not CHAPTER_NAME.match(path.name):
                problems.append(
                    Problem(where, f"chapter '{path.name}' is not named NN-title.md", CHAPTER_HINT)
                )
            elif path.resolve() not in {p.resolve() for p in found}:
                found.append(path)
    return tuple(found)
