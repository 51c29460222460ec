"""`decade-report fix`: apply the corrections the content checks are sure of to the sources.

The spelling check finds words run together ("stipulatedin"), words split in two ("over
whelming") and a missing space after ; or , ("agencies;international"), each at `file:line:col`
with the corrected text (`Finding.fix`). This stage turns them into edits of the project's files,
shows them as a unified diff and writes them only when told to: `--yes`, or a "y" typed at the
prompt. Without a terminal to ask (CI, a pipe) and without `--yes`, nothing is written. Words the
dictionary merely does not know are guesses (they may be names): they are listed, never changed.
An edit is made only where the file still holds exactly the text the finding saw.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from decade_report.load.text import read_text
from decade_report.preflight.registry import Finding


@dataclass(frozen=True)
class FileFix:
    """The corrected text of one project file."""

    path: str
    """Project-relative path."""
    before: str
    after: str
    count: int
    """How many corrections it holds."""

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                f"a/{self.path}",
                f"b/{self.path}",
            )
        )


def plan_fixes(root: Path, findings: list[Finding]) -> list[FileFix]:
    """The edits the findings' fixes make, per file, in file order."""
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.fix and finding.where and finding.where.line and finding.where.column:
            by_file.setdefault(finding.where.path, []).append(finding)
    plans = []
    for relative, found in sorted(by_file.items()):
        path = root / relative
        if not path.resolve().is_relative_to(root.resolve()) or not path.is_file():
            continue
        before = read_text(path, relative)
        lines = before.splitlines(keepends=True)
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line))
        edits: list[tuple[int, str, str]] = []
        for finding in found:
            assert finding.where is not None and finding.fix is not None
            line, column = finding.where.line, finding.where.column
            if line > len(lines):
                continue
            offset = starts[line - 1] + column - 1
            original, replacement = finding.fix
            if before[offset : offset + len(original)] == original:
                edits.append((offset, original, replacement))
        after = before
        taken_until = len(before) + 1
        for offset, original, replacement in sorted(set(edits), reverse=True):
            if offset + len(original) > taken_until:
                continue  # overlaps an edit already made: the next run finds it again
            after = after[:offset] + replacement + after[offset + len(original) :]
            taken_until = offset
        if after != before:
            plans.append(FileFix(relative, before, after, len(edits)))
    return plans


def apply_fixes(root: Path, plans: list[FileFix]) -> None:
    """Write each corrected file atomically (a temporary file renamed over it)."""
    for plan in plans:
        path = root / plan.path
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(plan.after)
            os.chmod(temporary, path.stat().st_mode & 0o777)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
