"""Which checks preflight runs, and running them.

Every module of checks is listed here, in the order its findings are reported; `all_pdf_checks`
and `all_content_checks` collect the marked functions of exactly these modules. Nothing is
registered by importing a module, so what runs does not depend on what happened to be imported
first (the fonts and pdfx checks used to swap places depending on that).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from decade_report.compose.numbering import Composition
from decade_report.editions.edition import Edition
from decade_report.errors import Location
from decade_report.model.report import Report
from decade_report.preflight import (
    access,
    basics,
    document_info,
    fonts,
    glyphs,
    layout,
    outline,
    pdfua,
    pdfua_content,
    pdfx,
    press,
    wording,
)
from decade_report.preflight.document import Pdf
from decade_report.preflight.registry import Check, Finding, checks_in
from decade_report.theme.tokens import Theme

PDF_CHECK_MODULES = (
    basics,
    press,
    access,
    document_info,
    layout,
    pdfua,
    pdfua_content,
    fonts,
    pdfx,
)
"""The modules of `@pdf_check`s: fonts, glyphs and images; the print edition's boxes, colour, ink
and lines; the screen edition's tags; metadata, text and size; the layout lint; PDF/UA-1; font
programs; PDF/X."""
CONTENT_CHECK_MODULES = (wording, outline, glyphs)
"""The modules of `@content_check`s, which read the `Report`, the theme and the `Composition`
(what composing produced: numbers, ids, placements), right after composition and in `check`:
spelling and numbers, sections, links and captions, glyphs."""


def all_pdf_checks() -> tuple[Check, ...]:
    return checks_in("pdf", *PDF_CHECK_MODULES)


def all_content_checks() -> tuple[Check, ...]:
    return checks_in("content", *CONTENT_CHECK_MODULES)


def preflight_pdf(
    data: bytes,
    edition: Edition,
    phrases: tuple[str, ...] = (),
    fonts: tuple[Path, ...] = (),
    tokens: Any = None,
    only: tuple[str, ...] | None = None,
) -> list[Finding]:
    """Every PDF check for `edition` (or those of them named in `only`), in the order of
    `all_pdf_checks`."""
    document = Pdf(data, edition, phrases, fonts, tokens)
    findings: list[Finding] = []
    try:
        for check in all_pdf_checks():
            if edition in check.editions and (only is None or check.name in only):
                findings += [
                    Finding(f.check, f.severity, f.message, f.hint, f.page, f.where, edition)
                    for f in check.function(document)
                ]
    finally:
        document.close()
    return findings


def check_content(report: Report, theme: Theme, composition: Composition) -> list[Finding]:
    """Every content check, findings sorted by file, line and column."""
    findings = [
        f for check in all_content_checks() for f in check.function(report, theme, composition)
    ]
    return sorted(findings, key=place)


def place(finding: Finding) -> tuple[str, int, int, str, str]:
    where = finding.where or Location("")
    return (where.path, where.line, where.column, finding.check, finding.message)


def preflight_copies(
    copies: list[tuple[str, bytes]],
    phrases: tuple[str, ...],
    fonts: tuple[Path, ...],
    tokens: Any,
    first: tuple[str, ...],
    others: tuple[str, ...],
) -> list[Finding]:
    """The stamped copies, (path, PDF) each, judged as the screen edition: the first by the
    checks `first`, the others by `others` (their stamps differ only in their text)."""
    findings: list[Finding] = []
    for index, (path, data) in enumerate(copies):
        checks = others if index else first
        findings += [
            replace(f, edition=f"copy {path}")
            for f in preflight_pdf(data, Edition.SCREEN, phrases, fonts, tokens, checks)
        ]
    return findings


COPY_CHECKS = ("fonts_embedded", "tounicode_mappings")
"""Preflight checks run on every stamped copy after the first: the stamps differ only in their
text, so what one copy passes on the pages, all pass."""


def first_copy_checks() -> tuple[str, ...]:
    """The screen edition's checks but its layout lint: a copy is laid out as the screen edition
    (judged there), and its stamp, an artifact in the margin, would read as a stray line."""
    return tuple(
        check.name
        for check in all_pdf_checks()
        if Edition.SCREEN in check.editions
        and check.function.__module__ != "decade_report.preflight.layout"
    )
