"""The words inside a chart in the edition's language (charts/words.py): read back from the drawn
SVG, whose text is glyph outlines named by font and glyph id, so each drawn text is decoded
with the font's own glyph names and cmap. Chinese in the bundled CJK face; Persian joined
(contextual forms) and right to left; a word missing from the project's catalogue drawn as
written and reported with the edition's untranslated labels (issue 16)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

from fontTools.ttLib import TTFont

from decade_report.charts.render import ChartImage, render_charts
from decade_report.charts.words import ChartWords, describe
from decade_report.checking import check_sources, loaded
from decade_report.model.report import Report

SAMPLE = Path(__file__).resolve().parents[2] / "report"
FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"
SVG = "{http://www.w3.org/2000/svg}"
LINK = "{http://www.w3.org/1999/xlink}href"


def font_glyphs() -> dict[str, tuple[list[str], dict[str, int]]]:
    """PostScript-name prefix of the SVG ids → (glyph order, glyph name → code point)."""
    found = {}
    for path in [*FONTS.glob("*.ttf"), *FONTS.glob("*.otf")]:
        with TTFont(path, lazy=True) as font:
            prefix = re.sub(r"[^A-Za-z0-9-]", "", str(font["name"].getDebugName(6)))
            names = {name: code for code, name in font.getBestCmap().items()}
            found[prefix] = (font.getGlyphOrder(), names)
    return found


def glyph_char(name: str, cmap: dict[str, int]) -> str:
    if name in cmap:
        return chr(cmap[name])
    found = re.fullmatch(r"uni([0-9A-F]{4})(?:\..*)?", name)
    return chr(int(found[1], 16)) if found else "?"


def drawn_texts(svg: str) -> list[tuple[str, list[str]]]:
    """Each text of the chart as drawn from left to right: its characters (presentation forms
    as they are) and the fonts they are drawn in."""
    fonts = font_glyphs()
    texts = []
    for group in ElementTree.fromstring(svg).iter(f"{SVG}g"):
        if not group.get("id", "").startswith("text_"):
            continue
        placed = []
        for use in group.iter(f"{SVG}use"):
            prefix, _, glyph = use.get(LINK, "").lstrip("#").rpartition("-")
            shift = re.search(r"translate\(([-\d.]+)", use.get("transform", ""))
            order, cmap = fonts[prefix]
            char = glyph_char(order[int(glyph, 16)], cmap)
            placed.append((float(shift[1]) if shift else 0.0, char, prefix))
        placed.sort()
        texts.append(("".join(c for _, c, _ in placed), [p for _, _, p in placed]))
    return texts


def letters(text: str) -> str:
    """The letters of `text`, presentation forms as the letters they are, without spaces."""
    return unicodedata.normalize("NFKC", text).replace(" ", "")


def one_chart(report: Report, chart_id: str, cache: Path) -> ChartImage:
    chart = next(c for c in report.charts if c.id == chart_id)
    theme = loaded(SAMPLE)[1]
    return render_charts(replace(report, charts=[chart]), theme, cache)[chart_id]


def test_a_chinese_chart_draws_its_categories_in_chinese_in_the_cjk_face(tmp_path: Path) -> None:
    report = loaded(SAMPLE, language="zh")[0]
    image = one_chart(report, "programmes-by-network", tmp_path)
    texts = drawn_texts(image.path.read_text("utf-8"))
    chinese = {text: fonts for text, fonts in texts if "数据共享" in text or "教育培训" in text}
    assert set(chinese) == {"数据共享", "教育培训"}, [t for t, _ in texts]
    assert all(f.startswith("NotoSansCJKsc") for fonts in chinese.values() for f in fonts)
    assert not [t for t, _ in texts if "Data Sharing" in t]
    assert image.untranslated == ()
    # the alternative text too, its sentence from the tool's catalogue
    assert image.alt.startswith("条形图：各合作网络的项目。"), image.alt
    assert "数据共享 1" in image.alt


def test_a_persian_chart_draws_its_words_joined_and_right_to_left(tmp_path: Path) -> None:
    report = loaded(SAMPLE, language="fa")[0]
    image = one_chart(report, "programmes-by-network", tmp_path)
    label = "رصد زمینی اجرام فضایی"  # "Ground-Based Space Object Observation" in fa.po
    texts = [text for text, _ in drawn_texts(image.path.read_text("utf-8"))]
    # drawn from the left, a right-to-left label reads backwards: its last letter first
    [drawn] = [t for t in texts if letters(t)[::-1] == letters(label)]
    # joined: letters in their initial, medial and final forms, not the isolated ones of the text
    forms = [c for c in drawn if "\ufb50" <= c <= "\ufeff"]
    assert len(forms) >= len(label.replace(" ", "")) // 2, drawn
    assert {unicodedata.name(c).split()[-2] for c in forms} >= {"INITIAL", "FINAL"}
    assert image.alt.startswith("نمودار میله‌ای افقی: برنامه‌ها بر حسب شبکۀ همکاری."), image.alt
    assert "۱" in image.alt and "1" not in image.alt  # the numbers in Persian digits


def test_a_chart_word_missing_from_the_catalogue_is_drawn_as_written_and_reported(
    project: Path, edit, tmp_path: Path
) -> None:
    edit("locales/zh.po", 'msgid "Active cooperative projects"\nmsgstr "在研合作项目"\n', "")
    report = loaded(project, language="zh")[0]
    image = one_chart(report, "projects-active", tmp_path)
    assert image.untranslated == ("Active cooperative projects",)
    assert image.alt.startswith("折线图：在研合作项目，2008–2018。 Active cooperative projects从")
    warnings = check_sources(project)[0].warnings
    assert [w.message for w in warnings if w.where.path == "locales/zh.po"] == [
        'no zh translation of the label "Active cooperative projects": the zh edition prints it'
        " in en"
    ]


def test_the_first_language_keeps_the_english_alt_text() -> None:
    report = loaded(SAMPLE)[0]
    chart = next(c for c in report.charts if c.id == "programmes-by-network")
    text = describe(chart, report.datasets[chart.dataset], ChartWords("en", "en"))
    assert text.startswith("Horizontal bar chart: Programmes by Cooperative Network. Programmes:")
    assert "Data Sharing 1, Space Segment" in text
