"""The theme: tokens and font faces are validated and located; the docs list every token."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import hostile_projects
from decade_report.errors import ValidationFailed
from decade_report.load.toml_file import read_toml
from decade_report.reference import SECTIONS, refreshed
from decade_report.theme.tokens import Tokens, default_theme_root, load_theme

ROOT = Path(__file__).resolve().parents[2]


def test_unknown_font_family_is_located_with_a_hint(project: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        load_theme(project, {"font_text": "Noto Serf"})
    (problem,) = caught.value.problems
    assert "font family 'Noto Serf' (font_text) is not a bundled font" in problem.message
    assert "Noto Serif" in problem.hint


def test_bad_token_value_is_located_in_report_toml(project: Path, edit) -> None:
    edit("report.toml", 'brand = "#0b4f8a"', 'brand = "blue"')
    line = next(
        n
        for n, text in enumerate((project / "report.toml").read_text("utf-8").splitlines(), 1)
        if text.startswith("brand =")
    )
    settings = read_toml(project / "report.toml", "report.toml")
    with pytest.raises(ValidationFailed) as caught:
        load_theme(project, settings.data["theme"], settings)
    (problem,) = caught.value.problems
    assert (problem.where.path, problem.where.line) == ("report.toml", line)
    assert "theme: 'brand'" in problem.message


def test_a_project_adds_its_own_font_face(project: Path) -> None:
    fonts = project / "assets" / "fonts"
    fonts.mkdir(parents=True)
    shutil.copy(default_theme_root() / "assets" / "fonts" / "Inter-Bold.otf", fonts / "Brand.otf")
    (fonts / "faces.toml").write_text(
        '[[face]]\nfile = "Brand.otf"\nfamily = "Brand Sans"\nweight = 700\n', "utf-8"
    )
    theme = load_theme(project, {"font_heading": "Brand Sans"})
    (path, face), *defaults = theme.faces
    assert path == fonts / "Brand.otf"
    assert (face.file, face.family, face.weight, face.style) == (
        "Brand.otf",
        "Brand Sans",
        700,
        "normal",
    )
    # the project's face comes first, the default theme's follow it
    assert defaults and all(not p.is_relative_to(project) for p, _ in defaults)
    assert theme.tokens.font_heading == "Brand Sans"


def test_a_face_whose_file_is_missing_is_located(project: Path) -> None:
    fonts = project / "assets" / "fonts"
    fonts.mkdir(parents=True)
    (fonts / "faces.toml").write_text(
        '[[face]]\nfile = "Brand.otf"\nfamily = "Brand Sans"\n', "utf-8"
    )
    with pytest.raises(ValidationFailed) as caught:
        load_theme(project, {})
    (problem,) = caught.value.problems
    assert (problem.where.path, problem.where.line) == ("assets/fonts/faces.toml", 2)
    assert "font file 'Brand.otf' not found" in problem.message


def test_generated_docs_are_current() -> None:
    for relative, sections in SECTIONS.items():
        text = (ROOT / relative).read_text("utf-8")
        assert refreshed(text, sections) == text, (
            f"{relative} is stale: run .venv/bin/python -m decade_report.reference"
        )


def test_theming_docs_list_every_token() -> None:
    text = (ROOT / "docs" / "theming.md").read_text("utf-8")
    for name in Tokens.model_fields:
        assert f"| `{name}` |" in text


# --- damaged font and ICC files (issue 11, item 5) --------------------------------------------


@pytest.mark.parametrize(
    "maker",
    [
        hostile_projects.font_of_random_bytes,
        hostile_projects.truncated_font,
        hostile_projects.icc_of_random_bytes,
        hostile_projects.truncated_icc,
        hostile_projects.rgb_icc,
    ],
)
def test_a_damaged_font_or_icc_profile_is_located_when_the_theme_loads(
    project: Path, maker: Callable[[Path], tuple[str, str]]
) -> None:
    where, message = maker(project)
    with pytest.raises(ValidationFailed) as caught:
        load_theme(project, {})
    (problem,) = caught.value.problems
    assert str(problem.where) == where
    assert problem.message.startswith(message), problem.message
    assert problem.hint


def test_a_good_project_icc_profile_is_accepted(project: Path) -> None:
    (project / "assets" / "icc").mkdir(parents=True)
    shutil.copy(hostile_projects.ICC, project / "assets" / "icc" / "FOGRA39.icc")
    assert load_theme(project, {}).asset("icc/FOGRA39.icc").is_relative_to(project)
