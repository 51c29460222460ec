"""Stage 1: read every file of a report project into a `ReportSource`.

A file that cannot be read does not stop the others: its problems are kept in the source so that
`validate` reports them together with everything else.

Nothing outside the project folder is read: a symbolic link that leads out of it is refused (and
not followed), and `load_guard` refuses the references of Markdown, SVG files and template
overrides that would make the renderer read outside it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from decade_report.errors import Location, Problem, ReportError
from decade_report.guard.references import (
    refuse_outside_references,
    resolved_inside,
    theme_texts,
)
from decade_report.load.data import DATA_SUFFIXES, load_data_file
from decade_report.load.narrative import (
    CHAPTER_NAME,
    TRANSLATED_CHAPTER,
    NarrativeFile,
    load_narrative,
)
from decade_report.load.period import data_span
from decade_report.load.records import DataFile
from decade_report.load.report_parts import report_parts
from decade_report.load.text import read_text, relative
from decade_report.model.config import ReportConfig, load_config
from decade_report.model.reports import pick, read_reports, report_config


@dataclass(frozen=True)
class ReportSource:
    root: Path
    config: ReportConfig | None
    message: NarrativeFile | None
    chapters: tuple[NarrativeFile, ...]
    data: dict[str, DataFile]
    charts: DataFile | None
    problems: tuple[Problem, ...]
    report_id: str = ""
    """Which report of the project was loaded: "" for report.toml's, else reports/ID.toml's
    (its own title, period, message, chapters, key figures and charts over the same data)."""
    span: tuple[int, int] | None = None
    """The years the project's data may cover: from the earliest year any of its reports shows
    to the last year of any of them."""
    texts: Mapping[str, str] = field(default_factory=dict)
    """Every text file read, {project path: text}: the sources above, wordlist.txt, the
    template overrides and the text files of assets/. Later stages find exact columns in them
    and never read a project file again."""


def load_report(root: Path, report: str = "") -> ReportSource:
    """Every file of the project that the report `report` reads: report.toml's own ("") or
    that of reports/ID.toml (`model.reports`), which sets its own config, message, chapters,
    key figures and charts and shares the data."""
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
    files, report_problems = read_reports(root, config)
    problems += report_problems
    chosen = pick(files, report, config)
    parts = report_parts(root, chosen, problems)
    message = attempt(load_narrative, parts.message, parts.message, root)
    chapter_paths = parts.chapters if chosen else chapter_files(root, problems)
    chapters = tuple(c for c in (attempt(load_narrative, p, p, root) for p in chapter_paths) if c)
    data: dict[str, DataFile] = {}
    limit = config.limits.max_data_bytes if config else None
    for path in data_files(root, problems):
        loaded = attempt(load_data_file, path, path, root, limit)
        if loaded is not None:
            data[loaded.name] = loaded
    if chosen is not None:  # the report's own key figures replace those of data/
        data.pop("key_figures", None)
        if parts.key_figures is not None:
            figures = attempt(load_data_file, parts.key_figures, parts.key_figures, root, limit)
            if figures is not None:
                data["key_figures"] = replace(figures, name="key_figures")
    charts = None
    if parts.charts is not None and parts.charts.exists():
        charts = attempt(load_data_file, parts.charts, parts.charts, root)
    elif chosen is not None:  # the file it names is not there: reported at its line
        charts = DataFile("charts", chosen.path, ())
    wordlist = (
        attempt(read_text, root / WORDLIST, root / WORDLIST, WORDLIST)
        if (root / WORDLIST).is_file()
        else None
    )
    texts = theme_texts(root)
    narrative = [(f.path, f.body, f.body_line) for f in (message, *chapters) if f]
    images = [
        str(value)
        for value in (
            config.logo if config else "",
            message.meta.values.get("portrait") if message else "",
        )
        if isinstance(value, str) and value
    ]
    problems += refuse_outside_references(root, narrative, images, texts)
    texts |= {"report.toml": config.file.text} if config else {}
    texts |= {f.path: f.text for f in (message, *chapters) if f}
    texts |= {f.path: f.text for f in (charts, *data.values()) if f and f.text}
    texts |= {WORDLIST: wordlist} if wordlist is not None else {}
    span = data_span([config.period, *(f.entry.period for f in files)]) if config else None
    if config is not None and chosen is not None:
        config = report_config(config, chosen.entry)
    return ReportSource(
        root,
        config,
        message,
        chapters,
        data,
        charts,
        tuple(problems),
        report_id=chosen.id if chosen else "",
        span=(span.first, span.last) if span else None,
        texts=texts,
    )


WORDLIST = "wordlist.txt"
"""Words the spelling check accepts besides the dictionary and the project's names."""


READ = ("report.toml", "message.md", "charts.yaml", "wordlist.txt")
READ_FOLDERS = ("chapters", "data", "assets", "templates", "reports")
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
        if TRANSLATED_CHAPTER.match(path.name):
            continue  # another language's text of a chapter (load.translations)
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
