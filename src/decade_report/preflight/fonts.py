"""Preflight of the embedded font programs, judged the way other PDF engines read them.

Poppler, which the rest of preflight uses, forgives a font whose codes name glyphs the embedded
program does not have (it falls back on the glyph id); Ghostscript and MuPDF draw a box or nothing.
These checks read the codes shown in the content streams and look each one up in the embedded
program itself (fontTools), as a CID-keyed CFF, a name-keyed CFF or a TrueType font, and read
every ToUnicode map for entries that give a glyph no text at all.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from decade_report.editions.edition import Edition
from decade_report.errors import Severity
from decade_report.preflight.document import Pdf
from decade_report.preflight.graphics import font_codes
from decade_report.preflight.registry import Finding, found, pdf_check

ERROR, WARNING = Severity.ERROR, Severity.WARNING


def embedded_glyphs(font: Any) -> tuple[str, frozenset[int]] | None:
    """How a Type0 font's codes are looked up ("cid" or "gid") and the codes its embedded program
    can draw; None when there is no program to read."""
    from fontTools.cffLib import CFFFontSet
    from fontTools.ttLib import TTFont

    descendant = font.DescendantFonts[0]
    descriptor = descendant.get("/FontDescriptor") or {}
    if "/FontFile2" in descriptor:
        with TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()), lazy=True) as program:
            return "gid", frozenset(range(program["maxp"].numGlyphs))
    if "/FontFile3" not in descriptor:
        return None
    stream = descriptor.FontFile3
    data = stream.read_bytes()
    if str(stream.get("/Subtype")) == "/OpenType":
        with TTFont(io.BytesIO(data), lazy=True) as program:
            if "CFF " not in program:
                return "gid", frozenset(range(program["maxp"].numGlyphs))
            cff = program["CFF "].cff
            return charset_glyphs(cff[cff.fontNames[0]])
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(data), None)
    return charset_glyphs(cff[cff.fontNames[0]])


def charset_glyphs(top: Any) -> tuple[str, frozenset[int]]:
    """A CID-keyed CFF is addressed by CID (its charset names them "cid01234"); a name-keyed one
    by glyph index."""
    if hasattr(top, "ROS"):
        cids = {0} | {int(name[3:]) for name in top.charset if name.startswith("cid")}
        return "cid", frozenset(cids)
    return "gid", frozenset(range(len(top.charset)))


def gid_map(font: Any) -> Any:
    """CID → glyph id of a CIDFontType2 (Identity unless a CIDToGIDMap stream says otherwise)."""
    import pikepdf

    mapping = font.DescendantFonts[0].get("/CIDToGIDMap")
    if isinstance(mapping, pikepdf.Stream):
        table = mapping.read_bytes()
        return lambda cid: int.from_bytes(table[2 * cid : 2 * cid + 2], "big")
    return lambda cid: cid


@pdf_check(Edition.PRINT, Edition.SCREEN)
def font_programs(document: Pdf) -> Iterator[Finding]:
    """Every glyph the text shows is in the embedded font program (fontTools reads it).

    A CID-keyed CFF font selects glyphs by CID through its charset; when the content stream gives
    glyph ids instead, Ghostscript and MuPDF draw boxes or nothing while poppler shows the text.
    """
    programs: dict[tuple[int, int], tuple[str, frozenset[int]] | None] = {}
    missing: dict[tuple[str, int], set[int]] = {}
    for (page, _), (font, codes) in font_codes(document).items():
        key = font.objgen
        if key not in programs:
            programs[key] = embedded_glyphs(font)
        program = programs[key]
        if program is None:
            continue
        kind, present = program
        to_gid = gid_map(font) if kind == "gid" else (lambda cid: cid)
        absent = {code for code in codes if to_gid(code) not in present}
        if absent:
            missing.setdefault((str(font.get("/BaseFont")), page), set()).update(absent)
    for (name, page), codes in sorted(missing.items(), key=lambda item: item[0][1]):
        shown = ", ".join(str(code) for code in sorted(codes)[:8])
        yield found(
            "font_programs",
            ERROR,
            f"font {name} shows codes its embedded program has no glyph for ({shown}); "
            "Ghostscript and MuPDF draw them as boxes or not at all",
            "embed the font as TrueType or name-keyed CFF (see tools/extract_fonts.py)",
            page=page,
        )


BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")


def empty_mappings(cmap: bytes) -> list[int]:
    """Codes a ToUnicode CMap maps to the empty string."""
    empty = []
    for block in BFCHAR.findall(cmap):
        empty += [int(code, 16) for code, text in PAIR.findall(block) if not text]
    for block in BFRANGE.findall(cmap):
        for low, _, target in RANGE.findall(block):
            if target == b"<>":
                empty.append(int(low, 16))
            elif target.startswith(b"["):
                texts = re.findall(rb"<([0-9A-Fa-f]*)>", target)
                empty += [int(low, 16) + i for i, text in enumerate(texts) if not text]
    return empty


@pdf_check(Edition.PRINT, Edition.SCREEN)
def tounicode_mappings(document: Pdf) -> Iterator[Finding]:
    """No ToUnicode entry maps a glyph to an empty string.

    A glyph with no text is skipped by search, copy and screen readers; PDF/UA (ISO 14289-1,
    7.21.7) asks every glyph to map to Unicode. A warning: WeasyPrint gives a reordered cluster's
    text (Bengali দে) to one of its glyphs, so the text comes out whole and in logical order;
    the full fix is /ActualText on the cluster.
    """
    import pikepdf

    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(document.pdf.pages, start=1):
        fonts = (page.get("/Resources") or pikepdf.Dictionary()).get("/Font") or {}
        for font in fonts.values():
            cmap = font.get("/ToUnicode")
            if font.objgen in seen or not isinstance(cmap, pikepdf.Stream):
                continue
            seen.add(font.objgen)
            empty = empty_mappings(cmap.read_bytes())
            if empty:
                yield found(
                    "tounicode_mappings",
                    WARNING,
                    f"font {font.get('/BaseFont')} maps glyph(s) "
                    f"{', '.join(f'{code:04X}' for code in empty[:8])} to no text (ToUnicode)",
                    "give the glyph its character; a reordered cluster needs /ActualText",
                    page=number,
                )
