"""What a finished page shows, as a designer reads it: lines of text with their place, size and
role (running head, folio, body text, heading, caption, table row, footnote …) and how much of the
type area carries ink. The layout lint of `preflight_layout` judges the pages from this.

Both PDF editions are read the same way, by geometry: the print edition carries no tags. Text comes
from poppler's `pdftohtml -xml` (runs with position, size, font and weight; under a second for the
whole sample; pdfminer/pdfplumber give the same in pure Python at ten times the cost), ink from
`pdftoppm` at a low resolution. Roles are told apart by the theme's tokens — the body family and
size, the heading sizes, the caption size, the margins — the same values the CSS was made from.
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from decade_report.pdf.captions import caption_pattern
from decade_report.pdf.captions import label as caption_label
from decade_report.pdf.reading_order import reading_order

MM = 72 / 25.4
ZOOM = 10
"""pdftohtml's zoom: positions and sizes come out in 1/3 pt (1.5 × zoom / 72 × 72 / 5 …), a
precision that separates 7.8 pt captions from 9.6 pt text; the scale is measured per page."""
INK_DPI = 24
FOOTNOTE_MARK = re.compile(r"^\d+\.\s")


@dataclass(frozen=True)
class Line:
    """One line of text: every run whose middle lies within another's height."""

    top: float
    """Points from the top edge of the trimmed page."""
    bottom: float
    left: float
    right: float
    text: str
    size: float
    """Size of the line's largest run, in points."""
    family: str
    """Family of the largest run, lower case without spaces or hyphens ("notoserif")."""
    bold: bool
    cells: int
    """Runs separated by a gap wider than 4 mm: 2 or more in a table row."""
    role: str = ""

    @property
    def label(self) -> str:
        """ "Figure 2.1" or "Table 3" when the line is a caption, in whatever language it is
        written ("图2.1" is "Figure 2.1": pdf/captions.py)."""
        return caption_label(caption_pattern().match(self.text))


@dataclass(frozen=True)
class Page:
    number: int
    """1-based page of the PDF."""
    label: str
    """The printed page label (iv, 58), or the number when the PDF has none."""
    lines: tuple[Line, ...]
    filled: float
    """Share of the type area's rows (horizontal pixel lines) that carry any ink."""
    covered: float
    """Share of the whole trimmed page that is not paper (colour fields, full-bleed covers)."""
    inked: tuple[float, ...] = ()
    """Tops (points) of the pixel rows of the type area that carry ink, text or not."""
    bottom: float = 0.0
    """Bottom of the type area (points from the top of the trimmed page)."""

    @property
    def content(self) -> tuple[Line, ...]:
        """Everything but running heads and folios."""
        return tuple(line for line in self.lines if line.role not in ("head", "folio"))

    @property
    def text_flow(self) -> tuple[Line, ...]:
        """The content without footnotes: what runs from the top of the type area down."""
        return tuple(line for line in self.content if line.role != "footnote")

    def ink_between(self, top: float, bottom: float) -> bool:
        """Whether anything (a chart, a rule, text) is drawn between the two heights."""
        return any(top <= row < bottom for row in self.inked)

    @property
    def room(self) -> float:
        """Empty height under the text flow, above the footnotes or the type area's foot: a page
        that ends with room left was broken on purpose (a new chapter, a profile per page)."""
        flow = self.text_flow
        notes = [line.top for line in self.content if line.role == "footnote"]
        floor = min(notes) - 12 if notes else self.bottom
        return floor - (flow[-1].bottom if flow else 0.0)

    @property
    def blank(self) -> bool:
        return not self.content and self.filled < 0.01

    @property
    def designed(self) -> bool:
        """A cover, back cover or colour-field opener: most of the page is colour, on purpose."""
        return self.covered > 0.45

    @property
    def name(self) -> str:
        if self.label == str(self.number):
            return f"page {self.label}"
        return f"page {self.label} (PDF page {self.number})"


@dataclass(frozen=True)
class Measures:
    """The theme's tokens the roles are told by (sizes in points, margins in points)."""

    body_family: str
    heading_family: str
    figures_family: str
    size_text: float
    size_small: float
    size_h1: float
    size_h3: float
    margin_top: float
    margin_bottom: float
    leading: float

    @classmethod
    def of(cls, tokens: Any) -> Measures:
        return cls(
            family_key(tokens.font_text),
            family_key(tokens.font_heading),
            family_key(tokens.font_figures),
            tokens.size_text,
            tokens.size_small,
            tokens.size_h1,
            tokens.size_h3,
            tokens.margin_top * MM,
            tokens.margin_bottom * MM,
            tokens.leading,
        )


def family_key(name: str) -> str:
    """ "ABCDEF+Noto-Serif-Bold" and "Noto Serif" both start "notoserif"."""
    name = name.split("+", 1)[-1]
    return re.sub(r"[\s_-]", "", name).lower()


def read_pages(pdf_path: Path, pdf: Any, measures: Measures) -> list[Page]:
    """Every page of the PDF as lines with roles and ink shares."""
    offsets = [trim_offsets(page) for page in pdf.pages]
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", "-q", "-zoom", str(ZOOM), str(pdf_path)],
        capture_output=True,
        check=True,
    ).stdout
    # poppler writes this XML itself (text escaped, no entity declarations): the standard parser
    # is safe on it, and no external DTD is fetched.
    root = ElementTree.fromstring(xml)
    ink = ink_shares(pdf_path, offsets, measures)
    fonts = {  # ids are numbered across the document; each page declares its new ones
        spec.get("id"): (float(spec.get("size", 0)), family_key(spec.get("family", "")))
        for spec in root.iter("fontspec")
    }
    pages = []
    for index, element in enumerate(root.iter("page")):
        number = int(element.get("number", index + 1))
        left, top, width, height, media_width = offsets[number - 1]
        scale = float(element.get("width", 1)) / media_width
        runs = []
        for text in element.iter("text"):
            content = "".join(text.itertext())
            if not content.strip():
                continue
            size, family = fonts.get(text.get("font"), (0.0, ""))
            runs.append(
                (
                    float(text.get("top", 0)) / scale - top,
                    float(text.get("height", 0)) / scale,
                    float(text.get("left", 0)) / scale - left,
                    float(text.get("width", 0)) / scale,
                    content,
                    size / scale,
                    family,
                    text.find(".//b") is not None,
                )
            )
        lines = [classify(line, width, height, measures) for line in group(runs)]
        lines = mark_footnotes(mark_captions(lines), measures)
        label = str(pdf.pages[number - 1].label)
        filled, covered, inked = ink[number - 1]
        bottom = height - measures.margin_bottom
        pages.append(Page(number, label, tuple(lines), filled, covered, inked, bottom))
    return pages


def trim_offsets(page: Any) -> tuple[float, float, float, float, float]:
    """(left, top) of the trim box inside the media box, the trim size, the media width."""
    media = [float(v) for v in page.mediabox]
    trim = [float(v) for v in page.trimbox]
    return (trim[0] - media[0], media[3] - trim[3], trim[2] - trim[0], trim[3] - trim[1],
            media[2] - media[0])  # fmt: skip


def group(runs: list[tuple]) -> list[Line]:
    """Runs into lines: a run joins the line whose height holds its middle."""
    lines: list[tuple[list[float], list[tuple]]] = []  # ([top, bottom], runs), by top
    for run in sorted(runs, key=lambda r: (r[0], r[2])):
        middle = run[0] + run[1] / 2
        for extent, members in reversed(lines):
            if extent[0] <= middle <= extent[1]:
                members.append(run)
                extent[1] = max(extent[1], run[0] + run[1])
                break
            if extent[1] < run[0] - 40:  # sorted by top: no earlier line can reach this far
                lines.append(([run[0], run[0] + run[1]], [run]))
                break
        else:
            lines.append(([run[0], run[0] + run[1]], [run]))
    result = []
    for _, line in lines:
        line.sort(key=lambda r: r[2])
        main = max(line, key=lambda r: (r[5], len(r[4])))
        cells, text, last_right = 1, "", None
        for run in line:
            if last_right is not None and run[2] - last_right > 4 * MM:
                cells += 1
                text += "  "
            elif last_right is not None and run[2] - last_right > run[5] * 0.2:
                # a space drawn as a gap between two runs ("图3.1" and "2018年…" of a caption)
                text += " "
            text += run[4]
            last_right = run[2] + run[3]
        result.append(
            Line(
                top=min(r[0] for r in line),
                bottom=max(r[0] + r[1] for r in line),
                left=line[0][2],
                right=max(r[2] + r[3] for r in line),
                # runs join left to right: a right-to-left line is put back in reading order
                text=reading_order(" ".join(text.split()) if cells == 1 else text.strip()),
                size=main[5],
                family=main[6],
                bold=main[7],
                cells=cells,
            )
        )
    return sorted(result, key=lambda line: (line.top, line.left))


def classify(line: Line, width: float, height: float, m: Measures) -> Line:
    """The line's role on the page, from its place and its type."""
    role = "other"
    if line.bottom <= m.margin_top + 1:
        role = "head"
    elif line.top >= height - m.margin_bottom - 1 and not line.family.startswith(m.body_family):
        role = "folio"  # body text run into the margin is still text (and a fault to report)
    elif line.family.startswith(m.body_family) and line.size >= m.size_text * 0.85:
        role = "body"
    elif line.label and line.size <= m.size_small * 1.1:
        role = "caption"
    elif line.bold and line.size >= m.size_h1 * 0.97 and line.cells == 1:
        role = "title"
    elif line.bold and line.size >= m.size_h3 * 0.95:
        role = "heading"
    elif line.cells >= 2 and abs(line.size - m.size_small) <= 0.6:
        role = "header-row" if line.bold else "row"
    elif line.size < m.size_small * 0.92:
        role = "small"
    return Line(**{**line.__dict__, "role": role})


def mark_captions(lines: list[Line]) -> list[Line]:
    """A caption's second and further lines: same size, right under it."""
    result = list(lines)
    for index in range(1, len(result)):
        above, line = result[index - 1], result[index]
        if (
            above.role == "caption"
            and line.role in ("other", "small")
            and abs(line.size - above.size) < 0.5
            and 0 <= line.top - above.top <= above.size * 1.8
        ):
            result[index] = Line(**{**line.__dict__, "role": "caption"})
    return result


def mark_footnotes(lines: list[Line], m: Measures) -> list[Line]:
    """The block of small lines at the foot of the type area that starts with a note number."""
    content = [i for i, line in enumerate(lines) if line.role not in ("head", "folio")]
    block: list[int] = []
    for index in reversed(content):
        if lines[index].role != "small":
            break
        block.insert(0, index)
    start = next((i for i in block if FOOTNOTE_MARK.match(lines[i].text)), None)
    if start is None:
        return lines
    return [
        Line(**{**line.__dict__, "role": "footnote"}) if i in block and i >= start else line
        for i, line in enumerate(lines)
    ]


def ink_shares(
    pdf_path: Path, offsets: list[tuple[float, ...]], m: Measures
) -> list[tuple[float, float, tuple[float, ...]]]:
    """(share of the type area's rows with ink, share of the trimmed page not paper, tops of the
    type area's inked rows) per page."""
    import numpy
    from PIL import Image

    shares = []
    with tempfile.TemporaryDirectory(prefix="decade-report-ink-") as folder:
        subprocess.run(
            ["pdftoppm", "-gray", "-r", str(INK_DPI), str(pdf_path), f"{folder}/p"], check=True
        )
        for number, path in enumerate(sorted(Path(folder).glob("p-*.pgm")), start=1):
            left, top, width, height, _ = offsets[number - 1]
            scale = INK_DPI / 72
            with Image.open(io.BytesIO(path.read_bytes())) as image:
                pixels = numpy.asarray(image, dtype=numpy.uint8)
            page = pixels[
                round(top * scale) : round((top + height) * scale),
                round(left * scale) : round((left + width) * scale),
            ]
            ink = page < 235
            first = round(m.margin_top * scale)
            rows = ink[first : round((height - m.margin_bottom) * scale)].any(axis=1)
            inked = tuple((first + i) / scale for i in numpy.flatnonzero(rows).tolist())
            shares.append(
                (
                    float(rows.mean()) if rows.size else 0.0,
                    float(ink.mean()) if ink.size else 0.0,
                    inked,
                )
            )
    return shares
