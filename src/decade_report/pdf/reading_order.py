"""A line of a finished page in the order it is read, whatever order its glyphs are drawn in.

The layout lint reads pages by geometry (pdf/layout.py): runs of text from poppler's
`pdftohtml -xml`, joined from left to right. WeasyPrint draws right-to-left text in visual
order, so a Persian caption "نمودار ۲.۱ …" comes out as "… ۲.۱ رادومن" — no caption pattern
matches it, and a sentence's full stop is at the start of the line. The PDF carries no logical
text to read instead (no /ActualText for right-to-left lines: docs/languages.md says why), so
the line is put back in reading order by the Unicode bidi algorithm (python-bidi): applied to a
visual line with the paragraph's base direction, it reverses the right-to-left runs and keeps
the left-to-right ones (numbers, Latin names), which undoes what the renderer did for the usual
line of Persian text with numbers and names in it, brackets mirrored back.

A line with no right-to-left letter is returned as it is. The base direction of a line is that
of most of its letters: a Persian caption with "APSCO" in it is right to left, an English
sentence with one Persian name left to right.
"""

from __future__ import annotations

import unicodedata

from bidi import get_display

RIGHT_TO_LEFT = {"R", "AL"}


def base_direction(text: str) -> str:
    """ "R" when most strong letters of `text` are right-to-left, else "L"."""
    classes = [unicodedata.bidirectional(c) for c in text]
    right = sum(c in RIGHT_TO_LEFT for c in classes)
    return "R" if right and right >= sum(c == "L" for c in classes) else "L"


def reading_order(visual: str) -> str:
    """`visual` (glyphs from left to right) in logical order; unchanged without right-to-left
    letters."""
    if not any(unicodedata.bidirectional(c) in RIGHT_TO_LEFT for c in visual):
        return visual
    return get_display(visual, base_dir=base_direction(visual))
