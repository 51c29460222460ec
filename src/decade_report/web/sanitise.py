"""The web edition's page, safe by construction: an HTML5 sanitiser and a Content-Security-Policy.

The composed page (the project's Markdown, data and template overrides went into it) is rebuilt
by nh3, the Python binding of ammonia: it parses with html5ever, an implementation of the WHATWG
parsing algorithm that browsers follow, and writes out only the elements, attributes and URLs of
an allow-list, so a construct that a simpler parser reads differently from a browser (`--!>`
closing a comment, `<img>` breaking out of an SVG `<style>`, `java&#9;script:`) is judged as the
browser will read it. Every URL must be a `#fragment`, a file of the web folder (a Markdown image
by the name the build gave it), a `data:` image or, for a link a reader follows, `https:`,
`http:` or `mailto:`; CSS in attributes goes through web_css. The page's `<head>` is sanitised
with its own short list (title, meta, the stylesheet link) behind a strict policy in the first
element of the head:

    default-src 'none'; img-src 'self' data:; font-src 'self'; style-src 'self';
    style-src-attr 'unsafe-inline'; base-uri 'none'; form-action 'none'

No script, frame, plugin, form or connection of any kind; images, fonts and the stylesheet only
from the page's own folder. Style attributes must stay allowed (the charts and the cover art use
them); CSS cannot run code, and what it fetches is held to img-src and font-src. So even a
difference between ammonia and a browser could not turn into script or a request.

The project is told, not silently corrected: the published page is nh3's, and each element or
attribute nh3 left out is a problem located where it is written. Both pages are parsed by
tinyhtml5 (WHATWG too) and compared element by element (the sanitiser only ever removes).
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote
from xml.etree import ElementTree

import nh3
import tinyhtml5

from decade_report.guard.css import attribute_refusal, attribute_refused
from decade_report.guard.urls import CONTROL, split

CSP = (
    "default-src 'none'; img-src 'self' data:; font-src 'self'; style-src 'self'; "
    "style-src-attr 'unsafe-inline'; base-uri 'none'; form-action 'none'"
)

HTML = {
    "a", "abbr", "address", "article", "aside", "b", "blockquote", "br", "caption", "cite",
    "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i",
    "img", "ins", "kbd", "li", "main", "mark", "nav", "ol", "p", "pre", "q", "s", "samp",
    "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}  # fmt: skip
"""What the report's templates and Markdown make."""
SVG = {
    "svg", "g", "defs", "symbol", "use", "path", "rect", "circle", "ellipse", "line", "polyline",
    "polygon", "text", "tspan", "title", "desc", "clipPath", "linearGradient", "radialGradient",
    "stop",
}  # fmt: skip
"""What an inline chart is drawn with (no `<style>`, `<a>`, `<image>`, `<foreignObject>`,
animation or filter)."""
SVG_ATTRIBUTES = {
    "viewBox", "preserveAspectRatio", "version", "focusable", "x", "y", "x1", "y1", "x2", "y2",
    "cx", "cy", "r", "rx", "ry", "dx", "dy", "width", "height", "d", "points", "transform",
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset",
    "stroke-miterlimit", "opacity", "clip-path", "clip-rule", "clipPathUnits", "text-anchor",
    "dominant-baseline", "font-family", "font-size", "font-style", "font-weight", "offset",
    "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "href", "xml:space",
}  # fmt: skip
GENERIC = {"id", "class", "lang", "dir", "title", "role", "tabindex", "hidden", "style"}
ATTRIBUTES = {
    "*": GENERIC,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
} | {tag: SVG_ATTRIBUTES for tag in SVG}
HEAD = {"title", "meta", "link"}
HEAD_ATTRIBUTES = {"meta": {"charset", "name", "content"}, "link": {"href"}}
CLEARED = {"script", "style", "template", "noscript", "iframe", "object", "embed", "textarea"}
"""Left out with their content: what they hold is code, or text no reader should see."""
CSS_ATTRIBUTES = {"style", "fill", "stroke", "clip-path"}
LINK_SCHEMES = {"https", "http", "mailto"}
RUNS_CODE = {"script", "iframe", "frame", "object", "embed", "applet", "base", "foreignObject"}
SCRIPT_SCHEMES = ("javascript:", "vbscript:")


@dataclass(frozen=True)
class Removed:
    """An element or attribute the sanitiser left out: why, and text to find it by."""

    message: str
    written: tuple[str, ...]
    """Texts to look for in the project, the likeliest first."""


def normalised(path: PurePosixPath) -> str:
    """The path inside the web folder, `..` resolved; "../" when it leaves the folder."""
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if not parts:
                return "../"
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def local_file(target: str, files: Collection[str]) -> str | None:
    """The web folder's file a relative URL names, or None."""
    parts = split(CONTROL.sub("", target.strip()))
    path = PurePosixPath(unquote(parts.path))
    if parts.scheme or parts.netloc or target.strip().startswith(("/", "\\")):
        return None
    found = normalised(path)
    return found if found in files else None


class Urls:
    """The attribute filter: which URLs the page keeps, and the Markdown images' new names."""

    def __init__(self, files: Collection[str], renamed: dict[str, str], folder: str = "") -> None:
        self.files = files
        self.renamed = renamed
        """{path as written in the Markdown: name in the web folder}."""
        self.folder = folder
        """Where the page is inside the web folder: "zh" for another language's page."""

    def __call__(self, tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src"):
            return self.url(tag, value)
        if attribute in CSS_ATTRIBUTES and attribute_refusal(value):
            return None
        return value

    def url(self, tag: str, value: str) -> str | None:
        target = value.strip()
        parts = split(CONTROL.sub("", target))
        if target.startswith("#"):
            return value
        if tag == "a":
            if parts.scheme.lower() in LINK_SCHEMES:
                return value
            return value if not parts.scheme and local_path(parts.path, self.folder) else None
        if tag == "img" and target.lower().startswith("data:image/"):
            return value
        if tag in ("img", "link") and not parts.scheme and not parts.netloc:
            written = unquote(parts.path)
            if written in self.renamed:
                return self.renamed[written]
            return value if local_file(target, self.files) else None
        return None


def local_path(path: str, folder: str = "") -> bool:
    """A relative path that stays in the web folder (a link a reader may follow); `folder`: where
    the page is in it (the page of another language links up to the first's: `../index.html`)."""
    inside = PurePosixPath(folder, unquote(path))
    return not path.startswith(("/", "\\")) and normalised(inside) != "../"


def sanitised_page(
    page: str, files: Collection[str], renamed: dict[str, str], folder: str = ""
) -> tuple[str, list[Removed]]:
    """The page as published, and what the sanitiser left out of the composed page; `folder`:
    where the page is inside the web folder ("" for its top, "zh" for a language's page)."""
    body_tag = re.search(r"<body\b[^>]*>", page, re.I)
    head, body = (page[: body_tag.start()], page[body_tag.end() :]) if body_tag else ("", page)
    end = body.lower().rfind("</body")
    body = body[:end] if end >= 0 else body
    urls = Urls(files, renamed, folder)
    options: dict[str, object] = {
        "attribute_filter": urls,
        "url_schemes": LINK_SCHEMES | {"data"},
        "link_rel": None,
        "strip_comments": True,
        "clean_content_tags": CLEARED,
    }
    clean_head = nh3.clean(
        head,
        tags=HEAD,
        attributes=HEAD_ATTRIBUTES,
        tag_attribute_values={"link": {"rel": {"stylesheet"}}},
        **options,  # type: ignore[arg-type]
    )
    clean_body = nh3.clean(
        body,
        tags=HTML | SVG,
        attributes=ATTRIBUTES,
        generic_attribute_prefixes={"aria-"},
        **options,  # type: ignore[arg-type]
    )
    written = tinyhtml5.parse(io.StringIO(page))  # never a str: a short one is a file name
    language = written.get("lang", "")
    language = language if re.fullmatch(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", language) else ""
    direction = written.get("dir", "").lower()
    direction = f' dir="{direction}"' if direction in ("ltr", "rtl", "auto") else ""
    published = (
        f'<!DOCTYPE html>\n<html lang="{language}"{direction}>\n<head>\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n{clean_head.strip()}\n'
        f"</head>\n<body>\n{clean_body.strip()}\n</body>\n</html>\n"
    )
    return published, removed(written, tinyhtml5.parse(io.StringIO(published)))


def elements(root: ElementTree.Element) -> list[ElementTree.Element]:
    return [e for e in root.iter() if isinstance(e.tag, str)]


def removed(written: ElementTree.Element, published: ElementTree.Element) -> list[Removed]:
    """What is in the written page and not in the published one. The sanitiser only removes
    (elements, or attributes of the elements it keeps), so the published elements are the
    written ones in order, less some: walking both in step finds each removal."""
    kept = [e for e in elements(published) if e.get("http-equiv") is None]  # but the policy
    found: list[Removed] = []
    index = 0
    for element in elements(written):
        if index < len(kept) and kept[index].tag == element.tag:
            for key, value in element.attrib.items():
                if key not in kept[index].attrib:
                    found.append(attribute_removed(element, key, value))
            index += 1
        else:
            found.append(element_removed(element))
    return list(dict.fromkeys(found))


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def element_removed(element: ElementTree.Element) -> Removed:
    tag = local_name(element.tag)
    if tag in RUNS_CODE:
        return Removed(f"the web edition would run code: a <{tag}> element", (f"<{tag}",))
    return Removed(f"the web edition may not contain a <{tag}> element", (f"<{tag}",))


def attribute_removed(element: ElementTree.Element, key: str, value: str) -> Removed:
    name = local_name(key) if not key.startswith("{http://www.w3.org/1999/xlink}") else "href"
    tag = local_name(element.tag)
    target = CONTROL.sub("", value).strip().lower()
    if name.lower().startswith("on"):
        return Removed(
            f"the web edition would run code: an event handler ({name}=…)", (f"{name}=",)
        )
    if target.startswith(SCRIPT_SCHEMES):
        return Removed(
            f'the web edition would run code: a script URL ({name}="{value[:40]}")',
            (value[:40], CONTROL.sub(lambda c: f"&#{ord(c[0])};", value[:40])),
        )
    if name in ("href", "src") and value.strip():
        parts = split(CONTROL.sub("", value.strip()))
        where = (
            "a browser would fetch it from the network"
            if parts.netloc or parts.scheme.lower() in LINK_SCHEMES
            else "a browser would not find it"
        )
        return Removed(
            f"the web edition refers to '{value}', which is not one of its files: {where}",
            (value,),
        )
    if name in CSS_ATTRIBUTES and (refused := attribute_refused(value)):
        return Removed(
            f"the web edition may not use {refused[0]} in <{tag} {name}>", (value[:40], refused[1])
        )
    return Removed(f"the web edition may not use the attribute {name} on <{tag}>", (f"{name}=",))
