"""Stage 8: publish the outputs into the build folder atomically and write the manifest.

Every file is written to a temporary file in the same folder, flushed and renamed over the old
one: a failed or interrupted build never leaves a half-written PDF in place of a good one.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from decade_report import __version__


@dataclass(frozen=True)
class Output:
    path: str
    """Path relative to the build folder."""
    edition: str
    pages: int | None
    """Page count of a PDF; 1 for a web page, None for a web asset (font)."""
    data: bytes
    recipient: str = ""


def write_atomic(path: Path, data: bytes) -> None:
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


EDITION_OF = {"copies": "copy"}
"""Edition names of the CLI → the edition field of the manifest."""


def previous_entries(path: Path) -> list[dict[str, object]]:
    """Entries of an earlier manifest whose file is still there unchanged."""
    try:
        entries = json.loads(path.read_text("utf-8")).get("outputs", [])
    except (OSError, ValueError, AttributeError):
        return []
    kept = []
    for entry in entries if isinstance(entries, list) else []:
        target = path.parent / str(entry.get("path", ""))
        if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == entry.get(
            "sha256"
        ):
            kept.append(entry)
    return kept


def manifest(outputs: Sequence[Output], kept: Sequence[dict[str, object]] = ()) -> bytes:
    entries = list(kept)
    for output in outputs:
        entry = {
            "path": output.path,
            "edition": output.edition,
            "pages": output.pages,
            "sha256": hashlib.sha256(output.data).hexdigest(),
        }
        if output.recipient:
            entry["recipient"] = output.recipient
        entries.append(entry)
    entries.sort(key=lambda e: str(e["path"]))
    document = {"tool": "decade-report", "version": __version__, "outputs": entries}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


MANAGED_FOLDERS = ("copies", "web")
"""Folders of the build that hold only outputs: files a build no longer makes are removed."""


def publish(out_dir: Path, outputs: Sequence[Output], editions: Sequence[str]) -> Path:
    """Write every output, then the manifest last: the manifest always describes what is there
    (outputs of editions not built this time are kept from the previous manifest)."""
    for output in outputs:
        write_atomic(out_dir / output.path, output.data)
    written = {out_dir / o.path for o in outputs}
    for folder in MANAGED_FOLDERS:
        if not any(o.path.startswith(folder + "/") for o in outputs):
            continue
        for path in sorted((out_dir / folder).rglob("*"), reverse=True):
            if path.is_file() and path not in written:
                path.unlink()
    manifest_path = out_dir / "manifest.json"
    built = {EDITION_OF.get(e, e) for e in editions}
    kept = [e for e in previous_entries(manifest_path) if e.get("edition") not in built]
    write_atomic(manifest_path, manifest(outputs, kept))
    return manifest_path
