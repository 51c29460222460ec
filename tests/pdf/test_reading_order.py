"""Lines of right-to-left text read from a page in glyph (visual) order are put back in reading
order for the layout lint (pdf/reading_order.py, issue 16)."""

from __future__ import annotations

from decade_report.pdf.captions import caption_pattern, label
from decade_report.pdf.reading_order import reading_order


def test_a_persian_caption_drawn_right_to_left_is_read_from_its_label() -> None:
    # "نمودار ۱.۱ طرح‌های همکاری": the label at the right, so last in the glyphs' order
    visual = "یراکمه یاهحرط ۱.۱ رادومن"
    logical = reading_order(visual)
    assert logical == "نمودار ۱.۱ طرحهای همکاری"
    assert label(caption_pattern().match(logical)) == "Figure 1.1"


def test_numbers_and_latin_names_keep_their_order_and_brackets_are_mirrored() -> None:
    assert reading_order(")همادا( ۳.۱ لودج") == "جدول ۳.۱ (ادامه)"
    assert reading_order("APSCO رد تیوضع") == "عضویت در APSCO"


def test_left_to_right_lines_are_unchanged() -> None:
    assert reading_order("Figure 2.1 Milestones, 2005–2018.") == "Figure 2.1 Milestones, 2005–2018."
    # an English sentence with a Persian name stays an English sentence
    assert reading_order("the capital ناریا is Tehran").startswith("the capital ایران")
