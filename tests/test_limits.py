"""Bounded work: a template override, a chart or a whole build asking for too much stops with a
located error, quickly, instead of hanging or exhausting memory (issue 11, items 4 and 5)."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest

from broken_projects import (
    Edit,
    with_limits,
)
from decade_report.charts.render import planned_charts
from decade_report.cli import main
from decade_report.compose.document import compose
from decade_report.errors import Location, ReportError
from decade_report.load.project import load_report
from decade_report.log import Log
from decade_report.pipeline import build
from decade_report.theme.tokens import load_theme
from decade_report.validate.report import validate
from projects import share_charts

OVERRIDE = "templates/back_cover.html"


@pytest.fixture
def project(english_project: Path, chart_cache: Path) -> Path:
    """The sample in English only (conftest.english_project), the session's charts beside it."""
    (english_project / ".charts").symlink_to(chart_cache)
    return english_project


def composed(project: Path, template: str) -> str:
    """Compose the screen edition with `template` (one line) as the back cover override."""
    path = project / OVERRIDE
    path.parent.mkdir(exist_ok=True)
    path.write_text('<section class="back-cover" id="back-cover">\n' + template + "\n</section>\n")
    report = validate(load_report(project))
    theme = load_theme(report.root, report.config.theme)
    # planned, not drawn: composition reads only the charts' paths and alt texts
    charts = planned_charts(report, theme, project / ".charts")
    return compose(report, charts, theme, "screen").html


def template_failure(project: Path, template: str) -> tuple[str, float]:
    """The message of the one located error composing `template` gives, and the time it took."""
    started = time.monotonic()
    with pytest.raises(ReportError) as caught:
        composed(project, template)
    elapsed = time.monotonic() - started
    [problem] = caught.value.problems
    assert problem.where == Location(OVERRIDE, 2), str(problem)
    assert problem.message.startswith("template error: "), str(problem)
    return problem.message.removeprefix("template error: "), elapsed


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ range(100001)|length }}", "range() of 100,001 numbers, over 100,000"),
        (
            "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
            "the loops of the templates ran more than 2,000,000 times",
        ),
        (
            "{% set l = range(1000)|list %}{% for a in l %}{% for b in l %}{% for c in l %}"
            "{% endfor %}{% endfor %}{% endfor %}",
            "the loops of the templates ran more than 2,000,000 times",
        ),
        (
            "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
            "macros call each other (or themselves) more than 100 deep",
        ),
        (
            "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
            "{{ f(40) }}",
            "macros were called more than 100,000 times",
        ),
        (
            "{{ 'x'.center(2**40) }}",
            "a size argument would be 1,099,511,627,776 characters or items long, over 20,000,000",
        ),
        (
            "{{ ('a' * 100000).replace('a', 'a' * 10000) }}",
            "replace() would be 1,000,000,000 characters or items long, over 20,000,000",
        ),
        (
            "{{ 'a' * 100001 }}",
            "a repetition longer than 100,000 is refused",
        ),
        (
            "{{ 'x'|center(2**40) }}",
            "a size argument would be 1,099,511,627,776 characters or items long, over 20,000,000",
        ),
        (
            "{{ ('a' * 100000)|replace('a', 'a' * 10000) }}",
            "replace() would be 1,000,000,000 characters or items long, over 20,000,000",
        ),
        (
            "{{ '{:>{w}}'.format(1, w=10**9) }}",
            "a size argument would be 1,000,000,000 characters or items long, over 20,000,000",
        ),
        (
            "{{ '%999999999d' % 1 }}",
            "a size argument would be 999,999,999 characters or items long, over 20,000,000",
        ),
        (
            "{% set ns = namespace(s='a' * 100000) %}{% for i in range(30) %}"
            "{% set ns.s = ns.s + ns.s %}{% endfor %}",
            "a sum would be 25,600,000 characters or items long, over 20,000,000",
        ),
        (
            "{% set ns = namespace(s='a' * 100000) %}{% for i in range(30) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "a result would be 25,600,000 characters or items long, over 20,000,000",
        ),
        ("{{ 1/0 }}", "ZeroDivisionError: division by zero"),
        ("{{ 'red'|mix('#ffffff', 0.5) }}", "ValueError: invalid literal for int() with base 16"),
        ("{{ 'many'|number }}", "ValueError: Unknown format code 'f' for object of type 'str'"),
    ],
    ids=[
        "range",
        "nested-range",
        "nested-list",
        "recursive-macro",
        "exponential-macro",
        "center",
        "replace",
        "repeat",
        "center-filter",
        "replace-filter",
        "format-width",
        "percent-width",
        "doubling",
        "doubling-concat",
        "zero-division",
        "mix",
        "number",
    ],
)
def test_a_template_asking_for_too_much_is_a_located_error(
    project: Path, template: str, message: str
) -> None:
    found, elapsed = template_failure(project, template)
    assert found.startswith(message), found
    assert elapsed < 60


def test_a_template_within_the_limits_composes(project: Path) -> None:
    html = composed(
        project,
        "{% for i in range(3) %}{{ i }}{% endfor %}{{ 'ab'.center(6, '*') }}"
        "{{ 'a-b'.replace('-', '+') }}{{ '{:>5}'.format(7) }}{{ '%3d' % 4 }}"
        "{{ ['x', 'y']|join(',') }}{{ 1234567|number }}",
    )
    assert "012**ab**a+b    7  4x,y1,234,567" in html


def test_a_runaway_template_stops_the_build_at_the_template_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "templates").mkdir(exist_ok=True)
    (project / OVERRIDE).write_text("<section>\n{{ range(100001)|length }}\n</section>\n")
    # the build's chart cache is the session's: the charts it draws before composing are drawn
    # once for every test of the worker
    share_charts(project / "out", project / ".charts")
    assert main(["build", str(project), "--edition", "screen", "--out", str(project / "out")]) == 1
    # the first error, after the lines of the steps that ran
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert errors[0] == (
        f"{OVERRIDE}:2: error: template error: range() of 100,001 numbers, over 100,000"
    )


@pytest.mark.slow
def test_the_build_time_limit_covers_composition(project: Path) -> None:
    """A template within the loop budget but slow: stopped by limits.max_build_seconds while
    composing, before any layout, with the message (the layout limit alone did not see it)."""
    out = project.parent / "out"
    build(project, out, Log(0), ("web",))  # draws the charts into the build cache first
    (project / "templates").mkdir(exist_ok=True)
    (project / OVERRIDE).write_text(
        "<section>{% for a in range(1000) %}{% for b in range(1900) %}{{ b }}{% endfor %}"
        "{% endfor %}</section>\n"
    )
    text = (project / "report.toml").read_text("utf-8")
    (project / "report.toml").write_text(
        text.replace("[period]", "[limits]\nmax_build_seconds = 1\n\n[period]", 1), "utf-8"
    )
    started = time.monotonic()
    with pytest.raises(ReportError) as caught:
        build(project, out, Log(0), ("screen",))
    assert time.monotonic() - started < 15
    [problem] = caught.value.problems
    assert str(problem) == (
        "report.toml: error: the build took longer than 1 s (limits.max_build_seconds) — look for"
        " a runaway table, chart or template, or raise the limit in [limits]"
    )
    assert not (out / "apsco-decade-report-screen.pdf").exists()
    # the timer is gone with the build: nothing fires later
    time.sleep(1.2)


# --- bounded resources: time and big tables -----------------------------------------------


@pytest.mark.slow  # lays out 2,500 rows over ~50 pages
def test_a_2500_row_table_splits_across_pages_with_its_header(
    project: Path, tmp_path: Path
) -> None:
    rows = ["year,region,activity,participants"]
    rows += [f"{2008 + i % 11},Region {i % 17},Activity number {i},{i % 500}" for i in range(2500)]
    (project / "data" / "large.csv").write_text("\n".join(rows) + "\n", "utf-8")
    annex = next((project / "chapters").glob("09-*.md"))
    annex.write_text(annex.read_text("utf-8") + "\n\n[[table: large]]\n", "utf-8")
    result = build(project, tmp_path, Log(0), ("screen",))
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / result.outputs[0].path), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    pages = [page for page in text.split("\f") if "Activity number" in page]
    assert len(pages) > 30
    for page in pages:  # the header row is repeated on every page of the table
        assert re.search(r"Year\s+Region\s+Activity\s+Participants", page)
    numbers = [int(n) for page in pages for n in re.findall(r"Activity number (\d+)", page)]
    assert numbers == list(range(2500))  # every row once, in order


@pytest.mark.slow  # lays out the sample until the limit stops it
def test_a_layout_over_its_time_limit_stops_with_a_message(project: Path, edit: Edit) -> None:
    with_limits(edit, "max_layout_seconds = 0.5")
    out = project.parent / "out"
    with pytest.raises(ReportError) as caught:
        build(project, out, Log(0), ("screen",))
    [problem] = caught.value.problems
    assert problem.where == Location("report.toml")
    assert (
        problem.message
        == "laying out the screen edition took longer than 0.5 s (limits.max_layout_seconds)"
    )
    assert not (out / "apsco-decade-report-screen.pdf").exists()
