"""Checks across the datasets and report.toml: ids unique, references known, years inside the
period, layouts with their data, finite numbers, sources and vocabularies that name what exists.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from decade_report.compose.layouts import LAYOUTS
from decade_report.errors import Location, Problem, did_you_mean
from decade_report.load.records import Record
from decade_report.model.report import TYPED_DATASETS
from decade_report.validate.draft import Draft


def required_parts(draft: Draft) -> Iterator[Problem]:
    if draft.config is not None and draft.message is None and "message" not in draft.failed:
        yield Problem(
            Location("message.md"),
            "the message could not be read",
            "create message.md with front matter author/role and the text",
        )


def unique_ids(draft: Draft) -> Iterator[Problem]:
    groups = {name: draft.items(name) for name in ("member_states", "networks", "programmes")}
    groups["charts"] = list(draft.charts)
    for name, items in groups.items():
        seen: dict[str, Record] = {}
        for item, record in items:
            if item.id in seen:
                yield Problem(
                    record.at("id"),
                    f"duplicate id '{item.id}' in {name}",
                    f"first defined at {seen[item.id].at('id')}",
                )
            seen.setdefault(item.id, record)


def unique_chapter_numbers(draft: Draft) -> Iterator[Problem]:
    """Two chapter files with one number prefix (08-outlook.md, 08-synthetic.md) would be one
    chapter to the contents, the anchors and the running heads."""
    first: dict[int, str] = {}
    taken = {chapter.number for chapter in draft.chapters}
    for chapter in draft.chapters:
        if chapter.number not in first:
            first[chapter.number] = chapter.path
            continue
        free = next(n for n in range(1, 100) if n not in taken)
        taken.add(free)
        yield Problem(
            Location(chapter.path),
            f"chapter number {chapter.number:02d} is also that of {first[chapter.number]}",
            f"give each chapter its own number: rename it chapters/{free:02d}-{chapter.slug}.md",
        )


def references(draft: Draft) -> Iterator[tuple[str, str, Location]]:
    """Every (kind, id, where) reference to a member state, network or programme."""
    for programme, record in draft.items("programmes"):
        yield "networks", programme.network, record.at("network")
        for state in programme.states:
            yield "member_states", state, record.at("states")
    for event, record in draft.items("events"):
        if event.state:
            yield "member_states", event.state, record.at("state")
    if draft.config is not None:
        for index, recipient in enumerate(draft.config.recipients):
            if recipient.state:
                where = draft.config.where("recipients", index, "state")
                yield "member_states", recipient.state, where


def known_references(draft: Draft) -> Iterator[Problem]:
    labels = {"member_states": "member state", "networks": "network"}
    for kind, ident, where in references(draft):
        if kind in draft.failed:
            continue
        # ids of records that failed their own schema still count: one typo, one error
        dataset = draft.datasets.get(kind)
        known = {str(r.values.get("id")) for r in dataset.rows} if dataset else set()
        if ident not in known:
            yield Problem(
                where,
                f"unknown {labels[kind]} '{ident}'",
                did_you_mean(ident, known) or f"add it to data/{kind}",
            )


def years(draft: Draft) -> Iterator[tuple[int, Location, str]]:
    for name, items in draft.typed.items():
        for item, record in items:
            for key in ("date", "joined", "approved", "year", "since"):
                value = getattr(item, key, None)
                if value is not None:
                    year = value.year if hasattr(value, "year") else value
                    yield year, record.at(key), f"{name}.{key}"
    for name, dataset in draft.datasets.items():
        if name in draft.typed or "year" not in dataset.columns:
            continue
        for row in dataset.rows:
            if isinstance(row.values.get("year"), int):
                yield row.values["year"], row.where, f"{name}.year"


def years_in_period(draft: Draft) -> Iterator[Problem]:
    if draft.config is None:
        return
    period = draft.config.period
    first, last = draft.span or (period.earliest, period.end)  # the span of all the reports
    for year, where, what in years(draft):
        if not first <= year <= last:
            yield Problem(
                where,
                f"year {year} ({what}) is outside the report period {first}–{last}",
                "correct the year, or widen [period] in report.toml",
            )


def layout_data(draft: Draft) -> Iterator[Problem]:
    for chapter in draft.chapters:
        needed = LAYOUTS[chapter.layout].needs
        if needed and needed not in draft.datasets and needed not in draft.failed:
            yield Problem(
                Location(chapter.path, 2),
                f"layout '{chapter.layout}' needs the dataset '{needed}'",
                f"add data/{needed}.yaml (or .csv/.xlsx)",
            )


def finite_numbers(draft: Draft) -> Iterator[Problem]:
    for dataset in draft.datasets.values():
        if dataset.name in TYPED_DATASETS:
            continue  # the dataset's model reports its own fields
        for row in dataset.rows:
            for name, value in row.values.items():
                if isinstance(value, float) and not math.isfinite(value):
                    yield Problem(
                        row.at(name),
                        f"{dataset.name}.{name} is {value}, not a number",
                        "write a finite number or leave the cell empty",
                    )


def source_datasets(draft: Draft) -> Iterator[Problem]:
    """Every [sources] entry of report.toml names a dataset (a typo leaves a table unsourced)."""
    if draft.config is None or not draft.config.sources:
        return
    for name in draft.config.sources:
        if name in draft.datasets or name in draft.failed:
            continue
        yield Problem(
            draft.config.where("sources", name),
            f"[sources] names unknown dataset '{name}'",
            did_you_mean(name, draft.datasets) or "use the name of a file in data/ (no extension)",
        )


def declared_vocabulary(draft: Draft) -> Iterator[Problem]:
    """Member statuses and event kinds are those report.toml declares ([statuses],
    [event_kinds]), when it declares any: a typo would otherwise print as a new status."""
    if draft.config is None:
        return
    for dataset, key, declared, table in (
        ("member_states", "status", draft.config.statuses, "statuses"),
        ("events", "kind", draft.config.event_kinds, "event_kinds"),
    ):
        if not declared:
            continue
        for item, record in draft.items(dataset):
            value = getattr(item, key)
            if value not in declared:
                yield Problem(
                    record.at(key),
                    f"unknown {key.replace('_', ' ')} '{value}'",
                    " ".join(
                        filter(
                            None,
                            (
                                did_you_mean(value, declared),
                                f"(the {table} are declared in [{table}] of report.toml)",
                            ),
                        )
                    ),
                )
