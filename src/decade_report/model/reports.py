"""The reports of a project: report.toml is the first; reports/ID.toml adds others.

A publications team keeps one set of data and narrative and publishes several reports from it:
the anniversary report (report.toml) and, say, the annual report of any year. Each extra report
is one file in reports/ that sets what differs — title, period, message, chapters, key figures,
charts, recipients, slug — and shares everything else with report.toml (organisation, contact,
theme, data, sources, vocabulary):

    # reports/annual-2018.toml
    title = "Annual Report 2018"
    slug = "apsco-annual-report-2018"
    message = "annual-2018/message.md"
    chapters = ["annual-2018/chapters/*.md"]
    key_figures = "annual-2018/key_figures.yaml"
    charts = "annual-2018/charts.yaml"

    [period]
    start = 2018
    end = 2018

Each report is built into its own folder with its own manifest: the first into the build folder
itself (build/<slug>-screen.pdf, as a project with one report always had), the others into
build/ID/. Which reports there are, and their folders, model/report_files.py tells cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError

from decade_report.errors import Location, Problem, did_you_mean
from decade_report.model.config import (
    Name,
    Names,
    Period,
    Recipient,
    ReportConfig,
    Schema,
)
from decade_report.model.report_files import (
    REPORT_ID,
    REPORTS,
    RESERVED_IDS,
    report_paths,
)
from decade_report.model.schema_errors import schema_problems


class ReportEntry(Schema):
    """One file reports/ID.toml: a report over the project's data, beside report.toml's."""

    title: Name = Field(min_length=1)
    """Title of this report (cover, metadata)."""
    subtitle: Name = ""
    """Subtitle under the title on the cover (not taken from report.toml)."""
    slug: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    """File-name stem of this report's outputs: build/ID/<slug>-screen.pdf."""
    period: Period
    """Years this report covers: its data, charts, tables and key figures are of these years."""
    message: str = "message.md"
    """The message printed at the front, a Markdown file relative to the project."""
    chapters: tuple[str, ...] = ()
    """Chapter files relative to the project, in print order, numbered 1, 2, 3 … in that order;
    a pattern (annual-2018/chapters/*.md) stands for its files in name order. Empty: the chapters
    of report.toml's report (chapters/)."""
    key_figures: str = "data/key_figures.yaml"
    """The key figures of this report's `glance` chapter (docs/project-format.md)."""
    charts: str = "charts.yaml"
    """The chart specifications this report's chapters place."""
    recipients: tuple[Recipient, ...] | None = None
    """Recipients of stamped copies; when left out, those of report.toml."""
    keywords: tuple[str, ...] | None = None
    """PDF keywords; when left out, those of report.toml."""
    languages: tuple[str, ...] | None = None
    """Languages of this report, one set of editions each; when left out, those of
    report.toml (docs/languages.md). Its other languages read `message.<lang>.md` and
    `chapters/NN-name.<lang>.md` beside this report's own files."""
    names: dict[str, Names] | None = None
    """This report's names in its other languages ([names.zh]); when left out, report.toml's
    but its title and subtitle, which are report.toml's report's own."""


@dataclass(frozen=True)
class ReportFile:
    """An extra report as read from reports/ID.toml."""

    id: str
    path: str
    """reports/ID.toml, for messages."""
    entry: ReportEntry
    text: str
    """The file as read, to locate its keys."""

    def at(self, *keys: str | int) -> Location:
        from decade_report.load.toml_file import toml_file

        return toml_file(self.text, self.path).at(*keys)


def read_reports(root: Path, main: ReportConfig | None) -> tuple[list[ReportFile], list[Problem]]:
    """Every reports/ID.toml, checked; problems (with their place) for those that are not
    right. `main` (report.toml, when it could be read) gives the slugs to keep apart."""
    from decade_report.load.text import read_text
    from decade_report.load.toml_reader import parse_toml

    files: list[ReportFile] = []
    problems: list[Problem] = []
    slugs = {main.slug: "report.toml"} if main else {}
    for path in report_paths(root):
        shown = f"{REPORTS}/{path.name}"
        ident = path.stem
        if not REPORT_ID.match(ident) or ident in RESERVED_IDS:
            problems.append(
                Problem(
                    Location(shown),
                    f"'{ident}' cannot name a report"
                    + (" (a build writes a folder of that name)" if ident in RESERVED_IDS else ""),
                    "name the file with lower-case letters, digits and hyphens, e.g. "
                    "annual-2018.toml",
                )
            )
            continue
        try:
            text = read_text(path, shown, limit=1024 * 1024)
            data = parse_toml(text, shown)
        except Exception as error:  # a ReportError: unreadable file or malformed TOML
            problems.extend(getattr(error, "problems", ()))
            continue
        try:
            entry = ReportEntry.model_validate(data)
        except ValidationError as error:
            problems.extend(entry_problems(error, text, shown))
            continue
        file = ReportFile(ident, shown, entry, text)
        if entry.slug in slugs:
            problems.append(
                Problem(
                    file.at("slug"),
                    f"slug '{entry.slug}' is also the slug of {slugs[entry.slug]}",
                    "give each report its own slug (its outputs are named after it)",
                )
            )
        slugs.setdefault(entry.slug, shown)
        files.append(file)
    return files, problems


def entry_problems(error: ValidationError, text: str, shown: str) -> list[Problem]:
    from decade_report.load.toml_file import toml_file

    shared = set(ReportConfig.model_fields) - set(ReportEntry.model_fields)
    problems = []
    places = toml_file(text, shown)
    for problem in schema_problems(error, ReportEntry, lambda keys: places.at(*keys)):
        key = problem.message.removeprefix("unknown key '").removesuffix("'")
        if problem.message.startswith("unknown key") and key in shared:
            problem = Problem(
                problem.where,
                f"'{key}' is shared by every report of the project",
                "set it in report.toml; a file in reports/ sets only "
                + ", ".join(ReportEntry.model_fields),
            )
        problems.append(problem)
    return problems


def pick(files: list[ReportFile], report_id: str, main: ReportConfig | None) -> ReportFile | None:
    """The report `report_id` names: None for the first (report.toml, also named by its slug),
    else its file. Raises a ReportError naming the reports there are."""
    if not report_id or (main is not None and report_id == main.slug):
        return None
    for file in files:
        if file.id == report_id:
            return file
    from decade_report.errors import ReportError

    known = [f.id for f in files]
    raise ReportError.at(
        f"{REPORTS}/{report_id}.toml",
        f"no report '{report_id}' in this project",
        did_you_mean(report_id, known)
        or ("its reports: " + ", ".join(known) if known else "it has only report.toml"),
    )


def report_config(main: ReportConfig, entry: ReportEntry) -> ReportConfig:
    """report.toml's settings with what the extra report sets instead."""
    update = {
        "title": entry.title,
        "subtitle": entry.subtitle,
        "slug": entry.slug,
        "period": entry.period,
    }
    if entry.recipients is not None:
        update["recipients"] = entry.recipients
    if entry.keywords is not None:
        update["keywords"] = entry.keywords
    if entry.languages is not None:
        update["languages"] = entry.languages
    update["names"] = (
        entry.names
        if entry.names is not None
        else {
            language: names.model_copy(update={"title": "", "subtitle": ""})
            for language, names in main.names.items()
        }
    )
    return main.model_copy(update=update)
