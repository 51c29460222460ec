"""What a composed chapter or document holds, read back from its HTML: the section headings of
a chapter (for the contents) and every element id of the document (the targets a link may have).
Both are read with the standard library's HTML parser from what the templates produced, so they
are never out of step with the templates.
"""

from __future__ import annotations

from html.parser import HTMLParser


class SectionHeadings(HTMLParser):
    """Collects the headings with an id one level below the chapter title (`<h1
    class="chapter-title">` in print, so `<h2 id=…>`), in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.level = "h2"
        self.current: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if "chapter-title" in (values.get("class") or "").split() and tag in HEADINGS[:-1]:
            self.level = HEADINGS[HEADINGS.index(tag) + 1]
        elif tag == self.level and values.get("id"):
            self.current, self.text = values["id"], []

    def handle_data(self, data: str) -> None:
        if self.current:
            self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self.level and self.current:
            self.found.append((self.current, " ".join("".join(self.text).split())))
            self.current = None


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def section_headings(html: str) -> list[tuple[str, str]]:
    """Every section heading of a chapter, from its Markdown and from its layout template, so
    the contents lists what the reader sees (headings without an id stay out, e.g. state names)."""
    parser = SectionHeadings()
    parser.feed(html)
    return parser.found


class ElementIds(HTMLParser):
    """Collects every `id` attribute of a document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found |= {value for name, value in attrs if name == "id" and value}


def element_ids(html: str) -> frozenset[str]:
    """Every id of the document: headings, figures, tables, chapters, sections, profiles."""
    parser = ElementIds()
    parser.feed(html)
    parser.close()
    return frozenset(parser.found)
