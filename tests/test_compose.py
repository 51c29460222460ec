"""Composition: tokens reach the CSS, data is escaped, figures are numbered per chapter."""

from __future__ import annotations

import re
from pathlib import Path

from decade_report.compose import compose
from decade_report.load_project import load_report
from decade_report.render_charts import render_charts
from decade_report.theme import load_theme
from decade_report.validate import validate


def composed_html(project: Path, cache: Path, overrides: dict[str, object] | None = None) -> str:
    report = validate(load_report(project))
    theme = load_theme(report.root, {**report.config.theme, **(overrides or {})})
    return compose(report, render_charts(report, theme, cache), theme, "screen").html


def test_brand_colour_reaches_the_css(sample: Path, tmp_path: Path) -> None:
    html = composed_html(sample, tmp_path, {"brand": "#aa1133"})
    assert "--brand: #aa1133;" in html
    assert "--chart-1: #aa1133;" in html
    assert "#aa1133" not in composed_html(sample, tmp_path / "default")


def test_template_syntax_in_data_is_printed_literally(project: Path, edit, tmp_path: Path) -> None:
    edit(
        "data/partners.yaml",
        "- name: United Nations Office for Outer Space Affairs",
        '- name: "{{ 7*7 }} <script>x</script>"',
    )
    html = composed_html(project, tmp_path)
    assert "{{ 7*7 }} &lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>" not in html


def test_figures_are_numbered_per_chapter(sample: Path, tmp_path: Path) -> None:
    html = composed_html(sample, tmp_path)
    numbers = re.findall(r'<figure class="chart" id="figure-(\d+)-(\d+)"', html)
    assert numbers
    by_chapter: dict[str, list[int]] = {}
    for chapter, index in numbers:
        by_chapter.setdefault(chapter, []).append(int(index))
    for indexes in by_chapter.values():
        assert indexes == list(range(1, len(indexes) + 1))
