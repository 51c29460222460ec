"""Preflight of the sources: content checks on the validated report and its composition, before
anything is laid out.

Each check is one function registered with `@content_check` (modules `wording`, `outline`,
`glyphs`); it reads the `Report`, the theme and the `Composition` (what composing produced:
numbers, ids, placements) and yields findings at `path:line:col` of the original file — typos,
numbers the data contradicts, empty sections, broken links, figures without a caption,
characters no bundled font can print. Nothing here changes the author's text, and nothing reads
a project file: the texts are those loaded (`Report.texts`). `check_content` runs every check
and hands the findings, sorted by place, to the pipeline, right after composition (and to
`decade-report check`, which composes but lays nothing out).
"""

from __future__ import annotations

from decade_report.compose.numbering import Composition
from decade_report.errors import Location
from decade_report.model.report import Report
from decade_report.preflight.registry import CONTENT_CHECKS, Finding
from decade_report.theme.tokens import Theme

# isort: off
# Importing a module registers its checks, in this order: the order of the reference's table.
from decade_report.preflight import wording
from decade_report.preflight import outline
from decade_report.preflight import glyphs

# isort: on

REGISTERED = (wording, outline, glyphs)
"""The modules whose checks `check_content` runs."""


def check_content(report: Report, theme: Theme, composition: Composition) -> list[Finding]:
    """Every registered content check, findings sorted by file, line and column."""
    findings = [f for check in CONTENT_CHECKS for f in check.function(report, theme, composition)]
    return sorted(findings, key=place)


def place(finding: Finding) -> tuple[str, int, int, str, str]:
    where = finding.where or Location("")
    return (where.path, where.line, where.column, finding.check, finding.message)
