"""Stage 8: publish the outputs into the build folder, all or nothing, and write the manifest.

Every path goes through one gate (`output_path`): a plain relative path that stays inside the
build folder, with no `..`, no absolute part, no control character and no symbolic link on the way.
Publishing happens in two steps. First every output, the manifest and the preflight report are
written into a staging folder inside the build folder and flushed to disk: this is where a full
disk or a read-only folder shows up, and the previous outputs are then still untouched. Then the
staged files are renamed into place, the replaced ones kept aside until the switch is complete; if
a rename fails, everything kept aside is put back. Either every output of the build is published
and the manifest describes them, or the folder is exactly as it was.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from decade_report import __version__
from decade_report.errors import Location, Problem, ReportError
from decade_report.model.editions import Edition


@dataclass(frozen=True)
class Output:
    path: str
    """Path relative to the build folder."""
    edition: str
    pages: int | None
    """Page count of a PDF; 1 for a web page, None for a web asset (font)."""
    data: bytes
    recipient: str = ""


class UnsafeOutputPath(ReportError):
    """An output path that could leave the build folder, or two outputs with one path: the
    project names something the build will not write. Nothing is written."""

    def __init__(self, message: str) -> None:
        hint = "nothing was written; rename the file, image or recipient it comes from"
        super().__init__(Problem(Location("build folder"), message, hint))


def output_path(out_dir: Path, relative: str) -> Path:
    """The one gate every output goes through: `relative` must be a plain relative POSIX path
    (no `..`, `.`, hidden, empty, absolute or drive part, no control or format character) that
    resolves inside `out_dir` without passing through a symbolic link."""
    if not isinstance(relative, str) or not relative:
        raise UnsafeOutputPath(f"output path {relative!r} is empty or not text")
    if "\\" in relative or any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in relative):
        raise UnsafeOutputPath(f"output path {relative!r} has a control or format character")
    pure = PurePosixPath(relative)
    parts = relative.split("/")
    if pure.is_absolute() or any(p in ("", ".", "..") for p in parts) or ":" in parts[0]:
        raise UnsafeOutputPath(f"output path {relative!r} is not a plain relative path")
    if any(p.startswith(".") for p in parts):  # .cache, .staging: the build's own folders
        raise UnsafeOutputPath(f"output path {relative!r} names a hidden file or folder")
    root = out_dir.resolve()
    target = root.joinpath(*parts)
    step = root
    for part in parts:
        step = step / part
        if step.is_symlink():
            raise UnsafeOutputPath(f"output path {relative!r} passes through a symbolic link")
    if not target.resolve().is_relative_to(root):
        raise UnsafeOutputPath(f"output path {relative!r} resolves outside the build folder")
    return target


def write_atomic(path: Path, data: bytes) -> None:
    """Write a single file through a temporary file in the same folder, flushed and renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


EDITIONS: tuple[Edition, ...] = tuple(Edition)
"""The editions a build makes (`--edition all`)."""

MANIFEST_NAMES = {edition.value: edition.manifest_name for edition in Edition}
"""Edition names of the command line → the `edition` field of the manifest."""


def previous_entries(path: Path) -> list[dict[str, object]]:
    """Entries of an earlier manifest whose file is still there unchanged."""
    try:
        entries = json.loads(path.read_text("utf-8")).get("outputs", [])
    except (OSError, ValueError, AttributeError):
        return []
    kept = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            target = output_path(path.parent, str(entry.get("path", "")))
        except (UnsafeOutputPath, AttributeError):
            continue
        if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == entry.get(
            "sha256"
        ):
            kept.append(entry)
    return kept


def manifest(
    outputs: Sequence[Output], kept: Sequence[dict[str, object]] = (), sources: str = ""
) -> bytes:
    entries = list(kept)
    for output in outputs:
        entry: dict[str, object] = {
            "path": output.path,
            "edition": output.edition,
            "pages": output.pages,
            "sha256": hashlib.sha256(output.data).hexdigest(),
        }
        if sources:
            entry["sources"] = sources
        if output.recipient:
            entry["recipient"] = output.recipient
        entries.append(entry)
    entries.sort(key=lambda e: str(e["path"]))
    document = {"tool": "decade-report", "version": __version__, "outputs": entries}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


MANAGED_FOLDERS = ("copies", "web")
"""Folders of the build that hold only outputs: files a build no longer makes are removed."""

STAGING = ".staging"
"""Folder inside the build folder where a build's files wait until all of them are written."""


def publish(
    out_dir: Path,
    outputs: Sequence[Output],
    editions: Sequence[str],
    extra: Sequence[tuple[str, bytes]] = (),
    sources: str = "",
) -> Path:
    """Publish every output, the manifest and the `extra` files (the preflight report) as one
    change: all of them, or none. The manifest describes exactly what is in the folder afterwards.

    Outputs of editions not built this time stay when they were made from the same `sources`
    (the content hash of the project, theme and tool); made from older sources, they no longer
    match the report and are removed with their entries, so that the folder never mixes a new
    screen edition with an old print edition."""
    paths = [o.path for o in outputs] + [name for name, _ in extra] + ["manifest.json"]
    duplicates = sorted({p for p in paths if paths.count(p) > 1})
    if duplicates:
        raise UnsafeOutputPath(f"two outputs would be written to {duplicates[0]}")
    targets = {p: output_path(out_dir, p) for p in paths}
    manifest_path = targets["manifest.json"]
    built = {MANIFEST_NAMES.get(e, e) for e in editions}
    others = [e for e in previous_entries(manifest_path) if e.get("edition") not in built]
    kept = [e for e in others if e.get("sources") == sources]
    files = [(o.path, o.data) for o in outputs]
    files += [*extra, ("manifest.json", manifest(outputs, kept, sources))]
    stale = stale_files(out_dir.resolve(), outputs, set(targets.values()))
    stale += [output_path(out_dir, str(e["path"])) for e in others if e not in kept]
    unchanged = "nothing was published, the previous outputs are unchanged"
    with disk_errors(out_dir, unchanged), staging_folder(out_dir) as staging:
        for name, data in files:
            stage(staging / name, data)
        sync_folder(staging)
        switch(staging, [(staging / name, targets[name]) for name, _ in files], stale)
    return manifest_path


def stale_files(out_dir: Path, outputs: Sequence[Output], written: set[Path]) -> list[Path]:
    """Files in a managed folder that this build rebuilt but no longer makes."""
    stale = []
    for folder in MANAGED_FOLDERS:
        if not any(o.path.startswith(folder + "/") for o in outputs):
            continue
        base = out_dir / folder
        if base.is_symlink() or not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if (path.is_file() or path.is_symlink()) and path not in written:
                stale.append(path)
    return stale


@contextmanager
def staging_folder(out_dir: Path) -> Iterator[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = out_dir / STAGING
    shutil.rmtree(staging, ignore_errors=True)  # left over by a build that was killed
    staging.mkdir()
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def stage(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(path, 0o644)


def sync_folder(folder: Path) -> None:
    """Flush the folder entries too, so that the renames that follow rest on files on disk."""
    for directory in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def switch(staging: Path, moves: Sequence[tuple[Path, Path]], stale: Sequence[Path]) -> None:
    """Rename the staged files into place. Each replaced or stale file is first moved aside into
    the staging folder; on any failure the moves are undone in reverse order."""
    aside = staging / ".previous"
    undo: list[tuple[Path, Path | None]] = []  # (published path, where its old file went)
    try:
        for index, path in enumerate(stale):
            kept = aside / f"stale-{index}"
            kept.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, kept)
            undo.append((path, kept))
        for index, (staged, target) in enumerate(moves):
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = None
            if target.exists() or target.is_symlink():
                previous = aside / f"kept-{index}"
                previous.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, previous)
            undo.append((target, previous))
            os.replace(staged, target)
    except BaseException:
        for target, previous in reversed(undo):
            if previous is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(previous, target)
        raise


DISK_PROBLEMS = {
    errno.ENOSPC: ("the disk is full", "free some space and build again"),
    errno.EDQUOT: ("the disk quota is exceeded", "free some space and build again"),
    errno.EROFS: (
        "the build folder is on a read-only file system",
        "build into a writable folder with --out",
    ),
    errno.EACCES: (
        "no permission to write in the build folder",
        "build into a folder you can write to with --out",
    ),
    errno.EPERM: (
        "no permission to write in the build folder",
        "build into a folder you can write to with --out",
    ),
}


WRITING_ONLY = (errno.ENOSPC, errno.EDQUOT, errno.EROFS)
"""Errors that only writing can cause: wherever they happen in a build, the disk is the cause."""


@contextmanager
def disk_errors(
    out_dir: Path, consequence: str, only: Sequence[int] | None = None
) -> Iterator[None]:
    """A full disk or a read-only folder is the user's to fix: a located error, not a crash.
    `only` limits the translation to these error numbers (others are raised as they are)."""
    try:
        yield
    except OSError as error:
        if only is not None and error.errno not in only:
            raise
        message, hint = DISK_PROBLEMS.get(
            error.errno or 0, (f"could not write the outputs ({error.strerror})", "")
        )
        raise ReportError.at(out_dir, f"{message}; {consequence}", hint) from None
