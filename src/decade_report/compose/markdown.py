"""Markdown → HTML for the narrative, with a real Markdown parser (markdown-it-py).

Raw HTML is not interpreted (it is printed literally), punctuation is made typographic, footnotes
become `float: footnote` spans, headings get stable ids for the contents, and a line holding only
`[[chart: ID]]` or `[[table: NAME]]` is replaced by whatever the `embed` callback returns.
`::: callout Title` and `::: pullquote` fence highlighted boxes and pull quotes.

Markdown is untrusted input: `references` lists every image and link target as written (also the
ones markdown-it itself refuses, such as `file:` URLs), so that loading can refuse those that
leave the project, with their line; `plain_text`, for short fields and data values, makes no
images or links at all.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from markupsafe import Markup, escape
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from decade_report.compose.languages import mark_languages
from decade_report.load.narrative import EMBED

Embed = Callable[[str, str], str]


@dataclass
class Rendered:
    html: Markup
    headings: list[tuple[int, str, str]] = field(default_factory=list)
    """(level, id, text) of every heading, for the contents."""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def embed_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A line holding only `[[chart: ID]]` or `[[table: NAME]]` is a block of its own, even with
    text on the lines right before or after it (it ends the paragraph above, like a heading)."""
    if state.sCount[start] - state.blkIndent >= 4:  # indented code
        return False
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    match = EMBED.match(line)
    if not match:
        return False
    if not silent:
        token = state.push("embed", "", 0)
        token.meta = {"kind": match[1], "id": match[2]}
        token.map = [start, start + 1]
        state.line = start + 1
    return True


CONTAINERS = {"callout": "aside", "pullquote": "aside"}
"""Fenced blocks authors may use: `::: callout Optional title` … `:::` and `::: pullquote`."""


def container(token: Token) -> str:
    name = token.type.removeprefix("container_").rsplit("_", 1)[0]
    if token.nesting < 0:
        return f"</{CONTAINERS[name]}>\n"
    title = token.info.strip()[len(name) :].strip()
    heading = f'<p class="{name}-title">{escape(title)}</p>' if title else ""
    return f'<{CONTAINERS[name]} class="{name}">{heading}\n'


HYPHENATED_NAME = re.compile(r"\b[A-Z][A-Z0-9]*(?:[-\u2010][A-Z0-9]+)+\b")
"""An acronym or code joined by hyphens ("MR-WCC", "COVID-19"): it must not break at its hyphen."""


def render_text(self: Any, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
    """Plain text, escaped; words in a script that names its language (ລາວ, 대한민국) marked with
    it for screen readers and the tagged PDF; hyphenated acronyms kept on one line (the renderer
    would otherwise break "MR-WCC" after its hyphen, like a compound word)."""
    text = tokens[index].content
    out, start = [], 0
    for match in HYPHENATED_NAME.finditer(text):
        out += [mark_languages(text[start : match.start()]), '<span class="nobreak">']
        out += [str(escape(match[0])), "</span>"]
        start = match.end()
    out.append(mark_languages(text[start:]))
    return "".join(out)


LANGUAGE_TAG = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*")


def render_span_open(self: Any, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
    """`<span lang="…">` for a well-formed BCP 47 tag; a plain span for anything else."""
    language = str(tokens[index].attrs.get("lang", ""))
    return f'<span lang="{language}">' if LANGUAGE_TAG.fullmatch(language) else "<span>"


def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"typographer": True, "html": False})
    md.add_render_rule("text", render_text)
    md.enable(["replacements", "smartquotes", "table", "strikethrough"])
    md.use(footnote_plugin)
    # `[Монголия]{lang=mn}`: the language of a word whose script does not tell it (Cyrillic,
    # Arabic, Devanagari …); `lang` is the only attribute an author may write
    md.use(attrs_plugin, after=("span_close",), spans=True, allowed=["lang"])
    md.add_render_rule("span_open", render_span_open)
    for name in CONTAINERS:
        md.use(container_plugin, name)
    md.block.ruler.before("paragraph", "embed", embed_block, {"alt": ["paragraph"]})
    return md


PARSER = parser()

LENIENT = parser()
# Every target becomes a token, even those PARSER refuses and prints as text (`file:`,
# `javascript:`): `references` must see what an author wrote to name it in an error.
LENIENT.validateLink = lambda url: True

TEXT = MarkdownIt("zero", {"typographer": True, "html": False})
# A title or a data value is text, printed as written: typographic quotes and dashes, but no
# emphasis, no links, no images (nothing is fetched for it), no entities and no escapes.
TEXT.enable(["replacements", "smartquotes"])
TEXT.add_render_rule("text", render_text)


@dataclass(frozen=True)
class Reference:
    kind: str
    """"image" or "link"."""
    target: str
    line: int
    """0-based line of the Markdown text where the target is written."""
    column: int
    """1-based column of the target on that line."""


def references(text: str) -> Iterator[Reference]:
    """Every image and link target of a Markdown text, with the place it is written (a reference
    link: where its target is defined), in the body, tables and footnotes alike."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def place(offset: int) -> tuple[int, int]:
        line = min(bisect_right(offsets, offset) - 1, max(len(lines) - 1, 0))
        return line, offset - offsets[line] + 1

    for block in LENIENT.parse(text, {}):
        if block.type != "inline" or block.map is None:
            continue
        start, end = offsets[block.map[0]], offsets[min(block.map[1], len(lines))]
        cursor = start
        for child in block.children or []:
            target = child.attrGet("src") if child.type == "image" else None
            target = child.attrGet("href") if child.type == "link_open" else target
            if not isinstance(target, str):
                continue
            kind = "image" if child.type == "image" else "link"
            written = [t for t in dict.fromkeys((target, unquote(target))) if t]
            found = min((i for t in written if (i := text.find(t, cursor, end)) >= 0), default=-1)
            if found < 0:  # a reference: its target is where it is defined
                found = max((text.find(t) for t in written), default=-1)
                yield Reference(kind, target, *place(max(found, start)))
                continue
            cursor = found + 1
            yield Reference(kind, target, *place(found))


def render_markdown(text: str, prefix: str, embed: Embed, heading_shift: int = 0) -> Rendered:
    """Render `text`; ids of headings and footnotes start with `prefix` (unique per document)."""
    env: dict[str, Any] = {}
    tokens = PARSER.parse(text, env)
    notes = footnotes(tokens, env)
    body = strip_footnote_block(tokens)
    rendered = Rendered(Markup(""))
    used: set[str] = set()
    out: list[str] = []
    for index, token in enumerate(body):
        if token.type == "embed":
            out.append(embed(token.meta["kind"], token.meta["id"]))
        elif token.type == "heading_open":
            level = min(int(token.tag[1]) + heading_shift, 6)
            text_of = body[index + 1].content
            ident = f"{prefix}-{slug(text_of)}"
            while ident in used:
                ident += "-2"
            used.add(ident)
            rendered.headings.append((level, ident, text_of))
            out.append(f'<h{level} id="{ident}">')
        elif token.type == "heading_close":
            out.append(f"</h{min(int(token.tag[1]) + heading_shift, 6)}>\n")
        elif token.type.startswith("container_"):
            out.append(container(token))
        elif token.type == "inline":
            out.append(render_inline(token.children or [], env, notes))
        else:
            out.append(PARSER.renderer.render([token], PARSER.options, env))
    rendered.html = Markup("".join(out))
    return rendered


def render_inline(children: Sequence[Token], env: dict[str, Any], notes: dict[int, str]) -> str:
    parts = []
    run: list[Token] = []
    for child in children:
        if child.type == "footnote_ref":
            parts.append(PARSER.renderer.renderInline(run, PARSER.options, env))
            run = []
            parts.append(f'<span class="footnote">{notes.get(child.meta["id"], "")}</span>')
        else:
            run.append(child)
    parts.append(PARSER.renderer.renderInline(run, PARSER.options, env))
    return "".join(parts)


def footnotes(tokens: list[Token], env: dict[str, Any]) -> dict[int, str]:
    notes: dict[int, str] = {}
    current: int | None = None
    for token in tokens:
        if token.type == "footnote_open":
            current = token.meta["id"]
            notes[current] = ""
        elif token.type == "footnote_close":
            current = None
        elif current is not None and token.type == "inline":
            children = [c for c in token.children or [] if c.type != "footnote_anchor"]
            notes[current] += PARSER.renderer.renderInline(children, PARSER.options, env)
    return notes


def strip_footnote_block(tokens: list[Token]) -> list[Token]:
    kept, inside = [], False
    for token in tokens:
        if token.type == "footnote_block_open":
            inside = True
        elif token.type == "footnote_block_close":
            inside = False
        elif not inside:
            kept.append(token)
    return kept


def last_words(text: str, count: int = 8) -> str:
    """The first `count` words of the last paragraph of a Markdown text as a reader sees them
    (typographic quotes and dashes, no markup, no fences): what a PDF's text layer gives back."""
    paragraphs = [
        " ".join(
            child.content if child.type != "softbreak" else " "
            for child in token.children or []
            if child.type in ("text", "code_inline", "softbreak")
        )
        for token in strip_footnote_block(PARSER.parse(text, {}))
        if token.type == "inline"
    ]
    words = next((p.split() for p in reversed(paragraphs) if p.split()), [])
    return " ".join(words[:count])


def plain_text(text: str) -> Markup:
    """A short text field (titles, captions, data values) as written, with typographic quotes and
    dashes: no Markdown, no HTML (`![x](http://…)` or `__x__` in a data value print as they are)."""
    return Markup(TEXT.renderInline(text))
