"""What a project's template overrides make the renderer load, read the way the renderer reads it.

HTML templates are read with tinyhtml5, the WHATWG parser WeasyPrint itself uses (so `<style>`
content, comments such as `<!-- --!>`, attributes without quotes and character references are
understood as the renderer will understand them), and CSS — stylesheets, `<style>` elements,
style attributes and any attribute holding `url()` — with tinycss2 (escapes decoded:
`url(http\\3a //…)`, `u\\72l(…)`). Each reference is reported at its `file:line:col`.

`@font-face` rules are checked too: a face whose `src` names no font file of the project, or a
file that is not a font, would be silently left out by the renderer (the text then falls back to
another face); here it is an error where it is written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import tinycss2
from tinyhtml5.constants import Token
from tinyhtml5.parser import HTMLParser
from tinyhtml5.tokenizer import HTMLTokenizer

from decade_report.errors import Location
from decade_report.guard.css import loaded_at
from decade_report.guard.svg import attribute_css, offset_location

FETCHED = {"src", "srcset", "href", "xlink:href", "poster", "data", "background"}
"""Attributes whose URL a renderer or a browser loads; a link's `href` is only followed by a
reader, so links (`<a>`, `<area>`) may point anywhere."""
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
JINJA_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
MADE = "\ue000"
"""Stands for each character of template code (`{{ … }}`, `{% … %}`): a private-use character,
which CSS reads as part of a name and HTML as text, so quotes and braces inside template code
cannot change how the rest is read. A reference holding it is made by template code."""


@dataclass(frozen=True)
class Reference:
    target: str
    where: Location
    what: str
    """How it is named: `url()`, `@import`, `<img src>`, …"""
    font_face: bool = False
    """Named in the `src` of an `@font-face` rule: it must be a font file."""


@dataclass(frozen=True)
class FontFaceWithoutFile:
    where: Location


class _Recording(HTMLTokenizer):
    """The tokenizer WeasyPrint's parser drives, recording each token with where it ends."""

    seen: list[tuple[tuple[int, int], dict[str, Any]]]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for token in super().__iter__():
            self.seen.append((self.stream.position(), token))
            yield token


class _Reader(HTMLParser):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__(namespace_html_elements=False)
        self.seen: list[tuple[tuple[int, int], dict[str, Any]]] = []

    def main_loop(self) -> None:
        # the parser switches the tokenizer's states (rawtext for <style>, foreign content):
        # recording inside the parser's own tokenizer sees the tokens it sees
        self.tokenizer.__class__ = _Recording
        self.tokenizer.seen = self.seen
        super().main_loop()


def without_jinja(text: str) -> str:
    """`{# … #}` blanked out and template code replaced by `MADE`, lines and columns kept."""
    text = JINJA_COMMENT.sub(lambda match: re.sub(r"[^\n]", " ", match[0]), text)
    return JINJA_CODE.sub(lambda match: re.sub(r"[^\n]", MADE, match[0]), text)


def html_references(text: str, shown: str) -> Iterator[Reference | FontFaceWithoutFile]:
    """Every reference an HTML template makes the renderer load."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = _Reader()
    reader.parse(io.StringIO(text))  # a short str would be taken for a file name and read
    starts = line_starts(text)
    previous = (1, 0)
    style: list[str] = []
    style_start = Location(shown, 1, 1)
    in_style = False
    for end, token in reader.seen:
        kind = token["type"]
        if kind in (Token.CHARACTERS, Token.SPACE_CHARACTERS) and in_style:
            if not style:
                style_start = Location(shown, previous[0], previous[1] + 1)
            style.append(token["data"])
        elif kind == Token.START_TAG:
            name = token["name"].lower()
            start = offset(starts, previous)
            raw = text[start : offset(starts, end)]
            yield from tag_references(name, token["data"], raw, start, text, shown)
            in_style, style = name == "style", []
        elif kind == Token.END_TAG and token["name"].lower() == "style" and in_style:
            yield from css_references("".join(style), style_start)
            in_style, style = False, []
        if kind != Token.PARSE_ERROR:
            previous = end


def line_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in re.finditer("\n", text)]


def offset(starts: list[int], position: tuple[int, int]) -> int:
    line, column = position
    return starts[min(line, len(starts)) - 1] + column


def location_of(text: str, at: int, shown: str) -> Location:
    line = text.count("\n", 0, at) + 1
    return Location(shown, line, at - (text.rfind("\n", 0, at) + 1) + 1)


def tag_references(
    name: str, attributes: Any, raw: str, start: int, text: str, shown: str
) -> Iterator[Reference]:
    """The references of one start tag; `raw` is its text, at `start` in the template."""
    items = attributes.items() if isinstance(attributes, dict) else attributes
    for name_of, value in items:
        # in SVG and MathML the parser turns `xlink:href` into (prefix, name, namespace)
        key = (
            ":".join(part for part in name_of[:2] if part)
            if isinstance(name_of, tuple)
            else name_of
        )
        key = key.lower()
        found = re.search(rf"(?<![\w:-]){re.escape(key)}\s*=\s*[\"']?", raw, re.I)
        where = location_of(text, start + (found.end() if found else 0), shown)
        if key in FETCHED and not (key == "href" and name in ("a", "area")):
            targets = [v.split()[0] for v in value.split(",") if v.strip()]
            for target in targets if key == "srcset" else [value]:
                yield Reference(target, where, f"<{name} {key}>")
        for target, how, at in attribute_css(value, where):
            yield Reference(target, at, f"{how} in <{name} {key}>")


def css_references(css: str, start: Location) -> Iterator[Reference | FontFaceWithoutFile]:
    """Every reference of CSS text that begins at `start`, and each `@font-face` that names no
    font file."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True)
    faces = {
        id(rule): rule
        for rule in rules
        if rule.type == "at-rule" and rule.lower_at_keyword == "font-face"
    }
    for rule in rules:
        found = list(loaded_at([rule]))
        for target, how, line, column in found:
            where = offset_location(start, line, column)
            yield Reference(target, where, how, font_face=id(rule) in faces)
        if id(rule) in faces and not any(how in ("url()", "src()") for _, how, _, _ in found):
            yield FontFaceWithoutFile(offset_location(start, rule.source_line, rule.source_column))
