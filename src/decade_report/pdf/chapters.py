"""The screen edition laid out a chapter at a time, so that an edit lays out only what changed.

The composed page is cut (`preview.parts.cut`) into documents: the front matter (cover, message,
contents), each chapter, and the back matter. Each is laid out alone, told what one pass would
have counted before it (benchmarks/chapter_split.py measured this on the sample and a 254-page
project: the same text on every page):

* its first page number: `@page :first { counter-set: page N }` (the first chapter numbers
  itself from 1, report.css `:nth(1 of body-start)`);
* its first footnote number: `counter-reset: footnote N` on the root;
* the side its first page is on: the root's `break-before: recto | verso`, which WeasyPrint
  reads for the first page without adding one;
* the page of each anchor its contents or lists of figures and tables point to, written in as
  text (`attr(data-page)`) where the theme asks for `target-counter()`, which a document laid
  out alone cannot resolve for a target in another document;
* a link to an anchor in another document points to `merge.OUTSIDE` until the pieces are joined.

What a theme may use that a document laid out alone cannot reproduce — `:first` pages,
`counter(pages)`, `target-text()`, `target-counter()` outside the contents and lists — keeps the
edition in one pass (`splittable`). So does the print edition: its blank versos before chapters
would need pages one pass adds and a piece does not.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from decade_report.pdf.merge import OUTSIDE
from decade_report.preview.parts import cut

LISTED = frozenset((".toc a::after", ".list-of a::after", ".toc-front a::after"))
"""The rules of the theme that ask for a link's page number (report.css, rtl.css)."""
PAGE_AS_TEXT = (
    "<style>.toc a::after, .list-of a::after, .toc-front a::after "
    '{ content: leader(dotted) " " attr(data-page) }</style>'
)
UNSPLITTABLE = re.compile(r":first(?![\w-])|counter\(\s*pages\s*[,)]|target-text\(")
RULE_WITH_TARGET = re.compile(r"([^{};]+)\{[^{}]*target-counter\(")
FOOTNOTE = re.compile(r'class="(?:[^"]*\s)?footnote(?:\s[^"]*)?"')
ID = re.compile(r'\sid="([^"]+)"')
LINK = re.compile(r'<a href="#([^"]+)"')


@dataclass(frozen=True)
class Start:
    """What one pass counts before a document: its first page's number and side, and the
    footnotes before it."""

    page: int
    footnotes: int
    recto: bool


@dataclass(frozen=True)
class Documents:
    head: str
    """The doctype, the head with its CSS, the `<body>` tag."""
    bodies: tuple[str, ...]
    """Each document's part of the body: the front matter, each chapter, the back matter."""
    closing: str
    """`</body></html>`."""

    def key(self, index: int) -> str:
        """What the document's layout depends on besides its start: a hash of its HTML."""
        return hashlib.sha256((self.head + self.bodies[index]).encode()).hexdigest()[:16]

    def footnotes(self, index: int) -> int:
        return len(FOOTNOTE.findall(self.bodies[index]))

    def listing(self, index: int) -> bool:
        """Holds the contents or a list of figures or tables (page numbers of other documents)."""
        return bool(re.search(r'class="(toc|toc-front|list-of)[ "]', self.bodies[index]))


def splittable(page: str) -> bool:
    """The page's CSS uses nothing a document laid out alone would get wrong."""
    head = page.split("<body", 1)[0]
    if UNSPLITTABLE.search(head):
        return False
    for rule in RULE_WITH_TARGET.findall(head):
        selectors = {" ".join(s.split()) for s in rule.split(",")}
        if not selectors <= LISTED:
            return False
    return True


def documents(page: str) -> Documents | None:
    """The page as documents (front matter, each chapter, back matter), or None when it cannot
    be cut, has no chapter, or uses what a split layout would get wrong."""
    if not splittable(page):
        return None
    parts = cut(page)
    if parts is None or not any(part.chapter for part in parts.parts):
        return None
    front: list[str] = []
    chapters: list[str] = []
    back: list[str] = []
    for part in parts.parts:
        if part.chapter:
            chapters.append(part.html)
        elif chapters:
            back.append(part.html)
        else:
            front.append(part.html)
    if not front:
        return None  # the first chapter opens the document: numbering from it is one pass's
    groups = ["\n".join(front), *chapters] + (["\n".join(back)] if back else [])
    return Documents(parts.head, tuple(groups), parts.tail.split("\x00")[-1])


def starts(documents: Documents, pages: Sequence[int]) -> list[Start]:
    """Where each document begins in one pass, from the page count of each: the front matter
    on the cover (a recto, numbered by its own counter), the first chapter on body page 1."""
    found = [Start(1, 0, True)]
    index, page, footnotes = pages[0], 1, documents.footnotes(0)
    for number in range(1, len(documents.bodies)):
        found.append(Start(page, footnotes, index % 2 == 0))
        index, page = index + pages[number], page + pages[number]
        footnotes += documents.footnotes(number)
    return found


def document_html(
    documents: Documents, index: int, start: Start, numbers: Mapping[str, str]
) -> str:
    """The HTML of document `index`, laid out from `start`; where it holds the contents or a
    list of figures or tables, each link's page is `numbers` (anchor → printed folio)."""
    body = documents.bodies[index]
    listing = documents.listing(index)
    own = set(map(html.unescape, ID.findall(body)))

    def link(match: re.Match[str]) -> str:
        target = html.unescape(match[1])
        href = ("#" if target in own else html.escape(OUTSIDE)) + match[1]
        page = f' data-page="{html.escape(numbers.get(target, ""))}"' if listing else ""
        return f'<a href="{href}"{page}'

    body = LINK.sub(link, body)
    rules = ""
    if index:
        side = "recto" if start.recto else "verso"
        rules = f"html {{ counter-reset: footnote {start.footnotes}; break-before: {side} }}"
        if index > 1:
            rules += f" @page :first {{ counter-set: page {start.page} }}"
    style = f"<style>{rules}</style>" if rules else ""
    style += PAGE_AS_TEXT if listing else ""
    return documents.head.replace("</head>", style + "</head>", 1) + body + documents.closing
