"""Preflight's PDF/X and font-program checks find every defect the independent audit found in the
PDFs built before issue 12 (tests/fixtures/pdfs-before), each as its own finding, and none in
today's build."""

from __future__ import annotations

from pathlib import Path

import pytest

from decade_report.errors import Severity
from decade_report.pipeline import BuildResult
from decade_report.preflight.run import all_pdf_checks, preflight_pdf

ROOT = Path(__file__).resolve().parents[2]
BEFORE = ROOT / "tests" / "fixtures" / "pdfs-before"
NEW_CHECKS = (
    "font_programs",
    "tounicode_mappings",
    "trapped_key",
    "pdfx_identification",
    "font_formats",
    "output_condition",
    "registration_colour",
    "small_text_inks",
)


def errors(pdf: Path, edition: str, checks: tuple[str, ...] = NEW_CHECKS) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in preflight_pdf(pdf.read_bytes(), edition, only=checks):
        if finding.severity is Severity.ERROR:
            found.setdefault(finding.check, []).append(f"p{finding.page}: {finding.message}")
    return found


def test_new_checks_are_registered() -> None:
    assert set(NEW_CHECKS) <= {check.name for check in all_pdf_checks()}


@pytest.fixture(scope="module")
def before_print() -> dict[str, list[str]]:
    return errors(BEFORE / "print.pdf", "print")


def test_before_print_chinese_glyphs_missing_from_program(before_print: dict) -> None:
    pages = {line.split(":")[0] for line in before_print["font_programs"]}
    assert {"p2", "p19", "p22", "p68"} <= pages
    assert any("989" in line for line in before_print["font_programs"])


def test_before_print_trapped_false_underscore(before_print: dict) -> None:
    assert any("/False_" in line for line in before_print["trapped_key"])


def test_before_print_opentype_in_pdf_14(before_print: dict) -> None:
    assert len(before_print["font_formats"]) == 8
    assert all("PDF 1.4" in line for line in before_print["font_formats"])


def test_before_print_custom_output_condition(before_print: dict) -> None:
    assert any("'Custom'" in line for line in before_print["output_condition"])


def test_before_print_crop_marks_in_400_percent(before_print: dict) -> None:
    assert any("68 page(s)" in line for line in before_print["registration_colour"])


def test_before_print_small_text_four_colour_grey(before_print: dict) -> None:
    lines = before_print["small_text_inks"]
    assert len(lines) > 20
    assert any("C67 M52 Y40 K13" in line for line in lines)
    assert any("270 % ink" in line for line in lines)


def test_before_screen_bengali_glyph_without_text() -> None:
    findings = preflight_pdf(
        (BEFORE / "screen.pdf").read_bytes(), "screen", only=("tounicode_mappings",)
    )
    assert any("Bengali" in f.message and "003D" in f.message for f in findings)


def test_before_copy_selects_unembedded_helvetica() -> None:
    found = errors(BEFORE / "copy-china.pdf", "screen", ("fonts_embedded",))
    assert any("Helvetica" in line for line in found["fonts_embedded"])


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["print", "screen", "copy"])
def test_build_passes_the_new_checks(built: BuildResult, edition: str) -> None:
    folder = built.manifest.parent
    pdf = (
        folder / "copies" / "delegation-of-china.pdf"
        if edition == "copy"
        else folder / f"apsco-decade-report-{edition}.pdf"
    )
    checks = (*NEW_CHECKS, "fonts_embedded", "missing_glyphs")
    kind = "print" if edition == "print" else "screen"
    findings = preflight_pdf(pdf.read_bytes(), kind, only=checks)
    assert not [str(f) for f in findings if f.severity is Severity.ERROR]
    assert not [str(f) for f in findings if f.check == "tounicode_mappings"]


@pytest.mark.slow
def test_build_print_is_pdfx4_for_fogra39(built: BuildResult) -> None:
    import pikepdf

    with pikepdf.open(built.manifest.parent / "apsco-decade-report-print.pdf") as pdf:
        assert pdf.pdf_version == "1.6"
        assert str(pdf.docinfo["/Trapped"]) == "/False"
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4"
        assert str(pdf.Root.OutputIntents[0].OutputConditionIdentifier) == "FOGRA39"
        meta = pdf.open_metadata()
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert meta["pdf:Trapped"] == "False"
        spaces = pdf.pages[0].Resources.ColorSpace
        assert any(str(space[1]) == "/All" for space in spaces.values())
