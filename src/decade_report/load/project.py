"""Stage 1: read every file of a report project into a `ReportSource`.

A file that cannot be read does not stop the others: its problems are kept in the source so that
`validate` reports them together with everything else.

Nothing outside the project folder is read: a symbolic link that leads out of it is refused (and
not followed), and `load_guard` refuses the references of Markdown, SVG files and template
overrides that would make the renderer read outside it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from decade_report.errors import Location, Problem, ReportError
from decade_report.guard.references import refuse_outside_references, resolved_inside
from decade_report.load.data import DATA_SUFFIXES, load_data_file
from decade_report.load.narrative import NarrativeFile, load_narrative
from decade_report.load.records import DataFile
from decade_report.load.text import relative
from decade_report.model.config import ReportConfig, load_config

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
    problems: list[Problem] = list(links_out(root))

    def attempt(load, path, *args):  # type: ignore[no-untyped-def]
        if not inside(path, root):
            return None  # a link out of the project: refused above, never read
        try:
            return load(*args)
        except ReportError as error:
            problems.extend(error.problems)
            return None

    config = attempt(load_config, root / "report.toml", root)
    message = attempt(load_narrative, root / "message.md", root / "message.md", root)
    chapters = tuple(
        c for c in (attempt(load_narrative, p, p, root) for p in chapter_files(root, problems)) if c
    )
    data: dict[str, DataFile] = {}
    limit = config.limits.max_data_bytes if config else None
    for path in data_files(root, problems):
        loaded = attempt(load_data_file, path, path, root, limit)
        if loaded is not None:
            data[loaded.name] = loaded
    charts = (
        attempt(load_data_file, root / "charts.yaml", root / "charts.yaml", root)
        if (root / "charts.yaml").exists()
        else None
    )
    narrative = [(f.path, f.body, f.body_line) for f in (message, *chapters) if f]
    images = [
        str(value)
        for value in (
            config.logo if config else "",
            message.meta.values.get("portrait") if message else "",
        )
        if isinstance(value, str) and value
    ]
    problems += refuse_outside_references(root, narrative, images)
    return ReportSource(root, config, message, chapters, data, charts, tuple(problems))


READ = ("report.toml", "message.md", "charts.yaml", "wordlist.txt")
READ_FOLDERS = ("chapters", "data", "assets", "templates")
"""What a build reads of a project (the rest of the folder, such as build/, is not looked at)."""


def inside(path: Path, root: Path) -> bool:
    """Whether `path` is inside the project once every symbolic link is followed."""
    return resolved_inside(path, root)[0]


def links_out(root: Path) -> list[Problem]:
    """Symbolic links, among the files and folders a build reads, that lead out of the project
    (or in a loop): the build would read whatever they point at."""
    paths = [root / name for name in (*READ, *READ_FOLDERS)]
    for folder in (root / name for name in READ_FOLDERS):
        if folder.is_dir() and inside(folder, root):
            for parent, folders, files in os.walk(folder):
                paths += [Path(parent, name) for name in sorted((*folders, *files))]
    problems = []
    for path in paths:
        if path.is_symlink() and not inside(path, root):
            shown = relative(path, root)
            try:
                message = f"'{shown}' is a symbolic link to '{path.resolve()}', outside the project"
            except (OSError, RuntimeError):
                message = f"'{shown}' is a symbolic link that leads back to itself"
            problems.append(
                Problem(
                    Location(shown),
                    f"{message}: refused",
                    "copy what it points at into the project instead of linking to it",
                )
            )
    return problems


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
        if path.suffix != ".md" or not inside(path, root):
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
        if p.suffix.lower() in DATA_SUFFIXES
        and not p.name.startswith((".", "~$"))
        and inside(p, root)
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
