"""How WeasyPrint breaks the lines of each language with the settings of report.css (`hyphens:
auto` on the document, `text-align: justify`), read from its own line boxes (issue 16):

- hyphenation follows `lang`: English words are hyphenated in an English paragraph and not in a
  Chinese or Persian one (pyphen has no dictionary for zh or fa, and the document's `lang` is
  inherited by every element, so no language gets another's dictionary);
- Chinese lines keep their punctuation (Pango's UAX #14 breaking): no line starts with a closing
  mark or ends with an opening one, at any width.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "assets" / "fonts"
CHINESE = (
    "亚太空间合作组织（APSCO）成立于2008年12月16日，总部设在北京。各成员国——孟加拉国、中国、伊朗、"
    "蒙古、巴基斯坦、秘鲁、泰国和土耳其——共同推动“空间2030”议程；组织在数据共享、空间段、"
    "灾害监测以及教育与培训等方面开展合作（见图2.1）。「合作」是核心：《公约》规定，成员国应当"
    "共享成果！这是否可行？答案是肯定的……<strong>数据共享</strong>，<em>空间段</em>。"
    "<a href='#x'>地基观测</a>、（<strong>灾害</strong>）「<em>教育</em>」。"
)
CLOSING = set("，。、：；！？）》」』”…")
OPENING = set("（《「『“")
LONG_WORDS = "internationalisation intergovernmental telecommunications " * 6


def line_texts(html: str, width: int, extra_css: str = "") -> list[str]:
    """The text of each line box WeasyPrint lays out for `html` in a box `width` px wide."""
    from weasyprint import CSS, HTML
    from weasyprint.formatting_structure import boxes
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    chinese, serif = (
        (FONTS / "NotoSansSC-Regular.ttf").as_uri(),
        (FONTS / "NotoSerif-Regular.ttf").as_uri(),
    )
    css = CSS(
        string=(
            f"@font-face {{ font-family: SC; src: url({chinese}) }}"
            f"@font-face {{ font-family: Serif; src: url({serif}) }}"
            "html { font-family: Serif, SC; font-size: 10pt; hyphens: auto }"
            f"p {{ text-align: justify; margin: 0; width: {width}px }} {extra_css}"
        ),
        font_config=fonts,
    )
    document = HTML(string=html).render(stylesheets=[css], font_config=fonts)

    def lines(box: object) -> Iterator[str]:
        if isinstance(box, boxes.LineBox):
            yield "".join(t.text for t in box.descendants() if isinstance(t, boxes.TextBox))
            return
        for child in getattr(box, "children", []):
            yield from lines(child)

    return [
        line.strip() for page in document.pages for line in lines(page._page_box) if line.strip()
    ]


def hyphenated(lines: list[str]) -> list[str]:
    return [line for line in lines if line.endswith(("-", "\u2010"))]


def test_english_words_are_hyphenated_in_english_only() -> None:
    english = line_texts(f'<html lang="en"><p>{LONG_WORDS}</p></html>', 90)
    assert hyphenated(english)  # the check sees hyphens where the language has them
    for language, direction in (("zh", "ltr"), ("fa", "rtl")):
        page = f'<html lang="{language}" dir="{direction}"><p>{LONG_WORDS}</p></html>'
        assert not hyphenated(line_texts(page, 90)), language
    # an English passage marked as such inside a Chinese document is hyphenated as English
    mixed = line_texts(f'<html lang="zh"><p lang="en">{LONG_WORDS}</p></html>', 90)
    assert hyphenated(mixed)


@pytest.mark.parametrize("width", [61, 97, 133, 170, 211, 257, 310])
def test_chinese_lines_never_start_with_closing_nor_end_with_opening_marks(width: int) -> None:
    lines = line_texts(f'<html lang="zh"><p>{CHINESE}</p></html>', width)
    assert len(lines) > 3
    wrong = [line for line in lines if line[0] in CLOSING or line[-1] in OPENING]
    assert not wrong, wrong


def test_the_punctuation_check_sees_a_forced_break() -> None:
    """The check above can fail: breaking anywhere (`overflow-wrap: anywhere` in a box a few
    characters wide) puts a comma at the start of a line."""
    lines = line_texts(
        '<html lang="zh"><p>合作，共享。发展，繁荣。</p></html>',
        12,
        "p { overflow-wrap: anywhere }",
    )
    assert any(line[0] in CLOSING for line in lines)
