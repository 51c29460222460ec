"""The sample's right-to-left edition (Persian, issue 16): /Lang fa and a right-to-left reading
order for viewers, the Persian names and sentences in the text layer of two engines in logical
order, the page mirrored (running heads and page numbers at the outer corners of pages that
alternate from a left-hand first page, text against the right margin), every engine drawing it
without complaint, and no preflight error."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pytest

from decade_report.errors import Severity
from decade_report.pipeline import BuildResult
from engines import differences, pdfium_text, poppler_text, render_all

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).resolve().parents[1] / "report"
MEMBER_STATES_FA = ["بنگلادش", "چین", "ایران", "مغولستان", "پاکستان", "پرو", "تایلند", "ترکیه"]
"""CLDR's Persian names of the eight full member states (BGD CHN IRN MNG PAK PER THA TUR)."""


def normal(text: str) -> str:
    """Letters as read: no spaces, line breaks or format characters (the bidi marks pdftotext
    adds around runs, ZWNJ), NFC."""
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


@pytest.fixture(scope="module")
def persian(built: BuildResult) -> tuple[BuildResult, Path]:
    """The session's build of the sample (tests/conftest.py) and its Persian screen edition."""
    return built, built.manifest.parent / "apsco-decade-report-fa-screen.pdf"


def test_the_persian_pdf_says_its_language_and_reading_order(
    persian: tuple[BuildResult, Path],
) -> None:
    result, pdf = persian
    with pikepdf.open(pdf) as document:
        assert str(document.Root.Lang) == "fa"
        assert document.Root.ViewerPreferences.Direction == pikepdf.Name.R2L
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    assert not errors  # the layout lint and the PDF/UA checks of the fa edition included


def test_two_engines_read_the_persian_text_in_logical_order(
    persian: tuple[BuildResult, Path],
) -> None:
    _, pdf = persian
    message = (SAMPLE / "message.fa.md").read_text("utf-8").split("---", 2)[2]
    sentence = next(s for s in message.split(".") if "شورای سازمان" in s)
    sentence = sentence.split("،")[0]  # "دبیرخانه با راهنمایی شورای سازمان": one line's words
    texts = {"poppler": normal(poppler_text(pdf)), "pdfium": normal(pdfium_text(pdf))}
    for engine, text in texts.items():
        assert normal("سازمان همکاری فضایی آسیا-اقیانوسیه") in text, engine
        assert normal(sentence) in text, engine
        assert normal(sentence)[::-1] not in text, engine
        missing = [name for name in MEMBER_STATES_FA if normal(name) not in text]
        assert not missing, (engine, missing)
    # the labels from the catalogue, in the language's digits
    assert normal("فهرست مطالب") in texts["poppler"] and normal("فصل ۲") in texts["poppler"]


def words(pdf: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(xMin, xMax, yMin, word) of a page, from poppler's -bbox output."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html
    )
    return [(float(x0), float(x1), float(y0), word) for x0, y0, x1, word in found]


def test_the_pages_are_mirrored(persian: tuple[BuildResult, Path]) -> None:
    _, pdf = persian
    english = pdf.with_name("apsco-decade-report-screen.pdf")
    width = 595.0  # A4
    # page 3, the message: a right-hand page in English (its number at the bottom right), a
    # left-hand one in Persian, where the first page is a left-hand page (number bottom left)
    persian_words = words(pdf, 3)
    folio = [w for w in persian_words if w[2] > 780]
    assert folio and all(w[1] < width / 3 for w in folio), folio
    assert [w[3] for w in folio] == ["ج"]  # the front matter's third page in abjad letters
    english_folio = [w for w in words(english, 3) if w[2] > 780]
    assert english_folio and all(w[0] > 2 * width / 3 for w in english_folio), english_folio
    # the title and the text start at the right margin
    # (poppler's words come in glyph order, which for Persian is the visual order)
    title = [w for w in persian_words if {w[3], w[3][::-1]} & {"پیام", "دبیرکل"}]
    assert title and max(w[1] for w in title) > width - 25 * 72 / 25.4
    assert min(w[0] for w in title) > width / 2
    english_title = [w for w in words(english, 3) if w[3] == "Message"]
    assert english_title and english_title[0][0] < 25 * 72 / 25.4


def test_every_engine_draws_the_persian_edition_alike(persian: tuple[BuildResult, Path]) -> None:
    _, pdf = persian
    renderings = render_all(pdf)
    complaints = {name: r.complaints for name, r in renderings.items() if r.complaints}
    assert not complaints, complaints
    disagreements = []
    for name in ("ghostscript", "mupdf", "pdfium"):
        disagreements += differences(renderings["poppler"], renderings[name])
    assert not disagreements, disagreements[:10]
