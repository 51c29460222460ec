"""Read TOML (report.toml, theme.toml, faces.toml) with plain-worded, located errors. Where each
key is written is `load.toml_file`'s (tomllib keeps no positions).
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from decade_report.errors import ReportError

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
