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
    as Persian digits and words; then its script's face (faces.toml `languages`: Noto Sans SC
    for Chinese), the same as the text's, so that a Chinese label is drawn, glyph by glyph, in
    the face the page sets it in. (Not every fallback face of the theme: matplotlib opens each
    family of the list for every text, and the charts would take several times as long.)"""
    tokens = theme.tokens
    own = families_for(theme, language).get("heading", ())
    script = theme.language_families.get(language) or theme.language_families.get(
        language.split("-")[0]
    )
    fallback = (*own, *([script] if script else []))
    return {
        "font.family": list(dict.fromkeys(font_names(theme, [tokens.font_heading, *fallback]))),
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
    import logging

    from matplotlib import font_manager

    # a family without bold (Noto Sans SC) behind the theme's: matplotlib logs, for every bold
    # tick label, that it draws that family's regular weight — expected, and not the user's
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    known = {Path(f.fname).name for f in font_manager.fontManager.ttflist}
    for path, _ in theme.faces:
        if path.name not in known and path.suffix in (".ttf", ".otf"):
            font_manager.fontManager.addfont(str(path))


def font_names(theme: Theme, families: list[str]) -> list[str]:
    """The families as matplotlib knows them: by the name inside their files, which may not be
    faces.toml's ("Noto Sans SC" is "Noto Sans CJK SC" in its file); a family not registered
    (`register_fonts`) keeps its name."""
    from matplotlib import font_manager

    inside = {Path(entry.fname).name: entry.name for entry in font_manager.fontManager.ttflist}
    files: dict[str, str] = {}
    # the regular face names the family: matplotlib calls Inter's light face "Inter Light"
    regular_first = sorted(theme.faces, key=lambda f: (f[1].weight != 400, f[1].style != "normal"))
    for path, face in regular_first:
        files.setdefault(face.family, inside.get(path.name, face.family))
    return [files.get(family, family) for family in families]
