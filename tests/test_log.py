"""Progress on the terminal: a live display on a terminal, plain lines in a log, nothing but errors
with --quiet — judged on the command's output (`cli.main`, its stderr not a terminal), and on a
real process whose stderr is a pseudo-terminal for the live display."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from decade_report.cli import main
from decade_report.log import NORMAL, Log

COMMAND = str(Path(sys.executable).parent / "decade-report")
STEP_LINE = re.compile(r"^(?P<title>[A-Z][^:]*): (?P<seconds>\d+\.\d) s$")
PROBLEM_LINE = re.compile(r"^[^:\s]+:\d+:\d+: (error|warning|info): ")
ANSI = "\x1b["


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): these
    tests are about what the log prints, which `check` of every language and report would only
    repeat."""
    return english_project


def cli(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [COMMAND, *arguments], capture_output=True, text=True, timeout=600, check=False
    )


def check(*arguments: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`decade-report check ARGUMENTS` in this process: its exit code, stdout and stderr (not a
    terminal, as in a log)."""
    capsys.readouterr()
    code = main(["check", *arguments])
    out, err = capsys.readouterr()
    return code, out, err


def steps(stderr: str) -> list[str]:
    return [m["title"] for m in map(STEP_LINE.match, stderr.splitlines()) if m]


def test_without_a_terminal_each_step_is_a_plain_line(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, stderr = check(str(sample), capsys=capsys)
    assert code == 0, stderr
    assert ANSI not in stderr
    # the sample holds two reports (the decade report, in English, Chinese and Persian, and
    # reports/annual-2018.toml, in English)
    each = ["Loading the project", "Validating", "Checking the content"]
    others = ["Checking the zh edition", "Checking the fa edition"]
    assert steps(stderr) == [*each, *others, *each]
    assert ": ok — " in stderr.splitlines()[-1]


def test_verbose_says_when_each_step_starts(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = check("--verbose", str(sample), capsys=capsys)[2].splitlines()
    for title in ("Loading the project", "Validating", "Checking the content"):
        assert lines.index(f"{title} …") < next(
            n for n, line in enumerate(lines) if line.startswith(f"{title}: ")
        )


def test_quiet_prints_nothing_when_all_is_well(
    project: Path, edit: Callable[[str, str, str], None], capsys: pytest.CaptureFixture[str]
) -> None:
    # a chart placed nowhere: a warning, which --quiet leaves out with everything but errors
    edit("chapters/03-member-states.md", "[[chart: full-members]]", "")
    code, _, stderr = check(str(project), capsys=capsys)
    assert code == 0, stderr
    assert any("warning: chart 'full-members'" in line for line in stderr.splitlines())
    assert check("--quiet", str(project), capsys=capsys) == (0, "", "")


def test_quiet_prints_the_errors_only(
    project: Path, edit: Callable[[str, str, str], None], capsys: pytest.CaptureFixture[str]
) -> None:
    edit("data/events.csv", "2010,APOSOS expert meeting", "2031,APOSOS expert meeting")
    code, _, stderr = check("-q", str(project), capsys=capsys)
    assert code == 1
    *problems, summary = stderr.splitlines()
    assert problems and all(re.match(r"^[^:\s]+:\d+:\d+: error: ", p) for p in problems)
    assert summary.startswith("decade-report: 1 problem")
    assert not steps(stderr)


@pytest.mark.slow  # a real process (its stderr a pseudo-terminal), which imports everything anew
def test_a_terminal_gets_the_live_display(sample: Path) -> None:
    """stderr a pseudo-terminal: the steps are drawn by rich (escape codes, a tick per step)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [COMMAND, "check", str(sample)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait(timeout=600) == 0
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert ANSI in shown
    for title in ("Loading the project", "Validating", "Checking the content"):
        assert title in shown
        assert f"{title}: " not in shown  # not the plain form
    assert shown.count("✓") >= 3
    assert ": ok — " in shown


def test_steps_running_at_once_each_keep_their_line() -> None:
    stream = io.StringIO()
    log = Log(NORMAL, stream, live=True)
    both_running = threading.Barrier(2)

    def work(title: str) -> None:
        with log.step(title):
            both_running.wait(timeout=10)
            time.sleep(0.05)

    with log:
        threads = [threading.Thread(target=work, args=(t,)) for t in ("Print", "Screen")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        log.info("a message between the steps")
    text = stream.getvalue()
    assert "a message between the steps" in text
    assert re.search(r"✓ Print +\d+\.\d s", text) and re.search(r"✓ Screen +\d+\.\d s", text)


def test_a_step_that_fails_is_marked_and_not_timed_as_done() -> None:
    plain, live = io.StringIO(), io.StringIO()
    for log in (Log(NORMAL, plain), Log(NORMAL, live, live=True)):
        with log, pytest.raises(ValueError), log.step("Laying out the print edition"):
            raise ValueError("stop")
    assert plain.getvalue() == ""
    assert "✗ Laying out the print edition" in live.getvalue()


def in_three_languages_with_a_second_report(project: Path) -> Path:
    """The scaffold of `decade-report init` in English, Chinese and Persian (its chapters left
    untranslated: warnings), with a second report (reports/second.toml), as the sample has."""
    toml = project / "report.toml"
    text = toml.read_text("utf-8")
    assert '# languages = ["en"]' in text
    toml.write_text(text.replace('# languages = ["en"]', 'languages = ["en", "zh", "fa"]'), "utf-8")
    (project / "reports").mkdir()
    (project / "reports" / "second.toml").write_text(
        'title = "Second Report"\nslug = "second-report"\nlanguages = ["en"]\n\n'
        "[period]\nstart = 2024\nend = 2024\n",
        "utf-8",
    )
    return project


@pytest.mark.slow
def test_build_shows_each_stage_as_it_runs(tiny_project: Path, tmp_path: Path) -> None:
    project = in_three_languages_with_a_second_report(tiny_project)
    result = cli("build", str(project), "--out", str(tmp_path / "out"), "--edition", "screen")
    assert result.returncode == 0, result.stderr
    # the report in English, Chinese and Persian, then reports/second.toml in English; each
    # language's edition laid out, then finished (in a job of its own)
    languages = ("", " (zh)", " (fa)")
    per_language = ("Laying out the screen edition", "Finishing the screen edition")
    first = [
        "Loading the project",
        "Validating",
        *[f"Drawing charts{named}" for named in languages],
        "Checking the sources",
        *[f"Composing the screen edition{named}" for named in languages],
        *[f"{step}{named}" for named in languages for step in per_language],
        "Preflight",
        "Publishing",
    ]
    second = [
        "Loading the project",
        "Validating",
        "Drawing charts",
        "Checking the sources",
        "Composing the screen edition",
        *per_language,
        "Preflight",
        "Publishing",
    ]
    assert steps(result.stderr) == [*first, *second]
    quiet = cli("build", str(project), "--out", str(tmp_path / "quiet"), "-q", "--edition", "web")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
