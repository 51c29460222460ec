"""Narrative files: YAML front matter with positions, and the line the Markdown body starts on."""

from __future__ import annotations

from pathlib import Path

import pytest

from decade_report.errors import Location, Problem, ReportError
from decade_report.load.narrative import NarrativeFile, load_narrative


def narrative(folder: Path, text: str) -> NarrativeFile:
    chapters = folder / "chapters"
    chapters.mkdir(exist_ok=True)
    path = chapters / "01-intro.md"
    path.write_text(text, "utf-8")
    return load_narrative(path, folder)


def failure(folder: Path, text: str) -> Problem:
    with pytest.raises(ReportError) as caught:
        narrative(folder, text)
    [problem] = caught.value.problems
    assert problem.where.path == "chapters/01-intro.md"
    return problem


def test_front_matter_values_and_positions(tmp_path: Path) -> None:
    file = narrative(tmp_path, '---\ntitle: "Intro"\n  \nlayout: glance\n---\n\n## Heading\n')
    assert file.path == "chapters/01-intro.md"
    assert file.meta.values == {"title": "Intro", "layout": "glance"}
    assert file.meta.where == Location("chapters/01-intro.md", 2, 1)
    assert file.meta.at("layout") == Location("chapters/01-intro.md", 4, 1)


def test_body_line_is_the_first_line_after_the_front_matter(tmp_path: Path) -> None:
    text = "---\ntitle: Intro\nkicker: Overview\n---\nFirst paragraph.\n\n[[chart: x]]\n"
    file = narrative(tmp_path, text)
    assert file.body == "First paragraph.\n\n[[chart: x]]\n"
    assert file.body_line == 5
    lines = text.splitlines()
    assert lines[file.body_line - 1] == file.body.splitlines()[0]


def test_front_matter_may_end_with_dots_and_file_may_have_bom(tmp_path: Path) -> None:
    file = narrative(tmp_path, "\ufeff---\ntitle: Intro\n...\nBody\n")
    assert file.meta.values == {"title": "Intro"}
    assert (file.body, file.body_line) == ("Body\n", 4)


def test_empty_front_matter(tmp_path: Path) -> None:
    file = narrative(tmp_path, "---\n---\nBody\n")
    assert file.meta.values == {}
    assert file.body_line == 3


@pytest.mark.parametrize(
    "text",
    ["title: Intro\n\nBody\n", "", "\n---\ntitle: x\n---\n"],
    ids=["no-dashes", "empty-file", "blank-first-line"],
)
def test_missing_front_matter(tmp_path: Path, text: str) -> None:
    problem = failure(tmp_path, text)
    assert problem.message == "missing front matter"
    assert problem.where.line == 1


def test_unclosed_front_matter(tmp_path: Path) -> None:
    problem = failure(tmp_path, "---\ntitle: Intro\n\nBody text\n")
    assert problem.message == "front matter is not closed"
    assert problem.where.line == 1


def test_malformed_front_matter_points_at_the_file_line(tmp_path: Path) -> None:
    problem = failure(tmp_path, "---\ntitle: Intro\nsummary: one: two\n---\nBody\n")
    assert "malformed YAML" in problem.message
    assert problem.where.line == 3


def test_front_matter_that_is_not_a_mapping(tmp_path: Path) -> None:
    problem = failure(tmp_path, "---\n- title\n---\nBody\n")
    assert problem.message == "front matter must be 'key: value' lines"
    assert problem.where.line == 2
