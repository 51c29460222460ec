"""What a PDF's content streams say, read once with pikepdf: the text of every marked-content
item (decoded through the fonts' ToUnicode maps), the MCIDs each page has, and how much is painted
outside any marked content. The PDF/UA checks of `preflight_pdfua` judge the tree against it.

pypdf's text extraction can report marked content too, but takes 15 s for the sample's 68 pages;
this pass takes well under one.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from decade_report.pdf.structure import Placed, is_element, kids, page_numbers, walk

PAINTING = {"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "BI"}
"""Operators that put marks on the page (ISO 32000-1 8.5.3, 9.4.3, 8.7.4.2, 8.9.7)."""


class Content:
    """One pass over every page's content: the text of each marked-content item, the MCIDs the
    page has, and how much is painted outside any marked content."""

    def __init__(self, pdf: Any) -> None:
        self.text: dict[tuple[int, int], str] = {}
        self.mcids: dict[int, set[int]] = {}
        self.untagged: Counter[int] = Counter()
        self.maps: dict[tuple[int, int], dict[bytes, str]] = {}
        for number, page in enumerate(pdf.pages, start=1):
            self.mcids[number] = set()
            self.scan(number, page.obj, page.obj.get("/Resources") or {}, [], set())

    def scan(self, number: int, holder: Any, resources: Any, stack: list[Any], seen: set) -> None:
        import pikepdf

        fonts = resources.get("/Font") or {}
        xobjects = resources.get("/XObject") or {}
        font = None
        for operands, operator in pikepdf.parse_content_stream(holder):
            name = str(operator)
            if name in ("BDC", "BMC"):
                properties = operands[1] if name == "BDC" else None
                mcid = (
                    properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
                )
                if mcid is not None:
                    self.mcids[number].add(int(mcid))
                stack.append((str(operands[0]), None if mcid is None else int(mcid)))
            elif name == "EMC" and stack:
                stack.pop()
            elif name == "Tf":
                font = fonts.get(str(operands[0]))
            elif name == "Do":
                form = xobjects.get(str(operands[0]))
                if form is not None and form.get("/Subtype") == pikepdf.Name.Form:
                    if form.objgen not in seen:
                        inner = form.get("/Resources") or resources
                        self.scan(number, form, inner, stack, seen | {form.objgen})
                elif not stack:
                    self.untagged[number] += 1
            elif name in PAINTING or name == "INLINE IMAGE":
                if not stack:
                    self.untagged[number] += 1
                mcid = next((m for _, m in reversed(stack) if m is not None), None)
                artifact = any(t == "/Artifact" for t, _ in stack)
                if name in ("Tj", "TJ", "'", '"') and mcid is not None and not artifact:
                    key = (number, mcid)
                    self.text[key] = self.text.get(key, "") + self.decode(font, operands)

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
            for operands, operator in pikepdf.parse_content_stream(font.ToUnicode):
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
        cached = document.__dict__["_pdfua_content"] = Content(document.pdf)
    return cached


def placed_of(document: Any) -> list[Placed]:
    """The structure elements of a preflight document in reading order, walked once."""
    cached = document.__dict__.get("_pdfua_placed")
    if cached is None:
        cached = document.__dict__["_pdfua_placed"] = list(walk(document.pdf))
    return cached


def element_texts(document: Any) -> dict[tuple[int, int], str]:
    """Structure element (objgen) → the text of its content, its descendants' included."""
    scan, numbers = content_of(document), page_numbers(document.pdf)
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
