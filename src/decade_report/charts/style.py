"""The look every chart shares: its size on the page, matplotlib's settings from the design
tokens, and the theme's fonts made known to matplotlib (text is drawn as paths in them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from decade_report.compose.writing import families_for
from decade_report.theme.tokens import Theme

WIDTH_IN = 6.7
HEIGHT_IN = 2.9


def style(theme: Theme, language: str = "en") -> dict[str, Any]:
    """`language`: its own heading families (faces.toml `roles`) draw what the theme's lack, such
    as Persian digits."""
    tokens = theme.tokens
    own = families_for(theme, language).get("heading", ())
    return {
        "font.family": [tokens.font_heading, *own],
        "font.size": 7.5,
        "text.color": tokens.ink,
        "axes.labelcolor": tokens.muted,
        "axes.edgecolor": tokens.rule,
        "axes.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "grid.color": tokens.rule,
        "grid.linewidth": 0.4,
        "axes.axisbelow": True,
        "xtick.color": tokens.muted,
        "ytick.color": tokens.muted,
        "xtick.major.size": 0,
        "ytick.major.size": 0,
        "legend.frameon": False,
        "legend.fontsize": 7,
        "svg.fonttype": "path",
        "svg.hashsalt": "decade-report",
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "path.simplify": False,
        # data prints as written: "$5 and $10" is a label, not TeX mathematics
        "text.parse_math": False,
    }


def register_fonts(theme: Theme) -> None:
    from matplotlib import font_manager

    known = {Path(f.fname).name for f in font_manager.fontManager.ttflist}
    for path, _ in theme.faces:
        if path.name not in known and path.suffix in (".ttf", ".otf"):
            font_manager.fontManager.addfont(str(path))
