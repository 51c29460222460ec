"""The editions on the real files: print (PDF/X, bleed, CMYK), screen (tagged), stamped copies."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pikepdf
import pypdf
import pytest

from decade_report.editions.copies import stamp_text
from decade_report.errors import ReportError
from decade_report.load.project import load_report
from decade_report.log import Log
from decade_report.pdf.finish_print import finish_print
from decade_report.pdf.render import render_pdf
from decade_report.pipeline import BuildResult, build
from decade_report.preflight.pdf_checks import content_holders
from decade_report.preflight.run import preflight_pdf
from decade_report.theme.tokens import load_theme
from decade_report.validate.report import validate
from projects import first_language_chapters

BLEED = 3 / 25.4 * 72  # 8.50 pt


@pytest.fixture(scope="session")
def print_pdf(built: BuildResult) -> Path:
    return built.manifest.parent / "apsco-decade-report-print.pdf"


def page_text(path: Path, page: int) -> str:
    """pdftotext of one page in content order (-raw keeps rotated words, e.g. watermarks)."""
    text = subprocess.run(
        ["pdftotext", "-raw", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return re.sub(r"\s+", " ", text)


# --- print -----------------------------------------------------------------------------------


def test_print_pages_have_trim_and_bleed_boxes(print_pdf: Path) -> None:
    with pikepdf.open(print_pdf) as pdf:
        assert len(pdf.pages) % 4 == 0
        for page in pdf.pages:
            trim = [float(v) for v in page.TrimBox]
            bleed = [float(v) for v in page.BleedBox]
            media = [float(v) for v in page.MediaBox]
            assert trim[2] - trim[0] == pytest.approx(595.28, abs=0.01)  # A4 trimmed
            for inner, outer, sign in zip(trim, bleed, (-1, -1, 1, 1), strict=True):
                assert (outer - inner) * sign == pytest.approx(BLEED, abs=0.01)
            for inner, outer, sign in zip(bleed, media, (-1, -1, 1, 1), strict=True):
                assert (outer - inner) * sign > 10  # room for the crop marks


def test_print_has_no_links_bookmarks_or_tags(print_pdf: Path) -> None:
    with pikepdf.open(print_pdf) as pdf:
        assert "/Outlines" not in pdf.Root
        assert "/StructTreeRoot" not in pdf.Root
        assert not any("/Annots" in page.obj for page in pdf.pages)


def test_print_has_a_cmyk_output_intent(print_pdf: Path) -> None:
    with pikepdf.open(print_pdf) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFX
        profile = intent.DestOutputProfile
        assert int(profile.N) == 4
        assert profile.read_bytes()[16:20] == b"CMYK"  # ICC header: data colour space
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4"
        assert pdf.pdf_version == "1.6"


def test_print_colours_are_cmyk_only(print_pdf: Path) -> None:
    # SCN only for the crop marks, in the registration colour (/Separation /All)
    rgb_operators = {"rg", "RG", "g", "G", "sc", "SC", "scn"}
    with pikepdf.open(print_pdf) as pdf:
        used = set()
        for number, holder, _ in content_holders(pdf):
            operators = {str(op) for _, op in pikepdf.parse_content_stream(holder)}
            assert not operators & rgb_operators, f"page {number}: {operators & rgb_operators}"
            used |= operators
            resources = holder.get("/Resources") or pikepdf.Dictionary()
            for space in (resources.get("/ColorSpace") or {}).values():
                assert "RGB" not in str(space), f"page {number}: {space}"
                if str(space[0]) == "/Separation":  # only the registration colour
                    assert str(space[1]) == "/All", f"page {number}: {space}"
            for xobject in (resources.get("/XObject") or {}).values():
                if xobject.get("/Subtype") == pikepdf.Name.Image:
                    assert xobject.ColorSpace == pikepdf.Name.DeviceCMYK
        assert {"k", "K"} <= used


def test_print_keeps_text_and_bundled_fonts(print_pdf: Path) -> None:
    text = page_text(print_pdf, 3)
    assert "I wish an even greater success to the Organization" in text
    listing = subprocess.run(
        ["pdffonts", str(print_pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    assert all(line.split()[-5] == "yes" for line in listing)
    assert all(re.match(r"[A-Z]{6}\+(Noto|Inter)", line) for line in listing), listing


def render_small(html: str, project: Path) -> tuple[object, object]:
    report = validate(load_report(project))
    theme = load_theme(report.root, report.config.theme)
    rendered = render_pdf(
        html,
        theme,
        [report.root, *theme.asset_dirs],
        tagged=False,
        metadata={"identifier": b"0" * 32},
    )
    return report, rendered, theme


PAGES = "<style>@page {{ size: A4; bleed: 3mm }} section {{ break-after: page }}</style>{}"


def test_print_pads_with_blank_pages_before_the_back_cover(project: Path) -> None:
    html = PAGES.format("".join(f"<section>page {n}</section>" for n in range(1, 6)))
    report, rendered, theme = render_small(html, project)
    profile = theme.asset("icc/default_cmyk.icc")
    finished = finish_print(rendered, report, "2018-11-14T00:00:00+00:00", profile, 4)
    assert finished.page_count == 8
    path = project / "padded.pdf"
    path.write_bytes(finished.pdf)
    assert [page_text(path, n).strip() for n in range(1, 9)] == [
        "page 1", "page 2", "page 3", "page 4", "", "", "", "page 5"
    ]  # fmt: skip
    unpadded = finish_print(rendered, report, "2018-11-14T00:00:00+00:00", profile, 1)
    assert unpadded.page_count == 5


def test_print_refuses_transparency_naming_the_page(project: Path) -> None:
    html = PAGES.format('<section>one</section><section><p style="opacity: 0.5">two</p></section>')
    report, rendered, theme = render_small(html, project)
    with pytest.raises(ReportError) as caught:
        finish_print(
            rendered, report, "2018-11-14T00:00:00+00:00", theme.asset("icc/default_cmyk.icc"), 4
        )
    (problem,) = caught.value.problems
    assert problem.where.path == "print edition, page 2"
    assert "transparency" in problem.message


def test_print_converts_rgb_images_to_cmyk(project: Path) -> None:
    from PIL import Image

    Image.new("RGB", (30, 20), (11, 79, 138)).save(project / "photo.png")
    html = PAGES.format('<section><img src="photo.png" style="width: 30mm"></section>')
    report, rendered, theme = render_small(html, project)
    finished = finish_print(
        rendered, report, "2018-11-14T00:00:00+00:00", theme.asset("icc/default_cmyk.icc"), 1
    )
    path = project / "image.pdf"
    path.write_bytes(finished.pdf)
    with pikepdf.open(path) as pdf:
        images = [
            x for _, h, _ in content_holders(pdf)
            for x in ((h.get("/Resources") or {}).get("/XObject") or {}).values()
            if x.get("/Subtype") == pikepdf.Name.Image
        ]  # fmt: skip
        assert images
        for image in images:
            assert image.ColorSpace == pikepdf.Name.DeviceCMYK
            pixel = pikepdf.PdfImage(image).as_pil_image().getpixel((0, 0))
            assert pixel[0] > 200 and pixel[3] < 60  # a strong blue: much cyan, little black
    # 30 pixels across 30 mm: 25 ppi, which preflight reports on the print file
    (low,) = [f for f in preflight_pdf(finished.pdf, "print") if f.check == "image_resolution"]
    assert low.page == 1
    assert "is shown at 25 ppi; 300 ppi are needed" in low.message


# --- screen ----------------------------------------------------------------------------------


def test_screen_is_tagged_with_language_and_alt_text(screen_pdf: Path) -> None:
    with pikepdf.open(screen_pdf) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        figures = []

        def walk(node: object) -> None:
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == pikepdf.Name.Figure:
                    figures.append(node)
                kids = node.get("/K")
                for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
        assert len(figures) >= 12
        assert all(str(figure.get("/Alt", "")).strip() for figure in figures)


def test_screen_bookmarks_have_one_entry_per_chapter(screen_pdf: Path, sample: Path) -> None:
    titles = [
        re.search(r"^title:\s*\"?(.+?)\"?\s*$", p.read_text("utf-8"), re.M)[1]
        for p in first_language_chapters(sample)
    ]
    with pikepdf.open(screen_pdf) as pdf, pdf.open_outline() as outline:
        top = [item.title for item in outline.root]
    assert [t for t in top if t in titles] == titles
    assert len(top) == len(titles) + 3  # cover, message, contents


def test_contents_links_lead_to_the_chapters(screen_pdf: Path, built: BuildResult) -> None:
    with pikepdf.open(screen_pdf) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        names = pikepdf.NameTree(pdf.Root.Names.Dests)
        contents = [
            n for n in range(1, 10) if page_text(screen_pdf, n).strip().startswith("Contents")
        ]
        links = {}
        for number in range(contents[0], contents[0] + 2):
            for annot in pdf.pages[number - 1].get("/Annots", []):
                if annot.get("/Subtype") == pikepdf.Name.Link and "/Dest" in annot:
                    name = str(annot.Dest)
                    links[name] = pages[names[name][0].objgen]
    for index in range(1, 10):
        target = links[f"chapter-{index}"]
        label = f"CHAPTER {index}" if index < 9 else "ANNEXES"
        # the opener's page is the first to carry the chapter's label (later ones repeat it in
        # the running head); the opener is drawn after the text, so it need not come first
        assert label in page_text(screen_pdf, target), target
        assert label not in page_text(screen_pdf, target - 1), target
    assert len(links) >= 40  # chapters and their sections


# --- copies ----------------------------------------------------------------------------------


def test_one_copy_per_recipient_each_page_stamped(built: BuildResult, sample: Path) -> None:
    manifest = json.loads(built.manifest.read_text("utf-8"))
    copies = [  # the English copies (the Chinese and Persian ones are named -zh, -fa)
        e for e in manifest["outputs"] if e["edition"] == "copy" and e.get("language") == "en"
    ]
    assert len(copies) == 13
    folder = built.manifest.parent
    entry = next(e for e in copies if e["recipient"] == "Delegation of Pakistan")
    path = folder / entry["path"]
    assert path == folder / "copies" / "delegation-of-pakistan.pdf"
    stamp = "Copy for the Delegation of Pakistan · No. 05/13"
    for number in range(1, entry["pages"] + 1):
        assert stamp in page_text(path, number), f"page {number}"
    for entry in copies:
        text = page_text(folder / entry["path"], 7)
        assert f"Copy for the {entry['recipient']}" in text


def test_copies_are_the_screen_edition_plus_a_stamp(built: BuildResult, screen_pdf: Path) -> None:
    copy = built.manifest.parent / "copies" / "secretariat-archive.pdf"
    stamp = "Copy for the Secretariat archive · No. 13/13"
    for number in (3, 12, 40):
        stamped = page_text(copy, number)
        assert stamp in stamped
        assert stamped.replace(stamp, " ").split() == page_text(screen_pdf, number).split()
    with pikepdf.open(copy) as pdf, pikepdf.open(screen_pdf) as screen:
        assert len(pdf.pages) == len(screen.pages)
        assert "/StructTreeRoot" in pdf.Root  # still tagged


def watermark_text(path: Path, page: int) -> str:
    """pypdf keeps the rotated, widely set watermark as one word (pdftotext spaces it out)."""
    return pypdf.PdfReader(path).pages[page - 1].extract_text()


def test_watermark_for_a_confidential_recipient(built: BuildResult) -> None:
    council = watermark_text(built.manifest.parent / "copies" / "council-members.pdf", 12)
    archive = watermark_text(built.manifest.parent / "copies" / "secretariat-archive.pdf", 12)
    assert "CONFIDENTIAL" in council
    assert "CONFIDENTIAL" not in archive and "DRAFT" not in archive


@pytest.mark.slow
def test_draft_watermarks_every_copy(english_project: Path, tmp_path: Path) -> None:
    # in English only: the Chinese and Persian copies are stamped alike, three times the layout
    build(english_project, tmp_path, Log(0), ("copies",), draft=True)
    assert "DRAFT" in watermark_text(tmp_path / "copies" / "delegation-of-peru.pdf", 5)
    assert "DRAFT" in watermark_text(tmp_path / "copies" / "secretariat-archive.pdf", 30)
    assert "CONFIDENTIAL" in watermark_text(tmp_path / "copies" / "council-members.pdf", 5)
    manifest = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    assert {e["edition"] for e in manifest["outputs"]} == {"copy"}


def test_stamp_numbering() -> None:
    from decade_report.model.config import Recipient

    assert stamp_text(Recipient(name="Delegation of Peru"), 7, 13) == (
        "Copy for Delegation of Peru · No. 07/13"
    )
    assert stamp_text(Recipient(name="Ms A. Example"), 1, 3) == "Copy for Ms A. Example · No. 01/03"
    named = Recipient(name="Delegation of Peru", copy_for="the Delegation of Peru")
    assert stamp_text(named, 7, 13) == "Copy for the Delegation of Peru · No. 07/13"


def test_external_links_are_live_in_the_screen_edition(screen_pdf: Path, print_pdf: Path) -> None:
    with pikepdf.open(screen_pdf) as pdf:
        uris = {
            str(annot.A.URI)
            for page in pdf.pages
            for annot in page.get("/Annots", [])
            if "/A" in annot and "/URI" in annot.A
        }
    assert "https://www.apsco.int" in uris
    assert "www.apsco.int" in page_text(print_pdf, 2)  # printed as text, not as a link


def test_no_stream_is_an_empty_flate_stream() -> None:
    """An empty stream saved compressed became a /FlateDecode stream of no bytes (the padding
    pages of the print edition), which MuPDF reports as a premature end of data."""
    import io
    import zlib

    from decade_report.pdf.finish import save

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].obj.Contents = pdf.make_stream(b"")
    with pikepdf.open(io.BytesIO(save(pdf))) as saved:
        for item in saved.objects:
            if isinstance(item, pikepdf.Stream) and item.get("/Filter") == pikepdf.Name.FlateDecode:
                decoder = zlib.decompressobj()
                decoder.decompress(item.read_raw_bytes())
                assert decoder.eof, item.objgen
