"""Load narrative text: Markdown files with a YAML front matter block.

The body stays Markdown (rendered by `compose`); the loader records the line the body starts on,
so problems found in the text (unknown chart ids, typos) point at the right line of the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from decade_report.errors import Location, ReportError
from decade_report.load.records import Record
from decade_report.load.text import read_text, relative
from decade_report.load.yaml_reader import mapping_record, parse_yaml

CHAPTER_NAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
"""A chapter file's name: two digits, a hyphen, a slug (`03-networks.md`)."""
TRANSLATED_CHAPTER = re.compile(
    r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z]{2,3}(?:-[A-Za-z0-9]+)*\.md$"
)
"""`03-member-states.zh.md`: the Chinese text of a chapter, read by the Chinese edition only."""

EMBED = re.compile(r"^\s*\[\[\s*(chart|table)\s*:\s*([^\]\s]*)\s*\]\]\s*$")
"""A line of narrative text that places a chart or a table: `[[chart: members-by-year]]`."""

MAX_TEXT_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class NarrativeFile:
    path: str
    meta: Record
    body: str
    body_line: int
    """1-based line of the file where the body starts."""
    text: str = ""
    """The whole file as read, front matter included."""


def load_narrative(path: Path, root: Path) -> NarrativeFile:
    shown = relative(path, root)
    text = read_text(path, shown, limit=MAX_TEXT_BYTES)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ReportError.at(
            shown,
            "missing front matter",
            "start the file with a '---' line, then 'title: …', then another '---' line",
            line=1,
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise ReportError.at(
            shown, "front matter is not closed", "add a '---' line after the front matter", line=1
        ) from None
    node = parse_yaml("".join(lines[1:end]), shown, line_offset=1)
    if node is None:
        node = parse_yaml("{}", shown)
    if not isinstance(node, Mapping):
        raise ReportError.at(shown, "front matter must be 'key: value' lines", line=2)
    meta = mapping_record(node, shown, line_offset=1) if node else Record({}, Location(shown, 2))
    return NarrativeFile(shown, meta, "".join(lines[end + 1 :]), end + 2, text)
