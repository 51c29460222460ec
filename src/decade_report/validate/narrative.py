"""The message and the chapters: their front matter checked, their bodies kept as written with
the line they start on, the charts and tables they place found.
"""

from __future__ import annotations

from collections.abc import Iterator

from decade_report.compose.layouts import LAYOUTS
from decade_report.errors import Location, Problem, did_you_mean
from decade_report.load.narrative import CHAPTER_NAME, EMBED, NarrativeFile
from decade_report.load.records import Record
from decade_report.load.translations import original_name
from decade_report.model.report import Chapter, FrontMatter, Message, PartialDate


def meta(record: Record, key: str, default: str = "") -> str:
    """A front matter value as text ("" when absent or empty)."""
    value = record.values.get(key, default)
    return "" if value is None else str(value)


def parse_message(file: NarrativeFile, problems: list[Problem]) -> Message | None:
    missing = [k for k in ("author", "role") if not meta(file.meta, k)]
    for key in missing:
        problems.append(
            Problem(
                file.meta.where,
                f"front matter needs '{key}'",
                f"add {key}: … (it is printed under the message)",
            )
        )
    unknown = set(file.meta.values) - {"title", "author", "role", "date", "portrait"}
    for key in sorted(unknown):
        problems.append(
            Problem(
                file.meta.at(key),
                f"unknown front matter key '{key}'",
                did_you_mean(key, ["title", "author", "role", "date", "portrait"]),
            )
        )
    date = meta(file.meta, "date")
    if date:
        try:
            PartialDate.parse(date)
        except ValueError as error:
            problems.append(
                Problem(file.meta.at("date"), f"'date': {error}", "write it as YYYY-MM-DD")
            )
            return None
    if missing or unknown:
        return None
    return Message(
        file.path,
        meta(file.meta, "title", "Message from the Secretary-General"),
        meta(file.meta, "author"),
        meta(file.meta, "role"),
        meta(file.meta, "date"),
        meta(file.meta, "portrait"),
        file.body,
        file.body_line,
        FrontMatter(file.meta.where, file.meta.fields),
    )


CHAPTER_KEYS = ("title", "kicker", "summary", "layout")


def parse_chapter(file: NarrativeFile, problems: list[Problem]) -> Chapter | None:
    ok = True
    for key in sorted(set(file.meta.values) - set(CHAPTER_KEYS)):
        problems.append(
            Problem(
                file.meta.at(key),
                f"unknown front matter key '{key}'",
                did_you_mean(key, CHAPTER_KEYS),
            )
        )
        ok = False
    if not meta(file.meta, "title"):
        problems.append(Problem(file.meta.where, "chapter has no title", "add title: …"))
        ok = False
    layout = meta(file.meta, "layout", "narrative")
    if layout not in LAYOUTS:
        problems.append(
            Problem(
                file.meta.at("layout"), f"unknown layout '{layout}'", did_you_mean(layout, LAYOUTS)
            )
        )
        ok = False
    # a translation (08-outlook.zh.md) is the chapter of its original's number and name
    match = CHAPTER_NAME.match(original_name(file.path.rsplit("/", 1)[-1]))
    if not ok or match is None:
        return None
    return Chapter(
        int(match[1]),
        match[2],
        file.path,
        meta(file.meta, "title"),
        meta(file.meta, "kicker"),
        meta(file.meta, "summary"),
        layout,
        file.body,
        file.body_line,
        FrontMatter(file.meta.where, file.meta.fields),
    )


def embeds(chapter: Chapter) -> Iterator[tuple[str, str, Location]]:
    for offset, line in enumerate(chapter.body.splitlines()):
        match = EMBED.match(line)
        if match:
            yield (
                match[1],
                match[2],
                Location(chapter.path, chapter.body_line + offset, line.index("[[") + 1),
            )
