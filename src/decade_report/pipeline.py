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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from decade_report.charts.render import render_charts
from decade_report.checking import check as check
from decade_report.checking import check_reports as check_reports
from decade_report.checking import check_sources as check_sources
from decade_report.checking import composed as composed
from decade_report.checking import content_findings, loaded
from decade_report.compose.document import compose
from decade_report.compose.markdown import last_words
from decade_report.editions.copies import stamp_copies
from decade_report.errors import Problem, Severity
from decade_report.guard.clock import BuildClock, build_clock
from decade_report.guard.processes import Job, Limits, Pool
from decade_report.log import Log
from decade_report.model.report import Report
from decade_report.model.reports import report_folder
from decade_report.pdf.finish import finish_pdf
from decade_report.pdf.finish_print import finish_print
from decade_report.pdf.pdfx import condition_profile
from decade_report.pdf.render import RenderedPdf, font_environment, render_edition
from decade_report.pdf.reuse import (
    findings_key,
    keep_findings,
    keep_layout,
    layout_key,
    reused_findings,
    reused_layout,
)
from decade_report.preflight.registry import Finding, PreflightFailed, findings_json
from decade_report.preflight.registry import strict as strict_findings
from decade_report.preflight.run import (
    COPY_CHECKS,
    first_copy_checks,
    preflight_copies,
    preflight_pdf,
)
from decade_report.publish.build_folder import (
    build_lock,
    build_options,
    fingerprint,
    remember,
    up_to_date,
)
from decade_report.publish.staging import EDITIONS, WRITING_ONLY, Output, disk_errors, publish
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
    laid_out: tuple[str, ...] = ()
    """The editions WeasyPrint laid out; the others' layouts were reused (`pdf.reuse`)."""
    checked: tuple[str, ...] = ()
    """The PDFs preflight checked ("screen", "print", "copies"); the others' findings were
    reused."""


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


def laid_out_editions(editions: tuple[str, ...]) -> tuple[str, ...]:
    """The editions WeasyPrint lays out: the copies are the screen edition stamped."""
    screen = ("screen",) if "screen" in editions or "copies" in editions else ()
    return screen + (("print",) if "print" in editions else ())


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
        sources = fingerprint(project, out_dir, {"draft": draft, "report": report_id})
        result = build_editions(
            project, out_dir, log, editions, draft, strict, clock, report_id, sources
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
    sources: str = "",
) -> BuildResult:
    """Build `editions` of one report; `out_dir` is the build folder of the project (the report's
    own folder is in it). `sources` (the content hash of what the build reads) goes into the
    manifest, which tells outputs of other editions made from the same sources from stale ones."""
    report, theme = loaded(project, report_id, log)
    if clock:  # everything up to publishing: charts, templates, layout, stamping, preflight
        clock.start(report.config.limits.max_build_seconds)
    folder = report_folder(out_dir, report_id)
    cache = folder / ".cache"
    with log.step("Drawing charts"):
        charts = render_charts(report, theme, cache / "charts")
    with log.step("Checking the sources"):
        content = content_findings(report, theme, compose(report, charts, theme, "screen"), strict)
    date = build_date(report, out_dir)
    identifier = hashlib.sha256(f"{report.config.slug}:{date}".encode()).hexdigest()[:32].encode()
    roots = [report.root, *theme.template_dirs, *theme.asset_dirs, cache]
    slug = report.config.slug
    phrases = (last_words(report.message.body),)
    fonts = tuple(path for path, _ in theme.faces)
    limits = report.config.limits

    def job_limits(what: str, seconds: float | None = None) -> Limits:
        return Limits(what, seconds, memory_mb=limits.max_layout_mb)

    # The layouts, and the preflight of what they produce, run in child processes, as many at
    # once as there are cores; this process meanwhile writes the web edition, runs the content
    # checks, finishes the PDFs and stamps the copies. Outputs and findings are gathered in a
    # fixed order, so that the build is the same byte for byte however the work interleaves.
    reuse = cache / "reuse"
    laid_out: list[str] = []
    checked: list[str] = []
    with Pool() as pool:
        layouts: dict[str, Job | RenderedPdf] = {}
        keys: dict[str, str] = {}
        for edition in laid_out_editions(editions):
            with log.step(f"Composing the {edition} edition"):
                html = compose(report, charts, theme, edition).html
            tagged = edition == "screen"
            keys[edition] = layout_key(html, tagged, identifier, theme.font_dir)
            reused = reused_layout(reuse, edition, keys[edition])
            if reused is not None:
                log.debug(f"  the {edition} edition's layout is unchanged: reused")
                layouts[edition] = reused
                continue
            laid_out.append(edition)
            layouts[edition] = pool.submit(
                render_edition, html, theme, roots, tagged, identifier, report.texts,
                limits=job_limits(f"laying out the {edition} edition", limits.max_layout_seconds),
                environment=font_environment(theme),
            )  # fmt: skip

        def layout(edition: str) -> RenderedPdf:
            job = layouts[edition]
            if isinstance(job, RenderedPdf):
                return job
            rendered: RenderedPdf = job.result()
            keep_layout(reuse, edition, keys[edition], rendered)
            return rendered

        def preflight(
            name: str, pdfs: list[bytes], told: tuple[Any, ...], function: Any, *arguments: Any
        ) -> None:
            """Check the PDFs in a child process, or reuse the findings on the same PDFs told
            the same things."""
            key = findings_key(pdfs, name, told)
            reused = reused_findings(reuse, name, key)
            if reused is not None:
                checks[name] = reused
                return
            checked.append(name)
            checks[name] = (key, pool.submit(
                function, *arguments, limits=job_limits(f"the preflight of the {name} edition")
            ))  # fmt: skip

        def findings_of(name: str) -> list[Finding]:
            entry = checks[name]
            if isinstance(entry, list):
                return entry
            key, job = entry
            found: list[Finding] = job.result()
            keep_findings(reuse, name, key, found)
            return found

        web: list[Output] = []
        if "web" in editions:
            with log.step("Writing the web edition"):
                for name, data in sorted(
                    render_web(report, charts, theme, cache / "fonts").items()
                ):
                    pages = 1 if name.endswith(".html") else None
                    web.append(Output(f"web/{name}", "web", pages, data))
        screen_outputs: list[Output] = []
        copies: list[Output] = []
        checks: dict[str, Any] = {}
        if "screen" in layouts:
            with log.step("Laying out the screen edition"):
                screen = finish_pdf(layout("screen"), report, date)
            if "screen" in editions:
                screen_outputs.append(
                    Output(f"{slug}-screen.pdf", "screen", screen.page_count, screen.pdf)
                )
                told = (phrases, fonts, theme.tokens)
                preflight("screen", [screen.pdf], told, preflight_pdf, screen.pdf, "screen", *told)
            if "copies" in editions:
                with log.step(f"Stamping {len(report.config.recipients)} copies"):
                    for copy in stamp_copies(screen.pdf, report.config.recipients, theme, draft):
                        copies.append(
                            Output(
                                f"copies/{copy.recipient.slug}.pdf",
                                "copy",
                                copy.page_count,
                                copy.pdf,
                                copy.recipient.name,
                            )
                        )
                # a copy is the screen edition plus its stamp: the first copy is checked whole,
                # the others by the quick checks of the stamp's own font
                told = (phrases, fonts, theme.tokens, first_copy_checks(), COPY_CHECKS)
                pdfs = [(c.path, c.data) for c in copies]
                preflight("copies", [c.data for c in copies], ([c.path for c in copies], *told),
                          preflight_copies, pdfs, *told)  # fmt: skip

        print_outputs: list[Output] = []
        if "print" in layouts:
            with log.step("Laying out the print edition"):
                rendered = layout("print")
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
            print_outputs.append(
                Output(f"{slug}-print.pdf", "print", printed.page_count, printed.pdf)
            )
            told = (phrases, fonts, theme.tokens)
            preflight("print", [printed.pdf], told, preflight_pdf, printed.pdf, "print", *told)

        outputs = screen_outputs + copies + print_outputs + web
        with log.step("Preflight"):
            findings = list(content)
            for name in ("screen", "print", "copies"):
                if name in checks:
                    findings += findings_of(name)
            if strict:
                findings = strict_findings(findings)
            if any(f.severity is Severity.ERROR for f in findings):
                raise PreflightFailed(findings)

    if clock:
        clock.stop()  # publishing is never cut short
    with log.step("Publishing"), signals_held():
        manifest = publish(
            folder,
            outputs,
            editions,
            extra=[("preflight.json", findings_json(findings))],
            sources=sources,
        )
    return BuildResult(
        tuple(outputs),
        manifest,
        report.warnings,
        tuple(findings),
        laid_out=tuple(laid_out),
        checked=tuple(checked),
    )
