"""The stamp of a copy in the edition's language (editions/stamp.py): Chinese in the CJK face,
Persian joined and right to left, a recipient missing from the project's catalogue printed as
written and reported; read back from the stamped PDF with poppler (issue 16)."""

from __future__ import annotations

import io
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
from weasyprint import HTML

from decade_report.checking import check_sources, loaded
from decade_report.editions.copies import stamp_copies
from decade_report.editions.stamp import stamp_words

SAMPLE = Path(__file__).resolve().parents[2] / "report"


def first_page_text(pdf: Path | bytes) -> str:
    source = ["-"] if isinstance(pdf, bytes) else [str(pdf)]
    return subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", *source, "-"],
        input=pdf if isinstance(pdf, bytes) else None,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")


def stamped(project: Path, language: str, recipient: int = 4) -> tuple[bytes, list[str]]:
    """The copy of a one-page document for the sample's `recipient`th recipient (Pakistan),
    with a draft watermark, and the fonts its stamp embeds."""
    report, theme = loaded(project, language=language)
    page = HTML(string="<p>Text</p>").write_pdf()
    copy = stamp_copies(page, report.config.recipients, theme, True, stamp_words(report))[recipient]
    with pikepdf.open(io.BytesIO(copy.pdf)) as pdf:
        stamp = pdf.pages[0].Resources.XObject["/DecadeStamp"]
        fonts = [str(f.BaseFont).split("+")[-1] for f in stamp.Resources.Font.values()]
    return copy.pdf, fonts


def test_a_chinese_copy_is_stamped_in_chinese_in_the_cjk_face() -> None:
    pdf, fonts = stamped(SAMPLE, "zh")
    text = first_page_text(pdf)
    assert "巴基斯坦代表团专用副本 · 编号 05/13" in text
    assert "草稿" in text.replace("\n", "")  # the draft watermark, letter by letter
    assert "Copy for" not in text and "DRAFT" not in text
    assert any(f.startswith("NotoSansCJK") for f in fonts), fonts


def test_a_persian_copy_is_stamped_joined_and_right_to_left() -> None:
    pdf, fonts = stamped(SAMPLE, "fa")
    text = first_page_text(pdf)
    line = next(line for line in text.splitlines() if "·" in line)
    # joined: the letters are drawn in their contextual forms (presentation forms) …
    assert sum("\ufb50" <= c <= "\ufeff" for c in line) > 20, line
    # … and in visual order, which poppler, reading the line from the right, gives back as the
    # logical text: had the stamp been drawn in logical order, it would come out reversed
    logical = unicodedata.normalize("NFKC", line).replace("\u202b", "").replace("\u202a", "")
    logical = logical.replace("\u202c", "")
    assert "نسخۀ ویژۀ هیئت نمایندگی پاکستان · شمارۀ ۰۵/۱۳" in logical, logical
    assert any(f.startswith("NotoNaskhArabic") for f in fonts), fonts


def test_a_recipient_missing_from_the_catalogue_is_stamped_as_written_and_reported(
    project: Path, edit
) -> None:
    edit("locales/zh.po", 'msgid "the Delegation of Pakistan"\nmsgstr "巴基斯坦代表团"\n', "")
    pdf, _ = stamped(project, "zh")
    assert "the Delegation of Pakistan专用副本 · 编号 05/13" in first_page_text(pdf)
    warnings = check_sources(project)[0].warnings
    assert [w.message for w in warnings if w.where.path == "locales/zh.po"] == [
        'no zh translation of the label "the Delegation of Pakistan": the zh edition prints it'
        " in en"
    ]
