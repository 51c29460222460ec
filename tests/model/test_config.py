"""report.toml: the schema, and problems located in the file: names print as stored (no
invisible format characters), recipients are limited in number and have distinct copies."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from decade_report.cli import main
from decade_report.errors import Location, ReportError, ValidationFailed
from decade_report.load.toml_file import toml_file
from decade_report.model.config import Limits, load_config

Edit = Callable[[str, str, str], None]


def line_of(project: Path, text: str, occurrence: int = 1) -> int:
    lines = (project / "report.toml").read_text("utf-8").splitlines()
    return [n for n, line in enumerate(lines, 1) if text in line][occurrence - 1]


@pytest.mark.parametrize(
    ("old", "new", "character"),
    [
        (
            'name = "Delegation of China"',
            'name = "Delegation of \u202eanihC"',
            "U+202E (RIGHT-TO-LEFT OVERRIDE)",
        ),
        (
            'name = "Delegation of China"',
            'name = "Delegation of \u2066China\u2069"',
            "U+2066 (LEFT-TO-RIGHT ISOLATE)",
        ),
        ('title = "', 'title = "\u200b', "U+200B (ZERO WIDTH SPACE)"),
        ('organisation = "', 'organisation = "\u061c', "U+061C (ARABIC LETTER MARK)"),
    ],
    ids=["rlo-recipient", "isolate-recipient", "zwsp-title", "alm-organisation"],
)
def test_invisible_format_characters_in_names_are_refused_where_written(
    project: Path,
    edit: Edit,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    character: str,
) -> None:
    edit("report.toml", old, new)
    line = line_of(project, new[:8] if new.startswith(("title", "organisation")) else new)
    assert main(["check", "-q", str(project)]) == 1
    [first, *_] = capsys.readouterr().err.splitlines()
    assert first.startswith(f"report.toml:{line}:1: error: '"), first
    assert f"contains the invisible character {character}; delete it" in first


def test_joiners_that_scripts_need_are_accepted(project: Path, edit: Edit) -> None:
    persian = "\u0646\u0645\u0627\u06cc\u0646\u062f\u0647\u200c\u0647\u0627"  # ZWNJ inside
    edit("report.toml", 'name = "Delegation of China"', f'name = "{persian} \u200d"')
    config = load_config(project)
    assert persian in [r.name.strip(" \u200d") for r in config.recipients]


def test_recipients_over_the_limit_are_refused_at_the_first_one_too_many(
    project: Path, edit: Edit
) -> None:
    edit("report.toml", "[period]", "[limits]\nmax_recipients = 3\n\n[period]")
    count = (project / "report.toml").read_text("utf-8").count("[[recipients]]")
    assert count > 3
    with pytest.raises(ValidationFailed) as caught:
        load_config(project)
    [problem] = caught.value.problems
    assert problem.where == Location("report.toml", line_of(project, "[[recipients]]", 4), 1)
    assert problem.message == f"{count} recipients, over the limit of 3 (limits.max_recipients)"


def test_the_default_recipient_limit_is_documented() -> None:
    assert Limits().max_recipients == 500
    assert "recipients" in (Limits.model_fields["max_recipients"].description or "")


def test_two_recipients_with_one_copy_file_are_refused_at_the_second(
    project: Path, edit: Edit
) -> None:
    edit("report.toml", 'name = "Delegation of China"', 'name = "Delegation of  BANGLADESH"')
    with pytest.raises(ReportError) as caught:
        load_config(project)
    [problem] = caught.value.problems
    line = (
        (project / "report.toml")
        .read_text("utf-8")
        .splitlines()
        .index('name = "Delegation of  BANGLADESH"')
    )
    assert (problem.where.path, problem.where.line) == ("report.toml", line + 1)
    assert "copies/delegation-of-bangladesh.pdf" in problem.message
    assert "distinct name" in problem.hint


def test_keys_inside_the_nth_table_of_an_array_are_located() -> None:
    text = '[[recipients]]\nname = "A"\n\n[[recipients]]\nname = "B"\nstate = "XX"\n'
    file = toml_file(text, "r.toml")
    assert str(file.at("recipients", 1, "state")) == "r.toml:6:1"
    assert str(file.at("recipients", 1, "name")) == "r.toml:5:1"
    assert str(file.at("recipients", 0, "state")) == "r.toml:1:1"  # not written: its table


def test_dotted_quoted_and_inline_keys_are_located_where_written() -> None:
    """Positions come from the syntax tree, not a search for the key's name: a name that also
    appears earlier (in a comment, a string, another table) does not mislead it."""
    text = (
        '# brand = "#000000" is the default\n'
        'title = "brand = x"\n'
        '[contact]\nphone = "1"\n'
        '[theme]\n"brand" = "#123456"\n'
        'chart_palette = ["#111111",\n  "#222222"]\n'
        "limits.max_data_mb = { value = 2 }\n"
    )
    file = toml_file(text, "r.toml")
    assert str(file.at("theme", "brand")) == "r.toml:6:1"
    assert str(file.at("theme", "chart_palette", 1)) == "r.toml:8:3"
    assert str(file.at("theme", "limits", "max_data_mb", "value")) == "r.toml:9:24"
    assert str(file.at("contact", "fax")) == "r.toml:3:1"
    assert str(file.at("nowhere")) == "r.toml"


def test_every_section_of_report_toml_is_reported_in_one_run(project: Path) -> None:
    """An unknown key in [contact], a bad value at the top and a bad [theme] token: all three
    in one run, each at its line (the theme is not left for a second run)."""
    path = project / "report.toml"
    text = path.read_text("utf-8")
    text = text.replace('phone = "', 'telephone = "', 1)
    text = text.replace('page_size = "A4"', 'page_size = "A5"', 1)
    text = text.replace('brand = "#0b4f8a"', 'brand = "blue"\nbrnd = "#000000"', 1)
    path.write_text(text, "utf-8")
    with pytest.raises(ValidationFailed) as caught:
        load_config(project)
    lines = text.splitlines()
    found = {(p.where.line, p.message.split(":")[0]) for p in caught.value.problems}
    assert found == {
        (lines.index('page_size = "A5"') + 1, "'page_size'"),
        (
            next(i for i, x in enumerate(lines, 1) if x.startswith("telephone")),
            "unknown key 'telephone'",
        ),
        (lines.index('brand = "blue"') + 1, "theme"),
        (lines.index('brnd = "#000000"') + 1, "theme"),
    }
