"""Stage 2: check the loaded project and turn it into a typed, frozen `Report`.

Every problem is collected — types, cross-references, years outside the period, charts on missing
fields — and raised once as `ValidationFailed`, each with `path:line:col`, what is wrong and what to
do. The parsers (`datasets`, `narrative`, `images`) fill a `Draft`; the cross-checks listed in
`CHECKS` (in `cross_checks` and `charts`) read it: adding a rule is adding one function there and
its name here.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from decade_report.charts.period import context_problems, empty_charts
from decade_report.compose.key_figures import KeyFigureSpec, compute_key_figures
from decade_report.compose.year_on_year import compare_key_figures
from decade_report.errors import Location, Problem, Severity, raise_if_errors
from decade_report.load.period import declaration_problems, in_report
from decade_report.load.project import ReportSource
from decade_report.load.records import NUMBER_HINT, Record
from decade_report.model.config import ReportConfig
from decade_report.model.report import TYPED_DATASETS, ChartSpec, Dataset, Report
from decade_report.validate.charts import chapter_embeds, chart_data, chart_sizes
from decade_report.validate.cross_checks import (
    declared_vocabulary,
    finite_numbers,
    known_references,
    layout_data,
    required_parts,
    source_datasets,
    unique_chapter_numbers,
    unique_ids,
    years_in_period,
)
from decade_report.validate.data_languages import (
    in_language,
    mark_translated,
    without_translations,
)
from decade_report.validate.datasets import parse_records, to_dataset
from decade_report.validate.draft import Check, Draft
from decade_report.validate.images import image_problems
from decade_report.validate.narrative import parse_chapter, parse_message

CHECKS: tuple[Check, ...] = (
    required_parts,
    unique_ids,
    unique_chapter_numbers,
    known_references,
    years_in_period,
    chart_data,
    chart_sizes,
    chapter_embeds,
    layout_data,
    finite_numbers,
    source_datasets,
    declared_vocabulary,
)
"""Every cross-check, in the order its problems are reported."""


def validate(source: ReportSource) -> Report:
    problems: list[Problem] = list(source.problems)
    draft = Draft(source.config, root=source.root, span=source.span)
    failed_files = {p.where.path for p in source.problems}
    draft.failed = {PurePosixPath(p).stem for p in failed_files}
    for name, datafile in source.data.items():
        gave: frozenset[tuple[int, str]] = frozenset()
        if source.config is not None:  # its words in the edition's language (data_languages.py)
            datafile, gave, untranslated = in_language(datafile, source.config, source.texts)
            problems += untranslated
        else:  # report.toml unreadable: its languages unknown, the translations set aside
            datafile = without_translations(datafile)
        draft.datasets[name] = mark_translated(to_dataset(datafile, problems), gave)
        model = KeyFigureSpec if name == "key_figures" else TYPED_DATASETS.get(name)
        if model is not None:
            found: list[Problem] = []
            draft.typed[name] = parse_records(datafile, model, found)
            told = {p.where for p in problems if p.hint == NUMBER_HINT}
            problems += [p for p in found if p.where not in told]  # a number once, not twice
    if source.charts is not None:
        draft.charts = parse_records(source.charts, ChartSpec, problems)
        draft.chart_ids_written = {str(r.values.get("id")) for r in source.charts.records}
    elif "charts.yaml" not in failed_files:
        problems.append(
            Problem(
                Location("charts.yaml"),
                "charts.yaml not found",
                "create it with a list of charts (it may be an empty list: [])",
                Severity.WARNING,
            )
        )
    draft.message = parse_message(source.message, problems) if source.message else None
    if source.message is not None and draft.message is None:
        draft.failed.add("message")  # its problems are reported: no "could not be read" on top
    problems.extend(image_problems(source))
    draft.chapters = [c for c in (parse_chapter(n, problems) for n in source.chapters) if c]
    if source.report_id:  # a report of reports/ numbers its chapters in the order it lists them
        draft.chapters = [replace(c, number=n) for n, c in enumerate(draft.chapters, 1)]
    for check in CHECKS:
        problems.extend(check(draft))
    every_row = dict(draft.datasets)
    if draft.config is not None:  # from here on, the report sees its period's rows only
        told = {p.where for p in problems}  # a cell whose type is wrong is one error, not two
        found = period_problems(draft.config, draft.datasets, draft.charts, draft)
        problems += [p for p in found if p.where not in told]
        draft.datasets, draft.typed = in_report(
            draft.datasets, draft.typed, draft.config.datasets, draft.config.period
        )
        problems += empty_charts(draft.charts, draft.datasets, draft.config)
    key_figures, figure_problems = compute_key_figures(
        draft.items("key_figures"),
        draft.datasets,
        draft.failed,
        frozenset(p.where for p in problems),
    )
    problems.extend(figure_problems)
    if draft.config is not None:
        key_figures, notes = compare_key_figures(
            draft.items("key_figures"),
            key_figures,
            every_row,
            draft.config.datasets,
            draft.config.period,
            draft.config.language,
        )
        problems.extend(notes)
    raise_if_errors(problems)
    assert draft.config is not None and draft.message is not None
    warnings = tuple(p for p in problems if p.severity is not Severity.ERROR)

    def models(name: str) -> tuple[Any, ...]:
        return tuple(item for item, _ in draft.items(name))

    return Report(
        root=source.root,
        config=draft.config,
        message=draft.message,
        chapters=tuple(draft.chapters),
        member_states=models("member_states"),
        milestones=tuple(sorted(models("milestones"), key=lambda m: m.date.sort_key)),
        networks=models("networks"),
        programmes=models("programmes"),
        events=tuple(sorted(models("events"), key=lambda e: e.date.sort_key)),
        trainings=models("trainings"),
        partners=models("partners"),
        datasets=draft.datasets,
        charts=tuple(c for c, _ in draft.charts),
        warnings=warnings,
        key_figures=tuple(key_figures),
        all_datasets=every_row,
        report_id=source.report_id,
        texts=source.texts,
    )


def period_problems(
    config: ReportConfig,
    datasets: dict[str, Dataset],
    charts: list[tuple[ChartSpec, Record]],
    draft: Draft,
) -> list[Problem]:
    """[datasets] of report.toml and the charts' context years (load/period.py)."""
    found = list(declaration_problems(config.datasets, datasets, draft.failed, config.where))
    return found + list(context_problems(charts, config))
