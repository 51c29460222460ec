"""The words of a chart in the language of its edition: what is drawn inside the image (series
names in the legend, categories on the axis, the donut's label) and its alternative text.

The project's words — charts.yaml's `labels` and `title`, the categories of a chart's data —
are written in the first language and translated like the captions are, through the project's
catalogue (`locales/<lang>.po`, compose/i18n.py `project_label`); a word it lacks is drawn as
written and reported with the other untranslated labels of the edition (`ChartImage.untranslated`
joins the composition's). A category the data gives in the language itself (a `network_zh`
column, docs/languages.md) is not looked up. The sentences of the generated alt text ("Line
chart: …, rising from 2 to 13") are the tool's, translated by its catalogue (locales/).

Everything here runs in the build process, before drawing: the child process that draws
(charts/draw.py) is given the chart and rows already in the edition's language, and the cache
key is computed from them, so a changed translation redraws the chart.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field, replace
from typing import Any

from babel.lists import format_list

from decade_report.compose.i18n import N_, NUMBER_LABEL, language_catalogue
from decade_report.compose.locale_format import (
    is_english,
    local_digits,
    local_number,
    locale_of,
)
from decade_report.model.report import ChartSpec, Dataset, Report, is_number

KIND_NAMES = {
    "bar": N_("Bar chart"),
    "hbar": N_("Horizontal bar chart"),
    "line": N_("Line chart"),
    "stacked": N_("Stacked bar chart"),
    "donut": N_("Donut chart"),
}


def default_label(field_name: str) -> str:
    """A series without a label in charts.yaml is named after its column: "member_states" →
    "Member states"."""
    return field_name.replace("_", " ").capitalize()


@dataclass
class ChartWords:
    """The catalogues of one edition's language, and the project's words they lacked."""

    language: str
    sources_language: str
    catalogue: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)
    missing: set[str] = field(default_factory=set)

    @property
    def translated(self) -> bool:
        return self.language != self.sources_language

    def label(self, text: str) -> str:
        """A word of the project, in the edition's language (or as written, remembered)."""
        if not text or not self.translated:
            return text
        found = self.catalogue.gettext(text)
        if found == text and any(c.isalpha() for c in text):
            self.missing.add(text)
        return found

    def tool(self, message: str, **values: object) -> str:
        """A sentence of the tool (a msgid of locales/), its numbers in the language's digits."""
        text = self.catalogue.gettext(message)
        shown = {
            name: local_digits(value, self.language) if NUMBER_LABEL.match(str(value)) else value
            for name, value in values.items()
        }
        return text % shown if shown else text

    def number(self, value: Any) -> str:
        return local_number(value, self.language)

    def listed(self, items: list[str]) -> str:
        """ "a 1, b 2, c 3" — as the language lists ("a 1、b 2和c 3")."""
        locale = locale_of(self.language)
        if is_english(self.language) or locale is None or len(items) < 2:
            return ", ".join(items)
        return format_list(items, locale=locale)


def chart_words(report: Report) -> ChartWords:
    """The words of `report`'s charts: its language's catalogues, the project's first."""
    language = report.config.language
    catalogue = language_catalogue(language, report.texts)
    return ChartWords(language, report.config.sources_language, catalogue)


def in_language(chart: ChartSpec, dataset: Dataset, words: ChartWords) -> tuple[ChartSpec, Dataset]:
    """`chart` with its title and every series label in the edition's language, and the rows
    with their categories (the text values of `chart.x`) in it."""
    if not words.translated:
        return chart, dataset
    labels = {name: words.label(chart.labels.get(name) or default_label(name)) for name in chart.y}
    rows = tuple(
        row
        if not isinstance(value := row.values.get(chart.x), str) or chart.x in row.translated
        else replace(row, values={**row.values, chart.x: words.label(value)})
        for row in dataset.rows
    )
    translated = chart.model_copy(update={"labels": labels, "title": words.label(chart.title)})
    return translated, replace(dataset, rows=rows)


def describe(chart: ChartSpec, dataset: Dataset, words: ChartWords | None = None) -> str:
    """Alt text generated from the data: kind, subject, range, first and last values, in the
    language of `words` (English without)."""
    words = words or ChartWords("en", "en")
    kind = words.tool(KIND_NAMES[chart.kind])
    raw = dataset.column(chart.x)
    xs = [local_digits(x, words.language) for x in raw]
    # a range only of numbers (years): "Data Sharing–Education and Training" says nothing
    if xs and chart.kind != "donut" and all(is_number(x) for x in raw):
        parts = [
            words.tool(
                "%(kind)s: %(title)s, %(first)s–%(last)s.",
                kind=kind,
                title=chart.title,
                first=xs[0],
                last=xs[-1],
            )
        ]
    else:
        parts = [words.tool("%(kind)s: %(title)s.", kind=kind, title=chart.title)]
    for name in chart.y:
        series = chart.labels.get(name) or default_label(name)
        values = dataset.column(name)
        pairs = words.listed([f"{x} {words.number(v)}" for x, v in zip(xs, values, strict=True)])
        if chart.kind == "donut":
            total = words.number(sum(values))
            parts.append(
                words.tool(
                    "%(series)s total %(total)s: %(shares)s.",
                    series=series,
                    total=total,
                    shares=pairs,
                )
            )
        elif chart.kind == "hbar":
            parts.append(words.tool("%(series)s: %(pairs)s.", series=series, pairs=pairs))
        else:
            trend = (
                N_("%(series)s rising from %(first)s to %(last)s, peak %(peak)s.")
                if values[-1] > values[0]
                else N_("%(series)s falling from %(first)s to %(last)s, peak %(peak)s.")
                if values[-1] < values[0]
                else N_("%(series)s steady from %(first)s to %(last)s, peak %(peak)s.")
            )
            parts.append(
                words.tool(
                    trend,
                    series=series,
                    first=words.number(values[0]),
                    last=words.number(values[-1]),
                    peak=words.number(max(values)),
                )
            )
    if dataset.illustrative:
        parts.append(words.tool("Illustrative figures."))
    return " ".join(parts)
