"""`decade-report fix`: the spelling check's sure corrections, shown as a diff, applied on --yes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from decade_report.authoring.fix import plan_fixes
from decade_report.cli import main
from decade_report.errors import Location, Severity
from decade_report.preflight.registry import Finding

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): these
    tests are about the English message and chapters, which fixing every language and report
    would only repeat."""
    return english_project


@pytest.fixture
def seeded(project: Path) -> Path:
    """The sample project with its message as it reached us (the seed text and its typos)."""
    shutil.copyfile(FIXTURES / "seed-message.md", project / "message.md")
    return project


def test_fix_without_yes_and_without_a_terminal_changes_nothing(seeded: Path, capsys) -> None:
    before = (seeded / "message.md").read_text("utf-8")
    assert main(["fix", str(seeded)]) == 1
    out = capsys.readouterr()
    assert "--- a/message.md\n+++ b/message.md\n" in out.out
    assert "-Asia-PacificSpace Cooperation" in out.out
    assert "+Asia-Pacific Space Cooperation" in out.out
    assert "16 correction(s) in 1 file(s): not applied (no terminal to ask)" in out.out + out.err
    assert (seeded / "message.md").read_text("utf-8") == before


def test_fix_with_yes_gives_the_published_message(seeded: Path, sample: Path) -> None:
    """Applied to the seed text, the corrections give exactly the sample's published message."""
    assert main(["fix", str(seeded), "--yes", "-q"]) == 0
    fixed = (seeded / "message.md").read_text("utf-8")
    assert fixed == (sample / "message.md").read_text("utf-8")
    assert main(["fix", str(seeded), "--yes", "-q"]) == 0  # nothing left to fix


def test_a_word_the_dictionary_does_not_know_is_not_changed(project: Path, edit, capsys) -> None:
    edit("chapters/08-outlook.md", "Lessons of the first decade", "Lessons of the frist decade")
    assert main(["fix", str(project), "--yes"]) == 0
    assert "frist decade" in (project / "chapters/08-outlook.md").read_text("utf-8")
    assert "'frist' is not in the dictionary" in capsys.readouterr().err


def test_a_fix_whose_text_has_changed_since_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("one twoo\nthree fourfive\n", "utf-8")
    where = Location("a.md", 1, 5)
    stale = Finding("spelling", Severity.WARNING, "m", where=where, fix=("tow", "two"))
    good = Finding(
        "spelling",
        Severity.WARNING,
        "m",
        where=Location("a.md", 2, 7),
        fix=("fourfive", "four five"),
    )
    [plan] = plan_fixes(tmp_path, [stale, good])
    assert plan.after == "one twoo\nthree four five\n"
    assert plan.count == 1
