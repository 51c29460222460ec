"""Finishing a laid-out PDF (pdf/finish.py): what it says in the edition's language."""

from __future__ import annotations

from decade_report.compose.i18n import translations
from decade_report.pdf.finish import link_words


def test_a_link_is_described_in_the_edition_s_language() -> None:
    english, chinese, persian = (link_words(translations(lang)) for lang in ("en", "zh", "fa"))
    assert english("1 A Decade at a Glance", "3") == "1 A Decade at a Glance, page 3"
    assert chinese("1 十年概览", "3") == "1 十年概览，第3页"
    assert persian("فصل ۱", "۳") == "فصل ۱، صفحه ۳"
    assert (english("", "iv"), chinese("", "iv")) == ("page iv", "第iv页")
    assert english("Table 2", "") == "Table 2"
    assert (english("", ""), chinese("", "")) == ("a place in this report", "本报告中的一处")
