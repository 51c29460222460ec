"""The build folder: one build at a time, and whether its outputs are already up to date.

A build reads the project's files, the tool's own code and the default theme, and a few options.
Their fingerprint (content hashes, and the date the build would stamp) is kept beside the outputs
after every successful build; when nothing of it changed and every output is still there as the
manifest describes it, a new build has nothing to do. This module imports nothing heavy, so that
the answer comes in a fraction of a second.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

from decade_report import __version__
from decade_report.errors import ReportError
from decade_report.publish.staging import disk_errors, output_path, write_atomic

FINGERPRINTS = Path(".cache") / "fingerprints.json"
"""Fingerprint of the last successful build per set of options, inside the build folder."""


@contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """An exclusive lock on the build folder: a second build into it stops with a message
    instead of interleaving its files with the first one's. Released when the process ends."""
    import fcntl

    path = out_dir / ".cache" / "build.lock"
    with disk_errors(out_dir, "the build did not start"):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+", encoding="utf-8")
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            owner = handle.read().strip() or "?"
            raise ReportError.at(
                out_dir,
                f"another build (process {owner}) is writing to this folder",
                "wait for it to finish, or build into another folder with --out",
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield


HASHES = Path(".cache") / "file-hashes.json"
"""The content hash of every file a build looked at, by its size, time and inode."""
SETTLED_NS = 2 * 10**9
"""A file changed this recently is never remembered: a second change in the same clock tick
would leave its size and time as they were (git's "racy" files)."""


class FileHashes:
    """sha256 of files, read again only when their size, time or inode changed since the last
    build, as git's index does: the fonts and code a build reads weigh tens of megabytes, and
    hashing them all again made a build with nothing to do take a second. Kept in the build
    folder; losing it costs hashing again, nothing else."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / HASHES
        try:
            known = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            known = {}
        self.known: dict[str, list[object]] = known if isinstance(known, dict) else {}
        self.seen: dict[str, list[object]] = {}
        self.now = time.time_ns()

    def digest(self, path: Path) -> bytes:
        status = path.stat()
        stamp: list[object] = [status.st_size, status.st_mtime_ns, status.st_ino]
        key = str(path)
        entry = self.known.get(key)
        if isinstance(entry, list) and entry[:3] == stamp and len(entry) == 4:
            self.seen[key] = entry
            return bytes.fromhex(str(entry[3]))
        digest = hashlib.sha256(path.read_bytes()).digest()
        if self.now - status.st_mtime_ns > SETTLED_NS:
            self.seen[key] = [*stamp, digest.hex()]
        return digest

    def save(self) -> None:
        """Keep what this build saw, with what others saw of files still there (the reports of
        a project share the folder)."""
        kept = {k: v for k, v in self.known.items() if k not in self.seen and Path(k).is_file()}
        merged = dict(sorted((kept | self.seen).items()))
        if merged != self.known:
            with suppress(OSError):
                write_atomic(self.path, json.dumps(merged).encode())


PACKAGE = Path(__file__).resolve().parents[1]
"""The `decade_report` package folder: its code is part of every build's fingerprint."""


def default_theme_root() -> Path:
    """The folder holding `templates/` and `assets/`: inside the wheel, or the source checkout."""
    packaged = PACKAGE / "theme"
    if (packaged / "templates").is_dir():
        return packaged
    return PACKAGE.parents[1]


def files_under(folder: Path, skip: Path | None = None) -> Iterator[Path]:
    """Every file under `folder` in a stable order, leaving out hidden folders, `skip` and
    Python's caches."""
    for parent, folders, names in os.walk(folder):
        here = Path(parent)
        folders[:] = sorted(
            name
            for name in folders
            if not name.startswith(".")
            and name != "__pycache__"
            and (skip is None or here / name != skip)
        )
        for name in sorted(names):
            if not name.startswith("."):
                yield here / name


def fingerprint(project: Path, out_dir: Path, options: Mapping[str, object]) -> str:
    """Content hash of everything a build of `project` with `options` reads, and its date."""
    digest = hashlib.sha256(f"decade-report {__version__}\n".encode())
    digest.update(json.dumps(dict(options), sort_keys=True, default=str).encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    theme = default_theme_root()
    sources = [
        ("code", PACKAGE, None),
        ("templates", theme / "templates", None),
        ("assets", theme / "assets", None),
        ("locales", theme / "locales", None),  # the label catalogues (compose/i18n.py)
        ("project", project, out_dir),
    ]
    hashes = FileHashes(out_dir)
    for label, folder, skip in sources:
        for path in files_under(folder, skip):
            relative = path.relative_to(folder).as_posix()
            # a project file's time counts too: the build's date is the project's last change
            stamp = path.stat().st_mtime_ns if label == "project" else ""
            digest.update(f"\0{label}/{relative}\0{stamp}\0".encode())
            digest.update(hashes.digest(path))
    hashes.save()
    return digest.hexdigest()


def build_options(
    editions: tuple[str, ...], draft: bool, strict: bool, report_id: str = ""
) -> dict[str, object]:
    """What, besides the files, decides a build's outputs (and which of the project's reports
    it builds, when not report.toml's)."""
    options: dict[str, object] = {"editions": sorted(editions), "draft": draft, "strict": strict}
    if report_id:
        options["report"] = report_id
    return options


def options_key(options: Mapping[str, object]) -> str:
    return json.dumps(dict(options), sort_keys=True, default=str)


def up_to_date(
    out_dir: Path, options: Mapping[str, object], current: str
) -> list[dict[str, object]] | None:
    """The manifest entries of the last build when its fingerprint is `current` (nothing it
    read has changed since) and every output is still as the manifest describes it; None when
    the build has work to do."""
    stored = out_dir / FINGERPRINTS
    manifest = out_dir / "manifest.json"
    try:
        known = json.loads(stored.read_text("utf-8"))
        entries = json.loads(manifest.read_text("utf-8"))["outputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(known, dict) or known.get(options_key(options)) != current:
        return None
    hashes = FileHashes(out_dir)
    for entry in entries:
        try:
            digest = hashes.digest(output_path(out_dir, str(entry["path"])))
        except (OSError, ReportError, KeyError, TypeError):
            return None
        if digest.hex() != entry.get("sha256"):
            return None
    hashes.save()
    return entries


def remember(out_dir: Path, options: Mapping[str, object], current: str) -> None:
    """Keep the fingerprint of the build that was just published, taken before it read anything
    (a cache: losing it costs a rebuild, nothing else)."""
    stored = out_dir / FINGERPRINTS
    try:
        known = json.loads(stored.read_text("utf-8"))
    except (OSError, ValueError):
        known = {}
    if not isinstance(known, dict):
        known = {}
    known[options_key(options)] = current
    with suppress(OSError):
        write_atomic(stored, (json.dumps(known, indent=1, sort_keys=True) + "\n").encode())
