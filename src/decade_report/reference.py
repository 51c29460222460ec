"""Reference sections of the documentation, generated from the code so they cannot drift.

A generated section sits between `<!-- generated: NAME -->` and `<!-- end: NAME -->` in a file of
`docs/`. `python -m decade_report.reference` rewrites every section; a test fails when one is stale.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

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


SECTIONS: dict[str, dict[str, Callable[[], str]]] = {
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
