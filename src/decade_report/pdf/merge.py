"""Tagged PDFs laid out in pieces, joined into the PDF one pass would have written.

A long report's screen edition can be laid out a chapter at a time (`pdf.chapters`): each piece
is a PDF WeasyPrint wrote alone, or a run of pages of the edition's earlier PDF. WeasyPrint
tags each page's content as its own elements under one /Document element, numbers the
/ParentTree by page (page N's marked content is entry N, the link annotations follow the last
page) and names every anchor in /Names /Dests; so the pieces join as one pass would have made
them:

* the pages, in order, with their own resources (each piece keeps its font subsets);
* the /Document's children that sit on those pages, in order (every element WeasyPrint makes
  has its page in /Pg), their /P set to the joined /Document;
* the /ParentTree numbered again the way WeasyPrint numbers it: one entry per page, then the
  link annotations in page order;
* the named destinations on those pages, and the outline items that point to them (an item
  goes with the page it points to, its children with it);
* the links a piece could not resolve alone: a link to an anchor in another piece is laid out
  as an external link to `OUTSIDE` + the anchor's name (WeasyPrint drops a link to an anchor it
  does not have), and becomes the named destination here;
* table header IDs (TH /ID, TD /Headers, numbered by WeasyPrint per document, so two pieces
  can have the same) prefixed with the piece's own `ids`, so that they stay unique.

The result is equivalent, page by page, to one pass (tests/pdf/test_chapters.py compares the
text, labels, outline, links and structure tree), not byte for byte the same.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

OUTSIDE = "https://outside.decade-report.invalid/#"
"""What a piece's link to an anchor in another piece points to until the pieces are joined."""


@dataclass(frozen=True)
class Piece:
    pdf: bytes
    """A tagged PDF written by WeasyPrint, or an earlier join of such PDFs."""
    first: int
    """The first of its pages taken (from 0)."""
    count: int
    ids: str = ""
    """What to put before its table header IDs ("" keeps them)."""


def joined(pieces: Sequence[Piece]) -> bytes:
    """One tagged PDF of the pieces' pages, in order."""
    import pikepdf

    out = pikepdf.new()
    opened: dict[int, Any] = {}
    for piece in pieces:
        if id(piece.pdf) not in opened:
            opened[id(piece.pdf)] = pikepdf.open(io.BytesIO(piece.pdf))
    first = opened[id(pieces[0].pdf)]
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
        if key in first.Root:
            out.Root[key] = foreign(out, first, first.Root[key])
    out.docinfo = foreign(out, first, first.docinfo)

    structure = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = out.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, K=pikepdf.Array(), P=structure
        )
    )
    structure.K = pikepdf.Array([document])
    out.Root.StructTreeRoot = structure

    taken: list[tuple[Any, Any, Piece]] = []  # (source, copied page, piece), in order
    destinations: dict[str, Any] = {}
    outline: list[Item] = []
    for piece in pieces:
        source = opened[id(piece.pdf)]
        pages = list(source.pages)[piece.first : piece.first + piece.count]
        on = {page.obj.objgen for page in pages}
        kids = [kid for kid in source.Root.StructTreeRoot.K[0].K if kid.Pg.objgen in on]
        for kid in kids:
            del kid["/P"]  # else copying it would copy the whole tree it hangs from
        for page in pages:
            out.pages.append(page)
            taken.append((source, out.pages[-1], piece))
        for kid in kids:
            copied = out.copy_foreign(kid)
            copied.P = document
            document.K.append(copied)
            if piece.ids:
                prefix_ids(copied, piece.ids)
        for name, target in named_destinations(source):
            if target[0].objgen in on and name not in destinations:
                destinations[name] = foreign(out, source, target)
        outline += [
            copied_item(out, source, item)
            for item in outline_items(source)
            if item[1][0].objgen in on
        ]

    number_parent_tree(out, structure, taken)
    if destinations:
        names = pikepdf.Array()
        for name in sorted(destinations):
            names.extend([pikepdf.String(name), destinations[name]])
        out.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=names))
    resolve_outside_links(out, destinations)
    if outline:
        write_outline(out, outline)
    buffer = io.BytesIO()
    out.save(buffer, min_version=first.pdf_version, deterministic_id=True)
    for source in opened.values():
        source.close()
    return buffer.getvalue()


def parent_entries(source: Any) -> dict[int, Any]:
    """The source's /ParentTree as a dictionary (WeasyPrint and `joined` write a flat /Nums)."""
    import pikepdf

    return dict(pikepdf.NumberTree(source.Root.StructTreeRoot.ParentTree).items())


def number_parent_tree(out: Any, structure: Any, taken: list[tuple[Any, Any, Piece]]) -> None:
    """One /ParentTree entry per page (its marked content), numbered by page, then one per link
    annotation, numbered on from the last page, as WeasyPrint numbers them."""
    import pikepdf

    entries: dict[int, dict[int, Any]] = {}
    nums = pikepdf.Array()
    annotations: list[tuple[Any, Any, Any]] = []
    for index, (source, page, _) in enumerate(taken):
        tree = entries.setdefault(id(source), parent_entries(source))
        if "/StructParents" in page:
            nums.extend([index, foreign(out, source, tree[int(page.StructParents)])])
            page.StructParents = index
        for annotation in page.get("/Annots", ()):
            if "/StructParent" in annotation:
                parent = tree.get(int(annotation.StructParent))
                annotations.append((annotation, parent, source))
    for number, (annotation, parent, source) in enumerate(annotations, start=len(taken)):
        annotation.StructParent = number
        if parent is not None:
            nums.extend([number, foreign(out, source, parent)])
    structure.ParentTree = out.make_indirect(pikepdf.Dictionary(Nums=nums))
    structure.ParentTreeNextKey = len(taken) + len(annotations)


def named_destinations(source: Any) -> Iterator[tuple[str, Any]]:
    import pikepdf

    names = source.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return
    for name, target in pikepdf.NameTree(names.Dests).items():
        yield str(name), target


def foreign(out: Any, source: Any, item: Any) -> Any:
    """`item` of `source` copied into `out` (a direct object is made indirect to be copied)."""
    if not item.is_indirect:
        item = source.make_indirect(item)
    return out.copy_foreign(item)


Item = tuple[str, Any, list[Any], bool]
"""An outline item: its title, destination, children and whether it is open."""


def copied_item(out: Any, source: Any, item: Item) -> Item:
    title, target, children, is_open = item
    kids = [copied_item(out, source, child) for child in children]
    return title, foreign(out, source, target), kids, is_open


def outline_items(source: Any) -> list[Item]:
    """The top-level outline items."""

    def items(first: Any) -> list[Item]:
        found = []
        item = first
        while item is not None:
            children = items(item.get("/First"))
            found.append((str(item.Title), item.Dest, children, int(item.get("/Count", 0)) >= 0))
            item = item.get("/Next")
        return found

    outlines = source.Root.get("/Outlines")
    return items(outlines.get("/First")) if outlines is not None else []


def write_outline(out: Any, top: list[Item]) -> None:
    """The outline as WeasyPrint writes it (anchors.add_outlines): /Count the open items."""
    import pikepdf

    def written(items: list[Any], parent: Any) -> tuple[list[Any], int]:
        made: list[Any] = []
        count = len(items)
        for title, target, children, is_open in items:
            item = out.make_indirect(
                pikepdf.Dictionary(Title=pikepdf.String(title), Dest=target)
            )
            kids, kids_count = written(children, item)
            item.Count = kids_count if is_open else -kids_count
            if is_open:
                count += kids_count
            if made:
                item.Prev = made[-1]
                made[-1].Next = item
            if kids:
                item.First, item.Last = kids[0], kids[-1]
            item.Parent = parent
            made.append(item)
        return made, count

    root = out.make_indirect(pikepdf.Dictionary())
    made, count = written(top, root)
    root.Count, root.First, root.Last = count, made[0], made[-1]
    out.Root.Outlines = root


def resolve_outside_links(out: Any, destinations: dict[str, Any]) -> None:
    """A piece's link to another piece's anchor becomes the link one pass would have made."""
    import pikepdf

    for page in out.pages:
        for annotation in page.get("/Annots", ()):
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith(OUTSIDE):
                name = unquote(uri[len(OUTSIDE) :])
                del annotation["/A"]
                annotation.Dest = pikepdf.String(name)
                annotation.Contents = pikepdf.String(name)


def prefix_ids(element: Any, prefix: str) -> None:
    """Table header IDs and the TD /Headers that name them, under `element`, with `prefix`."""
    import pikepdf

    stack = [element]
    while stack:
        item = stack.pop()
        if not isinstance(item, pikepdf.Dictionary) or item.get("/Type") == "/OBJR":
            continue
        if "/ID" in item:
            item.ID = pikepdf.String(prefix + str(item.ID))
        attributes = item.get("/A")
        for owner in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
            if isinstance(owner, pikepdf.Dictionary) and "/Headers" in owner:
                owner.Headers = pikepdf.Array(
                    [pikepdf.String(prefix + str(name)) for name in owner.Headers]
                )
        kids = item.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend(kids)
        elif isinstance(kids, pikepdf.Dictionary):
            stack.append(kids)
