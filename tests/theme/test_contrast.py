"""Contrast of the theme (contrast.py): the WCAG 2.1 maths against known values, every checked pair
of the default theme passing with margin, a pale brand colour told and given readable variants,
and a colour written by hand that does not read a located error naming the colour that would."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import tinycss2

from decade_report.cli import main
from decade_report.errors import Severity, ValidationFailed
from decade_report.load.toml_file import TomlFile, toml_file
from decade_report.theme.contrast import (
    LARGE,
    PAIRS,
    TEXT,
    contrast_ratio,
    judge_theme,
    luminance,
    nearest_passing,
    ratio_text,
    theme_colours,
)
from decade_report.theme.tokens import Tokens, default_theme_root, load_theme


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): these
    tests are about one report's sources."""
    return english_project


ROOT = Path(__file__).resolve().parents[2]
Edit = Callable[[str, str, str], None]
THEME_TOML = (default_theme_root() / "templates" / "theme.toml").read_text("utf-8")


def default_tokens(**changes: object) -> Tokens:
    return Tokens.model_validate({**tomllib.loads(THEME_TOML), **changes})


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("#777777", "#ffffff", 4.48),  # the grey that just fails AA (WebAIM, WCAG examples)
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes on white
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#0000ff", "#ffffff", 8.59),
        ("#e0a526", "#ffffff", 2.19),  # the old accent text, as axe-core measured it
        ("#e0a526", "#0b4f8a", 3.83),
    ],
)
def test_contrast_ratio_matches_known_wcag_values(first: str, second: str, expected: float) -> None:
    assert round(contrast_ratio(first, second), 2) == expected
    assert contrast_ratio(second, first) == contrast_ratio(first, second)


def test_luminance_and_ratio_text() -> None:
    assert luminance("#000000") == 0 and luminance("#ffffff") == pytest.approx(1)
    assert ratio_text(4.4999) == "4.49:1"  # never rounded up past a threshold


def test_nearest_passing_keeps_a_passing_colour_and_finds_the_closest_shade() -> None:
    assert nearest_passing("#1d2733", ["#ffffff"], TEXT) == "#1d2733"
    shade = nearest_passing("#e0a526", ["#ffffff"], TEXT)
    assert shade and contrast_ratio(shade, "#ffffff") >= TEXT
    # one step lighter would fail: it is the nearest
    lighter = "#" + "".join(f"{min(int(shade[i : i + 2], 16) + 2, 255):02x}" for i in (1, 3, 5))
    assert contrast_ratio(lighter, "#ffffff") < TEXT + 0.1
    # on a mid grey nothing reaches 7:1 against both black and white
    assert nearest_passing("#777777", ["#000000", "#ffffff"], 7) is None


def test_the_default_theme_passes_every_pair_with_margin() -> None:
    colours = theme_colours(default_tokens())
    for pair in PAIRS:
        ratio = contrast_ratio(colours[pair.text], colours[pair.background])
        assert ratio >= pair.minimum * 1.05, (pair, ratio)
    # the gold stays the accent of rules and fills; text gets a darker shade of it
    assert colours["accent"] == "#e0a526"
    assert colours["accent_text"] != "#e0a526"
    assert contrast_ratio(colours["accent_text"], "#ffffff") >= TEXT
    defaults = toml_file(THEME_TOML, "templates/theme.toml")
    assert judge_theme(default_tokens(), {}, TomlFile("report.toml", {}), defaults) == []


def declarations(rules: list) -> Iterator:
    """Every declaration of a stylesheet, inside @media and @page rules too."""
    for rule in rules:
        if rule.type in ("qualified-rule", "at-rule") and rule.content:
            content = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True)
            yield from (node for node in content if node.type == "declaration")
            yield from declarations([n for n in content if n.type in ("qualified-rule", "at-rule")])


def test_the_stylesheets_put_only_checked_colours_on_text() -> None:
    """Every `color:` of report.css (both PDFs) and web.css is a text colour of a checked pair,
    so the PDFs and the web edition meet the same contrast rules."""
    checked = {pair.text.replace("_", "-") for pair in PAIRS}
    for relative in ("templates/report.css", "templates/web/web.css"):
        css = (ROOT / relative).read_text("utf-8")
        css = re.sub(r"\{\{.*?\}\}", "serif", css)  # Jinja expressions: never colours
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        used = set()
        for declaration in declarations(rules):
            if declaration.lower_name == "color":
                value = tinycss2.serialize(declaration.value).strip()
                found = re.fullmatch(r"var\(--([a-z-]+)\)", value)
                assert found or value in ("inherit", "currentColor"), (relative, value)
                used |= {found[1]} if found else set()
        assert used <= checked, (relative, used - checked)
        assert {"accent-text", "brand-text", "on-brand", "ink", "muted"} <= used


def test_a_pale_brand_colour_gets_readable_variants_and_is_told(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    edit("report.toml", 'brand = "#0b4f8a"', 'brand = "#f5e663"')
    line = next(
        n
        for n, text in enumerate((project / "report.toml").read_text("utf-8").splitlines(), 1)
        if text.startswith("brand =")
    )
    assert main(["check", str(project)]) == 0
    err = capsys.readouterr().err
    told = [text for text in err.splitlines() if text.startswith(f"report.toml:{line}:")]
    assert any("brand #f5e663 as text has a contrast of 1.14:1 on tint" in t for t in told), err
    assert any("accessible variant #" in t and "warning" in t for t in told)
    assert any("white text on brand #f5e663" in t for t in told)

    theme = load_theme(project, {"brand": "#f5e663"})
    colours = theme_colours(theme.tokens)
    for pair in PAIRS:
        assert contrast_ratio(colours[pair.text], colours[pair.background]) >= pair.minimum, pair
    assert colours["brand"] == "#f5e663"  # fills and rules keep the brand colour
    assert contrast_ratio(colours["brand_text"], "#ffffff") >= TEXT
    assert colours["on_brand"] == theme.tokens.ink  # dark text on the pale cover and bands
    assert f"--brand-text: {colours['brand_text']};" in theme.tokens.css_variables()
    assert all(contrast_ratio(c, "#ffffff") >= LARGE for c in theme.tokens.palette())


def test_a_text_colour_written_by_hand_that_does_not_read_is_a_located_error(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    edit("report.toml", 'brand = "#0b4f8a"', 'brand = "#f5e663"\nbrand_text = "#f5e663"')
    assert main(["check", str(project)]) == 1
    err = capsys.readouterr().err
    line = next(
        n
        for n, text in enumerate((project / "report.toml").read_text("utf-8").splitlines(), 1)
        if text.startswith("brand_text =")
    )
    errors = [t for t in err.splitlines() if ": error: " in t]
    assert errors and all(t.startswith(f"report.toml:{line}:1: error: theme: ") for t in errors)
    first = errors[0]
    assert "brand_text #f5e663 on paper #ffffff has a contrast of 1.28:1" in first
    assert "below the 4.5:1 WCAG 2.1 AA needs" in first
    nearest = re.search(r'set brand_text = "(#[0-9a-f]{6})"', first)
    assert nearest, first
    # the colour the error names does pass on every background brand text is used on
    edit("report.toml", 'brand_text = "#f5e663"', f'brand_text = "{nearest[1]}"')
    assert main(["check", str(project)]) == 0


def test_a_failing_pair_of_the_default_theme_is_located_in_theme_toml() -> None:
    theme_toml = THEME_TOML.replace('muted = "#5d6b7a"', 'muted = "#aab4be"')
    tokens = default_tokens(muted="#aab4be")
    judged = judge_theme(
        tokens, {}, TomlFile("report.toml", {}), toml_file(theme_toml, "templates/theme.toml")
    )
    problems = [p for p in judged if p.severity is Severity.ERROR]
    line = next(n for n, t in enumerate(theme_toml.splitlines(), 1) if t.startswith("muted ="))
    assert problems
    assert {(p.where.path, p.where.line) for p in problems} == {("templates/theme.toml", line)}
    assert "muted #aab4be on paper #ffffff" in problems[0].message
    assert "the nearest muted that passes is #" in problems[0].hint


def test_a_chart_palette_below_3_to_1_is_an_error(project: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        load_theme(project, {"chart_palette": ["#0b4f8a", "#f5e663"]})
    (problem,) = caught.value.problems
    assert "chart_2 #f5e663 on paper #ffffff" in problem.message
    assert "3:1" in problem.message and "chart series 2" in problem.message
