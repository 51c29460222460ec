"""Stage 6, copies: one stamped copy per recipient — laid out once, stamped many times.

The finished screen edition is never laid out again. reportlab draws one overlay page per
recipient ("Copy for the Delegation of Pakistan · No. 07/13": the recipient's `copy_for`, else
its name, and a diagonal DRAFT or CONFIDENTIAL when asked), in the edition's language and in
bundled fonts (editions/stamp.py), so the stamp is real, extractable text; pikepdf then places
that overlay on every page as a Form XObject marked as an artifact (it is not part of the
document's logical structure, so the tagged PDF stays valid for screen readers).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from decade_report.editions.stamp import StampFaces, StampWords
from decade_report.model.config import Recipient
from decade_report.pdf.finish import save
from decade_report.theme.contrast import mix
from decade_report.theme.tokens import Theme

MM = 72 / 25.4
STAMP_FONT = "DecadeStamp"


@dataclass(frozen=True)
class StampedCopy:
    recipient: Recipient
    pdf: bytes
    page_count: int


def stamp_text(recipient: Recipient, number: int, total: int) -> str:
    """The stamp in English, the first language's words as the project writes them."""
    return StampWords().stamp(recipient, number, total)


def stamp_copies(
    edition: bytes,
    recipients: tuple[Recipient, ...],
    theme: Theme,
    draft: bool,
    words: StampWords | None = None,
) -> list[StampedCopy]:
    """`words`: the edition's language (editions/stamp.py `stamp_words`); English without."""
    import pikepdf

    with pikepdf.open(io.BytesIO(edition)) as source:
        width, height = (float(v) for v in source.pages[0].MediaBox[2:])
        offset = [float(v) for v in source.pages[0].MediaBox[:2]]
    overlays = draw_overlays(recipients, theme, draft, (width, height), words or StampWords())
    copies = []
    with pikepdf.open(io.BytesIO(overlays)) as stamps:
        for index, recipient in enumerate(recipients):
            with pikepdf.open(io.BytesIO(edition)) as pdf:
                form = pdf.copy_foreign(pikepdf.Page(stamps.pages[index]).as_form_xobject())
                form.Matrix = pikepdf.Array([1, 0, 0, 1, *offset])
                for page in pdf.pages:
                    name = page.add_resource(  # a fixed name: pikepdf's default is random
                        form,
                        pikepdf.Name.XObject,
                        pikepdf.Name("/DecadeStamp"),
                        replace_existing=True,
                    )
                    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
                    page.contents_add(
                        pdf.make_stream(b"\nQ\nq /Artifact BMC " + bytes(name) + b" Do EMC Q\n")
                    )
                copies.append(StampedCopy(recipient, save(pdf), len(pdf.pages)))
    return copies


def draw_overlays(
    recipients: tuple[Recipient, ...],
    theme: Theme,
    draft: bool,
    size: tuple[float, float],
    words: StampWords,
) -> bytes:
    """One reportlab page per recipient: the stamp at the foot, the watermark across."""
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen.canvas import Canvas

    faces = StampFaces(theme, words.language, STAMP_FONT)
    buffer = io.BytesIO()
    # initialFontName: reportlab otherwise opens every page with `BT /F1 12 Tf 14.4 TL ET`,
    # selecting a Helvetica that is never embedded (and never used)
    canvas = Canvas(
        buffer, pagesize=size, invariant=1, pageCompression=1, initialFontName=STAMP_FONT
    )
    width, height = size
    tokens = theme.tokens
    for number, recipient in enumerate(recipients, start=1):
        text = words.stamp(recipient, number, len(recipients))
        text_width = faces.width(text, 6.5)
        box = (width - text_width) / 2 - 2.5 * MM, 3.2 * MM, text_width + 5 * MM, 4.6 * MM
        canvas.setFillColor(HexColor(tokens.paper))
        canvas.setStrokeColor(HexColor(tokens.rule))
        canvas.setLineWidth(0.4)
        canvas.rect(*box, stroke=1, fill=1)
        canvas.setFillColor(HexColor(tokens.muted))
        faces.draw_centred(canvas, width / 2, 4.8 * MM, text, 6.5)
        mark = words.watermark(recipient, draft)
        if mark:
            canvas.saveState()
            canvas.setFillColor(HexColor(mix(tokens.accent, "#b00020", 0.6)), alpha=0.16)
            canvas.translate(width / 2, height / 2)
            canvas.rotate(54)
            size_pt = min(140.0, 1.1 * (width**2 + height**2) ** 0.5 / len(mark))
            faces.draw_centred(canvas, 0, -size_pt / 3, mark, size_pt)
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
