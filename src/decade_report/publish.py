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
    pages: int
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


def manifest(outputs: Sequence[Output]) -> bytes:
    entries = []
    for output in sorted(outputs, key=lambda o: o.path):
        entry = {
            "path": output.path,
            "edition": output.edition,
            "pages": output.pages,
            "sha256": hashlib.sha256(output.data).hexdigest(),
        }
        if output.recipient:
            entry["recipient"] = output.recipient
        entries.append(entry)
    document = {"tool": "decade-report", "version": __version__, "outputs": entries}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def publish(out_dir: Path, outputs: Sequence[Output]) -> Path:
    """Write every output, then the manifest last: the manifest always describes what is there."""
    for output in outputs:
        write_atomic(out_dir / output.path, output.data)
    manifest_path = out_dir / "manifest.json"
    write_atomic(manifest_path, manifest(outputs))
    return manifest_path
