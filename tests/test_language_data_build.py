"""The built sample in its other languages: data values, the charts' alternative texts and the
copies' stamps in the edition's language, with nothing of it left untranslated (issue 16)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from decade_report.pipeline import BuildResult

pytestmark = pytest.mark.slow


def text_of(pdf: Path, first: int = 0) -> str:
    pages = ["-f", str(first), "-l", str(first)] if first else []
    return subprocess.run(
        ["pdftotext", *pages, str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_the_chinese_and_persian_editions_print_the_data_in_their_language(
    built: BuildResult,
) -> None:
    out = built.manifest.parent
    chinese = text_of(out / "apsco-decade-report-zh-screen.pdf")
    # a programme's name from name_zh of data/programmes.yaml, a kind of training and of partner
    # from the project's catalogue
    for words in ("DSSP 数据共享服务平台", "SSS 学生小卫星", "学位项目", "航天机构"):
        assert words in chinese, words
    persian = (out / "web" / "fa" / "index.html").read_text("utf-8")
    assert "سامانۀ خدمات اشتراک‌گذاری داده‌ها" in persian
    # every label the editions print is in the sample's catalogues
    assert not [w for w in built.warnings if w.where.path.startswith("locales/")]


def test_the_charts_are_described_in_the_language_of_their_edition(built: BuildResult) -> None:
    web = built.manifest.parent / "web"
    chinese = (web / "zh" / "index.html").read_text("utf-8")
    assert "条形图：各合作网络的项目。 项目：数据共享 1、" in chinese
    assert "Horizontal bar chart" not in chinese
    persian = (web / "fa" / "index.html").read_text("utf-8")
    assert "نمودار میله‌ای افقی: برنامه‌ها بر حسب شبکۀ همکاری." in persian
    english = (web / "index.html").read_text("utf-8")
    assert "Horizontal bar chart: Programmes by Cooperative Network. Programmes: Data" in english


def test_every_copy_is_stamped_in_its_language(built: BuildResult) -> None:
    copies = built.manifest.parent / "copies"
    assert "巴基斯坦代表团专用副本 · 编号 05/13" in text_of(
        copies / "delegation-of-pakistan-zh.pdf", 1
    )
    assert "Copy for the Delegation of Pakistan · No. 05/13" in text_of(
        copies / "delegation-of-pakistan.pdf", 1
    )
    persian = text_of(copies / "delegation-of-pakistan-fa.pdf", 1)
    assert "Copy for" not in persian and "۰۵/۱۳" in persian
