"""Which folders the preview serves, under which URLs, by the build's own rule for URLs.

The composed HTML names the files it needs by `file:` URLs inside the folders the renderer may
read (pdf/render.py: the project, the theme's templates and assets, the charts cache, packaged
system fonts). A browser does not load `file:` URLs into an `http:` page, so each folder is mounted
under a URL prefix: the project at `/`, where its relative URLs (Markdown images) resolve as they
do against WeasyPrint's base URL, and the others under `/.preview/…/`. The page's URLs are
rewritten by their exact folder prefix (no parsing: only the URIs `Path.as_uri` wrote are touched).

A request is answered only with a file inside its mount, found the way the build finds one: the
path must be a relative URL by `guard.urls.kind_of` (not `//host`, `javascript:`, `C:`), must not
climb (`..`), and the file it names must still be inside the folder once links are resolved
(`pdf.render.inside`). Hidden files and folders (`.git`, the preview's own build folder) are never
served: they are not part of the project for the build either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote

from decade_report.guard.urls import Kind, kind_of
from decade_report.pdf.render import inside

ASSETS = Path(__file__).resolve().parent / "assets"
"""The preview's own files: Paged.js, the page's script and its screen stylesheet."""
ASSETS_PREFIX = "/.preview/assets/"


class Refused(Exception):
    """A request the preview does not answer: `status` 404 (no such file) or 403 (not allowed)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Mount:
    prefix: str
    """The URL path the folder is served under, ending in `/`."""
    folder: Path
    """The folder, resolved."""


@dataclass(frozen=True)
class Mounts:
    mounts: tuple[Mount, ...]

    @classmethod
    def of(cls, project: Path, others: Sequence[Path]) -> Mounts:
        """The project at `/`, each other folder under `/.preview/root/N/`, the preview's own
        assets under `/.preview/assets/`. A folder inside the project (its templates) is mounted
        on its own too: the URLs the templates wrote name it by its full path."""
        mounts = [Mount("/", project.resolve()), Mount(ASSETS_PREFIX, ASSETS)]
        seen = {project.resolve(), ASSETS}
        for folder in others:
            real = folder.resolve()
            if real not in seen:
                seen.add(real)
                mounts.append(Mount(f"/.preview/root/{len(mounts) - 2}/", real))
        return cls(tuple(mounts))

    def rewrite(self, html: str) -> str:
        """The page with every `file:` URL of a mounted folder replaced by its served URL; the
        deepest folder first, so that a folder inside the project keeps its own prefix."""
        for mount in sorted(self.mounts, key=lambda m: len(m.folder.parts), reverse=True):
            if mount.prefix != ASSETS_PREFIX:
                html = html.replace(mount.folder.as_uri() + "/", mount.prefix)
        return html

    def url_of(self, path: Path) -> str | None:
        """The URL a file is served at, or None when no mount holds it."""
        real = path.resolve()
        for mount in sorted(self.mounts, key=lambda m: len(m.folder.parts), reverse=True):
            if real.is_relative_to(mount.folder):
                return mount.prefix + quote(real.relative_to(mount.folder).as_posix())
        return None

    def locate(self, url_path: str) -> Path:
        """The file a request path names; raises Refused when it names none that may be served."""
        try:
            path = unquote(url_path, errors="strict")
        except UnicodeDecodeError:
            raise Refused(404, "no file at this address") from None
        if "\0" in path or "\\" in path:
            raise Refused(403, "the path holds a character no project file name has")
        candidates = [m for m in self.mounts if m.prefix != "/" and path.startswith(m.prefix)]
        mount = candidates[0] if candidates else self.mounts[0]
        relative = path[len(mount.prefix) :] if path.startswith(mount.prefix) else ""
        if not relative:
            raise Refused(404, "no file at this address")
        if kind_of(relative) is not Kind.RELATIVE or relative != relative.strip():
            raise Refused(403, "only files inside the project are served")
        parts = PurePosixPath(relative).parts
        if any(part in (".", "..") or part.startswith(".") for part in parts):
            raise Refused(403, "hidden files and paths that climb out are not served")
        target = mount.folder.joinpath(*parts)
        if not inside(target, [mount.folder]):
            raise Refused(403, "it leads outside the project (a symbolic link)")
        if not target.is_file():
            raise Refused(404, "no file at this address")
        return target
