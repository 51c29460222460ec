"""Preflight on real PDFs: the sample passes; PDFs broken on purpose fire the exact check."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from decade_report.cli import main
from decade_report.errors import Severity
from decade_report.pdf.render import render_pdf
from decade_report.pipeline import BuildResult
from decade_report.preflight.registry import Finding
from decade_report.preflight.run import all_pdf_checks, preflight_pdf
from decade_report.reference import SECTIONS, refreshed
from decade_report.theme.tokens import load_theme

ROOT = Path(__file__).resolve().parents[2]
A4 = (595.28, 841.89)
MM = 72 / 25.4


def drawn(pages: int = 1, draw: Callable[..., None] | None = None, boxes: bool = False) -> bytes:
    """A PDF made with reportlab: text in an embedded TrueType font unless `draw` says otherwise;
    `boxes` adds what a print file needs (trim and bleed boxes, a CMYK output intent)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(TTFont("Serif", str(ROOT / "assets/fonts/NotoSerif-Regular.ttf")))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, initialFontName="Serif")
    for number in range(pages):
        canvas.setFont("Serif", 10)
        canvas.setFillColorCMYK(0, 0, 0, 1)
        canvas.drawString(72, 720, f"Page {number + 1} of a document made to test preflight.")
        if draw:
            draw(canvas)
        canvas.showPage()
    canvas.save()
    data = buffer.getvalue()
    if not boxes:
        return data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.TrimBox = [3 * MM, 3 * MM, A4[0] - 3 * MM, A4[1] - 3 * MM]
            page.BleedBox = [0, 0, *A4]
        profile = pdf.make_stream((ROOT / "assets/icc/default_cmyk.icc").read_bytes(), N=4)
        pdf.Root.OutputIntents = [
            pikepdf.Dictionary(
                Type=pikepdf.Name.OutputIntent,
                S=pikepdf.Name.GTS_PDFX,
                OutputConditionIdentifier="FOGRA39",
                DestOutputProfile=profile,
            )
        ]
        pdf.docinfo["/GTS_PDFXVersion"] = "PDF/X-3:2003"
        pdf.docinfo["/Trapped"] = pikepdf.Name("/False")
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def fired(findings: list[Finding], check: str) -> list[Finding]:
    return [f for f in findings if f.check == check]


def test_the_sample_outputs_pass(built: BuildResult) -> None:
    assert not [f for f in built.findings if f.severity is Severity.ERROR]
    entries = json.loads((built.manifest.parent / "preflight.json").read_text("utf-8"))
    assert isinstance(entries, list)
    for entry in entries:
        assert set(entry) == {
            "check", "severity", "edition", "page", "file", "line", "column", "message", "hint"
        }  # fmt: skip
        assert entry["severity"] in ("warning", "info")
    for edition in ("print", "screen"):
        data = (built.manifest.parent / f"apsco-decade-report-{edition}.pdf").read_bytes()
        errors = [f for f in preflight_pdf(data, edition) if f.severity is Severity.ERROR]
        assert not errors, errors


def test_a_font_that_is_not_embedded() -> None:
    def helvetica(canvas) -> None:
        canvas.setFont("Helvetica", 12)
        canvas.drawString(72, 600, "Standard fonts are not embedded")

    (finding,) = fired(preflight_pdf(drawn(draw=helvetica), "screen"), "fonts_embedded")
    assert finding.severity is Severity.ERROR
    assert "Helvetica is not embedded" in finding.message


def test_a_72_ppi_image_in_print() -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    picture = Image.new("CMYK", (72, 72), (200, 0, 0, 0))

    def image(canvas) -> None:
        canvas.drawImage(ImageReader(picture), 100, 400, width=72, height=72)  # one inch

    findings = preflight_pdf(drawn(draw=image, boxes=True), "print")
    (finding,) = fired(findings, "image_resolution")
    assert (finding.severity, finding.page) == (Severity.ERROR, 1)
    assert "72×72 pixels is shown at 72 ppi; 300 ppi are needed" in finding.message


def test_an_rgb_print_file() -> None:
    def red(canvas) -> None:
        canvas.setFillColorRGB(0.8, 0.1, 0.1)
        canvas.rect(100, 100, 50, 50, fill=1)

    findings = preflight_pdf(drawn(2, draw=red, boxes=True), "print")
    assert [(f.page, f.severity) for f in fired(findings, "colour_spaces")] == [
        (1, Severity.ERROR),
        (2, Severity.ERROR),
    ]


def test_a_missing_trim_box() -> None:
    findings = preflight_pdf(drawn(4), "print")
    boxes = fired(findings, "page_boxes")
    assert [f.page for f in boxes] == [1, 2, 3, 4]
    assert "no TrimBox" in boxes[0].message


def test_a_29_page_print_file() -> None:
    (finding,) = fired(preflight_pdf(drawn(29, boxes=True), "print"), "page_count")
    assert finding.severity is Severity.ERROR
    assert finding.message.startswith("29 pages is not a multiple of 4")


def test_an_untagged_screen_file() -> None:
    findings = fired(preflight_pdf(drawn(), "screen"), "tagged_structure")
    assert {f.message for f in findings} >= {"the PDF is not tagged (no structure tree)"}


def test_a_chart_without_alt_text(screen_pdf: Path, tmp_path: Path) -> None:
    with pikepdf.open(screen_pdf) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        stack, figure = [pdf.Root.StructTreeRoot], None
        while stack and figure is None:
            node = stack.pop()
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == pikepdf.Name.Figure and "/Alt" in node:
                    figure = node
                kids = node.get("/K")
                stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
        del figure["/Alt"]
        page = pages[figure.Pg.objgen]
        out = io.BytesIO()
        pdf.save(out)
    (finding,) = fired(preflight_pdf(out.getvalue(), "screen"), "alt_text")
    assert (finding.severity, finding.page) == (Severity.ERROR, page)


def test_a_character_no_bundled_font_covers(sample: Path) -> None:
    theme = load_theme(sample, {})
    html = '<p style="font-family: Inter">Runes: \u16a0\u16a2 are in no bundled font.</p>'
    rendered = render_pdf(html, theme, [sample], tagged=False, metadata={"identifier": b"0" * 32})
    (finding,) = fired(preflight_pdf(rendered.pdf, "screen"), "missing_glyphs")
    assert (finding.severity, finding.page) == (Severity.ERROR, 1)
    assert "U+16A0 RUNIC LETTER FEHU FEOH FE F, U+16A2 RUNIC LETTER URUZ UR U" in finding.message


def test_a_hairline_and_too_much_ink() -> None:
    def hairline_and_black(canvas) -> None:
        canvas.setLineWidth(0.1)
        canvas.setStrokeColorCMYK(0, 0, 0, 1)
        canvas.line(72, 300, 400, 300)
        canvas.setFillColorCMYK(1, 1, 1, 1)
        canvas.rect(100, 100, 200, 100, fill=1, stroke=0)

    findings = preflight_pdf(drawn(draw=hairline_and_black, boxes=True), "print")
    (thin,) = fired(findings, "hairlines")
    assert (thin.severity, thin.page) == (Severity.WARNING, 1)
    assert "0.10 pt" in thin.message
    (ink,) = fired(findings, "ink_coverage")
    assert (ink.severity, ink.page) == (Severity.ERROR, 1)
    assert "400 %" in ink.message


def test_cli_json_exit_code_and_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "short.pdf"

    def hairline(canvas) -> None:
        canvas.setLineWidth(0.1)
        canvas.line(72, 300, 400, 300)
        for line in range(40):  # full pages: the layout lint sees no stray page
            canvas.drawString(72, 700 - 14 * line, "A full page of running text in the test.")

    path.write_bytes(drawn(4, draw=hairline, boxes=True))
    assert main(["preflight", str(path), "--edition", "print", "--json"]) == 0  # warnings only
    entries = json.loads(capsys.readouterr().out)
    assert [e["check"] for e in entries if e["severity"] == "warning"] == ["hairlines"] * 4
    assert main(["preflight", str(path), "--edition", "print", "--strict"]) == 1
    assert "error: a line 0.10 pt wide" in capsys.readouterr().out
    assert main(["preflight", str(tmp_path / "missing.pdf")]) == 1


def test_docs_list_every_check() -> None:
    text = (ROOT / "docs" / "preflight.md").read_text("utf-8")
    assert refreshed(text, SECTIONS["docs/preflight.md"]) == text
    for check in all_pdf_checks():
        assert f"`{check.name}`" in text
