"""One walk over a PDF's content streams with the graphics state, shared by every check.

pikepdf parses each stream (`parse_content_stream`) and composes the matrices (`pikepdf.Matrix`);
this module follows what they do not: the graphics-state stack (q/Q), the line width, the fill
colour, the font, the text matrix and the marked-content stack, into form XObjects with their
matrices. The walk keeps only the operators checks look at (painting, text, colour, images), each
with the state it was drawn in, and is done once per PDF (`operations`): the hairline, small-text,
registration, RGB, glyph and PDF/UA checks all read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

SHOW_TEXT = frozenset({"Tj", "TJ", "'", '"'})
STROKES = frozenset({"S", "s", "B", "B*", "b", "b*"})
PAINTING = frozenset({"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh",
                      "BI", "INLINE IMAGE"})  # fmt: skip
"""Operators that put marks on the page (ISO 32000-1 8.5.3, 9.4.3, 8.7.4.2, 8.9.7)."""
KEPT = PAINTING | {"k", "K", "rg", "RG", "Do"}
FOLLOWED = " ".join(
    sorted(KEPT | {"q", "Q", "cm", "w", "g", "cs", "sc", "scn", "Tf", "BT", "ET", "Tm", "BDC",
                   "BMC", "EMC", "ID", "EI"})
)  # fmt: skip
"""What the walk asks pikepdf for: path construction and text positioning stay in C++."""


@dataclass(frozen=True)
class State:
    """The graphics state the walk follows; q saves it whole, Q restores it."""

    ctm: Any
    """The current transformation matrix (pikepdf.Matrix)."""
    line_width: float = 1.0
    fill: tuple[float, ...] = (0.0, 0.0, 0.0, 1.0)
    """Process ink amounts of the fill colour (C, M, Y, K; 0–1)."""
    space: str = "/DeviceGray"
    font: Any = None
    """The font dictionary set by Tf."""
    size: float = 0.0


class Operation(NamedTuple):
    page: int
    """1-based page number."""
    name: str
    """The operator: "Tj", "S", "k", "Do" (an image; forms are walked into) …"""
    operands: Any
    state: State
    text_matrix: Any
    """The text matrix (pikepdf.Matrix) inside BT … ET, else None."""
    marks: tuple[tuple[str, int | None], ...]
    """The marked content it is inside: (tag, MCID or None), outermost first."""


@dataclass(frozen=True)
class Holder:
    page: int
    stream: Any
    """The page or form XObject whose content stream this is."""
    resources: Any


def inks(space: str, values: list[float]) -> tuple[float, ...]:
    """The process ink amounts of a colour (0–1 each); a separation counts as one ink."""
    if space == "/DeviceCMYK" and len(values) == 4:
        return tuple(values)
    if space == "/DeviceGray" and len(values) == 1:
        return (0.0, 0.0, 0.0, 1 - values[0])
    return (0.0, 0.0, 0.0, 1.0) if values else ()


def scale(matrix: Any) -> float:
    """How much a matrix scales lengths (the square root of its determinant's size)."""
    return float(abs(matrix.a * matrix.d - matrix.b * matrix.c)) ** 0.5


def operations(document: Any) -> list[Operation]:
    """The operations of a preflight document (`preflight.document.Pdf`), walked once."""
    if "graphics" not in document.memo:
        walk = Walk()
        document.memo["graphics"] = walk.run(document.pdf)
        document.memo["holders"] = walk.holders
        document.memo["mcids"] = walk.mcids
    ops: list[Operation] = document.memo["graphics"]
    return ops


def holders(document: Any) -> list[Holder]:
    """Every content stream the walk met (pages, and forms once each, on the first page that
    draws them), with its resources."""
    operations(document)
    found: list[Holder] = document.memo["holders"]
    return found


class Walk:
    def __init__(self) -> None:
        self.out: list[Operation] = []
        self.holders: list[Holder] = []
        self.seen: set[tuple[int, int]] = set()
        self.mcids: dict[int, set[int]] = {}
        """Page → the marked-content ids its content streams have."""

    def run(self, pdf: Any) -> list[Operation]:
        import pikepdf

        for number, page in enumerate(pdf.pages, start=1):
            self.mcids[number] = set()
            resources = page.obj.get("/Resources") or pikepdf.Dictionary()
            self.holders.append(Holder(number, page.obj, resources))
            self.stream(number, page.obj, resources, State(pikepdf.Matrix()), [], frozenset())
        return self.out

    def stream(
        self,
        number: int,
        holder: Any,
        resources: Any,
        state: State,
        marks: list[tuple[str, int | None]],
        path: frozenset[tuple[int, int]],
    ) -> None:
        import pikepdf

        fonts = resources.get("/Font") or pikepdf.Dictionary()
        spaces = resources.get("/ColorSpace") or pikepdf.Dictionary()
        xobjects = resources.get("/XObject") or pikepdf.Dictionary()
        saved: list[State] = []
        text_matrix = None
        for instruction in pikepdf.parse_content_stream(holder, FOLLOWED):
            operands, operator = instruction.operands, instruction.operator
            name = str(operator)
            if name == "q":
                saved.append(state)
            elif name == "Q":
                if saved:
                    state = saved.pop()
            elif name == "cm":
                state = replace(state, ctm=pikepdf.Matrix(*map(float, operands)) @ state.ctm)
            elif name == "w":
                state = replace(state, line_width=float(operands[0]))
            elif name in ("k", "g"):
                space = "/DeviceCMYK" if name == "k" else "/DeviceGray"
                state = replace(state, space=space, fill=inks(space, [float(v) for v in operands]))
            elif name == "cs":
                named = spaces.get(str(operands[0]))
                space = str(named[0]) if isinstance(named, pikepdf.Array) else str(operands[0])
                state = replace(state, space=space)
            elif name in ("sc", "scn"):
                values = [float(v) for v in operands if not isinstance(v, pikepdf.Name)]
                state = replace(state, fill=inks(state.space, values))
            elif name == "Tf":
                state = replace(state, font=fonts.get(str(operands[0])), size=float(operands[1]))
            elif name == "BT":
                text_matrix = pikepdf.Matrix()
            elif name == "ET":
                text_matrix = None
            elif name == "Tm":
                text_matrix = pikepdf.Matrix(*map(float, operands))
            elif name in ("BDC", "BMC"):
                properties = operands[1] if name == "BDC" else None
                mcid = (
                    properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
                )
                if mcid is not None:
                    self.mcids[number].add(int(mcid))
                marks.append((str(operands[0]), None if mcid is None else int(mcid)))
                continue
            elif name == "EMC":
                if marks:
                    marks.pop()
                continue
            elif name == "Do":
                xobject = xobjects.get(str(operands[0]))
                if xobject is not None and xobject.get("/Subtype") == pikepdf.Name.Form:
                    if xobject.objgen not in path:
                        self.form(number, xobject, resources, state, marks, path)
                    continue
            if name in KEPT:
                self.out.append(Operation(number, name, operands, state, text_matrix, tuple(marks)))

    def form(
        self,
        number: int,
        form: Any,
        outer: Any,
        state: State,
        marks: list[tuple[str, int | None]],
        path: frozenset[tuple[int, int]],
    ) -> None:
        import pikepdf

        resources = form.get("/Resources") or outer
        if form.objgen not in self.seen:
            self.seen.add(form.objgen)
            self.holders.append(Holder(number, form, resources))
        matrix = pikepdf.Matrix(*map(float, form.get("/Matrix", [1, 0, 0, 1, 0, 0])))
        inner = replace(state, ctm=matrix @ state.ctm)
        self.stream(number, form, resources, inner, marks, path | {form.objgen})


def text_runs(document: Any) -> Iterator[tuple[Operation, list[bytes]]]:
    """Every text-showing operation with its strings."""
    import pikepdf

    for operation in operations(document):
        if operation.name in SHOW_TEXT:
            last = operation.operands[-1]
            items = last if isinstance(last, pikepdf.Array) else [last]
            yield operation, [bytes(i) for i in items if isinstance(i, pikepdf.String)]


def font_codes(document: Any) -> dict[tuple[int, tuple[int, int]], tuple[Any, set[int]]]:
    """(page, font) → (the Type0 font, the two-byte codes shown with it on the page)."""
    import pikepdf

    if "font_codes" not in document.memo:
        codes: dict[tuple[int, tuple[int, int]], tuple[Any, set[int]]] = {}
        for operation, strings in text_runs(document):
            font = operation.state.font
            if font is None or font.get("/Subtype") != pikepdf.Name.Type0:
                continue
            key = (operation.page, font.objgen)
            if key not in codes:
                codes[key] = (font, set())
            found = codes[key][1]
            for data in strings:
                found.update(
                    int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)
                )
        document.memo["font_codes"] = codes
    result: dict[tuple[int, tuple[int, int]], tuple[Any, set[int]]] = document.memo["font_codes"]
    return result
