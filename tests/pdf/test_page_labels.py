"""/PageLabels give a viewer the printed folios in every language (pdf/page_labels.py, issue 16):
Roman front matter and decimal body in English and Chinese, abjad letters (prefixes, the styles
of PDF cannot write them) and a decimal body in Persian."""

from __future__ import annotations

import io

import pikepdf
import pypdf

from decade_report.pdf.page_labels import label_pages, printed_folios


def labels_as_read(pages: int, body_start: int, language: str, direction: str) -> list[str]:
    """The labels a PDF reader (pypdf, which follows ISO 32000's /PageLabels rules) gives each
    page of a document labelled by `label_pages`."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    label_pages(pdf, body_start, language, direction)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return list(pypdf.PdfReader(buffer).page_labels)


def test_english_and_chinese_front_matter_is_roman_and_the_body_decimal() -> None:
    for language in ("en", "zh"):
        assert labels_as_read(8, 3, language, "ltr") == ["i", "ii", "iii", "1", "2", "3", "4", "5"]
        assert printed_folios(5, 2, language) == ("i", "ii", "1", "2", "3")


def test_persian_front_matter_is_labelled_with_the_abjad_letters_printed_on_it() -> None:
    read = labels_as_read(15, 12, "fa", "rtl")
    printed = printed_folios(15, 12, "fa", "rtl")
    # rtl.css's counter style: ten letters, then the language's digits (its fallback)
    assert printed[:12] == ("الف", "ب", "ج", "د", "ه", "و", "ز", "ح", "ط", "ی", "۱۱", "۱۲")
    assert read[:12] == list(printed[:12])
    # the body: printed in Persian digits, labelled decimal (the same folio, typed as viewers
    # expect in their page box)
    assert printed[12:] == ("۱", "۲", "۳")
    assert read[12:] == ["1", "2", "3"]


def test_a_document_without_front_matter_is_decimal_throughout() -> None:
    assert labels_as_read(3, 0, "fa", "rtl") == ["1", "2", "3"]
    assert labels_as_read(3, 0, "en", "ltr") == ["1", "2", "3"]
