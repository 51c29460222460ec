"""Stage 4: merge the validated report and its charts into one HTML document per edition.

Templates run in Jinja2's immutable sandbox with autoescape and StrictUndefined: data and Markdown
are values, never template code. A project's template overrides are untrusted too: in
`ReportSandbox` (module `sandbox`) they may call the methods of strings, numbers, dates and
containers, Jinja's own helpers and decade-report's, but nothing that reads or writes files (a
path's `read_text`, pydantic's `parse_file`), and their loops, macros and strings are bounded.
The logic (numbering, grouping, key figures) lives here; the templates only place what they are
given.

An edition may have its own templates in a folder named after it (`web/document.html`,
`web/chapter.html`, `web/partials/figure.html`); any template it lacks is the shared one, so the
layout templates of the chapters serve every edition.
"""

from __future__ import annotations

import base64
import re
import traceback
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from decade_report import __version__
from decade_report.charts.period import chart_rows
from decade_report.charts.render import ChartImage, fmt
from decade_report.compose.languages import mark_languages, native_language
from decade_report.compose.markdown import endnotes, plain_text, render_markdown
from decade_report.errors import ReportError
from decade_report.guard.sandbox import ReportSandbox
from decade_report.load.period import Years, began_in
from decade_report.model.report import Chapter, Dataset, Report, is_number
from decade_report.theme.contrast import mix
from decade_report.theme.tokens import Theme


@dataclass
class Numbering:
    """Figures and tables numbered per chapter ("Figure 3.2"), collected for the lists."""

    figures: list[dict[str, Any]] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    paged: bool = True
    """PDF editions: a table carried onto a page says "Table N (continued)" (a running string);
    the web edition has no pages and no such attribute."""

    def next(self, kind: str, chapter: str) -> tuple[str, str]:
        self.counts[(kind, chapter)] += 1
        number = f"{chapter}.{self.counts[(kind, chapter)]}"
        return number, f"{kind}-{number.replace('.', '-')}"


@dataclass(frozen=True)
class Composed:
    html: str
    figures: tuple[dict[str, Any], ...]
    tables: tuple[dict[str, Any], ...]


def environment(theme: Theme) -> ImmutableSandboxedEnvironment:
    env = ReportSandbox(
        loader=FileSystemLoader([str(d) for d in theme.template_dirs]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["text"] = plain_text
    env.filters["number"] = fmt
    env.filters["mix"] = mix
    env.filters["svg_data_uri"] = svg_data_uri
    env.filters["headings_down"] = headings_down
    env.filters["endnotes"] = endnotes
    env.filters["languages"] = mark_languages
    return env


HEADING_TAG = re.compile(r"<(/?)h([1-5])(?=[\s>])")


def headings_down(html: str) -> Markup:
    """Every heading of a rendered fragment one level down (h2 → h3), for an edition that puts
    the chapters under a report title. Only tags move: data and Markdown reach the fragment
    escaped, so "<h" in it is always a tag."""
    return Markup(HEADING_TAG.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", str(html)))


def edition_templates(edition: str, name: str) -> list[str]:
    """The edition's own template first (`web/chapter.html`), then the shared one."""
    return [f"{edition}/{name}", name]


def svg_data_uri(svg: str) -> str:
    """Decorative vector art as a CSS background: an artifact, not a figure needing alt text."""
    return "data:image/svg+xml;base64," + base64.b64encode(str(svg).encode()).decode()


def font_faces(theme: Theme) -> str:
    rules = [
        f'@font-face {{ font-family: "{face.family}"; src: url("{path.as_uri()}"); '
        f"font-weight: {face.weight}; font-style: {face.style}; }}"
        for path, face in theme.faces
    ]
    return "\n".join(rules + language_rules(theme)) + "\n"


def language_rules(theme: Theme) -> list[str]:
    """Text in a language with a family of its own (`languages` in faces.toml) takes that family
    first, then the usual fallbacks: Han characters in Japanese forms for `lang="ja"`."""
    fallbacks = ", ".join(f'"{family}"' for family in theme.fallback_families)
    return [
        f':lang({language}) {{ font-family: "{family}", {fallbacks}; }}'
        for language, family in theme.language_families.items()
    ]


def rights_line(report: Report) -> str:
    """The rights line as the project writes it; "© year organisation" when it says nothing, and
    the year added only when the project's own line has no © of its own."""
    rights = report.config.contact.rights.strip()
    if not rights:
        return f"© {report.config.period.end} {report.config.organisation}"
    return rights if "©" in rights else f"© {report.config.period.end} {rights}"


def compose(
    report: Report,
    charts: dict[str, ChartImage],
    theme: Theme,
    edition: str,
    extra: Mapping[str, Any] | None = None,
) -> Composed:
    """`extra` adds values that only an edition's own templates use (the web edition: the inline
    SVG of each chart, the relative paths of the images it copies)."""
    env = environment(theme)
    extra = dict(extra or {})
    numbering = Numbering(paged=edition != "web")
    chapters = [
        compose_chapter(report, chapter, charts, numbering, env, edition, extra)
        for chapter in report.chapters
    ]
    message = render_markdown(report.message.body, "message", lambda kind, ident: "")
    context = {
        "report": report,
        "config": report.config,
        "edition": edition,
        "version": __version__,
        "message": report.message,
        "message_html": message.html,
        "chapters": chapters,
        "figures": numbering.figures,
        "tables": numbering.tables,
        "logo": project_file(report, report.config.logo),
        "portrait": project_file(report, report.message.portrait),
        "tokens": theme.tokens,
        "css_tokens": Markup(theme.tokens.css_variables()),
        "css_fonts": Markup(font_faces(theme)),
        "script_families": Markup(", ".join(f'"{f}"' for f in theme.fallback_families)),
        "illustrative_note": (
            "Figures marked † are illustrative: they are not sourced counts "
            "and are shown to demonstrate the report."
            if any(dataset.illustrative for dataset in report.datasets.values())
            else ""
        ),
        "rights": rights_line(report),
        "typefaces": " and ".join(
            dict.fromkeys(
                (theme.tokens.font_text, theme.tokens.font_heading, theme.tokens.font_figures)
            )
        ),
        **extra,
    }
    for item in chapters:
        item["html"] = Markup(
            render_template(
                env, edition_templates(edition, "chapter.html"), {**context, "item": item}
            )
        )
        item["sections"] = section_headings(item["html"])
    html = render_template(env, edition_templates(edition, "document.html"), context)
    return Composed(html, tuple(numbering.figures), tuple(numbering.tables))


def project_file(report: Report, relative: str) -> str:
    """file: URI of a validated project file (logo, portrait), or "" when none is set."""
    return (report.root / relative).resolve().as_uri() if relative else ""


def render_template(
    env: ImmutableSandboxedEnvironment, name: str | list[str], context: dict[str, Any]
) -> str:
    """Render `name`, or the first template of the list that exists."""
    try:
        return env.get_or_select_template(name).render(context)
    except ReportError:
        raise
    except TemplateError as error:
        where, line = template_place(env, error, name if isinstance(name, str) else name[-1])
        message = (
            f"'{error.name}' is not a template of the project or the theme"
            if isinstance(error, TemplateNotFound)
            else str(error)
        )
        raise ReportError.at(where, f"template error: {message}", line=line) from None
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as error:
        # `{{ 1/0 }}`, `{{ 'x' | mix(…) }}`, `{{ [][1] }}`: the template asked for it
        where, line = template_place(env, error, name if isinstance(name, str) else name[-1])
        what = "recursion too deep" if isinstance(error, RecursionError) else str(error)[:300]
        raise ReportError.at(
            where,
            f"template error: {type(error).__name__}: {what}",
            "correct the expression on this line of the template",
            line=line,
        ) from None


def template_place(
    env: ImmutableSandboxedEnvironment, error: Exception, name: str
) -> tuple[str, int]:
    """`templates/…` and line of a template error: a syntax error knows them; for an error while
    rendering (the sandbox refusing something), Jinja has mapped the frames of the traceback to
    template files and lines, and the innermost one is where it happened."""
    folders = [Path(f) for f in getattr(env.loader, "searchpath", [])]
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", 0) or 0
    if not filename:
        for frame, number in traceback.walk_tb(error.__traceback__):
            code = Path(frame.f_code.co_filename)
            if any(code.is_relative_to(folder) for folder in folders):
                filename, line = str(code), number
    path = Path(filename or name)
    folder = next((f for f in folders if path.is_relative_to(f)), None)
    return (f"templates/{path.relative_to(folder).as_posix()}" if folder else name), line


class SectionHeadings(HTMLParser):
    """Collects the headings with an id one level below the chapter title (`<h1
    class="chapter-title">` in print, so `<h2 id=…>`), in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.level = "h2"
        self.current: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if "chapter-title" in (values.get("class") or "").split() and tag in HEADINGS[:-1]:
            self.level = HEADINGS[HEADINGS.index(tag) + 1]
        elif tag == self.level and values.get("id"):
            self.current, self.text = values["id"], []

    def handle_data(self, data: str) -> None:
        if self.current:
            self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self.level and self.current:
            self.found.append((self.current, " ".join("".join(self.text).split())))
            self.current = None


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def section_headings(html: str) -> list[tuple[str, str]]:
    """Every section heading of a chapter, from its Markdown and from its layout template, so
    the contents lists what the reader sees (headings without an id stay out, e.g. state names)."""
    parser = SectionHeadings()
    parser.feed(html)
    return parser.found


def compose_chapter(
    report: Report,
    chapter: Chapter,
    charts: dict[str, ChartImage],
    numbering: Numbering,
    env: ImmutableSandboxedEnvironment,
    edition: str,
    extra: Mapping[str, Any],
) -> dict[str, Any]:
    label = "A" if chapter.layout == "annex" else str(chapter.number)
    anchor = f"chapter-{chapter.number}"

    def embed(kind: str, ident: str) -> str:
        if kind == "chart":
            chart = next(c for c in report.charts if c.id == ident)
            number, figure_id = numbering.next("figure", label)
            entry = {
                "id": figure_id,
                "number": number,
                "title": chart.title,
                "chart": chart,
                "image": charts[ident],
                "chapter": chapter.title,
                "source": chart.source or report.config.sources.get(chart.dataset, ""),
            }
            numbering.figures.append(entry)
            return render_template(
                env, edition_templates(edition, "partials/figure.html"), {**extra, "figure": entry}
            )
        return render_table(
            report.datasets[ident],
            ident.replace("_", " ").capitalize(),
            label,
            numbering,
            env,
            source=report.config.sources.get(ident, ""),
            empty=f"No data for {report.config.period}.",
        )

    body = render_markdown(chapter.body, anchor, embed, heading_shift=0)
    extra = LAYOUTS.get(chapter.layout, lambda *a: {})(report, charts, numbering, label, env)
    return {
        "chapter": chapter,
        "id": anchor,
        "first": chapter == report.chapters[0],
        "label": label,
        "body": body.html,
        "layout": chapter.layout,
        "extra": extra,
    }


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
) -> str:
    """A dataset as a numbered table; `empty` is what it says when it has no rows (a report
    whose period has none)."""
    number, table_id = numbering.next("table", label)
    columns = columns or dataset.columns
    # The source is what a reader can cite ("APSCO Secretariat"), never the data file's path.
    entry = {"id": table_id, "number": number, "title": title, "source": source}
    entry["continued"] = f"Table {number} (continued)" if numbering.paged else ""
    numbering.tables.append(entry)
    rows = [
        {
            "cells": [row.values.get(c) for c in columns],
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
            "columns": [c.replace("_", " ").capitalize() for c in columns],
            "numeric": numeric,
            "rows": rows,
            "illustrative": dataset.illustrative,
            "empty": empty,
        },
    )


# --- layouts: what a chapter adds after its Markdown body -----------------------------------


def key_figures(report: Report, *_: Any) -> dict[str, Any]:
    """The figures data/key_figures.yaml declares, in its order, and nothing else."""
    return {
        "figures": [
            {
                "value": fmt(f.value) if is_number(f.value) else str(f.value),
                "label": f.label,
                "illustrative": f.illustrative,
                "source": f.source,
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


def member_states(report: Report, *_: Any) -> dict[str, Any]:
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
                "status_label": report.status_label(state.status),
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


def programmes(report: Report, *_: Any) -> dict[str, Any]:
    names = {s.id: s.name for s in report.member_states}
    groups = []
    for network in report.networks:
        members = [
            {"programme": p, "states": [names[s] for s in p.states]}
            for p in report.programmes
            if p.network == network.id
        ]
        groups.append({"network": network, "programmes": members})
    return {"groups": groups}


def training(report: Report, *_: Any) -> dict[str, Any]:
    by_year: dict[int, int] = defaultdict(int)
    for item in report.trainings:
        by_year[item.year] += item.participants
    return {
        "trainings": sorted(report.trainings, key=lambda t: (t.year, t.programme)),
        "by_year": sorted(by_year.items()),
        "span": span(list(by_year)),
        "source": report.config.sources.get("trainings", ""),
    }


def events(report: Report, *_: Any) -> dict[str, Any]:
    names = {s.id: s.name for s in report.member_states}
    return {
        "events": [{"event": e, "state": names.get(e.state or "", "")} for e in report.events],
        "source": report.config.sources.get("events", ""),
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
            f"Data for Figure {figure['number']}: {chart.title}"
            if figure
            else f"Data: {chart.title}"
        )
        rows = chart_rows(chart, report)  # the series the figure draws, its context labelled
        if rows.context:
            title += f" ({rows.context_years} for comparison with {rows.period})"
        tables.append(
            Markup(
                render_table(
                    rows.dataset,
                    title,
                    label,
                    numbering,
                    env,
                    columns=(chart.x, *chart.y),
                    source=chart.source or report.config.sources.get(chart.dataset, ""),
                    empty=f"No data for {report.config.period}.",
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


LAYOUTS = {
    "glance": key_figures,
    "timeline": timeline,
    "member_states": member_states,
    "programmes": programmes,
    "training": training,
    "events": events,
    "partners": partners,
    "annex": annex,
}
