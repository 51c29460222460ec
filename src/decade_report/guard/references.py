"""Stage 1 (load), its second half: refuse what would make the build read outside the project.

A report project comes from many hands, so its Markdown, its SVG files and its template overrides
are untrusted. Before anything is rendered they are read the way the renderer reads them — HTML
with the WHATWG parser, CSS with tinycss2, SVG with expat (`svg_guard`, entities refused at the
declaration) — and every reference the renderer would follow is refused where it is written
(`file:line:col`) when it points at the network (`http:`, `//host`), is a `file:` URL or an
absolute path, or leaves the project (`url_rules` says what a URL names). An `@font-face` of a
template override must name a font file of the project. The renderer's URL fetcher (`render_pdf`)
refuses the same things again while laying out: the last line of defence, for what only exists
once templates have run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from decade_report.errors import Location, Problem
from decade_report.guard.svg import read_svg
from decade_report.guard.templates import (
    MADE,
    FontFaceWithoutFile,
    Reference,
    css_references,
    html_references,
    without_jinja,
)
from decade_report.guard.urls import Kind, cleaned, kind_of, split
from decade_report.theme.files import FONT_HINT, font_fault

NETWORK_HINT = "download the file into the project's assets/ folder and refer to it there"
FILE_HINT = "copy the file into the project's assets/ folder and refer to it there"


def refuse_outside_references(
    root: Path,
    markdown: Iterable[tuple[str, str, int]],
    images: Iterable[str],
    texts: Mapping[str, str],
) -> list[Problem]:
    """Problems of the project's Markdown (path, body, line the body starts on), of every SVG it
    has or names (`images`: the logo, the portrait) and of its template overrides (`texts`, from
    `theme_texts`)."""
    markdown = list(markdown)
    problems = list(markdown_problems(root, markdown))
    problems += template_problems(root, texts)
    svgs = {path: relative_to(path, root) for path in project_svgs(root, markdown, images)}
    for path, shown in sorted(svgs.items(), key=lambda item: item[1]):
        problems += svg_problems(path, shown, root)
    return problems


def relative_to(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


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
    kind = kind_of(target)
    if kind in (Kind.EMPTY, Kind.FRAGMENT, Kind.DATA, Kind.DATA_IMAGE):
        return None
    said = f"{what} refers to '{target.strip()}'"
    if kind is Kind.NETWORK:
        return f"{said}, on the network: the build never downloads anything", NETWORK_HINT
    parts = split(cleaned(target))
    if kind is Kind.SCHEME:
        scheme = parts.scheme.lower()
        return f"{said}, a {scheme}: URL: the build reads only files inside the project", FILE_HINT
    path = unquote(parts.path)
    if kind is Kind.ABSOLUTE:
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
    from decade_report.compose.markdown import references

    for path, body, body_line in files:
        for reference in references(body):
            if reference.kind != "image":
                continue
            why = reference_problem(reference.target, root, root, "Markdown image")
            if why:
                where = Location(path, body_line + reference.line, reference.column)
                yield Problem(where, *why)


def markdown_svgs(root: Path, files: list[tuple[str, str, int]]) -> Iterator[Path]:
    from decade_report.compose.markdown import references

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


def svg_problems(path: Path, shown: str, root: Path) -> list[Problem]:
    """Everything refused in one SVG file (`svg_guard`), references judged from its folder."""
    return read_svg(
        path, shown, lambda target, what: reference_problem(target, path.parent, root, what)
    ).problems


def shifted(start: Location, text: str, offset: int) -> Location:
    """The place of `offset` in `text`, a text that starts at `start` of its file."""
    newlines = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1) + (start.column if not newlines else 1)
    return Location(start.path, start.line + newlines, column)


# --- CSS and template overrides -------------------------------------------------------------


ASSET_TEXTS = (".css", ".svg", ".html", ".txt")
"""Text files of a project's assets/ that a template may have the renderer read."""


def theme_texts(root: Path) -> dict[str, str]:
    """The project's template overrides (every file of templates/) and the text files of its
    assets/ {project path: text}, read once at load time: the guard judges the templates from
    them, and a URL refused while laying out is found in them (`written_at`). A file that is not
    UTF-8 text is left out (Jinja reports it if a template includes it)."""
    texts = {}
    paths = list(walk(root / "templates"))
    paths += [p for p in walk(root / "assets") if p.suffix.lower() in ASSET_TEXTS]
    for path in paths:
        if resolved_inside(path, root) != (True, True) or not path.is_file():
            continue  # a link out of the project is refused by the loader, never read
        try:
            texts[relative_to(path, root)] = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    return texts


def template_problems(root: Path, texts: Mapping[str, str]) -> Iterator[Problem]:
    """References written in the project's template overrides (HTML and CSS; SVG files are
    read by `svg_problems`): a `url()`, an `@import`, a `src` or a `<link href>` to the network
    or outside the project, and `@font-face` rules without a font file. References made by
    template code (`url({{ … }})`) are judged by the renderer's fetcher instead."""
    for shown, written in sorted(texts.items()):
        path = Path(shown)
        if path.parts[0] != "templates" or path.suffix.lower() == ".svg":
            continue
        text = without_jinja(written)
        if path.suffix.lower() == ".css":
            found = css_references(text, Location(shown, 1, 1))
        else:
            found = html_references(text, shown)
        for reference in found:
            if isinstance(reference, FontFaceWithoutFile):
                yield Problem(
                    reference.where,
                    "@font-face names no font file: the renderer would leave the face out",
                    "give its src as url(…) of a font file in the project's assets/fonts/",
                )
                continue
            yield from template_reference_problem(reference, root)


def template_reference_problem(reference: Reference, root: Path) -> Iterator[Problem]:
    target = reference.target
    static = target.split(MADE, 1)[0]
    if MADE in target and kind_of(static) in (Kind.RELATIVE, Kind.EMPTY):
        return  # built by template code: the renderer's fetcher judges it
    what = f"@font-face {reference.what}" if reference.font_face else reference.what
    why = reference_problem(static if MADE in target else target, root, root, what)
    if why:
        yield Problem(reference.where, *why)
    elif reference.font_face and MADE not in target and kind_of(target) is Kind.RELATIVE:
        fault = font_fault(root / unquote(split(cleaned(target)).path))
        if fault:
            yield Problem(reference.where, f"{what} refers to '{target}', which {fault}", FONT_HINT)


# --- finding a reference again ---------------------------------------------------------------


def written_at(
    url: str, texts: Mapping[str, str], otherwise: str = "rendered document"
) -> Location:
    """The first place in the project's texts as loaded (`Report.texts`) where `url` is written
    (or, for a `file:` URL, its path): for a reference only refused once templates have run."""
    parts = split(url)
    wanted = [url, unquote(url)]
    if parts.scheme == "file":
        path = PurePosixPath(unquote(parts.path))
        wanted += [str(path).lstrip("/")]
        wanted += ["/".join(path.parts[index:]) for index in range(1, len(path.parts) - 1)]
    elif parts.netloc:  # made by a template from a value: the value names the host
        wanted.append(f"{parts.scheme}://{parts.netloc}" if parts.scheme else parts.netloc)
    wanted = [w for w in dict.fromkeys(wanted) if len(w) > 3]
    for shown in sorted(texts, key=search_order):
        text = texts[shown]
        for target in wanted:
            offset = text.find(target)
            if offset >= 0:
                return shifted(Location(shown, 1, 1), text, offset)
    return Location(otherwise)


SEARCH_ORDER = ("report.toml", "message.md", "charts.yaml", "chapters/", "data/", "templates/")


def search_order(shown: str) -> tuple[int, str]:
    """The order the files were searched in before they were kept in memory: report.toml,
    message.md, charts.yaml, then chapters/, data/, templates/ and assets/."""
    rank = next((n for n, p in enumerate(SEARCH_ORDER) if shown.startswith(p)), len(SEARCH_ORDER))
    return rank, shown
