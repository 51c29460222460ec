"""Key figures: declared by the project in data/key_figures.yaml, computed from its data, checked
against its text — and nothing the sample organisation happens to count."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from decade_report.charts.render import render_charts
from decade_report.compose.document import compose
from decade_report.errors import ValidationFailed
from decade_report.load.project import load_report
from decade_report.pipeline import composed
from decade_report.preflight.run import check_content
from decade_report.theme.tokens import load_theme
from decade_report.validate.report import validate

Edit = Callable[[str, str, str], None]
KEY = re.compile(
    r'class="key-value">([^<]*)(<span class="dagger">†</span>)?</p>\s*'
    r'<p class="key-label">([^<]*)</p>'
)


def glance(project: Path, cache: Path) -> list[tuple[str, bool, str]]:
    report = validate(load_report(project))
    theme = load_theme(report.root, report.config.theme)
    html = compose(report, render_charts(report, theme, cache), theme, "screen").html
    return [(value, bool(dagger), label) for value, dagger, label in KEY.findall(html)]


def test_the_sample_declares_its_own_figures(sample: Path, chart_cache: Path) -> None:
    """The sample's data/key_figures.yaml gives the eight figures the sample always printed."""
    assert glance(sample, chart_cache) == [
        ("10", False, "years of cooperation"),
        ("8", False, "full Member States"),
        ("11", False, "states in the APSCO family"),
        ("6", False, "cooperative networks"),
        ("11", True, "programmes and projects"),
        ("915", True, "participants in training"),
        ("23", False, "council meetings, symposia and forums"),
        ("10", False, "partner organisations"),
    ]


def test_only_the_declared_figures_print(project: Path, chart_cache: Path) -> None:
    (project / "data" / "key_figures.yaml").write_text(
        "- label: river gauges\n  value: 1234\n  source: Hydrology unit\n"
        "- label: observer states\n  count: member_states\n  where: {status: [observer]}\n"
        "- label: trainees in 2017\n  sum: trainings.participants\n  where: {year: 2017}\n",
        "utf-8",
    )
    figures = glance(project, chart_cache)
    assert [(v, label) for v, _, label in figures] == [
        ("1,234", "river gauges"),
        ("1", "observer states"),
        (figures[2][0], "trainees in 2017"),
    ]
    report = validate(load_report(project))
    in_2017 = sum(t.participants for t in report.trainings if t.year == 2017)
    assert figures[2][0] == f"{in_2017:,}" and in_2017 > 0


@pytest.mark.parametrize(
    ("entry", "line", "message", "hint"),
    [
        (
            "  count: member_state\n",
            2,
            "no dataset 'member_state'",
            "did you mean 'member_states'?",
        ),
        (
            "  sum: trainings.participant\n",
            2,
            "dataset 'trainings' has no column 'participant'",
            "did you mean 'participants'?",
        ),
        (
            "  count: member_states\n  where: {statut: full}\n",
            3,
            "dataset 'member_states' has no column 'statut'",
            "did you mean 'status'?",
        ),
        ("  value: 3\n  count: networks\n", 1, "give exactly one of value, count or sum", ""),
    ],
)
def test_a_figure_the_data_cannot_answer_is_located(
    project: Path, entry: str, line: int, message: str, hint: str
) -> None:
    (project / "data" / "key_figures.yaml").write_text(f"- label: things\n{entry}", "utf-8")
    with pytest.raises(ValidationFailed) as caught:
        validate(load_report(project))
    [problem] = caught.value.problems
    assert (problem.where.path, problem.where.line) == ("data/key_figures.yaml", line)
    assert message in problem.message
    assert hint in problem.hint


def test_the_number_check_reads_the_projects_own_figures(project: Path, edit: Edit) -> None:
    """A figure only this project has ("river gauges") is checked against the text."""
    (project / "data" / "key_figures.yaml").write_text(
        "- label: river gauges\n  value: 1234\n", "utf-8"
    )
    edit("chapters/08-outlook.md", "\n\n", "\n\nThe basin counts 1,200 river gauges today.\n\n")
    findings = [f for f in check_content(*composed(project)) if f.check == "numbers_match_the_data"]
    [finding] = findings
    assert finding.message == "the text says '1,200 river gauges' but the data has 1,234"
    assert finding.where is not None and finding.where.path == "chapters/08-outlook.md"
    assert "data/key_figures.yaml:1:3 declares 'river gauges' as 1,234" in finding.hint


def test_no_sample_vocabulary_in_code_or_templates() -> None:
    root = Path(__file__).resolve().parents[2]
    words = re.compile(
        r"years of cooperation|cooperative networks?|council meetings?|partner organisations",
        re.I,
    )
    files = [*root.joinpath("src").rglob("*.py"), *root.joinpath("templates").rglob("*.html")]
    assert [str(f) for f in files if words.search(f.read_text("utf-8"))] == []


def test_a_cell_a_sum_cannot_add_is_one_located_error(project: Path, edit: Edit) -> None:
    (project / "data" / "key_figures.yaml").write_text(
        "- label: gauges\n  sum: gauges.gauges\n- label: more gauges\n  sum: gauges.gauges\n",
        "utf-8",
    )
    (project / "data" / "gauges.csv").write_text("year,gauges\n2015,3\n2016,n/a\n", "utf-8")
    with pytest.raises(ValidationFailed) as caught:
        validate(load_report(project))
    [problem] = caught.value.problems  # once, though two figures add the column up
    assert (problem.where.path, problem.where.line) == ("data/gauges.csv", 3)
    assert problem.message == (
        "gauges.gauges = 'n/a' is not a number (key figure 'gauges' adds this column up)"
    )
