"""Preflight of both editions: fonts embedded, no missing glyphs, images sharp enough."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

from decade_report.editions.edition import Edition
from decade_report.errors import Severity
from decade_report.preflight.document import Pdf
from decade_report.preflight.graphics import font_codes
from decade_report.preflight.registry import Finding, found, pdf_check
from decade_report.theme.tokens import default_theme_root, faces_coverage, load_faces

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
MIN_PPI = {Edition.PRINT: 300, Edition.SCREEN: 150}


@pdf_check(Edition.PRINT, Edition.SCREEN)
def fonts_embedded(document: Pdf) -> Iterator[Finding]:
    """Every font is embedded and subset (pdffonts).

    A font that is not embedded is replaced by whatever the printer or the reader's computer has.
    """
    for font in document.font_list:
        name, embedded, subset = font["name"], font["emb"], font["sub"]
        if embedded != "yes":
            yield found(
                "fonts_embedded",
                ERROR,
                f"font {name} is not embedded",
                "use only fonts from assets/fonts (the theme embeds them)",
            )
        elif subset != "yes":
            yield found("fonts_embedded", WARNING, f"font {name} is embedded whole, not subset", "")


@pdf_check(Edition.PRINT, Edition.SCREEN)
def missing_glyphs(document: Pdf) -> Iterator[Finding]:
    """No "tofu": every character of the text layer is in a bundled font, and no text is drawn
    with glyph 0 (.notdef).

    The content check of the same name finds such characters in the sources before rendering.
    """
    covered = faces_coverage(document.fonts or default_fonts())
    for number, text in enumerate(document.text_pages, start=1):
        missing = sorted({c for c in text if not c.isspace() and ord(c) not in covered})
        if missing:
            shown = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in missing[:5])
            yield found(
                "missing_glyphs",
                ERROR,
                f"characters no bundled font has: {shown}",
                "they print as empty boxes; see the content check missing_glyphs for where",
                page=number,
            )
    reported = set()
    for (page, _), (font, codes) in font_codes(document).items():
        if 0 in codes and page not in reported:
            reported.add(page)
            yield found(
                "missing_glyphs",
                ERROR,
                f"text drawn with glyph 0 (.notdef) of font {font.get('/BaseFont')}",
                "a character is in no bundled font: see the content check missing_glyphs",
                page=page,
            )


def default_fonts() -> tuple[Path, ...]:
    root = default_theme_root()
    return tuple(path for path, _ in load_faces(root / "assets", root))


@pdf_check(Edition.PRINT, Edition.SCREEN)
def image_resolution(document: Pdf) -> Iterator[Finding]:
    """Images have enough pixels for the size they are printed at: 300 ppi in print, 150 on screen.

    Measured by poppler's `pdfimages -list` from the image's placement on the page.
    """
    least = MIN_PPI[document.edition]
    for image in document.image_list:
        if image["type"] != "image":
            continue
        ppi = min(int(image["x-ppi"]), int(image["y-ppi"]))
        if ppi < least:
            yield found(
                "image_resolution",
                ERROR if document.edition == Edition.PRINT else WARNING,
                f"an image of {image['width']}×{image['height']} pixels is shown at {ppi} ppi; "
                f"{least} ppi are needed",
                "use a larger image, show it smaller, or use SVG",
                page=int(image["page"]),
            )
