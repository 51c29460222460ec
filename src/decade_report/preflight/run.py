"""Which checks preflight runs, and running them.

Every module of checks is listed here, in the order its findings are reported; `all_pdf_checks`
and `all_content_checks` collect the marked functions of exactly these modules. Nothing is
registered by importing a module, so what runs does not depend on what happened to be imported
first (the fonts and pdfx checks used to swap places depending on that).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from decade_report.errors import Location
from decade_report.model.report import Report
from decade_report.preflight import (
    content,
    fonts,
    layout,
    pdf_checks,
    pdfua,
    pdfua_content,
    pdfx,
)
from decade_report.preflight.pdf_checks import Pdf
from decade_report.preflight.registry import Check, Finding, checks_in
from decade_report.theme.tokens import Theme

PDF_CHECK_MODULES = (pdf_checks, layout, pdfua, pdfua_content, fonts, pdfx)
"""The modules of `@pdf_check`s: general print and screen checks, the layout lint, PDF/UA-1,
font programs, PDF/X."""
CONTENT_CHECK_MODULES = (content,)
"""The modules of `@content_check`s."""


def all_pdf_checks() -> tuple[Check, ...]:
    return checks_in("pdf", *PDF_CHECK_MODULES)


def all_content_checks() -> tuple[Check, ...]:
    return checks_in("content", *CONTENT_CHECK_MODULES)


def preflight_pdf(
    data: bytes,
    edition: str,
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


def check_content(report: Report, theme: Theme) -> list[Finding]:
    """Every content check, findings sorted by file, line and column."""
    findings = [f for check in all_content_checks() for f in check.function(report, theme)]
    return sorted(findings, key=place)


def place(finding: Finding) -> tuple[str, int, int, str, str]:
    where = finding.where or Location("")
    return (where.path, where.line, where.column, finding.check, finding.message)
