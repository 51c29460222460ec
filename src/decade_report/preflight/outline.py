"""Content checks of the outline of the document: empty sections, links to ids or files that do not
exist, and figures without a caption or alt text. Ids and chart placements are read from what
composition produced (`Composition`), never worked out again here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

from decade_report.charts.words import describe
from decade_report.compose.markdown import PARSER, strip_footnote_block
from decade_report.compose.numbering import Composition
from decade_report.errors import Location, Severity, did_you_mean
from decade_report.model.report import ChartSpec, Report
from decade_report.preflight.registry import Finding, content_check, found
from decade_report.preflight.sources import bodies, links
from decade_report.theme.tokens import Theme

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@content_check
def empty_sections(report: Report, theme: Theme, composition: Composition) -> Iterator[Finding]:
    """Headings with nothing under them: followed directly by a heading of the same or a higher
    level, or by the end of the file, with no text, chart or table in between."""
    for passage in bodies(report):
        tokens = [t for t in strip_footnote_block(PARSER.parse(passage.text, {})) if t.type != "hr"]
        for index, token in enumerate(tokens):
            if token.type != "heading_open" or token.map is None:
                continue
            after = tokens[index + 3] if index + 3 < len(tokens) else None
            if after is not None and not (
                after.type == "heading_open" and int(after.tag[1]) <= int(token.tag[1])
            ):
                continue
            line = passage.text.splitlines()[token.map[0]]
            title = tokens[index + 1].content
            yield found(
                "empty_sections",
                WARNING,
                f"section '{title}' is empty"
                + ("" if after else ": nothing follows it to the end of the file"),
                "write its text, or remove the heading",
                where=Location(
                    passage.path, passage.line + token.map[0], len(line) - len(line.lstrip()) + 1
                ),
            )


SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")


@content_check
def cross_references(report: Report, theme: Theme, composition: Composition) -> Iterator[Finding]:
    """Links to `#anchors` that no heading, figure, table or section has, and links or images
    pointing at files that do not exist inside the project.

    The ids are those of the composed document (`Composition.anchors`): whatever the Markdown,
    the numbering and the templates (the project's overrides too) gave an id."""
    known = composition.anchors
    root = report.root.resolve()
    for passage in bodies(report):
        folder = (root / passage.path).parent
        for target, where in links(passage):
            if SCHEME.match(target):
                continue
            if target.startswith("#"):
                if unquote(target[1:]) not in known:
                    yield found(
                        "cross_references",
                        ERROR,
                        f"link to '{target}': nothing in the report has this id",
                        did_you_mean(unquote(target[1:]), known)
                        or "link to a heading id such as #chapter-1-…",
                        where=where,
                    )
                continue
            relative = unquote(re.split(r"[#?]", target, maxsplit=1)[0])
            if not relative:
                continue
            candidates = [(root / relative.lstrip("/")).resolve()]
            if not relative.startswith("/"):
                candidates.insert(0, (folder / relative).resolve())
            if not any(p.is_relative_to(root) and p.exists() for p in candidates):
                yield found(
                    "cross_references",
                    ERROR,
                    f"link to '{target}': no such file in the project",
                    "give a path relative to the project, to a file inside it",
                    where=where,
                )


@content_check
def figure_captions(report: Report, theme: Theme, composition: Composition) -> Iterator[Finding]:
    """Charts placed in the text without a caption, and charts without alt text where none can
    be generated from their data."""
    placed = composition.placements
    for chart in report.charts:
        where = chart.at("id")
        if chart.id in placed and not chart.caption:
            yield found(
                "figure_captions",
                WARNING,
                f"chart '{chart.id}' is placed in the text without a caption",
                "add caption: … to the chart in charts.yaml (it is printed under the figure)",
                where=where,
            )
        if not chart.alt and not generated_alt(chart, report):
            yield found(
                "figure_captions",
                WARNING,
                f"chart '{chart.id}' has no alt text and none can be generated from its data",
                "add alt: … saying what the chart shows, for readers who cannot see it",
                where=where,
            )


def generated_alt(chart: ChartSpec, report: Report) -> str:
    dataset = report.datasets.get(chart.dataset)
    try:
        return describe(chart, dataset).strip() if dataset else ""
    except (IndexError, KeyError, TypeError, ValueError, ZeroDivisionError):
        return ""
