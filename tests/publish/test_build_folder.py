"""The build folder: a fingerprint of everything a build reads, and nothing done when nothing
changed."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from decade_report.log import Log
from decade_report.publish.build_folder import (
    build_options,
    files_under,
    fingerprint,
    remember,
    up_to_date,
)
from decade_report.publish.staging import Output, publish


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): these
    tests are about one report, whose other languages would be built and checked for nothing."""
    return english_project


OPTIONS = build_options(("screen",), draft=False, strict=False)


def test_the_fingerprint_follows_every_input(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = project / "build"
    base = fingerprint(project, out, OPTIONS)
    assert fingerprint(project, out, OPTIONS) == base

    out.mkdir(exist_ok=True)  # the file hashes are kept in it
    (out / "manifest.json").write_text("{}")  # the build folder is not an input
    (project / ".cache").mkdir(exist_ok=True)
    (project / ".cache" / "x.svg").write_text("x")  # nor are hidden folders
    assert fingerprint(project, out, OPTIONS) == base

    assert fingerprint(project, out, build_options(("print",), False, False)) != base
    assert fingerprint(project, out, build_options(("screen",), True, False)) != base
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")
    assert fingerprint(project, out, OPTIONS) != base
    monkeypatch.delenv("SOURCE_DATE_EPOCH")

    chapter = next((project / "chapters").iterdir())
    chapter.write_text(chapter.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    edited = fingerprint(project, out, OPTIONS)
    assert edited != base
    stamp = chapter.stat().st_mtime_ns
    os.utime(chapter, ns=(stamp + 10**9, stamp + 10**9))  # the build's date would move
    assert fingerprint(project, out, OPTIONS) != edited


def test_files_are_read_again_only_when_they_changed(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fonts and code weigh tens of megabytes: a second fingerprint reads none of a file
    whose size, time and inode are those remembered, but always one changed in the last two
    seconds (a second change in the same clock tick would not show)."""
    out = project / "build"
    settled = time.time_ns() - 10 * 10**9
    for path in files_under(project, out):
        os.utime(path, ns=(settled, settled))
    chapter = next((project / "chapters").iterdir())
    chapter.write_text(chapter.read_text("utf-8") + "\nJust saved.\n", "utf-8")
    base = fingerprint(project, out, OPTIONS)
    read: list[Path] = []
    real = Path.read_bytes

    def counted(path: Path) -> bytes:
        read.append(path)
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    assert fingerprint(project, out, OPTIONS) == base
    assert read == [chapter]  # the file saved just now, and nothing else
    # a settled file changed at the same size: its new time tells
    data = project / "data" / "partners.yaml"
    text = data.read_text("utf-8")
    data.write_text(text.replace("a", "b", 1), "utf-8")
    os.utime(data, ns=(settled + 10**9, settled + 10**9))
    assert fingerprint(project, out, OPTIONS) != base
    assert data in read


def test_up_to_date_only_when_every_output_is_intact(tmp_path: Path) -> None:
    outputs = [Output("report-screen.pdf", "screen", 2, b"%PDF-screen")]
    publish(tmp_path, outputs, ("screen",))
    assert up_to_date(tmp_path, OPTIONS, "abc") is None  # nothing remembered yet
    remember(tmp_path, OPTIONS, "abc")
    assert [e["path"] for e in up_to_date(tmp_path, OPTIONS, "abc")] == ["report-screen.pdf"]
    assert up_to_date(tmp_path, OPTIONS, "abd") is None
    assert up_to_date(tmp_path, build_options(("print",), False, False), "abc") is None
    (tmp_path / "report-screen.pdf").write_bytes(b"%PDF-edited by hand")
    assert up_to_date(tmp_path, OPTIONS, "abc") is None
    (tmp_path / "report-screen.pdf").unlink()
    assert up_to_date(tmp_path, OPTIONS, "abc") is None


def test_a_damaged_fingerprint_file_means_a_rebuild(tmp_path: Path) -> None:
    publish(tmp_path, [Output("a.pdf", "screen", 1, b"%PDF")], ("screen",))
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "fingerprints.json").write_text("[not json")
    assert up_to_date(tmp_path, OPTIONS, "abc") is None
    remember(tmp_path, OPTIONS, "abc")
    assert json.loads((tmp_path / ".cache" / "fingerprints.json").read_text())


@pytest.mark.slow
def test_a_second_build_with_nothing_changed_does_nothing(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from decade_report.cli import main
    from decade_report.pipeline import build

    out = tmp_path / "out"
    first = build(project, out, Log(0), editions=("web",))
    assert first.outputs and not first.unchanged
    page = out / "web" / "index.html"
    written = page.stat().st_mtime_ns
    second = build(project, out, Log(0), editions=("web",))
    assert second.unchanged and second.outputs == ()
    assert main(["build", str(project), "--out", str(out), "--edition", "web"]) == 0
    assert "up to date — nothing changed since the last build" in capsys.readouterr().err
    assert page.stat().st_mtime_ns == written
    chapter = project / "chapters" / "08-outlook.md"
    chapter.write_text(chapter.read_text("utf-8") + "\nA sentence added today.\n", "utf-8")
    third = build(project, out, Log(0), editions=("web",))
    assert not third.unchanged
    assert "A sentence added today." in page.read_text("utf-8")
