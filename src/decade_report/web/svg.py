"""SVG in the web edition: the charts inlined in the page, and SVG images published as files.

A chart is matplotlib's drawing of the project's data: inlined as HTML foreign content (the page
sanitiser then keeps only its SVG allow-list). An SVG image of the project (a Markdown image, the
logo, the portrait) becomes a file of build/web/ that a reader can open on its own, where no
Content-Security-Policy of the page applies; so its published copy is rebuilt from an allow-list
of SVG elements and attributes: no `<script>`, `<foreignObject>`, links, animation (which can set
an `href`), event handlers or references to anything but the drawing's own `#ids` and `data:`
images. Editor data (metadata, Inkscape's and Illustrator's namespaces) is left out quietly; what
would run or fetch is reported, so the project learns that its drawing is not what it sent.
"""

from __future__ import annotations

import html
import re
from xml.etree import ElementTree

from decade_report.charts.render import ChartImage
from decade_report.guard.css import attribute_refusal, inline_image, stylesheet_references

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XML_NAMESPACE = "{http://www.w3.org/XML/1998/namespace}"
URL_REFERENCE = re.compile(r"url\(\s*#([^)\s]+)\s*\)")
UNIVERSAL_RULE = re.compile(r"^\s*\*\s*\{([^{}]*)\}\s*$")


def inline_svg(image: ChartImage) -> str:
    """The chart's SVG as markup for an HTML page: no XML declaration, doctype, metadata or
    namespaces; `role="img"` named by a `<title>` holding the alt text; every id and every
    reference to one (`href="#…"`, `url(#…)`) prefixed with the chart id; sized by CSS from its
    viewBox. Matplotlib's `<style>*{…}</style>` would style the whole page: its declarations move
    to the root's style, from where every element of the drawing inherits them."""
    root = ElementTree.fromstring(image.path.read_bytes())
    prefix = f"{image.id}--"
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    declarations = []
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{SVG}metadata":
                parent.remove(child)
            elif child.tag == f"{SVG}style" and (rule := UNIVERSAL_RULE.match(child.text or "")):
                declarations.append(rule[1].strip().rstrip(";"))
                parent.remove(child)

    def reference(match: re.Match[str]) -> str:
        return f"url(#{prefix}{match[1]})" if match[1] in ids else match[0]

    for element in root.iter():
        attributes: dict[str, str] = {}
        for key, value in element.attrib.items():
            if key == XLINK_HREF:
                key = "href"
            elif key.startswith(XML_NAMESPACE):
                key = "xml:" + key.removeprefix(XML_NAMESPACE)
            elif key.startswith("{"):
                continue
            if key == "id":
                value = prefix + value
            elif key == "href" and value.startswith("#") and value[1:] in ids:
                value = f"#{prefix}{value[1:]}"
            elif key in ("d", "points"):
                value = " ".join(value.split())
            attributes[key] = URL_REFERENCE.sub(reference, value)
        element.attrib.clear()
        element.attrib.update(attributes)
    for size in ("width", "height"):
        root.attrib.pop(size, None)
    style = "; ".join([*declarations, root.get("style", "")]).strip("; ")
    root.attrib.update(
        {"role": "img", "aria-labelledby": f"{prefix}title", **({"style": style} if style else {})}
    )
    title = ElementTree.Element(f"{SVG}title", {"id": f"{prefix}title"})
    title.text = image.alt
    root.insert(0, title)
    return serialise(root)


def serialise(element: ElementTree.Element) -> str:
    """SVG elements as HTML foreign content (also well-formed XML); whitespace-only text between
    elements is dropped."""
    if not element.tag.startswith(SVG):
        return ""
    tag = element.tag.removeprefix(SVG)
    attributes = "".join(f' {key}="{html.escape(value)}"' for key, value in element.attrib.items())
    inner = "".join(
        serialise(child) + (html.escape(child.tail) if child.tail and child.tail.strip() else "")
        for child in element
    )
    if element.text and element.text.strip():
        inner = html.escape(element.text, quote=False) + inner
    return f"<{tag}{attributes}>{inner}</{tag}>" if inner else f"<{tag}{attributes}/>"


# --- SVG images published as files ------------------------------------------------------------

FILTERS = {
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feDropShadow",
    "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge",
    "feMergeNode", "feMorphology", "feOffset", "feTurbulence", "feDisplacementMap",
}  # fmt: skip
DRAWING = {
    "svg", "g", "defs", "symbol", "use", "path", "rect", "circle", "ellipse", "line", "polyline",
    "polygon", "text", "tspan", "textPath", "title", "desc", "clipPath", "mask", "pattern",
    "marker", "linearGradient", "radialGradient", "stop", "image", "style", "switch",
} | FILTERS  # fmt: skip
"""The SVG elements a published drawing keeps."""

ACTIVE = {
    "script", "foreignObject", "a", "animate", "animateMotion", "animateTransform", "set",
    "discard", "feImage", "handler", "iframe", "audio", "video", "canvas", "listener",
}  # fmt: skip
"""Elements that run code, show other content, follow a link or change attributes over time."""

GEOMETRY = {
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "width", "height",
    "d", "points", "transform", "viewBox", "preserveAspectRatio", "pathLength", "dx", "dy",
    "rotate", "textLength", "lengthAdjust", "startOffset", "offset", "gradientUnits",
    "gradientTransform", "spreadMethod", "patternUnits", "patternContentUnits",
    "patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits", "markerUnits",
    "markerWidth", "markerHeight", "refX", "refY", "orient", "filterUnits", "primitiveUnits",
    "in", "in2", "result", "stdDeviation", "mode", "operator", "k1", "k2", "k3", "k4", "values",
    "type", "tableValues", "slope", "intercept", "amplitude", "exponent", "baseFrequency",
    "numOctaves", "seed", "stitchTiles", "scale", "xChannelSelector", "yChannelSelector",
    "radius", "id", "class", "version", "xml:space", "xml:lang", "lang", "role", "aria-label",
    "aria-hidden", "aria-labelledby", "focusable", "media",
}  # fmt: skip
PRESENTATION = {
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
    "stroke-dashoffset", "opacity", "color", "clip-path", "clip-rule", "mask", "filter",
    "marker-start", "marker-mid", "marker-end", "stop-color", "stop-opacity", "flood-color",
    "flood-opacity", "lighting-color", "font-family", "font-size", "font-style", "font-weight",
    "font-variant", "font-stretch", "text-anchor", "dominant-baseline", "alignment-baseline",
    "baseline-shift", "letter-spacing", "word-spacing", "text-decoration", "writing-mode",
    "direction", "unicode-bidi", "visibility", "display", "overflow", "color-interpolation",
    "color-interpolation-filters", "shape-rendering", "text-rendering", "image-rendering",
    "vector-effect", "paint-order", "mix-blend-mode", "isolation", "style",
}  # fmt: skip
"""Attributes read as CSS: a `url()` in them may point only at the drawing itself."""


def sanitised_svg(data: bytes) -> tuple[bytes, list[tuple[str, str]]]:
    """The drawing rebuilt from the allow-lists, as a standalone SVG file, and what was left out
    because it would run or fetch: [(what, text to find it by in the file)]."""
    root = ElementTree.fromstring(data)  # the loader refused entities and malformed files
    removed: list[tuple[str, str]] = []
    if root.tag != f"{SVG}svg":
        return b"", [("its root element is not <svg>", "<")]
    clean(root, removed)
    root.set("xmlns", SVG.strip("{}"))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + serialise(root) + "\n").encode(), removed


def clean(element: ElementTree.Element, removed: list[tuple[str, str]]) -> None:
    name = element.tag.removeprefix(SVG)
    attributes: dict[str, str] = {}
    for key, value in element.attrib.items():
        key = "href" if key == XLINK_HREF else key.replace(XML_NAMESPACE, "xml:")
        if key.lower().startswith("on"):
            removed.append((f"an event handler ({key}=…)", f"{key}="))
        elif key == "href":
            if inline_image(value) and (name == "image" or value.strip().startswith("#")):
                attributes[key] = value
            else:
                removed.append((f"a reference to '{value[:60]}' in <{name}>", value[:40]))
        elif key in PRESENTATION:
            why = attribute_refusal(value)
            if why:
                removed.append((f"{why} in <{name} {key}>", value[:40]))
            else:
                attributes[key] = value
        elif key in GEOMETRY:
            attributes[key] = value
    element.attrib.clear()
    element.attrib.update(attributes)
    if name == "style":
        for target, how in stylesheet_references(element.text or ""):
            if not inline_image(target):
                removed.append((f"'{target}' in {how} of <style>", target[:40] or how))
                element.text = ""
    previous: ElementTree.Element | None = None
    for child in list(element):
        local = child.tag.removeprefix(SVG) if isinstance(child.tag, str) else ""
        if isinstance(child.tag, str) and child.tag.startswith(SVG) and local in DRAWING:
            clean(child, removed)
            previous = child
            continue
        if local in ACTIVE:
            removed.append((f"a <{local}> element", f"<{local}"))
        element.remove(child)
        if child.tail and child.tail.strip():  # text after a dropped element stays in place
            if previous is None:
                element.text = (element.text or "") + child.tail
            else:
                previous.tail = (previous.tail or "") + child.tail
