"""Footnotes as endnotes, for the web edition (a page without pages): each footnote that
`compose.markdown` renders as a `<span class="footnote">` becomes a numbered superscript link to
its note, and the notes follow the fragment, each linking back.

The fragment is read with an HTML tokenizer (the standard library's `html.parser`), not a
regular expression: a note holds inline markup, spans included (a hyphenated acronym's
`<span class="nobreak">`, a word's `<span lang>`), so only counting the spans that open and
close finds where a note ends. The note's markup is cut from the fragment as written, byte for
byte: nothing is re-serialised.
"""

from __future__ import annotations

from html.parser import HTMLParser

from markupsafe import Markup


class FootnoteSpans(HTMLParser):
    """Where each footnote span of a fragment starts and ends, and where its content does."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0]
        for line in html.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.found: list[tuple[int, int, int, int]] = []
        """(span start, content start, content end, span end) offsets, in order."""
        self.open: tuple[int, int] | None = None
        self.inner = 0  # spans opened inside the current note and not yet closed
        self.feed(html)
        self.close()

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "span":
            return
        if self.open is not None:
            self.inner += 1
        elif "footnote" in (dict(attrs).get("class") or "").split():
            start = self.position()
            self.open = (start, start + len(self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag != "span" or self.open is None:
            return
        if self.inner:
            self.inner -= 1
            return
        end = self.position()
        self.found.append((*self.open, end, self.html.index(">", end) + 1))
        self.open = None


def endnotes(html: str, prefix: str) -> Markup:
    """The fragment with its footnotes as numbered calls and, after it, the notes."""
    text = str(html)
    spans = FootnoteSpans(text).found
    if not spans:
        return Markup(text)
    body, notes, cursor = [], [], 0
    for number, (start, inner, inner_end, end) in enumerate(spans, 1):
        notes.append(text[inner:inner_end])
        body += [
            text[cursor:start],
            f'<sup class="note-call" id="fnref-{prefix}-{number}">'
            f'<a href="#fn-{prefix}-{number}" aria-label="Note {number}">{number}</a></sup>',
        ]
        cursor = end
    body.append(text[cursor:])
    items = "".join(
        f'<li id="fn-{prefix}-{number}">{note} <a class="note-back" href="#fnref-{prefix}-{number}"'
        f' aria-label="Back to the text of note {number}">↩</a></li>'
        for number, note in enumerate(notes, 1)
    )
    return Markup(
        f'{"".join(body)}<aside class="endnotes"><h2 class="endnotes-title">Notes</h2>'
        f"<ol>{items}</ol></aside>\n"
    )
