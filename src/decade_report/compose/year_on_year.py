"""Key figures compared with the previous period: "+12 % on 2017" in the annual report of 2018.

A key figure with `compare: true` is worked out twice from the same data: over the report's
period and over the period of the same length just before it (2017 for 2018, 2004–2007 for
2008–2011). The change prints under the figure. When the previous period has no data for it,
or its number is 0, no percentage can be given: the figure prints without a change and a note
says why, at the figure's line of the key-figures file — never a division by zero.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from babel.numbers import format_percent

from decade_report.compose.i18n import translations
from decade_report.compose.key_figures import KeyFigure, KeyFigureSpec, compute, matches
from decade_report.compose.locale_format import is_english, locale_of
from decade_report.errors import Problem, Severity
from decade_report.load.period import Years, datasets_in
from decade_report.load.records import Record
from decade_report.model.config import DatasetDates, Period
from decade_report.model.report import Dataset, is_number

MINUS = "\u2212"
"""The typographic minus sign: "−8 %", not a hyphen."""


def compare_key_figures(
    specs: list[tuple[KeyFigureSpec, Record]],
    figures: list[KeyFigure],
    every_row: Mapping[str, Dataset],
    declared: Mapping[str, DatasetDates],
    period: Period,
    language: str = "en",
) -> tuple[list[KeyFigure], list[Problem]]:
    """`figures` with the change on the previous period of those that ask for it, written in
    `language`; notes for those that cannot have one. `every_row` is the project's data before
    any period filter."""
    previous = Years.before(period)
    before = datasets_in(every_row, declared, previous)
    by_place = {figure.where: index for index, figure in enumerate(figures)}
    result = list(figures)
    notes: list[Problem] = []
    for spec, record in specs:
        index = by_place.get(record.where)
        if not spec.compare or index is None:
            continue  # not compared, or its own problem is already reported
        found = list(change(spec, record, result[index], before, declared, previous, language))
        for item in found:
            if isinstance(item, str):
                result[index] = replace(result[index], change=item)
            else:
                notes.append(item)
    return result, notes


def change(
    spec: KeyFigureSpec,
    record: Record,
    figure: KeyFigure,
    before: Mapping[str, Dataset],
    declared: Mapping[str, DatasetDates],
    previous: Years,
    language: str = "en",
) -> Iterator[str | Problem]:
    """The change as printed, or the note saying why there is none."""
    reference = str(spec.count if spec.count is not None else spec.sum)
    name, _, column = reference.partition(".")
    where = record.at("compare")

    def note(message: str, hint: str) -> Problem:
        return Problem(
            where,
            f"key figure '{spec.label}': {message}; it prints without a change",
            hint,
            Severity.INFO,
        )

    if name not in declared:
        yield note(
            f"dataset '{name}' is not dated, so there is no previous period to compare with",
            f'declare its date column in report.toml: [datasets.{name}] date = "…"',
        )
        return
    dataset = before[name]
    rows = [row for row in dataset.rows if matches(row, spec.where)]
    if column:
        rows = [row for row in rows if row.values.get(column) not in (None, "")]
    if not rows and not (spec.count is not None and declared[name].since):
        yield note(
            f"{dataset.path} has no {'value' if column else 'row'} for {previous} to compare with",
            f"add the {previous} data to {dataset.path}, or remove 'compare'",
        )
        return
    earlier = next(
        (f for f in compute(spec, record, dict(before), set()) if isinstance(f, KeyFigure)), None
    )
    if earlier is None or not is_number(earlier.value) or not is_number(figure.value):
        return  # a cell that is not a number: reported for the period's own figure already
    if earlier.value == 0:
        yield note(
            f"{previous} had 0, so no change in per cent can be given",
            f"remove 'compare', or check the {previous} data in {dataset.path}",
        )
        return
    yield change_text(figure.value, earlier.value, previous, language)


def change_text(
    current: int | float, earlier: int | float, previous: Years, language: str = "en"
) -> str:
    """ "+32 % on 2017", "−8 % on 2017", "unchanged on 2017" (in another language, the words
    from the catalogue and the percentage as CLDR writes it: "与2017相比+32%"); a change below
    1 % keeps one decimal so that it does not read as none."""
    words = translations(language)
    if current == earlier:
        return words.gettext("unchanged on %(previous)s") % {"previous": previous}
    percent = (current - earlier) / abs(earlier) * 100
    sign = "+" if percent > 0 else MINUS
    size = abs(percent)
    if is_english(language) or locale_of(language) is None:
        number = f"{size:,.1f}" if size < 1 else f"{size:,.0f}"
        size_text = f"{number} %"
    else:
        pattern = "#,##0.0%" if size < 1 else "#,##0%"
        size_text = format_percent(size / 100, pattern, locale=locale_of(language))
    return words.gettext("%(change)s on %(previous)s") % {
        "change": sign + size_text,
        "previous": previous,
    }
