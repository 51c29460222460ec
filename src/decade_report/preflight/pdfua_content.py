"""Preflight: the PDF/UA-1 rules on content, annotations and languages (see preflight_pdfua).

Every painted mark is real content reachable from the structure tree or an artifact; every
annotation hangs from its structure element and says what it is; text changes language only
with a /Lang. The content streams are read once by `pdf_content`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from decade_report.compose.languages import script_of
from decade_report.editions.edition import Edition
from decade_report.pdf.content import content_of, placed_of
from decade_report.pdf.structure import (
    is_element,
    is_mcr,
    is_objr,
    kids,
    page_of,
    tag,
)
from decade_report.preflight.pdfua import ERROR, LANGUAGE_TAG, SCRIPTS, grouped, tree
from decade_report.preflight.registry import Finding, found, pdf_check

if TYPE_CHECKING:
    from decade_report.preflight.document import Pdf


# --- content: tagged or artifact -------------------------------------------------------------


def parent_tree(document: Pdf) -> dict[int, Any]:
    import pikepdf

    root = tree(document)
    if root is None or "/ParentTree" not in root:
        return {}
    return {int(k): v for k, v in pikepdf.NumberTree(root.ParentTree).items()}


def chain(element: Any) -> str:
    """The structure path of an element found by its /P links (also when the tree misses it)."""
    names, current, seen = [], element, set()
    while is_element(current) and current.objgen not in seen:
        seen.add(current.objgen)
        names.append(tag(current))
        current = current.get("/P")
    return "/".join(reversed(names))


@pdf_check(Edition.SCREEN)
def pdfua_tagged_content(document: Pdf) -> Iterator[Finding]:
    """All content is either real content, in marked content whose MCID the ParentTree maps to
    an element of the structure tree that lists it, or an artifact (running heads, folios).

    ISO 14289-1 7.1 and 7.8; Matterhorn 01-005 (untagged content), 01-007 and 18-001 (page
    headers and footers are artifacts).
    """
    pdf, scan = document.pdf, content_of(document)
    reachable = {placed.element.objgen for placed in placed_of(document)}
    parents = parent_tree(document)
    orphans, unmapped, missing = [], [], []
    for number, page in enumerate(pdf.pages, start=1):
        if scan.untagged[number]:
            yield found(
                "pdfua_tagged_content", ERROR,
                f"{scan.untagged[number]} painting operations are neither tagged nor artifacts",
                "draw them inside marked content, or mark them /Artifact", page=number,
            )  # fmt: skip
        key = page.obj.get("/StructParents")
        owners = parents.get(int(key)) if key is not None else None
        for mcid in sorted(scan.mcids[number]):
            owner = owners[mcid] if owners is not None and mcid < len(owners) else None
            if not is_element(owner):
                unmapped.append((number, "ParentTree"))
            elif owner.objgen not in reachable:
                orphans.append((number, chain(owner)))
            elif mcid not in [k for k in kids(owner) if isinstance(k, int)] and not any(
                is_mcr(k) and int(k.MCID) == mcid for k in kids(owner)
            ):
                unmapped.append((number, chain(owner)))
    numbers = document.page_numbers
    for placed in placed_of(document):
        page = placed.element.get("/Pg")
        number = numbers.get(page.objgen) if page is not None else None
        for kid in kids(placed.element):
            if isinstance(kid, int) and number and kid not in scan.mcids[number]:
                missing.append((number, placed.where()))
    yield from grouped(
        "pdfua_tagged_content", iter(orphans),
        "marked content of an element its parent does not list (outside the structure tree)",
        "running heads and folios must be /Artifact /Pagination; real content must be in the tree",
    )  # fmt: skip
    yield from grouped(
        "pdfua_tagged_content", iter(unmapped),
        "marked content the ParentTree does not map to an element that holds it", "",
    )  # fmt: skip
    yield from grouped(
        "pdfua_tagged_content", iter(missing),
        "an element points at marked content the page does not have", "",
    )  # fmt: skip


# --- annotations and links -------------------------------------------------------------------


def annotations(document: Pdf) -> Iterator[tuple[int, Any]]:
    for number, page in enumerate(document.pdf.pages, start=1):
        for annotation in page.obj.get("/Annots", []):
            yield number, annotation


@pdf_check(Edition.SCREEN)
def pdfua_annotations(document: Pdf) -> Iterator[Finding]:
    """Every annotation is tied to the structure tree (its /StructParent maps to an element that
    holds an OBJR to it), a link annotation to a Link element not nested in another Link, and
    every annotation but a widget has /Contents.

    ISO 14289-1 7.18.1, 7.18.5; Matterhorn 28-002, 28-004, 28-011.
    """
    import pikepdf

    parents = parent_tree(document)
    reachable = {p.element.objgen: p for p in placed_of(document)}
    untied, misplaced, silent = [], [], []
    for number, annotation in annotations(document):
        subtype = annotation.get("/Subtype")
        if subtype == pikepdf.Name.Popup:
            continue
        key = annotation.get("/StructParent")
        owner = parents.get(int(key)) if key is not None else None
        held = is_element(owner) and any(
            is_objr(k) and k.Obj.objgen == annotation.objgen for k in kids(owner)
        )
        if not held or owner.objgen not in reachable:
            untied.append((number, chain(owner) if is_element(owner) else "no /StructParent"))
        elif subtype == pikepdf.Name.Link and tag(owner) != "Link":
            misplaced.append((number, reachable[owner.objgen].where()))
        if subtype != pikepdf.Name.Widget and not str(annotation.get("/Contents", "")).strip():
            silent.append((number, str(subtype)[1:] + " annotation"))
    numbers = document.page_numbers
    nested = [
        (page_of(p.element, numbers), p.where())
        for p in reachable.values()
        if tag(p.element) == "Link" and "Link" in p.path[:-1]
    ]
    yield from grouped(
        "pdfua_annotations", iter(untied),
        "an annotation no structure element holds (no OBJR reached from its /StructParent)",
        "every annotation needs an OBJR in the structure tree and a matching /StructParent",
    )  # fmt: skip
    yield from grouped(
        "pdfua_annotations", iter(misplaced), "a link annotation held by another element than Link",
        "link annotations belong to a Link element",
    )  # fmt: skip
    yield from grouped(
        "pdfua_annotations", iter(nested), "a Link inside another Link", "links do not nest"
    )
    yield from grouped(
        "pdfua_annotations", iter(silent), "without /Contents (no description)",
        "describe every annotation in /Contents",
    )  # fmt: skip


@pdf_check(Edition.SCREEN)
def pdfua_link_descriptions(document: Pdf) -> Iterator[Finding]:
    """A link's description (/Contents) is human text, not the raw anchor name of its target
    ("chapter-1"): the target's title and page, or the address.

    ISO 14289-1 7.18.5 (links have an alternate description in /Contents).
    """
    import pikepdf

    raw: dict[int, list[str]] = {}
    for number, annotation in annotations(document):
        if annotation.get("/Subtype") != pikepdf.Name.Link:
            continue
        target = annotation.get("/Dest")
        if target is None:
            target = (annotation.get("/A") or {}).get("/D")
        described = str(annotation.get("/Contents", "")).strip()
        named = isinstance(target, pikepdf.String | pikepdf.Name)
        if named and described and described.lstrip("/#") == str(target).lstrip("/#"):
            raw.setdefault(number, []).append(described)
    for number, names in sorted(raw.items()):
        yield found(
            "pdfua_link_descriptions", ERROR,
            f"{len(names)} links described by their anchor names (such as {names[0]!r})",
            "describe a link by its target's title and page", page=number,
        )  # fmt: skip


# --- languages -------------------------------------------------------------------------------


@pdf_check(Edition.SCREEN)
def pdfua_languages(document: Pdf) -> Iterator[Finding]:
    """Text in another language than the one around it says so with /Lang (detected where the
    script changes: Bengali, Thai, Chinese, Arabic … in an English element), and every /Lang is
    a well-formed BCP 47 tag.

    ISO 14289-1 7.2; Matterhorn 11-001, 11-004, 11-006.
    """
    pdf = document.pdf
    default = str(pdf.Root.get("/Lang", "")).strip()
    if default and not LANGUAGE_TAG.match(default):
        yield found("pdfua_languages", ERROR, f"document /Lang {default!r} is not a BCP 47 tag", "")
    numbers, scan = document.page_numbers, content_of(document)
    language: dict[tuple[int, int], str] = {}
    unmarked: Counter[tuple[int | None, str, str, str]] = Counter()
    for placed in placed_of(document):
        element = placed.element
        own = str(element.get("/Lang", "")).strip()
        if "/Lang" in element and not LANGUAGE_TAG.match(own):
            yield found(
                "pdfua_languages", ERROR, f"/Lang {own!r} is no BCP 47 tag (at {placed.where()})",
                "", page=page_of(element, numbers),
            )  # fmt: skip
        inherited = (
            language.get(placed.parent.objgen, default) if is_element(placed.parent) else default
        )
        current = language[element.objgen] = own or inherited
        allowed = SCRIPTS.get(current.split("-")[0].lower())
        page = numbers.get(element.Pg.objgen) if "/Pg" in element else None
        if allowed is None or page is None:
            continue
        for kid in kids(element):
            text = scan.text.get((page, kid), "") if isinstance(kid, int) else ""
            # Latin letters (acronyms, numbers' units) are at home in every language.
            foreign = sorted({script_of(c) for c in text} - allowed - {"", "LATIN"})
            if foreign:
                sample = "".join(c for c in text if script_of(c) in foreign)[:20]
                unmarked[(page, placed.where(), ", ".join(foreign), sample)] += 1
    for (page, where, scripts, sample), count in sorted(
        unmarked.items(), key=lambda i: (i[0][0] or 0, i[0])
    ):
        times = f"{count} × " if count > 1 else ""
        yield found(
            "pdfua_languages", ERROR,
            f"{times}{scripts.title().replace('Cjk', 'Han')} text ({sample}) has no /Lang;"
            f" read as {default!r} ({where})",
            "mark the element's language with lang= in the HTML (it becomes /Lang)", page=page,
        )  # fmt: skip
