"""Stage 6, print edition: a CMYK PDF/X-4 file with bleed, crop marks and whole sheets.

WeasyPrint lays the print edition out with `@page { bleed: 3mm }`: MediaBox = BleedBox = the
trimmed page plus 3 mm, TrimBox = the trimmed page, backgrounds already run into the bleed. This
stage then makes what a print shop accepts (docs/printing.md):

- nothing interactive: link and other annotations, bookmarks, destinations and tags are removed;
- no transparency (PDF/X-4 would allow it, but RIPs flatten it differently): the theme uses none,
  and a template that does is refused with the page it is on;
- every colour converted to CMYK by littlecms (Pillow's ImageCms) with the bundled ICC profile —
  vector colours operator by operator (neutral greys to black ink only), RGB images pixel by
  pixel — and that profile embedded as the GTS_PDFX output intent of the theme's registered
  printing condition (`print_condition`, e.g. FOGRA39; pdfx.py);
- grey and near-black text in black ink only (print_ink.py, token `print_text_black`);
- crop marks in the registration colour (`/Separation /All`) outside the bleed;
- blank pages before the back cover so the page count is a multiple of `pad_to` (4: sheets).
"""

from __future__ import annotations

import io
import zlib
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from decade_report.errors import Location, Problem, ReportError
from decade_report.model.report import Report
from decade_report.pdf.finish import FinishedPdf, save, write_metadata
from decade_report.pdf.finish_bidi import reverse_right_to_left_ligatures
from decade_report.pdf.finish_text import actual_text
from decade_report.pdf.ink import TextInk
from decade_report.pdf.page_labels import label_pages, printed_folios
from decade_report.pdf.pdfx import (
    PDF_VERSION,
    add_output_intent,
    registration_space,
    use_registration,
    write_pdfx_metadata,
)
from decade_report.pdf.render import RenderedPdf

MM = 72 / 25.4
MARK_OFFSET = 2 * MM
"""Gap between the bleed edge and the start of a crop mark."""
MARK_LENGTH = 6 * MM
MARK_AREA = 3 * MM + MARK_OFFSET + MARK_LENGTH + 2 * MM
"""How far the MediaBox reaches beyond the trimmed page (bleed + marks + a margin)."""
FILL_PAINT = {"f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh"}
"""Operators that paint with the fill colour outside text."""
SHOW_TEXT = {"Tj", "TJ", "'", '"'}


class Converter:
    """sRGB → CMYK through the output profile; neutral greys become black ink only."""

    def __init__(self, profile: Path, text_black: bool = True) -> None:
        from PIL import ImageCms

        self.text_ink = TextInk(profile) if text_black else None
        self.transform = ImageCms.buildTransform(
            ImageCms.createProfile("sRGB"),
            ImageCms.getOpenProfile(str(profile)),
            "RGB",
            "CMYK",
            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
        )
        self.colour = cache(self._colour)

    def _colour(self, rgb: tuple[int, int, int]) -> tuple[Decimal, ...]:
        from PIL import Image

        if rgb[0] == rgb[1] == rgb[2]:
            return (Decimal(0), Decimal(0), Decimal(0), round(Decimal(255 - rgb[0]) / 255, 4))
        pixel = self.transform.apply(Image.new("RGB", (1, 1), rgb)).getpixel((0, 0))
        return tuple(round(Decimal(v) / 255, 4) for v in pixel)

    def operands(self, values: list[Any]) -> list[Decimal]:
        return list(self.colour(self.rgb(values)))

    @staticmethod
    def rgb(values: list[Any]) -> tuple[int, int, int]:
        r, g, b = (max(0, min(255, round(float(v) * 255))) for v in values)
        return r, g, b

    def text_colour(self, rgb: tuple[int, int, int]) -> tuple[Decimal, ...] | None:
        """The black-ink version of a text colour, when it differs from the plain conversion."""
        black = self.text_ink.black(rgb) if self.text_ink else None
        return black if black is not None and black != self.colour(rgb) else None

    def image(self, data: Any) -> bytes:
        return self.transform.apply(data.convert("RGB")).tobytes()


def finish_print(
    rendered: RenderedPdf,
    report: Report,
    date: str,
    profile: Path,
    pad_to: int,
    condition: str = "FOGRA39",
    text_black: bool = True,
) -> FinishedPdf:
    import hashlib

    import pikepdf

    body_start = rendered.anchors.get(f"chapter-{report.chapters[0].number}", 0)
    converter = Converter(profile, text_black)
    with pikepdf.open(io.BytesIO(rendered.pdf)) as pdf:
        remove_interactive(pdf)
        actual_text(pdf)
        reverse_right_to_left_ligatures(pdf)
        convert_colours(pdf, converter)
        blanks = padding(len(pdf.pages), pad_to)
        add_blank_pages(pdf, blanks)
        registration = registration_space(pdf)
        for page in pdf.pages:
            add_crop_marks(pdf, page, registration)
        label_pages(pdf, body_start, report.config.language, report.config.direction)
        write_metadata(pdf, report, date)
        document = hashlib.sha256(f"{report.config.slug}:{date}:print".encode()).hexdigest()
        write_pdfx_metadata(
            pdf,
            f"{document[:8]}-{document[8:12]}-{document[12:16]}-"
            f"{document[16:20]}-{document[20:32]}",
        )
        add_output_intent(pdf, profile, condition)
        data = save(pdf, version=PDF_VERSION)
        count = len(pdf.pages)
    folios = printed_folios(count, body_start, report.config.language, report.config.direction)
    return FinishedPdf(data, count, folios)


def padding(count: int, pad_to: int) -> int:
    return (-count) % pad_to if pad_to > 1 else 0


def remove_interactive(pdf: Any) -> None:
    for key in ("/Outlines", "/Names", "/Dests", "/StructTreeRoot", "/MarkInfo", "/OpenAction"):
        if key in pdf.Root:
            del pdf.Root[key]
    for page in pdf.pages:
        for key in ("/Annots", "/StructParents", "/Group"):
            if key in page.obj:
                del page.obj[key]


def forms_and_images(resources: Any, seen: set[tuple[int, int]]) -> list[Any]:
    """Every XObject reachable from `resources` once (forms nest)."""
    found = []
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.objgen in seen:
            continue
        seen.add(xobject.objgen)
        found.append(xobject)
        if "/Resources" in xobject:
            found += forms_and_images(xobject.Resources, seen)
    return found


def convert_colours(pdf: Any, converter: Converter) -> None:
    """Every content stream to CMYK; refuses transparency, naming the pages that use it."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    transparent = []
    for number, page in enumerate(pdf.pages, start=1):
        data, uses = convert_stream(page, page.Resources, converter)
        page.obj.Contents = pdf.make_stream(data)
        for xobject in forms_and_images(page.Resources, seen):
            if xobject.get("/Subtype") == pikepdf.Name.Form:
                data, used = convert_stream(
                    xobject, xobject.get("/Resources") or pikepdf.Dictionary(), converter
                )
                xobject.write(data)
                uses = uses or used
                if "/Group" in xobject:
                    del xobject["/Group"]
            elif xobject.get("/Subtype") == pikepdf.Name.Image:
                convert_image(xobject, converter)
        if uses:
            transparent.append(number)
    if transparent:
        raise ReportError(
            [
                Problem(
                    Location(f"print edition, page {number}"),
                    "uses transparency (opacity, rgba colours or an image with an alpha "
                    "channel), which the print edition keeps out (RIPs flatten it differently)",
                    "use opaque colours (the `mix` filter in templates) and images without alpha",
                )
                for number in transparent[:10]
            ]
        )


def is_transparent(state: Any) -> bool:
    import pikepdf

    return (
        float(state.get("/ca", 1)) < 1
        or float(state.get("/CA", 1)) < 1
        or state.get("/SMask", pikepdf.Name.None_) != pikepdf.Name.None_
        or state.get("/BM", pikepdf.Name.Normal)
        not in (pikepdf.Name.Normal, pikepdf.Name.Compatible)
    )


def convert_stream(holder: Any, resources: Any, converter: Converter) -> tuple[bytes, bool]:
    """Rewrite the colour operators of one content stream from RGB/grey to CMYK; also tells
    whether the stream paints with transparency (a soft graphics state or a masked image)."""
    import pikepdf

    states = resources.get("/ExtGState") or pikepdf.Dictionary()
    xobjects = resources.get("/XObject") or pikepdf.Dictionary()
    spaces = {"fill": "/DeviceGray", "stroke": "/DeviceGray"}
    transparent = False
    # The fill colour as given (sRGB), and whether its black-ink text version is the one in force
    # now; both are graphics state, saved by q and restored by Q.
    fill: tuple[int, int, int] | None = None
    as_text = False
    saved: list[tuple[tuple[int, int, int] | None, bool]] = []
    out = []
    for instruction in pikepdf.parse_content_stream(holder):
        operands, operator = instruction.operands, instruction.operator
        name = str(operator)
        if name == "q":
            saved.append((fill, as_text))
        elif name == "Q" and saved:
            fill, as_text = saved.pop()
        elif name in SHOW_TEXT and fill is not None and not as_text:
            black = converter.text_colour(fill)
            if black is not None:
                out.append((list(black), pikepdf.Operator("k")))
                as_text = True
        elif name in FILL_PAINT and as_text and fill is not None:
            out.append((list(converter.colour(fill)), pikepdf.Operator("k")))
            as_text = False
        if name in ("rg", "RG"):
            if name == "rg":
                fill, as_text = converter.rgb(operands), False
            operands = converter.operands(operands)
            operator = pikepdf.Operator("k" if name == "rg" else "K")
        elif name in ("g", "G"):
            if name == "g":
                fill, as_text = converter.rgb([operands[0]] * 3), False
            operands = converter.operands([operands[0]] * 3)
            operator = pikepdf.Operator("k" if name == "g" else "K")
        elif name in ("k", "cs"):
            fill, as_text = None, False
        if name in ("cs", "CS"):
            space = str(operands[0])
            spaces["fill" if name == "cs" else "stroke"] = space
            if space in ("/DeviceRGB", "/DeviceGray"):
                operands = [pikepdf.Name.DeviceCMYK]
        elif name in ("sc", "scn", "SC", "SCN"):
            space = spaces["fill" if name in ("sc", "scn") else "stroke"]
            values = [operands[0]] * 3 if space == "/DeviceGray" else list(operands)
            if space in ("/DeviceRGB", "/DeviceGray") and len(values) == 3:
                if name in ("sc", "scn"):
                    fill, as_text = converter.rgb(values), False
                operands = converter.operands(values)
        elif name == "gs" and str(operands[0]) in states:
            transparent = transparent or is_transparent(states[str(operands[0])])
        elif name == "Do" and str(operands[0]) in xobjects:
            transparent = transparent or "/SMask" in xobjects[str(operands[0])]
        elif name in ("sh", "BI", "INLINE IMAGE"):
            raise ReportError.at(
                "print edition",
                "a gradient or an inline image cannot be converted to CMYK",
                hint="use flat colours in the theme for the print edition",
            )
        out.append((operands, operator))
    return pikepdf.unparse_content_stream(out), transparent


def convert_image(image: Any, converter: Converter) -> None:
    import pikepdf

    space = image.get("/ColorSpace")
    rgb = space == pikepdf.Name.DeviceRGB or (
        isinstance(space, pikepdf.Array)
        and space[0] == pikepdf.Name.ICCBased
        and int(space[1].get("/N", 0)) == 3
    )
    if not rgb:
        return
    picture = pikepdf.PdfImage(image).as_pil_image()
    image.write(zlib.compress(converter.image(picture)), filter=pikepdf.Name.FlateDecode)
    image.ColorSpace = pikepdf.Name.DeviceCMYK
    image.BitsPerComponent = 8
    for key in ("/DecodeParms", "/Decode"):
        if key in image:
            del image[key]


def add_blank_pages(pdf: Any, count: int) -> None:
    """Blank pages before the back cover, with the same page boxes."""
    import pikepdf

    model = pdf.pages[-2] if len(pdf.pages) > 1 else pdf.pages[-1]
    for _ in range(count):
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=model.MediaBox,
            TrimBox=model.TrimBox,
            BleedBox=model.BleedBox,
            Resources=pikepdf.Dictionary(),
        )  # no /Contents: the crop marks are its only content
        pdf.pages.insert(len(pdf.pages) - 1, pikepdf.Page(pdf.make_indirect(page)))


def add_crop_marks(pdf: Any, page: Any, registration: Any) -> None:
    """Grow the MediaBox around the bleed and draw the eight crop marks there, in the
    registration colour (they must print on every plate, and are not 400 % CMYK ink)."""
    import pikepdf

    x0, y0, x1, y1 = (float(v) for v in page.TrimBox)
    bleed = [float(v) for v in page.BleedBox]
    page.MediaBox = pikepdf.Array(
        [
            round(Decimal(v), 4)
            for v in (x0 - MARK_AREA, y0 - MARK_AREA, x1 + MARK_AREA, y1 + MARK_AREA)
        ]
    )
    if "/CropBox" in page.obj:
        del page.obj["/CropBox"]
    near_left, near_bottom = bleed[0] - MARK_OFFSET, bleed[1] - MARK_OFFSET
    near_right, near_top = bleed[2] + MARK_OFFSET, bleed[3] + MARK_OFFSET
    lines = []
    for x, outward in ((x0, near_left), (x1, near_right)):
        for y, start in ((y0, near_bottom), (y1, near_top)):
            end = start - MARK_LENGTH if start < y else start + MARK_LENGTH
            lines.append(f"{x:.3f} {start:.3f} m {x:.3f} {end:.3f} l S")
            tip = outward - MARK_LENGTH if outward < x else outward + MARK_LENGTH
            lines.append(f"{outward:.3f} {y:.3f} m {tip:.3f} {y:.3f} l S")
    colour = use_registration(page, registration).decode()
    marks = f"q 0.25 w 0 J [] 0 d {colour}\n" + "\n".join(lines) + "\nQ\n"
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(b"\nQ\n" + marks.encode()), prepend=False)
