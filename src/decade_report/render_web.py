"""Stage 5 (web edition): the report as one accessible HTML page for a website.

The page is composed from the same chapters and layout templates as the PDFs (edition "web":
templates/web/ first, the shared templates otherwise). Each chart's SVG is inlined with its alt
text as `<title>` and its ids prefixed by the chart id, so a dozen charts live in one page without
clashing; the logo, the portrait and the images of the Markdown are copied beside the page; only
the font faces the stylesheet uses are bundled, subset to the characters of the page. Nothing
depends on the clock, so the same input gives the same bytes; and nothing refers to the network or
outside build/web/: every reference the page and its stylesheet make (a template override's too)
is checked against the files written, and the build fails naming any other. Hands on
{relative path: bytes}, which the pipeline writes into build/web/.
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import io
import re
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote
from xml.etree import ElementTree

from markupsafe import Markup

from decade_report.compose import compose, environment, render_template
from decade_report.errors import Problem, ReportError
from decade_report.load_guard import FETCHED, css_references, resolved_inside, split, written_at
from decade_report.models import Report
from decade_report.publish import write_atomic
from decade_report.render_charts import ChartImage
from decade_report.render_markdown import references
from decade_report.theme import FontFace, Theme, font_coverage

STYLESHEET = "style.css"
PAGE = "index.html"


def render_web(
    report: Report, charts: dict[str, ChartImage], theme: Theme, cache: Path | None = None
) -> dict[str, bytes]:
    """The files of the web edition, {relative path: bytes}; font subsets are kept in `cache`
    (by content hash) so a rebuild that changes nothing does not subset them again."""
    images = copied_images(report)
    web = {
        "charts": {ident: Markup(inline_svg(image)) for ident, image in charts.items()},
        "stylesheet": STYLESHEET,
        "logo": images.get("logo", ("", None))[0],
        "portrait": images.get("portrait", ("", None))[0],
    }
    page = compose(report, charts, theme, "web", {"web": web}).html
    env = environment(theme)
    # The stylesheet's own characters count too: generated content ("↑ Back to contents").
    stylesheet_source = env.loader.get_source(env, "web/web.css")[0] if env.loader else ""
    fonts = bundled_fonts(theme, page_characters(page) | set(stylesheet_source), cache)
    stylesheet = render_template(
        env,
        "web/web.css",
        {
            "font_faces": Markup(font_face_rules(fonts)),
            "css_tokens": Markup(theme.tokens.css_variables()),
            "fallbacks": Markup(
                "".join(f'"{face.family}", ' for _, face, _ in fonts if face.fallback)
            ),
            "steps": type_steps(theme),
        },
    )
    files = {PAGE: page.encode(), STYLESHEET: stylesheet.encode()}
    files |= {target: data for target, _, data in fonts}
    files |= {target: source.read_bytes() for target, source in images.values()}
    files |= {target: source.read_bytes() for target, source in markdown_images(report).items()}
    refuse_outside_references(files, report.root)
    return dict(sorted(files.items()))


def markdown_images(report: Report) -> dict[str, Path]:
    """The images of the message and the chapters, {path in the output: source}: the same path
    as in the project, so the Markdown's relative `src` finds them beside the page. (Loading
    refused every image that is not a file inside the project.)"""
    found = {}
    for body in (report.message.body, *(chapter.body for chapter in report.chapters)):
        for reference in references(body):
            parts = split(reference.target)
            if reference.kind != "image" or parts.scheme or parts.netloc:
                continue
            source = report.root / unquote(parts.path)
            if resolved_inside(source, report.root) == (True, True) and source.is_file():
                found[unquote(parts.path)] = source
    return found


ACTIVE_TAGS = ("script", "iframe", "frame", "object", "embed", "applet", "base")
"""Elements that run code, show another page or change what every URL means: the web edition is a
static page, and nothing in the project (a template override included) may add one."""


class References(HTMLParser):
    """Every URL a browser would load for the page (`src`, `srcset`, `<link href>`, `url()` and
    `@import` in style attributes and `<style>`), and anything that would run code. Links
    (`<a href>`) are only followed by the reader, and may point anywhere but `javascript:`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.active: list[tuple[str, str]] = []
        """(what, the text to look for in the project's files)."""
        self.styling = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.styling = tag == "style"
        if tag in ACTIVE_TAGS:
            self.active.append((f"a <{tag}> element", f"<{tag}"))
        refresh = ("http-equiv", "refresh") in [(k, (v or "").lower()) for k, v in attrs]
        if tag == "meta" and refresh:
            self.active.append(("a <meta http-equiv=refresh>", "refresh"))
        for key, value in attrs:
            if key.startswith("on"):
                self.active.append((f"an event handler ({key}=…)", f"{key}="))
            if value is None:
                continue
            if value.strip().lower().startswith(("javascript:", "vbscript:")):
                self.active.append((f'a script URL ({key}="{value[:40]}")', value[:40]))
            elif key == "style":
                self.found += [target for target, _, _ in css_references(value)]
            elif key in FETCHED and not (key == "href" and tag in ("a", "area")):
                items = [v.split()[0] for v in value.split(",") if v.strip()]
                self.found += items if key == "srcset" else [value]

    def handle_endtag(self, tag: str) -> None:
        self.styling = False

    def handle_data(self, data: str) -> None:
        if self.styling:
            self.found += [target for target, _, _ in css_references(data)]


def refuse_outside_references(files: dict[str, bytes], project: Path) -> None:
    """Fail when the page or its stylesheet refers to anything but its own files, a `#fragment`
    or a `data:` URL (a browser opening the page would fetch it from the network or the disk),
    or when the page would run code."""
    parser = References()
    parser.feed(files[PAGE].decode())
    parser.close()
    wanted = [(target, PAGE) for target in parser.found]
    wanted += [(t, STYLESHEET) for t, _, _ in css_references(files[STYLESHEET].decode())]
    problems = [
        Problem(
            written_at(written, project, f"web/{PAGE}"),
            f"the web edition would run code: {what}",
            "the web edition is a static page: remove it from the template override",
        )
        for what, written in dict.fromkeys(parser.active)
    ]
    for target, holder in dict.fromkeys(wanted):
        parts = split(target.strip())
        if not target.strip() or target.startswith("#") or parts.scheme.lower() == "data":
            continue
        path = PurePosixPath(unquote(parts.path))
        local = not (parts.scheme or parts.netloc or path.is_absolute())
        if local and normalised(path) in files:
            continue
        problems.append(
            Problem(
                written_at(target, project, f"web/{holder}"),
                f"the web edition refers to '{target}', which is not one of its files: a browser "
                + ("would fetch it from the network" if parts.netloc else "would not find it"),
                "refer only to files of the project (they are copied into build/web/)",
            )
        )
    if problems:
        raise ReportError(problems)


def normalised(path: PurePosixPath) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if not parts:
                return "../"  # leaves build/web/
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def copied_images(report: Report) -> dict[str, tuple[str, Path]]:
    """The logo and portrait, when the project has them: {name: (path in the output, source)}."""
    sources = {"logo": report.config.logo, "portrait": report.message.portrait}
    return {
        name: (f"images/{name}{Path(relative).suffix.lower()}", report.root / relative)
        for name, relative in sources.items()
        if relative
    }


def type_steps(theme: Theme) -> dict[str, str]:
    """Heading and caption sizes in rem, in the proportions the tokens give them to the text."""
    tokens = theme.tokens
    sizes = {"h1": tokens.size_h1, "h2": tokens.size_h2, "h3": tokens.size_h3}
    steps = {name: f"{size / tokens.size_text:.3f}" for name, size in sizes.items()}
    return steps | {"small": f"{max(tokens.size_small / tokens.size_text, 0.8):.3f}"}


# --- charts inline ------------------------------------------------------------------------------

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
    """SVG elements as HTML foreign content; whitespace-only text between elements is dropped."""
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


# --- fonts ----------------------------------------------------------------------------------

STYLES = {
    "font_text": ((400, "normal"), (400, "italic"), (700, "normal")),
    "font_heading": ((400, "normal"), (500, "normal"), (600, "normal"), (700, "normal")),
    "font_figures": ((400, "normal"), (500, "normal"), (600, "normal"), (700, "normal")),
}
"""The weights and styles web.css gives each family role (see its header); the browser takes any
other weight from these."""

Font = tuple[str, FontFace, bytes]
"""(path in the output, face, subset font file)."""


class PageText(HTMLParser):
    """The text a reader sees: every text node outside <head>, <style> and <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.characters: set[str] = set()
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("head", "style", "script")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("head", "style", "script")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.characters.update(data)


def page_characters(page: str) -> set[str]:
    parser = PageText()
    parser.feed(page)
    parser.close()
    return parser.characters


def bundled_fonts(theme: Theme, characters: set[str], cache: Path | None = None) -> list[Font]:
    """The faces web.css uses, each subset to the characters it draws; a fallback family only
    when the page has characters the main families lack (the names of states in their scripts)."""
    # What CSS may draw: the page, anything generated, and the other case (text-transform).
    wanted = {c for c in characters | set(map(chr, range(0x20, 0x7F))) if c.isprintable()}
    wanted |= {c.upper() for c in wanted if len(c.upper()) == 1}
    wanted |= {c.lower() for c in wanted if len(c.lower()) == 1}
    tokens = theme.tokens
    styles = {
        (getattr(tokens, role), weight, style)
        for role, variants in STYLES.items()
        for weight, style in variants
    }
    chosen = unique_faces(theme, lambda face: (face.family, face.weight, face.style) in styles)
    covered = (
        frozenset.intersection(*(font_coverage(path) for path, _ in chosen))
        if chosen
        else frozenset()
    )
    subsets = [(path, face, wanted) for path, face in chosen]
    missing = {c for c in wanted if ord(c) not in covered and not c.isspace()}
    fallbacks = unique_faces(theme, lambda face: face.fallback and face.weight == 400)
    for path, face in fallbacks:
        drawn = {c for c in missing if ord(c) in font_coverage(path)}
        if drawn:
            subsets.append((path, face, drawn))
            missing -= drawn
    flavor = "woff2" if importlib.util.find_spec("brotli") else None
    return [
        (
            f"fonts/{path.stem}{'.woff2' if flavor else path.suffix}",
            face,
            cached_subset(path, drawn, flavor, cache),
        )
        for path, face, drawn in subsets
    ]


def unique_faces(theme: Theme, wanted: Callable[[FontFace], bool]) -> list[tuple[Path, FontFace]]:
    """Faces matching `wanted`, the project's before the theme's, one per family/weight/style."""
    faces: dict[tuple[str, int, str], tuple[Path, FontFace]] = {}
    for path, face in theme.faces:
        if wanted(face):
            faces.setdefault((face.family, face.weight, face.style), (path, face))
    return list(faces.values())


def cached_subset(
    path: Path, characters: Iterable[str], flavor: str | None, cache: Path | None
) -> bytes:
    if cache is None:
        return subset(path, characters, flavor)
    key = hashlib.sha256(path.read_bytes())
    key.update(repr((sorted(characters), flavor, CODE_HASH)).encode())
    stored = cache / f"{path.stem}-{key.hexdigest()[:20]}"
    if stored.is_file():
        return stored.read_bytes()
    data = subset(path, characters, flavor)
    write_atomic(stored, data)
    return data


CODE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def subset(path: Path, characters: Iterable[str], flavor: str | None) -> bytes:
    from fontTools import subset as subsetting

    options = subsetting.Options()
    # fontTools' default features keep shaping (Arabic joining, Bengali conjuncts), kerning and
    # ligatures; web.css adds tabular figures.
    options.layout_features = [*options.layout_features, "tnum"]
    options.name_IDs = ["*"]  # copyright and licence stay in the font (OFL)
    options.notdef_outline = True
    options.recalc_timestamp = False  # head.modified stays the original's: same input, same bytes
    options.flavor = flavor
    font = subsetting.load_font(str(path), options)
    try:
        subsetter = subsetting.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(c) for c in characters))
        subsetter.subset(font)
        buffer = io.BytesIO()
        subsetting.save_font(font, buffer, options)
    finally:
        font.close()
    return buffer.getvalue()


def font_face_rules(fonts: list[Font]) -> str:
    formats = {".woff2": "woff2", ".otf": "opentype", ".ttf": "truetype", ".woff": "woff"}
    return "".join(
        f'@font-face {{ font-family: "{face.family}"; '
        f'src: url("{target}") format("{formats[Path(target).suffix]}"); '
        f"font-weight: {face.weight}; font-style: {face.style}; font-display: swap; }}\n"
        for target, face, _ in fonts
    )
