"""A report in two languages: one set of editions each, labels from the catalogue, the names of
report.toml's [names.zh], translated sources beside the originals and a located warning for a
chapter not yet translated (issue 16)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pikepdf
import pytest

from decade_report.errors import Severity
from decade_report.log import Log
from decade_report.pipeline import build
from projects import copy_sample

TRANSLATED = ("01-decade-at-a-glance", "03-member-states", "08-outlook")

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
    """The sample (English and Chinese, two chapters and the message translated) with the
    outlook translated too."""
    project = copy_sample(tmp_path / "project")
    (project / "chapters" / "08-outlook.zh.md").write_text(OUTLOOK_ZH, "utf-8")
    return project


def text_of(pdf: Path, engine: str) -> str:
    """The text layer as poppler (pdftotext) or MuPDF (mutool) reads it."""
    command = (
        ["pdftotext", str(pdf), "-"]
        if engine == "poppler"
        else ["mutool", "draw", "-q", "-F", "txt", "-o", "-", str(pdf)]
    )
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


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
    chinese = text_of(out / "apsco-decade-report-zh-screen.pdf", "poppler")
    assert "Contents" in english and "目录" not in english
    # the acceptance of issue 16, read by two engines that share no code
    for engine in ("poppler", "mupdf"):
        read = text_of(out / "apsco-decade-report-zh-screen.pdf", engine)
        assert "亚太空间合作组织" in read, engine
        for state in ("孟加拉国", "中国", "伊朗", "蒙古", "巴基斯坦", "秘鲁", "泰国", "土耳其"):
            assert state in read, (engine, state)
    # statuses, key figures and the change of a chapter not yet translated, in Chinese
    for label in ("正式成员国", "观察员国", "年合作", "本章尚无中文译文，以下为英语原文。"):
        assert label in chinese, label
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
        if "." not in p.stem and p.stem not in TRANSLATED
    }
    # the sample's catalogue (locales/zh.po) translates every label the zh edition prints
    assert not [w for w in result.warnings if w.where.path == "locales/zh.po"]
    # the English text of an untranslated chapter is English in the structure tree (/Lang)
    with pikepdf.open(out / "apsco-decade-report-zh-screen.pdf") as pdf:
        assert str(pdf.Root.Lang) == "zh"
        marked = [
            element
            for element in structure_elements(pdf.Root.StructTreeRoot)
            if str(element.get("/Lang", "")) == "en"
        ]
        assert len(marked) >= 6  # a title, a summary and a text per untranslated chapter …


def structure_elements(node: pikepdf.Object) -> list[pikepdf.Dictionary]:
    found = []
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += [kid, *structure_elements(kid)]
    return found
