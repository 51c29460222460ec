"""The command line: exit codes, one `path:line:col: error: message` line per problem, no
traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from contextlib import redirect_stderr
from io import StringIO
from pathlib import Path

import pytest

from decade_report.cli import main

Edit = Callable[[str, str, str], None]
SAMPLE = Path(__file__).resolve().parents[1] / "report"
PROBLEM_LINE = re.compile(
    r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<column>\d+): error: (?P<message>.+)$"
)


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): these
    tests are about what the command line prints, which `check` of every language and report
    would only repeat."""
    return english_project


def line_of(project: Path, relative: str, text: str) -> int:
    lines = (project / relative).read_text("utf-8").splitlines()
    [number] = [n for n, line in enumerate(lines, start=1) if text in line]
    return number


def problem_lines(stderr: str) -> list[re.Match[str]]:
    return [m for m in map(PROBLEM_LINE.match, stderr.splitlines()) if m]


@pytest.fixture(scope="module")
def sample_checked() -> str:
    """`decade-report check` of the sample, run once for the module: its stderr (the exit code
    asserted here)."""
    err = StringIO()
    with redirect_stderr(err):
        assert main(["check", str(SAMPLE)]) == 0
    return err.getvalue()


def test_check_sample_succeeds(sample_checked: str) -> None:
    assert "error" not in sample_checked


def test_check_prints_a_summary(sample_checked: str) -> None:
    assert ": ok — " in sample_checked


def test_check_broken_project_prints_located_problems(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    edit("data/programmes.yaml", "states: [PAK, PER, IRN]", "states: [PAK, PER, TUK]")
    edit("charts.yaml", "dataset: training_mix", "dataset: training_mixx")
    assert main(["check", "-q", str(project)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    found = {(m["path"], int(m["line"])) for m in problem_lines(err)}
    assert found == {
        ("data/programmes.yaml", line_of(project, "data/programmes.yaml", "TUK")),
        ("charts.yaml", line_of(project, "charts.yaml", "training_mixx")),
    }
    lines = err.splitlines()
    assert len(lines) == 3
    assert lines[-1] == "decade-report: 2 problems; nothing was written"


def test_help_exits_zero_without_heavy_imports() -> None:
    code = (
        "import sys\n"
        "from decade_report.cli import main\n"
        "try:\n    main(['--help'])\n"
        "except SystemExit as exit:\n    code = exit.code\n"
        "heavy = [m for m in ('weasyprint', 'matplotlib', 'pydantic') if m in sys.modules]\n"
        "print(code, heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert "usage: decade-report" in result.stdout
    assert result.stdout.splitlines()[-1] == "0 []"


def test_help_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    assert "check" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


@pytest.mark.slow  # `python -m decade_report`: a new interpreter, which imports everything anew
def test_module_entry_point_on_broken_project(project: Path, edit: Edit) -> None:
    edit("data/events.csv", "2010,APOSOS expert meeting", "2031,APOSOS expert meeting")
    result = subprocess.run(
        [sys.executable, "-m", "decade_report", "check", str(project)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = line_of(project, "data/events.csv", "2031,")
    assert f"data/events.csv:{line}:1: error: year 2031" in result.stderr


def test_acceptance_four_breaks_all_reported(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    edit("data/programmes.yaml", "states: [PAK, PER, IRN]", "states: [PAK, PER, TUK]")
    edit("data/events.csv", "2010,APOSOS expert meeting", "2031,APOSOS expert meeting")
    edit("charts.yaml", "y: [trainees]", "y: [trainee]")
    edit("data/partners.yaml", "short: BUAA", "short: BUAA: Beijing")
    expected = {
        (
            "data/programmes.yaml",
            line_of(project, "data/programmes.yaml", "TUK"),
        ): "unknown member state 'TUK'",
        ("data/events.csv", line_of(project, "data/events.csv", "2031,")): "year 2031",
        ("charts.yaml", line_of(project, "charts.yaml", "y: [trainee]")): "no field 'trainee'",
        (
            "data/partners.yaml",
            line_of(project, "data/partners.yaml", "BUAA: Beijing"),
        ): "malformed YAML",
    }
    assert main(["check", str(project)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    reported = {(m["path"], int(m["line"])): m["message"] for m in problem_lines(err)}
    assert reported.keys() == expected.keys(), err
    for where, message in expected.items():
        assert message in reported[where]


def test_a_read_only_build_folder_is_a_user_error_not_a_traceback(
    sample: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """As root, permissions cannot make a folder read-only; the file system's answer is mocked."""
    import errno

    real_mkdir = Path.mkdir

    def read_only(self: Path, *args: object, **kwargs: object) -> None:
        if self.is_relative_to(tmp_path):
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    assert main(["build", str(sample), "--out", str(tmp_path / "out"), "--edition", "web"]) == 1
    err = capsys.readouterr().err
    assert "read-only file system; the build did not start" in err
    assert "--out" in err and "Traceback" not in err


@pytest.mark.slow
def test_preflight_json_into_a_closed_pipe_ends_quietly() -> None:
    """`decade-report preflight --json FILE | head`: no traceback when the reader stops reading.
    `true` exits at once, long before preflight prints, so the write always meets a closed pipe."""
    pdf = Path(__file__).parent / "fixtures" / "pdfs-before" / "screen.pdf"
    command = f"{sys.executable} -m decade_report preflight --json {pdf} | true"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True
    )
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr


def rune_font(path: Path) -> None:
    """A tiny TrueType font whose only letters are two runes (no bundled font has them)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def box() -> object:
        pen = TTGlyphPen(None)
        pen.moveTo((100, 0))
        pen.lineTo((100, 700))
        pen.lineTo((500, 700))
        pen.lineTo((500, 0))
        pen.closePath()
        return pen.glyph()

    names = [".notdef", "space", "fehu", "uruz"]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({0x20: "space", 0x16A0: "fehu", 0x16A2: "uruz"})
    builder.setupGlyf(
        {".notdef": box(), "space": TTGlyphPen(None).glyph(), "fehu": box(), "uruz": box()}
    )
    builder.setupHorizontalMetrics({name: (600, 0) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Runes Test", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))


def test_standalone_preflight_counts_the_project_fonts(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A PDF the build accepted (its project brings a face for a script) is not reported as
    missing glyphs when preflight is told the project; without it, the runes are reported."""
    from decade_report.pdf.render import render_pdf
    from decade_report.theme.tokens import load_theme

    fonts = project / "assets" / "fonts"
    fonts.mkdir(parents=True)
    rune_font(fonts / "Runes.ttf")
    (fonts / "faces.toml").write_text(
        '[[face]]\nfile = "Runes.ttf"\nfamily = "Runes Test"\nfallback = true\n', "utf-8"
    )
    theme = load_theme(project, {})
    html = (
        "<p style=\"font-family: Inter, 'Runes Test'\">Runes: \u16a0\u16a2 in the project font.</p>"
    )
    rendered = render_pdf(
        html, theme, [project, *theme.asset_dirs], tagged=False, metadata={"identifier": b"0" * 32}
    )
    pdf = tmp_path / "runes.pdf"
    pdf.write_bytes(rendered.pdf)
    main(["preflight", str(pdf), "--edition", "screen"])
    assert "RUNIC LETTER FEHU" in capsys.readouterr().out
    main(["preflight", str(pdf), "--edition", "screen", "--project", str(project)])
    assert "RUNIC LETTER" not in capsys.readouterr().out


def test_check_runs_the_content_checks_the_build_runs(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    """A character no font has used to pass `check` and stop the build later: `check` now
    reports it, located, with the content check's name."""
    chapter = "chapters/08-outlook.md"
    edit(chapter, "## ", "Runes \u16a0\u16a2 have no font.\n\n## ")
    assert main(["check", str(project)]) == 1
    err = capsys.readouterr().err
    [line] = [
        n
        for n, text in enumerate((project / chapter).read_text("utf-8").splitlines(), 1)
        if "Runes" in text
    ]
    assert f"{chapter}:{line}:" in err
    assert "[missing_glyphs]" in err or "RUNIC" in err
