"""Data values that are words, in the edition's language (validate/data_languages.py): a
`<field>_<lang>` key or column first, then the project's catalogue, else the value as written
with a warning; never an id, never a column of its own (issue 16)."""

from __future__ import annotations

from pathlib import Path

from decade_report.checking import composed, loaded
from decade_report.errors import Severity

SAMPLE = Path(__file__).resolve().parents[2] / "report"


def test_a_name_in_the_language_wins_and_the_first_language_keeps_its_own() -> None:
    chinese = loaded(SAMPLE, language="zh")[0]
    english = loaded(SAMPLE)[0]
    dssp = {p.id: p for p in chinese.programmes}["dssp"]
    assert dssp.name == "数据共享服务平台"  # name_zh of data/programmes.yaml
    assert dssp.network == "data-sharing"  # a reference is never translated
    assert {p.id: p for p in english.programmes}["dssp"].name == "Data Sharing Service Platform"
    assert {p.id: p for p in loaded(SAMPLE, language="fa")[0].programmes}["dssp"].name == (
        "سامانۀ خدمات اشتراک\u200cگذاری داده\u200cها"
    )
    # the catalogue translates what the data gives in the first language only
    assert chinese.networks[0].name == "数据共享"
    # no edition sees the translations as columns of their own, nor a report of reports/ whose
    # languages are fewer (the annual report is in English only: name_zh is no field of it)
    annual = loaded(SAMPLE, "annual-2018")[0]
    assert annual.config.languages == ("en",)
    for report in (chinese, english, annual):
        assert not [c for c in report.datasets["programmes"].columns if c.endswith(("_zh", "_fa"))]


def test_a_label_missing_from_the_catalogue_prints_as_written_with_a_warning(
    project: Path, edit
) -> None:
    edit("locales/zh.po", 'msgid "workshop"\nmsgstr "讲习班"\n', "")
    report = loaded(project, language="zh")[0]
    assert "workshop" in {t.kind for t in report.trainings}
    assert "讲习班" not in {t.kind for t in report.trainings}
    warnings = [w for w in report.warnings if w.where.path == "locales/zh.po"]
    assert [(w.message, w.severity) for w in warnings] == [
        (
            'no zh translation of the label "workshop": the zh edition prints it in en',
            Severity.WARNING,
        )
    ]
    assert "kind_zh to data/trainings.xlsx" in warnings[0].hint


def test_a_field_some_rows_translate_is_warned_at_the_rows_that_do_not(project: Path) -> None:
    path = project / "data" / "events.csv"
    lines = path.read_text("utf-8").splitlines()
    lines[0] += ",title_zh"
    lines[1] += ",亚太空间合作组织理事会第一次会议"
    lines[2:] = [line + "," for line in lines[2:]]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    report = loaded(project, language="zh")[0]
    assert report.events[0].title == "亚太空间合作组织理事会第一次会议"
    assert report.events[1].title == "2nd Meeting of the APSCO Council"
    gaps = [w for w in report.warnings if "no title_zh here" in w.message]
    assert len(gaps) == len(lines) - 2
    assert gaps[0].where.path == "data/events.csv" and gaps[0].where.line == 3
    assert gaps[0].message == (
        "events: no title_zh here, which other rows have: the zh edition prints"
        " '2nd Meeting of the APSCO Council' in en"
    )
    # the English edition neither warns nor changes
    english = loaded(project)[0]
    assert english.events[0].title == "1st Meeting of the APSCO Council"
    assert not [w for w in english.warnings if "title_zh" in w.message]


def test_a_category_the_data_translates_is_charted_and_tabled_without_a_lookup(
    project: Path, edit
) -> None:
    edit(
        "data/programmes_by_network.yaml",
        "- network: Data Sharing\n",
        "- network: Data Sharing\n  network_zh: 数据共享网络\n",
    )
    report, theme = loaded(project, language="zh")
    assert report.datasets["programmes_by_network"].rows[0].values["network"] == "数据共享网络"
    composition = composed(project, done=(report, theme))[2]
    assert "数据共享网络" in composition.html  # the annex's data table, and the chart's alt text
    assert "数据共享网络 1" in composition.html
    assert not [label for label in composition.untranslated if "数据共享" in label]
