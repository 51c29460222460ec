"""Stage 5 (web edition): the report as one accessible HTML page for a website.

The page is composed from the same chapters and layout templates as the PDFs (edition "web":
templates/web/ first, the shared templates otherwise). Each chart's SVG is inlined (web_svg); the
logo, the portrait and the images of the Markdown are copied beside the page, the Markdown's
under names the build chooses, SVG drawings rebuilt from an allow-list; only the font faces the
stylesheet uses are bundled, subset to the characters of the page. Nothing depends on the clock,
so the same input gives the same bytes.

The project is untrusted, so the page is published as an HTML5 sanitiser rebuilds it, under a
strict Content-Security-Policy (web_sanitise), and the stylesheet may load only the files of the
web folder (web_css); what either would leave out fails the build, located where it is written.
Hands on {relative path: bytes}, which the pipeline writes into build/web/.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from markupsafe import Markup

from decade_report.charts.render import ChartImage
from decade_report.compose.document import compose
from decade_report.compose.markdown import references
from decade_report.compose.templating import environment, render_template
from decade_report.editions.edition import Edition
from decade_report.errors import Location, Problem, ReportError
from decade_report.guard.css import inline_image, stylesheet_references
from decade_report.guard.references import resolved_inside, shifted, split, written_at
from decade_report.model.report import Report
from decade_report.publish.staging import write_atomic
from decade_report.theme.tokens import FontFace, Theme, font_coverage
from decade_report.web.fonts import subset_all
from decade_report.web.languages import folder, switcher
from decade_report.web.sanitise import local_file, sanitised_page
from decade_report.web.svg import inline_svg, sanitised_svg

STYLESHEET = "style.css"
PAGE = "index.html"
PAGE_HINT = (
    "the web edition is a static page of the report's own markup: remove it from the template "
    "override or the Markdown (docs/security.md lists what the page may hold)"
)


def render_web(
    report: Report,
    charts: dict[str, ChartImage],
    theme: Theme,
    cache: Path | None = None,
    languages: Sequence[str] = (),
) -> dict[str, bytes]:
    """The files of the web edition, {relative path: bytes}; font subsets are kept in `cache`
    (by content hash) so a rebuild that changes nothing does not subset them again. Fails with
    every element, attribute or reference the sanitisers had to leave out. `languages`: every
    language of the report, first first, for the switcher (web/languages.py); the files are
    those of the report's own language's folder."""
    files, problems = web_edition(report, charts, theme, cache, languages)
    if problems:
        raise ReportError(problems)
    return files


def web_edition(
    report: Report,
    charts: dict[str, ChartImage],
    theme: Theme,
    cache: Path | None = None,
    languages: Sequence[str] = (),
) -> tuple[dict[str, bytes], list[Problem]]:
    """The files as they would be published, and what the sanitisers left out of them."""
    images, renamed, problems = published_images(report)
    logos = copied_images(report)
    web = {
        "charts": {ident: Markup(inline_svg(image)) for ident, image in charts.items()},
        "stylesheet": STYLESHEET,
        "logo": logos.get("logo", ("", None))[0],
        "portrait": logos.get("portrait", ("", None))[0],
        "languages": switcher(report.config.language, languages),
    }
    page = compose(report, charts, theme, Edition.WEB, {"web": web}).html
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
    files = {STYLESHEET: stylesheet.encode()} | images
    files |= {target: data for target, _, data in fonts}
    where = folder(report.config.language, languages)
    published, removed = sanitised_page(page, {PAGE, *files}, renamed, where)
    problems += [
        Problem(located(item.written, report.texts), item.message, PAGE_HINT) for item in removed
    ]
    problems += stylesheet_problems(stylesheet, files, report.texts)
    return dict(sorted((files | {PAGE: published.encode()}).items())), problems


def located(written: Iterable[str], texts: Mapping[str, str]) -> Location:
    """Where the first of these texts is written in the project; the page when none is."""
    for text in written:
        where = written_at(text, texts, f"web/{PAGE}")
        if where.path != f"web/{PAGE}":
            return where
    return Location(f"web/{PAGE}")


def markdown_images(report: Report) -> dict[str, Path]:
    """The images of the message and the chapters, {path as written (decoded): source}. (Loading
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


def published_images(report: Report) -> tuple[dict[str, bytes], dict[str, str], list[Problem]]:
    """The images of the web folder {path in it: bytes}, the Markdown images' new names {path as
    written: path in the web folder}, and what their SVG drawings would run or fetch.

    A Markdown image is published under a name the build chooses (`assets/` + the hash of its
    content + its lower-case suffix), never the path as written: a written path that climbs out
    through `..` and a symbolic link must not become a path to write to."""
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for target, source in copied_images(report).values():
        files[target] = published(source, report.root, problems)
    renamed: dict[str, str] = {}
    for written, source in markdown_images(report).items():
        data = published(source, report.root, problems)
        suffix = Path(written).suffix.lower()
        suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ""
        renamed[written] = f"assets/{hashlib.sha256(data).hexdigest()[:20]}{suffix}"
        files[renamed[written]] = data
    return files, renamed, problems


def published(source: Path, root: Path, problems: list[Problem]) -> bytes:
    """The bytes of an image as the web folder holds it: an SVG drawing rebuilt by web_svg."""
    data = source.read_bytes()
    if source.suffix.lower() != ".svg":
        return data
    clean, removed = sanitised_svg(data)
    shown = source.resolve().relative_to(root.resolve()).as_posix()
    text = data.decode("utf-8", "replace")
    for what, needle in removed:
        offset = max(text.find(needle), 0)
        problems.append(
            Problem(
                shifted(Location(shown, 1, 1), text, offset),
                f"SVG image would run code or fetch in the web edition: {what}",
                "remove it from the drawing: the web edition publishes only plain SVG",
            )
        )
    return clean


def stylesheet_problems(css: str, files: Iterable[str], texts: Mapping[str, str]) -> list[Problem]:
    """What the stylesheet would load from outside the web folder (tinycss2 reads it as a
    browser does: escapes decoded, `image-set()` strings, `@import`)."""
    files = set(files)
    problems = []
    for target, how in stylesheet_references(css):
        if inline_image(target) or local_file(target, files):
            continue
        parts = split(target.strip())
        problems.append(
            Problem(
                written_at(target, texts, f"web/{STYLESHEET}"),
                f"the web edition refers to '{target}' ({how}), which is not one of its files: "
                + (
                    "a browser would fetch it from the network"
                    if parts.netloc
                    else "a browser would not load it"
                ),
                "refer only to files of the project (they are copied into build/web/)",
            )
        )
    return problems


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
    made = cached_subsets([(path, drawn) for path, _, drawn in subsets], flavor, cache)
    return [
        (f"fonts/{path.stem}{'.woff2' if flavor else path.suffix}", face, data)
        for (path, face, _), data in zip(subsets, made, strict=True)
    ]


def unique_faces(theme: Theme, wanted: Callable[[FontFace], bool]) -> list[tuple[Path, FontFace]]:
    """Faces matching `wanted`, the project's before the theme's, one per family/weight/style."""
    faces: dict[tuple[str, int, str], tuple[Path, FontFace]] = {}
    for path, face in theme.faces:
        if wanted(face):
            faces.setdefault((face.family, face.weight, face.style), (path, face))
    return list(faces.values())


def cached_subsets(
    wanted: list[tuple[Path, set[str]]], flavor: str | None, cache: Path | None
) -> list[bytes]:
    """Each font subset to its characters: from the cache (by a hash of the font and the
    characters) or made (web/fonts.py: several at once, on every core)."""
    stored: list[Path | None] = [None] * len(wanted)
    for index, (path, characters) in enumerate(wanted if cache else ()):
        key = hashlib.sha256(path.read_bytes())
        key.update(repr((sorted(characters), flavor, CODE_HASH)).encode())
        stored[index] = cache / f"{path.stem}-{key.hexdigest()[:20]}"
    missing = [index for index, place in enumerate(stored) if not (place and place.is_file())]
    made = dict(zip(missing, subset_all([wanted[index] for index in missing], flavor), strict=True))
    for index, data in made.items():
        place = stored[index]
        if place is not None:
            write_atomic(place, data)
    return [
        made[index] if place is None or index in made else place.read_bytes()
        for index, place in enumerate(stored)
    ]


CODE_HASH = hashlib.sha256(
    Path(__file__).read_bytes() + Path(__file__).with_name("fonts.py").read_bytes()
).hexdigest()
"""The subsetting's code (its options among it): a subset made by an older version is made again."""


def font_face_rules(fonts: list[Font]) -> str:
    formats = {".woff2": "woff2", ".otf": "opentype", ".ttf": "truetype", ".woff": "woff"}
    return "".join(
        f'@font-face {{ font-family: "{face.family}"; '
        f'src: url("{target}") format("{formats[Path(target).suffix]}"); '
        f"font-weight: {face.weight}; font-style: {face.style}; font-display: swap; }}\n"
        for target, face, _ in fonts
    )
