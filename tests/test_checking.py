"""`decade-report check` in every language of the report (checking.py): each translation's front
matter against its original's, missing translations and labels as warnings, the content checks
of each language's edition (spelling only where the text is English)."""

from __future__ import annotations

from pathlib import Path

import pytest

from decade_report.checking import check_sources
from decade_report.errors import ReportError, Severity
from projects import append, copy_sample, place, replace


def test_check_reads_every_language_and_warns_of_what_is_missing(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "project")
    # a translation without the original's summary, a status label the catalogue lacks
    replace(project, "chapters/03-member-states.zh.md", "summary:", "#summary:")
    replace(project, "locales/zh.po", 'msgstr "观察员国"', 'msgstr ""')
    # a misspelt English word in a Chinese text is not the dictionary's business …
    append(project, "chapters/01-decade-at-a-glance.zh.md", "亚太空间合作组织的 Organizaton。")
    report, findings = check_sources(project)

    warnings = [w for w in report.warnings if w.severity is Severity.WARNING]
    told = {(str(w.where.path), w.message.split(":")[0]) for w in warnings}
    assert (
        "chapters/02-a-decade-in-time.zh.md",
        "no zh translation of chapters/02-a-decade-in-time.md",
    ) in told
    summary = next(w for w in warnings if w.where.path == "chapters/03-member-states.zh.md")
    assert "no summary" in summary.message
    label = next(w for w in warnings if w.where.path == "locales/zh.po")
    assert '"Observer State"' in label.message and "msgid" in label.hint
    assert not [f for f in findings if f.where and ".zh." in f.where.path and f.check == "spelling"]
    # … but the same word in the English sources is
    append(project, "chapters/01-decade-at-a-glance.md", "The Organizaton grew.")
    findings = check_sources(project)[1]
    assert [f for f in findings if f.check == "spelling" and "Organizaton" in f.message]


def test_a_translation_with_another_layout_is_an_error_at_its_line(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "project")
    replace(
        project, "chapters/03-member-states.zh.md", "layout: member_states", "layout: narrative"
    )
    with pytest.raises(ReportError) as raised:
        check_sources(project)
    problem = next(p for p in raised.value.problems if "layout" in p.message)
    assert problem.where == place(project, "chapters/03-member-states.zh.md", "layout:")
    assert "chapters/03-member-states.md" in problem.message
