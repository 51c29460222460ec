"""Stage 7: preflight — prove every output is fit for the print shop and for readers.

Each check is one function marked with `@pdf_check(editions…)` in the modules that
`preflight.run` lists: `basics` (fonts, glyphs, images), `press` (the print edition's boxes,
colour, ink and lines), `access` (the screen edition's tags), `document_info` (metadata, text,
size), then the layout lint, the PDF/UA rules, the font programs and PDF/X. A check reads a
finished PDF through `preflight.document.Pdf`, which opens it once and shares what several
checks read alike, and yields findings with a severity, the page and what to do.
`decade-report preflight FILE.pdf` runs them on any PDF (`preflight.run.preflight_pdf`); every
build runs them on what it produced, after the content checks (`preflight.run.check_content`)
ran on what it composed. This module keeps what the command line needs besides.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

from decade_report.editions.edition import Edition
from decade_report.errors import Severity
from decade_report.preflight.registry import Finding


def guess_edition(data: bytes) -> Edition:
    """print when the PDF has a PDF/X output intent, screen otherwise."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return Edition.PRINT if "/OutputIntents" in pdf.Root else Edition.SCREEN


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
