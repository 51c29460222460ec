"""`decade-report check` reports what the build would refuse (issue 11, items 5 and 7; issue 15):
for each hostile project, check and build fail alike, with the same located problem and no
traceback, and the build writes nothing; and for every fixture project (the hostile ones, the
sample, the second example, the scaffold of `decade-report init`), `check` reports every source
and content problem the build's stages before layout report, at the same place and in the same
words."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import hostile_projects
from decade_report import checking, pipeline
from decade_report.authoring.init import init_project
from decade_report.cli import main
from decade_report.editions import jobs
from decade_report.errors import ReportError
from decade_report.log import Log
from decade_report.preflight.registry import PreflightFailed
from projects import share_charts

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): each
    hostile change is made to the English sources, which the other languages would only check
    again. The clean sample, in every language, is compared in full below (FIXTURES)."""
    return english_project


def errors(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    code = main(arguments)
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    assert code == 1, err
    return [line for line in err.splitlines() if ": error: " in line]


@pytest.mark.parametrize("name", sorted(hostile_projects.MAKERS))
def test_check_and_build_report_the_same_problem(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    chart_cache: Path,
    name: str,
) -> None:
    where, message = hostile_projects.MAKERS[name](project)
    wanted = f"{where}: error: {message}"
    checked = errors(["check", str(project)], capsys)
    out = share_charts(tmp_path / "out", chart_cache)
    built = errors(["build", str(project), "--out", str(out)], capsys)
    assert [line for line in checked if line.startswith(wanted)], checked
    assert built == checked
    assert not any(p.is_file() for p in out.rglob("*") if ".cache" not in p.parts)


class LayoutReached(Exception):
    """Raised in place of laying out: the stages before layout are what this test compares."""


Said = set[tuple[str, str, str]]
"""(where, severity, message) of each problem or finding; ("", "", stage) for a stage reached."""
CONTENT_CHECKED = ("", "", "content checks run")
LAYOUT_REACHED = ("", "", "layout reached")


def said_by(run: Any, monkeypatch: pytest.MonkeyPatch) -> Said:
    """Every problem `run` raises and every content finding its content checks return."""
    told: Said = set()
    real = checking.check_content

    def recorded(*arguments: Any) -> Any:
        told.add(CONTENT_CHECKED)
        findings = real(*arguments)
        told.update((str(f.where), f.severity.value, f.message) for f in findings)
        return findings

    def laid_out(*arguments: Any, **options: Any) -> Any:
        raise LayoutReached

    with monkeypatch.context() as patch:
        patch.setattr(checking, "check_content", recorded)
        # the layouts are keyed (pdf/reuse) right before editions/jobs hands them to a child
        patch.setattr(jobs, "layout_key", laid_out)
        patch.setattr(pipeline, "render_web", laid_out)
        try:
            run()
        except LayoutReached:
            told.add(LAYOUT_REACHED)
        except PreflightFailed:
            pass  # its findings are those recorded
        except ReportError as error:
            told.update((str(p.where), p.severity.value, p.message) for p in error.problems)
    return told


def said_by_check(project: Path) -> Said:
    """What `decade-report check` reports: its problems, or its content findings."""
    try:
        _, findings = pipeline.check_sources(project)
    except PreflightFailed as failed:
        findings = failed.findings
    except ReportError as error:
        return {(str(p.where), p.severity.value, p.message) for p in error.problems}
    return {CONTENT_CHECKED} | {(str(f.where), f.severity.value, f.message) for f in findings}


def agree(project: Path, out: Path, monkeypatch: pytest.MonkeyPatch, chart_cache: Path) -> Said:
    """What the build says before layout, after asserting that `check` says all of it. The build
    draws its charts into the session's chart cache."""
    share_charts(out, chart_cache)
    checked = said_by_check(project)
    built = said_by(lambda: pipeline.build(project, out, Log(0)), monkeypatch)
    assert built - {LAYOUT_REACHED} <= checked, sorted(built - checked)
    return built


FIXTURES = {
    "sample": lambda tmp: hostile_projects.copy_of(ROOT / "report", tmp / "report"),
    "river-commission": lambda tmp: hostile_projects.copy_of(
        ROOT / "examples" / "river-commission", tmp / "river"
    ),
    "scaffold of init": lambda tmp: (init_project(tmp / "new"), tmp / "new")[1],
}


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_check_says_what_the_build_says_of_each_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chart_cache: Path, name: str
) -> None:
    project = FIXTURES[name](tmp_path)
    built = agree(project, tmp_path / "out", monkeypatch, chart_cache)
    assert {CONTENT_CHECKED, LAYOUT_REACHED} <= built  # a clean project: checked, then laid out
    assert not [said for said in built if said[1] == "error"]


@pytest.mark.parametrize(
    "name", sorted(hostile_projects.MAKERS) + sorted(hostile_projects.CONTENT_MAKERS)
)
def test_check_says_what_the_build_says_of_each_hostile_project(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chart_cache: Path, name: str
) -> None:
    maker = {**hostile_projects.MAKERS, **hostile_projects.CONTENT_MAKERS}[name]
    where, message = maker(project)
    built = agree(project, tmp_path / "out", monkeypatch, chart_cache)
    assert any(w == where and s == "error" and m.startswith(message) for w, s, m in built), sorted(
        built
    )
    shutil.rmtree(tmp_path / "out", ignore_errors=True)
