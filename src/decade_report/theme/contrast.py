"""Contrast of the theme's colours, by the rules of WCAG 2.1 (success criteria 1.4.3 and 1.4.11).

Every colour the stylesheets and the charts put as text on a background is a named colour of the
theme: a token (`ink`, `muted`, `brand_text` …) or one derived from the tokens here
(`brand_dark`, `on_brand_soft`, `chart_1` …). `PAIRS` is the registry of every (text, background)
pair the templates use, each with the ratio it must reach: 4.5:1 for text, 3:1 for large text
(18 pt, or 14 pt bold) and for chart marks against the page. `theme_colours` resolves the named
colours and `contrast_problems` judges every pair, so a theme cannot be unreadable by accident.

Colours a project sets itself are judged as they are; a failing pair is an error that names the
nearest colour that would pass. The text variants of `brand` and `accent` (and the text colour on
brand backgrounds) are derived when not set: the colour itself when it reads, else the nearest
colour that reads with a small margin (`MARGIN`), which keeps a pale brand colour for fills and
rules and a darker shade of it for text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from decade_report.errors import Location, Problem, Severity
from decade_report.load.toml_file import TomlFile


class ColourTokens(Protocol):
    """The colour tokens this module reads: `theme.tokens.Tokens` has them (and builds its CSS
    from `theme_colours`, so the schema depends on this module, not the other way round)."""

    brand: str
    accent: str
    ink: str
    muted: str
    rule: str
    tint: str
    paper: str
    brand_text: str | None
    accent_text: str | None
    on_brand: str | None
    chart_palette: tuple[str, ...]


TEXT = 4.5
"""WCAG 2.1 AA, 1.4.3: text and images of text."""
LARGE = 3.0
"""WCAG 2.1 AA, 1.4.3: large text (18 pt, or 14 pt bold); 1.4.11: graphical objects."""
MARGIN = 0.25
"""What a derived colour adds to the ratio it must reach: rounding and colour conversion for
print do not push it back under."""
WHITE = "#ffffff"
BLACK = "#000000"


def mix(colour: str, other: str, amount: float) -> str:
    """Blend two #rrggbb colours: amount 0 gives `colour`, 1 gives `other`."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b, strict=True))


def luminance(colour: str) -> float:
    """Relative luminance of an sRGB #rrggbb colour (WCAG 2.1 definition)."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter colour's luminance over the darker's: 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def nearest_passing(
    colour: str, backgrounds: Iterable[str], minimum: float, margin: float = 0.0
) -> str | None:
    """The colour closest to `colour` (blended towards black or towards white, the same hue at
    another lightness) that reaches `minimum` + `margin` against every background; `colour` itself
    when it already does, None when no shade can."""
    backgrounds = tuple(backgrounds)
    target = minimum + margin

    def passes(candidate: str) -> bool:
        return all(contrast_ratio(candidate, b) >= target for b in backgrounds)

    if passes(colour):
        return colour
    for step in range(1, 256):
        for end in (BLACK, WHITE):
            candidate = mix(colour, end, step / 255)
            if passes(candidate):
                return candidate
    return None


def readable(colour: str, backgrounds: Iterable[str], minimum: float = TEXT) -> str:
    """`colour` if it reads on the backgrounds, else the nearest shade that does with `MARGIN`;
    when no shade can (backgrounds too far apart), the colour itself, and the pairs report it."""
    backgrounds = tuple(backgrounds)
    if all(contrast_ratio(colour, b) >= minimum for b in backgrounds):
        return colour
    return nearest_passing(colour, backgrounds, minimum, MARGIN) or colour


@dataclass(frozen=True)
class Pair:
    """A colour the templates put on a background, and the contrast it must reach."""

    text: str
    background: str
    minimum: float
    used_for: str


PAIRS: tuple[Pair, ...] = (
    Pair("ink", "paper", TEXT, "body text, table cells, sub-section headings"),
    Pair("ink", "tint", TEXT, "text of callouts, programme cards and table headers"),
    Pair("muted", "paper", TEXT, "captions, running heads, folios, notes, chart labels"),
    Pair("muted", "tint", TEXT, "details on programme cards"),
    Pair("brand_text", "paper", TEXT, "headings, links, caption labels, key figures"),
    Pair("brand_text", "tint", TEXT, "table headers, callout titles, portrait initials"),
    Pair("brand_dark", "paper", TEXT, "lead paragraphs, chapter summaries, dates"),
    Pair("accent_text", "paper", TEXT, "chapter numbers, contents numbers, † marks, dates"),
    Pair("accent_text", "tint", TEXT, "list numbers in callouts"),
    Pair("on_brand", "brand", TEXT, "cover, chapter titles, member bands, back cover"),
    Pair("on_brand", "brand_shade", TEXT, "bands of members of another status"),
    Pair("on_brand_soft", "brand", TEXT, "cover subtitle, chapter kickers, native names"),
    Pair("on_brand_soft", "brand_shade", TEXT, "native names on bands of another status"),
    Pair("accent_on_brand", "brand", TEXT, "chapter labels, band status lines, cover period"),
    Pair("accent_on_brand", "brand_shade", TEXT, "status line on bands of another status"),
    *(Pair(f"chart_{n}", "paper", LARGE, f"chart series {n}: bars, lines") for n in range(1, 7)),
)  # fmt: skip
"""Every (text, background) pair of named colours the default templates use. A colour used as
text elsewhere (a template override) should be one of these text colours."""

CHECKED = ("brand_text", "accent_text", "on_brand")
"""Optional tokens: derived when unset, judged as written when set."""


def base_palette(tokens: ColourTokens) -> tuple[str, ...]:
    """The six chart series derived from brand and accent (before contrast is applied)."""
    # the teal before the darker accent: once the accent is darkened to 3:1 for the page, the
    # two golds side by side (wedges of a donut) would be hard to tell apart
    return (
        tokens.brand,
        tokens.accent,
        mix(tokens.brand, WHITE, 0.45),
        mix(tokens.brand, "#2a9d8f", 0.6),
        mix(tokens.accent, BLACK, 0.35),
        tokens.muted,
    )


def theme_colours(tokens: ColourTokens) -> dict[str, str]:
    """Every named colour: the colour tokens, then the colours derived from them."""
    try:
        hash(tokens)
    except TypeError:  # tokens not frozen (a test's namespace): worked out each time
        return dict(derived_colours.__wrapped__(tokens))
    return dict(derived_colours(tokens))


@functools.lru_cache(maxsize=16)
def derived_colours(tokens: ColourTokens) -> tuple[tuple[str, str], ...]:
    """`theme_colours` worked out once per set of tokens (the tokens are frozen): every chart
    asks for the palette, and the contrast search is slow."""
    colours = {
        name: getattr(tokens, name)
        for name in ("brand", "accent", "ink", "muted", "rule", "tint", "paper")
    }
    grounds = (tokens.paper, tokens.tint)
    brand_text = tokens.brand_text or readable(tokens.brand, grounds)
    on_brand = tokens.on_brand or (
        WHITE
        if contrast_ratio(WHITE, tokens.brand) >= TEXT
        else readable(tokens.ink, [tokens.brand])
    )
    # the second band colour moves away from the text on it: darker under white, lighter under ink
    away = BLACK if luminance(on_brand) > luminance(tokens.brand) else WHITE
    shade = mix(tokens.brand, away, 0.35)
    bands = (tokens.brand, shade)
    palette = tokens.chart_palette or tuple(
        readable(colour, [tokens.paper], LARGE) for colour in base_palette(tokens)
    )
    colours |= {
        "brand_text": brand_text,
        "accent_text": tokens.accent_text or readable(tokens.accent, grounds),
        "brand_dark": readable(
            mix(brand_text, BLACK if luminance(tokens.paper) > 0.5 else WHITE, 0.35), [tokens.paper]
        ),
        "brand_light": mix(tokens.brand, WHITE, 0.82),
        "brand_shade": shade,
        "on_brand": on_brand,
        "on_brand_soft": readable(mix(on_brand, tokens.brand, 0.12), bands),
        "on_brand_faint": mix(on_brand, tokens.brand, 0.4),
        "accent_on_brand": readable(tokens.accent, bands),
    }
    colours |= {f"chart_{n}": colour for n, colour in enumerate(palette, 1)}
    return tuple(colours.items())


@dataclass(frozen=True)
class Failure:
    """A pair below its minimum: the ratio, and the nearest text colour that would pass."""

    pair: Pair
    text: str
    background: str
    ratio: float
    nearest: str | None


def failures(colours: Mapping[str, str]) -> Iterator[Failure]:
    for pair in PAIRS + chart_pairs(colours):
        if pair.text not in colours:  # a palette shorter than six series
            continue
        text, background = colours[pair.text], colours[pair.background]
        ratio = contrast_ratio(text, background)
        if ratio < pair.minimum:
            # the nearest colour that passes on every background this text colour is used on
            grounds = [colours[p.background] for p in PAIRS if p.text == pair.text]
            nearest = nearest_passing(text, grounds, pair.minimum)
            yield Failure(pair, text, background, ratio, nearest)


def ratio_text(ratio: float) -> str:
    """A ratio as people quote it, never rounded up past a threshold (4.499 is not "4.50")."""
    return f"{int(ratio * 100) / 100:.2f}:1"


SOURCES: dict[str, tuple[str, ...]] = {
    "brand_text": ("brand_text", "brand"),
    "accent_text": ("accent_text", "accent"),
    "brand_dark": ("brand_text", "brand", "paper"),
    "brand_shade": ("brand", "on_brand"),
    "on_brand": ("on_brand", "brand", "ink"),
    "on_brand_soft": ("on_brand", "brand"),
    "accent_on_brand": ("accent", "brand"),
    **{f"chart_{n}": ("chart_palette", "brand", "accent", "muted") for n in range(1, 7)},
}
"""The tokens a named colour comes from, the one to change first."""


def sources(name: str) -> tuple[str, ...]:
    return SOURCES.get(name, (name,))


def chart_pairs(colours: Mapping[str, str]) -> tuple[Pair, ...]:
    """Pairs of the series after the sixth (a project's palette may have more)."""
    extra = sorted(int(k[6:]) for k in colours if k.startswith("chart_") and int(k[6:]) > 6)
    return tuple(Pair(f"chart_{n}", "paper", LARGE, f"chart series {n}") for n in extra)


def judge_theme(
    tokens: ColourTokens,
    overrides: Mapping[str, object],
    project_toml: TomlFile,
    theme_toml: TomlFile,
) -> list[Problem]:
    """Errors for every pair below its minimum, warnings for the text variants derived from a
    project's colours. Each is located at the token to change: the project's `[theme]` key when
    it sets one of the colour's sources, else the default theme's `templates/theme.toml`."""
    colours = theme_colours(tokens)

    def where(*names: str) -> tuple[Location, str]:
        candidates = [token for name in names for token in sources(name)]
        for token in candidates:
            if token in overrides:
                return project_toml.at("theme", token), token
        for token in candidates:
            found = theme_toml.at(token)
            if found.line:
                return found, token
        return Location("templates/theme.toml"), candidates[0]

    problems = []
    for failure in failures(colours):
        pair = failure.pair
        location, token = where(pair.text, pair.background)
        nearest = (
            f"the nearest {pair.text} that passes is {failure.nearest}"
            if failure.nearest
            else f"no shade of {pair.text} passes on {pair.background}"
        )
        setting = (
            f'set {token} = "{failure.nearest}" under [theme]'
            if failure.nearest and token == pair.text
            else f"change {token} under [theme]"
        )
        problems.append(
            Problem(
                location,
                f"theme: {pair.text} {failure.text} on {pair.background} {failure.background} "
                f"has a contrast of {ratio_text(failure.ratio)}, below the "
                f"{pair.minimum:g}:1 WCAG 2.1 AA needs ({pair.used_for})",
                f"{nearest}: {setting} (docs/theming.md lists the checked pairs)",
            )
        )
    problems += derived_notes(tokens, overrides, colours, project_toml)
    return problems


def derived_notes(
    tokens: ColourTokens,
    overrides: Mapping[str, object],
    colours: Mapping[str, str],
    project_toml: TomlFile,
) -> Iterator[Problem]:
    """A warning for each text colour derived from a colour the project chose that did not read
    as it is: the project sees which shade its text gets, and how to choose another."""
    variants = (
        ("brand_text", "brand", "text in the brand colour (headings, links, captions)"),
        ("accent_text", "accent", "text in the accent colour (numbers, dates, † marks)"),
        ("accent_on_brand", "accent", "accent text on brand backgrounds (cover, bands)"),
    )
    for name, base, use in variants:
        if base in overrides and name not in overrides and colours[name] != getattr(tokens, base):
            ratio, ground = worst(getattr(tokens, base), name, colours)
            yield Problem(
                project_toml.at("theme", base),
                f"theme: {base} {getattr(tokens, base)} as text has a contrast of "
                f"{ratio_text(ratio)} on {ground}; {use} uses the accessible variant "
                f"{colours[name]}",
                f'set {name} = "#rrggbb" under [theme] to choose another shade',
                Severity.WARNING,
            )
    if "brand" in overrides and "on_brand" not in overrides and colours["on_brand"] != WHITE:
        yield Problem(
            project_toml.at("theme", "brand"),
            f"theme: white text on brand {tokens.brand} has a contrast of "
            f"{ratio_text(contrast_ratio(WHITE, tokens.brand))}; text on brand backgrounds "
            f"(cover, bands, footer) uses {colours['on_brand']}",
            'set on_brand = "#rrggbb" under [theme] to choose another colour',
            Severity.WARNING,
        )
    # the series drawn in the project's own brand and accent colours (the others are mixes)
    for number, base in ((1, "brand"), (2, "accent")):
        series = colours[f"chart_{number}"]
        if not tokens.chart_palette and base in overrides and series != getattr(tokens, base):
            yield Problem(
                project_toml.at("theme", base),
                f"theme: {base} {getattr(tokens, base)} has a contrast of "
                f"{ratio_text(contrast_ratio(getattr(tokens, base), tokens.paper))} against the "
                f"page; chart series {number} is drawn in {series} to reach 3:1",
                "set chart_palette under [theme] to choose the series colours",
                Severity.WARNING,
            )


def worst(colour: str, name: str, colours: Mapping[str, str]) -> tuple[float, str]:
    """The lowest ratio of `colour` on the backgrounds the variant `name` is checked against, and
    that background's name."""
    grounds = [p.background for p in PAIRS if p.text == name]
    return min((contrast_ratio(colour, colours[ground]), ground) for ground in grounds)
