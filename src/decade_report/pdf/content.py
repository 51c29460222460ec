"""What a PDF's content streams say, from the one walk of `preflight.graphics`: the text of
every marked-content item (decoded through the fonts' ToUnicode maps), the MCIDs each page has,
and how much is painted outside any marked content. The PDF/UA checks of `preflight.pdfua`
judge the tree against it.

pypdf's text extraction can report marked content too, but takes 15 s for the sample's 68 pages;
this pass takes well under one.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from decade_report.pdf.structure import Placed, is_element, kids, walk
from decade_report.preflight.graphics import PAINTING, SHOW_TEXT, Operation, operations


class Content:
    """The text of each marked-content item, the MCIDs each page has, and how much is painted
    outside any marked content, read from the shared walk over the content streams
    (`preflight.graphics`)."""

    def __init__(self, operations: list[Operation], mcids: dict[int, set[int]]) -> None:
        self.text: dict[tuple[int, int], str] = {}
        self.mcids = mcids
        self.untagged: Counter[int] = Counter()
        self.maps: dict[tuple[int, int], dict[bytes, str]] = {}
        for op in operations:
            number, marks = op.page, op.marks
            if not marks:
                if op.name in PAINTING or op.name == "Do":  # an image (forms are walked into)
                    self.untagged[number] += 1
                continue
            if op.name in SHOW_TEXT and all(t != "/Artifact" for t, _ in marks):
                mcid = next((m for _, m in reversed(marks) if m is not None), None)
                if mcid is not None:
                    key = (number, mcid)
                    self.text[key] = self.text.get(key, "") + self.decode(
                        op.state.font, op.operands
                    )

    def decode(self, font: Any, operands: Any) -> str:
        import pikepdf

        if font is None:
            return ""
        mapping = self.maps.get(font.objgen) or self.read_map(font)
        width = 2 if font.get("/Subtype") == pikepdf.Name.Type0 else 1
        items = operands[-1] if isinstance(operands[-1], pikepdf.Array) else [operands[-1]]
        out = []
        for item in items:
            if isinstance(item, pikepdf.String):
                data = bytes(item)
                out += [mapping.get(data[i : i + width], "") for i in range(0, len(data), width)]
        return "".join(out)

    def read_map(self, font: Any) -> dict[bytes, str]:
        """The font's ToUnicode CMap (bfchar and bfrange), tokenised by pikepdf."""
        import pikepdf

        mapping: dict[bytes, str] = {}
        if "/ToUnicode" in font:
            for instruction in pikepdf.parse_content_stream(font.ToUnicode):
                operands, operator = instruction.operands, instruction.operator
                values = [bytes(o) if isinstance(o, pikepdf.String) else o for o in operands]
                if str(operator) == "endbfchar":
                    for code, text in zip(values[::2], values[1::2], strict=False):
                        mapping[code] = text.decode("utf-16-be", "replace")
                elif str(operator) == "endbfrange":
                    for low, high, target in zip(
                        values[::3], values[1::3], values[2::3], strict=False
                    ):
                        start, end = int.from_bytes(low, "big"), int.from_bytes(high, "big")
                        for offset in range(end - start + 1):
                            code = (start + offset).to_bytes(len(low), "big")
                            if isinstance(target, bytes):
                                base = int.from_bytes(target, "big") + offset
                                mapping[code] = chr(base) if base < 0x110000 else ""
                            elif offset < len(target):
                                mapping[code] = bytes(target[offset]).decode("utf-16-be", "replace")
        self.maps[font.objgen] = mapping
        return mapping


def content_of(document: Any) -> Content:
    """The Content of a preflight document, read once however many checks ask."""
    cached = document.__dict__.get("_pdfua_content")
    if cached is None:
        cached = Content(operations(document), document.memo["mcids"])
        document.__dict__["_pdfua_content"] = cached
    return cached


def placed_of(document: Any) -> list[Placed]:
    """The structure elements of a preflight document in reading order, walked once."""
    cached = document.__dict__.get("_pdfua_placed")
    if cached is None:
        cached = document.__dict__["_pdfua_placed"] = list(walk(document.pdf))
    return cached


def element_texts(document: Any) -> dict[tuple[int, int], str]:
    """Structure element (objgen) → the text of its content, its descendants' included."""
    scan, numbers = content_of(document), document.page_numbers
    texts: dict[tuple[int, int], str] = {}
    for placed in reversed(placed_of(document)):
        element, parts = placed.element, []
        page = numbers.get(element.Pg.objgen) if "/Pg" in element else None
        for kid in kids(element):
            if isinstance(kid, int) and page is not None:
                parts.append(scan.text.get((page, kid), ""))
            elif is_element(kid):
                parts.append(texts.get(kid.objgen, ""))
        texts[element.objgen] = " ".join(p.strip() for p in parts if p.strip())
    return texts
