"""Stage 6, every PDF edition: right-to-left ligatures that extract in logical order.

WeasyPrint draws right-to-left text in visual order and maps each glyph to its characters in
logical order; poppler and PDFium read a right-to-left line back by reversing it, character by
character. A glyph that stands for several characters, such as the lam-alef ligature of Persian
and Arabic (لا in بنگلادش), is reversed with the rest and comes out "ال": both engines read
"بنگالدش". Measured on the sample's Persian edition; an /ActualText in logical order made both
engines worse (they reverse it again), so the fix is in the ToUnicode map: a glyph mapped to two
or more right-to-left letters is mapped to them in visual order, which the engines' reversal
turns back. A glyph is used in one direction only (Arabic-script ligatures occur in
right-to-left runs), so the map stays right wherever the glyph is drawn.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from decade_report.pdf.finish_text import ENTRY

RIGHT_TO_LEFT = {"R", "AL"}


def is_right_to_left_cluster(text: str) -> bool:
    """Two or more letters, all right-to-left (combining marks do not count either way)."""
    letters = [c for c in text if not unicodedata.category(c).startswith("M")]
    return len(letters) >= 2 and all(unicodedata.bidirectional(c) in RIGHT_TO_LEFT for c in letters)


def reverse_right_to_left_ligatures(pdf: Any) -> None:
    """Rewrite every ToUnicode map of the document (each font once)."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        fonts = (page.get("/Resources") or pikepdf.Dictionary()).get("/Font") or {}
        for font in fonts.values():
            cmap = font.get("/ToUnicode")
            if not isinstance(cmap, pikepdf.Stream) or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            data = cmap.read_bytes()
            fixed = ENTRY.sub(visual_entry, data)
            if fixed != data:
                cmap.write(fixed)


def visual_entry(match: re.Match[bytes]) -> bytes:
    try:
        text = bytes.fromhex(match[2].decode()).decode("utf-16-be")
    except (ValueError, UnicodeDecodeError):
        return match[0]
    if not is_right_to_left_cluster(text):
        return match[0]
    return b"<" + match[1] + b"> <" + text[::-1].encode("utf-16-be").hex().encode() + b">"
