"""Preflight: the machine-checkable rules of PDF/UA-1 (ISO 14289-1) for the screen edition — the
document keys, structure types, lists, tables and IDs here; content, annotations and languages in
`preflight_pdfua_content`.

Each check is written from the standard and the Matterhorn Protocol 1.1 (its failure conditions
are quoted by number, e.g. "Matterhorn 28-011"), and reads the structure tree, the ParentTree,
the annotations and the content streams with pikepdf (text per marked-content item: pdf_content).
Findings are grouped per page and structure path ("Document/Art/Div/L/Div"), so that a defect
repeated a hundred times is a line, not a hundred. What only a human or a commercial validator can
judge (reading order, meaningful alt text, contrast) is listed in docs/printing.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from decade_report.editions.edition import Edition
from decade_report.errors import Severity
from decade_report.pdf.content import element_texts, placed_of
from decade_report.pdf.structure import (
    element_kids,
    is_element,
    page_of,
    tag,
)
from decade_report.preflight.registry import Finding, found, pdf_check

if TYPE_CHECKING:
    from decade_report.preflight.document import Pdf

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


@pdf_check(Edition.SCREEN)
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


@pdf_check(Edition.SCREEN)
def pdfua_structure_types(document: Pdf) -> Iterator[Finding]:
    """Every structure type is a standard one or role-mapped to one.

    ISO 14289-1 7.1; Matterhorn 02-001, 02-003, 02-004.
    """
    root = tree(document)
    if root is None:
        return
    role_map = root.get("/RoleMap") or {}
    numbers = document.page_numbers

    def unknown() -> Iterator[tuple[int | None, str]]:
        for placed in placed_of(document):
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


@pdf_check(Edition.SCREEN)
def pdfua_lists(document: Pdf) -> Iterator[Finding]:
    """Lists are L → LI → Lbl/LBody: an L holds only LI (and Caption), an LI only Lbl and LBody.

    ISO 32000-1 14.8.4.3.3 (list elements), ISO 14289-1 7.6; Matterhorn 16-001.
    """
    yield from family(document, "pdfua_lists", ("L", "LI", "Lbl", "LBody"))


@pdf_check(Edition.SCREEN)
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
    numbers = document.page_numbers
    tables = [p for p in placed_of(document) if tag(p.element) == "Table"]
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
    cells = [p for p in placed_of(document) if tag(p.element) == "TH"]
    uses_headers = any(
        "/Headers" in (p.element.get("/A") or {})
        for p in placed_of(document)
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
    numbers = document.page_numbers
    wrong_kids: list[tuple[int | None, str]] = []
    wrong_parents: list[tuple[int | None, str]] = []
    for placed in placed_of(document):
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


@pdf_check(Edition.SCREEN)
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
    numbers = document.page_numbers
    unlisted, dangling = [], []
    for placed in placed_of(document):
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
