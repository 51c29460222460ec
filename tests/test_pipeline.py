"""The sample built end to end, checked on the real PDF (pypdf, pdftotext, pdffonts)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from pathlib import Path

import pypdf
import pytest

from decade_report.errors import ReportError
from decade_report.log import Log
from decade_report.pipeline import BuildResult, build
from projects import built_pdf, first_language_chapters, sample_languages


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): these
    tests are about one report, whose other languages would be built and checked for nothing."""
    return english_project


MESSAGE_PHRASES = (
    "Dr. Li Xinjun",
    "I wish an even greater success to the Organization",
    "Bangladesh, China, Iran, Mongolia, Pakistan, Peru, Thailand and Turkey",
)


def pdftotext(path: Path) -> str:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", " ", text)


def test_screen_pdf_has_the_message_and_every_chapter(screen_pdf: Path, sample: Path) -> None:
    text = pdftotext(screen_pdf)
    for phrase in MESSAGE_PHRASES:
        assert phrase in text
    for chapter in first_language_chapters(sample):
        title = re.search(r"^title:\s*\"?(.+?)\"?\s*$", chapter.read_text("utf-8"), re.M)[1]
        assert title in text, title


EDITIONS = [(lang, ed) for lang in sample_languages() for ed in ("screen", "print")]
"""Every language's screen and print PDF: the cheap checks of fonts run on each."""


@pytest.mark.parametrize(("language", "edition"), EDITIONS)
def test_every_pdf_is_long_enough_and_all_fonts_are_embedded(
    built: BuildResult, language: str, edition: str
) -> None:
    pdf = built_pdf(built.manifest, language, edition)
    assert len(pypdf.PdfReader(pdf).pages) >= 30
    listing = subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    assert listing
    for line in listing:
        assert line.split()[-5] == "yes", line  # the "emb" column


@pytest.mark.parametrize(("language", "edition"), EDITIONS)
def test_only_bundled_fonts_are_used(built: BuildResult, language: str, edition: str) -> None:
    pdf = built_pdf(built.manifest, language, edition)
    listing = subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    families = {line.split()[0].split("+", 1)[-1] for line in listing}
    assert families <= {
        "Noto-Serif",
        "Noto-Serif-Bold",
        "Noto-Serif-Italic",
        "Noto-Serif-Bold-Italic",
        "Inter",
        "Inter-Light",
        "Inter-Italic",
        "Inter-Medium",
        "Inter-Semi-Bold",
        "Inter-Bold",
        "Noto-Naskh-Arabic",
        "Noto-Naskh-Arabic-Bold",
        "Noto-Sans-Arabic",
        "Noto-Sans-Arabic-Bold",
        "Noto-Sans-Bengali",
        "Noto-Sans-Bengali-Bold",
        "Noto-Sans-Thai",
        "Noto-Sans-Thai-Bold",
        "Noto-Sans-SC",
        "Noto-Sans-CJK-SC",
        # bundled too: the Chinese edition takes "†" and "·" from them (the SC face lacks them)
        "Noto-Sans-JP",
        "Noto-Sans-KR",
    }, families


def test_native_names_are_printed_without_missing_glyphs(screen_pdf: Path) -> None:
    text = pdftotext(screen_pdf).replace(" ", "")  # shaped scripts extract with stray spaces
    for name in ("中国", "ประเทศไทย", "বাংলাদেশ", "МонголУлс", "México"):
        assert name in text, name


def test_every_chart_is_a_vector_figure(built: BuildResult, screen_pdf: Path, sample: Path) -> None:
    reader = pypdf.PdfReader(screen_pdf)
    charts = len(re.findall(r"^- id:", (sample / "charts.yaml").read_text("utf-8"), re.M))
    captions = {}
    for index, page in enumerate(reader.pages):
        for number in re.findall(r"Figure (\d+\.\d+) ", page.extract_text()):
            captions.setdefault(number, index)
    chart_pages = [i for n, i in captions.items()]
    assert len(captions) >= charts
    for index in chart_pages:
        page = reader.pages[index]
        xobjects = page["/Resources"].get("/XObject", {})
        kinds = {xobjects[name].get_object()["/Subtype"] for name in xobjects}
        assert "/Image" not in kinds  # drawn, not pasted as a bitmap
        assert "/Form" in kinds  # the SVG, as vector drawing operators


def test_contents_page_numbers_match_page_labels(screen_pdf: Path) -> None:
    reader = pypdf.PdfReader(screen_pdf)
    labels = reader.page_labels
    assert labels[0] == "i"
    contents = next(
        i for i, p in enumerate(reader.pages) if p.extract_text().startswith("Contents")
    )
    entries = re.findall(
        r"^(?:\d+\s+)?(.+?)\s*\.{3,}\s*([ivx]+|\d+)\s*$",
        reader.pages[contents].extract_text(extraction_mode="layout"),
        re.M,
    )
    assert len(entries) >= 9
    for title, label in entries[:12]:
        page = labels.index(label)
        assert title.strip()[:25] in re.sub(r"\s+", " ", reader.pages[page].extract_text()), title


def test_manifest_lists_every_output_with_its_hash(built: BuildResult) -> None:
    manifest = json.loads(built.manifest.read_text("utf-8"))
    assert manifest["outputs"]
    for entry in manifest["outputs"]:
        assert set(entry) >= {"path", "edition", "pages", "sha256"}
        path = built.manifest.parent / entry["path"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
        if entry["path"].endswith(".pdf"):
            assert len(pypdf.PdfReader(path).pages) == entry["pages"]
        assert ("recipient" in entry) == (entry["edition"] == "copy")
    assert {e["edition"] for e in manifest["outputs"]} == {"screen", "print", "copy", "web"}
    paths = {e["path"] for e in manifest["outputs"]}
    assert {"apsco-decade-report-print.pdf", "apsco-decade-report-screen.pdf"} <= paths
    assert "web/index.html" in paths
    copies = [e for e in manifest["outputs"] if e["edition"] == "copy"]
    assert len(copies) == 13 * 3  # in English, Chinese and Persian
    assert sum(e.get("language") == "en" for e in copies) == 13


def test_rebuild_is_byte_identical(tmp_path: Path, sample: Path, built: BuildResult) -> None:
    """A second cold build of the sample, into a folder of its own, gives the session build's
    bytes: every PDF and copy in every language, the web edition, and the manifest."""
    again = build(sample, tmp_path / "again", Log(0))
    assert [(o.path, o.data) for o in again.outputs] == [(o.path, o.data) for o in built.outputs]
    assert again.manifest.read_bytes() == built.manifest.read_bytes()


@pytest.mark.slow
def test_failed_build_leaves_the_previous_pdf_untouched(tiny_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(tiny_project, out, Log(0), ("screen",))
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    milestones = tiny_project / "data" / "milestones.yaml"
    milestones.write_text(milestones.read_text("utf-8") + "- date: [unclosed\n", "utf-8")
    with pytest.raises(ReportError):
        build(tiny_project, out, Log(0), ("screen",))
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_member_state_profiles_run_on_consecutive_pages(
    screen_pdf: Path, built: BuildResult
) -> None:
    """Eleven profiles, short ones sharing pages, one after the other with no page between them
    (a profile that broke badly would leave a page without one)."""
    pages = [page.extract_text() or "" for page in pypdf.PdfReader(screen_pdf).pages]
    profile_pages = [i for i, text in enumerate(pages) if "REPRESENTATIVE BODY" in text]
    assert sum(pages[i].count("REPRESENTATIVE BODY") for i in profile_pages) == 11
    assert profile_pages == list(range(profile_pages[0], profile_pages[-1] + 1))
    assert len(profile_pages) < 11


@pytest.mark.slow
def test_ordinary_punctuation_and_a_chart_with_text_right_after_it_build(
    tiny_project: Path, tmp_path: Path
) -> None:
    """A message ending in `--` and `'` (made typographic in the PDF), and text on the line right
    after a chart placeholder: the build succeeds and the chart is a figure, not literal text."""
    message = tiny_project / "message.md"
    ending = "\nLet's keep the river's data open -- for everyone.\n"
    message.write_text(message.read_text("utf-8") + ending, "utf-8")
    chapter = tiny_project / "chapters" / "02-milestones.md"
    text = chapter.read_text("utf-8")
    assert "[[chart: contributions]]\n" in text
    chapter.write_text(
        text.replace(
            "[[chart: contributions]]\n",
            "[[chart: contributions]]\nA sentence right under the chart.\n",
        ),
        "utf-8",
    )
    result = build(tiny_project, tmp_path / "out", Log(0), editions=("screen",))
    text = pdftotext(result.manifest.parent / result.outputs[0].path)
    assert "Let’s keep the river’s data open – for everyone." in text
    assert "A sentence right under the chart." in text
    assert "[[chart" not in text
    assert "Member contributions per year" in text


def test_the_build_date_ignores_the_build_folder_inside_the_project(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default build folder is inside the project: its files must not move the date of the
    next build (which would make rebuilds differ)."""

    from decade_report.pipeline import build_date, check

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    report = check(project)
    for path in project.rglob("*"):
        os.utime(path, (1_500_000_000, 1_500_000_000))
    before = build_date(report, project / "build")
    (project / "build").mkdir()
    (project / "build" / "manifest.json").write_text("{}")
    (project / ".cache").mkdir(exist_ok=True)
    (project / ".cache" / "x").write_text("x")
    assert (
        build_date(report, (project / "build").resolve()) == before == "2017-07-14T02:40:00+00:00"
    )


@pytest.mark.slow  # builds a new project twice
def test_dates_come_from_source_date_epoch_or_the_project(
    tiny_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tiny_project

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    stamp = 1_542_153_600  # 14 November 2018
    for path in project.rglob("*"):
        os.utime(path, (stamp, stamp))
    # (the same date on another day gives the same bytes: test_rebuild_is_byte_identical)
    first = build(project, tmp_path / "a", Log(0), ("screen",))
    info = pypdf.PdfReader(tmp_path / "a" / first.outputs[0].path).metadata
    assert info["/CreationDate"].startswith("D:20181114")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1262304000")  # 1 January 2010
    second = build(project, tmp_path / "c", Log(0), ("screen",))
    assert (
        pypdf.PdfReader(tmp_path / "c" / second.outputs[0].path)
        .metadata["/CreationDate"]
        .startswith("D:20100101")
    )
    assert second.outputs[0].data != first.outputs[0].data
