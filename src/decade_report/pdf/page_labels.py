"""The PDF's /PageLabels: the folios printed on the pages, in the edition's language.

WeasyPrint writes no /PageLabels, so a viewer would show "5" for the page printed "v". The front
matter counts from the cover (report.css `counter(page, lower-roman)`: i, ii, iii …; a
right-to-left edition's rtl.css counts it in abjad letters, الف، ب، ج … then the language's
digits, `FRONT_MATTER_LETTERS`) and the body from its first chapter (1, 2, 3 …; Persian prints
۱، ۲، ۳ …, `counter(page, persian)`).

PDF page-label styles are only decimal, Roman and Latin letters (ISO 32000-1, 12.4.2), so a folio
no style can write is a prefix (/P) of a range one page long: every abjad page is a range of its
own, labelled by its letter.

The body of an edition in other digits is labelled decimal (/D), not with prefixes in its digits:
the value is the folio's, only the digit shapes differ, and the viewers' page box is where a
reader types a page to go to. pdf.js and Chrome look a typed "42" up among the labels and, when
no label matches, take it as the 42nd page of the file — with Persian-digit labels a reader who
types Latin digits (the usual habit in page boxes, and what a screen reader's page command
sends) would land on the wrong page without being told; with /D both "42" and the Persian
reader's view of the page (۴۲ printed on it) name the same page. /D also keeps the label tree to
a few ranges instead of one per page.
"""

from __future__ import annotations

from typing import Any

from decade_report.compose.locale_format import local_digits
from decade_report.compose.writing import FRONT_MATTER_LETTERS


def roman(number: int) -> str:
    numerals = (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    )
    out = []
    for value, letters in numerals:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def front_folio(number: int, language: str, direction: str) -> str:
    """The folio printed on the `number`th page of the front matter: "iv", or "د" (then the
    language's digits, rtl.css's `fallback`) in a right-to-left edition."""
    if direction != "rtl":
        return roman(number)
    if number <= len(FRONT_MATTER_LETTERS):
        return FRONT_MATTER_LETTERS[number - 1]
    return local_digits(number, language)


def printed_folios(
    page_count: int, body_start: int, language: str = "en", direction: str = "ltr"
) -> tuple[str, ...]:
    """The folio printed on (or counted for) each page: ("i", "ii", …, "1", "2", …), in Persian
    ("الف", "ب", …, "۱", "۲", …)."""
    return tuple(
        front_folio(i + 1, language, direction)
        if i < body_start
        else local_digits(i - body_start + 1, language)
        for i in range(page_count)
    )


def label_pages(pdf: Any, body_start: int, language: str = "en", direction: str = "ltr") -> None:
    """/PageLabels that give the viewer the printed folios (the body as decimals, see above)."""
    import pikepdf

    nums = pikepdf.Array()
    if direction != "rtl" and body_start:
        nums.extend([0, pikepdf.Dictionary(S=pikepdf.Name.r)])
    elif body_start:
        for index in range(body_start):
            folio = front_folio(index + 1, language, direction)
            nums.extend([index, pikepdf.Dictionary(P=pikepdf.String(folio))])
    nums.extend([body_start, pikepdf.Dictionary(S=pikepdf.Name.D)])
    pdf.Root.PageLabels = pikepdf.Dictionary(Nums=nums)
