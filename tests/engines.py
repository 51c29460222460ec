"""Independent PDF engines for the tests: render and read a PDF with code we did not write.

Poppler (pdftoppm, pdftotext), Ghostscript, MuPDF (mutool) and PDFium (pypdfium2) share no
parsing, font or rendering code, so a file they all draw alike, without a complaint, is a file a
print shop's RIP and a reader's viewer will draw too. Each renderer gives greyscale pages at a low
resolution and whatever it printed on stderr; `differences` compares two renderings page by page.
"""

from __future__ import annotations

import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy

DPI = 50
KNOWN_NOISE = ("warning: ICC support is not available",)
"""Lines a tool prints whatever the file: Debian builds MuPDF without littlecms, and mutool says
so on every run. It concerns the tool, not the PDF, so it is not held against the file."""
TILE = 8
"""Side of the squares (pixels at 50 dpi, about 4 mm) that renderings are compared in."""
TOLERANCE = 48
"""Difference of mean darkness (0–255) in a tile beyond which two engines disagree. Measured on
the sample: rasterisers differing in anti-aliasing and glyph weight stay under 39; two Chinese
glyphs MuPDF could not draw (the defect of issue 12) make 67. Ghostscript runs with
-dUseFastColor: its ICC conversion of CMYK otherwise differs from poppler's by ~48 on flat
colour."""


@dataclass
class Rendering:
    engine: str
    pages: list[numpy.ndarray]
    complaints: list[str]


def quiet(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip() and line not in KNOWN_NOISE]


def read_pages(folder: Path) -> list[numpy.ndarray]:
    from PIL import Image

    pages = []
    for path in sorted(folder.glob("page-*"), key=lambda p: int(p.stem.split("-")[1])):
        with Image.open(path) as image:
            pages.append(numpy.asarray(image.convert("L"), dtype=numpy.int16))
    return pages


def run_tool(engine: str, command: list[str], folder: Path) -> Rendering:
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    complaints = quiet(done.stderr) + quiet(done.stdout)
    if done.returncode:
        complaints.append(f"exit status {done.returncode}")
    return Rendering(engine, read_pages(folder), complaints)


Pages = tuple[int, int] | None
"""The first and last page (1-based) to render, or None for every page."""


def poppler(pdf: Path, folder: Path, pages: Pages = None) -> Rendering:
    span = ["-f", str(pages[0]), "-l", str(pages[1])] if pages else []
    command = ["pdftoppm", "-r", str(DPI), "-gray", *span, str(pdf), str(folder / "page")]
    return run_tool("poppler", command, folder)


def ghostscript(pdf: Path, folder: Path, pages: Pages = None) -> Rendering:
    span = [f"-dFirstPage={pages[0]}", f"-dLastPage={pages[1]}"] if pages else []
    command = [
        "gs", "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=pnggray", f"-r{DPI}",
        "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4", "-dUseFastColor", *span,
        f"-sOutputFile={folder}/page-%d.png",
        str(pdf),
    ]  # fmt: skip
    return run_tool("ghostscript", command, folder)


def mupdf(pdf: Path, folder: Path, pages: Pages = None) -> Rendering:
    span = [f"{pages[0]}-{pages[1]}"] if pages else []
    command = ["mutool", "draw", "-q", "-r", str(DPI), "-c", "gray",
               "-o", f"{folder}/page-%d.png", str(pdf), *span]  # fmt: skip
    return run_tool("mupdf", command, folder)


def pdfium(pdf: Path, folder: Path, pages: Pages = None) -> Rendering:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    pages_drawn, complaints = [], []
    span = range(pages[0] - 1, pages[1]) if pages else range(len(document))
    try:
        for index in span:
            page = document[index]
            try:
                bitmap = page.render(scale=DPI / 72, grayscale=True)
                image = bitmap.to_pil().convert("L")
                pages_drawn.append(numpy.asarray(image, dtype=numpy.int16))
            except pypdfium2.PdfiumError as error:
                complaints.append(f"page {index + 1}: {error}")
            finally:
                page.close()
    finally:
        document.close()
    return Rendering("pdfium", pages_drawn, complaints)


ENGINES = {"poppler": poppler, "ghostscript": ghostscript, "mupdf": mupdf, "pdfium": pdfium}


def render_all(pdf: Path, pages: Pages = None) -> dict[str, Rendering]:
    """Every engine renders every page (or the `pages` from first to last), the command-line
    ones in parallel."""
    with tempfile.TemporaryDirectory() as root, ThreadPoolExecutor(max_workers=2) as pool:
        folders = {name: Path(root) / name for name in ENGINES}
        for folder in folders.values():
            folder.mkdir()
        futures = {
            name: pool.submit(render, pdf, folders[name], pages) for name, render in ENGINES.items()
        }
        return {name: future.result() for name, future in futures.items()}


def tile_ink(page: numpy.ndarray) -> numpy.ndarray:
    """Mean darkness (0–255) of every TILE × TILE square of a page."""
    height, width = (size - size % TILE for size in page.shape)
    darkness = 255 - page[:height, :width]
    return darkness.reshape(height // TILE, TILE, width // TILE, TILE).mean(axis=(1, 3))


def differences(a: Rendering, b: Rendering) -> list[str]:
    """Where two renderings disagree: "page N at x–x mm, y–y mm (engines: difference)".

    Tiles are compared by how much ink they hold, not pixel by pixel: the same glyph drawn a
    fraction of a pixel bolder or further right by another rasteriser holds the same ink, a word
    or a picture left out does not.
    """
    found = []
    if len(a.pages) != len(b.pages):
        return [f"{a.engine} has {len(a.pages)} pages, {b.engine} {len(b.pages)}"]
    mm = 25.4 / DPI
    for number, (first, second) in enumerate(zip(a.pages, b.pages, strict=True), start=1):
        if max(abs(first.shape[0] - second.shape[0]), abs(first.shape[1] - second.shape[1])) > 2:
            found.append(f"page {number}: sizes {first.shape} and {second.shape}")
            continue
        height = min(first.shape[0], second.shape[0])
        width = min(first.shape[1], second.shape[1])
        gap = numpy.abs(tile_ink(first[:height, :width]) - tile_ink(second[:height, :width]))
        for row, column in zip(*numpy.nonzero(gap > TOLERANCE), strict=True):
            found.append(
                f"page {number} at x {column * TILE * mm:.0f}–{(column + 1) * TILE * mm:.0f} mm, "
                f"y {row * TILE * mm:.0f}–{(row + 1) * TILE * mm:.0f} mm "
                f"({a.engine} vs {b.engine}: {gap[row, column]:.0f}/255)"
            )
    return found


def poppler_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdfium_text(pdf: Path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            text = page.get_textpage()
            texts.append(text.get_text_range())
            text.close()
            page.close()
        return "\n".join(texts)
    finally:
        document.close()
