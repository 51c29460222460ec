"""What the tagger needs from the layout beyond what WeasyPrint writes: languages, table identity
and the human names of link targets.

WeasyPrint builds the screen edition's structure tree from the layout boxes, page by page, and
drops two facts that only the boxes know: the `lang` attribute of an element (PDF/UA-1 7.2 wants
/Lang wherever the language changes) and which <table> a Table element was laid out from (a table
split at a page break becomes one Table per page). `tagging_hints()` wraps WeasyPrint's
`_build_box_tree` while the PDF is written and leaves both on the structure elements it returns:
/Lang (final) and /DecadeReportTable (a number per <table>, removed again by `finish_tags`, which
merges the fragments). The wrapper changes nothing else; `tests/preflight/test_pdfua.py` fails if a
WeasyPrint upgrade stops calling it (no /Lang on the native names).

`link_titles()` reads the HTML tree for the text a link's target shows (the heading of a chapter,
the caption of a figure or table), so a link can be described as "1 A Decade at a Glance, page 3"
instead of its anchor name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

TABLE_KEY = "/DecadeReportTable"
"""Private key on Table elements: which <table> they came from; finish_tags removes it."""

TITLE_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "caption", "figcaption")


@contextmanager
def tagging_hints() -> Iterator[None]:
    """While active, structure elements WeasyPrint builds carry /Lang and their table's number."""
    import pydyf
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    tables: dict[int, int] = {}

    def build_box_tree(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        for element in original(box, parent, *args):
            source = getattr(box, "element", None)
            # The root's language is the catalog's /Lang; the body has no element of its own.
            if source is not None and getattr(box, "element_tag", None) not in ("html", "body"):
                language = source.get("lang")
                if language:
                    element["Lang"] = pydyf.String(language)
                if element.get("S") == "/Table":
                    number = tables.setdefault(id(source), len(tables) + 1)
                    element[TABLE_KEY[1:]] = number
            yield element

    # The recursion inside WeasyPrint looks the function up by its module name, so replacing it
    # there sees every box, not just the page boxes.
    tags._build_box_tree = build_box_tree
    try:
        yield
    finally:
        tags._build_box_tree = original


def link_titles(root: Any) -> dict[str, str]:
    """Element id → what a reader sees there: its heading or caption, else its own text."""
    titles: dict[str, str] = {}
    for element in root.iter():
        ident = element.get("id") if isinstance(element.tag, str) else None
        if not ident or ident in titles:
            continue
        heading = element if local_name(element) in TITLE_TAGS else first_title(element)
        text = plain_text(heading if heading is not None else element)
        if text:
            titles[ident] = text[:120]
    return titles


def first_title(element: Any) -> Any:
    for child in element.iter():
        if child is not element and isinstance(child.tag, str) and local_name(child) in TITLE_TAGS:
            return child
    return None


def local_name(element: Any) -> str:
    return str(element.tag).rsplit("}", 1)[-1]


def plain_text(element: Any) -> str:
    """The element's text with a space between elements ("1" + "A Decade" → "1 A Decade")."""
    return re.sub(r"\s+", " ", " ".join(element.itertext())).strip()
