"""Preflight of both editions: document information, an extractable text layer, file size."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from decade_report.editions.edition import Edition
from decade_report.errors import Severity
from decade_report.preflight.document import Pdf
from decade_report.preflight.registry import Finding, found, pdf_check

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
MAX_SIZE_MB = {Edition.PRINT: 200, Edition.SCREEN: 25}


@pdf_check(Edition.PRINT, Edition.SCREEN)
def metadata(document: Pdf) -> Iterator[Finding]:
    """Title, author and subject are set; the screen edition shows the title, not the file name."""
    info = document.pdf.docinfo
    for key in ("/Title", "/Author", "/Subject"):
        if not str(info.get(key, "")).strip():
            yield found("metadata", WARNING, f"no {key[1:]} in the document information", "")
    if document.edition == Edition.SCREEN:
        preferences = document.pdf.Root.get("/ViewerPreferences") or {}
        if not bool(preferences.get("/DisplayDocTitle", False)):
            yield found("metadata", WARNING, "DisplayDocTitle is not set", "")


@pdf_check(Edition.PRINT, Edition.SCREEN)
def text_extractable(document: Pdf) -> Iterator[Finding]:
    """The text can be extracted (searched, copied, read aloud): pdftotext finds the words.

    When the build knows the message, its opening words must come out intact.
    """
    text = re.sub(r"\s+", " ", "\f".join(document.text_pages))
    if len(text.split()) < 10 * max(1, len(document.pdf.pages) // 4):
        yield found(
            "text_extractable", ERROR, "almost no text can be extracted",
            "text was drawn as outlines or images; keep it as text",
        )  # fmt: skip
    if "\ufffd" in text:
        yield found(
            "text_extractable",
            WARNING,
            "some characters extract as U+FFFD (no Unicode mapping)",
            "",
        )
    letters = comparable(text)
    for phrase in document.phrases:
        if comparable(phrase) not in letters:
            yield found(
                "text_extractable",
                ERROR,
                f"the words “{phrase}” do not come out of the text layer",
                "check the fonts' ToUnicode maps",
            )


def comparable(text: str) -> str:
    """Letters and digits only, case-folded: a phrase matches however the PDF breaks, hyphenates
    or spaces it, and whatever quotes or dashes the typography chose."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


@pdf_check(Edition.PRINT, Edition.SCREEN)
def file_size(document: Pdf) -> Iterator[Finding]:
    """The file stays a sensible size to send: 25 MB for the screen edition, 200 MB for print."""
    megabytes = len(document.data) / 1_000_000
    limit = MAX_SIZE_MB[document.edition]
    if megabytes > limit:
        yield found(
            "file_size",
            WARNING,
            f"the file is {megabytes:.0f} MB (over {limit} MB)",
            "use SVG charts and compress large images",
        )
