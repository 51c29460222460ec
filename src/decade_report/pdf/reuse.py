"""Reuse what an earlier build laid out and checked, when it would come out the same.

A layout depends on the composed HTML, the files WeasyPrint read while laying it out (stylesheets,
images, fonts: `RenderedPdf.fetched`), the bundled fonts fontconfig offers, the PDF identifier,
whether it is tagged, and the code that renders (WeasyPrint's version, this package's version and
its rendering modules). The laid-out PDF of each edition is kept in the build folder's cache with
a hash of all of it; a build whose composition produced the same HTML reads the PDF back instead
of laying it out again — the bytes are those a new layout would write.

Preflight findings are kept the same way, keyed by a hash of the finished PDF's bytes and what
the checks are told (edition, phrases, fonts, tokens, the checks' code): the same PDF gets the
same findings without being checked again.

Every entry is written atomically (`publish.staging.write_atomic`); one entry per edition is
kept, so the cache does not grow from build to build. A damaged or foreign entry is ignored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from decade_report import __version__
from decade_report.errors import Location, Severity
from decade_report.pdf.render import RenderedPdf
from decade_report.preflight.registry import Finding
from decade_report.publish.staging import write_atomic

PACKAGE = Path(__file__).resolve().parents[1]


def file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def code_hash(folders: Iterable[str]) -> str:
    """The package's version and the source of the modules that decide the result."""
    digest = hashlib.sha256(__version__.encode())
    for folder in folders:
        for path in sorted((PACKAGE / folder).glob("*.py")):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def layout_key(html: str, tagged: bool, identifier: bytes, font_dir: Path) -> str:
    import weasyprint

    digest = hashlib.sha256()
    for part in (
        weasyprint.__version__,
        code_hash(["pdf"]),
        str(tagged),
        identifier.decode("ascii", "replace"),
        *(f"{p.name}:{file_hash(p)}" for p in sorted(font_dir.rglob("*")) if p.is_file()),
        html,
    ):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def reused_layout(folder: Path, edition: str, key: str) -> RenderedPdf | None:
    """The edition's PDF laid out by an earlier build with the same key, when every file that
    layout read is unchanged."""
    try:
        entry = json.loads((folder / f"layout-{edition}.json").read_text("utf-8"))
        if entry["key"] != key:
            return None
        if any(file_hash(Path(path)) != digest for path, digest in entry["fetched"].items()):
            return None
        pdf = (folder / f"layout-{edition}.pdf").read_bytes()
        if hashlib.sha256(pdf).hexdigest() != entry["pdf"]:
            return None
        return RenderedPdf(
            pdf, entry["pages"], entry["anchors"], entry["titles"], tuple(entry["fetched"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def keep_layout(folder: Path, edition: str, key: str, rendered: RenderedPdf) -> None:
    write_atomic(folder / f"layout-{edition}.pdf", rendered.pdf)
    entry = {
        "key": key,
        "pdf": hashlib.sha256(rendered.pdf).hexdigest(),
        "pages": rendered.page_count,
        "anchors": rendered.anchors,
        "titles": rendered.titles,
        "fetched": {path: file_hash(Path(path)) for path in rendered.fetched},
    }
    write_atomic(folder / f"layout-{edition}.json", json.dumps(entry).encode())


def findings_key(pdfs: Iterable[bytes], *told: Any) -> str:
    """A hash of the PDFs checked and of everything the checks are told about them."""
    digest = hashlib.sha256(code_hash(["preflight", "pdf"]).encode())
    for data in pdfs:
        digest.update(hashlib.sha256(data).digest())
    digest.update(repr(told).encode())
    return digest.hexdigest()


def reused_findings(folder: Path, name: str, key: str) -> list[Finding] | None:
    try:
        entry = json.loads((folder / f"preflight-{name}.json").read_text("utf-8"))
        if entry["key"] != key:
            return None
        return [
            Finding(
                f["check"],
                Severity(f["severity"]),
                f["message"],
                f["hint"],
                f["page"],
                Location(*f["where"]) if f["where"] else None,
                f["edition"],
                tuple(f["fix"]) if f["fix"] else None,  # type: ignore[arg-type]
            )
            for f in entry["findings"]
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def keep_findings(folder: Path, name: str, key: str, findings: list[Finding]) -> None:
    rows = [
        {
            "check": f.check,
            "severity": str(f.severity),
            "message": f.message,
            "hint": f.hint,
            "page": f.page,
            "where": [f.where.path, f.where.line, f.where.column] if f.where else None,
            "edition": f.edition,
            "fix": list(f.fix) if f.fix else None,
        }
        for f in findings
    ]
    entry = {"key": key, "findings": rows}
    write_atomic(folder / f"preflight-{name}.json", json.dumps(entry).encode())
