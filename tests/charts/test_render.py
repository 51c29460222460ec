"""Charts: vector SVG, deterministic, themed from the tokens, alt text from the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from decade_report.charts.render import render_charts
from decade_report.charts.words import describe
from decade_report.cli import main
from decade_report.load.project import load_report
from decade_report.theme.tokens import load_theme
from decade_report.validate.report import validate


def draw_all(
    project: Path, cache: Path, overrides: dict[str, object] | None = None
) -> dict[str, bytes]:
    report = validate(load_report(project))
    theme = load_theme(report.root, {**report.config.theme, **(overrides or {})})
    return {
        ident: image.path.read_bytes()
        for ident, image in render_charts(report, theme, cache).items()
    }


def test_charts_are_vector_svg_and_byte_identical_when_redrawn(
    sample: Path, tmp_path: Path, chart_cache: Path
) -> None:
    first = draw_all(sample, tmp_path / "a")
    second = draw_all(sample, chart_cache)  # drawn once for the run, in another process
    assert len(first) >= 8
    assert first == second
    for svg in first.values():
        assert svg.startswith(b"<?xml") and b"<svg" in svg
        assert b"<image" not in svg  # no embedded bitmap
        assert b"<path" in svg


def test_brand_colour_reaches_the_charts(sample: Path, tmp_path: Path, chart_cache: Path) -> None:
    default = draw_all(sample, chart_cache)
    recoloured = draw_all(sample, tmp_path / "b", {"brand": "#aa1133"})
    assert any(b"#aa1133" in svg for svg in recoloured.values())
    assert not any(b"#aa1133" in svg for svg in default.values())


def test_alt_text_is_generated_from_the_data(sample: Path) -> None:
    report = validate(load_report(sample))
    chart = next(c for c in report.charts if c.kind == "bar")
    dataset = report.datasets[chart.dataset]
    text = describe(chart, dataset)
    first, last = dataset.rows[0].values[chart.y[0]], dataset.rows[-1].values[chart.y[0]]
    assert text.startswith("Bar chart: ")
    assert f"from {first:,}" in text and f"to {last:,}" in text
    assert ("Illustrative figures." in text) == dataset.illustrative


def test_dollar_signs_in_chart_labels_print_as_written(project: Path, edit, tmp_path: Path) -> None:
    """ "$5 and $10" is text: drawn in the theme's font, glyph for glyph, never as TeX maths
    (which matplotlib would set in its own italic DejaVu font, dropping the dollar signs)."""
    from fontTools.ttLib import TTFont
    from matplotlib.ft2font import FT2Font

    edit("charts.yaml", 'labels: {milestones: "Milestones"}', 'labels: {milestones: "$5 and $10"}')
    edit("charts.yaml", "y: [milestones]", "y: [milestones, milestones]")  # a legend shows labels
    report = validate(load_report(project))
    theme = load_theme(report.root, report.config.theme)
    svg = render_charts(report, theme, tmp_path)["milestones-per-year"].path.read_text("utf-8")
    [font_path] = [p for p, face in theme.faces if face.family == theme.tokens.font_heading
                   and face.weight == 400 and face.style == "normal"]  # fmt: skip
    prefix = FT2Font(str(font_path)).postscript_name
    with TTFont(font_path) as font:
        cmap = font.getBestCmap()
        wanted = {f"{prefix}-{font.getGlyphID(cmap[ord(c)]):x}" for c in "$5 and 10" if c != " "}
    drawn = set(re.findall(r'<path id="([^"]+)"', svg))
    assert wanted <= drawn
    assert not [glyph for glyph in drawn if glyph.startswith("DejaVu")]


@pytest.mark.slow  # loads and validates a 100,000-row dataset
def test_a_100000_bar_chart_is_refused_at_its_entry(
    project: Path, edit, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "".join(f"c{i},{i % 97}\n" for i in range(100_000))
    (project / "data" / "many.csv").write_text("name,count\n" + rows, "utf-8")
    with (project / "charts.yaml").open("a", encoding="utf-8") as charts:
        charts.write("\n- id: many\n  kind: bar\n  dataset: many\n  x: name\n  y: [count]\n"
                     '  title: "Many bars"\n')  # fmt: skip
    edit("chapters/08-outlook.md", "\n\n", "\n\n[[chart: many]]\n\n")
    line = (project / "charts.yaml").read_text("utf-8").splitlines().index("  dataset: many") + 1
    assert main(["check", str(project)]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert errors[0] == (
        f"charts.yaml:{line}:3: error: chart 'many': a bar chart draws at most 100 bars, and"
        " dataset 'many' has 100,000 rows — chart a summary of the data (totals per year or per"
        " group), or show it as a table"
    )


def test_drawing_leaves_the_process_wide_matplotlib_state_as_it_was(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The theme's fonts are added to matplotlib's font manager, and its backend chosen, in the
    child process that draws: the build process (here, the test) keeps its own."""
    import matplotlib
    from matplotlib import font_manager

    report = validate(load_report(sample))
    theme = load_theme(report.root, report.config.theme)
    faces = {path.name for path, _ in theme.faces}
    manager = font_manager.fontManager
    # as if this process had never met the theme's fonts (another test may have drawn here)
    unknown = [f for f in manager.ttflist if Path(f.fname).name not in faces]
    monkeypatch.setattr(manager, "ttflist", unknown)
    added: list[str] = []
    monkeypatch.setattr(manager, "addfont", added.append)
    settings = dict(matplotlib.rcParams)
    images = render_charts(report, theme, tmp_path)
    assert len(images) >= 8
    assert all(image.path.read_bytes().startswith(b"<?xml") for image in images.values())
    assert added == []
    assert manager.ttflist == unknown
    assert dict(matplotlib.rcParams) == settings
