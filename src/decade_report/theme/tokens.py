"""The theme: design tokens, and where templates and assets are looked up.

Tokens come from the default `templates/theme.toml`, overridden by `[theme]` in report.toml; the
same tokens produce the CSS custom properties (`css_variables`) and the chart style
(`chart_palette`), so text and charts always match. Templates and assets are searched first in the
report project, then in the default theme, so a project overrides any file by relative path."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from decade_report.errors import Location, Problem, Severity, ValidationFailed, did_you_mean
from decade_report.load.toml_file import TomlFile, read_toml, toml_file
from decade_report.model.schema_errors import schema_problems
from decade_report.publish.build_folder import default_theme_root
from decade_report.theme.contrast import judge_theme, theme_colours
from decade_report.theme.files import FONT_HINT, ICC_HINT, font_fault, icc_fault, print_profile

Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]
FontName = Annotated[str, Field(pattern=r"^[A-Za-z0-9 ]+$")]
LintLevel = Literal["error", "warning", "info", "off"]


class Tokens(BaseModel):
    """Design tokens. Colours are #rrggbb, sizes in points, margins in millimetres."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    brand: Colour
    """Brand colour: headings, rules, cover, first chart series."""
    accent: Colour
    """Accent colour: rules and marks of highlights, second chart series."""
    brand_text: Colour | None = None
    """Brand colour for text on the page; unset: brand, or the nearest shade that reads."""
    accent_text: Colour | None = None
    """Accent colour for text (numbers, dates); unset: accent, or the nearest shade that reads."""
    on_brand: Colour | None = None
    """Text on brand backgrounds (cover, bands); unset: white, or ink when white does not read."""
    ink: Colour
    """Text colour."""
    muted: Colour
    """Secondary text: captions, running heads, axis labels."""
    rule: Colour
    """Hairlines, table rules, chart grid."""
    tint: Colour
    """Light background of callouts, cards and table headers."""
    paper: Colour
    """Page colour."""
    font_text: FontName
    """Body text family (must be a bundled font)."""
    font_heading: FontName
    """Headings, captions and labels family."""
    font_figures: FontName
    """Tables and key figures family (tabular numerals)."""
    size_text: float = Field(gt=5, lt=20)
    """Body text size (pt)."""
    size_small: float = Field(gt=4, lt=16)
    """Captions, notes and table text (pt)."""
    size_h1: float = Field(gt=10, lt=72)
    """Chapter titles (pt)."""
    size_h2: float = Field(gt=8, lt=40)
    """Section headings (pt)."""
    size_h3: float = Field(gt=6, lt=30)
    """Sub-section headings (pt)."""
    leading: float = Field(gt=1, lt=2.5)
    """Line height of body text (multiple of the size)."""
    margin_inner: float = Field(gt=5, lt=60)
    """Inner (binding) margin (mm)."""
    margin_outer: float = Field(gt=5, lt=60)
    """Outer margin (mm)."""
    margin_top: float = Field(gt=5, lt=60)
    """Top margin (mm)."""
    margin_bottom: float = Field(gt=5, lt=60)
    """Bottom margin (mm)."""
    chart_palette: tuple[Colour, ...] = ()
    """Chart series colours; empty means derived from brand and accent."""
    print_condition: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$")] = "FOGRA39"
    """Print edition: the characterised printing condition by its ICC registry name (FOGRA39,
    FOGRA51 …); its profile is assets/icc/NAME.icc (docs/printing.md)."""
    print_text_black: bool = True
    """Print edition: grey and near-black text prints in black ink only (100 % K or a K tint)."""
    print_small_text: float = Field(default=9, gt=4, lt=20)
    """Print edition: text under this size (pt) must print in one ink (preflight)."""

    # Layout lint (preflight_layout): what the proof-reading by eye counts as a fault, and how
    # much. Not CSS: these never reach the stylesheet.
    lint_min_lines: int = Field(default=2, ge=1, le=6)
    """Layout lint: fewest lines of a paragraph left alone at a page foot or head."""
    lint_stray_page: LintLevel = "error"
    """Layout lint: a page holding only a footnote, signature, caption, heading or ≤ 2 lines."""
    lint_thin_opener: LintLevel = "error"
    """Layout lint: a chapter opener that is a title and a sentence on an empty page."""
    lint_keep_with_next: LintLevel = "error"
    """Layout lint: a heading or table caption at a page foot, its content on the next page."""
    lint_split_table: LintLevel = "error"
    """Layout lint: a table running onto a page without a "(continued)" marker."""
    lint_running_head: LintLevel = "error"
    """Layout lint: a running head that repeats itself ("ANNEXES ANNEXES")."""
    lint_widow_orphan: LintLevel = "warning"
    """Layout lint: fewer than lint_min_lines of a paragraph at a page foot or head."""
    lint_far_from_mention: LintLevel = "warning"
    """Layout lint: a figure or table more than one page from its first mention in the text."""

    def css_variables(self) -> str:
        lines = []
        colours = theme_colours(self)
        for name, value in self.model_dump().items():
            if name == "chart_palette" or name in colours or name.startswith(("print_", "lint_")):
                continue
            css_name = "--" + name.replace("_", "-")
            if name.startswith("font_"):
                value = f'"{value}"'
            elif name.startswith("size_"):
                value = f"{value}pt"
            elif name.startswith("margin_"):
                value = f"{value}mm"
            lines.append(f"  {css_name}: {value};")
        # the colours, tokens and derived ones alike (contrast.theme_colours)
        lines += [f"  --{name.replace('_', '-')}: {value};" for name, value in colours.items()]
        return ":root {\n" + "\n".join(lines) + "\n}\n"

    def palette(self) -> tuple[str, ...]:
        """The chart series: chart_palette, or derived from brand and accent with the contrast
        chart marks need against the page."""
        colours = theme_colours(self)
        return tuple(
            colours[f"chart_{n}"] for n in range(1, len(colours)) if f"chart_{n}" in colours
        )

    def colour(self, name: str) -> str:
        """A named colour of the theme, token or derived (`brand_text`, `on_brand` …)."""
        return theme_colours(self)[name]


class FontFace(BaseModel):
    """One entry of assets/fonts/faces.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    file: Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]+\.(ttf|otf|woff2?)$")]
    """Font file in the same folder as faces.toml."""
    family: FontName
    """Family name the tokens and the CSS use."""
    weight: int = Field(default=400, ge=100, le=900)
    """CSS font weight of this file."""
    style: Literal["normal", "italic"] = "normal"
    """CSS font style of this file."""
    fallback: bool = False
    """Try this family for scripts the text and heading families do not cover."""
    languages: tuple[Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")], ...] = ()
    """BCP 47 languages whose text this family draws first (`lang="ja"` takes Japanese glyph
    forms from a Japanese face, not the Chinese forms of the first face that has the character)."""
    roles: tuple[Literal["text", "heading", "figures"], ...] = ()
    """Theme families (font_text …) this one goes before in a document in `languages`."""


SYSTEM_FONTS = Path("/usr/share/fonts")
"""Where Debian's font packages put their files: the only place outside the theme a face may be
read from, and only when faces.toml names the file and the package that installs it."""


class PackagedFace(BaseModel):
    """One `[[system_face]]` of faces.toml: a font file a system package installs (Debian's
    fonts-noto-core for Khmer, Lao, Myanmar …), too large to bundle. scripts/setup.sh installs
    the package; when the file is absent the face is left out, and text in its scripts is a
    located error naming the package (preflight `missing_glyphs`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    path: Annotated[str, Field(pattern=r"^/usr/share/fonts/[A-Za-z0-9._/-]+\.(ttf|otf)$")]
    """Absolute path of the file the package installs, under /usr/share/fonts/."""
    package: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.+-]+$")]
    """The Debian package that installs it (apt-get install PACKAGE)."""
    family: FontName
    """Family name the tokens and the CSS use."""
    weight: int = Field(default=400, ge=100, le=900)
    """CSS font weight of this file."""
    style: Literal["normal", "italic"] = "normal"
    """CSS font style of this file."""
    fallback: bool = True
    """Try this family for scripts the text and heading families do not cover."""
    scripts: tuple[Annotated[str, Field(pattern=r"^[A-Z][a-z]{3}$")], ...] = ()
    """Scripts it is there for, as ISO 15924 codes ("Khmr", "Laoo", "Mymr"), so that text in
    them names the package when it is not installed."""

    def as_face(self) -> FontFace:
        return FontFace(
            file=Path(self.path).name,
            family=self.family,
            weight=self.weight,
            style=self.style,
            fallback=self.fallback,
        )


@dataclass(frozen=True)
class Theme:
    tokens: Tokens
    template_dirs: tuple[Path, ...]
    asset_dirs: tuple[Path, ...]
    faces: tuple[tuple[Path, FontFace], ...] = ()
    """Every font face (file, description): the project's first, then the default theme's."""
    notes: tuple[Problem, ...] = ()
    """Warnings about the theme: the text colours derived from a project's colours (contrast)."""
    missing_faces: tuple[PackagedFace, ...] = ()
    """Packaged faces the faces.toml files declare whose package is not installed."""

    @property
    def fallback_families(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(face.family for _, face in self.faces if face.fallback))

    @property
    def language_families(self) -> dict[str, str]:
        """{language: its first family}, from faces' `languages` without `roles` (writing.py)"""
        faces = [face for _, face in self.faces if not face.roles]
        return {lang: face.family for face in faces for lang in face.languages}

    @property
    def system_font_dirs(self) -> tuple[Path, ...]:
        """Folders of the packaged faces in use, which the renderer may read."""
        return tuple(
            dict.fromkeys(
                path.parent for path, _ in self.faces if path.is_relative_to(SYSTEM_FONTS)
            )
        )

    @property
    def font_dir(self) -> Path:
        return self.asset_dirs[-1] / "fonts"

    def asset(self, relative: str) -> Path:
        for folder in self.asset_dirs:
            if (folder / relative).is_file():
                return folder / relative
        raise FileNotFoundError(relative)


def default_tokens_file() -> TomlFile:
    """The default theme's templates/theme.toml (part of decade-report, not of a project)."""
    path = default_theme_root() / "templates" / "theme.toml"
    return toml_file(path.read_text("utf-8"), "templates/theme.toml")


def load_theme(
    project: Path, overrides: dict[str, object], settings: TomlFile | None = None
) -> Theme:
    """The theme of a project: `overrides` is [theme] of its report.toml, `settings` the
    report.toml as loaded (`ReportConfig.file`), which says where each of its keys is."""
    root = default_theme_root()
    defaults = default_tokens_file()
    settings = settings or TomlFile("report.toml", {})
    try:
        tokens = Tokens.model_validate({**defaults.data, **overrides})
    except ValidationError as error:
        raise ValidationFailed(token_problems(error, settings)) from None
    template_dirs = tuple(d for d in (project / "templates", root / "templates") if d.is_dir())
    asset_dirs = tuple(d for d in (project / "assets", root / "assets") if d.is_dir())
    declared = [faces_of(folder, project) for folder in asset_dirs]
    faces = tuple(face for found, _ in declared for face in found)
    missing = tuple(face for _, absent in declared for face in absent)
    families = {face.family for _, face in faces}
    problems = [
        Problem(
            settings.at("theme", name) if name in overrides else Location("templates/theme.toml"),
            f"theme: font family '{getattr(tokens, name)}' ({name}) is not a bundled font",
            did_you_mean(getattr(tokens, name), sorted(families))
            or "add its files and an entry to assets/fonts/faces.toml",
        )
        for name in ("font_text", "font_heading", "font_figures")
        if getattr(tokens, name) not in families
    ]
    judged = judge_theme(tokens, overrides, settings, defaults)
    notes = tuple(p for p in judged if p.severity is not Severity.ERROR)
    problems += [p for p in judged if p.severity is Severity.ERROR]
    profile = project / "assets" / print_profile(tokens.print_condition)
    if profile.is_file() and (fault := icc_fault(profile)):
        problems.append(
            Problem(
                Location(f"assets/{print_profile(tokens.print_condition)}"),
                f"'{profile.name}' {fault}",
                ICC_HINT,
            )
        )
    if problems:
        raise ValidationFailed(problems)
    return Theme(tokens, template_dirs, asset_dirs, faces, notes, missing)


def token_problems(error: ValidationError, settings: TomlFile) -> list[Problem]:
    """The problems of `[theme]` in report.toml, located at their keys."""
    problems = schema_problems(error, Tokens, lambda keys: settings.at("theme", *keys))
    return [p.__class__(p.where, "theme: " + p.message, p.hint) for p in problems]


def check_tokens(overrides: dict[str, object], settings: TomlFile) -> list[Problem]:
    """`[theme]` of report.toml checked on its own, so that its problems are reported together
    with those of the other sections when report.toml has any."""
    try:
        Tokens.model_validate({**default_tokens_file().data, **overrides})
    except ValidationError as error:
        return token_problems(error, settings)
    return []


def load_faces(assets: Path, project: Path) -> list[tuple[Path, FontFace]]:
    """The font faces of an assets folder's fonts/faces.toml."""
    return faces_of(assets, project)[0]


def faces_of(assets: Path, project: Path) -> tuple[list[tuple[Path, FontFace]], list[PackagedFace]]:
    """The faces of an assets folder's fonts/faces.toml, and the packaged faces it declares
    whose package is not installed."""
    path = assets / "fonts" / "faces.toml"
    if not path.is_file():
        return [], []
    shown = str(path.relative_to(project)) if path.is_relative_to(project) else "faces.toml"
    file = read_toml(path, shown)
    entries = file.data.get("face", [])
    faces, problems = [], []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        try:
            face = FontFace.model_validate(entry)
        except ValidationError as error:
            problems += schema_problems(
                error, FontFace, lambda keys, i=index: file.at("face", i, *keys)
            )
            continue
        if not (path.parent / face.file).is_file():
            problems.append(
                Problem(
                    file.at("face", index, "file"),
                    f"font file '{face.file}' not found",
                    f"put it in {path.parent.name}/ next to faces.toml",
                )
            )
            continue
        fault = font_fault(path.parent / face.file) if path.is_relative_to(project) else None
        if fault:  # the default theme's own fonts are trusted (and tested)
            problems.append(
                Problem(
                    file.at("face", index, "file"),
                    f"font file '{face.file}' {fault}",
                    FONT_HINT,
                )
            )
            continue
        faces.append((path.parent / face.file, face))
    packaged, missing = packaged_faces(file, problems)
    faces += [(Path(entry.path), entry.as_face()) for entry in packaged]
    if problems:
        raise ValidationFailed(problems)
    return faces, missing


def packaged_faces(
    file: TomlFile, problems: list[Problem]
) -> tuple[list[PackagedFace], list[PackagedFace]]:
    """The `[[system_face]]` entries of a faces.toml: (installed, not installed)."""
    entries = file.data.get("system_face", [])
    installed, missing = [], []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        try:
            face = PackagedFace.model_validate(entry)
        except ValidationError as error:
            problems += schema_problems(
                error, PackagedFace, lambda keys, i=index: file.at("system_face", i, *keys)
            )
            continue
        (installed if Path(face.path).is_file() else missing).append(face)
    return installed, missing


def missing_packaged_faces(theme: Theme) -> list[PackagedFace]:
    """Packaged faces the theme's faces.toml files declare whose package is not installed."""
    return list(theme.missing_faces)


def font_coverage(path: Path) -> frozenset[int]:
    """Code points a font file's cmap covers; read once per file version (mtime, size)."""
    status = path.stat()
    return read_coverage(path, (status.st_mtime_ns, status.st_size))


@cache
def read_coverage(path: Path, stamp: tuple[int, int]) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def faces_coverage(paths: Iterable[Path]) -> frozenset[int]:
    """Code points at least one of the font files covers."""
    return frozenset().union(*(font_coverage(path) for path in paths))
