"""Preflight of the screen edition: tagged, with a language, figures with alternative text,
bookmarks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from decade_report.editions.edition import Edition
from decade_report.errors import Severity
from decade_report.preflight.document import Pdf
from decade_report.preflight.registry import Finding, found, pdf_check

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@pdf_check(Edition.SCREEN)
def tagged_structure(document: Pdf) -> Iterator[Finding]:
    """The screen edition is a tagged PDF with a document language, for screen readers."""
    root = document.pdf.Root
    if "/StructTreeRoot" not in root:
        yield found(
            "tagged_structure", ERROR, "the PDF is not tagged (no structure tree)",
            "build the screen edition with decade-report (PDF/UA-1)",
        )  # fmt: skip
    mark = root.get("/MarkInfo")
    if mark is None or not bool(mark.get("/Marked", False)):
        yield found("tagged_structure", ERROR, "MarkInfo /Marked is not true", "")
    if not str(root.get("/Lang", "")).strip():
        yield found(
            "tagged_structure",
            ERROR,
            "no document language (/Lang)",
            "set languages in report.toml",
        )


@pdf_check(Edition.SCREEN)
def alt_text(document: Pdf) -> Iterator[Finding]:
    """Every figure (chart, image) in the structure tree has alternative text."""
    import pikepdf

    root = document.pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    pages = {page.objgen: number for number, page in enumerate(document.pdf.pages, start=1)}
    for element in structure_elements(root):
        if element.get("/S") == pikepdf.Name.Figure and not str(element.get("/Alt", "")).strip():
            page = element.get("/Pg")
            yield found(
                "alt_text",
                ERROR,
                "a figure without alternative text",
                "give the chart an `alt` in charts.yaml, or the image an alt attribute",
                page=pages.get(page.objgen) if page is not None else None,
            )


def structure_elements(node: Any) -> Iterator[Any]:
    import pikepdf

    stack = [node]
    while stack:
        current = stack.pop()
        if not isinstance(current, pikepdf.Dictionary):
            continue
        yield current
        kids = current.get("/K")
        stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])


@pdf_check(Edition.SCREEN)
def bookmarks(document: Pdf) -> Iterator[Finding]:
    """The screen edition has bookmarks (outlines) to navigate by chapter."""
    with document.pdf.open_outline() as outline:
        if not list(outline.root):
            yield found("bookmarks", WARNING, "no bookmarks", "headings make bookmarks")
