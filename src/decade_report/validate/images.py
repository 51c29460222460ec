"""Images the report draws (the logo, the portrait, images in Markdown), read once before
rendering: of a type the renderer draws, content matching the suffix, within the size and pixel
limits, not damaged, truncated or a decompression bomb.
"""

from __future__ import annotations

import re
import struct
import warnings
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from decade_report.compose.markdown import references
from decade_report.errors import Location, Problem
from decade_report.guard import processes
from decade_report.guard.processes import Pool
from decade_report.guard.references import resolved_inside
from decade_report.guard.svg import svg_fault
from decade_report.guard.urls import Kind, cleaned, kind_of, split
from decade_report.load.project import ReportSource
from decade_report.load.text import megabytes
from decade_report.model.config import Limits
from decade_report.validate.narrative import meta

IMAGE_TYPES = (".svg", ".png", ".jpg", ".jpeg")


IMAGE_LIMIT_HINT = "or raise {key} in [limits] of report.toml"


def image_problems(source: ReportSource) -> Iterator[Problem]:
    """The logo and the portrait are files inside the project, of a type the renderer reads,
    and are read here once, so that a damaged or oversized image stops before rendering."""
    wanted = []
    if source.config and source.config.logo:
        where = source.config.where("logo")
        wanted.append((source.config.logo, where, "logo"))
    if source.message and meta(source.message.meta, "portrait"):
        wanted.append(
            (meta(source.message.meta, "portrait"), source.message.meta.at("portrait"), "portrait")
        )
    limits = source.config.limits if source.config else Limits()
    reported = {p.where.path for p in source.problems}  # e.g. by load_guard: no second problem
    for relative, where, what in wanted:
        try:
            path = (source.root / relative).resolve()
        except (OSError, ValueError):  # a NUL byte, a loop of links
            yield Problem(
                where, f"{what} {relative!r} is not a usable path", "e.g. assets/logo.png"
            )
            continue
        if not path.is_relative_to(source.root):
            yield Problem(
                where, f"{what} '{relative}' is outside the project", "copy it into assets/"
            )
        elif not path.is_file():
            yield Problem(
                where, f"{what} '{relative}' not found", "give a path relative to the project"
            )
        elif path.suffix.lower() not in IMAGE_TYPES:
            yield Problem(
                where, f"{what} '{relative}' is not an image", "use " + ", ".join(IMAGE_TYPES)
            )
        elif path.relative_to(source.root).as_posix() not in reported:
            fault = image_fault(path, limits)
            if fault:
                yield Problem(where, f"{what} '{relative}' {fault[0]}", fault[1])
    yield from markdown_image_problems(source, limits, reported)


MARKDOWN_IMAGE_TYPES = (*IMAGE_TYPES, ".gif", ".webp")
"""What the renderer draws in a chapter; the logo and the portrait keep to `IMAGE_TYPES`."""


def markdown_image_problems(
    source: ReportSource, limits: Limits, reported: set[str]
) -> Iterator[Problem]:
    """Every image of the message and the chapters is held to the same limits as the logo (size,
    pixels, content matching its suffix), reported where the Markdown names it. Where it points
    is load_guard's concern: an image outside the project or missing is reported there."""

    faults: dict[Path, tuple[str, str] | None] = {}
    for file in (source.message, *source.chapters):
        if file is None:
            continue
        for reference in references(file.body):
            if reference.kind != "image" or kind_of(reference.target) is not Kind.RELATIVE:
                continue
            written = unquote(split(cleaned(reference.target)).path)
            path = source.root / written
            if resolved_inside(path, source.root) != (True, True) or not path.is_file():
                continue
            path = path.resolve()
            if path.relative_to(source.root).as_posix() in reported:
                continue
            where = Location(file.path, file.body_line + reference.line, reference.column)
            if path.suffix.lower() not in MARKDOWN_IMAGE_TYPES:
                yield Problem(
                    where,
                    f"Markdown image '{written}' is not an image the renderer draws",
                    "use " + ", ".join(MARKDOWN_IMAGE_TYPES),
                )
                continue
            if path not in faults:
                faults[path] = image_fault(path, limits)
            fault = faults[path]
            if fault:
                yield Problem(where, f"Markdown image '{written}' {fault[0]}", fault[1])


def image_fault(path: Path, limits: Limits) -> tuple[str, str] | None:
    """(what is wrong, what to do) with an image file, or None when it is fine."""
    size = path.stat().st_size
    if size > limits.max_image_bytes:
        return (
            f"is {megabytes(size)}, over the {megabytes(limits.max_image_bytes)} limit",
            "save it smaller (a logo or portrait needs a few MB at most), "
            + IMAGE_LIMIT_HINT.format(key="max_image_mb"),
        )
    if size == 0:
        return "is an empty file", "export the image again"
    if path.suffix.lower() == ".svg":
        return svg_fault(path)
    # Decoded in a child process: Pillow's "load truncated images" switch is process-wide (and
    # WeasyPrint turns it on when imported), and a damaged file may ask for a lot of memory.
    with Pool() as pool:
        job = pool.submit(
            raster_fault,
            path,
            limits.max_image_pixels,
            limits=processes.Limits(
                f"reading the image {path.name}", memory_mb=limits.max_layout_mb
            ),
        )
        fault: tuple[str, str] | None = job.result()
    return fault


FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
"""The format a raster image's name promises; its content must keep the promise (an SVG named
.png would reach the renderer as a drawing, past every check made for raster images)."""


def content_fault(path: Path, found: str | None) -> tuple[str, str] | None:
    """An image whose content is not what its suffix says: `found` is Pillow's format."""
    expected = FORMATS.get(path.suffix.lower())
    if found == expected or expected is None:
        return None
    if found is None:
        with path.open("rb") as file:
            start = file.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
        if not start.startswith(b"<"):
            return None  # not recognised at all: reported as unreadable
        found = "SVG" if b"<svg" in start.lower() else "XML or HTML"
    return (
        f"is named {path.suffix} but holds {found} content",
        f"give it the suffix of what it is, or export it again as {expected}",
    )


def pixels(count: int) -> str:
    return f"{count / 1e6:.3g} megapixels" if count >= 100_000 else f"{count} pixels"


def raster_fault(path: Path, limit: int) -> tuple[str, str] | None:
    """Open, check the pixel count from the header, then decode: damaged and truncated files
    and decompression bombs (few bytes, huge canvas) are refused before anything renders. Runs
    in a child process of its own (`image_fault`), whose Pillow settings it may change."""
    from PIL import Image, ImageFile, UnidentifiedImageError

    too_big = "scale it down (about 2000 pixels across is plenty in print), " + (
        IMAGE_LIMIT_HINT.format(key="max_image_pixels")
    )
    # WeasyPrint switches on Pillow's global "load truncated images" when imported: this check
    # must see truncation whatever the process imported before it
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as image:
                if mismatch := content_fault(path, image.format):
                    return mismatch
                width, height = image.size
                if width * height > limit:
                    return (
                        f"is {width} × {height} pixels ({pixels(width * height)}), "
                        f"over the limit of {pixels(limit)}",
                        too_big,
                    )
                image.verify()
            with Image.open(path) as image:
                if image.format == "JPEG":
                    image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
                image.load()
        except Image.DecompressionBombError as error:
            found = re.search(r"\((\d+) pixels\)", str(error))
            count = pixels(int(found[1])) if found else "too many pixels"
            return f"has {count}, over the limit of {pixels(limit)}", too_big
        except UnidentifiedImageError:
            return content_fault(path, None) or (
                "is not an image that can be read",
                "export it again as PNG or JPEG",
            )
        except (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error) as error:
            return f"is damaged or truncated ({error})", "export the image again"
    return None
