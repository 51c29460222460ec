"""Which reports a project has and where each is built: report.toml's first, then one per
reports/ID.toml (model/reports.py reads and checks them). The command line lists the reports
with this module before it knows whether there is any work, so it imports nothing heavy: a
build with nothing to do answers in a fraction of a second.
"""

from __future__ import annotations

import re
from pathlib import Path

from decade_report.editions.edition import Edition
from decade_report.errors import did_you_mean

REPORTS = "reports"
"""The folder of a project that holds its extra reports, one TOML file each."""
REPORT_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
RESERVED_IDS = frozenset(e.folder for e in Edition if e.folder)
"""Folders a build writes itself: a report of that id would share them."""


def report_paths(root: Path) -> list[Path]:
    """The files of reports/, in name order (the order `build` builds them in)."""
    folder = root / REPORTS
    if not folder.is_dir() or not inside(folder, root):
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix == ".toml" and not p.name.startswith(".") and inside(p, root)
    )


def inside(path: Path, root: Path) -> bool:
    """A link out of the project is never read (the loader reports it: load/project.py)."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def report_ids(root: Path) -> list[str]:
    """Every report of the project, the first ("" — report.toml) first. Cheap: files only."""
    return ["", *(path.stem for path in report_paths(root))]


def report_folder(out_dir: Path, report_id: str) -> Path:
    """Where a report is built: the build folder itself for the first, build/ID/ for others."""
    return out_dir / report_id if report_id else out_dir


def chosen_ids(root: Path, given: str | None) -> list[str]:
    """The reports a command works on: every report of the project when `given` is None, else
    the one it names (the id of reports/ID.toml, or the slug of report.toml for the first).
    Cheap: reads report.toml's slug only when `given` is not an id of reports/."""
    ids = report_ids(root)
    if given is None:
        return ids
    if given in ids[1:]:
        return [given]
    import tomllib

    try:
        slug = tomllib.loads((root / "report.toml").read_text("utf-8")).get("slug")
    except (OSError, ValueError):
        slug = None
    if given in ("", slug):
        return [""]
    from decade_report.errors import ReportError

    known = ids[1:]
    raise ReportError.at(
        f"{REPORTS}/{given}.toml",
        f"no report '{given}' in this project",
        did_you_mean(given, known)
        or (f"its reports: {', '.join(known)}, and {slug} (report.toml)" if known else "")
        or "it has one report, report.toml's",
    )
