"""Validation: the sample is valid; each rule, broken in a copy of the sample, is located."""

from __future__ import annotations

import typing
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from decade_report.charts.render import render_charts
from decade_report.compose.document import compose
from decade_report.errors import Problem, Severity, ValidationFailed
from decade_report.load.project import load_report
from decade_report.theme.tokens import load_theme
from decade_report.validate import charts, cross_checks
from decade_report.validate.draft import Draft
from decade_report.validate.report import CHECKS, validate


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): these
    tests are about one report's sources."""
    return english_project


Edit = Callable[[str, str, str], None]


def problems_of(project: Path) -> tuple[Problem, ...]:
    with pytest.raises(ValidationFailed) as caught:
        validate(load_report(project))
    return caught.value.problems


def lines_with(project: Path, relative: str, text: str) -> list[int]:
    """1-based numbers of the lines of a project file that contain `text`."""
    lines = (project / relative).read_text("utf-8").splitlines()
    found = [number for number, line in enumerate(lines, start=1) if text in line]
    assert found, f"{text!r} not in {relative}"
    return found


def find(problems: Sequence[Problem], path: str, line: int, message: str) -> Problem:
    """The problem at path:line whose message contains `message` (fails listing all problems)."""
    for problem in problems:
        if (problem.where.path, problem.where.line) == (path, line) and message in problem.message:
            return problem
    pytest.fail(f"no {path}:{line} problem with {message!r} in:\n" + "\n".join(map(str, problems)))


def test_sample_validates(sample: Path) -> None:
    report = validate(load_report(sample))
    statuses = Counter(state.status for state in report.member_states)
    assert statuses == {"full": 8, "signatory": 1, "associate": 1, "observer": 1}
    assert len(report.milestones) >= 25
    assert all(2005 <= m.date.year <= 2018 for m in report.milestones)
    assert [m.date.sort_key for m in report.milestones] == sorted(
        m.date.sort_key for m in report.milestones
    )
    assert len(report.programmes) >= 8
    assert len(report.charts) >= 8
    assert len(report.chapters) >= 8
    assert report.warnings == ()


def test_programme_with_unknown_state(project: Path, edit: Edit) -> None:
    edit("data/programmes.yaml", "states: [PAK, PER, IRN]", "states: [PAK, PER, TUK]")
    [line] = lines_with(project, "data/programmes.yaml", "TUK")
    problem = find(problems_of(project), "data/programmes.yaml", line, "unknown member state 'TUK'")
    assert problem.hint == "did you mean 'TUR'?"


def test_programme_with_unknown_network(project: Path, edit: Edit) -> None:
    edit("data/programmes.yaml", "network: space-objects", "network: space-objekts")
    [line] = lines_with(project, "data/programmes.yaml", "space-objekts")
    problem = find(
        problems_of(project), "data/programmes.yaml", line, "unknown network 'space-objekts'"
    )
    assert problem.hint == "did you mean 'space-objects'?"


def test_event_year_outside_the_period(project: Path, edit: Edit) -> None:
    edit("data/events.csv", "2010,APOSOS expert meeting", "2031,APOSOS expert meeting")
    [line] = lines_with(project, "data/events.csv", "2031,APOSOS")
    problem = find(problems_of(project), "data/events.csv", line, "year 2031")
    assert "outside the report period 2005–2018" in problem.message


def test_milestone_date_outside_the_period(project: Path, edit: Edit) -> None:
    edit("data/milestones.yaml", 'date: "2006-06-01"', 'date: "2031-01-01"')
    [line] = lines_with(project, "data/milestones.yaml", "2031-01-01")
    find(problems_of(project), "data/milestones.yaml", line, "year 2031 (milestones.date)")


def test_chart_on_missing_column(project: Path, edit: Edit) -> None:
    edit("charts.yaml", "y: [trainees]", "y: [trainee]")
    [line] = lines_with(project, "charts.yaml", "y: [trainee]")
    problem = find(
        problems_of(project),
        "charts.yaml",
        line,
        "chart 'trainees-per-year': dataset 'metrics' has no field 'trainee'",
    )
    assert problem.hint == "did you mean 'trainees'?"


def test_chart_on_unknown_dataset(project: Path, edit: Edit) -> None:
    edit("charts.yaml", "dataset: training_mix", "dataset: training_mixx")
    [line] = lines_with(project, "charts.yaml", "training_mixx")
    problem = find(
        problems_of(project),
        "charts.yaml",
        line,
        "chart 'training-mix' uses unknown dataset 'training_mixx'",
    )
    assert problem.hint == "did you mean 'training_mix'?"


def test_unknown_dataset_hint_names_the_file_to_add(project: Path, edit: Edit) -> None:
    edit("charts.yaml", "dataset: training_mix", "dataset: nonexistent")
    [line] = lines_with(project, "charts.yaml", "nonexistent")
    problem = find(problems_of(project), "charts.yaml", line, "unknown dataset 'nonexistent'")
    assert "data/nonexistent" in problem.hint


def test_non_number_in_a_charted_column(project: Path, edit: Edit) -> None:
    edit("data/metrics.csv", "\n2009,20,", "\n2009,twenty,")
    [line] = lines_with(project, "data/metrics.csv", "2009,twenty")
    problem = find(
        problems_of(project),
        "data/metrics.csv",
        line,
        "metrics.trainees = 'twenty' is not a finite number",
    )
    assert "trainees-per-year" in problem.message


def test_duplicate_programme_id(project: Path, edit: Edit) -> None:
    edit("data/programmes.yaml", "id: aposos", "id: dssp")
    first, second = lines_with(project, "data/programmes.yaml", "id: dssp")
    problem = find(
        problems_of(project), "data/programmes.yaml", second, "duplicate id 'dssp' in programmes"
    )
    assert f"data/programmes.yaml:{first}:" in problem.hint


def test_unknown_field_in_a_record(project: Path, edit: Edit) -> None:
    edit("data/member_states.yaml", "capital: Dhaka", "capitol: Dhaka")
    [line] = lines_with(project, "data/member_states.yaml", "capitol:")
    problem = find(problems_of(project), "data/member_states.yaml", line, "unknown field 'capitol'")
    assert problem.hint == "did you mean 'capital'?"


def test_missing_required_field(project: Path, edit: Edit) -> None:
    edit("data/member_states.yaml", "  name: Bangladesh\n", "")
    [line] = lines_with(project, "data/member_states.yaml", "- id: BGD")
    find(problems_of(project), "data/member_states.yaml", line, "field 'name' is missing")


def test_invalid_status(project: Path, edit: Edit) -> None:
    edit("data/member_states.yaml", "status: observer", "status: observing")
    [line] = lines_with(project, "data/member_states.yaml", "status: observing")
    problem = find(problems_of(project), "data/member_states.yaml", line, "status 'observing'")
    assert problem.message == "unknown status 'observing'"
    assert problem.hint.startswith(
        "did you mean 'observer'? (the statuses are declared in [statuses]"
    )


def test_statuses_and_event_kinds_come_from_the_project(project: Path, edit: Edit) -> None:
    """A project declares its own statuses and labels; the data may use those and no other."""
    edit(
        "report.toml",
        'observer = "Observer State"',
        'observer = "Observer State"\ndialogue = "Dialogue Partner"',
    )
    edit("data/member_states.yaml", "status: observer", "status: dialogue")
    report = validate(load_report(project))  # the status is declared: no problem
    [mexico] = [s for s in report.member_states if s.id == "MEX"]
    assert report.status_label(mexico.status) == "Dialogue Partner"
    edit("data/events.csv", ",council,", ",assembly,")
    [line] = lines_with(project, "data/events.csv", ",assembly,")
    edit(
        "report.toml",
        'council = "Council meeting"',
        'council = "Council meeting"\nassembly = "Assembly"',
    )
    assert validate(load_report(project)).events
    edit("report.toml", 'assembly = "Assembly"', "")
    problem = find(problems_of(project), "data/events.csv", line, "unknown kind 'assembly'")
    assert "[event_kinds]" in problem.hint


def test_without_declared_statuses_any_status_prints_as_written(
    project: Path, edit: Edit, chart_cache: Path
) -> None:
    text = (project / "report.toml").read_text("utf-8")
    start = text.index("# Member statuses")
    end = text.index("[[recipients]]")
    (project / "report.toml").write_text(text[:start] + text[end:], "utf-8")
    edit("data/member_states.yaml", "status: observer", "status: Dialogue partner")
    report = validate(load_report(project))
    theme = load_theme(report.root, report.config.theme)
    charts = render_charts(report, theme, chart_cache)
    html = compose(report, charts, theme, "screen").html
    assert '<p class="state-status">Dialogue partner</p>' in html
    assert '<p class="state-status">Observer State</p>' not in html


def test_unknown_chart_in_a_chapter(project: Path, edit: Edit) -> None:
    chapter = "chapters/03-member-states.md"
    edit(
        chapter,
        "[[chart: membership-status]]\n",
        "[[chart: membership-status]]\n\n[[chart: membership-statuses]]\n",
    )
    [line] = lines_with(project, chapter, "membership-statuses")
    problem = find(problems_of(project), chapter, line, "unknown chart 'membership-statuses'")
    assert problem.hint == "did you mean 'membership-status'?"


def test_unknown_layout_in_chapter_front_matter(project: Path, edit: Edit) -> None:
    chapter = "chapters/01-decade-at-a-glance.md"
    edit(chapter, "layout: glance", "layout: glanse")
    [line] = lines_with(project, chapter, "layout: glanse")
    problem = find(problems_of(project), chapter, line, "unknown layout 'glanse'")
    assert problem.hint == "did you mean 'glance'?"


def test_unknown_key_in_report_toml(project: Path, edit: Edit) -> None:
    edit("report.toml", 'page_size = "A4"', 'page_sise = "A4"')
    [line] = lines_with(project, "report.toml", "page_sise")
    problem = find(problems_of(project), "report.toml", line, "unknown key 'page_sise'")
    assert problem.hint == "did you mean 'page_size'?"


def test_all_problems_are_reported_at_once(project: Path, edit: Edit) -> None:
    edit("data/partners.yaml", "short: BUAA", "short: BUAA: Beijing")
    edit("data/programmes.yaml", "states: [PAK, PER, IRN]", "states: [PAK, PER, TUK]")
    problems = problems_of(project)
    [yaml_line] = lines_with(project, "data/partners.yaml", "BUAA: Beijing")
    [state_line] = lines_with(project, "data/programmes.yaml", "TUK")
    find(problems, "data/partners.yaml", yaml_line, "malformed YAML")
    find(problems, "data/programmes.yaml", state_line, "unknown member state 'TUK'")
    assert len(problems) == 2


def test_a_chart_never_placed_is_a_warning(project: Path, edit: Edit) -> None:
    edit("chapters/01-decade-at-a-glance.md", "[[chart: projects-active]]", "")
    report = validate(load_report(project))
    [line] = lines_with(project, "charts.yaml", "id: projects-active")
    [warning] = report.warnings
    assert warning.severity is Severity.WARNING
    assert (warning.where.path, warning.where.line) == ("charts.yaml", line)
    assert warning.message == "chart 'projects-active' is not placed in any chapter"
    assert "projects-active" in {chart.id for chart in report.charts}


def test_logo_outside_the_project_or_missing(project: Path, edit: Edit) -> None:
    edit(
        "report.toml",
        'organisation_short = "APSCO"',
        'organisation_short = "APSCO"\nlogo = "../../etc/hostname"',
    )
    edit("message.md", "author:", "portrait: assets/nobody.png\nauthor:")
    problems = problems_of(project)
    find(
        problems,
        "report.toml",
        lines_with(project, "report.toml", "logo =")[0],
        "outside the project",
    )
    find(problems, "message.md", lines_with(project, "message.md", "portrait:")[0], "not found")


def test_an_invalid_chart_kind_is_one_problem_not_also_an_unknown_chart(
    project: Path, edit: Edit
) -> None:
    edit("charts.yaml", "kind: donut", "kind: pie")
    problems = problems_of(project)
    assert [p for p in problems if "pie" in str(p) or "'kind'" in str(p)]
    assert not [p for p in problems if "unknown chart" in p.message]


def test_a_recipients_unknown_state_is_located_in_its_table(project: Path, edit: Edit) -> None:
    """The error points at the `state` line of the right [[recipients]] table."""
    edit("report.toml", 'state = "PER"', 'state = "PRU"')
    [line] = lines_with(project, "report.toml", 'state = "PRU"')
    problem = find(problems_of(project), "report.toml", line, "unknown member state 'PRU'")
    assert problem.where.column == 1
    assert problem.hint == "did you mean 'PER'?"


def test_every_cross_check_is_listed() -> None:
    """A check is a function of the draft yielding problems; one left out of CHECKS would never
    run (they used to join a list when their module was imported)."""
    written = [
        value
        for module in (charts, cross_checks)
        for value in vars(module).values()
        if callable(value)
        and getattr(value, "__module__", "") == module.__name__
        and typing.get_type_hints(value) == {"draft": Draft, "return": Iterator[Problem]}
    ]
    assert len(written) == 12
    assert set(written) == set(CHECKS)
    assert len(CHECKS) == len(set(CHECKS))
