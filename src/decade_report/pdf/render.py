"""Stage 5: lay out the composed HTML with WeasyPrint and write the PDF bytes.

The renderer may read only files inside the project, the theme and the build folder: a custom URL
fetcher refuses every other URL (network, `file:` elsewhere, symlinks leading out) and the build
fails naming them, with the project file that holds the URL when it can be found. `load_guard`
refuses such references earlier, where they are written; this is the last line of defence, for
URLs that only exist once templates have run. Whatever WeasyPrint could not load (an image that
is not one, a broken SVG) also fails the build instead of silently leaving a hole in the page.
Fonts come from the bundled folder alone (a private fontconfig configuration).
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from decade_report.errors import Location, Problem, ReportError
from decade_report.guard.clock import time_limit
from decade_report.guard.references import written_at
from decade_report.pdf.render_tags import link_titles, tagging_hints
from decade_report.theme.tokens import Theme


@dataclass(frozen=True)
class RenderedPdf:
    pdf: bytes
    page_count: int
    anchors: dict[str, int]
    """Element id → 0-based page index, for page labels and checks."""
    titles: dict[str, str] = field(default_factory=dict)
    """Element id → its heading or caption, to describe links to it (tagged editions only)."""
    fetched: tuple[str, ...] = ()
    """The files WeasyPrint read (stylesheets, images, fonts): what the layout depends on
    besides the HTML (`pdf.reuse`)."""


@dataclass
class Refusals:
    urls: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    """URL → why it was refused, when there is more to say than "outside the project"."""
    fetched: list[str] = field(default_factory=list)
    """Local files served, in the order they were read."""


def font_environment(theme: Theme) -> dict[str, str]:
    """The environment that points fontconfig at the bundled fonts only: set in the layout's
    own process (`guard.processes`) before WeasyPrint first loads fonts."""
    return {"FONTCONFIG_FILE": str(theme.font_dir / "fonts.conf")}


def use_bundled_fonts(theme: Theme) -> None:
    """For a layout in this process (tests, tools): must happen before Pango is first used."""
    os.environ.update(font_environment(theme))


def render_edition(
    html: str,
    theme: Theme,
    roots: Sequence[Path],
    tagged: bool,
    identifier: bytes,
    texts: Mapping[str, str] | None = None,
) -> RenderedPdf:
    """The layout job of a build, run in a child process whose environment and time and memory
    limits `guard.processes` set (see `pipeline`); a refused URL is located in `texts`."""
    return lay_out(
        html, theme, roots, tagged=tagged, metadata={"identifier": identifier}, texts=texts or {}
    )


def inside(path: Path, roots: Sequence[Path]) -> bool:
    try:
        real = path.resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL in the name
        return False
    return any(real == root or root in real.parents for root in roots)


def make_fetcher(roots: Sequence[Path], refusals: Refusals) -> Any:
    from weasyprint.urls import URLFetcher

    resolved = [root.resolve() for root in roots]

    class ProjectFetcher(URLFetcher):  # type: ignore[misc]
        """Serves `file:` URLs under the allowed folders and `data:` URLs; refuses the rest."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            local = scheme == "file" and parts.netloc in ("", "localhost")
            allowed = scheme == "data" or (local and inside(Path(unquote(parts.path)), resolved))
            if local and allowed:
                refusals.fetched.append(unquote(parts.path))
            if not allowed:
                shown = url if len(url) < 200 else url[:200] + "…"
                refusals.urls.append(shown)
                path = Path(unquote(parts.path))
                written_inside = ".." not in path.parts and any(map(path.is_relative_to, roots))
                if local and written_inside:  # only a link can take it out
                    refusals.reasons[shown] = "it is a symbolic link to a file outside the project"
                raise ValueError(f"decade-report refuses to fetch {url[:200]}")
            return super().fetch(url, headers)

    return ProjectFetcher(allowed_protocols=("file", "data"), allow_redirects=False, timeout=1)


def render_pdf(
    html: str,
    theme: Theme,
    roots: Sequence[Path],
    *,
    tagged: bool,
    metadata: dict[str, Any],
    max_seconds: float | None = None,
    texts: Mapping[str, str] | None = None,
) -> RenderedPdf:
    """Lay out and write the PDF; `max_seconds` bounds the time both take together. A refused
    URL is located in the project's `texts` as loaded (`Report.texts`)."""
    with time_limit(max_seconds, "laying out the PDF", "max_layout_seconds"):
        return lay_out(html, theme, roots, tagged=tagged, metadata=metadata, texts=texts or {})


def lay_out(
    html: str,
    theme: Theme,
    roots: Sequence[Path],
    *,
    tagged: bool,
    metadata: dict[str, Any],
    texts: Mapping[str, str],
) -> RenderedPdf:
    use_bundled_fonts(theme)
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    refusals = Refusals()
    # packaged fonts (faces.toml [[system_face]]) are read from their package's folder
    fetcher = make_fetcher([*roots, *theme.system_font_dirs], refusals)
    # Images inside SVG images are only fetched while drawing, in write_pdf: both steps are
    # watched, and nothing is handed on unless both went without a refusal or a failed load.
    with renderer_errors() as failures:
        source = HTML(string=html, base_url=roots[0].as_uri() + "/", url_fetcher=fetcher)
        document = source.render(font_config=FontConfiguration())
        refuse(refusals, failures, texts)
        anchors: dict[str, int] = {}
        for index, page in enumerate(document.pages):
            for anchor in page.anchors:
                anchors.setdefault(anchor, index)
        options: dict[str, Any] = {
            "pdf_identifier": metadata["identifier"],
            "uncompressed_pdf": False,
        }
        titles: dict[str, str] = {}
        if tagged:
            options.update(pdf_variant="pdf/ua-1", pdf_tags=True)
            titles = link_titles(source.etree_element)
        with tagging_hints() if tagged else nullcontext():
            pdf = document.write_pdf(**options)
        refuse(refusals, failures, texts)
    fetched = tuple(dict.fromkeys(refusals.fetched))
    return RenderedPdf(pdf, len(document.pages), anchors, titles, fetched)


class Failures(logging.Handler):
    """WeasyPrint's errors (an image or stylesheet it could not load) in the rendering thread."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.thread = threading.get_ident()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.records.append(record)


@contextmanager
def renderer_errors() -> Iterator[Failures]:
    logger = logging.getLogger("weasyprint")
    handler = Failures()
    level = logger.level
    logger.addHandler(handler)
    if not logger.isEnabledFor(logging.ERROR):
        logger.setLevel(logging.ERROR)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


LONG_WORD = re.compile(r"\S{120,}")
"""A data: URL in WeasyPrint's message: shortened, to keep the error readable."""


def refuse(refusals: Refusals, failures: Failures, texts: Mapping[str, str]) -> None:
    """Raise every refused URL and every resource WeasyPrint failed to load, located in the
    project's files when the URL is written in one."""
    problems = [
        Problem(
            written_at(url, texts),
            f"refused to load '{url}': "
            + refusals.reasons.get(url, "the renderer reads only files inside the project"),
            "copy the file into the project's assets/ folder and refer to it there",
        )
        for url in sorted(set(refusals.urls))
    ]
    for record in failures.records:
        url = str(record.args[0]) if isinstance(record.args, tuple) and record.args else ""
        if any(refused[:100] in record.getMessage() for refused in refusals.urls):
            continue  # already said: it was refused
        message = LONG_WORD.sub(lambda word: word[0][:100] + "…", record.getMessage())
        problems.append(
            Problem(
                written_at(url, texts) if url else Location("rendered document"),
                f"the renderer could not use it: {message}",
                "check that the file is a valid image or stylesheet (an SVG without entities)",
            )
        )
    if problems:
        raise ReportError(problems)
