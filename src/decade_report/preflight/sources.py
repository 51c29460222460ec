"""The texts the content checks read, each with the place in the project it was written.

A `Passage` is a stretch of text and the file, line and column where it starts, so that an offset
in it becomes `path:line:col` of the original file. Markdown bodies come with the line their body
starts on (`body_line`); values of data files, charts.yaml, front matter and report.toml start at
the place the model keeps for their record or key, and their exact column is found from there in
the file's text as it was loaded (`Report.texts`): nothing here reads a project file. For the
prose checks, Markdown that is not prose (code, links, footnote markers, chart embeds) is blanked
out, keeping every offset.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from decade_report.compose.markdown import PARSER
from decade_report.errors import Location
from decade_report.load.narrative import EMBED
from decade_report.model.report import Report


@dataclass(frozen=True)
class Passage:
    path: str
    """Project-relative file."""
    text: str
    line: int
    """1-based line of the file where `text` starts."""
    column: int = 1
    exact: bool = True
    """False when the text could not be found in the file: every offset is then `line:column`."""

    def at(self, offset: int) -> Location:
        if not self.exact:
            return Location(self.path, self.line, self.column)
        newlines = self.text.count("\n", 0, offset)
        start = self.text.rfind("\n", 0, offset) + 1
        shift = self.column - 1 if newlines == 0 else 0
        return Location(self.path, self.line + newlines, offset - start + 1 + shift)


def project_text(report: Report, relative: str) -> str:
    """A project file's text as it was loaded ("" for a file not read as text, a spreadsheet)."""
    return report.texts.get(relative, "")


def locate(text: str, start: Location, value: str, anywhere: bool = False) -> Passage:
    """The passage of `value`, searched for in the file's `text` from the line of `start` on
    (from the top too, when `anywhere`). Exact for values written on one line as they are."""
    first = value.split("\n", 1)[0]
    lines = text.splitlines()
    numbers = list(range(max(start.line, 1), len(lines) + 1))
    if anywhere:
        numbers += range(1, max(start.line, 1))
    for number in numbers if first.strip() else ():
        column = lines[number - 1].find(first)
        if column >= 0:
            return Passage(start.path, value, number, column + 1)
    return Passage(start.path, value, start.line, start.column, exact=False)


def links(passage: Passage) -> Iterator[tuple[str, Location]]:
    """(target, where) of every Markdown link and image of a body."""
    lines = passage.text.splitlines(keepends=True)
    for block in PARSER.parse(passage.text, {}):
        if block.type != "inline" or block.map is None:
            continue
        start = sum(len(line) for line in lines[: block.map[0]])
        text = "".join(lines[block.map[0] : block.map[1]])
        cursor = 0
        for child in block.children or []:
            target = child.attrGet("href") if child.type == "link_open" else None
            target = child.attrGet("src") if child.type == "image" else target
            if not isinstance(target, str):
                continue
            written = next((t for t in (target, unquote(target)) if t in text[cursor:]), None)
            if written is None:  # a reference link: its target is where it is defined
                found = max(passage.text.find(t) for t in (target, unquote(target)))
                yield target, passage.at(start if found < 0 else found)
                continue
            cursor = text.index(written, cursor)
            yield target, passage.at(start + cursor)
            cursor += len(written)


def bodies(report: Report) -> list[Passage]:
    """The Markdown bodies of the message and the chapters, as written."""
    parts = [report.message, *report.chapters]
    return [Passage(part.path, part.body, part.body_line) for part in parts]


FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
NOT_PROSE = re.compile(
    "|".join(
        (
            r"<!--[\s\S]*?-->",  # comments
            r"``.+?``|`[^`\n]+`",  # code spans
            r"\[\^[^\]\s]+\]:?",  # footnote calls and the markers of their text
            r"\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\)",  # link destinations
            r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S+.*$",  # link reference definitions
            r"<[^<>\n]+>",  # autolinks, raw HTML
            r"\b(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S+",  # bare URLs
            r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail addresses
            r"&#?\w+;",  # character references
            r"^ {0,3}:::[ \t]*\w*",  # container fences (their title is prose)
        )
    ),
    re.MULTILINE | re.IGNORECASE,
)


def blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def prose(markdown: str) -> str:
    """`markdown` with everything that is not prose replaced by spaces (offsets unchanged)."""
    lines, fence = [], ""
    for line in markdown.splitlines(keepends=True):
        opening = FENCE.match(line)
        if fence or opening or EMBED.match(line):
            if opening and not fence:
                fence = opening[1][0] * 3
            elif fence and line.strip().startswith(fence):
                fence = ""
            lines.append(blank(line))
        else:
            lines.append(line)
    return NOT_PROSE.sub(lambda match: blank(match[0]), "".join(lines))


FRONT_MATTER_PROSE = ("title", "kicker", "summary")


def front_matter(report: Report) -> Iterator[Passage]:
    """The prose values of the front matter: the titles, kickers and summaries."""
    for part in (report.message, *report.chapters):
        for key in FRONT_MATTER_PROSE:
            value = getattr(part, key, "")
            if value and part.front and key in part.front.fields:  # written, not a default
                yield locate(project_text(report, part.path), part.at(key), value)


def captions(report: Report) -> Iterator[Passage]:
    text = project_text(report, "charts.yaml")
    for chart in report.charts:
        for key in ("title", "caption"):
            value = getattr(chart, key)
            if value:
                yield locate(text, chart.at(key), value)


def prose_passages(report: Report) -> Iterator[Passage]:
    """What readers read as sentences: Markdown bodies (prose only), front matter, captions."""
    for body in bodies(report):
        yield Passage(body.path, prose(body.text), body.line)
    yield from front_matter(report)
    yield from captions(report)


def printed_texts(report: Report, wanted: Callable[[str], bool]) -> Iterator[Passage]:
    """Every text the outputs print for which `wanted` is true, located in its file: the
    Markdown files whole, each string of each dataset and chart, the texts of report.toml."""
    for body in bodies(report):
        text = project_text(report, body.path)
        if wanted(text):
            yield Passage(body.path, text, 1)
    for dataset in report.datasets.values():
        text = project_text(report, dataset.path) if not dataset.path.endswith(".xlsx") else ""
        for row in dataset.rows:
            for value in strings(row.values):
                if wanted(value):
                    yield locate(text, row.where, value)
    text = project_text(report, "charts.yaml")
    for chart in report.charts:
        for value in strings(chart.model_dump(include={"title", "caption", "alt", "labels"})):
            if wanted(value):
                yield locate(text, chart.at(), value)
    text = project_text(report, "report.toml")
    config = report.config
    for keys, value in (
        (("title",), config.title),
        (("subtitle",), config.subtitle),
        (("organisation",), config.organisation),
        (("organisation_short",), config.organisation_short),
        *(
            (("contact", key), getattr(config.contact, key))
            for key in type(config.contact).model_fields
        ),
        *((("recipients", index, "name"), r.name) for index, r in enumerate(config.recipients)),
    ):
        for item in (item for item in strings(value) if wanted(item)):
            yield locate(text, config.where(*keys), item, anywhere=True)


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)
