"""Preflight: the machine-checkable rules of PDF/UA-1 (ISO 14289-1) for the screen edition.

Each check is written from the standard and the Matterhorn Protocol 1.1 (its failure conditions
are quoted by number, e.g. "Matterhorn 28-011"), and reads the structure tree, the ParentTree,
the annotations and the content streams with pikepdf; text per marked-content item comes from
pypdf. Findings are grouped per page and structure path ("Document/Art/Div/L/Div"), so that one
defect repeated a hundred times is a line, not a hundred. What only a human or a commercial
validator can judge (reading order, alt text that is meaningful, colour contrast) is listed in
docs/printing.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from decade_report.errors import Severity
from decade_report.findings import Finding, found, pdf_check
from decade_report.pdf_structure import (
    element_kids,
    is_element,
    is_mcr,
    is_objr,
    kids,
    page_numbers,
    page_of,
    tag,
    walk,
)

if TYPE_CHECKING:
    from decade_report.preflight import Pdf

ERROR, WARNING = Severity.ERROR, Severity.WARNING

STANDARD_TYPES = frozenset([
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
    "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
    "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT",
    "WP", "Figure", "Formula", "Form",
])  # fmt: skip
"""ISO 32000-1 14.8.4: the standard structure types (PDF/UA-1 7.1: others need a RoleMap)."""

ALLOWED_KIDS = {
    "L": {"LI", "Caption"},
    "LI": {"Lbl", "LBody"},
    "Table": {"Caption", "THead", "TBody", "TFoot", "TR"},
    "THead": {"TR"},
    "TBody": {"TR"},
    "TFoot": {"TR"},
    "TR": {"TH", "TD"},
}
"""Which element kids a list or table element may have (ISO 32000-1 14.8.4.3.3 and 14.8.4.3.4)."""

ALLOWED_PARENTS = {
    "LI": {"L"},
    "Lbl": {"LI"},
    "LBody": {"LI"},
    "TR": {"Table", "THead", "TBody", "TFoot"},
    "TH": {"TR"},
    "TD": {"TR"},
    "THead": {"Table"},
    "TBody": {"Table"},
    "TFoot": {"Table"},
}

SCRIPTS = {
    "en": {"LATIN"}, "fr": {"LATIN"}, "de": {"LATIN"}, "es": {"LATIN"}, "pt": {"LATIN"},
    "it": {"LATIN"}, "tr": {"LATIN"}, "id": {"LATIN"}, "ms": {"LATIN"}, "nl": {"LATIN"},
    "zh": {"CJK"}, "ja": {"CJK", "HIRAGANA", "KATAKANA"}, "ko": {"HANGUL", "CJK"},
    "ar": {"ARABIC"}, "fa": {"ARABIC"}, "ur": {"ARABIC"}, "bn": {"BENGALI"}, "th": {"THAI"},
    "mn": {"CYRILLIC"}, "ru": {"CYRILLIC"}, "hi": {"DEVANAGARI"}, "el": {"GREEK"},
    "he": {"HEBREW"},
}  # fmt: skip
"""The scripts a language is written in, to see where text changes language without /Lang."""

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
"""The shape of a BCP 47 tag (language, then subtags), as PDF /Lang must be (ISO 32000-1 14.9.2)."""

PAINTING = {"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "BI"}


def grouped(
    check: str, items: Iterator[tuple[int | None, str]], message: str, hint: str
) -> Iterator[Finding]:
    """One finding per (page, structure path), saying how often the defect occurs there."""
    for (page, where), count in sorted(Counter(items).items(), key=lambda i: (i[0][0] or 0, i[0])):
        times = f"{count} × " if count > 1 else ""
        yield found(check, ERROR, f"{times}{message} (at {where})", hint, page=page)


def tree(document: Pdf) -> Any:
    return document.pdf.Root.get("/StructTreeRoot")


# --- document level --------------------------------------------------------------------------


@pdf_check("screen")
def pdfua_document(document: Pdf) -> Iterator[Finding]:
    """PDF/UA-1 identification and the document-level keys: pdfuaid:part 1 in the XMP, a
    dc:title shown as the window title (DisplayDocTitle), MarkInfo /Marked true, no /Suspects.

    ISO 14289-1 5 and 7.1; Matterhorn 06-002, 06-003, 07-001, 01-002, 01-004.
    """
    pdf = document.pdf
    with pdf.open_metadata() as meta:
        part, title = meta.get("pdfuaid:part"), str(meta.get("dc:title", "")).strip()
    if str(part) != "1":
        yield found(
            "pdfua_document", ERROR, f"the XMP does not identify PDF/UA-1 (pdfuaid:part={part})",
            "write the screen edition with WeasyPrint's pdf/ua-1 variant",
        )  # fmt: skip
    if not title:
        yield found("pdfua_document", ERROR, "no dc:title in the XMP metadata", "set title")
    preferences = pdf.Root.get("/ViewerPreferences") or {}
    if not bool(preferences.get("/DisplayDocTitle", False)):
        yield found(
            "pdfua_document", ERROR, "ViewerPreferences /DisplayDocTitle is not true",
            "the window must show the title, not the file name",
        )  # fmt: skip
    mark = pdf.Root.get("/MarkInfo") or {}
    if not bool(mark.get("/Marked", False)):
        yield found("pdfua_document", ERROR, "MarkInfo /Marked is not true", "tag the PDF")
    if bool(mark.get("/Suspects", False)):
        yield found(
            "pdfua_document", ERROR, "MarkInfo /Suspects is true: the tags may be wrong", ""
        )


@pdf_check("screen")
def pdfua_structure_types(document: Pdf) -> Iterator[Finding]:
    """Every structure type is a standard one or role-mapped to one.

    ISO 14289-1 7.1; Matterhorn 02-001, 02-003, 02-004.
    """
    root = tree(document)
    if root is None:
        return
    role_map = root.get("/RoleMap") or {}
    numbers = page_numbers(document.pdf)

    def unknown() -> Iterator[tuple[int | None, str]]:
        for placed in walk(document.pdf):
            name, seen = tag(placed.element), set()
            while name not in STANDARD_TYPES and f"/{name}" in role_map and name not in seen:
                seen.add(name)
                name = str(role_map[f"/{name}"])[1:]
            if name not in STANDARD_TYPES:
                yield page_of(placed.element, numbers), placed.where()

    yield from grouped(
        "pdfua_structure_types", unknown(), "a structure type that is not standard",
        "map it to a standard type in the StructTreeRoot's /RoleMap",
    )  # fmt: skip


# --- lists and tables ------------------------------------------------------------------------


@pdf_check("screen")
def pdfua_lists(document: Pdf) -> Iterator[Finding]:
    """Lists are L → LI → Lbl/LBody: an L holds only LI (and Caption), an LI only Lbl and LBody.

    ISO 32000-1 14.8.4.3.3 (list elements), ISO 14289-1 7.6; Matterhorn 16-001.
    """
    yield from family(document, "pdfua_lists", ("L", "LI", "Lbl", "LBody"))


@pdf_check("screen")
def pdfua_tables(document: Pdf) -> Iterator[Finding]:
    """Tables are Table → (Caption) THead/TBody/TFoot → TR → TH/TD, each table one element
    with rows, and TH cells say what they head (/Scope, or IDs with TD /Headers).

    ISO 32000-1 14.8.4.3.4 (table elements), ISO 14289-1 7.5; Matterhorn 15-003.
    A Table with no rows (its caption left alone on a page) and two Tables where the second
    repeats the first's header row on the next page (one table split at a page break) are errors.
    """
    yield from family(
        document, "pdfua_tables", ("Table", "THead", "TBody", "TFoot", "TR", "TH", "TD")
    )
    numbers = page_numbers(document.pdf)
    tables = [p for p in walk(document.pdf) if tag(p.element) == "Table"]
    texts = element_texts(document)
    for placed in tables:
        if not any(tag(cell) in ("TH", "TD") for cell in descendants(placed.element)):
            yield found(
                "pdfua_tables", ERROR, f"a Table with no rows (at {placed.where()})",
                "a table split at a page break must stay one Table element with its caption",
                page=page_of(placed.element, numbers),
            )  # fmt: skip
    for before, after in pairwise(tables):
        first, second = page_of(before.element, numbers), page_of(after.element, numbers)
        heads = [head_text(p.element, texts) for p in (before, after)]
        captioned = any(tag(k) == "Caption" for k in element_kids(after.element))
        if first and second == first + 1 and heads[0] and heads[0] == heads[1] and not captioned:
            yield found(
                "pdfua_tables", ERROR,
                f"one table split at a page break into two Table elements (at {after.where()})",
                "merge the fragments into one Table (decade-report's finish_tags does)",
                page=second,
            )  # fmt: skip
    cells = [p for p in walk(document.pdf) if tag(p.element) == "TH"]
    uses_headers = any(
        "/Headers" in (p.element.get("/A") or {})
        for p in walk(document.pdf)
        if tag(p.element) == "TD"
    )
    if not uses_headers:
        yield from grouped(
            "pdfua_tables",
            ((page_of(p.element, numbers), p.where()) for p in cells if not scope_of(p.element)),
            "a TH without /Scope in a table without Headers",
            "give header cells scope (col or row)",
        )


def family(document: Pdf, check: str, types: tuple[str, ...]) -> Iterator[Finding]:
    numbers = page_numbers(document.pdf)
    wrong_kids: list[tuple[int | None, str]] = []
    wrong_parents: list[tuple[int | None, str]] = []
    for placed in walk(document.pdf):
        name = tag(placed.element)
        if name in types and name in ALLOWED_KIDS:
            for kid in element_kids(placed.element):
                if tag(kid) not in ALLOWED_KIDS[name]:
                    page = page_of(kid, numbers) or page_of(placed.element, numbers)
                    wrong_kids.append((page, f"{placed.where()}/{tag(kid)}"))
        if name in types and name in ALLOWED_PARENTS:
            parent = tag(placed.parent) if is_element(placed.parent) else ""
            if parent not in ALLOWED_PARENTS[name]:
                wrong_parents.append((page_of(placed.element, numbers), placed.where()))
    yield from grouped(
        check, iter(wrong_kids), "a kid its parent may not hold",
        "lists hold LI (Lbl, LBody); tables hold THead/TBody/TFoot, TR, TH/TD",
    )  # fmt: skip
    yield from grouped(
        check, iter(wrong_parents), "an element outside the parent it belongs in",
        "LI belongs in L, Lbl/LBody in LI, TR in a table section, TH/TD in TR",
    )  # fmt: skip


def descendants(element: Any) -> Iterator[Any]:
    for kid in element_kids(element):
        yield kid
        yield from descendants(kid)


def scope_of(cell: Any) -> str:
    import pikepdf

    attributes = cell.get("/A")
    entries = attributes if isinstance(attributes, pikepdf.Array) else [attributes]
    return next((str(a.Scope) for a in entries if a is not None and "/Scope" in a), "")


def head_text(table: Any, texts: dict[tuple[int, int], str]) -> str:
    heads = [k for k in element_kids(table) if tag(k) == "THead"]
    return " ".join(texts.get(cell.objgen, "") for h in heads for cell in descendants(h)).strip()


@pdf_check("screen")
def pdfua_ids(document: Pdf) -> Iterator[Finding]:
    """Elements with an /ID are listed in the StructTreeRoot's /IDTree, and every TD /Headers
    entry names such an ID.

    ISO 32000-1 14.7.2 (ID, IDTree), 14.8.5.7 (Headers); Matterhorn 15-005.
    """
    root = tree(document)
    if root is None:
        return
    import pikepdf

    listed: dict[str, Any] = {}
    if "/IDTree" in root:
        listed = {str(k): v for k, v in pikepdf.NameTree(root.IDTree).items()}
    numbers = page_numbers(document.pdf)
    unlisted, dangling = [], []
    for placed in walk(document.pdf):
        element = placed.element
        ident = str(element.get("/ID", ""))
        if ident and (ident not in listed or listed[ident].objgen != element.objgen):
            unlisted.append((page_of(element, numbers), placed.where()))
        attributes = element.get("/A")
        headers = attributes.get("/Headers", []) if attributes is not None else []
        if any(str(h) not in listed for h in headers):
            dangling.append((page_of(element, numbers), placed.where()))
    yield from grouped(
        "pdfua_ids", iter(unlisted), "an element with an /ID that the IDTree does not list",
        "add an IDTree to the StructTreeRoot (or drop IDs nothing refers to)",
    )  # fmt: skip
    yield from grouped(
        "pdfua_ids", iter(dangling), "TD /Headers names an ID no element has in the IDTree", ""
    )


# --- content: tagged or artifact -------------------------------------------------------------


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


def content(document: Pdf) -> Content:
    cached = document.__dict__.get("_pdfua_content")
    if cached is None:
        cached = document.__dict__["_pdfua_content"] = Content(document.pdf)
    return cached


def element_texts(document: Pdf) -> dict[tuple[int, int], str]:
    """Structure element → the text of its content, its descendants' included."""
    scan, numbers = content(document), page_numbers(document.pdf)
    texts: dict[tuple[int, int], str] = {}
    for placed in reversed(list(walk(document.pdf))):
        element, parts = placed.element, []
        page = numbers.get(element.Pg.objgen) if "/Pg" in element else None
        for kid in kids(element):
            if isinstance(kid, int) and page is not None:
                parts.append(scan.text.get((page, kid), ""))
            elif is_element(kid):
                parts.append(texts.get(kid.objgen, ""))
        texts[element.objgen] = " ".join(p.strip() for p in parts if p.strip())
    return texts


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


@pdf_check("screen")
def pdfua_tagged_content(document: Pdf) -> Iterator[Finding]:
    """All content is either real content, in marked content whose MCID the ParentTree maps to
    an element of the structure tree that lists it, or an artifact (running heads, folios).

    ISO 14289-1 7.1 and 7.8; Matterhorn 01-005 (untagged content), 01-007 and 18-001 (page
    headers and footers are artifacts).
    """
    pdf, scan = document.pdf, content(document)
    reachable = {placed.element.objgen for placed in walk(pdf)}
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
    for placed in walk(pdf):
        page = placed.element.get("/Pg")
        number = page_numbers(pdf).get(page.objgen) if page is not None else None
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


@pdf_check("screen")
def pdfua_annotations(document: Pdf) -> Iterator[Finding]:
    """Every annotation is tied to the structure tree (its /StructParent maps to an element that
    holds an OBJR to it), a link annotation to a Link element not nested in another Link, and
    every annotation but a widget has /Contents.

    ISO 14289-1 7.18.1, 7.18.5; Matterhorn 28-002, 28-004, 28-011.
    """
    import pikepdf

    parents = parent_tree(document)
    reachable = {p.element.objgen: p for p in walk(document.pdf)}
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
    nested = [
        (page_of(p.element, page_numbers(document.pdf)), p.where())
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


@pdf_check("screen")
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


@pdf_check("screen")
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
    numbers, scan = page_numbers(pdf), content(document)
    language: dict[tuple[int, int], str] = {}
    unmarked: Counter[tuple[int | None, str, str, str]] = Counter()
    for placed in walk(pdf):
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
            foreign = sorted({script_of(c) for c in text} - allowed - {""})
            if foreign:
                sample = "".join(c for c in text if script_of(c) in foreign)[:20]
                unmarked[(page, placed.where(), ", ".join(foreign), sample)] += 1
    for (page, where, scripts, sample), count in sorted(
        unmarked.items(), key=lambda i: (i[0][0] or 0, i[0])
    ):
        times = f"{count} × " if count > 1 else ""
        yield found(
            "pdfua_languages", ERROR,
            f"{times}{scripts.title().replace('Cjk', 'Han')} text ({sample}) has no /Lang; read as {default!r} ({where})",
            "mark the element's language with lang= in the HTML (it becomes /Lang)", page=page,
        )  # fmt: skip


def script_of(character: str) -> str:
    """The Unicode script of a letter, as the first word of its name ("CJK", "ARABIC"); "" else."""
    if not unicodedata.category(character).startswith("L"):
        return ""
    return unicodedata.name(character, "").split(" ")[0]
