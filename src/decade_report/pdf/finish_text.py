"""Stage 6, every PDF edition: text that other engines extract as it was written.

WeasyPrint gives the text of a reordered cluster to one of its glyphs and maps the others to
nothing: in Bengali দে the vowel sign ে is drawn first, before দ, and its ToUnicode entry is empty
while দ's says "দে". Poppler then reads the word right, but PDFium (Chrome's viewer) puts the
glyph's code in place of the missing text ("বাংলা=দেশ"), and PDF/UA wants every glyph mapped.

The ToUnicode entry is also per glyph, not per use: the Burmese မ that carries "မြ" in မြန်
carries it again in မာ, where there is no ြ, and every engine reads "မြန်မြာ".

The fix: every text-showing operator that draws such a glyph (an empty one, or one carrying a
cluster) is wrapped in a marked-content span whose /ActualText is the string's text in logical
order, rebuilt use by use (`logical_text`): a cluster's text only where its reordered glyphs were
drawn, the glyph's own character elsewhere. The empty entry is given the glyph's own character
from the font's cmap, so each glyph maps to something and extraction follows the ActualText.
"""

from __future__ import annotations

import io
import re
import struct
from typing import Any

ENTRY = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")


def mappings(cmap: bytes) -> dict[int, str]:
    """The bfchar entries of a ToUnicode CMap (WeasyPrint writes no ranges)."""
    found = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for code, text in ENTRY.findall(block):
            found[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    return found


def own_characters(font: Any) -> dict[int, str]:
    """{glyph code: the character whose cmap entry gives it} in the embedded font program (a
    ligature or a contextual form has none)."""
    from fontTools.ttLib import TTFont

    descriptor = font.DescendantFonts[0].get("/FontDescriptor") or {}
    program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
    if program is None:
        return {}
    with TTFont(io.BytesIO(program.read_bytes()), lazy=True) as ttf:
        codes = {name: code for code, name in enumerate(ttf.getGlyphOrder())}
        cmap = ttf.getBestCmap() or {}
    own: dict[int, str] = {}
    for point, glyph in sorted(cmap.items()):
        own.setdefault(codes[glyph], chr(point))
    return own


def logical_text(codes: list[int], table: dict[int, str], own: dict[int, str]) -> str:
    """The text a string of glyph codes shows, in logical order. A glyph whose ToUnicode entry is
    empty was reordered before its base (ে, ြ): it waits, and the next glyph's entry says the
    cluster; a glyph carrying a cluster ("မြ") says it only after such a wait, else its own
    character ("မ")."""
    out: list[str] = []
    waiting: list[str] = []
    for code in codes:
        text = table.get(code, "")
        if not text:
            waiting.append(own.get(code, ""))
            continue
        mine = own.get(code, "")
        carries = mine and len(text) > len(mine) and text.startswith(mine)
        if waiting:  # the cluster's text, or else the base then what was drawn before it
            rest = text[len(mine) :] if carries else text
            waited = "".join(waiting)
            out.append(text if set(waited) <= set(rest) else text + waited)
            waiting = []
        else:
            out.append(mine if carries else text)
    return "".join(out + waiting)


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
                own = own_characters(font)
                carrying = {
                    code
                    for code, text in table.items()
                    if own.get(code) and len(text) > 1 and text.startswith(own[code])
                }
                broken[name] = (table, empty | carrying, own)
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


def string_codes(operands: Any, operator: str) -> tuple[int, ...]:
    """The two-byte glyph codes a Tj or TJ shows, in order."""
    import pikepdf

    items = operands[0] if operator == "TJ" else [operands[0]]
    data = b"".join(bytes(item) for item in items if isinstance(item, pikepdf.String))
    return struct.unpack(f">{len(data) // 2}H", data[: len(data) // 2 * 2])


def involved_strings(page: Any, broken: dict[str, Any]) -> bool:
    """Whether a string of the page draws one of its broken fonts' glyphs: read from the text
    operators alone (pikepdf leaves the others, the charts' paths among them, in C++)."""
    import pikepdf

    current = None
    for instruction in pikepdf.parse_content_stream(page, "Tf Tj TJ"):
        operands, operator = instruction.operands, instruction.operator
        name = str(operator)
        if name == "Tf":
            current = broken.get(str(operands[0]))
        elif current is not None and not current[1].isdisjoint(string_codes(operands, name)):
            return True
    return False


def wrap_strings(pdf: Any, page: Any, broken: dict[str, Any]) -> None:
    """Wrap the page's strings that draw a broken glyph; a page with none is left as it is
    (on the sample, 2 pages of 53 have one)."""
    import pikepdf

    if not involved_strings(page, broken):
        return
    out = []
    current = None
    for instruction in pikepdf.parse_content_stream(page):
        operands, operator = instruction.operands, instruction.operator
        name = str(operator)
        if name == "Tf":
            current = broken.get(str(operands[0]))
        if name in ("Tj", "TJ") and current is not None:
            table, involved, own = current
            codes = string_codes(operands, name)
            if not involved.isdisjoint(codes):
                text = logical_text(list(codes), table, own)
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
    own: dict[int, str] | None = None

    def entry(match: re.Match[bytes]) -> bytes:
        nonlocal own
        if match[2]:
            return match[0]
        own = own_characters(font) if own is None else own
        character = own.get(int(match[1], 16), "\ufffd")
        return b"<" + match[1] + b"> <" + character.encode("utf-16-be").hex().encode() + b">"

    cmap.write(ENTRY.sub(entry, data))
