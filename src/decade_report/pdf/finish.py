"""Stage 6: finish a laid-out PDF for its edition: page labels, document metadata, viewer hints.

WeasyPrint writes no /PageLabels: the front matter is labelled i, ii, iii … and the body 1, 2, 3
(matching the printed folios), so a viewer shows "iv" and "12". Saved with a deterministic /ID.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from decade_report.model.report import Report
from decade_report.pdf.finish_bidi import reverse_right_to_left_ligatures
from decade_report.pdf.finish_tags import finish_tags
from decade_report.pdf.finish_text import actual_text
from decade_report.pdf.render import RenderedPdf


@dataclass(frozen=True)
class FinishedPdf:
    pdf: bytes
    page_count: int
    labels: tuple[str, ...]


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


def page_labels(page_count: int, body_start: int) -> tuple[str, ...]:
    return tuple(
        roman(i + 1) if i < body_start else str(i - body_start + 1) for i in range(page_count)
    )


def finish_pdf(rendered: RenderedPdf, report: Report, date: str) -> FinishedPdf:
    """The screen edition: labels, repaired tags, metadata; the viewer opens on spreads."""
    import pikepdf

    body_start = rendered.anchors.get(f"chapter-{report.chapters[0].number}", 0)
    with pikepdf.open(io.BytesIO(rendered.pdf)) as pdf:
        actual_text(pdf)
        reverse_right_to_left_ligatures(pdf)
        label_pages(pdf, body_start)
        finish_tags(pdf, rendered.titles, page_labels(rendered.page_count, body_start))
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        if report.config.direction == "rtl":  # spreads read from the right
            pdf.Root.ViewerPreferences.Direction = pikepdf.Name.R2L
        pdf.Root.PageLayout = pikepdf.Name.TwoPageRight
        write_metadata(pdf, report, date)
        data = save(pdf)
    return FinishedPdf(data, rendered.page_count, page_labels(rendered.page_count, body_start))


def label_pages(pdf: Any, body_start: int) -> None:
    import pikepdf

    nums = pikepdf.Array([0, pikepdf.Dictionary(S=pikepdf.Name.r)])
    if body_start:
        nums.extend([body_start, pikepdf.Dictionary(S=pikepdf.Name.D)])
    pdf.Root.PageLabels = pikepdf.Dictionary(Nums=nums)


def write_metadata(pdf: Any, report: Report, date: str) -> None:
    """Title, author, subject, keywords and dates, the same in the XMP and the Info dictionary."""
    config = report.config
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = config.title
        meta["dc:creator"] = [config.organisation]
        meta["dc:description"] = config.subtitle
        meta["dc:language"] = [config.language]
        meta["pdf:Keywords"] = ", ".join(config.keywords)
        meta["xmp:CreateDate"] = date
        meta["xmp:ModifyDate"] = date
        meta["xmp:MetadataDate"] = date
        meta["xmp:CreatorTool"] = "decade-report"
    pdf.docinfo["/Title"] = config.title
    pdf.docinfo["/Author"] = config.organisation
    pdf.docinfo["/Subject"] = config.subtitle
    pdf.docinfo["/Keywords"] = ", ".join(config.keywords)
    pdf.docinfo["/Creator"] = "decade-report"
    stamp = "D:" + date.replace("-", "").replace(":", "").replace("T", "")[:14] + "Z"
    pdf.docinfo["/CreationDate"] = stamp
    pdf.docinfo["/ModDate"] = stamp


def save(pdf: Any, version: str = "") -> bytes:
    """Compressed, with a deterministic /ID; object streams only where the version allows."""
    import pikepdf

    for item in pdf.objects:
        # qpdf writes an empty stream as a /FlateDecode stream of no bytes, which is not a zlib
        # stream at all: MuPDF warns "premature end of data in flate filter"
        if isinstance(item, pikepdf.Stream) and not item.read_raw_bytes() and "/Filter" not in item:
            item.write(b" ")
    buffer = io.BytesIO()
    pdf.save(
        buffer,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.disable
        if version and version < "1.5"
        else pikepdf.ObjectStreamMode.generate,
        force_version=version or None,
    )
    return buffer.getvalue()
