"""Read TOML (report.toml, theme.toml) with plain-worded, located errors, and find where a key
was written.

tomllib keeps no positions, so `toml_key_location` looks a (nested) key up in the text to point a
later message at the line that set it.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from decade_report.errors import Location, ReportError

TOML_MESSAGES = {
    "Illegal character '\\n'": "a string has no closing quote on its line",
    "Unterminated string": "a string has no closing quote",
    "Cannot overwrite a value": "a key is set twice",
    "Invalid value": "a value is missing or invalid (text needs quotes)",
}
"""tomllib's terse messages, for the mistakes people make most, in plainer words."""


def parse_toml(text: str, shown: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        message = re.sub(r"\s*\(at (line|end of document).*\)", "", str(error))
        message = TOML_MESSAGES.get(message, message)
        if match:
            line, column = int(match[1]), int(match[2])
        else:  # "(at end of document)": point at the end of the last line
            line, column = text.count("\n") + 1, len(text.rsplit("\n", 1)[-1]) + 1
        raise ReportError.at(
            shown,
            f"malformed TOML: {message[:1].lower()}{message[1:]}",
            "check quotes, brackets and '=' signs",
            line=line,
            column=column,
        ) from None
    except RecursionError:
        raise ReportError.at(shown, "malformed TOML: nesting too deep", line=1) from None


def toml_key_location(text: str, shown: str, keys: tuple[str | int, ...]) -> Location:
    """Best-effort position of a (nested) key in a TOML text: tomllib keeps no positions.

    An index after a name (`("recipients", 3, "state")`) picks the fourth `[[recipients]]` table
    and looks for `state` inside it; otherwise the innermost name found anywhere is used."""
    lines = text.splitlines()
    header = re.compile(r"^\s*\[")
    for position, key in enumerate(keys[:-1]):
        index = keys[position + 1]
        if not (isinstance(key, str) and isinstance(index, int)):
            continue
        table = re.compile(rf"^\s*\[\[\s*{re.escape(key)}\s*\]\]")
        starts = [n for n, line in enumerate(lines) if table.match(line)]
        if index >= len(starts):
            break
        start = starts[index]
        inner = [k for k in keys[position + 2 :] if isinstance(k, str)]
        if inner:
            pattern = re.compile(rf"^\s*\"?{re.escape(inner[0])}\"?\s*=")
            for number in range(start + 1, len(lines)):
                if header.match(lines[number]):
                    break
                if pattern.match(lines[number]):
                    return Location(shown, number + 1, lines[number].index(inner[0]) + 1)
        return Location(shown, start + 1, lines[start].index(key) + 1)
    names = [k for k in keys if isinstance(k, str)]
    for name in reversed(names):
        pattern = re.compile(rf"^\s*(\[+\s*)?([\w.-]*\.)?\"?{re.escape(name)}\"?\s*(=|\]+)")
        for number, line in enumerate(lines, start=1):
            if pattern.match(line):
                return Location(shown, number, line.index(name) + 1)
    return Location(shown)
