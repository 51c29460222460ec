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
from dataclasses import dataclass, replace
from pathlib import Path

from decade_report.charts.render import render_charts
from decade_report.checking import check as check
from decade_report.checking import check_reports as check_reports
from decade_report.checking import check_sources as check_sources
from decade_report.checking import composed as composed
from decade_report.checking import content_findings, loaded_languages, untranslated_labels
from decade_report.compose.document import compose
from decade_report.compose.markdown import last_words
from decade_report.editions.copies import stamp_copies
from decade_report.editions.edition import ALL, Edition, laid_out
from decade_report.editions.jobs import Jobs
from decade_report.editions.stamp import stamp_words
from decade_report.errors import Problem, Severity
from decade_report.guard.clock import BuildClock, build_clock
from decade_report.guard.processes import Pool, signals_held
from decade_report.log import Log
from decade_report.model.report import Report
from decade_report.model.report_files import report_folder
from decade_report.pdf.finish import finish_pdf
from decade_report.pdf.finish_print import finish_print
from decade_report.pdf.pdfx import condition_profile
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
from decade_report.publish.staging import WRITING_ONLY, Output, disk_errors, publish
from decade_report.theme.tokens import Theme
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


def build(
    project: Path,
    out_dir: Path,
    log: Log,
    editions: tuple[Edition, ...] = ALL,
    draft: bool = False,
    strict: bool = False,
    report_id: str = "",
) -> BuildResult:
    """Build the editions of one report into its folder of `out_dir` (the folder itself for
    report.toml's, `out_dir`/ID/ for reports/ID.toml's), one build at a time per folder;
    nothing is done when nothing the build reads changed since the last one and its outputs
    are intact."""
    out_dir = out_dir.resolve()
    editions = tuple(Edition(e) for e in editions)  # names given as plain strings too
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


def build_editions(
    project: Path,
    out_dir: Path,
    log: Log,
    editions: tuple[Edition, ...],
    draft: bool,
    strict: bool,
    clock: BuildClock | None = None,
    report_id: str = "",
    sources: str = "",
) -> BuildResult:
    """Build `editions` of one report, in each of its languages; `out_dir` is the build folder
    of the project (the report's own folder is in it). `sources` (the content hash of what the
    build reads) goes into the manifest, which tells outputs of other editions made from the
    same sources from stale ones."""
    editions = tuple(Edition(e) for e in editions)
    (report, *translations), theme = loaded_languages(project, report_id, log)
    if clock:  # everything up to publishing: charts, templates, layout, stamping, preflight
        clock.start(report.config.limits.max_build_seconds)
    folder = report_folder(out_dir, report_id)
    cache = folder / ".cache"
    with log.step("Drawing charts"):
        charts = render_charts(report, theme, cache / "charts")
    # one set of editions per language: the first is the sources' own and keeps the plain names
    versions = [Version(report, "")]
    drawn = {"": charts}  # each language's charts: its digits, and mirrored right to left
    for translation in translations:
        language = translation.config.language
        versions.append(Version(translation, language))
        with log.step(f"Drawing charts ({language})"):
            drawn[language] = render_charts(translation, theme, cache / "charts")
    with log.step("Checking the sources"):
        screen_html = compose(report, charts, theme, Edition.SCREEN)
        content = content_findings(report, theme, screen_html, strict)
    date = build_date(report, out_dir)
    roots = [report.root, *theme.template_dirs, *theme.asset_dirs, cache]
    limits = report.config.limits

    # The layouts, and the preflight of what they produce, run in child processes, as many at
    # once as there are cores; this process meanwhile writes the web edition, then has each
    # layout finished in a job of its own and stamps the copies (editions/jobs.py).
    with Pool() as pool:
        jobs = Jobs(pool, cache / "reuse", theme, limits.max_layout_mb)
        labels: list[Problem] = []  # the project's labels another language lacks
        for version in versions:
            # the PDF's /ID: the same for every build of the same sources, one per language
            slug = report.config.slug + version.suffix
            identifier = hashlib.sha256(f"{slug}:{date}".encode()).hexdigest()[:32].encode()
            for edition in laid_out(editions):
                with log.step(f"Composing the {edition} edition{version.named}"):
                    if version.language or edition != Edition.SCREEN:
                        composition = compose(
                            version.report, drawn[version.language], theme, edition
                        )
                        labels += untranslated_labels(version.report, composition)
                        html = composition.html
                    else:  # composed already for the content checks
                        html = screen_html.html
                if jobs.lay_out(
                    edition + version.suffix, html, edition.tagged, identifier, roots,
                    version.report.texts, limits.max_layout_seconds,
                ):  # fmt: skip
                    log.debug(f"  the {edition} edition{version.named}'s layout is unchanged")

        web: list[Output] = []
        for version in versions if Edition.WEB in editions else ():
            # web/ in the first language, web/<lang>/ in another (web/languages.py)
            inside = f"web/{version.language}/" if version.language else "web/"
            with log.step(f"Writing the web edition{version.named}"):
                files = render_web(
                    version.report,
                    drawn[version.language],
                    theme,
                    cache / "fonts",
                    report.config.languages,
                )
                for name, data in sorted(files.items()):
                    pages = 1 if name.endswith(".html") else None
                    language = version.report.config.language
                    web.append(Output(inside + name, Edition.WEB.kind, pages, data, "", language))
        pdfs: list[Output] = []
        for version in versions:
            pdfs += pdf_outputs(jobs, version, theme, editions, draft, date, log)

        with log.step("Preflight"):
            findings = list(content)
            for version in versions:
                for name in (Edition.SCREEN, Edition.PRINT, Edition.COPIES):
                    findings += [  # a finding of another language's edition says which
                        replace(f, edition=f"{version.language} {f.edition}")
                        if version.language
                        else f
                        for f in jobs.findings(name + version.suffix)
                    ]
            if strict:
                findings = strict_findings(findings)
            if any(f.severity is Severity.ERROR for f in findings):
                raise PreflightFailed(findings)

    outputs = pdfs + web
    if clock:
        clock.stop()  # publishing is never cut short
    # the build folder never ends up half old, half new
    with log.step("Publishing"), signals_held():
        manifest = publish(
            folder,
            outputs,
            editions,
            extra=[("preflight.json", findings_json(findings))],
            sources=sources,
        )
    warnings = [w for version in versions for w in version.report.warnings] + labels
    return BuildResult(
        tuple(outputs),
        manifest,
        tuple(dict.fromkeys(warnings)),
        tuple(findings),
        laid_out=tuple(jobs.laid_out),
        checked=tuple(jobs.checked),
    )


@dataclass(frozen=True)
class Version:
    """The report in one of its languages: "" is the first (the sources' own language)."""

    report: Report
    language: str

    @property
    def suffix(self) -> str:
        """What the language adds to file and job names: "-zh"; nothing for the first."""
        return f"-{self.language}" if self.language else ""

    @property
    def named(self) -> str:
        """What the language adds to a progress step: " (zh)"."""
        return f" ({self.language})" if self.language else ""


def pdf_outputs(
    jobs: Jobs,
    version: Version,
    theme: Theme,
    editions: tuple[Edition, ...],
    draft: bool,
    date: str,
    log: Log,
) -> list[Output]:
    """The screen edition, its stamped copies and the print edition of one language, finished
    from their layouts; their preflights are started in `jobs`."""
    report, suffix, named = version.report, version.suffix, version.named
    language = report.config.language
    slug = report.config.slug + suffix
    phrases = (last_words(report.message.body),)
    fonts = tuple(path for path, _ in theme.faces)
    outputs: list[Output] = []
    # each edition is finished in a job as soon as it is laid out: the screen edition's tags
    # are repaired while the print edition is still being laid out
    screening = Edition.SCREEN in editions or Edition.COPIES in editions
    if screening:
        with log.step(f"Laying out the screen edition{named}"):
            jobs.finish(Edition.SCREEN + suffix, finish_pdf, report, date)
    if Edition.PRINT in editions:
        with log.step(f"Laying out the print edition{named}"):
            condition = theme.tokens.print_condition
            jobs.finish(
                Edition.PRINT + suffix, finish_print, report, date,
                condition_profile(theme.asset, condition), report.config.print.pad_to,
                condition, theme.tokens.print_text_black,
            )  # fmt: skip
    if screening:
        with log.step(f"Finishing the screen edition{named}"):
            screen = jobs.finished(Edition.SCREEN + suffix)
        if Edition.SCREEN in editions:
            outputs.append(
                Output(
                    f"{slug}-screen.pdf",
                    Edition.SCREEN.kind,
                    screen.page_count,
                    screen.pdf,
                    "",
                    language,
                )
            )
            told = (phrases, fonts, theme.tokens)
            jobs.preflight(
                Edition.SCREEN + suffix,
                [screen.pdf],
                told,
                preflight_pdf,
                screen.pdf,
                Edition.SCREEN,
                *told,
            )
        if Edition.COPIES in editions:
            copies: list[Output] = []
            with log.step(f"Stamping {len(report.config.recipients)} copies{named}"):
                for copy in stamp_copies(
                    screen.pdf, report.config.recipients, theme, draft, stamp_words(report)
                ):
                    copies.append(
                        Output(
                            f"copies/{copy.recipient.slug}{suffix}.pdf",
                            Edition.COPIES.kind,
                            copy.page_count,
                            copy.pdf,
                            copy.recipient.name,
                            language,
                        )
                    )
            # a copy is the screen edition plus its stamp: the first copy is checked whole,
            # the others by the quick checks of the stamp's own font
            told = (phrases, fonts, theme.tokens, first_copy_checks(), COPY_CHECKS)
            pdfs = [(c.path, c.data) for c in copies]
            paths = [c.path for c in copies]
            datas = [c.data for c in copies]
            jobs.preflight(
                Edition.COPIES + suffix, datas, (paths, *told), preflight_copies, pdfs, *told
            )
            outputs += copies

    if Edition.PRINT in editions:
        with log.step(f"Converting the print edition{named} to CMYK PDF/X"):
            printed = jobs.finished(Edition.PRINT + suffix)
        outputs.append(
            Output(
                f"{slug}-print.pdf",
                Edition.PRINT.kind,
                printed.page_count,
                printed.pdf,
                "",
                language,
            )
        )
        told = (phrases, fonts, theme.tokens)
        jobs.preflight(
            Edition.PRINT + suffix,
            [printed.pdf],
            told,
            preflight_pdf,
            printed.pdf,
            Edition.PRINT,
            *told,
        )
    return outputs
