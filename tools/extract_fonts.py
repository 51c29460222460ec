"""Copy the bundled fonts from Debian's font packages into assets/fonts/.

Run by a maintainer when the font set changes (not part of the build): the fonts are committed.
The CJK face is extracted from the Noto Sans CJK collection (Simplified Chinese) and subset to the
GB 2312 repertoire plus punctuation, which keeps the repository small while covering the common
simplified Chinese characters. A Japanese face (JIS X 0208) and a Korean one (KS X 1001 hangul)
are extracted the same way; faces.toml gives each its language, so that `lang="ja"` text takes
Japanese glyph forms.

The CJK face is then converted from CID-keyed CFF to TrueType outlines (`glyf`, quadratic curves
by cu2qu). Why: in a CID-keyed CFF the charset maps each glyph to a CID, and a PDF CIDFontType0
font selects glyphs by that CID. WeasyPrint (through harfbuzz) writes glyph ids into the content
stream and subsets the font keeping the original CIDs, so the codes in the PDF (e.g. 989 for 中)
name CIDs the embedded program does not have: Ghostscript draws boxes and MuPDF cannot load the
glyph, while poppler happens to fall back on the glyph id. A TrueType face is embedded as
CIDFontType2 with /CIDToGIDMap /Identity, where a code is a glyph id for every engine.
`python tools/extract_fonts.py --convert-cjk assets/fonts` redoes only that conversion on the
committed subset (no Debian font packages needed).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

NOTO = Path("/usr/share/fonts/truetype/noto")
INTER = Path("/usr/share/fonts/opentype/inter")
CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_NAME = "NotoSansSC-Regular"

COPIES = [
    *(NOTO / f"NotoSerif-{s}.ttf" for s in ("Regular", "Italic", "Bold", "BoldItalic")),
    *(
        INTER / f"Inter-{s}.otf"
        for s in ("Light", "Regular", "Italic", "Medium", "SemiBold", "Bold")
    ),
    *(NOTO / f"NotoNaskhArabic-{s}.ttf" for s in ("Regular", "Bold")),
    *(NOTO / f"NotoSansArabic-{s}.ttf" for s in ("Regular", "Bold")),
    *(NOTO / f"NotoSansBengali-{s}.ttf" for s in ("Regular", "Bold")),
    *(NOTO / f"NotoSansThai-{s}.ttf" for s in ("Regular", "Bold")),
]
MAX_ERROR = 1.0
"""Largest distance (font units of 1000 per em) between a cubic curve and its quadratic copy."""


def gb2312_characters() -> str:
    chars = []
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


def repertoire(codec: str, rows: range) -> str:
    """The characters of a two-byte EUC character set, rows `rows` (0xA1 …) of 94 cells each."""
    chars = []
    for high in rows:
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode(codec))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


LANGUAGE_FACES = [
    # (face of the collection, file name, characters): JIS X 0208 (kana and kanji in Japanese
    # forms) and KS X 1001 rows 1-40 (symbols, jamo and the 2,350 common hangul syllables)
    ("Noto Sans CJK JP", "NotoSansJP-Regular", lambda: repertoire("euc_jp", range(0xA1, 0xF5))),
    ("Noto Sans CJK KR", "NotoSansKR-Regular", lambda: repertoire("euc_kr", range(0xA1, 0xC9))),
]


def cff_to_truetype(font: TTFont) -> TTFont:
    """The same glyphs, metrics and layout tables, with quadratic `glyf` outlines instead of CFF
    (after fontTools' otf2ttf snippet)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    outlines = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        outlines[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = outlines
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    for name in order:  # left side bearings follow the new bounding boxes
        advance, _ = font["hmtx"][name]
        font["hmtx"][name] = (advance, getattr(outlines[name], "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
        "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
        "maxComponentElements",
    ):  # fmt: skip
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    maxp.numGlyphs = len(order)
    font["post"].formatType = 3.0  # no glyph names: "cid09544" says nothing and costs space
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    return font


def convert_cjk(target: Path) -> None:
    source = target / f"{CJK_NAME}.otf"
    font = cff_to_truetype(TTFont(str(source)))
    font.save(str(target / f"{CJK_NAME}.ttf"))
    source.unlink()


def main(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for source in COPIES:
        shutil.copyfile(source, target / source.name)
    collection = TTCollection(str(CJK))
    simplified = next(f for f in collection.fonts if "SC" in f["name"].getDebugName(1))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    ascii_ = "".join(map(chr, range(0x20, 0x7F)))
    # ASCII too: in a Chinese document (lang="zh") the shaper keeps a space or a digit between
    # Han characters in the Chinese face, which must draw it rather than .notdef
    subsetter.populate(text=gb2312_characters() + "京备号" + ascii_)
    subsetter.subset(simplified)
    simplified.save(str(target / f"{CJK_NAME}.otf"))
    convert_cjk(target)
    for family, name, characters in LANGUAGE_FACES:
        face = next(f for f in TTCollection(str(CJK)).fonts if f["name"].getDebugName(1) == family)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=characters() + ascii_)
        subsetter.subset(face)
        cff_to_truetype(face).save(str(target / f"{name}.ttf"))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--convert-cjk"]:
        convert_cjk(Path(sys.argv[2]) if len(sys.argv) > 2 else Path("assets/fonts"))
    else:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("assets/fonts"))
