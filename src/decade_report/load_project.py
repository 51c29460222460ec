"""Stage 1: read every file of a report project into a `ReportSource`.

A file that cannot be read does not stop the others: its problems are kept in the source so that
`validate` reports them together with everything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from decade_report.config import ReportConfig, load_config
from decade_report.errors import Location, Problem, ReportError
from decade_report.load_data import DATA_SUFFIXES, DataFile, load_data_file, relative
from decade_report.load_narrative import NarrativeFile, load_narrative

CHAPTER_NAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")


@dataclass(frozen=True)
class ReportSource:
    root: Path
    config: ReportConfig | None
    message: NarrativeFile | None
    chapters: tuple[NarrativeFile, ...]
    data: dict[str, DataFile]
    charts: DataFile | None
    problems: tuple[Problem, ...]


def load_report(root: Path) -> ReportSource:
    root = root.resolve()
    if not root.is_dir():
        raise ReportError.at(
            str(root), "report project folder not found", "pass the folder that holds report.toml"
        )
    problems: list[Problem] = []

    def attempt(load, *args):  # type: ignore[no-untyped-def]
        try:
            return load(*args)
        except ReportError as error:
            problems.extend(error.problems)
            return None

    config = attempt(load_config, root)
    message = attempt(load_narrative, root / "message.md", root)
    chapters = tuple(
        c for c in (attempt(load_narrative, p, root) for p in chapter_files(root, problems)) if c
    )
    data: dict[str, DataFile] = {}
    for path in data_files(root, problems):
        loaded = attempt(load_data_file, path, root)
        if loaded is not None:
            data[loaded.name] = loaded
    charts = (
        attempt(load_data_file, root / "charts.yaml", root)
        if (root / "charts.yaml").exists()
        else None
    )
    return ReportSource(root, config, message, chapters, data, charts, tuple(problems))


def chapter_files(root: Path, problems: list[Problem]) -> list[Path]:
    folder = root / "chapters"
    if not folder.is_dir():
        problems.append(
            Problem(
                Location("chapters/"), "no chapters folder", "create chapters/01-introduction.md"
            )
        )
        return []
    paths = []
    for path in sorted(folder.iterdir()):
        if path.suffix != ".md":
            continue
        if not CHAPTER_NAME.match(path.name):
            problems.append(
                Problem(
                    Location(relative(path, root)),
                    "chapter file name must look like NN-some-title.md",
                    "rename it, e.g. 03-member-states.md",
                )
            )
            continue
        paths.append(path)
    if not paths:
        problems.append(
            Problem(Location("chapters/"), "no chapters found", "add chapters/01-introduction.md")
        )
    return paths


def data_files(root: Path, problems: list[Problem]) -> list[Path]:
    folder = root / "data"
    if not folder.is_dir():
        return []
    paths = [
        p
        for p in sorted(folder.iterdir())
        if p.suffix.lower() in DATA_SUFFIXES and not p.name.startswith((".", "~$"))
    ]
    stems: dict[str, Path] = {}
    for path in paths:
        if path.stem in stems:
            problems.append(
                Problem(
                    Location(relative(path, root)),
                    f"dataset '{path.stem}' is also defined by {relative(stems[path.stem], root)}",
                    "keep one file per dataset",
                )
            )
        stems[path.stem] = path
    return paths
