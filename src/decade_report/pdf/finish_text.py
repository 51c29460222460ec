"""Stage 6, every PDF edition: text that other engines extract as it was written.

WeasyPrint gives the text of a reordered cluster to one of its glyphs and maps the others to
nothing: in Bengali দে the vowel sign ে is drawn first, before দ, and its ToUnicode entry is empty
while দ's says "দে". Poppler then reads the word right, but PDFium (Chrome's viewer) puts the
glyph's code in place of the missing text ("বাংলা=দেশ"), and PDF/UA wants every glyph mapped.

The fix: every text-showing operator that draws such a glyph is wrapped in a marked-content span
whose /ActualText is the string's text in logical order (what the cluster glyph already carried),
and the empty entry is given the glyph's own character from the font's cmap, so each glyph maps
to something and extraction follows the ActualText.
"""

from __future__ import annotations

import io
import re
from typing import Any

ENTRY = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")


def mappings(cmap: bytes) -> dict[int, str]:
    """The bfchar entries of a ToUnicode CMap (WeasyPrint writes no ranges)."""
    found = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for code, text in ENTRY.findall(block):
            found[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    return found


def own_character(font: Any, code: int) -> str:
    """The character whose cmap entry gives glyph `code` in the embedded TrueType program."""
    from fontTools.ttLib import TTFont

    descriptor = font.DescendantFonts[0].get("/FontDescriptor") or {}
    program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
    if program is None:
        return "\ufffd"
    with TTFont(io.BytesIO(program.read_bytes()), lazy=True) as ttf:
        order = ttf.getGlyphOrder()
        name = order[code] if code < len(order) else None
        reverse = {glyph: chr(point) for point, glyph in (ttf.getBestCmap() or {}).items()}
    return reverse.get(name, "\ufffd")


def actual_text(pdf: Any) -> None:
    """Wrap the strings that draw empty-mapped glyphs in /ActualText spans; map those glyphs."""
    import pikepdf

    for page in pdf.pages:
        fonts = (page.get("/Resources") or pikepdf.Dictionary()).get("/Font") or {}
        broken = {}
        for name, font in fonts.items():
            cmap = font.get("/ToUnicode")
            if not isinstance(cmap, pikepdf.Stream):
                continue
            table = mappings(cmap.read_bytes())
            empty = {code for code, text in table.items() if not text}
            if empty:
                broken[name] = (font, table, empty)
        if broken:
            wrap_strings(pdf, page, broken)
    fixed: set[tuple[int, int]] = set()
    for page in pdf.pages:
        fonts = (page.get("/Resources") or pikepdf.Dictionary()).get("/Font") or {}
        for font in fonts.values():
            cmap = font.get("/ToUnicode")
            if isinstance(cmap, pikepdf.Stream) and font.objgen not in fixed:
                fixed.add(font.objgen)
                fill_empty(font, cmap)


def wrap_strings(pdf: Any, page: Any, broken: dict[str, Any]) -> None:
    import pikepdf

    out = []
    current = None
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name == "Tf":
            current = broken.get(str(operands[0]))
        if name in ("Tj", "TJ") and current is not None:
            _, table, empty = current
            items = operands[0] if name == "TJ" else [operands[0]]
            data = b"".join(bytes(i) for i in items if isinstance(i, pikepdf.String))
            codes = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
            if empty & set(codes):
                text = "".join(table.get(code, "") for code in codes)
                span = pikepdf.Dictionary(ActualText=pikepdf.String(text))
                out.append(([pikepdf.Name.Span, span], pikepdf.Operator("BDC")))
                out.append((operands, operator))
                out.append(([], pikepdf.Operator("EMC")))
                continue
        out.append((operands, operator))
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))


def fill_empty(font: Any, cmap: Any) -> None:
    """Give every empty ToUnicode entry the glyph's own character."""
    data = cmap.read_bytes()

    def entry(match: re.Match[bytes]) -> bytes:
        if match[2]:
            return match[0]
        character = own_character(font, int(match[1], 16))
        return b"<" + match[1] + b"> <" + character.encode("utf-16-be").hex().encode() + b">"

    cmap.write(ENTRY.sub(entry, data))
