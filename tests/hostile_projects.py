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

from decade_report.theme.tokens import default_theme_root

FONTS = default_theme_root() / "assets" / "fonts"
ICC = default_theme_root() / "assets" / "icc" / "FOGRA39.icc"

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
    (folder / "FOGRA39.icc").write_bytes(data)


def icc_of_random_bytes(project: Path) -> Expected:
    place_icc(project, bytes(range(256)) * 8)
    return "assets/icc/FOGRA39.icc", "'FOGRA39.icc' is not an ICC profile"


def truncated_icc(project: Path) -> Expected:
    place_icc(project, ICC.read_bytes()[:3000])
    return "assets/icc/FOGRA39.icc", "'FOGRA39.icc' cannot convert colours to it"


def rgb_icc(project: Path) -> Expected:
    from PIL import ImageCms

    place_icc(project, ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    return "assets/icc/FOGRA39.icc", "'FOGRA39.icc' describes RGB colour, not CMYK"


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


def append_to_chapter(project: Path, text: str) -> int:
    """Add `text` (one line) at the end of the last chapter; returns its line number."""
    path = project / "chapters" / "08-outlook.md"
    lines = path.read_text("utf-8").splitlines()
    path.write_text("\n".join([*lines, "", text]) + "\n", "utf-8")
    return len(lines) + 2


def project_css(project: Path, css: str) -> int:
    """A project stylesheet override: the theme's report.css, then `css` on its own line."""
    (project / "templates").mkdir(exist_ok=True)
    theme = (default_theme_root() / "templates" / "report.css").read_text("utf-8")
    (project / "templates" / "report.css").write_text(f"{theme}\n{css}", "utf-8")
    return theme.count("\n") + 2


def css_escaped_url(project: Path) -> Expected:
    line = project_css(project, ".cover { background: url(http\\3a //127.0.0.1:9/x.png) }\n")
    return (
        f"templates/report.css:{line}:26",
        "url() refers to 'http://127.0.0.1:9/x.png', on the network",
    )


def css_escaped_function(project: Path) -> Expected:
    line = project_css(project, ".cover { background: u\\72l(http://127.0.0.1:9/y.png) }\n")
    return (
        f"templates/report.css:{line}:26",
        "url() refers to 'http://127.0.0.1:9/y.png', on the network",
    )


def svg_stylesheet_with_spaces(project: Path) -> Expected:
    (project / "assets").mkdir(exist_ok=True)
    (project / "assets" / "map.svg").write_text(
        '<?xml version="1.0"?>\n<?xml-stylesheet type="text/css" href = "http://127.0.0.1:9/s.css"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>\n',
        "utf-8",
    )
    line = append_to_chapter(project, "![Map](assets/map.svg)")
    assert line
    return "assets/map.svg:2:1", "SVG <?xml-stylesheet?> refers to 'http://127.0.0.1:9/s.css'"


def svg_named_png(project: Path) -> Expected:
    (project / "assets").mkdir(exist_ok=True)
    (project / "assets" / "chart.png").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="http://127.0.0.1:9/i.png"/></svg>',
        "utf-8",
    )
    line = append_to_chapter(project, "A chart: ![Chart](assets/chart.png)")
    return (
        f"chapters/08-outlook.md:{line}:19",
        "Markdown image 'assets/chart.png' is named .png but holds SVG content",
    )


def huge_markdown_image(project: Path) -> Expected:
    (project / "assets").mkdir(exist_ok=True)
    (project / "assets" / "photo.png").write_bytes(png_header(12_000, 12_000))
    line = append_to_chapter(project, "![Photo](assets/photo.png)")
    return (
        f"chapters/08-outlook.md:{line}:10",
        "Markdown image 'assets/photo.png' is 12000 × 12000 pixels (144 megapixels), over the "
        "limit of 40 megapixels",
    )


def font_face_missing_file(project: Path) -> Expected:
    line = project_css(
        project, '@font-face { font-family: "Brand"; src: url(assets/brand.woff2) }\n'
    )
    return (
        f"templates/report.css:{line}:45",
        "@font-face url() refers to 'assets/brand.woff2', which does not exist",
    )


def font_face_not_a_font(project: Path) -> Expected:
    (project / "assets").mkdir(exist_ok=True)
    (project / "assets" / "brand.woff").write_text("<html>not found</html>", "utf-8")
    line = project_css(
        project, '@font-face { font-family: "Brand"; src: url("assets/brand.woff") }\n'
    )
    return (
        f"templates/report.css:{line}:46",
        "@font-face url() refers to 'assets/brand.woff', which is not a font file",
    )


def font_face_without_file(project: Path) -> Expected:
    line = project_css(project, '@font-face { font-family: "Brand"; src: local("Brand Sans") }\n')
    return f"templates/report.css:{line}:1", "@font-face names no font file"


def long_number(project: Path) -> Expected:
    path = project / "data" / "metrics.csv"
    text = path.read_text("utf-8")
    path.write_text(
        text.replace("\n2009,20,0,0,2,", "\n2009,20,0,0," + "9" * 400 + ",", 1), "utf-8"
    )
    return "data/metrics.csv:3:5", "metrics.projects_active is a number of 400 digits"


MAKERS: dict[str, Callable[[Path], Expected]] = {
    "CSS-escaped url()": css_escaped_url,
    "CSS-escaped function name": css_escaped_function,
    "<?xml-stylesheet href = …?>": svg_stylesheet_with_spaces,
    "SVG named .png": svg_named_png,
    "144-megapixel Markdown image": huge_markdown_image,
    "@font-face to a missing file": font_face_missing_file,
    "@font-face to a non-font": font_face_not_a_font,
    "@font-face without a file": font_face_without_file,
    "400-digit number": long_number,
    "font of random bytes": font_of_random_bytes,
    "truncated font": truncated_font,
    "ICC profile of random bytes": icc_of_random_bytes,
    "truncated ICC profile": truncated_icc,
    "RGB ICC profile": rgb_icc,
}


def copy_of(sample: Path, target: Path) -> Path:
    shutil.copytree(sample, target, ignore=shutil.ignore_patterns(".cache", "build"))
    return target


# --- problems of the content, found by the content checks after composition ----------------


def link_to_nowhere(project: Path) -> Expected:
    line = append_to_chapter(project, "See [the missing section](#no-such-section).")
    return (
        f"chapters/08-outlook.md:{line}:27",
        "link to '#no-such-section': nothing in the report has this id",
    )


def contradicted_number(project: Path) -> Expected:
    line = append_to_chapter(project, "The family of 99 member states grew.")
    return f"chapters/08-outlook.md:{line}:15", "the text says 'family of 99 member states'"


CONTENT_MAKERS: dict[str, Callable[[Path], Expected]] = {
    "link to a missing id": link_to_nowhere,
    "number the data contradicts": contradicted_number,
}
"""Projects that load and validate, whose content checks find an error after composition."""
