"""A report in two languages: one set of editions each, labels from the catalogue, the names of
report.toml's [names.zh], translated sources beside the originals and a located warning for a
chapter not yet translated (issue 16)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from decade_report.errors import Severity
from decade_report.log import Log
from decade_report.pipeline import build
from projects import append, copy_sample, replace

MESSAGE_ZH = """---
title: "秘书长致辞"
author: "李新军博士"
role: "亚太空间合作组织秘书长"
date: 2018-11-14
---

亚太空间合作组织成立于2008年，到2018年已走过十年空间合作之路。我们衷心感谢各成员国的合作精神。

让我们携手共创亚太空间合作的美好未来。
"""


OUTLOOK_ZH = """---
title: "展望：迈向亚太空间合作组织2030愿景"
kicker: "下一个十年"
summary: "在十年合作的基础上，亚太空间合作组织展望2030愿景，加强合作网络，扩大成员范围。"
layout: narrative
---

## 第一个十年的经验

在十年合作的基础上，亚太空间合作组织展望2030愿景：加强六个合作网络，扩大成员范围，深化与联合国外层空间事务厅及各国空间机构的合作，为实现“空间2030”议程作出贡献。各成员国将继续共享空间技术及其应用的成果，推动区域经济社会的可持续发展。

在十年合作的基础上，亚太空间合作组织展望2030愿景：加强六个合作网络，扩大成员范围，深化与联合国外层空间事务厅及各国空间机构的合作，为实现“空间2030”议程作出贡献。各成员国将继续共享空间技术及其应用的成果，推动区域经济社会的可持续发展。

在十年合作的基础上，亚太空间合作组织展望2030愿景：加强六个合作网络，扩大成员范围，深化与联合国外层空间事务厅及各国空间机构的合作，为实现“空间2030”议程作出贡献。各成员国将继续共享空间技术及其应用的成果，推动区域经济社会的可持续发展。

## 下一个十年的重点

在十年合作的基础上，亚太空间合作组织展望2030愿景：加强六个合作网络，扩大成员范围，深化与联合国外层空间事务厅及各国空间机构的合作，为实现“空间2030”议程作出贡献。各成员国将继续共享空间技术及其应用的成果，推动区域经济社会的可持续发展。

在十年合作的基础上，亚太空间合作组织展望2030愿景：加强六个合作网络，扩大成员范围，深化与联合国外层空间事务厅及各国空间机构的合作，为实现“空间2030”议程作出贡献。各成员国将继续共享空间技术及其应用的成果，推动区域经济社会的可持续发展。

在十年合作的基础上，亚太空间合作组织展望2030愿景：加强六个合作网络，扩大成员范围，深化与联合国外层空间事务厅及各国空间机构的合作，为实现“空间2030”议程作出贡献。各成员国将继续共享空间技术及其应用的成果，推动区域经济社会的可持续发展。

在十年合作的基础上，亚太空间合作组织展望2030愿景：加强六个合作网络，扩大成员范围，深化与联合国外层空间事务厅及各国空间机构的合作，为实现“空间2030”议程作出贡献。各成员国将继续共享空间技术及其应用的成果，推动区域经济社会的可持续发展。
"""


def bilingual_project(tmp_path: Path) -> Path:
    project = copy_sample(tmp_path / "project")
    replace(project, "report.toml", 'languages = ["en"]', 'languages = ["en", "zh"]')
    append(
        project,
        "report.toml",
        '[names.zh]\ntitle = "空间合作十年"\nsubtitle = "十年成就报告 2008–2018"\n'
        'organisation = "亚太空间合作组织"\norganisation_short = "APSCO"',
    )
    (project / "message.zh.md").write_text(MESSAGE_ZH, "utf-8")
    (project / "chapters" / "08-outlook.zh.md").write_text(OUTLOOK_ZH, "utf-8")
    return project


@pytest.mark.slow
def test_chinese_edition_beside_the_english_one(tmp_path: Path) -> None:
    project = bilingual_project(tmp_path)
    out = tmp_path / "build"
    result = build(project, out, Log(0), editions=("screen",))

    english = subprocess.run(
        ["pdftotext", str(out / "apsco-decade-report-screen.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    chinese = subprocess.run(
        ["pdftotext", str(out / "apsco-decade-report-zh-screen.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Contents" in english and "目录" not in english
    assert "亚太空间合作组织" in chinese
    for label in ("目录", "秘书长致辞", "第2章", "附件", "来源：", "图2.1", "迈向亚太空间合作组织"):
        assert label in chinese, label
    # a member state's name from CLDR, a date in the Chinese long form
    assert "孟加拉国" in chinese and "2008年12月16日" in chinese

    entries = json.loads((out / "manifest.json").read_text("utf-8"))["outputs"]
    languages = {e["path"]: e.get("language") for e in entries}
    assert languages["apsco-decade-report-screen.pdf"] == "en"
    assert languages["apsco-decade-report-zh-screen.pdf"] == "zh"

    untranslated = [
        w
        for w in result.warnings
        if w.severity is Severity.WARNING and "no zh translation" in w.message
    ]
    assert {w.where.path for w in untranslated} == {
        f"chapters/{p.stem}.zh.md"
        for p in sorted((project / "chapters").glob("??-*.md"))
        if "." not in p.stem and p.stem != "08-outlook"
    }
