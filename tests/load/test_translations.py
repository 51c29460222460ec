"""Another language's sources: translations beside the originals, the first language's text with
a located warning where one is missing, and the names of [names.<lang>] (load/translations.py)."""

from __future__ import annotations

from pathlib import Path

from decade_report.errors import Severity
from decade_report.load.project import load_report
from decade_report.load.translations import translated_source
from decade_report.validate.report import validate
from projects import append, copy_sample, replace


def test_a_translated_chapter_replaces_its_original_and_a_missing_one_is_told(
    tmp_path: Path,
) -> None:
    project = copy_sample(tmp_path / "project")  # in English, Chinese and Persian
    (project / "message.zh.md").unlink()
    (project / "chapters" / "01-decade-at-a-glance.zh.md").unlink()
    replace(project, "report.toml", 'title = "空间合作十年"\n', "")
    (project / "chapters" / "08-outlook.zh.md").write_text(
        '---\ntitle: "展望"\n---\n\n亚太空间合作组织展望未来。\n', "utf-8"
    )
    source = load_report(project)
    # the translation is not a chapter of the first language (nor a badly named file)
    assert not [p for p in source.problems if "08-outlook.zh.md" in str(p.where)]
    assert len(source.chapters) == 9

    report = validate(translated_source(source, "zh"))
    assert report.config.language == "zh" and report.config.languages == ("zh", "en", "fa")
    assert report.config.sources_language == "en"
    assert report.config.organisation == "亚太空间合作组织"
    assert report.config.title == "A Decade of Space Cooperation"  # not given: as in English
    outlook = next(c for c in report.chapters if c.number == 8)
    assert outlook.title == "展望" and "展望未来" in outlook.body
    missing = sorted(str(w.where) for w in report.warnings if "no zh translation" in w.message)
    assert "chapters/01-decade-at-a-glance.zh.md" in missing
    assert "message.zh.md" in missing
    assert "chapters/08-outlook.zh.md" not in missing
    assert all(
        w.severity is Severity.WARNING for w in report.warnings if "translation" in w.message
    )
    # the English report is untouched
    english = validate(source)
    assert english.config.language == "en"
    assert not [w for w in english.warnings if "translation" in w.message]


def test_a_translation_referring_outside_the_project_is_refused(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "project")
    (project / "chapters" / "08-outlook.zh.md").write_text(
        '---\ntitle: "展望"\n---\n\n![地图](../../outside.svg)\n', "utf-8"
    )
    translated = translated_source(load_report(project), "zh")
    refused = [
        p
        for p in translated.problems
        if p.where.path == "chapters/08-outlook.zh.md" and p.severity is Severity.ERROR
    ]
    assert refused and refused[0].where.line == 5


def test_the_projects_catalogue_is_read_with_the_sources_and_a_broken_one_is_located(
    tmp_path: Path,
) -> None:
    project = copy_sample(tmp_path / "project")
    translated = translated_source(load_report(project), "zh")
    assert 'msgstr "正式成员国"' in translated.texts["locales/zh.po"]
    assert not [p for p in translated.problems if p.where.path == "locales/zh.po"]

    append(project, "locales/zh.po", 'msgid "Capital"\nmsgsrt "首都"')  # a typo
    broken = translated_source(load_report(project), "zh")
    problems = [p for p in broken.problems if p.where.path == "locales/zh.po"]
    assert problems and problems[0].severity is Severity.ERROR
    lines = (project / "locales" / "zh.po").read_text("utf-8").splitlines()
    assert lines[problems[0].where.line - 1] == 'msgsrt "首都"'
    assert "locales/zh.po" not in broken.texts
