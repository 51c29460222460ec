"""Reference sections of the documentation, generated from the code so they cannot drift.

A generated section sits between `<!-- generated: NAME -->` and `<!-- end: NAME -->` in a file of
`docs/`. `python -m decade_report.reference` rewrites every section; a test fails when one is stale.
"""

from __future__ import annotations

import re
import sys
import tomllib
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from decade_report.theme.tokens import Tokens, default_theme_root


def css_name(token: str) -> str:
    return "--" + token.replace("_", "-")


def token_table() -> str:
    defaults = tomllib.loads((default_theme_root() / "templates" / "theme.toml").read_text("utf-8"))
    rows = ["| token | CSS variable | default | what it sets |", "|---|---|---|---|"]
    for name, info in Tokens.model_fields.items():
        default = defaults.get(name, info.default)
        shown = "(derived)" if default in ([], (), None) else f"`{default}`"
        variable = "`--chart-1` … `--chart-6`" if name == "chart_palette" else f"`{css_name(name)}`"
        if name.startswith("print_"):
            variable = "(print edition only)"
        elif name.startswith("lint_"):
            variable = "(preflight)"
        rows.append(f"| `{name}` | {variable} | {shown} | {info.description or ''} |")
    return "\n".join(rows)


def contrast_table() -> str:
    """The checked (text, background) pairs, with the default theme's colours and ratios."""
    from decade_report.theme.contrast import PAIRS, contrast_ratio, ratio_text, theme_colours

    defaults = tomllib.loads((default_theme_root() / "templates" / "theme.toml").read_text("utf-8"))
    colours = theme_colours(Tokens.model_validate(defaults))
    rows = [
        "| text colour | on background | must reach | used for | default theme |",
        "|---|---|---|---|---|",
    ]
    for pair in PAIRS:
        text, ground = colours[pair.text], colours[pair.background]
        rows.append(
            f"| `{css_name(pair.text)}` | `{css_name(pair.background)}` | {pair.minimum:g}:1 "
            f"| {pair.used_for} | `{text}` on `{ground}`: "
            f"{ratio_text(contrast_ratio(text, ground))} |"
        )
    return "\n".join(rows)


def check_table(kind: str) -> str:
    from decade_report.preflight.run import all_content_checks, all_pdf_checks

    if kind == "pdf":
        rows = ["| check | editions | what it looks for |", "|---|---|---|"]
        rows += [
            f"| `{c.name}` | {', '.join(c.editions)} | {c.summary} |" for c in all_pdf_checks()
        ]
    else:
        rows = ["| check | what it looks for |", "|---|---|"]
        rows += [f"| `{c.name}` | {c.summary} |" for c in all_content_checks()]
    return "\n".join(rows)


def type_text(annotation: Any) -> str:
    """A field's type as a reader of report.toml sees it."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return type_text(args[0])
    if origin is typing.Literal:
        return "one of " + ", ".join(f'`"{a}"`' if a else '`""`' for a in args)
    if origin in (types.UnionType, typing.Union):
        return " or ".join(type_text(a) for a in args if a is not type(None))
    if origin is tuple:
        return f"list of {type_text(args[0])}"
    if origin is dict:
        return "table" if args[1] is Any else "table of text"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "table"
    names = {str: "text", int: "whole number", float: "number", bool: "true or false"}
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))


def toml_text(value: Any) -> str:
    """A default value written as it would be in report.toml."""
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_text(v) for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value).lower() if isinstance(value, bool) else str(value)


def limits_text(info: FieldInfo) -> str:
    """The bounds pydantic enforces on a field (`≥ 1`, `≤ 64`, a pattern)."""
    words = []
    for item in info.metadata:
        for attribute, sign in (("ge", "≥"), ("gt", ">"), ("le", "≤"), ("lt", "<")):
            if getattr(item, attribute, None) is not None:
                words.append(f"{sign} {getattr(item, attribute):,}")
        if getattr(item, "min_length", None):
            words.append("not empty")
        if getattr(item, "pattern", None):
            words.append(f"matches `{item.pattern}`")
    return ", ".join(words)


def option_rows(model: type[BaseModel], prefix: str) -> list[str]:
    rows = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        args = typing.get_args(annotation)
        nested = annotation if isinstance(annotation, type) else args[0] if args else None
        if isinstance(nested, type) and issubclass(nested, BaseModel):
            continue  # a table of its own, listed after this one
        if info.is_required():
            default = "required"
        else:
            value = info.get_default(call_default_factory=True)
            default = "" if value in ("", (), {}, None) else f"`{toml_text(value)}`"
        kind = type_text(annotation)
        bounds = limits_text(info)
        about = " ".join((info.description or "").split()).replace("|", "\\|")
        rows.append(
            f"| `{prefix}{name}` | {kind}{f' ({bounds})' if bounds else ''} | {default} | {about} |"
        )
    return rows


def option_tables() -> str:
    """report.toml, table by table, from the schema in `model.config`."""
    from decade_report.model.config import ReportConfig

    head = ["| key | type | default | what it sets |", "|---|---|---|---|"]
    parts = ["### Top level", "", *head, *option_rows(ReportConfig, "")]
    for name, info in ReportConfig.model_fields.items():
        annotation = info.annotation
        args = typing.get_args(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            title, model = f"[{name}]", annotation
        elif typing.get_origin(annotation) is tuple and issubclass(args[0], BaseModel):
            title, model = f"[[{name}]] (one table per entry)", args[0]
        else:
            continue
        about = " ".join((info.description or "").split())
        parts += ["", f"### {title}", "", about, "", *head, *option_rows(model, "")]
    return "\n".join(parts)


SECTIONS: dict[str, dict[str, Callable[[], str]]] = {
    "docs/configuration.md": {"options": option_tables},
    "docs/theming.md": {"tokens": token_table, "contrast": contrast_table},
    "docs/preflight.md": {
        "pdf-checks": lambda: check_table("pdf"),
        "content-checks": lambda: check_table("content"),
    },
}


def refreshed(text: str, sections: dict[str, Callable[[], str]]) -> str:
    for name, generate in sections.items():
        pattern = re.compile(rf"(<!-- generated: {name} -->\n).*?(<!-- end: {name} -->)", re.DOTALL)
        if not pattern.search(text):
            raise ValueError(f"no '<!-- generated: {name} -->' section")
        body = generate()
        text = pattern.sub(lambda m, body=body: m[1] + body + "\n" + m[2], text)
    return text


def refresh(root: Path) -> list[str]:
    """Rewrite the generated sections under `root`; returns the files that changed."""
    changed = []
    for relative, sections in SECTIONS.items():
        path = root / relative
        text = path.read_text("utf-8")
        new = refreshed(text, sections)
        if new != text:
            path.write_text(new, "utf-8")
            changed.append(relative)
    return changed


if __name__ == "__main__":
    for name in refresh(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(f"updated {name}")
