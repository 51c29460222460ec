"""The preview page: the screen edition's composed HTML, made servable and paged in the browser.

The page is the very HTML the screen PDF is laid out from, print CSS and all (`@page` size,
margins, running heads, page numbers, leaders to page numbers), with its `file:` URLs mounted
(mounts.py) and five elements added at the top of its head: the page's version, the preview's
screen stylesheet (ignored by Paged.js, so it styles the sheets, not the report), the client
script (updates after a save, overlay, PDF link), the chapter relayout (chapters.js) and
Paged.js, which lays the document out in pages with the same CSS. Everything else is left
exactly as composed.

The page's Content-Security-Policy (an HTTP header) lets only the scripts of this response
run (a fresh nonce each time: a `<script>` a template might write does not run), styles come
from the page itself (Paged.js writes the paged CSS into `<style>` elements, so inline styles must
be allowed; CSS cannot run code), images and fonts only from this server, and connections only
back to it (the event stream). No frame, plugin, form or base URL.
"""

from __future__ import annotations

import html as html_text
from html.parser import HTMLParser

from decade_report.preview.mounts import ASSETS_PREFIX, Mounts

VERSION_META = "decade-report-preview"


def page_policy(nonce: str) -> str:
    return (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'; object-src 'none'"
    )


FILE_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"
"""Every file served as itself (an SVG opened on its own, say): no script, no request."""


class HeadFinder(HTMLParser):
    """Where the `<head>` start tag ends, read by the standard library's HTML tokenizer."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.end: tuple[int, int] | None = None
        self.doctype_end: tuple[int, int] | None = None

    def handle_decl(self, decl: str) -> None:
        if self.doctype_end is None and decl.lower().startswith("doctype"):
            line, column = self.getpos()
            self.doctype_end = (line, column + len(decl) + 3)

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "head" and self.end is None:
            line, column = self.getpos()
            text = self.get_starttag_text() or ""
            self.end = (line, column + len(text))
        elif tag == "body" and self.end is None:
            self.end = (0, 0)  # no head: the elements go before the document (see insertion)


def offset(text: str, position: tuple[int, int]) -> int:
    line, column = position
    if line == 0:
        return 0
    lines = text.split("\n")
    return sum(len(part) + 1 for part in lines[: line - 1]) + column


def insertion(html: str) -> int:
    """The offset right after `<head …>`, or after the doctype when the document has no head
    tag (the parser then opens the head itself around what comes first)."""
    finder = HeadFinder()
    finder.feed(html)
    finder.close()
    if finder.end and finder.end != (0, 0):
        return offset(html, finder.end)
    return offset(html, finder.doctype_end) if finder.doctype_end else 0


def head_elements(version: str, nonce: str, paged: bool) -> str:
    elements = [
        f'<meta name="{VERSION_META}" content="{html_text.escape(version)}">',
        f'<link rel="stylesheet" href="{ASSETS_PREFIX}preview.css" data-pagedjs-ignore>',
        f'<script nonce="{nonce}" src="{ASSETS_PREFIX}client.js"></script>',
    ]
    if paged:
        elements.append(f'<script nonce="{nonce}" src="{ASSETS_PREFIX}chapters.js"></script>')
        elements.append(f'<script nonce="{nonce}" src="{ASSETS_PREFIX}paged.polyfill.js"></script>')
    return "\n" + "\n".join(elements) + "\n"


def preview_page(composed: str, mounts: Mounts, version: str, nonce: str) -> bytes:
    """The composed HTML as the preview serves it (UTF-8)."""
    served = mounts.rewrite(composed)
    at = insertion(served)
    return (served[:at] + head_elements(version, nonce, True) + served[at:]).encode("utf-8")


def waiting_page(nonce: str) -> bytes:
    """What is served before the project was ever composed without an error: the overlay (from
    the client script) says what to fix; the first good save brings the report."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>decade-report preview</title>"
        + head_elements("", nonce, False)
        + '</head>\n<body>\n<p class="preview-waiting">The report could not be composed yet: '
        "the problems are listed on this page. Save a fix and it appears here.</p>\n"
        "</body>\n</html>\n"
    ).encode("utf-8")
