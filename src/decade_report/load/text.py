"""Reading a project file as text: within a size limit, in UTF-8, with located errors.

Every loader (data files, report.toml, theme.toml, Markdown) reads through `read_text`, so a huge,
binary or wrongly encoded file is refused the same way wherever it is named.
"""

from __future__ import annotations

import os
from pathlib import Path

from decade_report.errors import ReportError

MAX_DATA_BYTES = 20 * 1024 * 1024
"""Largest data file read when report.toml sets no `[limits] max_data_mb`."""
DATA_LIMIT_HINT = (
    "split the data into smaller files, or raise max_data_mb in [limits] of report.toml"
)


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def megabytes(size: int) -> str:
    """A file size for messages: "50 MB", "20.5 MB", or bytes when it is small."""
    if size < 2**20 // 10:
        return f"{size} bytes"
    return f"{size / 2**20:.1f}".removesuffix(".0") + " MB"


def read_text(
    path: Path, shown: str, limit: int | None = None, hint: str = "split it into smaller files"
) -> str:
    """Read a UTF-8 text file (a BOM is accepted), with located errors for size and encoding.

    The size is checked before reading and the read itself stops one byte past the limit, so a
    huge (or growing) file never lands in memory whole.
    """
    limit = MAX_DATA_BYTES if limit is None else limit
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            # a file that grows while it is read, or a device, stops at the limit all the same
            raw = file.read(limit + 1) if size <= limit else b""
    except OSError as error:
        raise ReportError.at(shown, f"cannot read file: {error.strerror or error}") from None
    if size > limit or len(raw) > limit:
        raise ReportError.at(
            shown,
            f"file is {megabytes(max(size, len(raw)))}, over the {megabytes(limit)} limit",
            hint,
        )
    encoding = wide_encoding(raw)
    if encoding:
        raise ReportError.at(
            shown,
            f"file is {encoding} encoded",
            "save it as UTF-8 (in Excel: Save As → CSV UTF-8; in an editor: Encoding → UTF-8)",
            line=1,
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        before = raw[line_start : error.start].decode("utf-8", errors="replace").lstrip("\ufeff")
        byte = raw[error.start]
        raise ReportError.at(
            shown,
            f"byte 0x{byte:02x} is not valid UTF-8 "
            f"(in Latin-1 it would be {bytes([byte]).decode('cp1252', 'replace')!r})",
            "save the file as UTF-8 (it looks like Latin-1 or Windows-1252)",
            line=raw[: error.start].count(b"\n") + 1,
            column=len(before) + 1,
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        raise ReportError.at(
            shown,
            "file contains a NUL character",
            "is it a binary file? save it as UTF-8 text",
            line=text.count("\n", 0, offset) + 1,
            column=offset - (text.rfind("\n", 0, offset) + 1) + 1,
        )
    return text


def wide_encoding(raw: bytes) -> str:
    """'UTF-16' or 'UTF-32' when the bytes are in one of those (with or without a BOM), else ''."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = raw[:4096]
    half = len(sample) // 2
    if half < 2:
        return ""
    # Latin text in UTF-16 has a NUL in every other byte; UTF-8 text never has NULs.
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) >= half * 0.4 and min(even, odd) <= half * 0.1:
        return "UTF-16"
    return ""
