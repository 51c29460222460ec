"""Content check of the characters: text that no available font can print, found in the sources
before anything is laid out (the PDF checks find a missing glyph only after a long layout).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from decade_report.compose.numbering import Composition
from decade_report.errors import Location, Severity
from decade_report.model.report import Report
from decade_report.preflight.registry import Finding, content_check, found
from decade_report.preflight.sources import printed_texts
from decade_report.theme.tokens import Theme, faces_coverage, missing_packaged_faces

ERROR = Severity.ERROR


# --- glyphs ---------------------------------------------------------------------------------

INVISIBLE = ("Cc", "Cf", "Zs", "Zl", "Zp")


def printable(char: str) -> bool:
    variation = 0xFE00 <= ord(char) <= 0xFE0F or 0xE0100 <= ord(char) <= 0xE01EF
    return not (char.isspace() or variation or unicodedata.category(char) in INVISIBLE)


@content_check
def missing_glyphs(report: Report, theme: Theme, composition: Composition) -> Iterator[Finding]:
    """Characters in the text that no available font has a glyph for: the message, the
    chapters, every string of every dataset and chart, and the titles and contacts in
    report.toml. Reported once per script (Khmer, Runic …), at its first place, naming the
    package to install when a face of faces.toml for that script is not installed; a symbol
    outside any script (an emoji) is reported once per character.

    Fonts are those of assets/fonts/faces.toml (the theme's and the project's, bundled files and
    the `[[system_face]]` files of installed packages); whitespace and control characters are not
    checked.
    """
    covered = faces_coverage(path for path, _ in theme.faces)
    packages = {
        script: face.package for face in missing_packaged_faces(theme) for script in face.scripts
    }
    seen: dict[str, dict[str, list[Location]]] = {}

    def suspicious(text: str) -> bool:
        return any(ord(c) not in covered and printable(c) for c in set(text))

    for passage in printed_texts(report, suspicious):
        missing = {c for c in set(passage.text) if ord(c) not in covered and printable(c)}
        for char in sorted(missing, key=passage.text.index):
            code = unicode_script(char)
            group = seen.setdefault(char if code in ("Zyyy", "Zinh", "Zzzz") else code, {})
            places = group.setdefault(char, [])
            places += [passage.at(m.start()) for m in re.finditer(re.escape(char), passage.text)]
    for key, characters in seen.items():
        first = min(characters, key=lambda c: min(characters[c]))
        where = min(characters[first])
        count = sum(len(p) for p in characters.values())
        name = f"U+{ord(first):04X} {unicodedata.name(first, 'unnamed character')} ('{first}')"
        times = f" ({count} times in the project)" if count > 1 else ""
        if len(key) == 1:  # a symbol of no script: the character is the group
            message = f"{name} is in none of the available fonts{times}"
        else:
            kinds = len(characters)
            first_of = f"{kinds} different characters, first " if kinds > 1 else ""
            message = (
                f"{script_name(key)} text is in none of the available fonts: "
                f"{first_of}{name}{times}"
            )
        package = packages.get(key)
        hint = (
            f"install the Debian package {package} (scripts/setup.sh installs it): it has "
            f"the font faces.toml declares for the {script_name(key)} script"
            if package
            else "use another character or add a font that has it to assets/fonts/faces.toml "
            "(a file in assets/fonts/, or a [[system_face]] of a Debian fonts-noto-* package)"
        )
        yield found("missing_glyphs", ERROR, message, hint, where=where)


def unicode_script(char: str) -> str:
    """ISO 15924 code of a character's script ("Khmr"); "Zyyy" for symbols of no script."""
    from fontTools import unicodedata as ucd

    return str(ucd.script(char))


def script_name(code: str) -> str:
    from fontTools import unicodedata as ucd

    return str(ucd.script_name(code, default=code))
