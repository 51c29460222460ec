"""The composed page cut into its parts (the body's children), and which parts a save changed.

A save usually changes one chapter. Instead of laying the whole document out again in the
browser (Paged.js on every page: seconds), the preview sends only the changed chapters' HTML and
the page re-paginates just those (assets/client.js). Which chapters changed is read from the
composed HTML itself, not guessed from the saved file's name: a chapter's Markdown, a data file
that feeds one chapter's tables or charts, or a chart style used by one chapter all end up as a
change in that chapter's `<article>` alone; anything else (the head with its CSS, the cover,
the contents when a title changed, several chapters' numbering) is a change outside the
chapters, and the page is loaded again whole.

A part is a child element of `<body>`, found by the standard library's HTML tokenizer (the
composed HTML comes from our templates and Markdown renderer, so it is well formed; a start tag
without its end tag would only make the cut coarser, never wrong: such a page reloads whole).
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"),
) | {"source", "track", "wbr"}  # elements that never have an end tag (HTML's void elements)
MAX_PARTS = 3
"""More changed chapters than this: the whole page is laid out again (one pass is then cheaper
than several separate ones, and the change is more likely one of numbering)."""


@dataclass(frozen=True)
class Part:
    key: str
    """The element's id; `#N` (its position) when it has none."""
    html: str
    chapter: bool
    """An `<article class="chapter …">` with an id: the parts the page may re-paginate alone."""


@dataclass(frozen=True)
class Cut:
    head: str
    """Everything before the body's first child: doctype, head (CSS), the `<body>` tag."""
    parts: tuple[Part, ...]
    tail: str
    """Text between and after the parts (white space, in practice) and `</body></html>`."""

    def keys(self) -> tuple[str, ...]:
        return tuple(part.key for part in self.parts)


class Cutter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0  # 0 outside <body>, 1 directly inside it
        self.lines: list[int] = []
        self.spans: list[tuple[int, int, str, bool]] = []  # start, end offsets, key, chapter
        self.open: tuple[int, str, bool] | None = None
        self.body_start: int | None = None
        self.body_end: int | None = None
        self.broken = False

    def at(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and self.body_start is None:
            self.body_start = self.at() + len(self.get_starttag_text() or "")
            self.depth = 1
            return
        if self.depth == 0 or tag in VOID:
            return
        if self.depth == 1:
            values = dict(attrs)
            element_id = values.get("id") or f"#{len(self.spans)}"
            classes = (values.get("class") or "").split()
            chapter = tag == "article" and "chapter" in classes and bool(values.get("id"))
            self.open = (self.at(), element_id, chapter)
        self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # `<br/>`: nothing opened

    def handle_endtag(self, tag: str) -> None:
        if self.depth == 0:
            return
        if tag == "body":
            self.body_end = self.at()
            self.depth = 0
            return
        if tag in VOID:
            return
        self.depth -= 1
        if self.depth == 1 and self.open is not None:
            start, key, chapter = self.open
            end = self.at() + len(f"</{tag}>")
            self.spans.append((start, end, key, chapter))
            self.open = None
        elif self.depth < 1:
            self.broken = True
            self.depth = 1


def cut(html: str) -> Cut | None:
    """The page's parts, or None when its body could not be cut cleanly."""
    cutter = Cutter()
    cutter.lines = [0]
    for line in html.split("\n"):
        cutter.lines.append(cutter.lines[-1] + len(line) + 1)
    cutter.feed(html)
    cutter.close()
    if cutter.broken or cutter.body_start is None or cutter.body_end is None or cutter.open:
        return None
    keys = [key for _, _, key, _ in cutter.spans]
    if len(set(keys)) != len(keys):
        return None  # two parts with one id: which one changed would be ambiguous
    parts = tuple(Part(key, html[start:end], chapter) for start, end, key, chapter in cutter.spans)
    gaps = []
    position = cutter.body_start
    for start, end, _, _ in cutter.spans:
        gaps.append(html[position:start])
        position = end
    gaps.append(html[position:])
    return Cut(html[: cutter.body_start], parts, "\x00".join(gaps))


def changed_chapters(old: Cut | None, new: Cut | None) -> tuple[Part, ...] | None:
    """The chapters of `new` that differ from `old`, when nothing else did; else None (the
    whole page must be laid out again)."""
    if old is None or new is None:
        return None
    if old.head != new.head or old.tail != new.tail or old.keys() != new.keys():
        return None
    changed = tuple(part for part, was in zip(new.parts, old.parts, strict=True) if part != was)
    if not changed or len(changed) > MAX_PARTS or not all(part.chapter for part in changed):
        return None
    return changed
