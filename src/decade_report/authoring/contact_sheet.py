"""Contact sheets: every page of a finished PDF on one picture, in spreads, for a review by eye.

A publications officer proof-reads the book as a designer does, a spread at a time: a stray page,
a lonely signature, a caption parted from its table show at a glance. The pages are drawn by
poppler (`pdftoppm`) at a small size and laid out as the bound book opens — the first page alone on
the right, then left and right pages side by side — each labelled with its printed page label.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from decade_report.errors import ReportError

GAP = 24
"""Pixels between spreads; pages of one spread touch, as in the book."""


@dataclass(frozen=True)
class Sheet:
    png: bytes
    pages: int
    spreads: int


def page_labels(pdf: Path) -> list[str]:
    """The printed label of every page (i, ii … 1, 2 …), or its number when the PDF has none."""
    import pikepdf

    try:
        with pikepdf.open(pdf) as document:
            return [str(page.label) for page in document.pages]
    except (pikepdf.PdfError, ValueError) as error:
        raise ReportError.at(
            pdf, f"cannot be read as a PDF: {error}", "is the file damaged?"
        ) from None


def spreads(count: int) -> list[tuple[int | None, int | None]]:
    """(left, right) page indexes as the book opens: page 1 alone on the right, the last page
    alone on the left when the count is even."""
    pairs: list[tuple[int | None, int | None]] = [(None, 0)] if count else []
    for left in range(1, count, 2):
        pairs.append((left, left + 1 if left + 1 < count else None))
    return pairs


def contact_sheet(pdf: Path, dpi: int = 18, columns: int = 6) -> Sheet:
    """A PNG of every page of `pdf` in spreads, `columns` spreads to a row."""
    from PIL import Image, ImageDraw

    if not pdf.is_file():
        raise ReportError.at(pdf, "no such file", "give the path of a PDF")
    labels = page_labels(pdf)
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", str(pdf), f"{folder}/page"],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise ReportError.at(pdf, f"cannot be drawn: {result.stderr.strip()}", "")
        files = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[1]))
        images = []
        for path in files:
            with Image.open(path) as page:
                images.append(page.convert("RGB"))
    if not images:
        raise ReportError.at(pdf, "has no pages", "")
    width = max(image.width for image in images)
    height = max(image.height for image in images)
    label_height = 14
    pairs = spreads(len(images))
    rows = -(-len(pairs) // columns)
    sheet = Image.new(
        "RGB",
        (columns * (2 * width + GAP) + GAP, rows * (height + label_height + GAP) + GAP),
        "#d9d9d9",
    )
    draw = ImageDraw.Draw(sheet)
    for number, (left, right) in enumerate(pairs):
        x = GAP + (number % columns) * (2 * width + GAP)
        y = GAP + (number // columns) * (height + label_height + GAP)
        for side, index in ((0, left), (1, right)):
            if index is None:
                continue
            sheet.paste(images[index], (x + side * width, y))
            label = labels[index] if index < len(labels) else str(index + 1)
            draw.text((x + side * width + 2, y + height + 1), label, fill="#333333")
    out = io.BytesIO()
    sheet.save(out, "PNG", optimize=True)
    return Sheet(out.getvalue(), len(images), len(pairs))
