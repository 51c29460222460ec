"""The whole story of a build, top to bottom.

load → validate → charts → compose → render → finish → publish, once per edition: the screen
edition (tagged), the stamped copies (the finished screen edition stamped per recipient, never laid
out again), the print edition (bleed, CMYK PDF/X) and the web edition. Each stage takes and returns
frozen objects; nothing is written to the build folder until every edition is ready.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from decade_report.charts.render import render_charts
from decade_report.compose.document import compose
from decade_report.compose.markdown import last_words
from decade_report.editions.copies import stamp_copies
from decade_report.errors import Problem, ReportError, Severity, ValidationFailed
from decade_report.guard.clock import BuildClock, build_clock
from decade_report.load.project import load_report
from decade_report.log import Log
from decade_report.model.report import Report
from decade_report.model.reports import report_folder
from decade_report.pdf.finish import finish_pdf
from decade_report.pdf.finish_print import finish_print
from decade_report.pdf.pdfx import condition_profile
from decade_report.pdf.render import RenderedPdf, render_pdf
from decade_report.preflight.content import check_content
from decade_report.preflight.pdf_checks import preflight_pdf
from decade_report.preflight.registry import PDF_CHECKS, Finding, PreflightFailed, findings_json
from decade_report.preflight.registry import strict as strict_findings
from decade_report.publish.build_folder import (
    build_lock,
    build_options,
    fingerprint,
    remember,
    up_to_date,
)
from decade_report.publish.staging import EDITIONS, WRITING_ONLY, Output, disk_errors, publish
from decade_report.theme.tokens import Theme, load_theme
from decade_report.validate.report import validate
from decade_report.web.page import render_web


@dataclass(frozen=True)
class BuildResult:
    outputs: tuple[Output, ...]
    manifest: Path
    warnings: tuple[Problem, ...]
    findings: tuple[Finding, ...] = ()
    """Preflight findings (warnings and notes; a build with errors raises PreflightFailed)."""
    unchanged: bool = False
    """Nothing the build reads changed since the last build: nothing was done."""


def loaded(project: Path, report_id: str = "") -> tuple[Report, Theme]:
    """The project loaded and validated, with its theme; the theme's notes join the warnings.
    `report_id` picks one of the project's reports (model/reports.py): "" is report.toml's."""
    report = validate(load_report(project, report_id))
    theme = load_theme(report.root, report.config.theme)
    return replace(report, warnings=report.warnings + theme.notes), theme


def check(project: Path, report_id: str = "") -> Report:
    """Load and validate only: fast, writes nothing."""
    return loaded(project, report_id)[0]


def check_sources(project: Path, report_id: str = "") -> tuple[Report, tuple[Finding, ...]]:
    """What `decade-report check` runs: loading, validation and the content checks a build runs
    before layout (spelling, numbers against the data, cross-references, glyphs), so that a
    project `check` accepts is not refused by the build for its sources. Raises PreflightFailed
    on an error among the content findings."""
    report, theme = loaded(project, report_id)
    findings = tuple(check_content(report, theme))
    if any(f.severity is Severity.ERROR for f in findings):
        raise PreflightFailed(findings)
    return report, findings


def check_reports(
    project: Path, report_ids: Sequence[str]
) -> list[tuple[Report, tuple[Finding, ...]]]:
    """`check_sources` for each report; the problems of all of them are collected and raised
    once (a problem of the shared data is told once, not once per report)."""
    checked = []
    problems: list[Problem] = []
    for report_id in report_ids:
        try:
            checked.append(check_sources(project, report_id))
        except ReportError as error:  # PreflightFailed too: its errors
            # a place already told of (a cell of the shared data, seen by each report's
            # charts) is not told again by the next report
            told = {p.where for p in problems if p.where.line}
            problems += [p for p in error.problems if p.where not in told and p not in problems]
    if problems:
        raise ValidationFailed(problems)
    return checked


def build_date(report: Report, out_dir: Path) -> str:
    """SOURCE_DATE_EPOCH when set, else the project's last change — never the clock. The build
    folder (inside the project by default) and hidden folders are not part of the project."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        stamp = int(epoch)
    else:
        stamp = max(
            (
                int(p.stat().st_mtime)
                for p in report.root.rglob("*")
                if p.is_file()
                and not p.is_relative_to(out_dir)
                and not any(part.startswith(".") for part in p.relative_to(report.root).parts)
            ),
            default=0,
        )
    return dt.datetime.fromtimestamp(stamp, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


COPY_CHECKS = ("fonts_embedded", "tounicode_mappings")
"""Preflight checks run on every stamped copy after the first: the stamps differ only in their
text, so what one copy passes on the pages, all pass."""


def first_copy_checks() -> tuple[str, ...]:
    """The screen edition's checks but its layout lint: a copy is laid out as the screen edition
    (judged there), and its stamp, an artifact in the margin, would read as a stray line."""
    return tuple(
        check.name
        for check in PDF_CHECKS
        if "screen" in check.editions
        and check.function.__module__ != "decade_report.preflight.layout"
    )


def build(
    project: Path,
    out_dir: Path,
    log: Log,
    editions: tuple[str, ...] = EDITIONS,
    draft: bool = False,
    strict: bool = False,
    report_id: str = "",
) -> BuildResult:
    """Build the editions of one report into its folder of `out_dir` (the folder itself for
    report.toml's, `out_dir`/ID/ for reports/ID.toml's), one build at a time per folder;
    nothing is done when nothing the build reads changed since the last one and its outputs
    are intact."""
    out_dir = out_dir.resolve()
    folder = report_folder(out_dir, report_id)
    options = build_options(editions, draft, strict, report_id)
    with (
        build_lock(folder),
        disk_errors(folder, "the build stopped, the previous outputs are unchanged", WRITING_ONLY),
        build_clock() as clock,
    ):
        current = fingerprint(project, out_dir, options)
        if up_to_date(folder, options, current) is not None:
            return BuildResult((), folder / "manifest.json", (), (), unchanged=True)
        result = build_editions(
            project, out_dir, log, editions, draft, strict, clock, report_id=report_id
        )
        remember(folder, options, current)
        return result


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait while the outputs are renamed into place, so the build folder
    never ends up half old, half new; the signal is acted on right after."""
    held = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def build_editions(
    project: Path,
    out_dir: Path,
    log: Log,
    editions: tuple[str, ...],
    draft: bool,
    strict: bool,
    clock: BuildClock | None = None,
    report_id: str = "",
) -> BuildResult:
    """`out_dir` is the build folder of the project: the report's own folder is in it."""
    with log.step("Loading and validating"):
        report, theme = loaded(project, report_id)
    if clock:  # everything up to publishing: charts, templates, layout, stamping, preflight
        clock.start(report.config.limits.max_build_seconds)
    folder = report_folder(out_dir, report_id)
    cache = folder / ".cache"
    with log.step("Drawing charts"):
        charts = render_charts(report, theme, cache / "charts")
    date = build_date(report, out_dir)
    identifier = hashlib.sha256(f"{report.config.slug}:{date}".encode()).hexdigest()[:32].encode()
    roots = [report.root, *theme.template_dirs, *theme.asset_dirs, cache]
    slug = report.config.slug
    outputs: list[Output] = []

    def lay_out(edition: str) -> RenderedPdf:
        """One layout of the edition; only the screen edition is tagged (print drops tags)."""
        return render_pdf(
            compose(report, charts, theme, edition).html,
            theme,
            roots,
            tagged=edition == "screen",
            metadata={"identifier": identifier},
            max_seconds=report.config.limits.max_layout_seconds,
        )

    if "screen" in editions or "copies" in editions:
        with log.step("Laying out the screen edition"):
            screen = finish_pdf(lay_out("screen"), report, date)
        if "screen" in editions:
            outputs.append(Output(f"{slug}-screen.pdf", "screen", screen.page_count, screen.pdf))
        if "copies" in editions:
            with log.step(f"Stamping {len(report.config.recipients)} copies"):
                for copy in stamp_copies(screen.pdf, report.config.recipients, theme, draft):
                    outputs.append(
                        Output(
                            f"copies/{copy.recipient.slug}.pdf",
                            "copy",
                            copy.page_count,
                            copy.pdf,
                            copy.recipient.name,
                        )
                    )

    if "print" in editions:
        with log.step("Laying out the print edition"):
            rendered = lay_out("print")
        with log.step("Converting the print edition to CMYK PDF/X"):
            condition = theme.tokens.print_condition
            printed = finish_print(
                rendered,
                report,
                date,
                condition_profile(theme.asset, condition),
                report.config.print.pad_to,
                condition,
                theme.tokens.print_text_black,
            )
        outputs.append(Output(f"{slug}-print.pdf", "print", printed.page_count, printed.pdf))

    if "web" in editions:
        with log.step("Writing the web edition"):
            for name, data in sorted(render_web(report, charts, theme, cache / "fonts").items()):
                pages = 1 if name.endswith(".html") else None
                outputs.append(Output(f"web/{name}", "web", pages, data))

    with log.step("Preflight"):
        findings = check_content(report, theme)
        phrases = (last_words(report.message.body),)
        fonts = tuple(path for path, _ in theme.faces)
        for output in outputs:
            if output.edition in ("print", "screen"):
                findings += preflight_pdf(output.data, output.edition, phrases, fonts, theme.tokens)
        # a copy is the screen edition plus its stamp: the first copy is checked whole, the others
        # by the quick checks of the stamp's own font
        copies = [output for output in outputs if output.edition == "copy"]
        for index, output in enumerate(copies):
            checks = COPY_CHECKS if index else first_copy_checks()
            findings += [
                replace(f, edition=f"copy {output.path}")
                for f in preflight_pdf(output.data, "screen", phrases, fonts, theme.tokens, checks)
            ]
        if strict:
            findings = strict_findings(findings)
        if any(f.severity is Severity.ERROR for f in findings):
            raise PreflightFailed(findings)

    if clock:
        clock.stop()  # publishing is never cut short
    with log.step("Publishing"), signals_held():
        manifest = publish(
            folder, outputs, editions, extra=[("preflight.json", findings_json(findings))]
        )
    return BuildResult(tuple(outputs), manifest, report.warnings, tuple(findings))
