"""Charts: vector SVG, deterministic, themed from the tokens, alt text from the data."""

from __future__ import annotations

from pathlib import Path

from decade_report.load_project import load_report
from decade_report.render_charts import describe, render_charts
from decade_report.theme import load_theme
from decade_report.validate import validate


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
    sample: Path, tmp_path: Path
) -> None:
    first = draw_all(sample, tmp_path / "a")
    second = draw_all(sample, tmp_path / "b")
    assert len(first) >= 8
    assert first == second
    for svg in first.values():
        assert svg.startswith(b"<?xml") and b"<svg" in svg
        assert b"<image" not in svg  # no embedded bitmap
        assert b"<path" in svg


def test_brand_colour_reaches_the_charts(sample: Path, tmp_path: Path) -> None:
    default = draw_all(sample, tmp_path / "a")
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
