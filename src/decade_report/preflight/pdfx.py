"""Preflight of the PDF/X rules a print shop's preflight (ISO 15930) rejects a file on.

The identification keys (`/Trapped`, `GTS_PDFXVersion`, the XMP of PDF/X-4), the features the
claimed version allows (OpenType font programs need PDF 1.6), the output condition (a registered
characterised condition, not "Custom"), the registration colour of the crop marks, and small text
in one ink. docs/printing.md says which rules are checked here and which need a commercial tool.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from decade_report.editions.edition import Edition
from decade_report.errors import Severity
from decade_report.pdf.pdfx import CONDITIONS
from decade_report.preflight.document import Pdf
from decade_report.preflight.graphics import SHOW_TEXT, operations, scale
from decade_report.preflight.registry import Finding, found, pdf_check

ERROR, WARNING = Severity.ERROR, Severity.WARNING
PDFX_VERSIONS = {"PDF/X-3:2002": "1.3", "PDF/X-3:2003": "1.4", "PDF/X-4": "1.6"}
"""Claimed PDF/X version → highest PDF version it is based on."""
X4_XMP = (
    "pdfxid:GTS_PDFXVersion",
    "xmp:CreateDate",
    "xmp:ModifyDate",
    "xmpMM:DocumentID",
    "xmpMM:VersionID",
    "xmpMM:RenditionClass",
)


def claimed_version(document: Pdf) -> str:
    return str(document.pdf.docinfo.get("/GTS_PDFXVersion", "")).strip()


@pdf_check(Edition.PRINT)
def trapped_key(document: Pdf) -> Iterator[Finding]:
    """`/Trapped` in the document information is /True or /False (PDF/X requires one of them)."""
    value = document.pdf.docinfo.get("/Trapped")
    if str(value) not in ("/True", "/False"):
        yield found(
            "trapped_key",
            ERROR,
            f"/Trapped is {value if value is not None else 'missing'}; PDF/X needs /True or /False",
            "rebuild with decade-report (it writes /Trapped /False)",
        )


@pdf_check(Edition.PRINT)
def pdfx_identification(document: Pdf) -> Iterator[Finding]:
    """The file says which PDF/X it is, its PDF version is one that standard is based on, and a
    PDF/X-4 file carries the XMP keys ISO 15930-7 asks for."""
    claim = claimed_version(document)
    if claim not in PDFX_VERSIONS:
        yield found(
            "pdfx_identification",
            ERROR,
            f"GTS_PDFXVersion is '{claim}', not a PDF/X version this tool checks",
            "the print edition is PDF/X-4",
        )
        return
    version = str(document.pdf.pdf_version)
    if version > PDFX_VERSIONS[claim]:
        yield found(
            "pdfx_identification",
            ERROR,
            f"a {claim} file must be PDF {PDFX_VERSIONS[claim]} or older; this is PDF {version}",
            "",
        )
    if claim == "PDF/X-4":
        meta = document.pdf.open_metadata()
        absent = [key for key in X4_XMP if not str(meta.get(key, "")).strip()]
        if absent:
            yield found(
                "pdfx_identification",
                ERROR,
                f"PDF/X-4 XMP metadata lacks {', '.join(absent)}",
                "rebuild with decade-report (pdfx.write_pdfx_metadata)",
            )
        elif str(meta.get("pdfxid:GTS_PDFXVersion")) != claim:
            yield found("pdfx_identification", ERROR, "XMP and Info disagree on the version", "")


@pdf_check(Edition.PRINT, Edition.SCREEN)
def font_formats(document: Pdf) -> Iterator[Finding]:
    """Font programs are of a kind the file's PDF version allows: OpenType (`FontFile3
    /OpenType`) needs PDF 1.6, so PDF/X-3 (PDF 1.3/1.4) cannot have it."""
    version = str(document.pdf.pdf_version)
    if version >= "1.6":
        return
    names = sorted(opentype_fonts(document.pdf))
    for name in names:
        yield found(
            "font_formats",
            ERROR,
            f"font {name} is embedded as OpenType (FontFile3), a PDF 1.6 feature, in a PDF "
            f"{version} file",
            "make the file PDF/X-4 (PDF 1.6), or embed TrueType or bare CFF programs",
        )


def opentype_fonts(pdf: Any) -> set[str]:
    import pikepdf

    names = set()
    for item in pdf.objects:
        if isinstance(item, pikepdf.Dictionary) and item.get("/Type") == pikepdf.Name.Font:
            for descendant in item.get("/DescendantFonts") or [item]:
                program = (descendant.get("/FontDescriptor") or {}).get("/FontFile3")
                if program is not None and str(program.get("/Subtype")) == "/OpenType":
                    names.add(str(item.get("/BaseFont")))
    return names


@pdf_check(Edition.PRINT)
def output_condition(document: Pdf) -> Iterator[Finding]:
    """The output intent names a registered characterised printing condition (e.g. FOGRA39), not
    "Custom", so the printer knows what the CMYK values were made for."""
    intents = document.pdf.Root.get("/OutputIntents") or []
    if not intents:
        return  # output_intent reports it
    identifier = str(intents[0].get("/OutputConditionIdentifier", "")).strip()
    if not identifier or identifier.lower() == "custom":
        yield found(
            "output_condition",
            ERROR,
            f"the output condition is '{identifier or 'missing'}', not a registered condition",
            "set print_condition in the theme (FOGRA39 is bundled) with its ICC profile",
        )
    elif identifier not in CONDITIONS:
        yield found(
            "output_condition",
            WARNING,
            f"'{identifier}' is not a condition of the ICC registry this tool knows",
            f"known: {', '.join(CONDITIONS)}",
        )


@pdf_check(Edition.PRINT)
def registration_colour(document: Pdf) -> Iterator[Finding]:
    """Marks meant for every plate (crop marks) use the registration colour `/Separation /All`,
    never 400 % CMYK (1 1 1 1 K)."""

    pages = sorted(
        {
            op.page
            for op in operations(document)
            if op.name in ("k", "K") and all(float(v) >= 0.99 for v in op.operands)
        }
    )
    if pages:
        yield found(
            "registration_colour",
            ERROR,
            f"marks in 400 % CMYK (1 1 1 1 K) instead of the registration colour on "
            f"{len(pages)} page(s)",
            "draw crop marks in a /Separation /All colour space",
            page=pages[0],
        )


def small_text_colours(
    document: Pdf, limit: float
) -> Iterator[tuple[int, float, tuple[float, ...]]]:
    """(page, size in pt, inks) of every text run under `limit` points."""
    for op in operations(document):
        if op.name in SHOW_TEXT and op.text_matrix is not None:
            points = op.state.size * scale(op.text_matrix @ op.state.ctm)
            if 0 < points < limit:
                yield op.page, points, op.state.fill


@pdf_check(Edition.PRINT)
def small_text_inks(document: Pdf) -> Iterator[Finding]:
    """Small text (under the theme's `print_small_text`, 9 pt) prints in one ink: grey and black
    text in K alone, never a four-colour build that misregistration blurs.

    Coloured small text in several inks (a brand blue) is a warning: it is a design choice.
    """
    limit = float(getattr(document.tokens, "print_small_text", 9.0))
    per_page: dict[int, list[tuple[float, tuple[float, ...]]]] = {}
    for number, points, fill in small_text_colours(document, limit):
        if sum(1 for v in fill if v > 0.005) > 1:
            per_page.setdefault(number, []).append((points, fill))
    coloured: list[tuple[int, float, tuple[float, ...]]] = []
    for number, runs in sorted(per_page.items()):
        neutral = [(p, f) for p, f in runs if is_neutral_build(f)]
        coloured += [(number, p, f) for p, f in runs if not is_neutral_build(f)]
        if neutral:
            points, fill = min(neutral)
            yield found(
                "small_text_inks",
                ERROR,
                f"{len(neutral)} small text runs (from {points:.1f} pt) print grey or black built "
                f"of several inks, e.g. {ink_build(fill)}, up to "
                f"{max(sum(f) for _, f in neutral) * 100:.0f} % ink",
                "keep print_text_black = true in the theme (such text prints in K only)",
                page=number,
            )
    if coloured:
        number, points, fill = min(coloured, key=lambda run: run[1])
        pages = len({run[0] for run in coloured})
        yield found(
            "small_text_inks",
            WARNING,
            f"{len(coloured)} coloured small text runs on {pages} page(s) print in several inks "
            f"(e.g. {ink_build(fill)} at {points:.1f} pt)",
            "misregistration blurs small coloured text; a larger size or one ink is safer",
            page=number,
        )


def ink_build(fill: tuple[float, ...]) -> str:
    return " ".join(f"{ink}{round(v * 100)}" for ink, v in zip("CMYK", fill, strict=True))


def is_neutral_build(fill: tuple[float, ...]) -> bool:
    """A grey or black made of C, M and Y together (plus K): CMY within 30 points of each other
    after the usual grey balance (C about 10 points above M and Y)."""
    if len(fill) != 4:
        return False
    c, m, y, _ = fill
    return min(c, m, y) > 0.05 and max(c - 0.12, m, y) - min(c - 0.12, m, y) < 0.3
