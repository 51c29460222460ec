"""The chapter layouts: what a chapter adds after its Markdown body (key figures, the timeline,
member-state profiles, the annex's data tables …), and the numbered tables they and the chapters
place. `LAYOUTS` is the one registry of layouts: each names the dataset it needs (validation
reads it) and the function that gives its template its values (composition calls it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from decade_report.charts.period import chart_rows
from decade_report.charts.render import ChartImage
from decade_report.compose.i18n import project_label, translate
from decade_report.compose.languages import native_language
from decade_report.compose.locale_format import country_name, local_number
from decade_report.compose.numbering import Numbering
from decade_report.compose.templating import render_template
from decade_report.load.period import Years, began_in
from decade_report.model.report import Dataset, Report, is_number

YEAR_COLUMNS = ("year", "joined", "founded", "since", "approved")


def is_year_column(name: str) -> bool:
    """Years print as 2005, never "2,005": such columns are not formatted as quantities."""
    return name in YEAR_COLUMNS or name.endswith("_year")


def render_table(
    dataset: Dataset,
    title: str,
    label: str,
    numbering: Numbering,
    env: ImmutableSandboxedEnvironment,
    columns: tuple[str, ...] = (),
    source: str = "",
    empty: str = "No data.",
    labelled: tuple[str, ...] = (),
) -> str:
    """A dataset as a numbered table; `empty` is what it says when it has no rows (a report
    whose period has none). The text cells of the `labelled` columns are the project's labels
    (a chart's categories), printed in the edition's language."""
    number, table_id = numbering.next("table", label)
    columns = columns or dataset.columns
    # The source is what a reader can cite ("APSCO Secretariat"), never the data file's path.
    entry = {
        "id": table_id,
        "number": number,
        "title": title,
        "source": project_label(env, source),
    }
    continued = translate(env, "Table %(number)s (continued)", number=number)
    entry["continued"] = continued if numbering.paged else ""
    numbering.tables.append(entry)
    rows = [
        {
            "cells": [
                project_label(env, value)
                if c in labelled
                and isinstance(value := row.values.get(c), str)
                and c not in row.translated  # in the edition's language already
                else row.values.get(c)
                for c in columns
            ],
            "illustrative": row.illustrative,
            # A native name is in the state's own language (lang → /Lang in the tagged PDF).
            "langs": [
                native_language(
                    str(row.values.get("native_name") or ""),
                    str(row.values.get("native_lang") or ""),
                )
                if c == "native_name"
                else ""
                for c in columns
            ],
        }
        for row in dataset.rows
    ]
    numeric = [
        all(is_number(r["cells"][i]) or r["cells"][i] is None for r in rows)
        and not is_year_column(c)
        for i, c in enumerate(columns)
    ]
    return render_template(
        env,
        "partials/table.html",
        {
            "table": entry,
            "columns": [project_label(env, c.replace("_", " ").capitalize()) for c in columns],
            "numeric": numeric,
            "rows": rows,
            "illustrative": dataset.illustrative,
            "empty": empty,
        },
    )


def key_figures(
    report: Report,
    charts: dict[str, ChartImage],
    numbering: Numbering,
    label: str,
    env: ImmutableSandboxedEnvironment,
) -> dict[str, Any]:
    """The figures data/key_figures.yaml declares, in its order, and nothing else; their labels
    and sources in the edition's language (the project's catalogue)."""
    language = str(env.globals.get("language", "en"))
    return {
        "figures": [
            {
                "value": local_number(f.value, language) if is_number(f.value) else str(f.value),
                "label": project_label(env, f.label),
                "illustrative": f.illustrative,
                "source": project_label(env, f.source),
                "change": f.change,
            }
            for f in report.key_figures
        ]
    }


def timeline(report: Report, *_: Any) -> dict[str, Any]:
    years: dict[int, list[Any]] = defaultdict(list)
    for milestone in report.milestones:
        years[milestone.date.year].append(milestone)
    return {"years": sorted(years.items()), "span": span(list(years))}


def span(years: list[int]) -> str:
    """The years a list covers, as a heading prints them: "2005–2018", "2018"; "" for none."""
    if not years:
        return ""
    first, last = min(years), max(years)
    return str(first) if first == last else f"{first}–{last}"


def member_states(
    report: Report,
    charts: dict[str, ChartImage],
    numbering: Numbering,
    label: str,
    env: ImmutableSandboxedEnvironment,
) -> dict[str, Any]:
    """One profile per state, with only the sections the data fills: programmes and hosted
    events appear when the project has such data for the state."""
    main_status = next(iter(report.config.statuses), "")
    profiles = []
    joined = began_in(
        report.member_states, report.config.datasets.get("member_states"), report_years(report)
    )
    for state in joined:
        profiles.append(
            {
                "state": state,
                "status_label": project_label(env, report.status_label(state.status)),
                "main_status": not main_status or state.status == main_status,
                "programmes": [p for p in report.programmes if state.id in p.states],
                "events": [e for e in report.events if e.state == state.id],
                "lang": native_language(state.native_name, state.native_lang),
            }
        )
    # a report of a few years shows the states that joined in them ("joined_only")
    return {"profiles": profiles, "joined_only": len(joined) < len(report.member_states)}


def report_years(report: Report) -> Years:
    return Years.of(report.config.period)


def state_names(report: Report, env: ImmutableSandboxedEnvironment) -> dict[str, str]:
    """The member states' names in the edition's language (CLDR; the data's in English)."""
    language = str(env.globals.get("language", "en"))
    return {s.id: country_name(s.id, s.name, language) for s in report.member_states}


def programmes(
    report: Report,
    charts: dict[str, ChartImage],
    numbering: Numbering,
    label: str,
    env: ImmutableSandboxedEnvironment,
) -> dict[str, Any]:
    names = state_names(report, env)
    groups = []
    for network in report.networks:
        members = [
            {"programme": p, "states": [names[s] for s in p.states]}
            for p in report.programmes
            if p.network == network.id
        ]
        groups.append({"network": network, "programmes": members})
    return {"groups": groups}


def training(
    report: Report,
    charts: dict[str, ChartImage],
    numbering: Numbering,
    label: str,
    env: ImmutableSandboxedEnvironment,
) -> dict[str, Any]:
    by_year: dict[int, int] = defaultdict(int)
    for item in report.trainings:
        by_year[item.year] += item.participants
    return {
        "trainings": sorted(report.trainings, key=lambda t: (t.year, t.programme)),
        # a training names its programme by id ("masta"): the table prints the programme's
        # short name ("MASTA"), which the abbreviations explain; a name of no programme as written
        "programmes": {p.id: p.short or p.name for p in report.programmes},
        "by_year": sorted(by_year.items()),
        "span": span(list(by_year)),
        "source": project_label(env, report.config.sources.get("trainings", "")),
    }


def events(
    report: Report,
    charts: dict[str, ChartImage],
    numbering: Numbering,
    label: str,
    env: ImmutableSandboxedEnvironment,
) -> dict[str, Any]:
    names = state_names(report, env)
    return {
        "events": [{"event": e, "state": names.get(e.state or "", "")} for e in report.events],
        "source": project_label(env, report.config.sources.get("events", "")),
    }


def partners(report: Report, *_: Any) -> dict[str, Any]:
    """The partners whose partnership began in the report's years (all of them, in a report
    over the whole history); "new_only" when some older ones are left out."""
    new = began_in(report.partners, report.config.datasets.get("partners"), report_years(report))
    return {"partners": new, "new_only": len(new) < len(report.partners)}


def annex(
    report: Report,
    charts: dict[str, ChartImage],
    numbering: Numbering,
    label: str,
    env: ImmutableSandboxedEnvironment,
) -> dict[str, Any]:
    figures_by_chart = {f["chart"].id: f for f in numbering.figures}
    placed = [f["chart"].id for f in numbering.figures]
    in_figure_order = sorted(
        report.charts,
        key=lambda c: placed.index(c.id) if c.id in placed else len(placed),
    )  # stable: charts placed nowhere follow, in the order of charts.yaml
    tables = []
    for chart in in_figure_order:
        figure = figures_by_chart.get(chart.id)
        title = (
            translate(
                env,
                "Data for Figure %(number)s: %(title)s",
                number=figure["number"],
                title=project_label(env, chart.title),
            )
            if figure
            else translate(env, "Data: %(title)s", title=project_label(env, chart.title))
        )
        rows = chart_rows(chart, report)  # the series the figure draws, its context labelled
        if rows.context:
            title += translate(
                env,
                " (%(years)s for comparison with %(period)s)",
                years=rows.context_years,
                period=rows.period,
            )
        tables.append(
            Markup(
                render_table(
                    rows.dataset,
                    title,
                    label,
                    numbering,
                    env,
                    columns=(chart.x, *chart.y),
                    labelled=(chart.x,),
                    source=chart.source or report.config.sources.get(chart.dataset, ""),
                    empty=translate(env, "No data for %(period)s.", period=report.config.period),
                )
            )
        )
    abbreviations = report.datasets.get("abbreviations")
    terms = (
        [(r.values.get("term"), r.values.get("meaning")) for r in abbreviations.rows]
        if abbreviations
        else []
    )
    return {"data_tables": tables, "abbreviations": sorted(terms, key=lambda t: str(t[0]).lower())}


def nothing(*_: Any) -> dict[str, Any]:
    """A narrative chapter is its Markdown body alone."""
    return {}


Context = Callable[
    [Report, dict[str, ChartImage], Numbering, str, ImmutableSandboxedEnvironment], dict[str, Any]
]


@dataclass(frozen=True)
class Layout:
    """A value of a chapter's `layout:` front matter, everything about it in one place."""

    name: str
    needs: str | None
    """The dataset (data/NAME.yaml, .csv or .xlsx) its template draws from, if any: validation
    refuses a chapter of this layout in a project without it."""
    context: Context
    """The values its template gets as `item.extra`, from the report, the drawn charts and the
    numbering of figures and tables (`label` is the chapter's: "3", "A")."""

    @property
    def template(self) -> str | None:
        """The theme's template that draws what the layout adds (None: nothing is added)."""
        return None if self.context is nothing else f"layouts/{self.name}.html"


LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout("narrative", None, nothing),
        Layout("glance", "key_figures", key_figures),
        Layout("timeline", "milestones", timeline),
        Layout("member_states", "member_states", member_states),
        Layout("programmes", "programmes", programmes),
        Layout("training", "trainings", training),
        Layout("events", "events", events),
        Layout("partners", "partners", partners),
        Layout("annex", None, annex),
    )
}
"""The layouts a chapter may name (`layout:` in its front matter; "narrative" when it names
none): validation (validate.narrative, validate.cross_checks) and composition read this one
registry."""
