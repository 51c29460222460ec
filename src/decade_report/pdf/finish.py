"""Stage 6: finish a laid-out PDF for its edition: page labels, document metadata, viewer hints.

WeasyPrint writes no /PageLabels: pdf/page_labels.py labels the pages with their printed folios
(front matter i, ii, iii … or الف، ب، ج …, the body 1, 2, 3), so a viewer shows "iv" and "12".
Saved with a deterministic /ID.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from typing import Any

from decade_report.compose.i18n import N_, language_catalogue
from decade_report.model.report import Report
from decade_report.pdf.finish_bidi import reverse_right_to_left_ligatures
from decade_report.pdf.finish_tags import Described, finish_tags
from decade_report.pdf.finish_text import actual_text
from decade_report.pdf.page_labels import label_pages, printed_folios
from decade_report.pdf.render import RenderedPdf

LINK_TO = N_("%(title)s, page %(label)s")
LINK_TO_PAGE = N_("page %(label)s")
LINK_SOMEWHERE = N_("a place in this report")


def link_words(catalogue: gettext.NullTranslations) -> Described:
    """How the edition describes a link into the report (its /Contents, read by screen readers)
    in the language of `catalogue`: "1 A Decade at a Glance, page 3", "十年概览，第1页"."""

    def described(title: str, label: str) -> str:
        if title and label:
            return catalogue.gettext(LINK_TO) % {"title": title, "label": label}
        if label:
            return catalogue.gettext(LINK_TO_PAGE) % {"label": label}
        return title or catalogue.gettext(LINK_SOMEWHERE)

    return described


@dataclass(frozen=True)
class FinishedPdf:
    pdf: bytes
    page_count: int
    labels: tuple[str, ...]
    """The folio printed on each page (pdf/page_labels.py `printed_folios`)."""


def finish_pdf(rendered: RenderedPdf, report: Report, date: str) -> FinishedPdf:
    """The screen edition: labels, repaired tags, metadata; the viewer opens on spreads."""
    import pikepdf

    body_start = rendered.anchors.get(f"chapter-{report.chapters[0].number}", 0)
    config = report.config
    folios = printed_folios(rendered.page_count, body_start, config.language, config.direction)
    with pikepdf.open(io.BytesIO(rendered.pdf)) as pdf:
        actual_text(pdf)
        reverse_right_to_left_ligatures(pdf)
        label_pages(pdf, body_start, config.language, config.direction)
        words = link_words(language_catalogue(config.language, report.texts))
        finish_tags(pdf, rendered.titles, folios, words)
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        if report.config.direction == "rtl":  # spreads read from the right
            pdf.Root.ViewerPreferences.Direction = pikepdf.Name.R2L
        pdf.Root.PageLayout = pikepdf.Name.TwoPageRight
        write_metadata(pdf, report, date)
        data = save(pdf)
    return FinishedPdf(data, rendered.page_count, folios)


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
