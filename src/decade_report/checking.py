"""Stages 1–4 without writing anything: load and validate a report, compose it, and run the
content checks on what composition produced — what `decade-report check` does, and what the
build does before any layout (`pipeline.build_editions`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from decade_report.charts.render import planned_charts
from decade_report.compose.document import compose
from decade_report.compose.numbering import Composition
from decade_report.editions.edition import Edition
from decade_report.editions.stamp import missing_labels
from decade_report.errors import Location, Problem, ReportError, Severity, ValidationFailed
from decade_report.load.project import load_report
from decade_report.load.translations import project_catalogue, translated_source
from decade_report.log import QUIET, Log
from decade_report.model.report import Report
from decade_report.preflight.registry import Finding, PreflightFailed
from decade_report.preflight.registry import strict as strict_findings
from decade_report.preflight.run import check_content
from decade_report.theme.tokens import Theme, load_theme
from decade_report.validate.report import validate


def loaded(
    project: Path, report_id: str = "", log: Log | None = None, language: str = ""
) -> tuple[Report, Theme]:
    """The project loaded and validated, with its theme; the theme's notes join the warnings.
    `report_id` picks one of the project's reports (model/reports.py): "" is report.toml's;
    `language` one of its languages other than the first (load/translations.py)."""
    log = log or Log(QUIET)
    with log.step("Loading the project"):
        source = load_report(project, report_id)
    with log.step("Validating"):
        report = validate(translated_source(source, language) if language else source)
        theme = load_theme(report.root, report.config.theme, report.config.file)
    return replace(report, warnings=report.warnings + theme.notes), theme


def loaded_languages(
    project: Path, report_id: str = "", log: Log | None = None
) -> tuple[tuple[Report, ...], Theme]:
    """The project loaded once and validated in each of its languages, the first (the sources'
    own) first: every file the build reads, translations included, is read here and by nothing
    after it (the theme's notes join the first language's warnings)."""
    log = log or Log(QUIET)
    with log.step("Loading the project"):
        source = load_report(project, report_id)
    with log.step("Validating"):
        report = validate(source)
        theme = load_theme(report.root, report.config.theme, report.config.file)
        versions = [replace(report, warnings=report.warnings + theme.notes)]
        for language in report.config.languages[1:]:
            versions.append(validate(translated_source(source, language)))
    return tuple(versions), theme


def check(project: Path, report_id: str = "") -> Report:
    """Load and validate only: fast, writes nothing."""
    return loaded(project, report_id)[0]


def check_sources(
    project: Path, report_id: str = "", log: Log | None = None
) -> tuple[Report, tuple[Finding, ...]]:
    """What `decade-report check` runs: loading, validation, composition (charts planned, not
    drawn; nothing laid out) and the content checks the build runs right after it composes
    (spelling, numbers against the data, cross-references, glyphs), so that a project `check`
    accepts is not refused by the build for its sources. Raises PreflightFailed on an error
    among the content findings."""
    log = log or Log(QUIET)
    (report, *translations), theme = loaded_languages(project, report_id, log)
    with log.step("Checking the content"):
        report, theme, composition = composed(project, report_id, (report, theme))
        findings = list(content_findings(report, theme, composition))
    # every other language: its translations loaded and validated (a broken front matter is an
    # error, a missing file or label a warning) and its edition composed and checked
    warnings = list(report.warnings)
    for version in translations:
        with log.step(f"Checking the {version.config.language} edition"):
            composition = composed(project, report_id, (version, theme))[2]
            findings += [
                f for f in content_findings(version, theme, composition) if f not in findings
            ]
            warnings += [w for w in version.warnings if w not in warnings]
            warnings += untranslated_labels(version, composition)
    return replace(report, warnings=tuple(warnings)), tuple(findings)


def untranslated_labels(report: Report, composition: Composition) -> list[Problem]:
    """A warning for each of the project's labels the edition prints untranslated, at the
    project's catalogue of its language (compose/i18n.py `project_label`)."""
    language, sources = report.config.language, report.config.sources_language
    catalogue = project_catalogue(language)
    return [
        Problem(
            Location(catalogue),
            f'no {language} translation of the label "{label}": the {language} edition prints'
            f" it in {sources}",
            f'add it to {catalogue}: msgid "{label}" and its translation as msgstr',
            Severity.WARNING,
        )
        # the recipients' names on the stamps of the copies too (editions/stamp.py)
        for label in dict.fromkeys([*composition.untranslated, *missing_labels(report)])
    ]


def composed(
    project: Path, report_id: str = "", done: tuple[Report, Theme] | None = None
) -> tuple[Report, Theme, Composition]:
    """The project loaded, validated (`done`, when it already is) and composed as the screen
    edition, its charts planned but not drawn: what the content checks read, without drawing or
    laying anything out."""
    report, theme = done or loaded(project, report_id)
    charts = planned_charts(report, theme, report.root / ".cache" / "charts")
    return report, theme, compose(report, charts, theme, Edition.SCREEN)


def content_findings(
    report: Report, theme: Theme, composition: Composition, strict: bool = False
) -> tuple[Finding, ...]:
    """The content checks of the sources and of what composition produced; PreflightFailed on
    an error (with --strict, on a warning too) before anything is laid out."""
    findings = check_content(report, theme, composition)
    if strict:
        findings = strict_findings(findings)
    if any(f.severity is Severity.ERROR for f in findings):
        raise PreflightFailed(findings)
    return tuple(findings)


def check_reports(
    project: Path, report_ids: Sequence[str], log: Log | None = None
) -> list[tuple[Report, tuple[Finding, ...]]]:
    """`check_sources` for each report; the problems of all of them are collected and raised
    once (a problem of the shared data is told once, not once per report)."""
    checked = []
    problems: list[Problem] = []
    for report_id in report_ids:
        try:
            checked.append(check_sources(project, report_id, log))
        except ReportError as error:  # PreflightFailed too: its errors
            # a place already told of (a cell of the shared data, seen by each report's
            # charts) is not told again by the next report
            told = {p.where for p in problems if p.where.line}
            problems += [p for p in error.problems if p.where not in told and p not in problems]
    if problems:
        raise ValidationFailed(problems)
    return checked
