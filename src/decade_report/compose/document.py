"""Stage 4: merge the validated report and its charts into one HTML document per edition.

Templates run sandboxed (`compose.templating`); the logic (numbering, grouping, key figures, the
layouts of `compose.layouts`) lives here, and the templates only place what they are given.
`compose` returns a `Composition`: the HTML and what it holds (numbered figures and tables, every
id, where each chart is placed), which the content checks read before anything is laid out.

An edition may have its own templates in a folder named after it (`web/document.html`,
`web/chapter.html`, `web/partials/figure.html`); any template it lacks is the shared one, so the
layout templates of the chapters serve every edition.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from decade_report import __version__
from decade_report.charts.render import ChartImage
from decade_report.compose.fallback import fallback_language, fallback_note, in_language
from decade_report.compose.i18n import (
    project_catalogue,
    project_label,
    translate,
    untranslated,
)
from decade_report.compose.layouts import LAYOUTS, render_table
from decade_report.compose.locale_format import local_list
from decade_report.compose.markdown import render_markdown
from decade_report.compose.numbering import Composition, Numbering, numbered
from decade_report.compose.sections import element_ids, section_headings
from decade_report.compose.templating import edition_templates, environment, render_template
from decade_report.compose.writing import (
    FRONT_MATTER_LETTERS,
    font_variables,
    page_numerals,
    text_direction,
)
from decade_report.editions.edition import Edition
from decade_report.model.report import Chapter, Report
from decade_report.theme.tokens import Theme


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
    edition: Edition,
    extra: Mapping[str, Any] | None = None,
) -> Composition:
    """`extra` adds values that only an edition's own templates use (the web edition: the inline
    SVG of each chart, the relative paths of the images it copies)."""
    env = report_environment(report, theme)
    extra = dict(extra or {})
    numbering = Numbering(paged=edition != Edition.WEB)
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
        # the message printed in the sources' language, marked (compose/fallback.py)
        "message_lang": fallback_language(report.config, report.message.path),
        "message_note": (
            fallback_note(env, report.config, "message")
            if fallback_language(report.config, report.message.path)
            else ""
        ),
        "chapters": chapters,
        "figures": numbering.figures,
        "tables": numbering.tables,
        "logo": project_file(report, report.config.logo),
        "portrait": project_file(report, report.message.portrait),
        "tokens": theme.tokens,
        "css_tokens": Markup(theme.tokens.css_variables()),
        "css_fonts": Markup(font_faces(theme)),
        "css_language_fonts": Markup(font_variables(theme, report.config.language)),
        "page_numerals": page_numerals(report.config.language),
        "front_matter_letters": FRONT_MATTER_LETTERS,
        "script_families": Markup(", ".join(f'"{f}"' for f in theme.fallback_families)),
        "illustrative_note": (
            translate(
                env,
                "Figures marked † are illustrative: they are not sourced counts "
                "and are shown to demonstrate the report.",
            )
            if any(dataset.illustrative for dataset in report.datasets.values())
            else ""
        ),
        "rights": rights_line(report),
        "typefaces": local_list(
            list(
                dict.fromkeys(
                    (theme.tokens.font_text, theme.tokens.font_heading, theme.tokens.font_figures)
                )
            ),
            report.config.language,
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
    figures = numbered("figure", numbering.figures)
    for figure in figures:  # the words drawn in a placed chart's image (charts/words.py)
        untranslated(env).update(charts[figure.chart].untranslated)
    return Composition(
        html,
        edition,
        figures,
        numbered("table", numbering.tables),
        element_ids(html),
        {figure.chart: figure.id for figure in figures},
        tuple(sorted(untranslated(env))),
    )


def report_environment(report: Report, theme: Theme) -> ImmutableSandboxedEnvironment:
    """The template environment in the report's language, with the project's catalogue of it."""
    language = report.config.language
    project_po = report.texts.get(project_catalogue(language), "")
    return environment(theme, language, project_po, report.config.sources_language)


def project_file(report: Report, relative: str) -> str:
    """file: URI of a validated project file (logo, portrait), or "" when none is set."""
    return (report.root / relative).resolve().as_uri() if relative else ""


def compose_chapter(
    report: Report,
    chapter: Chapter,
    charts: dict[str, ChartImage],
    numbering: Numbering,
    env: ImmutableSandboxedEnvironment,
    edition: Edition,
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
                "title": project_label(env, chart.title),
                "caption": project_label(env, chart.caption),
                "chart": chart,
                "image": charts[ident],
                "chapter": chapter.title,
                "source": project_label(
                    env, chart.source or report.config.sources.get(chart.dataset, "")
                ),
            }
            numbering.figures.append(entry)
            return render_template(
                env, edition_templates(edition, "partials/figure.html"), {**extra, "figure": entry}
            )
        return render_table(
            report.datasets[ident],
            project_label(env, ident.replace("_", " ").capitalize()),
            label,
            numbering,
            env,
            source=report.config.sources.get(ident, ""),
            empty=translate(env, "No data for %(period)s.", period=report.config.period),
        )

    fallback = fallback_language(report.config, chapter.path)
    placed = (
        in_language(embed, report.config.language, report.config.direction) if fallback else embed
    )
    body = render_markdown(chapter.body, anchor, placed, heading_shift=0)
    extra = LAYOUTS[chapter.layout].context(report, charts, numbering, label, env)
    return {
        "chapter": chapter,
        "id": anchor,
        "first": chapter == report.chapters[0],
        "label": label,
        "body": body.html,
        "layout": chapter.layout,
        "extra": extra,
        "dir": text_direction(chapter.title, report.config.direction),
        "lang": fallback,
        "note": fallback_note(env, report.config, "chapter") if fallback else "",
    }
