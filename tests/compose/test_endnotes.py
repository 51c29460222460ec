"""Footnotes become endnotes in the web edition: a numbered call in the text, the note after the
chapter, links both ways — with the note's markup kept whole, nested spans included."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from decade_report.compose.endnotes import endnotes
from decade_report.compose.markdown import render_markdown

TEXT = """\
The Organization grew.[^1] Its network spread to the Andes.[^2]

[^1]: Report of the MR-WCC and the COVID-19 plan, 2018.
[^2]: In [Монголия]{lang=mn} too; *APSCO Secretariat*.
"""


def rendered(text: str) -> str:
    return str(render_markdown(text, "chapter-3", lambda kind, ident: "").html)


class Balance(HTMLParser):
    """Every element of a fragment closed in the order it was opened."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.stray: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        else:
            self.stray.append(tag)


def test_each_call_links_to_its_note_and_back() -> None:
    html = str(endnotes(rendered(TEXT), "chapter-3"))
    body, notes = html.split('<aside class="endnotes">')
    assert re.findall(
        r'<sup class="note-call" id="(fnref-chapter-3-\d)"><a href="#(fn-[^"]+)"', body
    ) == [
        ("fnref-chapter-3-1", "fn-chapter-3-1"),
        ("fnref-chapter-3-2", "fn-chapter-3-2"),
    ]
    assert re.findall(r'<li id="(fn-chapter-3-\d)">.*?href="#(fnref-[^"]+)"', notes) == [
        ("fn-chapter-3-1", "fnref-chapter-3-1"),
        ("fn-chapter-3-2", "fnref-chapter-3-2"),
    ]
    assert 'class="footnote"' not in html


def test_a_note_holding_spans_is_kept_whole() -> None:
    """A hyphenated acronym or a word in another language is a span inside the note: the note
    ends at its own closing tag, not at the first one (the text stays balanced)."""
    html = str(endnotes(rendered(TEXT), "chapter-3"))
    assert (
        '<li id="fn-chapter-3-1">Report of the <span class="nobreak">MR-WCC</span> and the '
        '<span class="nobreak">COVID-19</span> plan, 2018. <a class="note-back"'
    ) in html
    assert '<li id="fn-chapter-3-2">In <span lang="mn">Монголия</span> too; ' in html
    checker = Balance()
    checker.feed(html)
    assert (checker.stack, checker.stray) == ([], [])
    body = html.split("<aside")[0]
    assert "MR-WCC" not in body and "plan, 2018" not in body


def test_a_fragment_without_footnotes_is_unchanged() -> None:
    html = rendered("Plain text with a <span> written by an author & no notes.\n")
    assert str(endnotes(html, "chapter-3")) == html
