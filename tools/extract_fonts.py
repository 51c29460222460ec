"""Copy the bundled fonts from Debian's font packages into assets/fonts/.

Run by a maintainer when the font set changes (not part of the build): the fonts are committed.
The CJK face is extracted from the Noto Sans CJK collection (Simplified Chinese) and subset to the
GB 2312 repertoire plus punctuation, which keeps the repository small while covering the common
simplified Chinese characters.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

NOTO = Path("/usr/share/fonts/truetype/noto")
INTER = Path("/usr/share/fonts/opentype/inter")
CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")

COPIES = [
    *(NOTO / f"NotoSerif-{s}.ttf" for s in ("Regular", "Italic", "Bold", "BoldItalic")),
    *(INTER / f"Inter-{s}.otf" for s in ("Light", "Regular", "Italic", "Medium", "SemiBold", "Bold")),
    *(NOTO / f"NotoNaskhArabic-{s}.ttf" for s in ("Regular", "Bold")),
    *(NOTO / f"NotoSansBengali-{s}.ttf" for s in ("Regular", "Bold")),
    *(NOTO / f"NotoSansThai-{s}.ttf" for s in ("Regular", "Bold")),
]


def gb2312_characters() -> str:
    chars = []
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


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
    subsetter.populate(text=gb2312_characters() + "京备号")
    subsetter.subset(simplified)
    simplified.save(str(target / "NotoSansSC-Regular.otf"))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("assets/fonts"))
