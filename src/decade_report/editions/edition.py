"""The editions a build makes, each with what sets it apart.

One enum, so that an edition's name is written once: the CLI offers its members, the build asks
each whether it is laid out and how, preflight marks its checks with them, and the manifest
records each output's `kind`. The members are strings ("screen" == Edition.SCREEN), which is how
they travel through the manifest, the reuse cache and the child processes.
"""

from __future__ import annotations

from enum import StrEnum


class Edition(StrEnum):
    PRINT = "print"
    """CMYK PDF/X for the press: bleed, marks, padded to whole sheets."""
    SCREEN = "screen"
    """The tagged, accessible PDF (PDF/UA-1) for reading on screen."""
    COPIES = "copies"
    """The screen edition stamped for each recipient (never laid out again)."""
    WEB = "web"
    """HTML pages, their images and fonts (no layout, no PDF)."""

    @property
    def layout(self) -> Edition | None:
        """The layout the edition is made from: copies are the screen edition's; the web
        edition has none."""
        return {Edition.COPIES: Edition.SCREEN, Edition.WEB: None}.get(self, self)

    @property
    def tagged(self) -> bool:
        """Laid out with a structure tree (PDF/UA): the screen edition and, through it, the
        copies."""
        return self.layout is Edition.SCREEN

    @property
    def kind(self) -> str:
        """What the manifest calls each of the edition's outputs: one copy of the copies."""
        return "copy" if self is Edition.COPIES else self.value

    @property
    def folder(self) -> str:
        """The build folder's subfolder holding the edition's files only ("" for a PDF in the
        folder itself)."""
        return self.value if self in (Edition.COPIES, Edition.WEB) else ""


ALL = tuple(Edition)
"""Every edition (`--edition all`), in the order a build makes them."""

PDF_EDITIONS = (Edition.PRINT, Edition.SCREEN)
"""The editions laid out by WeasyPrint, and what `decade-report preflight` can judge a PDF as."""


def laid_out(editions: tuple[Edition, ...]) -> tuple[Edition, ...]:
    """The layouts `editions` need, screen first: copies need the screen edition's."""
    needed = {edition.layout for edition in editions}
    return tuple(e for e in (Edition.SCREEN, Edition.PRINT) if e in needed)
