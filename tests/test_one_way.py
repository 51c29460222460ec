"""Data flows one way (issue 15, item 1): once the project is loaded, no stage reads one of its
source files again. Every later problem is located from the model (the places kept at load time)
and the texts as loaded, so the files are opened by loading and by nothing after it.

The test watches every file opening of the process (`io.open`, which `open`, `Path.read_text`,
`Path.open` and `zipfile` go through, and `os.open`) while the stages after loading run.
"""

from __future__ import annotations

import builtins
import io
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest

from decade_report import pipeline
from decade_report.charts.render import render_charts
from decade_report.checking import loaded
from decade_report.compose.document import compose
from decade_report.errors import ReportError
from decade_report.log import Log
from decade_report.preflight.run import check_content
from decade_report.web.page import render_web

SOURCES = ("report.toml", "message.md", "charts.yaml", "wordlist.txt", "chapters", "data")
"""What loading parses: a stage after it has the model and `Report.texts` instead."""


@contextmanager
def reads_of(project: Path) -> Iterator[list[str]]:
    """The source files of `project` opened while the block runs (project-relative paths)."""
    opened: list[str] = []
    root = project.resolve()

    def note(file: Any) -> None:
        if isinstance(file, int | bytes) or file is None:
            return
        path = Path(os.fsdecode(file))
        path = path.resolve() if path.is_absolute() else (Path.cwd() / path).resolve()
        if path.is_relative_to(root) and path.relative_to(root).parts[0] in SOURCES:
            opened.append(path.relative_to(root).as_posix())

    real_io, real_os = io.open, os.open

    def watched_io(file: Any, *args: Any, **kwargs: Any) -> Any:
        note(file)
        return real_io(file, *args, **kwargs)

    def watched_os(file: Any, *args: Any, **kwargs: Any) -> Any:
        note(file)
        return real_os(file, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(io, "open", watched_io)
        patch.setattr(builtins, "open", watched_io)
        patch.setattr(os, "open", watched_os)
        yield opened


def test_the_watch_sees_what_loading_reads(project: Path) -> None:
    """The watch itself works: loading opens every source file, through the same calls."""
    with reads_of(project) as opened:
        loaded(project)
    assert {"report.toml", "message.md", "charts.yaml", "wordlist.txt"} <= set(opened)
    assert "data/trainings.xlsx" in opened  # a spreadsheet, through zipfile
    assert any(path.startswith("chapters/") for path in opened)


@pytest.mark.slow  # composes both editions, checks and makes the web edition, every open watched
def test_no_stage_after_loading_reads_a_source_file(
    project: Path, tmp_path: Path, chart_cache: Path, font_cache: Path
) -> None:
    """Charts, composition of every edition, the content checks (with a misspelt word, a wrong
    number, a broken link and a missing glyph, so that every check locates a finding) and the
    web edition open no source file: their locations come from the model."""
    chapter = project / "chapters" / "02-history.md"
    if not chapter.is_file():
        # the second chapter of the first language (not a translation: 01-x.zh.md)
        chapter = sorted(p for p in (project / "chapters").glob("*.md") if p.suffixes == [".md"])[1]
    chapter.write_text(
        chapter.read_text("utf-8")
        + "\nThe commision counts 99 full Member States [see](#nowhere) ᚠ.\n",
        "utf-8",
    )
    (project / "wordlist.txt").write_text("commision\n", "utf-8")
    report, theme = loaded(project)
    # the session's drawings: the drawing itself runs in a child process, which the watch of
    # this process would not see anyway
    shutil.copytree(chart_cache, tmp_path / "charts")
    shutil.copytree(font_cache, tmp_path / "fonts")  # and font subsets, where the text is the same
    with reads_of(project) as opened:
        charts = render_charts(report, theme, tmp_path / "charts")
        composition = compose(report, charts, theme, "screen")
        compose(report, charts, theme, "print")
        findings = check_content(report, theme, composition)
        render_web(report, charts, theme, tmp_path / "fonts")
    assert opened == []
    shown = chapter.relative_to(project).as_posix()
    checks = {f.check for f in findings if f.where and f.where.path == shown}
    assert {"cross_references", "missing_glyphs", "numbers_match_the_data"} <= checks
    # the project's wordlist (loaded with it, not read by the spelling check) is honoured
    assert not [f for f in findings if "commision" in f.message]


@pytest.mark.slow
def test_a_url_refused_while_laying_out_is_located_without_reading_the_project(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template override that makes a network URL from a value of report.toml: refused by the
    renderer, located at the value's line from the texts as loaded."""
    toml = project / "report.toml"
    text = toml.read_text("utf-8")
    written = 'keywords = ["http://canary.invalid"]'
    toml.write_text(text.replace("[period]", f"{written}\n\n[period]", 1), "utf-8")
    line = toml.read_text("utf-8").splitlines().index(written) + 1
    templates = project / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "back_cover.html").write_text(
        '<img src="{{ config.keywords[0] ~ \'/a.png\' }}" alt="">\n', "utf-8"
    )
    watched: list[list[str]] = []
    real_loaded: Callable[..., Any] = pipeline.loaded_languages
    stack = ExitStack()

    def loaded_then_watched(*arguments: Any) -> Any:
        result = real_loaded(*arguments)
        watched.append(stack.enter_context(reads_of(project)))
        return result

    monkeypatch.setattr(pipeline, "loaded_languages", loaded_then_watched)
    with stack, pytest.raises(ReportError) as caught:
        pipeline.build(project, tmp_path / "out", Log(0), ("screen",))
    problem = next(p for p in caught.value.problems if "canary.invalid" in p.message)
    assert (problem.where.path, problem.where.line) == ("report.toml", line)
    assert watched and watched[0] == []
