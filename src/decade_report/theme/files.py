"""Binary files a project brings to the theme: font faces and the print edition's ICC profile.

They are read by C libraries deep inside the build (FreeType through matplotlib and Pango,
littlecms through Pillow), which report a damaged file with an exception that names no file of
the project, or not at all. So each is opened here, when the theme is loaded (also by
`decade-report check`), and a damaged one is refused where it is declared: a font at its entry
in `faces.toml`, a profile as the file it is. The default theme's own files are trusted.
"""

from __future__ import annotations

import io
import struct
import zlib
from functools import lru_cache
from pathlib import Path

FONT_HINT = "export the font again from its source, or download it again (a .ttf or .otf file)"
ICC_HINT = (
    "use a CMYK output profile from your printer (e.g. ISO Coated v2, PSO Uncoated), or remove "
    "the file to use the default"
)
FONT_TABLES = ("head", "hhea", "maxp", "cmap", "hmtx", "name", "post", "OS/2")
"""The tables a renderer reads before drawing a glyph; each is decoded to check it."""


def print_profile(condition: str) -> str:
    """The output profile of a printing condition (`print_condition`, e.g. FOGRA39), relative to
    an assets folder: the print edition uses the project's own when it brings one."""
    return f"icc/{condition}.icc"


def font_fault(path: Path) -> str | None:
    """Why a font file cannot be used (not a font, truncated, a table that does not decode),
    or None. Worked out once per version of the file (its size, time and inode) in a process:
    loading a theme again (a preview's every save, each preflight told no fonts) reads the
    same files."""
    try:
        status = path.stat()
    except OSError:
        return read_font_fault(path)  # says why, as reading it does
    return known_font_fault(path, (status.st_mtime_ns, status.st_size, status.st_ino))


@lru_cache(maxsize=512)
def known_font_fault(path: Path, version: tuple[int, int, int]) -> str | None:
    return read_font_fault(path)


def read_font_fault(path: Path) -> str | None:
    """fontTools reads the file the way FreeType will: its table directory, each table inside
    the file, and the tables every renderer needs."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        data = path.read_bytes()  # read here: TTFont leaves its file open when it fails
        size = len(data)
        with TTFont(io.BytesIO(data), lazy=True, fontNumber=0) as font:
            for tag, entry in getattr(font.reader, "tables", {}).items():
                end = getattr(entry, "offset", 0) + getattr(entry, "length", 0)
                if not font.reader.flavor and end > size:
                    return (
                        f"is truncated: its '{tag.strip()}' table ends at byte {end:,}, "
                        f"past the end of the file ({size:,} bytes)"
                    )
            missing = [tag for tag in ("head", "cmap", "maxp") if tag not in font]
            if missing or not ("glyf" in font or "CFF " in font or "CFF2" in font):
                absent = ", ".join(missing) or "glyf or CFF"
                return f"is not a usable font: it has no {absent} table"
            for tag in FONT_TABLES:
                if tag in font:
                    font[tag]
            if not font.getBestCmap():
                return "is not a usable font: it maps no characters to glyphs"
            outlines = "glyf" if "glyf" in font else ("CFF " if "CFF " in font else "CFF2")
            font[outlines]
    except TTLibError as error:
        return f"is not a font file ({error})"
    except (OSError, EOFError, AssertionError, struct.error, zlib.error) as error:
        return f"is damaged or truncated ({type(error).__name__}: {error})"
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
        # fontTools' table decoders fail on garbage with whatever the bytes lead to
        return f"is damaged: a table does not decode ({type(error).__name__}: {error})"
    return None


def icc_fault(path: Path) -> str | None:
    """Why an ICC profile cannot be the print edition's output profile, or None: littlecms must
    read it, it must describe CMYK (the output intent says four components) and a transform
    from sRGB to it must build."""
    from PIL import ImageCms

    try:
        profile = ImageCms.getOpenProfile(str(path))
    except (ImageCms.PyCMSError, OSError, ValueError) as error:
        return f"is not an ICC profile littlecms can read ({error})"
    space = profile.profile.xcolor_space.strip()
    if space != "CMYK":
        return f"describes {space or 'an unknown'} colour, not CMYK: the print edition is CMYK"
    try:
        ImageCms.buildTransform(
            ImageCms.createProfile("sRGB"),
            profile,
            "RGB",
            "CMYK",
            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
        )
    except (ImageCms.PyCMSError, OSError, ValueError) as error:
        return f"cannot convert colours to it ({error})"
    return None
