"""The Jinja side of composition: the sandboxed environment, its filters, and template errors
located at `templates/…:line` of the project or the theme.

Templates run in Jinja2's immutable sandbox with autoescape and StrictUndefined: data and Markdown
are values, never template code. A project's template overrides are untrusted too: in
`ReportSandbox` (module `guard.sandbox`) they may call the methods of strings, numbers, dates and
containers, Jinja's own helpers and decade-report's, but nothing that reads or writes files.
"""

from __future__ import annotations

import base64
import re
import traceback
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
)
from jinja2.bccache import Bucket
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from decade_report.compose.endnotes import endnotes
from decade_report.compose.i18n import install_language
from decade_report.compose.languages import mark_languages
from decade_report.compose.markdown import plain_text
from decade_report.errors import ReportError
from decade_report.guard.sandbox import ReportSandbox
from decade_report.theme.contrast import mix
from decade_report.theme.tokens import Theme


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory for the life of the process, so that composing again
    (the preview after each save, the build's editions) does not compile every template again
    (most of a recomposition's time otherwise). Jinja checks each entry against a checksum of the
    template's source, so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()


def environment(
    theme: Theme, language: str = "en", project_po: str = "", first_language: str = ""
) -> ImmutableSandboxedEnvironment:
    """`language`: the catalogue of the labels and the forms of dates and numbers; `project_po`
    the text of the project's own catalogue of it, which translates the labels the project
    writes in `first_language`, the language of its sources (compose/i18n.py)."""
    env = ReportSandbox(
        extensions=["jinja2.ext.i18n"],
        loader=FileSystemLoader([str(d) for d in theme.template_dirs]),
        bytecode_cache=COMPILED,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["text"] = plain_text
    env.filters["mix"] = mix
    env.filters["svg_data_uri"] = svg_data_uri
    env.filters["headings_down"] = headings_down
    env.filters["endnotes"] = endnotes
    env.filters["languages"] = mark_languages
    install_language(env, language, project_po, first_language)
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
