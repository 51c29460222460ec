"""Preflight of the print edition: page boxes, page count, colour, output intent, no
annotations, ink coverage and hairlines."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from decade_report.editions.edition import Edition
from decade_report.errors import Severity
from decade_report.preflight.document import Pdf
from decade_report.preflight.graphics import STROKES, holders, operations, scale
from decade_report.preflight.registry import Finding, found, pdf_check

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
BLEED_PT = 3 / 25.4 * 72
HAIRLINE_PT = 0.25
MAX_INK = 320


@pdf_check(Edition.PRINT)
def page_boxes(document: Pdf) -> Iterator[Finding]:
    """Every page has a TrimBox (the finished size) and a BleedBox 3 mm larger on every side."""
    for number, page in enumerate(document.pdf.pages, start=1):
        if "/TrimBox" not in page.obj:
            yield found(
                "page_boxes",
                ERROR,
                "no TrimBox: the print shop cannot tell the finished page size",
                "build the print edition with decade-report (it sets bleed: 3mm)",
                page=number,
            )
            continue
        if "/BleedBox" not in page.obj:
            yield found("page_boxes", ERROR, "no BleedBox", "3 mm bleed is needed", page=number)
            continue
        trim = [float(v) for v in page.TrimBox]
        bleed = [float(v) for v in page.BleedBox]
        margins = [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]]
        if min(margins) < BLEED_PT - 0.1:
            yield found(
                "page_boxes",
                ERROR,
                f"bleed is {min(margins) / 72 * 25.4:.1f} mm; 3 mm is needed on every side",
                "set @page { bleed: 3mm } (the default theme does)",
                page=number,
            )


@pdf_check(Edition.PRINT)
def page_count(document: Pdf) -> Iterator[Finding]:
    """The page count is a multiple of 4: whole sheets folded once."""
    count = len(document.pdf.pages)
    if count % 4:
        yield found(
            "page_count",
            ERROR,
            f"{count} pages is not a multiple of 4; the printer would add {-count % 4} blank",
            "keep print.pad_to = 4 in report.toml (blank pages go before the back cover)",
        )


@pdf_check(Edition.PRINT)
def colour_spaces(document: Pdf) -> Iterator[Finding]:
    """Only CMYK (and grey) colour: no RGB colour operators, colour spaces or images."""
    import pikepdf

    rgb_pages = {op.page for op in operations(document) if op.name in ("rg", "RG")}
    pages: dict[int, list[Any]] = {}
    for holder in holders(document):
        pages.setdefault(holder.page, []).append(holder.resources)
    for number in range(1, len(document.pdf.pages) + 1):
        spaces = set()
        images = []
        for resources in pages.get(number, []):
            spaces |= {str(v) for v in (resources.get("/ColorSpace") or {}).values()}
            images += [
                x
                for x in (resources.get("/XObject") or {}).values()
                if x.get("/Subtype") == pikepdf.Name.Image
            ]
        rgb_images = [
            x
            for x in images
            if x.get("/ColorSpace") == pikepdf.Name.DeviceRGB
            or ("ICCBased" in str(x.get("/ColorSpace")) and int(x.ColorSpace[1].get("/N", 0)) == 3)
        ]
        if number in rgb_pages or any("RGB" in s for s in spaces) or rgb_images:
            yield found(
                "colour_spaces",
                ERROR,
                "RGB colour on the page" + (" (an RGB image)" if rgb_images else ""),
                "the print edition must be converted to CMYK (decade-report does it)",
                page=number,
            )


@pdf_check(Edition.PRINT)
def output_intent(document: Pdf) -> Iterator[Finding]:
    """A PDF/X output intent with an embedded CMYK ICC profile says what the CMYK values mean."""
    intents = document.pdf.Root.get("/OutputIntents")
    if not intents:
        yield found(
            "output_intent", ERROR, "no output intent", "a PDF/X file needs a CMYK output intent"
        )
        return
    profile = intents[0].get("/DestOutputProfile")
    if profile is None or profile.read_bytes()[16:20] != b"CMYK":
        yield found(
            "output_intent",
            ERROR,
            "the output intent has no CMYK ICC profile",
            "embed the printing condition's profile",
        )


@pdf_check(Edition.PRINT)
def no_annotations(document: Pdf) -> Iterator[Finding]:
    """No links, form fields or other annotations, and no bookmarks, in the print file."""
    if "/Outlines" in document.pdf.Root:
        yield found("no_annotations", WARNING, "bookmarks in a print file", "remove them")
    for number, page in enumerate(document.pdf.pages, start=1):
        if page.get("/Annots"):
            yield found(
                "no_annotations",
                ERROR,
                f"{len(page.Annots)} annotations (links) on the page",
                "the print edition has none; rebuild it with decade-report",
                page=number,
            )


@pdf_check(Edition.PRINT)
def ink_coverage(document: Pdf) -> Iterator[Finding]:
    """Total ink coverage stays at or under 320 % (C+M+Y+K at any point).

    Pages are rendered to CMYK with Ghostscript at 50 dpi, inside the bleed box (crop marks print
    in all four inks on purpose), and the darkest pixel measured; more ink than the press can dry
    smears and sets off onto the next sheet.
    """
    import numpy
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        pattern = Path(folder) / "page-%04d.tif"
        subprocess.run(
            ["gs", "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=tiff32nc", "-r50",
             "-dUseBleedBox", f"-sOutputFile={pattern}", str(document.path)],
            check=True, capture_output=True,
        )  # fmt: skip
        for path in sorted(Path(folder).glob("page-*.tif")):
            with Image.open(path) as image:
                peak = int(numpy.asarray(image, dtype=numpy.uint16).sum(axis=2).max())
            coverage = round(peak / 255 * 100)
            if coverage > MAX_INK:
                yield found(
                    "ink_coverage",
                    ERROR,
                    f"total ink coverage reaches {coverage} % (at most {MAX_INK} %)",
                    "use lighter or less saturated colours; rich blacks with less CMY",
                    page=int(path.stem.split("-")[1]),
                )


@pdf_check(Edition.PRINT)
def hairlines(document: Pdf) -> Iterator[Finding]:
    """No stroked line is thinner than 0.25 pt once scaled to the page: it may not print."""
    for number, width in stroke_widths(document):
        if 0 < width < HAIRLINE_PT - 1e-3:
            yield found(
                "hairlines",
                WARNING,
                f"a line {width:.2f} pt wide; lines under {HAIRLINE_PT} pt may disappear in print",
                "make rules and chart lines at least 0.25 pt",
                page=number,
            )


def stroke_widths(document: Pdf) -> Iterator[tuple[int, float]]:
    """(page, effective width) of every stroke, once per width and page: the line width scaled
    by the matrix it is drawn with (forms' matrices included)."""
    seen: set[tuple[int, float]] = set()
    for operation in operations(document):
        if operation.name in STROKES:
            state = operation.state
            width = round(state.line_width * scale(state.ctm), 3)
            if (operation.page, width) not in seen:
                seen.add((operation.page, width))
                yield operation.page, width
