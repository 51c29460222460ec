"""The finished PDF as every preflight check sees it: opened once, and what several checks read
alike (poppler's listings and text, the page numbers, the walk over the content streams) computed
once and kept on the `Pdf` object.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from decade_report.editions.edition import Edition


@dataclass
class Pdf:
    """A finished PDF, opened once for every check; poppler's listings computed on demand."""

    data: bytes
    edition: Edition
    phrases: tuple[str, ...] = ()
    """Words the text layer must contain (e.g. the opening of the message), when known."""
    fonts: tuple[Path, ...] = ()
    """The font files the document may use (the theme's faces); default: the default theme's."""
    tokens: Any = None
    """The build's theme tokens (theme.Tokens), when known; checks fall back on the defaults."""
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    """What several checks read alike (the page layout, the content walk), computed once."""
    _file: Any = field(default=None, repr=False)

    @cached_property
    def pdf(self) -> Any:
        import pikepdf

        return pikepdf.open(io.BytesIO(self.data))

    @cached_property
    def path(self) -> Path:
        self._file = tempfile.NamedTemporaryFile(suffix=".pdf")  # noqa: SIM115 (closed in close())
        self._file.write(self.data)
        self._file.flush()
        return Path(self._file.name)

    def run(self, *command: str, after: tuple[str, ...] = ()) -> str:
        """Output of a poppler tool run on the file (`after`: arguments after the file name)."""
        return subprocess.run(
            [*command, str(self.path), *after], capture_output=True, text=True, check=True
        ).stdout

    @cached_property
    def text_pages(self) -> list[str]:
        """The text layer of every page (pdftotext, run once), in page order."""
        pages = self.run("pdftotext", "-enc", "UTF-8", after=("-",)).split("\f")
        return pages[: len(self.pdf.pages)]

    @cached_property
    def page_numbers(self) -> dict[tuple[int, int], int]:
        """Page object → 1-based page number."""
        from decade_report.pdf.structure import page_numbers

        return page_numbers(self.pdf)

    @cached_property
    def font_list(self) -> list[dict[str, str]]:
        """pdffonts' table, one row per font, by column name (name, type, emb, sub …)."""
        return fixed_columns(self.run("pdffonts"))

    @cached_property
    def image_list(self) -> list[dict[str, str]]:
        """`pdfimages -list`'s table, one row per image, by column name (page, x-ppi …)."""
        return spaced_columns(self.run("pdfimages", "-list"))

    def close(self) -> None:
        if "pdf" in self.__dict__:
            self.pdf.close()
        if self._file is not None:
            self._file.close()


def fixed_columns(listing: str) -> list[dict[str, str]]:
    """A poppler table whose second line marks each column with dashes (pdffonts): values may
    contain spaces ("CID Type 0C"), so each is cut at its column's span."""
    lines = listing.splitlines()
    if len(lines) < 2:
        return []
    header, rule = lines[0], lines[1]
    spans, start = [], None
    for index, char in enumerate(rule + " "):
        if char == "-" and start is None:
            start = index
        elif char != "-" and start is not None:
            spans.append((start, index))
            start = None
    names = [header[a:b].strip() for a, b in spans]
    # the last column runs to the end of the line (an object number may be wider than its rule)
    cuts = [(a, spans[i + 1][0] if i + 1 < len(spans) else None) for i, (a, _) in enumerate(spans)]
    return [
        {name: line[a:b].strip() for name, (a, b) in zip(names, cuts, strict=True)}
        for line in lines[2:]
        if line.strip()
    ]


def spaced_columns(listing: str) -> list[dict[str, str]]:
    """A poppler table of single-word values (`pdfimages -list`): words paired with the header's
    names ("object ID" is two words over two values)."""
    lines = listing.splitlines()
    if len(lines) < 2:
        return []
    names = lines[0].split()
    rows = []
    for line in lines[2:]:
        values = line.split()
        if len(values) == len(names):
            rows.append(dict(zip(names, values, strict=True)))
    return rows
