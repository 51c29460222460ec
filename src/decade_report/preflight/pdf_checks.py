"""Stage 7: preflight — prove every output is fit for the print shop and for readers.

Each check below is one function marked with `@pdf_check(editions…)`; it reads a finished PDF
(through `Pdf`, which opens it once) and yields findings with a severity, the page and what to
do. `decade-report preflight FILE.pdf` runs them on any PDF (`preflight.run.preflight_pdf`, with
the checks of the other modules listed there); every build runs them on what it produced,
together with the content checks of `preflight.content`, before publishing.
"""

from __future__ import annotations

import io
import math
import re
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from decade_report.errors import Severity
from decade_report.preflight.registry import Finding, found, pdf_check
from decade_report.theme.tokens import default_theme_root, faces_coverage, load_faces

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
BLEED_PT = 3 / 25.4 * 72
MIN_PPI = {"print": 300, "screen": 150}
HAIRLINE_PT = 0.25
MAX_INK = 320
MAX_SIZE_MB = {"print": 200, "screen": 25}


@dataclass
class Pdf:
    """A finished PDF, opened once for every check; poppler's listings computed on demand."""

    data: bytes
    edition: str
    phrases: tuple[str, ...] = ()
    """Words the text layer must contain (e.g. the opening of the message), when known."""
    fonts: tuple[Path, ...] = ()
    """The font files the document may use (the theme's faces); default: the default theme's."""
    tokens: Any = None
    """The build's theme tokens (theme.Tokens), when known; checks fall back on the defaults."""
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    """What several checks read alike (the page layout), computed once."""
    _file: Any = field(default=None, repr=False)

    @cached_property
    def pdf(self) -> Any:
        import pikepdf

        return pikepdf.open(io.BytesIO(self.data))

    @cached_property
    def path(self) -> Path:
        self._file = tempfile.NamedTemporaryFile(suffix=".pdf")  # noqa: SIM115 (closed in close())
        self._file.write(self.data)
        self._file.flush()
        return Path(self._file.name)

    def run(self, *command: str, after: tuple[str, ...] = ()) -> str:
        """Output of a poppler tool run on the file (`after`: arguments after the file name)."""
        return subprocess.run(
            [*command, str(self.path), *after], capture_output=True, text=True, check=True
        ).stdout

    def close(self) -> None:
        if "pdf" in self.__dict__:
            self.pdf.close()
        if self._file is not None:
            self._file.close()


def guess_edition(data: bytes) -> str:
    """print when the PDF has a PDF/X output intent, screen otherwise."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return "print" if "/OutputIntents" in pdf.Root else "screen"


# --- fonts and glyphs ------------------------------------------------------------------------


@pdf_check("print", "screen")
def fonts_embedded(document: Pdf) -> Iterator[Finding]:
    """Every font is embedded and subset (pdffonts).

    A font that is not embedded is replaced by whatever the printer or the reader's computer has.
    """
    for line in document.run("pdffonts").splitlines()[2:]:
        fields = line.split()
        name, embedded, subset = fields[0], fields[-5], fields[-4]
        if embedded != "yes":
            yield found(
                "fonts_embedded",
                ERROR,
                f"font {name} is not embedded",
                "use only fonts from assets/fonts (the theme embeds them)",
            )
        elif subset != "yes":
            yield found("fonts_embedded", WARNING, f"font {name} is embedded whole, not subset", "")


def font_runs(document: Pdf) -> Iterator[tuple[int, Any, bytes]]:
    """(page, font dictionary, string) for every string shown with a Type0 font."""
    import pikepdf

    for number, holder, resources in content_holders(document.pdf):
        fonts = resources.get("/Font") or pikepdf.Dictionary()
        current = None
        for operands, operator in pikepdf.parse_content_stream(holder):
            name = str(operator)
            if name == "Tf":
                current = fonts.get(str(operands[0]))
            elif name in ("Tj", "'", '"', "TJ") and current is not None:
                if current.get("/Subtype") != pikepdf.Name.Type0:
                    continue
                items = operands[-1] if name == "TJ" else [operands[-1]]
                for item in items:
                    if isinstance(item, pikepdf.String):
                        yield number, current, bytes(item)


@pdf_check("print", "screen")
def missing_glyphs(document: Pdf) -> Iterator[Finding]:
    """No "tofu": every character of the text layer is in a bundled font, and no text is drawn
    with glyph 0 (.notdef).

    The content check of the same name finds such characters in the sources before rendering.
    """
    covered = faces_coverage(document.fonts or default_fonts())
    pages = document.run("pdftotext", "-enc", "UTF-8", after=("-",)).split("\f")
    for number, text in enumerate(pages, start=1):
        missing = sorted({c for c in text if not c.isspace() and ord(c) not in covered})
        if missing:
            shown = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in missing[:5])
            yield found(
                "missing_glyphs",
                ERROR,
                f"characters no bundled font has: {shown}",
                "they print as empty boxes; see the content check missing_glyphs for where",
                page=number,
            )
    reported = set()
    for page, font, data in font_runs(document):
        glyphs = [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
        if 0 in glyphs and page not in reported:
            reported.add(page)
            yield found(
                "missing_glyphs",
                ERROR,
                f"text drawn with glyph 0 (.notdef) of font {font.get('/BaseFont')}",
                "a character is in no bundled font: see the content check missing_glyphs",
                page=page,
            )


def default_fonts() -> tuple[Path, ...]:
    root = default_theme_root()
    return tuple(path for path, _ in load_faces(root / "assets", root))


# --- images ----------------------------------------------------------------------------------


@pdf_check("print", "screen")
def image_resolution(document: Pdf) -> Iterator[Finding]:
    """Images have enough pixels for the size they are printed at: 300 ppi in print, 150 on screen.

    Measured by poppler's `pdfimages -list` from the image's placement on the page.
    """
    least = MIN_PPI[document.edition]
    for line in document.run("pdfimages", "-list").splitlines()[2:]:
        fields = line.split()
        if fields[2] != "image":
            continue
        ppi = min(int(fields[12]), int(fields[13]))
        if ppi < least:
            yield found(
                "image_resolution",
                ERROR if document.edition == "print" else WARNING,
                f"an image of {fields[3]}×{fields[4]} pixels is shown at {ppi} ppi; "
                f"{least} ppi are needed",
                "use a larger image, show it smaller, or use SVG",
                page=int(fields[0]),
            )


# --- print: boxes, colours, ink, lines -------------------------------------------------------


@pdf_check("print")
def page_boxes(document: Pdf) -> Iterator[Finding]:
    """Every page has a TrimBox (the finished size) and a BleedBox 3 mm larger on every side."""
    for number, page in enumerate(document.pdf.pages, start=1):
        if "/TrimBox" not in page.obj:
            yield found(
                "page_boxes",
                ERROR,
                "no TrimBox: the print shop cannot tell the finished page size",
                "build the print edition with decade-report (it sets bleed: 3mm)",
                page=number,
            )
            continue
        if "/BleedBox" not in page.obj:
            yield found("page_boxes", ERROR, "no BleedBox", "3 mm bleed is needed", page=number)
            continue
        trim = [float(v) for v in page.TrimBox]
        bleed = [float(v) for v in page.BleedBox]
        margins = [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]]
        if min(margins) < BLEED_PT - 0.1:
            yield found(
                "page_boxes",
                ERROR,
                f"bleed is {min(margins) / 72 * 25.4:.1f} mm; 3 mm is needed on every side",
                "set @page { bleed: 3mm } (the default theme does)",
                page=number,
            )


@pdf_check("print")
def page_count(document: Pdf) -> Iterator[Finding]:
    """The page count is a multiple of 4: whole sheets folded once."""
    count = len(document.pdf.pages)
    if count % 4:
        yield found(
            "page_count",
            ERROR,
            f"{count} pages is not a multiple of 4; the printer would add {-count % 4} blank",
            "keep print.pad_to = 4 in report.toml (blank pages go before the back cover)",
        )


@pdf_check("print")
def colour_spaces(document: Pdf) -> Iterator[Finding]:
    """Only CMYK (and grey) colour: no RGB colour operators, colour spaces or images."""
    import pikepdf

    rgb_operators = {"rg", "RG"}
    for number, holder, resources in content_holders(document.pdf):
        spaces = {str(v) for v in (resources.get("/ColorSpace") or {}).values()}
        operators = {str(op) for _, op in pikepdf.parse_content_stream(holder)}
        images = [
            x
            for x in (resources.get("/XObject") or {}).values()
            if x.get("/Subtype") == pikepdf.Name.Image
        ]
        rgb_images = [
            x
            for x in images
            if x.get("/ColorSpace") == pikepdf.Name.DeviceRGB
            or ("ICCBased" in str(x.get("/ColorSpace")) and int(x.ColorSpace[1].get("/N", 0)) == 3)
        ]
        if operators & rgb_operators or any("RGB" in s for s in spaces) or rgb_images:
            yield found(
                "colour_spaces",
                ERROR,
                "RGB colour on the page" + (" (an RGB image)" if rgb_images else ""),
                "the print edition must be converted to CMYK (decade-report does it)",
                page=number,
            )


@pdf_check("print")
def output_intent(document: Pdf) -> Iterator[Finding]:
    """A PDF/X output intent with an embedded CMYK ICC profile says what the CMYK values mean."""
    intents = document.pdf.Root.get("/OutputIntents")
    if not intents:
        yield found(
            "output_intent", ERROR, "no output intent", "a PDF/X file needs a CMYK output intent"
        )
        return
    profile = intents[0].get("/DestOutputProfile")
    if profile is None or profile.read_bytes()[16:20] != b"CMYK":
        yield found(
            "output_intent",
            ERROR,
            "the output intent has no CMYK ICC profile",
            "embed the printing condition's profile",
        )


@pdf_check("print")
def no_annotations(document: Pdf) -> Iterator[Finding]:
    """No links, form fields or other annotations, and no bookmarks, in the print file."""
    if "/Outlines" in document.pdf.Root:
        yield found("no_annotations", WARNING, "bookmarks in a print file", "remove them")
    for number, page in enumerate(document.pdf.pages, start=1):
        if page.get("/Annots"):
            yield found(
                "no_annotations",
                ERROR,
                f"{len(page.Annots)} annotations (links) on the page",
                "the print edition has none; rebuild it with decade-report",
                page=number,
            )


@pdf_check("print")
def ink_coverage(document: Pdf) -> Iterator[Finding]:
    """Total ink coverage stays at or under 320 % (C+M+Y+K at any point).

    Pages are rendered to CMYK with Ghostscript at 50 dpi, inside the bleed box (crop marks print
    in all four inks on purpose), and the darkest pixel measured; more ink than the press can dry
    smears and sets off onto the next sheet.
    """
    import numpy
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        pattern = Path(folder) / "page-%04d.tif"
        subprocess.run(
            ["gs", "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=tiff32nc", "-r50",
             "-dUseBleedBox", f"-sOutputFile={pattern}", str(document.path)],
            check=True, capture_output=True,
        )  # fmt: skip
        for path in sorted(Path(folder).glob("page-*.tif")):
            with Image.open(path) as image:
                peak = int(numpy.asarray(image, dtype=numpy.uint16).sum(axis=2).max())
            coverage = round(peak / 255 * 100)
            if coverage > MAX_INK:
                yield found(
                    "ink_coverage",
                    ERROR,
                    f"total ink coverage reaches {coverage} % (at most {MAX_INK} %)",
                    "use lighter or less saturated colours; rich blacks with less CMY",
                    page=int(path.stem.split("-")[1]),
                )


@pdf_check("print")
def hairlines(document: Pdf) -> Iterator[Finding]:
    """No stroked line is thinner than 0.25 pt once scaled to the page: it may not print."""
    for number, width in stroke_widths(document):
        if 0 < width < HAIRLINE_PT - 1e-3:
            yield found(
                "hairlines",
                WARNING,
                f"a line {width:.2f} pt wide; lines under {HAIRLINE_PT} pt may disappear in print",
                "make rules and chart lines at least 0.25 pt",
                page=number,
            )


def stroke_widths(document: Pdf) -> Iterator[tuple[int, float]]:
    """(page, effective width) of every stroke, following q/Q, cm and form matrices."""
    for number, page in enumerate(document.pdf.pages, start=1):
        seen: set[float] = set()
        for width in widths_in(page, page.Resources, (1, 0, 0, 1, 0, 0), set()):
            if width not in seen:
                seen.add(width)
                yield number, width


def widths_in(
    holder: Any, resources: Any, matrix: tuple[float, ...], path: set[Any]
) -> Iterator[float]:
    import pikepdf

    stack = []
    ctm, width = matrix, 1.0
    xobjects = resources.get("/XObject") or pikepdf.Dictionary()
    for operands, operator in pikepdf.parse_content_stream(holder):
        name = str(operator)
        if name == "q":
            stack.append((ctm, width))
        elif name == "Q" and stack:
            ctm, width = stack.pop()
        elif name == "cm":
            ctm = multiply(tuple(float(v) for v in operands), ctm)
        elif name == "w":
            width = float(operands[0])
        elif name in ("S", "s", "B", "B*", "b", "b*"):
            yield round(width * math.sqrt(abs(ctm[0] * ctm[3] - ctm[1] * ctm[2])), 3)
        elif name == "Do":
            form = xobjects.get(str(operands[0]))
            if form is not None and form.get("/Subtype") == pikepdf.Name.Form:
                if form.objgen in path:
                    continue
                inner = tuple(float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0]))
                yield from widths_in(
                    form,
                    form.get("/Resources") or pikepdf.Dictionary(),
                    multiply(inner, ctm),
                    path | {form.objgen},
                )


def multiply(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
    """PDF matrix product a × b ([a b c d e f] as 3×3 affine matrices)."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


# --- screen: accessibility -------------------------------------------------------------------


@pdf_check("screen")
def tagged_structure(document: Pdf) -> Iterator[Finding]:
    """The screen edition is a tagged PDF with a document language, for screen readers."""
    root = document.pdf.Root
    if "/StructTreeRoot" not in root:
        yield found(
            "tagged_structure", ERROR, "the PDF is not tagged (no structure tree)",
            "build the screen edition with decade-report (PDF/UA-1)",
        )  # fmt: skip
    mark = root.get("/MarkInfo")
    if mark is None or not bool(mark.get("/Marked", False)):
        yield found("tagged_structure", ERROR, "MarkInfo /Marked is not true", "")
    if not str(root.get("/Lang", "")).strip():
        yield found(
            "tagged_structure",
            ERROR,
            "no document language (/Lang)",
            "set languages in report.toml",
        )


@pdf_check("screen")
def alt_text(document: Pdf) -> Iterator[Finding]:
    """Every figure (chart, image) in the structure tree has alternative text."""
    import pikepdf

    root = document.pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    pages = {page.objgen: number for number, page in enumerate(document.pdf.pages, start=1)}
    for element in structure_elements(root):
        if element.get("/S") == pikepdf.Name.Figure and not str(element.get("/Alt", "")).strip():
            page = element.get("/Pg")
            yield found(
                "alt_text",
                ERROR,
                "a figure without alternative text",
                "give the chart an `alt` in charts.yaml, or the image an alt attribute",
                page=pages.get(page.objgen) if page is not None else None,
            )


def structure_elements(node: Any) -> Iterator[Any]:
    import pikepdf

    stack = [node]
    while stack:
        current = stack.pop()
        if not isinstance(current, pikepdf.Dictionary):
            continue
        yield current
        kids = current.get("/K")
        stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])


@pdf_check("screen")
def bookmarks(document: Pdf) -> Iterator[Finding]:
    """The screen edition has bookmarks (outlines) to navigate by chapter."""
    with document.pdf.open_outline() as outline:
        if not list(outline.root):
            yield found("bookmarks", WARNING, "no bookmarks", "headings make bookmarks")


# --- both: metadata, text, size --------------------------------------------------------------


@pdf_check("print", "screen")
def metadata(document: Pdf) -> Iterator[Finding]:
    """Title, author and subject are set; the screen edition shows the title, not the file name."""
    info = document.pdf.docinfo
    for key in ("/Title", "/Author", "/Subject"):
        if not str(info.get(key, "")).strip():
            yield found("metadata", WARNING, f"no {key[1:]} in the document information", "")
    if document.edition == "screen":
        preferences = document.pdf.Root.get("/ViewerPreferences") or {}
        if not bool(preferences.get("/DisplayDocTitle", False)):
            yield found("metadata", WARNING, "DisplayDocTitle is not set", "")


@pdf_check("print", "screen")
def text_extractable(document: Pdf) -> Iterator[Finding]:
    """The text can be extracted (searched, copied, read aloud): pdftotext finds the words.

    When the build knows the message, its opening words must come out intact.
    """
    text = re.sub(r"\s+", " ", document.run("pdftotext", "-enc", "UTF-8", after=("-",)))
    if len(text.split()) < 10 * max(1, len(document.pdf.pages) // 4):
        yield found(
            "text_extractable", ERROR, "almost no text can be extracted",
            "text was drawn as outlines or images; keep it as text",
        )  # fmt: skip
    if "\ufffd" in text:
        yield found(
            "text_extractable",
            WARNING,
            "some characters extract as U+FFFD (no Unicode mapping)",
            "",
        )
    letters = comparable(text)
    for phrase in document.phrases:
        if comparable(phrase) not in letters:
            yield found(
                "text_extractable",
                ERROR,
                f"the words “{phrase}” do not come out of the text layer",
                "check the fonts' ToUnicode maps",
            )


def comparable(text: str) -> str:
    """Letters and digits only, case-folded: a phrase matches however the PDF breaks, hyphenates
    or spaces it, and whatever quotes or dashes the typography chose."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


@pdf_check("print", "screen")
def file_size(document: Pdf) -> Iterator[Finding]:
    """The file stays a sensible size to send: 25 MB for the screen edition, 200 MB for print."""
    megabytes = len(document.data) / 1_000_000
    limit = MAX_SIZE_MB[document.edition]
    if megabytes > limit:
        yield found(
            "file_size",
            WARNING,
            f"the file is {megabytes:.0f} MB (over {limit} MB)",
            "use SVG charts and compress large images",
        )


def content_holders(pdf: Any) -> Iterator[tuple[int, Any, Any]]:
    """(page number, page or form, its resources) for every content stream, forms once."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(pdf.pages, start=1):
        resources = page.get("/Resources") or pikepdf.Dictionary()
        yield number, page, resources
        pending = [resources]
        while pending:
            current = pending.pop()
            for xobject in (current.get("/XObject") or {}).values():
                if xobject.objgen in seen or xobject.get("/Subtype") != pikepdf.Name.Form:
                    continue
                seen.add(xobject.objgen)
                inner = xobject.get("/Resources") or pikepdf.Dictionary()
                yield number, xobject, inner
                pending.append(inner)


def summary(findings: Iterable[Finding]) -> str:
    counts = {s: 0 for s in Severity}
    for finding in findings:
        counts[finding.severity] += 1
    return ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items())
