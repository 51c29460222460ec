"""The layout lint: the proof-reading a publications officer does by eye, page by page.

Each check reads the pages as `pdf_layout` sees them (lines with roles, ink shares) and reports
what a designer would not send to print: a stray page, an opener with nothing on it, a heading or a
table caption parted from what it introduces, a table running on without "(continued)", a running
head that repeats itself, a lonely line of a paragraph, a figure far from its first mention. Every
finding names the page by its printed label and says what to change; how much it counts (error,
warning, info, off) is a theme setting (`lint_*` tokens in templates/theme.toml).

`decade-report pages FILE.pdf` draws the contact sheet to look at what a finding describes.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from functools import cache
from itertools import pairwise
from typing import Any

from decade_report.editions.edition import Edition
from decade_report.errors import Severity
from decade_report.pdf.captions import continued_pattern, mention_pattern
from decade_report.pdf.captions import label as caption_label
from decade_report.pdf.layout import Line, Measures, Page, read_pages
from decade_report.preflight.document import Pdf
from decade_report.preflight.registry import Finding, found, pdf_check
from decade_report.theme.tokens import Tokens, default_theme_root

LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
STRAY_FILLED = 0.12
"""A page whose type area has ink on fewer rows than this holds no figure or table worth it."""
OPENER_FILLED = 0.4
"""An opener that leaves more than this much of its type area without ink carries no weight."""
SENTENCE_END = (".", ":", "!", "?", ";", "”", "’", ")")


@cache
def default_tokens() -> Tokens:
    text = (default_theme_root() / "templates" / "theme.toml").read_text("utf-8")
    return Tokens.model_validate(tomllib.loads(text))


def tokens_of(document: Pdf) -> Any:
    return document.tokens or default_tokens()


def pages_of(document: Pdf) -> list[Page]:
    """The pages as lines with roles, read once for every check of this module."""
    if "layout" not in document.memo:
        document.memo["layout"] = read_pages(
            document.path, document.pdf, Measures.of(tokens_of(document))
        )
    pages: list[Page] = document.memo["layout"]
    return pages


def level(document: Pdf, check: str) -> Severity | None:
    """How much a finding of `check` counts, from the theme's `lint_*` token; None: off."""
    return LEVELS.get(getattr(tokens_of(document), f"lint_{check}"))


def quote(lines: tuple[Line, ...] | list[Line], limit: int = 60) -> str:
    text = " / ".join(line.text for line in lines)
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def inner(pages: list[Page]) -> Iterator[Page]:
    """Pages between the covers: the first and the last are designed, not set."""
    yield from pages[1:-1]


@pdf_check(Edition.PRINT, Edition.SCREEN)
def stray_page(document: Pdf) -> Iterator[Finding]:
    """No stray page: a page holding only a footnote, a signature, a caption, a heading or at most
    two lines of running text.

    Running heads and page numbers do not count; a blank page before a right-hand opener, the covers
    and colour-field pages are designed and never reported.
    """
    severity = level(document, "stray_page")
    if severity is None:
        return
    for page in inner(pages_of(document)):
        content = page.content
        if not content or page.designed or page.filled >= STRAY_FILLED:
            continue
        roles = {line.role for line in content}
        body = [line for line in content if line.role == "body"]
        what = ""
        if roles == {"footnote"}:
            what = "only a footnote"
            hint = (
                "its call is at the end of the text on the page before: move the call into an"
                " earlier sentence, or shorten that page's text by a line so the note fits under it"
            )
        elif roles <= {"caption"}:
            what = "only a caption"
            hint = "keep the caption with its figure or table (break-before: avoid on the caption)"
        elif roles <= {"heading", "title"}:
            what = "only a heading"
            hint = "keep the heading with its first lines (break-after: avoid)"
        elif not body and len(content) <= 3:
            what = "only a short block (a signature, a label or a note)"
            hint = (
                "keep it with the text it closes (break-inside: avoid on the last paragraph and"
                " the block, break-before: avoid on the block) or tighten the page before"
            )
        elif len(body) <= 2 and len(content) - len(body) <= 1:
            what = f"only {len(body)} line{'s' if len(body) != 1 else ''} of running text"
            hint = "tighten the text or the page before so the paragraph ends there, or add text"
        if what:
            yield found(
                "stray_page",
                severity,
                f"{page.name} holds {what}: {quote(content)}",
                hint,
                page=page.number,
            )


OPENER_MOST_LINES = 6
"""A title with this many lines or fewer (a kicker, a summary of a sentence or two) on a page
otherwise empty is a thin opener; more is a page of text that happens to be short."""


@pdf_check(Edition.PRINT, Edition.SCREEN)
def thin_opener(document: Pdf) -> Iterator[Finding]:
    """No chapter opener that is a title and a sentence on an otherwise empty page.

    An opener carries weight when it is a colour field (covers most of the page) or when the
    chapter's text starts on it; a white page with a title and a line or two does not.
    """
    severity = level(document, "thin_opener")
    if severity is None:
        return
    for page in inner(pages_of(document)):
        titles = [line for line in page.content if line.role == "title"]
        if not titles or page.designed or page.filled >= OPENER_FILLED:
            continue
        rest = [line for line in page.content if line.role != "title"]
        if len(rest) > OPENER_MOST_LINES:
            continue  # a short message or a contents page is text, not an opener left empty
        yield found(
            "thin_opener",
            severity,
            f"{page.name}: the opener of “{titles[0].text}” is its title and {len(rest)} short"
            f" line{'s' if len(rest) != 1 else ''} on a page left {1 - page.filled:.0%} empty",
            "give the opener weight (a colour field with the chapter number and a key figure) or"
            " start the chapter's text on the same page",
            page=page.number,
        )


@pdf_check(Edition.PRINT, Edition.SCREEN)
def keep_with_next(document: Pdf) -> Iterator[Finding]:
    """A heading or a table caption is not left in the last lines of a page with its content on
    the next, and a figure caption is not carried away from its figure.
    """
    severity = level(document, "keep_with_next")
    if severity is None:
        return
    pages = pages_of(document)
    minimum = tokens_of(document).lint_min_lines
    for index, page in enumerate(pages[:-1]):
        flow = page.text_flow
        if not flow or page.designed:
            continue
        pitch = tokens_of(document).size_text * tokens_of(document).leading
        following = pages[index + 1]
        if page.room > 3 * pitch or not following.text_flow or following.designed:
            continue  # the page was ended on purpose (a new chapter follows): nothing was parted
        if following.text_flow[0].role in ("title", "heading"):
            continue  # the next page opens a section of its own: this one ended here
        headings = [i for i, line in enumerate(flow) if line.role == "heading"]
        if headings and len(flow) - 1 - headings[-1] < minimum:
            heading = flow[headings[-1]]
            after = len(flow) - 1 - headings[-1]
            yield found(
                "keep_with_next",
                severity,
                f"{page.name}: the heading “{heading.text}” stands at the foot of the page with"
                f" {after} line{'s' if after != 1 else ''} of its section under it",
                "keep headings with their first lines (break-after: avoid; or move the heading"
                " to the next page)",
                page=page.number,
            )
        captions = [i for i, line in enumerate(flow) if line.label.startswith("Table")]
        if captions and not any(
            line.role in ("row", "header-row") for line in flow[captions[-1] + 1 :]
        ):
            caption = flow[captions[-1]]
            yield found(
                "keep_with_next",
                severity,
                f"{page.name}: the caption of {caption.label} stands at the foot of the page and"
                f" its table starts on {pages[index + 1].name}",
                "keep the caption with its table (caption inside the table, break-after: avoid)",
                page=page.number,
            )
    for before, page in pairwise(pages):
        flow = page.text_flow
        heads = [line.bottom for line in page.lines if line.role == "head"]
        top = max(heads, default=0.0) + 2
        if flow and flow[0].label.startswith("Figure") and not page.ink_between(top, flow[0].top):
            yield found(
                "keep_with_next",
                severity,
                f"{page.name}: the caption of {flow[0].label} opens the page; its figure is on"
                f" {before.name}",
                "keep figure and caption together (break-inside: avoid on the figure)",
                page=page.number,
            )


def is_row(line: Line) -> bool:
    return line.role in ("row", "header-row")


@pdf_check(Edition.PRINT, Edition.SCREEN)
def split_table(document: Pdf) -> Iterator[Finding]:
    """A table that runs onto another page says so: "(continued)" above its rows, with its header
    row repeated.
    """
    severity = level(document, "split_table")
    if severity is None:
        return
    pages = pages_of(document)
    for before, page in pairwise(pages):
        flow, previous = page.text_flow, before.text_flow
        if not flow or not previous or not is_row(previous[-1]):
            continue
        start = [line for line in flow if not continued_pattern().search(line.text)]
        if not start or not is_row(start[0]):
            continue
        if any(
            continued_pattern().search(line.text) for line in page.lines[: len(page.lines) // 2 + 1]
        ):
            continue
        rows = 0
        for line in start:
            if not is_row(line):
                break
            rows += line.role == "row"
        header = "its header row repeated" if start[0].role == "header-row" else "no header row"
        yield found(
            "split_table",
            severity,
            f"{page.name}: a table from {before.name} runs on with {rows} more"
            f" row{'s' if rows != 1 else ''}, {header} and no “(continued)” marker",
            "say “Table N (continued)” above the carried rows (the theme does it with a"
            " running string) and repeat the header row (thead)",
            page=page.number,
        )


@pdf_check(Edition.PRINT, Edition.SCREEN)
def running_head(document: Pdf) -> Iterator[Finding]:
    """A running head does not repeat itself (a chapter label and a title that are the same words,
    "ANNEXES ANNEXES")."""
    severity = level(document, "running_head")
    if severity is None:
        return
    for page in pages_of(document):
        for line in page.lines:
            if line.role != "head":
                continue
            words = line.text.split()
            half = len(words) // 2
            if len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]:
                yield found(
                    "running_head",
                    severity,
                    f"{page.name}: the running head repeats itself: “{line.text}”",
                    "leave the chapter label empty when it is the title (data-running)",
                    page=page.number,
                )


def paragraph_tail(flow: tuple[Line, ...], pitch: float) -> int:
    """Lines of the paragraph that ends `flow` (counted up to a gap or another kind of line)."""
    count = 1
    for upper, lower in zip(reversed(flow[:-1]), reversed(flow[1:]), strict=False):
        if upper.role != "body" or lower.top - upper.top > pitch * 1.25:
            break
        count += 1
    return count


def paragraph_head(flow: tuple[Line, ...], pitch: float, measure: float) -> int:
    """Lines of the paragraph that opens `flow` (up to a gap, a short last line, another kind)."""
    count = 1
    for upper, lower in pairwise(flow):
        ended = upper.right < measure - 6  # a short line closes its paragraph
        if ended or lower.role != "body" or lower.top - upper.top > pitch * 1.25:
            break
        count += 1
    return count


@pdf_check(Edition.PRINT, Edition.SCREEN)
def widow_orphan(document: Pdf) -> Iterator[Finding]:
    """No paragraph leaves fewer than `lint_min_lines` lines alone at the foot of a page (orphan)
    or at the head of the next (widow)."""
    severity = level(document, "widow_orphan")
    if severity is None:
        return
    tokens = tokens_of(document)
    pitch = tokens.size_text * tokens.leading
    minimum = tokens.lint_min_lines
    pages = pages_of(document)
    for before, page in pairwise(pages):
        previous, flow = before.text_flow, page.text_flow
        if not previous or not flow or previous[-1].role != "body" or flow[0].role != "body":
            continue
        body = [line for line in previous if line.role == "body"]
        measure = max(line.right for line in body)
        last = previous[-1]
        if last.right < measure - 6 or last.text.rstrip().endswith(SENTENCE_END):
            continue  # the paragraph ended on the page before: nothing was split
        tail = paragraph_tail(previous, pitch)
        head = paragraph_head(flow, pitch, max(line.right for line in flow if line.role == "body"))
        for count, where, kind in ((tail, before, "orphan"), (head, page, "widow")):
            if count < minimum:
                yield found(
                    "widow_orphan",
                    severity,
                    f"{where.name}: {count} line{'s' if count != 1 else ''} of a paragraph"
                    f" alone at the {'foot' if kind == 'orphan' else 'head'} of the page"
                    f" ({kind}): {quote([previous[-1] if kind == 'orphan' else flow[0]])}",
                    f"the theme allows no fewer than {minimum} (lint_min_lines): set orphans and"
                    " widows in the CSS, or rewrite the paragraph by a line",
                    page=where.number,
                )


@pdf_check(Edition.PRINT, Edition.SCREEN)
def far_from_mention(document: Pdf) -> Iterator[Finding]:
    """A figure or table stands at most one page from its first mention in the running text."""
    severity = level(document, "far_from_mention")
    if severity is None:
        return
    pages = pages_of(document)
    mentioned: dict[str, Page] = {}
    placed: dict[str, Page] = {}
    for page in pages:
        for line in page.content:
            if line.role == "body":
                for mention in mention_pattern().finditer(line.text):
                    mentioned.setdefault(caption_label(mention), page)
            elif line.role == "caption" and line.label:
                placed.setdefault(line.label, page)
    for label, page in placed.items():
        mention = mentioned.get(label)
        if mention is not None and abs(page.number - mention.number) > 1:
            yield found(
                "far_from_mention",
                severity,
                f"{page.name}: {label} stands {abs(page.number - mention.number)} pages from its"
                f" first mention on {mention.name}",
                "place the figure or table right after the paragraph that first mentions it",
                page=page.number,
            )
