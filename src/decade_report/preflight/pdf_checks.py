"""Stage 7: preflight — prove every output is fit for the print shop and for readers.

Each check is one function registered with `@pdf_check(editions…)` in the modules imported at
the bottom: `basics` (fonts, glyphs, images), `press` (the print edition's boxes, colour, ink and
lines), `access` (the screen edition's tags), `document_info` (metadata, text, size), then the
layout lint, the PDF/UA rules, the font programs and PDF/X. A check reads a finished PDF through
`preflight.document.Pdf`, which opens it once and shares what several checks read alike, and
yields findings with a severity, the page and what to do. `decade-report preflight FILE.pdf` runs
them on any PDF; every build runs them on what it produced, together with the content checks of
`preflight.content`, before publishing.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from decade_report.errors import Severity
from decade_report.preflight.document import Pdf
from decade_report.preflight.registry import PDF_CHECKS, Finding


def preflight_pdf(
    data: bytes,
    edition: str,
    phrases: tuple[str, ...] = (),
    fonts: tuple[Path, ...] = (),
    tokens: Any = None,
    only: tuple[str, ...] | None = None,
) -> list[Finding]:
    """Every PDF check registered for `edition` (or those of them named in `only`), in registry
    order."""
    document = Pdf(data, edition, phrases, fonts, tokens)
    findings: list[Finding] = []
    try:
        for check in PDF_CHECKS:
            if edition in check.editions and (only is None or check.name in only):
                findings += [
                    Finding(f.check, f.severity, f.message, f.hint, f.page, f.where, edition)
                    for f in check.function(document)
                ]
    finally:
        document.close()
    return findings


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
            for f in preflight_pdf(data, "screen", phrases, fonts, tokens, checks)
        ]
    return findings


def guess_edition(data: bytes) -> str:
    """print when the PDF has a PDF/X output intent, screen otherwise."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return "print" if "/OutputIntents" in pdf.Root else "screen"


def content_holders(pdf: Any) -> Iterator[tuple[int, Any, Any]]:
    """(page number, page or form, its resources) for every content stream, forms once."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(pdf.pages, start=1):
        resources = page.get("/Resources") or pikepdf.Dictionary()
        yield number, page, resources
        pending = [resources]
        while pending:
            current = pending.pop()
            for xobject in (current.get("/XObject") or {}).values():
                if xobject.objgen in seen or xobject.get("/Subtype") != pikepdf.Name.Form:
                    continue
                seen.add(xobject.objgen)
                inner = xobject.get("/Resources") or pikepdf.Dictionary()
                yield number, xobject, inner
                pending.append(inner)


def summary(findings: Iterable[Finding]) -> str:
    counts = {s: 0 for s in Severity}
    for finding in findings:
        counts[finding.severity] += 1
    return ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items())


# The checks join the registry in this order (the order of their findings).
# isort: off
import decade_report.preflight.basics  # noqa: E402
import decade_report.preflight.press  # noqa: E402
import decade_report.preflight.access  # noqa: E402
import decade_report.preflight.document_info  # noqa: E402
import decade_report.preflight.layout  # noqa: E402
import decade_report.preflight.pdfua  # noqa: E402
import decade_report.preflight.pdfua_content  # noqa: E402
import decade_report.preflight.fonts  # noqa: E402
import decade_report.preflight.pdfx  # noqa: E402, F401
# isort: on
