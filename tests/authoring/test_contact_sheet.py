"""Contact sheets: every page of a PDF, in spreads, on one picture."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from decade_report.authoring.contact_sheet import contact_sheet, page_labels, spreads
from decade_report.cli import main
from decade_report.errors import ReportError

BEFORE = Path(__file__).parents[1] / "fixtures" / "pdfs-before" / "screen.pdf"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, [(None, 0)]),
        (2, [(None, 0), (1, None)]),
        (4, [(None, 0), (1, 2), (3, None)]),
        (5, [(None, 0), (1, 2), (3, 4)]),
    ],
)
def test_pages_open_as_a_book(count: int, expected: list[tuple[int | None, int | None]]) -> None:
    assert spreads(count) == expected


def test_every_page_is_on_the_sheet(tmp_path: Path) -> None:
    sheet = contact_sheet(BEFORE, dpi=10, columns=5)
    assert (sheet.pages, sheet.spreads) == (68, 35)
    with Image.open(io.BytesIO(sheet.png)) as image:
        a4 = (83, 117)  # an A4 page at 10 dpi
        assert image.width >= 5 * 2 * a4[0] and image.height >= 7 * a4[1]
        assert image.getpixel((5, 5)) == (217, 217, 217)  # the sheet's grey, between spreads
    assert page_labels(BEFORE)[:7] == ["i", "ii", "iii", "iv", "v", "vi", "1"]


def test_the_command_writes_the_picture_beside_the_pdf(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(BEFORE.read_bytes())
    assert main(["pages", str(pdf), "--columns", "8"]) == 0
    with Image.open(tmp_path / "report-pages.png") as image:
        assert image.format == "PNG"


def test_a_file_that_is_not_a_pdf_is_a_located_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really")
    with pytest.raises(ReportError):
        contact_sheet(broken)
