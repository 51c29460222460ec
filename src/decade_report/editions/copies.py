"""Stage 6, copies: one stamped copy per recipient — laid out once, stamped many times.

The finished screen edition is never laid out again. reportlab draws one overlay page per
recipient ("Copy for the Delegation of Pakistan · No. 07/13": the recipient's `copy_for`, else
its name, and a diagonal DRAFT or CONFIDENTIAL when asked) in a bundled font, so the stamp is
real, extractable text; pikepdf then places that overlay on every page as a Form XObject marked
as an artifact (it is not part of the document's logical structure, so the tagged PDF stays
valid for screen readers).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

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
    width = len(str(total)) if total >= 10 else 2
    named = recipient.copy_for or recipient.name  # no article added: the project writes its own
    return f"Copy for {named} · No. {number:0{width}d}/{total:0{width}d}"


def stamp_copies(
    edition: bytes, recipients: tuple[Recipient, ...], theme: Theme, draft: bool
) -> list[StampedCopy]:
    import pikepdf

    with pikepdf.open(io.BytesIO(edition)) as source:
        width, height = (float(v) for v in source.pages[0].MediaBox[2:])
        offset = [float(v) for v in source.pages[0].MediaBox[:2]]
    overlays = draw_overlays(recipients, theme, draft, (width, height))
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
    recipients: tuple[Recipient, ...], theme: Theme, draft: bool, size: tuple[float, float]
) -> bytes:
    """One reportlab page per recipient: the stamp at the foot, the watermark across."""
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen.canvas import Canvas

    register_font(theme)
    buffer = io.BytesIO()
    # initialFontName: reportlab otherwise opens every page with `BT /F1 12 Tf 14.4 TL ET`,
    # selecting a Helvetica that is never embedded (and never used)
    canvas = Canvas(
        buffer, pagesize=size, invariant=1, pageCompression=1, initialFontName=STAMP_FONT
    )
    width, height = size
    tokens = theme.tokens
    for number, recipient in enumerate(recipients, start=1):
        text = stamp_text(recipient, number, len(recipients))
        canvas.setFont(STAMP_FONT, 6.5)
        text_width = canvas.stringWidth(text, STAMP_FONT, 6.5)
        box = (width - text_width) / 2 - 2.5 * MM, 3.2 * MM, text_width + 5 * MM, 4.6 * MM
        canvas.setFillColor(HexColor(tokens.paper))
        canvas.setStrokeColor(HexColor(tokens.rule))
        canvas.setLineWidth(0.4)
        canvas.rect(*box, stroke=1, fill=1)
        canvas.setFillColor(HexColor(tokens.muted))
        canvas.drawCentredString(width / 2, 4.8 * MM, text)
        mark = recipient.watermark or ("DRAFT" if draft else "")
        if mark:
            canvas.saveState()
            canvas.setFillColor(HexColor(mix(tokens.accent, "#b00020", 0.6)), alpha=0.16)
            canvas.translate(width / 2, height / 2)
            canvas.rotate(54)
            size_pt = min(140.0, 1.1 * (width**2 + height**2) ** 0.5 / len(mark))
            canvas.setFont(STAMP_FONT, size_pt)
            canvas.drawCentredString(0, -size_pt / 3, mark)
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def register_font(theme: Theme) -> None:
    """The stamp uses the first bundled TrueType face of the text family (reportlab cannot
    embed CFF-flavoured OpenType), else any bundled TrueType face. Registered afresh for every
    build: a reused TTFont carries subset state over, and the copies would differ between runs."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    candidates = [
        path
        for path, face in theme.faces
        if path.suffix == ".ttf" and face.style == "normal" and not face.fallback
    ]
    preferred = [
        path
        for path, face in theme.faces
        if path in candidates and face.family == theme.tokens.font_text and face.weight == 400
    ]
    path = (preferred or candidates)[0]
    pdfmetrics.registerFont(TTFont(STAMP_FONT, str(path)))
