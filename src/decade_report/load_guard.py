"""Stage 1 (load), its second half: refuse what would make the build read outside the project.

A report project comes from many hands, so its Markdown, its SVG files and its template overrides
are untrusted. Before anything is rendered they are read as text, and every reference the renderer
would follow is refused where it is written (`file:line:col`) when it points at the network
(`http:`, `//host`), is a `file:` URL or an absolute path, or leaves the project; SVG files may
not declare external or nested XML entities (XXE, entity bombs). The renderer's URL fetcher
(`render_pdf`) refuses the same things again while laying out: the last line of defence, for what
only exists once templates have run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit
from xml.parsers import expat

from decade_report.errors import Location, Problem

NETWORK_HINT = "download the file into the project's assets/ folder and refer to it there"
FILE_HINT = "copy the file into the project's assets/ folder and refer to it there"


def refuse_outside_references(
    root: Path, markdown: Iterable[tuple[str, str, int]], images: Iterable[str]
) -> list[Problem]:
    """Problems of the project's Markdown (path, body, line the body starts on), of every SVG it
    has or names (`images`: the logo, the portrait) and of its template overrides."""
    markdown = list(markdown)
    problems = list(markdown_problems(root, markdown))
    problems += template_problems(root)
    svgs = {path: relative_to(path, root) for path in project_svgs(root, markdown, images)}
    for path, shown in sorted(svgs.items(), key=lambda item: item[1]):
        problems += svg_problems(path, shown, root)
    return problems


def relative_to(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def split(url: str) -> SplitResult:
    """The parts of a URL; one urllib cannot split (`http://[::1`) is kept whole as a path."""
    try:
        return urlsplit(url)
    except ValueError:
        scheme, _, rest = url.partition("://")
        return SplitResult(scheme, "?", rest, "", "") if rest else SplitResult("", "", url, "", "")


def resolved_inside(path: Path, root: Path) -> tuple[bool, bool]:
    """(inside the project, exists) of `path` once every link is followed."""
    try:
        real = path.resolve()
        return real.is_relative_to(root), real.exists()
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL in the name
        return False, False


def reference_problem(target: str, base: Path, root: Path, what: str) -> tuple[str, str] | None:
    """Why `target`, written in a file of the folder `base`, may not be used, and what to do; None
    for a `#fragment`, a `data:` URL or a file inside the project."""
    target = target.strip()
    parts = split(target)
    scheme = parts.scheme.lower()
    if not target or target.startswith("#") or scheme == "data":
        return None
    said = f"{what} refers to '{target}'"
    if scheme in ("http", "https", "ftp", "ftps") or parts.netloc or target.startswith("//"):
        return f"{said}, on the network: the build never downloads anything", NETWORK_HINT
    if scheme:
        return f"{said}, a {scheme}: URL: the build reads only files inside the project", FILE_HINT
    path = unquote(parts.path)
    if path.startswith(("/", "\\")):
        return (
            f"{said}, an absolute path: the build reads only files inside the project",
            "give the path relative to the project folder",
        )
    if not path:
        return None
    inside, exists = resolved_inside(base / path, root)
    if not inside:
        return f"{said}, outside the project", FILE_HINT
    if not exists:
        return f"{said}, which does not exist", "check the path: it is relative to the project"
    return None


# --- Markdown -------------------------------------------------------------------------------


def markdown_problems(root: Path, files: list[tuple[str, str, int]]) -> Iterator[Problem]:
    """Images of the message and the chapters: relative to the project, as the renderer reads
    them. Links are not fetched (a link to a web site is fine) and are not checked here."""
    # Imported here: render_markdown → validate → load_project, which calls this module.
    from decade_report.render_markdown import references

    for path, body, body_line in files:
        for reference in references(body):
            if reference.kind != "image":
                continue
            why = reference_problem(reference.target, root, root, "Markdown image")
            if why:
                where = Location(path, body_line + reference.line, reference.column)
                yield Problem(where, *why)


def markdown_svgs(root: Path, files: list[tuple[str, str, int]]) -> Iterator[Path]:
    from decade_report.render_markdown import references

    for _, body, _ in files:
        for reference in references(body):
            target = unquote(split(reference.target).path)
            if reference.kind == "image" and target.lower().endswith(".svg"):
                yield root / target


# --- SVG ------------------------------------------------------------------------------------


def walk(folder: Path) -> Iterator[Path]:
    """Files under `folder`, not following symbolic links (load_project refuses those)."""
    for parent, _, names in os.walk(folder):
        yield from (Path(parent, name) for name in sorted(names))


def project_svgs(
    root: Path, markdown: list[tuple[str, str, int]], images: Iterable[str]
) -> set[Path]:
    candidates = [p for name in ("assets", "templates") for p in walk(root / name)]
    candidates += [root / image for image in images if image]
    candidates += markdown_svgs(root, markdown)
    return {
        path.resolve()
        for path in candidates
        if path.suffix.lower() == ".svg" and resolved_inside(path, root) == (True, True)
    }


class Refused(Exception):
    """Stops the XML parser at an entity declaration, before anything is expanded."""


MAX_ENTITY = 200
"""Design tools declare short namespace entities (`<!ENTITY ns_svg "http://…">`); longer ones,
or ones made of other entities, only serve to blow up the parser."""
XML_HINT = "save the drawing again as plain SVG (Inkscape: Save As › Plain SVG)"


def svg_problems(path: Path, shown: str, root: Path) -> list[Problem]:
    """External and nested entities, and references outside the project, in one SVG file."""
    problems: list[Problem] = []
    parser = expat.ParserCreate()
    style: list[str] = []
    started = [Location(shown)]
    styling = 0

    def here() -> Location:
        return Location(shown, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def refer(target: str, what: str, where: Location) -> None:
        why = reference_problem(target, path.parent, root, what)
        if why:
            problems.append(Problem(where, *why))

    def entity(name: str, parameter: int, value: str | None, *external: str | None) -> None:
        if any(external) or parameter or value is None:
            source = next((e for e in external[1:] if e), "")
            message = f"declares the external XML entity '{name}' ({source})"
        elif "&" in value or len(value) > MAX_ENTITY:
            message = f"declares the XML entity '{name}' built to expand (an entity bomb)"
        else:
            return
        problems.append(Problem(here(), f"SVG {message}: refused", XML_HINT))
        raise Refused

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal styling
        for key, value in attributes.items():
            if key == "href" or key.endswith(":href"):
                refer(value, f"SVG <{name} {key}>", here())
            for target, _, kind in css_references(value):
                refer(target, f"SVG {kind} in <{name} {key}>", here())
        styling += name.rsplit(":", 1)[-1] == "style"

    def end(name: str) -> None:
        nonlocal styling
        if name.rsplit(":", 1)[-1] == "style":
            styling -= 1
            css = "".join(style)
            for target, offset, kind in css_references(css):
                refer(target, f"SVG <style> {kind}", shifted(started[0], css, offset))
            style.clear()

    def text(data: str) -> None:
        if styling:
            if not style:
                started[:] = [here()]
            style.append(data)

    def instruction(target: str, data: str) -> None:
        if target == "xml-stylesheet" and (match := re.search(r"href=[\"']([^\"']*)", data)):
            refer(match[1], "SVG <?xml-stylesheet?>", here())

    parser.EntityDeclHandler = entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(path.read_bytes(), True)
    except Refused:
        pass
    except expat.ExpatError as error:
        problems.append(
            Problem(
                Location(shown, error.lineno, error.offset + 1),
                f"SVG is not well-formed XML: {expat.ErrorString(error.code)}",
                XML_HINT,
            )
        )
    except OSError as error:
        problems.append(Problem(Location(shown), f"cannot read file: {error.strerror}"))
    return problems


def shifted(start: Location, text: str, offset: int) -> Location:
    """The place of `offset` in `text`, a text that starts at `start` of its file."""
    newlines = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1) + (start.column if not newlines else 1)
    return Location(start.path, start.line + newlines, column)


# --- CSS and template overrides -------------------------------------------------------------

CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s"']*))\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)


def css_references(css: str) -> Iterator[tuple[str, int, str]]:
    """(target, offset, "url()" or "@import") of every `url(…)` and `@import "…"` of a stylesheet
    or a style attribute."""
    for pattern in (CSS_URL, CSS_IMPORT):
        for match in pattern.finditer(css):
            group = next(i for i in range(1, pattern.groups + 1) if match[i] is not None)
            before = css[max(match.start() - 40, 0) : match.start()].rstrip().lower()
            kind = "@import" if pattern is CSS_IMPORT or before.endswith("@import") else "url()"
            yield match[group], match.start(group), kind


TAG = re.compile(r"""<([A-Za-z][\w:-]*)((?:[^<>"']|"[^"]*"|'[^']*')*)>""")
ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
FETCHED = {"src", "srcset", "href", "xlink:href", "poster", "data", "background"}
"""Attributes whose URL a renderer or a browser loads; a link's `href` is only followed by a
reader, so links (`<a>`, `<area>`) may point anywhere."""
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)


def template_problems(root: Path) -> Iterator[Problem]:
    """References written in the project's template overrides (HTML, CSS, SVG): a `url()`, an
    `@import`, a `src` or a `<link href>` to the network or outside the project. References
    made by template code (`url({{ … }})`) are judged by the renderer's fetcher instead."""
    folder = root / "templates"
    for path in walk(folder):
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # not a template: Jinja reports it if one includes it
        shown = relative_to(path, root)
        text = JINJA_COMMENT.sub(lambda match: re.sub(r"[^\n]", " ", match[0]), text)
        for target, offset, what in template_references(text):
            static = target.split("{", 1)[0]
            if "{" in target and not split(static).scheme and not static.startswith("//"):
                continue
            why = reference_problem(static if "{" in target else target, root, root, what)
            if why:
                yield Problem(shifted(Location(shown, 1, 1), text, offset), *why)


def template_references(text: str) -> Iterator[tuple[str, int, str]]:
    """(target, offset, what) of every fetched reference written in a template."""
    for target, offset, kind in css_references(text):
        yield target, offset, kind
    for tag in TAG.finditer(text):
        name = tag[1].lower()
        for attribute in ATTRIBUTE.finditer(tag[2]):
            key = attribute[1].lower()
            if key not in FETCHED or (key == "href" and name in ("a", "area")):
                continue
            group = 2 if attribute[2] is not None else 3
            value, start = attribute[group], tag.start(2) + attribute.start(group)
            targets = [v.split()[0] for v in value.split(",") if v.strip()]
            for target in targets if key == "srcset" else [value]:
                yield target, start + max(value.find(target), 0), f"<{name} {key}>"


# --- finding a reference again ---------------------------------------------------------------

SEARCHED = (".md", ".toml", ".yaml", ".yml", ".csv", ".html", ".css", ".svg", ".txt")


def written_at(url: str, project: Path, otherwise: str = "rendered document") -> Location:
    """The first place in the project's text files where `url` is written (or, for a `file:`
    URL, its path): for a reference only refused once templates have run."""
    parts = split(url)
    wanted = [url, unquote(url)]
    if parts.scheme == "file":
        path = Path(unquote(parts.path))
        wanted.append(path.relative_to(project).as_posix() if path.is_relative_to(project) else "")
        wanted.append(str(path).lstrip("/"))
    elif parts.netloc:  # made by a template from a value: the value names the host
        wanted.append(f"{parts.scheme}://{parts.netloc}" if parts.scheme else parts.netloc)
    wanted = [w for w in dict.fromkeys(wanted) if len(w) > 3]
    files = [project / name for name in ("report.toml", "message.md", "charts.yaml")]
    files += [
        p for name in ("chapters", "data", "templates", "assets") for p in walk(project / name)
    ]
    for path in files:
        if path.suffix.lower() not in SEARCHED or not path.is_file():
            continue
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for target in wanted:
            offset = text.find(target)
            if offset >= 0:
                return shifted(Location(relative_to(path, project), 1, 1), text, offset)
    return Location(otherwise)
