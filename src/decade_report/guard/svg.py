"""The one reader of a project's SVG files before rendering: what may not be in them, and where.

Every SVG the document may draw (in `assets/` and `templates/`, the logo, the portrait, the
Markdown images) is parsed here once with defusedxml's expat reader, which stops entity
declarations at the declaration, before anything is expanded:

- external and parameter entities (XXE), and entities made of other entities or longer than
  200 characters (entity bombs) are refused; the short namespace entities design tools write
  (`<!ENTITY ns_svg "http://…">`) are allowed;
- every reference the renderer would follow — `href`/`xlink:href`, `url()` in any attribute and
  in `<style>` (read with tinycss2, escapes decoded), `@import`, and the `href` of an
  `<?xml-stylesheet?>` instruction however it is spaced — is judged by `load_guard`'s rule;
- a file that is not well-formed XML, or whose root is not `<svg>`, is refused.

`validate` asks `svg_fault` about the logo and the portrait; `load_guard` reports every problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

import tinycss2
from defusedxml import EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.expatreader import DefusedExpatParser

from decade_report.errors import Location, Problem
from decade_report.guard.css import loaded_at

MAX_ENTITY = 200
"""Design tools declare short namespace entities (`<!ENTITY ns_svg "http://…">`); longer ones,
or ones made of other entities, only serve to blow up the parser."""
XML_HINT = "save the drawing again as plain SVG (Inkscape: Save As › Plain SVG)"
PSEUDO_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
"""A pseudo-attribute of a processing instruction: `href = "…"` is as valid as `href="…"`."""

Judge = Callable[[str, str], "tuple[str, str] | None"]
"""(target, what refers to it) → (why it is refused, what to do), or None."""


@dataclass(frozen=True)
class SvgReading:
    problems: list[Problem]
    root: str
    """The root element's local name ("" when the file has none)."""


def css_locations(css: str, start: Location) -> list[tuple[str, str, Location]]:
    """(target, "url()"/"@import"/…, location) of what CSS text loads; `start` is where the
    text begins in its file. Escapes are decoded (`url(http\\3a //…)`, `u\\72l(…)`)."""
    nodes = tinycss2.parse_stylesheet(css, skip_comments=True)
    return [
        (target, how, offset_location(start, line, column))
        for target, how, line, column in loaded_at(nodes)
    ]


def attribute_css(value: str, start: Location) -> list[tuple[str, str, Location]]:
    """What an attribute's value loads when read as CSS (`style`, `fill="url(…)"`, …)."""
    if "(" not in value and "\\" not in value:
        return []
    nodes = tinycss2.parse_component_value_list(value, skip_comments=True)
    return [
        (target, how, offset_location(start, line, column))
        for target, how, line, column in loaded_at(nodes)
    ]


def offset_location(start: Location, line: int, column: int) -> Location:
    """The place of (line, column), 1-based in a text that starts at `start` of its file."""
    if line <= 1:
        return Location(start.path, start.line, start.column + column - 1)
    return Location(start.path, start.line + line - 1, column)


class Reader(DefusedExpatParser):  # type: ignore[misc]
    """defusedxml's expat reader: no external entity is ever declared or fetched, and an entity
    declaration stops the parse before anything is expanded — except the short namespace
    entities design tools write, which are plain text and expand to nothing more."""

    def __init__(self) -> None:
        super().__init__(forbid_dtd=False, forbid_entities=True, forbid_external=True)

    def reset(self) -> None:
        super().reset()
        # the DOCTYPE design tools write names the SVG 1.1 DTD by URL: never ask for it (SAX
        # would, and defusedxml would then refuse a harmless file as an external reference)
        self._parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def defused_entity_decl(
        self,
        name: str,
        is_parameter_entity: bool,
        value: str | None,
        base: str | None,
        sysid: str | None,
        pubid: str | None,
        notation_name: str | None,
    ) -> None:
        if is_parameter_entity or value is None or "&" in value or len(value) > MAX_ENTITY:
            # a parameter entity is refused as external ones are (its value is not kept)
            raise EntitiesForbidden(
                name, None if is_parameter_entity else value, base, sysid, pubid, notation_name
            )


def refusal(error: EntitiesForbidden | ExternalReferenceForbidden) -> str:
    """What an entity that defusedxml stopped was, in the author's words."""
    if isinstance(error, EntitiesForbidden) and error.value is not None:
        return f"declares the XML entity '{error.name}' built to expand (an entity bomb)"
    name = getattr(error, "name", None) or getattr(error, "context", "") or ""
    source = error.sysid or error.pubid or getattr(error, "notation_name", None) or ""
    return f"declares the external XML entity '{name}' ({source})"


def read_svg(path: Path, shown: str, judge: Judge) -> SvgReading:
    """Every problem of one SVG file (entities, references, well-formedness) and its root."""
    problems: list[Problem] = []
    reader = Reader()
    roots: list[str] = []
    style: list[str] = []
    started = [Location(shown)]
    styling = 0

    def here() -> Location:
        return Location(shown, reader.getLineNumber(), reader.getColumnNumber() + 1)

    def refer(target: str, what: str, where: Location) -> None:
        why = judge(target, what)
        if why:
            problems.append(Problem(where, *why))

    class Content(ContentHandler):
        def startElement(self, name: str, attributes: Any) -> None:
            nonlocal styling
            local = name.rsplit(":", 1)[-1]
            if not roots:
                roots.append(local)
            for key, value in attributes.items():
                if key == "href" or key.endswith(":href"):
                    refer(value, f"SVG <{name} {key}>", here())
                for target, how, _ in attribute_css(value, here()):
                    refer(target, f"SVG {how} in <{name} {key}>", here())
            styling += local == "style"

        def endElement(self, name: str) -> None:
            nonlocal styling
            if name.rsplit(":", 1)[-1] == "style":
                styling -= 1
                for target, how, where in css_locations("".join(style), started[0]):
                    refer(target, f"SVG <style> {how}", where)
                style.clear()

        def characters(self, data: str) -> None:
            if styling:
                if not style:
                    started[:] = [here()]
                style.append(data)

        def processingInstruction(self, target: str, data: str) -> None:
            if target.lower() != "xml-stylesheet":
                return  # no other processing instruction makes a renderer fetch anything
            found = {
                m[1].lower(): m[2] if m[2] is not None else m[3]
                for m in PSEUDO_ATTRIBUTE.finditer(data)
            }
            if "href" in found:
                refer(found["href"], "SVG <?xml-stylesheet?>", here())
            elif "href" in data.lower():
                problems.append(
                    Problem(
                        here(),
                        "SVG <?xml-stylesheet?> names a stylesheet in a form that cannot be read: "
                        "refused",
                        "put the styles in a <style> element of the drawing",
                    )
                )

    reader.setContentHandler(Content())
    try:
        data = path.read_bytes()
        reader.feed(data)
        reader.close()
    except (EntitiesForbidden, ExternalReferenceForbidden) as error:
        problems.append(Problem(here(), f"SVG {refusal(error)}: refused", XML_HINT))
    except SAXParseException as error:
        problems.append(
            Problem(
                Location(shown, error.getLineNumber(), error.getColumnNumber() + 1),
                f"SVG is not well-formed XML: {error.getMessage()}",
                XML_HINT,
            )
        )
    except OSError as error:
        problems.append(Problem(Location(shown), f"cannot read file: {error.strerror}"))
    return SvgReading(problems, roots[0] if roots else "")


def svg_fault(path: Path) -> tuple[str, str] | None:
    """(what is wrong, what to do) with an SVG image file as a whole, or None: the first problem
    `read_svg` finds that is not about a reference, or a root that is not `<svg>`."""
    reading = read_svg(path, path.name, lambda target, what: None)
    if reading.problems:
        first = reading.problems[0]
        message = first.message.removeprefix("SVG ")
        where = f"line {first.where.line}, column {first.where.column}"
        if message.startswith("is not well-formed XML: "):
            return f"is not well-formed XML ({where}: {message.split(': ', 1)[1]})", first.hint
        return f"{message} ({where})" if first.where.line else message, first.hint
    if reading.root != "svg":
        return f"is not an SVG image (it starts with <{reading.root}>)", (
            "export the image again as SVG, PNG or JPEG"
        )
    return None
