"""CSS in the web edition, read the way a browser reads it (tinycss2 follows CSS Syntax Level 3).

A browser loads what CSS names in `url(…)`, `src(…)`, `@import` and the strings of `image-set()`
and its kin; escapes (`url(http\\3a //…)`, `u\\72l(…)`) are decoded before that. Reading CSS with
a regular expression misses those forms; a tokenizer that implements the standard does not.

Two uses: a style attribute (or an SVG attribute holding CSS, like `clip-path`) may use only a
short list of functions and refer only to a `#fragment` or a `data:` image; the stylesheet may
refer to the files of the web folder too (its fonts).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import tinycss2
from tinycss2.ast import Node

from decade_report.guard.urls import Kind, kind_of

IMAGE_FUNCTIONS = {"image-set", "-webkit-image-set", "image", "cross-fade", "-webkit-cross-fade"}
"""Functions whose string arguments a browser loads as URLs."""

ATTRIBUTE_FUNCTIONS = {
    "rgb", "rgba", "hsl", "hsla", "hwb", "color-mix", "calc", "min", "max", "clamp", "var",
    "translate", "translatex", "translatey", "scale", "scalex", "scaley", "rotate", "matrix",
    "skewx", "skewy", "linear-gradient", "radial-gradient", "url",
}  # fmt: skip
"""What a style attribute of the report uses (colours, sizes, transforms, the cover art, the
charts' `url(#clip)`); anything else (`image-set()`, `element()`, `paint()`, …) is refused."""


def children(node: Node) -> Iterable[Node]:
    for name in ("prelude", "content", "arguments"):
        yield from getattr(node, name, None) or ()


def walk(nodes: Iterable[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from walk(children(node))


def loaded(nodes: Iterable[Node]) -> Iterator[tuple[str, str]]:
    """(URL, how it is named) of everything a browser would load for these CSS nodes."""
    for url, how, _, _ in loaded_at(nodes):
        yield url, how


def loaded_at(nodes: Iterable[Node]) -> Iterator[tuple[str, str, int, int]]:
    """(URL, how it is named, line, column) of everything a browser would load for these CSS
    nodes; line and column (1-based, in the parsed text) are where the URL itself starts."""
    imports = set()
    for node in walk(nodes):
        if node.type == "at-rule" and node.lower_at_keyword == "import":
            for argument in node.prelude:
                imports.add(id(argument))
                if argument.type in ("string", "url"):
                    yield argument.value, "@import", *start_of(argument)
                elif argument.type == "function" and argument.lower_name in ("url", "src"):
                    strings = [n for n in argument.arguments if n.type == "string"]
                    if strings:
                        yield strings[0].value, "@import", *start_of(strings[0])
        elif id(node) in imports:
            continue
        elif node.type == "url":
            yield node.value, "url()", *start_of(node)
        elif node.type == "function" and node.lower_name in ("url", "src"):
            strings = [n for n in node.arguments if n.type == "string"]
            where = start_of(strings[0]) if strings else start_of(node)
            yield (strings[0].value if strings else ""), f"{node.lower_name}()", *where
        elif node.type == "function" and node.lower_name in IMAGE_FUNCTIONS:
            for argument in node.arguments:
                if argument.type == "string":
                    yield argument.value, f"{node.lower_name}()", *start_of(argument)


def start_of(node: Node) -> tuple[int, int]:
    """Where the URL of a `url(…)` token or a string starts: after `url(` or the quote."""
    step = 4 if node.type == "url" else 1
    return node.source_line, node.source_column + step


def stylesheet_references(css: str) -> list[tuple[str, str]]:
    """(URL, how it is named) of everything a browser would load for the stylesheet."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return list(dict.fromkeys(loaded(rules)))


def inline_image(target: str) -> bool:
    """A `#fragment` or a `data:` image: nothing is fetched."""
    return kind_of(target) in (Kind.FRAGMENT, Kind.DATA_IMAGE)


def attribute_refusal(value: str) -> str | None:
    """Why a style attribute (or an SVG attribute holding CSS) may not be kept; None if it may."""
    refused = attribute_refused(value)
    return refused[0] if refused else None


def attribute_refused(value: str) -> tuple[str, str] | None:
    """(why, what was refused as a browser reads it) or None: see attribute_refusal."""
    nodes = tinycss2.parse_component_value_list(value, skip_comments=True)
    for node in walk(nodes):
        if node.type == "at-keyword":
            return f"the at-rule @{node.lower_value}", f"@{node.value}"
        if node.type == "function" and node.lower_name not in ATTRIBUTE_FUNCTIONS:
            return f"the CSS function {node.lower_name}()", f"{node.name}("
    for target, how in loaded(nodes):
        if not inline_image(target):
            return f"'{target}' in {how}", target
    return None
