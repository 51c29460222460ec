"""Hostile changes to a copy of the sample, shared by the tests of each check and by the test
that `decade-report check` and the build report them alike (issue 11, items 5 and 7).

Each maker changes the project and returns the problem `check` must print, as
`(where, message start)` with `where` as `path:line:col` (or `path` when a binary file has no
line).
"""

from __future__ import annotations

import shutil
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

from decade_report.theme import default_theme_root

FONTS = default_theme_root() / "assets" / "fonts"
ICC = default_theme_root() / "assets" / "icc" / "default_cmyk.icc"

Expected = tuple[str, str]


def declare_font(project: Path, data: bytes) -> None:
    fonts = project / "assets" / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    (fonts / "Brand.otf").write_bytes(data)
    (fonts / "faces.toml").write_text(
        '# the brand face\n[[face]]\nfamily = "Brand Sans"\nfile = "Brand.otf"\n', "utf-8"
    )


def font_of_random_bytes(project: Path) -> Expected:
    declare_font(project, bytes(range(256)) * 12)
    return "assets/fonts/faces.toml:4:1", "font file 'Brand.otf' is not a font file"


def truncated_font(project: Path) -> Expected:
    declare_font(project, (FONTS / "NotoSerif-Regular.ttf").read_bytes()[:300_000])
    return "assets/fonts/faces.toml:4:1", "font file 'Brand.otf' is truncated: its 'glyf' table"


def place_icc(project: Path, data: bytes) -> None:
    folder = project / "assets" / "icc"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "default_cmyk.icc").write_bytes(data)


def icc_of_random_bytes(project: Path) -> Expected:
    place_icc(project, bytes(range(256)) * 8)
    return "assets/icc/default_cmyk.icc", "'default_cmyk.icc' is not an ICC profile"


def truncated_icc(project: Path) -> Expected:
    place_icc(project, ICC.read_bytes()[:3000])
    return "assets/icc/default_cmyk.icc", "'default_cmyk.icc' cannot convert colours to it"


def rgb_icc(project: Path) -> Expected:
    from PIL import ImageCms

    place_icc(project, ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    return "assets/icc/default_cmyk.icc", "'default_cmyk.icc' describes RGB colour, not CMYK"


def png_header(width: int, height: int) -> bytes:
    """A PNG that states its size and holds one row of pixels: Pillow reads the size without
    decoding, as a decompression bomb would let it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" + b"\0" * 3 * min(width, 16))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


MAKERS: dict[str, Callable[[Path], Expected]] = {
    "font of random bytes": font_of_random_bytes,
    "truncated font": truncated_font,
    "ICC profile of random bytes": icc_of_random_bytes,
    "truncated ICC profile": truncated_icc,
    "RGB ICC profile": rgb_icc,
}


def copy_of(sample: Path, target: Path) -> Path:
    shutil.copytree(sample, target, ignore=shutil.ignore_patterns(".cache", "build"))
    return target
