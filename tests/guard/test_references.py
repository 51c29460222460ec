"""load_guard reads templates, CSS and SVG the way the renderer reads them (issue 11, item 7):
each hostile reference is refused by `decade-report check`, located where it is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import hostile_projects
from decade_report.cli import main
from decade_report.guard.references import template_problems, theme_texts
from decade_report.guard.templates import FontFaceWithoutFile, html_references


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): these
    tests are about one report's sources."""
    return english_project


GUARDED = [
    "CSS-escaped url()",
    "CSS-escaped function name",
    "<?xml-stylesheet href = …?>",
    "@font-face to a missing file",
    "@font-face to a non-font",
    "@font-face without a file",
]


def check_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["check", str(project)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    return [line for line in err.splitlines() if ": error: " in line]


@pytest.mark.parametrize("name", GUARDED)
def test_check_refuses_the_reference_where_it_is_written(
    project: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    where, message = hostile_projects.MAKERS[name](project)
    [error] = check_errors(project, capsys)
    assert error.startswith(f"{where}: error: {message}"), error


def references(html: str) -> list[tuple[str, str, str]]:
    return [
        (str(r.where), r.what, r.target)
        for r in html_references(html, "t.html")
        if not isinstance(r, FontFaceWithoutFile)
    ]


def test_html_is_read_as_the_renderer_reads_it() -> None:
    html = (
        "<p>\n"
        "<IMG SRC=http://a.test/1.png alt=x>\n"  # unquoted, upper case
        '<img src="data:,x" srcset="b.png 1x, http://b.test/2.png 2x">\n'
        '<a href="https://example.org/">a link is followed by a reader only</a>\n'
        '<div style="background: u\\72l(http://c.test/3.png)"></div>\n'
        "<style>\n.x { background: url(http\\3a //d.test/4.png) }\n</style>\n"
        '<svg><image xlink:href="http://e.test/5.png"/><rect fill="url(http://f.test/6)"/></svg>\n'
        '<!-- <img src="http://g.test/commented.png"> -->\n'
        '<textarea><img src="http://h.test/text.png"></textarea>\n'
    )
    assert references(html) == [
        ("t.html:2:10", "<img src>", "http://a.test/1.png"),
        ("t.html:3:11", "<img src>", "data:,x"),
        ("t.html:3:28", "<img srcset>", "b.png"),
        ("t.html:3:28", "<img srcset>", "http://b.test/2.png"),
        ("t.html:5:29", "url() in <div style>", "http://c.test/3.png"),
        ("t.html:7:22", "url()", "http://d.test/4.png"),
        ("t.html:9:25", "<image xlink:href>", "http://e.test/5.png"),
        ("t.html:9:63", "url() in <rect fill>", "http://f.test/6"),
    ]


def test_a_style_element_keeps_its_lines() -> None:
    html = "<html><head>\n<style>\np { color: red }\n\n@import 'http://x.test/a.css';\n</style>"
    assert references(html) == [("t.html:5:10", "@import", "http://x.test/a.css")]


def test_jinja_inside_a_reference_is_left_to_the_renderer(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile_projects.project_css(
        project, ".a { background: url('{{ config.logo }}') }\n{# url(http://x.test/) #}\n"
    )
    assert main(["check", str(project)]) == 0, capsys.readouterr().err


@pytest.mark.parametrize(
    "maker", [hostile_projects.svg_named_png, hostile_projects.huge_markdown_image]
)
def test_every_markdown_image_is_held_to_the_image_limits(
    project: Path, capsys: pytest.CaptureFixture[str], maker: Callable[[Path], tuple[str, str]]
) -> None:
    where, message = maker(project)
    [error] = check_errors(project, capsys)
    assert error.startswith(f"{where}: error: {message}"), error


def test_template_code_inside_a_reference_cannot_change_how_the_rest_is_read(
    tmp_path: Path,
) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.html").write_text(
        "<div style=\"background:image-set('{{ 'http://' ~ host ~ '/' }}a' 1x)\">a</div>\n"
        '{% if x %}<img src="http://x.test/a.png">{% endif %}\n'
        "<img src=\"{{ 'http://' }}y.test/b.png\">\n",
        "utf-8",
    )
    found = [(str(p.where), p.message) for p in template_problems(tmp_path, theme_texts(tmp_path))]
    assert found == [
        (
            "templates/t.html:2:21",
            "<img src> refers to 'http://x.test/a.png', on the network: "
            "the build never downloads anything",
        ),
    ]


def test_a_template_that_reads_as_a_file_name_is_read_as_text(tmp_path: Path) -> None:
    """tinyhtml5 takes a short str for a file name and reads the file: a template whose whole
    text names a file outside the project must be parsed as that text, never as the file."""
    outside = tmp_path / "outside.html"
    outside.write_text('<img src="http://127.0.0.1:9/leak.png">', "utf-8")
    assert list(html_references(str(outside), "templates/cover.html")) == []
    long_name = "\ue000" * 100  # over the file system's name limit once encoded
    assert list(html_references(long_name, "templates/cover.html")) == []
