"""Captions, mentions and the "continued" marker in every language of locales/, from the
catalogues (pdf/captions.py): what the layout lint reads on Chinese pages."""

from __future__ import annotations

from decade_report.pdf.captions import caption_pattern, continued_pattern, label, mention_pattern
from decade_report.pdf.layout import Line


def caption(text: str) -> str:
    return label(caption_pattern().match(text))


def test_a_caption_in_english_or_chinese_has_one_label() -> None:
    assert caption("Figure 2.1 Cooperative projects") == "Figure 2.1"
    assert caption("图2.1 在研合作项目") == "Figure 2.1"
    assert caption("表 3.2（续）") == "Table 3.2"
    assert caption("Table 3") == "Table 3"
    # not captions: a word that only starts like one
    assert caption("Tables 3") == ""
    assert caption("图表2") == ""
    line = Line(0, 10, 0, 100, "表4.1 成员国", 7.8, "notosans", False, 1)
    assert line.label == "Table 4.1"


def test_mentions_in_chinese_text_need_no_spaces() -> None:
    found = [label(m) for m in mention_pattern().finditer("如图2.1所示，见表3.1；see Figure 4.2")]
    assert found == ["Figure 2.1", "Table 3.1", "Figure 4.2"]
    assert not list(mention_pattern().finditer("Configure 2 devices"))


def test_the_continued_marker_in_both_languages() -> None:
    assert continued_pattern().search("表3.1（续）")
    assert continued_pattern().search("Table 3.1 (continued)")
    assert not continued_pattern().search("表3.1 成员国")
