"""Every PDF edition as independent engines see it: poppler, Ghostscript, MuPDF and PDFium.

Our own preflight reads PDFs with poppler and pikepdf; an audit with other engines once found
Chinese glyphs that Ghostscript drew as boxes and MuPDF could not load, while poppler (and so
every test here) showed them. So each edition is rendered whole by four engines that share no
code, and the build fails on any complaint an engine prints and on any page area where two
engines' renderings differ beyond anti-aliasing (tests/engines.py says how that is measured).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from decade_report.pipeline import BuildResult
from engines import differences, pdfium_text, poppler_text, render_all
from projects import built_pdf, sample_languages

ROOT = Path(__file__).resolve().parents[1]
BEFORE = ROOT / "tests" / "fixtures" / "pdfs-before"
pytestmark = pytest.mark.slow


def edition_path(built: BuildResult, edition: str) -> Path:
    folder = built.manifest.parent
    if edition == "copy":
        return folder / "copies" / "delegation-of-china.pdf"
    return folder / f"apsco-decade-report-{edition}.pdf"


def native_names() -> list[str]:
    states = YAML(typ="safe").load(
        (ROOT / "report" / "data" / "member_states.yaml").read_text("utf-8")
    )
    return [state["native_name"] for state in states if state.get("native_name")]


@pytest.mark.parametrize("edition", ["screen", "print"])
@pytest.mark.parametrize("language", sample_languages()[1:])
def test_engines_render_another_language_alike(
    built: BuildResult, language: str, edition: str
) -> None:
    """Every page of the Chinese and Persian screen and print editions, as for the English ones:
    Han and Persian shaped right to left, in the faces of their languages."""
    pdf = built_pdf(built.manifest, language, edition)
    renderings = render_all(pdf)
    complaints = {name: r.complaints for name, r in renderings.items() if r.complaints}
    assert not complaints, f"{pdf.name}: engines complained: {complaints}"
    counts = {name: len(r.pages) for name, r in renderings.items()}
    assert len(set(counts.values())) == 1 and counts["poppler"] > 0, counts
    compared = (
        ("ghostscript", "mupdf") if edition == "print" else ("ghostscript", "mupdf", "pdfium")
    )
    disagreements = []
    for name in compared:
        disagreements += differences(renderings["poppler"], renderings[name])
    assert not disagreements, f"{pdf.name}: renderings differ: {disagreements[:10]}"


@pytest.mark.parametrize("edition", ["screen", "print", "copy"])
def test_engines_render_every_page_alike_and_without_complaint(
    built: BuildResult, edition: str
) -> None:
    pdf = edition_path(built, edition)
    renderings = render_all(pdf)
    complaints = {name: r.complaints for name, r in renderings.items() if r.complaints}
    assert not complaints, f"{edition}: engines complained: {complaints}"
    counts = {name: len(r.pages) for name, r in renderings.items()}
    assert len(set(counts.values())) == 1 and counts["poppler"] > 0, counts
    # PDFium converts CMYK to grey by its own formula (up to 58/255 off poppler's on flat brand
    # colour), so on the CMYK print edition it is held to its complaints only; Ghostscript is run
    # with -dUseFastColor to convert CMYK the plain way poppler and MuPDF do
    compared = (
        ("ghostscript", "mupdf") if edition == "print" else ("ghostscript", "mupdf", "pdfium")
    )
    disagreements = []
    for name in compared:
        disagreements += differences(renderings["poppler"], renderings[name])
    assert not disagreements, f"{edition}: renderings differ: {disagreements[:10]}"


def test_engines_catch_the_audited_glyph_defect() -> None:
    """The harness would have failed on the screen edition built before the fix: MuPDF says it
    cannot load the Chinese glyphs, and its page differs from poppler's where they are."""
    renderings = render_all(BEFORE / "screen.pdf")
    assert any("FT_Load_Glyph" in line for line in renderings["mupdf"].complaints)
    pages = {int(d.split()[1]) for d in differences(renderings["poppler"], renderings["mupdf"])}
    assert 22 in pages


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("edition", ["screen", "print", "copy"])
def test_two_engines_extract_every_native_name(built: BuildResult, edition: str) -> None:
    """pdftotext (poppler) and PDFium both give back each member state's native name.

    Poppler returns Arabic-script text of these files in logical order too, but it is allowed to
    reorder right-to-left runs (it works from glyph positions), so for names in Arabic script the
    comparison also accepts the reversed string; PDFium returns the text in content-stream order,
    which WeasyPrint writes logically, and must match exactly.
    """
    pdf = edition_path(built, edition)
    texts = {"poppler": compact(poppler_text(pdf)), "pdfium": compact(pdfium_text(pdf))}
    missing = {}
    for engine, text in texts.items():
        for name in native_names():
            wanted = compact(name)
            arabic = any("\u0600" <= c <= "\u06ff" for c in wanted)
            if wanted in text or (engine == "poppler" and arabic and wanted[::-1] in text):
                continue
            missing.setdefault(engine, []).append(name)
    assert not missing, f"{edition}: names the engines do not extract: {missing}"
