"""Reading and editing a tagged PDF's structure tree with pikepdf: the vocabulary `finish_tags`
(which repairs the tree) and `preflight_pdfua` (which judges it) share.

A structure element's /K is a single kid or an array of kids; a kid is another element, a marked
content id (an integer, on the element's /Pg), a marked-content reference (/Type /MCR) or an object
reference (/Type /OBJR, an annotation). These helpers always hand back a list and always write
an array, so the code using them never has to care which form it met.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


def kids(element: Any) -> list[Any]:
    import pikepdf

    value = element.get("/K")
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def set_kids(element: Any, new: list[Any]) -> None:
    import pikepdf

    element.K = pikepdf.Array(new)


def is_element(kid: Any) -> bool:
    import pikepdf

    return (
        isinstance(kid, pikepdf.Dictionary)
        and "/S" in kid
        and kid.get("/Type")
        not in (
            pikepdf.Name.OBJR,
            pikepdf.Name.MCR,
        )
    )


def is_objr(kid: Any) -> bool:
    import pikepdf

    return isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.OBJR


def is_mcr(kid: Any) -> bool:
    import pikepdf

    return isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR


def tag(element: Any) -> str:
    """The structure type without the slash: "Table", "LI"."""
    return str(element.get("/S", ""))[1:]


def element_kids(element: Any) -> list[Any]:
    return [kid for kid in kids(element) if is_element(kid)]


@dataclass(frozen=True)
class Placed:
    """An element met in a walk: the element, its parent and the types from the root down."""

    element: Any
    parent: Any
    path: tuple[str, ...]

    def where(self) -> str:
        return "/".join(self.path)


def walk(pdf: Any) -> Iterator[Placed]:
    """Every structure element reachable from the StructTreeRoot, in reading (pre-)order."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    seen: set[tuple[int, int]] = set()
    stack = [(kid, root, ()) for kid in reversed(element_kids(root))]
    while stack:
        element, parent, above = stack.pop()
        identity = element.objgen
        if identity != (0, 0):
            if identity in seen:
                continue
            seen.add(identity)
        path = (*above, tag(element))
        yield Placed(element, parent, path)
        stack.extend((kid, element, path) for kid in reversed(element_kids(element)))


def page_numbers(pdf: Any) -> dict[tuple[int, int], int]:
    """Page object → 1-based page number."""
    return {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}


def page_of(element: Any, numbers: dict[tuple[int, int], int]) -> int | None:
    """The 1-based page an element (or its first kid with a page) is on."""
    page = element.get("/Pg")
    if page is not None:
        return numbers.get(page.objgen)
    for kid in element_kids(element):
        found = page_of(kid, numbers)
        if found is not None:
            return found
    return None


def marked_content(holder: Any) -> Iterator[tuple[int, str, Any]]:
    """(index of the operator, tag, properties) of every BDC/BMC in a content stream."""
    import pikepdf

    for index, instruction in enumerate(pikepdf.parse_content_stream(holder)):
        operands, operator = instruction.operands, instruction.operator
        if str(operator) == "BDC":
            yield index, str(operands[0]), operands[1]
        elif str(operator) == "BMC":
            yield index, str(operands[0]), pikepdf.Dictionary()


def page_forms(page: Any) -> Iterator[Any]:
    """The form XObjects a page draws (nested ones too), each once."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    pending = [page.get("/Resources") or pikepdf.Dictionary()]
    while pending:
        resources = pending.pop()
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.objgen in seen or xobject.get("/Subtype") != pikepdf.Name.Form:
                continue
            seen.add(xobject.objgen)
            yield xobject
            pending.append(xobject.get("/Resources") or pikepdf.Dictionary())
