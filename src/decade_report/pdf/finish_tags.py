"""Stage 6, screen edition: repair the structure tree WeasyPrint writes so that it meets PDF/UA-1.

WeasyPrint builds the tree from layout boxes, one page at a time, and gets a few things wrong that
ISO 14289-1 and the Matterhorn Protocol check:

- a table split at a page break becomes one Table per page (and a caption left alone on a page
  becomes a Table of its own): the fragments are merged into one Table with one THead, the
  repeated header rows becoming pagination artifacts;
- a list laid out in columns becomes lists inside a list, a <dl> grouped with <div> puts Div
  between L and LI, and a nested list is hoisted out of its item: each L ends up holding LI
  (Lbl, LBody) only;
- a link's inner boxes get link annotations of their own, under Span or Link inside Link: every
  annotation hangs from the nearest Link element, and Links are not nested;
- running heads and folios (page margin boxes) are marked content with an MCID that no element
  of the tree reaches: they become /Artifact /Pagination;
- TH elements carry IDs without an IDTree and without /Scope;
- a link is described by its anchor name ("chapter-1"): it gets its target's title and page.

The ParentTree is rebuilt from the repaired tree at the end, and every MCID the tree no longer
reaches is turned into an artifact in the content stream, so the two can never disagree.
`render_tags` supplies what only the layout knows (/Lang, which <table> a Table came from).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from decade_report.pdf.render_tags import TABLE_KEY
from decade_report.pdf.structure import (
    Placed,
    element_kids,
    is_element,
    is_mcr,
    is_objr,
    kids,
    page_forms,
    set_kids,
    tag,
    walk,
)

Described = Callable[[str, str], str]
"""A link's title and page label in words: "1 A Decade at a Glance, page 3"."""


def finish_tags(
    pdf: Any, titles: dict[str, str], labels: tuple[str, ...], described: Described
) -> None:
    """Repair the tagged PDF's structure in place (see the module docstring); `described`
    words a link's title and page label in the edition's language (pdf/finish.py)."""
    if "/StructTreeRoot" not in pdf.Root:
        return
    merge_split_tables(pdf)
    repair_lists(pdf)
    repair_links(pdf)
    prune_empty(pdf)
    describe_tables(pdf)
    describe_links(pdf, titles, labels, described)
    mark_artifacts(pdf, rebuild_parent_tree(pdf))


def new_element(pdf: Any, structure_type: str, parent: Any, content: list[Any]) -> Any:
    import pikepdf

    element = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name("/" + structure_type), P=parent
        )
    )
    if "/Pg" in parent:
        element.Pg = parent.Pg
    adopt(element, content)
    return element


def adopt(element: Any, content: list[Any]) -> None:
    """Make `content` the element's kids, pointing their /P at it."""
    for kid in content:
        if is_element(kid):
            kid.P = element
    set_kids(element, content)


def same(a: Any, b: Any) -> bool:
    return bool(a.objgen == b.objgen) if a.objgen != (0, 0) else a is b


def without(content: list[Any], gone: Any) -> list[Any]:
    return [kid for kid in content if not (is_element(kid) and same(kid, gone))]


# --- tables ----------------------------------------------------------------------------------


def merge_split_tables(pdf: Any) -> None:
    """One Table per <table>: fragments laid out on later pages join the first one."""
    groups: dict[int, list[Placed]] = {}
    for placed in walk(pdf):
        if tag(placed.element) == "Table" and TABLE_KEY in placed.element:
            groups.setdefault(int(placed.element[TABLE_KEY]), []).append(placed)
            del placed.element[TABLE_KEY]
    for fragments in groups.values():
        if len(fragments) > 1:
            merge_table(fragments)


def merge_table(fragments: list[Placed]) -> None:
    import pikepdf

    first = fragments[0].element
    captions, heads, feet, rows = [], [], [], []
    for fragment in fragments:
        for kid in kids(fragment.element):
            kind = tag(kid) if is_element(kid) else ""
            {"Caption": captions, "THead": heads, "TFoot": feet}.get(kind, rows).append(kid)
    # a header row repeated on each page is read once: its copies become artifacts (mark_artifacts)
    renamed = {}
    for repeat in heads[1:]:
        renamed.update(zip(header_ids(repeat), header_ids(heads[0]), strict=False))
    adopt(first, captions[:1] + heads[:1] + rows + feet[-1:])
    for fragment in fragments[1:]:
        set_kids(fragment.parent, without(kids(fragment.parent), fragment.element))
    for cell in table_cells(first):
        attributes = cell.get("/A")
        if attributes is not None and "/Headers" in attributes:
            attributes.Headers = pikepdf.Array(
                [pikepdf.String(renamed.get(str(h), str(h))) for h in attributes.Headers]
            )


def header_ids(head: Any) -> list[str]:
    return [str(cell.get("/ID", "")) for cell in table_cells(head) if tag(cell) == "TH"]


def table_cells(element: Any) -> list[Any]:
    found = []
    for kid in element_kids(element):
        if tag(kid) in ("TH", "TD"):
            found.append(kid)
        elif tag(kid) in ("THead", "TBody", "TFoot", "TR"):
            found += table_cells(kid)
    return found


def describe_tables(pdf: Any) -> None:
    """TH gets /Scope; IDs (which TD /Headers point at) are listed in the IDTree."""
    import pikepdf

    ids: dict[str, Any] = {}
    for placed in walk(pdf):
        element = placed.element
        if "/ID" in element:
            ids[str(element.ID)] = element
        if tag(element) != "TH":
            continue
        attributes = element.get("/A")
        if not isinstance(attributes, pikepdf.Dictionary):
            attributes = element.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
        if "/Scope" not in attributes:
            row = placed.parent
            in_head = tag(row.get("/P", pikepdf.Dictionary())) == "THead"
            first_cell = same(element_kids(row)[0], element)
            attributes.Scope = (
                pikepdf.Name.Row if first_cell and not in_head else (pikepdf.Name.Column)
            )
    for placed in walk(pdf):
        attributes = placed.element.get("/A")
        if isinstance(attributes, pikepdf.Dictionary) and "/Headers" in attributes:
            attributes.Headers = pikepdf.Array([h for h in attributes.Headers if str(h) in ids])
    root = pdf.Root.StructTreeRoot
    if "/IDTree" in root:
        del root["/IDTree"]
    if ids:
        tree = pikepdf.NameTree.new(pdf)
        for key in sorted(ids):
            tree[key] = ids[key]
        root.IDTree = tree.obj


# --- lists -----------------------------------------------------------------------------------


def repair_lists(pdf: Any) -> None:
    """L holds LI (and Caption); LI holds Lbl and LBody. Inner lists first, then outer ones."""
    placed = list(walk(pdf))
    for item in reversed(placed):
        if tag(item.element) == "L":
            repair_list(pdf, item.element)
    for item in walk(pdf):
        if tag(item.element) == "LI":
            repair_item(pdf, item.element)


def repair_list(pdf: Any, lst: Any) -> None:
    import pikepdf

    items: list[Any] = []
    for kid in kids(lst):
        kind = tag(kid) if is_element(kid) else ""
        if kind in ("LI", "Caption"):
            items.append(kid)
        elif kind == "L" and items and tag(items[-1]) == "LI":
            # A nested list WeasyPrint hoisted out of its item goes back into the item's body.
            bodies = [k for k in element_kids(items[-1]) if tag(k) == "LBody"]
            body = bodies[-1] if bodies else None
            if body is None:
                body = new_element(pdf, "LBody", items[-1], [])
                set_kids(items[-1], [*kids(items[-1]), body])
            kid.P = body
            set_kids(body, [*kids(body), kid])
        elif kind == "L":
            # A column of a multi-column list: its items belong to this list.
            for inner in element_kids(kid):
                inner.P = lst
            items += kids(kid)
        elif kind and any(tag(k) == "LI" for k in element_kids(kid)):
            # <dl><div><dt>…<dd>…</div>: the group is the item, its terms and details its parts.
            parts: list[Any] = []
            for inner in kids(kid):
                parts += kids(inner) if is_element(inner) and tag(inner) == "LI" else [inner]
            kid.S = pikepdf.Name.LI
            adopt(kid, parts)
            items.append(kid)
        else:
            item = new_element(pdf, "LI", lst, [])
            adopt(item, [new_element(pdf, "LBody", item, [kid])])
            items.append(item)
    adopt(lst, items)


def repair_item(pdf: Any, item: Any) -> None:
    import pikepdf

    parts = kids(item)
    bodies = [k for k in parts if is_element(k) and tag(k) == "LBody"]
    if len(bodies) > 1 and not any(is_element(k) and tag(k) == "Lbl" for k in parts):
        bodies[0].S = pikepdf.Name.Lbl  # a <dt> and its <dd>: term and definition
    repaired: list[Any] = []
    loose: list[Any] = []
    for kid in [*parts, None]:
        if kid is None or (is_element(kid) and tag(kid) in ("Lbl", "LBody")):
            if loose:
                repaired.append(new_element(pdf, "LBody", item, loose))
                loose = []
            if kid is not None:
                repaired.append(kid)
        else:
            loose.append(kid)
    adopt(item, repaired)


# --- links -----------------------------------------------------------------------------------


def repair_links(pdf: Any) -> None:
    """No Link inside a Link, and every link annotation's OBJR inside a Link element."""
    for placed in reversed(list(walk(pdf))):
        element, parent = placed.element, placed.parent
        if tag(element) == "Link" and tag(parent) == "Link":
            spliced: list[Any] = []
            for kid in kids(parent):
                spliced += kids(element) if is_element(kid) and same(kid, element) else [kid]
            adopt(parent, spliced)
    for placed in list(walk(pdf)):
        element = placed.element
        if tag(element) == "Link":
            continue
        stray = [k for k in kids(element) if is_objr(k) and is_link(k)]
        if not stray:
            continue
        link = nearest(element, "Link")
        if link is None:
            link = new_element(pdf, "Link", element, [])
            set_kids(element, [*kids(element), link])
        moved = {objr.objgen for objr in stray}
        set_kids(element, [k for k in kids(element) if not (is_objr(k) and k.objgen in moved)])
        set_kids(link, [*kids(link), *stray])


def is_link(objr: Any) -> bool:
    import pikepdf

    return bool(objr.get("/Obj", pikepdf.Dictionary()).get("/Subtype") == pikepdf.Name.Link)


def nearest(element: Any, structure_type: str) -> Any:
    current = element.get("/P")
    while current is not None and current.get("/Type") != "/StructTreeRoot":
        if tag(current) == structure_type:
            return current
        current = current.get("/P")
    return None


def describe_links(
    pdf: Any, titles: dict[str, str], labels: tuple[str, ...], described: Described
) -> None:
    """A link says where it goes: "1 A Decade at a Glance, page 3", or its address."""
    import pikepdf

    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    names = pdf.Root.get("/Names", pikepdf.Dictionary()).get("/Dests")
    dests = pikepdf.NameTree(names) if names is not None else {}
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != pikepdf.Name.Link:
                continue
            target = annotation.get("/Dest")
            uri = annotation.get("/A", pikepdf.Dictionary()).get("/URI")
            if isinstance(target, pikepdf.String):
                name = str(target)
                dest = dests.get(name) if name in dests else None
                index = pages.get(dest[0].objgen) if dest is not None else None
                label = labels[index] if index is not None and index < len(labels) else ""
                # a caption's closing full stop goes before ", page 3" ("…数据。，第47页")
                title = titles.get(name, "").rstrip(".。．")
                annotation.Contents = pikepdf.String(described(title, label))
            elif uri is not None and not str(annotation.get("/Contents", "")).strip():
                annotation.Contents = pikepdf.String(str(uri))


# --- the tree as a whole ---------------------------------------------------------------------


def prune_empty(pdf: Any) -> None:
    """Elements left without content (the ancestors of a table fragment merged away) go."""
    for placed in reversed(list(walk(pdf))):
        if not kids(placed.element) and tag(placed.element) != "Document":
            set_kids(placed.parent, without(kids(placed.parent), placed.element))


def rebuild_parent_tree(pdf: Any) -> dict[int, set[int]]:
    """The ParentTree from the tree itself; returns the MCIDs the tree reaches, per page."""
    import pikepdf

    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    owners: dict[int, dict[int, Any]] = {index: {} for index in pages.values()}
    annotations: list[tuple[Any, Any]] = []
    for placed in walk(pdf):
        element = placed.element
        own_page = element.get("/Pg")
        for kid in kids(element):
            if isinstance(kid, int):  # most kids: a marked-content id on the element's page
                page, mcid = own_page, kid
            elif is_objr(kid):
                annotations.append((kid.Obj, element))
                continue
            elif is_mcr(kid):
                page, mcid = kid.get("/Pg", own_page), kid.get("/MCID")
            else:  # an element
                continue
            if isinstance(mcid, int) and page is not None and page.objgen in pages:
                owners[pages[page.objgen]][mcid] = element
    nums = pikepdf.Array()
    for index, page in enumerate(pdf.pages):
        page.obj.StructParents = index
        owned = owners[index]
        size = max(owned, default=-1) + 1
        nums.extend([index, pikepdf.Array([owned.get(m, None) for m in range(size)])])
    tagged = set()
    for key, (annotation, element) in enumerate(annotations, start=len(pdf.pages)):
        annotation.StructParent = key
        tagged.add(annotation.objgen)
        nums.extend([key, element])
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.objgen not in tagged and "/StructParent" in annotation:
                del annotation["/StructParent"]
    root = pdf.Root.StructTreeRoot
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
    root.ParentTreeNextKey = len(pdf.pages) + len(annotations)
    return {index: set(owned) for index, owned in owners.items()}


def mark_artifacts(pdf: Any, reached: dict[int, set[int]]) -> None:
    """Marked content no element reaches (margin boxes, repeated table headers) → artifacts."""
    import pikepdf

    artifact = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
    bdc = pikepdf.Operator("BDC")  # compared as is: str() of each operator is slow
    for index, page in enumerate(pdf.pages):
        for holder in [page.obj, *page_forms(page)]:
            operations = list(pikepdf.parse_content_stream(holder))
            changed = False
            for position, instruction in enumerate(operations):
                operator, operands = instruction.operator, instruction.operands
                if operator != bdc or not isinstance(operands[1], pikepdf.Dictionary):
                    continue
                mcid = operands[1].get("/MCID")
                if mcid is not None and int(mcid) not in reached[index]:
                    operations[position] = pikepdf.ContentStreamInstruction(artifact, operator)
                    changed = True
            if not changed:
                continue
            data = pikepdf.unparse_content_stream(operations)
            if holder.objgen == page.obj.objgen:
                page.obj.Contents = pdf.make_stream(data)
            else:
                holder.write(data)
