"""The Chinese edition of the sample as composed (nothing laid out): a chapter without translation
is marked in Chinese and carries lang="en"; the project's own labels come from its catalogue, and
one missing there is recorded (compose/fallback.py, compose/i18n.py `project_label`)."""

from __future__ import annotations

import re
from pathlib import Path

from decade_report.charts.render import planned_charts
from decade_report.checking import loaded
from decade_report.compose.document import compose
from decade_report.compose.numbering import Composition
from projects import copy_sample, replace


def composed_zh(project: Path, tmp_path: Path) -> Composition:
    report, theme = loaded(project, "", None, "zh")
    charts = planned_charts(report, theme, tmp_path / "charts")
    return compose(report, charts, theme, "screen")


def chapter_html(html: str, number: int) -> str:
    start = html.index(f'id="chapter-{number}"')
    end = html.find('<article class="chapter', start)
    return html[start : end if end > 0 else len(html)]


def test_an_untranslated_chapter_says_so_in_chinese_and_is_marked_english(tmp_path: Path) -> None:
    composition = composed_zh(copy_sample(tmp_path / "project"), tmp_path)
    timeline = chapter_html(composition.html, 2)  # chapters/02-a-decade-in-time.md: no zh
    assert '<p class="fallback-note">本章尚无中文译文，以下为英语原文。</p>' in timeline
    assert re.search(r'<h1 class="chapter-title"[^>]*lang="en"[^>]*>A Decade in Time', timeline)
    assert '<div class="chapter-text" lang="en">' in timeline
    assert "第2章" in timeline  # the chapter's labels stay Chinese, outside the English text
    # a figure placed in the English text has Chinese labels: it says so (/Lang in the PDF)
    assert '<figure lang="zh" class="chart" id="figure-2-1">' in timeline

    glance = chapter_html(composition.html, 1)  # translated: neither note nor lang
    assert "fallback-note" not in glance and 'lang="en"' not in glance.split("chapter-body")[0]
    assert "十年概览" in glance
    # the message is translated in the sample
    message = composition.html[composition.html.index('id="message"') :]
    assert "fallback-note" not in message.split("</section>")[0]


def test_an_untranslated_message_is_marked_too(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "project")
    (project / "message.zh.md").unlink()
    html = composed_zh(project, tmp_path).html
    message = html[html.index('id="message"') :].split("</section>")[0]
    assert "致辞尚无中文译文，以下为英语原文。" in message
    assert '<div class="message-body" lang="en">' in message


def test_the_projects_labels_from_its_catalogue_and_a_missing_one_recorded(
    tmp_path: Path,
) -> None:
    project = copy_sample(tmp_path / "project")
    composition = composed_zh(project, tmp_path)
    assert composition.untranslated == ()
    html = composition.html
    text = re.sub(r"<[^>]+>", "", html)  # what is printed (a chart's alt text is the chart's)
    for label in (
        "正式成员国",
        "观察员国",
        "年合作",
        "合作伙伴组织",
        "来源：亚太空间合作组织秘书处",
    ):
        assert label in text, label
    assert '<p class="key-label">年合作</p>' in html  # "years of cooperation"
    for english in ("Full Member State", "APSCO membership by status", "Programmes by Cooperative"):
        assert english not in text, english
    # CLDR's names of the member states in the tables of events and programmes, too
    assert "巴基斯坦" in chapter_html(html, 6)

    replace(project, "locales/zh.po", 'msgstr "观察员国"', 'msgstr ""')
    missing = composed_zh(project, tmp_path)
    assert missing.untranslated == ("Observer State",)
    assert "Observer State" in missing.html
