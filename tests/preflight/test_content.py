"""Content checks of preflight: the sample is clean but for the typos of its message, and each
check, broken on purpose in a copy of the sample, reports the exact file, line and column."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from decade_report.errors import Severity
from decade_report.pipeline import composed
from decade_report.preflight.registry import Finding
from decade_report.preflight.run import all_content_checks, check_content


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): these
    tests are about one report's sources."""
    return english_project


Edit = Callable[[str, str, str], None]
SAMPLE = Path(__file__).resolve().parents[2] / "report"
CHAPTER_3 = "chapters/03-member-states.md"
CHAPTER_4 = "chapters/04-cooperative-networks-and-programmes.md"
CHAPTER_7 = "chapters/07-partnerships.md"

SEED_TYPOS = [
    ("Asia-PacificSpace", "Asia-Pacific Space"),
    ("over whelming", "overwhelming"),
    ("Institutionsand", "Institutions and"),
    ("stipulatedin", "stipulated in"),
    ("tappedwith", "tapped with"),
    ("baseof", "base of"),
    ("applicationswith", "applications with"),
    ("Asia-Pacificregion", "Asia-Pacific region"),
    ("alsoa", "also a"),
    ("agencies;international", "agencies; international"),
    ("tocontribute", "to contribute"),
    ("theefforts", "the efforts"),
    ("spacegovernance", "space governance"),
    ("Indonesia;one", "Indonesia; one"),
    ("acommunity", "a community"),
    ("spaceactivities", "space activities"),
]
"""Typos of the seed text of the sample's message (tests/fixtures/seed-message.md, the message
as it reached us, before `decade-report fix`), and what the check suggests for each."""
SEED_MESSAGE = Path(__file__).parents[1] / "fixtures" / "seed-message.md"


def findings_of(project: Path) -> list[Finding]:
    """The content findings as the build has them: on the report and its composition."""
    return check_content(*composed(project))


def position(project: Path, relative: str, text: str) -> tuple[int, int]:
    """1-based line and column of the first `text` in a project file."""
    content = (project / relative).read_text("utf-8")
    offset = content.index(text)
    return content.count("\n", 0, offset) + 1, offset - (content.rfind("\n", 0, offset) + 1) + 1


def at(findings: Sequence[Finding], check: str, relative: str, line: int, column: int) -> Finding:
    """The finding of `check` at relative:line:column (fails listing all the findings)."""
    for finding in findings:
        where = finding.where
        if (
            finding.check == check
            and where
            and (where.path, where.line, where.column)
            == (
                relative,
                line,
                column,
            )
        ):
            return finding
    listing = "\n".join(map(str, findings))
    pytest.fail(f"no {check} finding at {relative}:{line}:{column} in:\n{listing}")


@pytest.fixture(scope="module")
def seed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with its message as it reached us, seed typos and all."""
    target = tmp_path_factory.mktemp("seed") / "report"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("build", ".cache"))
    shutil.copyfile(SEED_MESSAGE, target / "message.md")
    return target


@pytest.fixture(scope="module")
def sample_findings(seed_project: Path) -> list[Finding]:
    return findings_of(seed_project)


def test_every_check_is_registered_with_a_summary() -> None:
    checks = {check.name: check.summary for check in all_content_checks()}
    assert set(checks) >= {
        "spelling",
        "numbers_match_the_data",
        "empty_sections",
        "cross_references",
        "figure_captions",
        "missing_glyphs",
    }
    assert all(summary for summary in checks.values())


def test_the_published_sample_is_clean() -> None:
    """The sample's message was corrected with `decade-report fix`: no finding is left."""
    assert [str(f) for f in findings_of(SAMPLE)] == []


def test_seed_text_has_only_its_typos(sample_findings: list[Finding]) -> None:
    assert [f for f in sample_findings if f.severity is Severity.ERROR] == []
    assert {(f.check, f.severity) for f in sample_findings} == {("spelling", Severity.WARNING)}
    assert {f.where.path for f in sample_findings if f.where} == {"message.md"}
    assert len(sample_findings) == len(SEED_TYPOS)
    assert sample_findings == sorted(sample_findings, key=lambda f: f.where or "")


@pytest.mark.parametrize(("typo", "suggestion"), SEED_TYPOS)
def test_seed_typo_is_located_with_a_suggestion(
    sample_findings: list[Finding], seed_project: Path, typo: str, suggestion: str
) -> None:
    line, column = position(seed_project, "message.md", typo)
    finding = at(sample_findings, "spelling", "message.md", line, column)
    assert finding.severity is Severity.WARNING
    assert f"'{typo}'" in finding.message
    assert finding.hint.startswith(f"did you mean '{suggestion}'?")
    assert finding.fix == (typo, suggestion)


def test_misspelt_word_gets_the_nearest_word(project: Path, edit: Edit) -> None:
    edit(CHAPTER_4, "access to satellite data", "access to satelite data")
    line, column = position(project, CHAPTER_4, "satelite")
    finding = at(findings_of(project), "spelling", CHAPTER_4, line, column)
    assert finding.message == "'satelite' is not in the dictionary"
    assert finding.hint.startswith("did you mean 'satellite'?")


def test_wordlist_entry_is_not_an_error(project: Path, edit: Edit) -> None:
    edit(CHAPTER_7, "Beihang University in Beijing has", "Zorblax University in Beijing has")
    line, column = position(project, CHAPTER_7, "Zorblax")
    at(findings_of(project), "spelling", CHAPTER_7, line, column)
    with (project / "wordlist.txt").open("a", encoding="utf-8") as wordlist:
        wordlist.write("Zorblax  # a university's name\n")
    assert not [f for f in findings_of(project) if "Zorblax" in f.message]


def test_British_spellings_names_and_acronyms_are_words(project: Path, edit: Edit) -> None:
    edit(
        CHAPTER_7,
        "## Universities and institutes\n",
        "## Universities and institutes\n\nThe centre recognised SUPARCO’s programmes, "
        "organised by CONIDA in Lima and GISTDA (`code_span`) <https://example.org/x>.\n",
    )
    assert not [f for f in findings_of(project) if f.where and f.where.path == CHAPTER_7]


def test_number_the_data_contradicts(project: Path, edit: Edit) -> None:
    edit(CHAPTER_3, "eight Full Member States", "nine Full Member States")
    edit(CHAPTER_4, "structured around six Cooperative", "structured around 7 Cooperative")
    findings = findings_of(project)
    line, column = position(project, CHAPTER_3, "nine Full Member States")
    finding = at(findings, "numbers_match_the_data", CHAPTER_3, line, column)
    assert finding.severity is Severity.ERROR
    assert finding.message == "the text says 'nine Full Member States' but the data has 8"
    assert "data/member_states.yaml" in finding.hint
    line, column = position(project, CHAPTER_4, "7 Cooperative")
    finding = at(findings, "numbers_match_the_data", CHAPTER_4, line, column)
    assert finding.message == "the text says '7 Cooperative Networks' but the data has 6"
    assert len([f for f in findings if f.check == "numbers_match_the_data"]) == 2


def test_empty_section(project: Path, edit: Edit) -> None:
    edit(CHAPTER_7, "## Universities and institutes", "## Alumni\n\n## Universities and institutes")
    with (project / "chapters/09-annexes.md").open("a", encoding="utf-8") as chapter:
        chapter.write("\n\n### Last words\n")
    findings = findings_of(project)
    line, column = position(project, CHAPTER_7, "## Alumni")
    finding = at(findings, "empty_sections", CHAPTER_7, line, column)
    assert (finding.severity, finding.message) == (Severity.WARNING, "section 'Alumni' is empty")
    line, column = position(project, "chapters/09-annexes.md", "### Last words")
    finding = at(findings, "empty_sections", "chapters/09-annexes.md", line, column)
    assert "nothing follows it" in finding.message
    assert len([f for f in findings if f.check == "empty_sections"]) == 2


def test_links_to_missing_anchors_and_files(project: Path, edit: Edit) -> None:
    edit(
        CHAPTER_4,
        "The catalogue that follows",
        "See [the figure](#figure-4-1), [data](#chapter-4-sharing-data), [the table](#nowhere), "
        "[numbers](../data/metrics.csv), [old numbers](../data/old.csv) and "
        "[the site](https://www.apsco.int). The catalogue that follows",
    )
    findings = [f for f in findings_of(project) if f.check == "cross_references"]
    line, column = position(project, CHAPTER_4, "#nowhere")
    finding = at(findings, "cross_references", CHAPTER_4, line, column)
    assert finding.severity is Severity.ERROR
    assert finding.message == "link to '#nowhere': nothing in the report has this id"
    line, column = position(project, CHAPTER_4, "../data/old.csv")
    finding = at(findings, "cross_references", CHAPTER_4, line, column)
    assert finding.message == "link to '../data/old.csv': no such file in the project"
    assert len(findings) == 2


def test_placed_chart_without_caption(project: Path, edit: Edit) -> None:
    edit(
        "charts.yaml",
        '  caption: "Satellite images distributed to Member States through the Data Sharing '
        'Service Platform, which has operated since 2012."\n',
        "",
    )
    line, column = position(project, "charts.yaml", "id: images-shared")
    finding = at(findings_of(project), "figure_captions", "charts.yaml", line, column)
    assert finding.severity is Severity.WARNING
    assert finding.message == "chart 'images-shared' is placed in the text without a caption"


def test_characters_no_font_has(project: Path, edit: Edit) -> None:
    """Once per script, at its first place; a symbol of no script once per character."""
    edit(CHAPTER_7, "the Group on Earth Observations.", "the Group on Earth ᚠ Observations.")
    edit("data/partners.yaml", "to hold observer status", "to hold 😀 observer status")
    edit("data/events.csv", "APSCO Space Law Forum", "APSCO Space Law ᚢᚠ Forum")
    findings = [f for f in findings_of(project) if f.check == "missing_glyphs"]
    line, column = position(project, CHAPTER_7, "ᚠ")
    finding = at(findings, "missing_glyphs", CHAPTER_7, line, column)
    assert finding.severity is Severity.ERROR
    assert finding.message == (
        "Runic text is in none of the available fonts: 2 different characters, first "
        "U+16A0 RUNIC LETTER FEHU FEOH FE F ('ᚠ') (3 times in the project)"
    )
    assert "assets/fonts/faces.toml" in finding.hint
    line, column = position(project, "data/partners.yaml", "😀")
    finding = at(findings, "missing_glyphs", "data/partners.yaml", line, column)
    assert finding.message == "U+1F600 GRINNING FACE ('😀') is in none of the available fonts"
    assert len(findings) == 2


def test_a_script_whose_font_package_is_missing_names_the_package(
    project: Path, edit: Edit
) -> None:
    """A [[system_face]] whose package is not installed: the error says what to install."""
    fonts = project / "assets" / "fonts"
    fonts.mkdir(parents=True)
    (fonts / "faces.toml").write_text(
        "[[system_face]]\n"
        'path = "/usr/share/fonts/truetype/noto/NotoSansRunic-NotInstalled.ttf"\n'
        'package = "fonts-noto-extra"\n'
        'family = "Noto Sans Runic"\n'
        'scripts = ["Runr"]\n',
        "utf-8",
    )
    edit(CHAPTER_7, "the Group on Earth Observations.", "the Group on Earth ᚠᚢ Observations.")
    [finding] = [f for f in findings_of(project) if f.check == "missing_glyphs"]
    assert finding.message.startswith("Runic text is in none of the available fonts")
    assert finding.hint.startswith("install the Debian package fonts-noto-extra")


def test_scripts_of_installed_font_packages_are_covered(project: Path, edit: Edit) -> None:
    """Khmer, Lao, Myanmar, Sinhala … come from fonts-noto-core, which the set-up installs."""
    names = "ព្រះរាជាណាចក្រកម្ពុជា ລາວ မြန်မာ ශ්‍රී ලංකා தமிழ் नेपाल საქართველო Հայաստան ኢትዮጵያ ישראל"
    edit(CHAPTER_7, "the Group on Earth Observations.", f"the Group on Earth Observations. {names}")
    assert [str(f) for f in findings_of(project) if f.check == "missing_glyphs"] == []
