"""Stage 5: lay out the composed HTML with WeasyPrint and write the PDF bytes.

The renderer may read only files inside the project, the theme and the build folder: a custom URL
fetcher refuses every other URL (network, `file:` elsewhere, symlinks leading out) and the build
fails naming them. Fonts come from the bundled folder alone (a private fontconfig configuration).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from decade_report.errors import Location, Problem, ReportError
from decade_report.theme import Theme


@dataclass(frozen=True)
class RenderedPdf:
    pdf: bytes
    page_count: int
    anchors: dict[str, int]
    """Element id → 0-based page index, for page labels and checks."""


@dataclass
class Refusals:
    urls: list[str] = field(default_factory=list)


def use_bundled_fonts(theme: Theme) -> None:
    """Point fontconfig at the bundled fonts only; must happen before Pango is first used."""
    os.environ["FONTCONFIG_FILE"] = str(theme.font_dir / "fonts.conf")


def inside(path: Path, roots: Sequence[Path]) -> bool:
    real = path.resolve()
    return any(real == root or root in real.parents for root in roots)


def make_fetcher(roots: Sequence[Path], refusals: Refusals) -> Any:
    from weasyprint.urls import URLFetcher

    resolved = [root.resolve() for root in roots]

    class ProjectFetcher(URLFetcher):  # type: ignore[misc]
        """Serves `file:` URLs under the allowed folders and `data:` URLs; refuses the rest."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            allowed = parts.scheme == "data" or (
                parts.scheme == "file"
                and parts.netloc in ("", "localhost")
                and inside(Path(unquote(parts.path)), resolved)
            )
            if not allowed:
                refusals.urls.append(url if len(url) < 200 else url[:200] + "…")
                raise ValueError(f"decade-report refuses to fetch {url[:200]}")
            return super().fetch(url, headers)

    return ProjectFetcher(allowed_protocols=("file", "data"), allow_redirects=False, timeout=1)


def render_pdf(
    html: str, theme: Theme, roots: Sequence[Path], *, tagged: bool, metadata: dict[str, Any]
) -> RenderedPdf:
    use_bundled_fonts(theme)
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    refusals = Refusals()
    fetcher = make_fetcher(roots, refusals)
    document = HTML(string=html, base_url=roots[0].as_uri() + "/", url_fetcher=fetcher).render(
        font_config=FontConfiguration()
    )
    if refusals.urls:
        raise ReportError(
            [
                Problem(
                    Location("content"),
                    f"refused to load '{url}': only files inside the project may be used",
                    "copy the file into the project's assets/ folder and refer to it there",
                )
                for url in sorted(set(refusals.urls))
            ]
        )
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            anchors.setdefault(anchor, index)
    options: dict[str, Any] = {"pdf_identifier": metadata["identifier"], "uncompressed_pdf": False}
    if tagged:
        options.update(pdf_variant="pdf/ua-1", pdf_tags=True)
    pdf = document.write_pdf(**options)
    return RenderedPdf(pdf, len(document.pages), anchors)
