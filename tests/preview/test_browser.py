"""The live preview in a real browser (Debian's chromium, driven by playwright-core): paged like
the PDF, updated after a save without a reload by hand (a changed chapter laid out again alone,
with the same pages as a whole rendering), problems shown over the page and gone once fixed; and
the PDF beside it, built in the background by the normal build.

tests/preview/preview.mjs drives the browser and edits the files itself, so the time it reports
runs from the save to the updated pages on screen. It is printed, never asserted: the machine is
shared and its speed is no property of the code.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from decade_report.preview.server import Preview
from projects import copy_sample, english_only

HARNESS = Path(__file__).parent / "preview.mjs"
WEB = Path(__file__).parents[1] / "web"


def drive(plan: dict, folder: Path) -> dict:
    node = shutil.which("node")
    assert node, "Node.js is needed: `make test` (scripts/setup.sh --test) checks for it"
    assert (WEB / "node_modules" / "playwright-core").is_dir(), (
        "playwright-core is not installed: run scripts/setup.sh --test (npm ci in tests/web)"
    )
    plan_file = folder / "plan.json"
    plan_file.write_text(json.dumps(plan), "utf-8")
    result = subprocess.run(
        [node, str(HARNESS), str(plan_file)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


PARAGRAPH = (
    "The decade also brought a steady rhythm of meetings, workshops and joint studies, each of "
    "them recorded in the annexes of this report with its dates, its hosts and the people who "
    "took part; the pages that follow summarise them chapter by chapter. "
)
GROWTH = "\n\n".join(f"Paragraph {n} added by the test. " + PARAGRAPH * 2 for n in range(1, 9))


def same_pages(patched: dict, fresh: dict) -> None:
    """The pages after a patch are those Paged.js lays out from scratch for the same version:
    count, side, named page and text of each page, and every page reference's number."""
    assert len(patched["pages"]) == len(fresh["pages"])
    for number, (mine, theirs) in enumerate(zip(patched["pages"], fresh["pages"], strict=True), 1):
        assert mine == theirs, f"page {number} differs"
    assert patched["references"] == fresh["references"]
    assert len(fresh["references"]) > 20  # the contents and the lists of figures and tables


@pytest.mark.slow
def test_the_preview_in_chromium_follows_saves_and_shows_problems(tmp_path):
    project = copy_sample(tmp_path / "report")
    chapter = project / "chapters" / "01-decade-at-a-glance.md"
    preview = Preview(project, port=0, pdf=False)
    preview.start()
    try:
        assert preview.watcher.ready.wait(30)
        seen = drive(
            {
                "url": preview.url,
                "title": "A Decade at a Glance",
                "compare": True,
                "edit": {
                    "path": str(chapter),
                    "find": "rests on a Convention signed in Beijing",
                    "replace": "rests on a Convention signed (as the preview shows) in Beijing",
                    "expect": "signed (as the preview shows) in Beijing",
                },
                "more": [
                    {  # a page longer: every later page changes side
                        "path": str(chapter),
                        "find": "[^1]: Message",
                        "replace": GROWTH + " Growth ends here.\n\n[^1]: Message",
                        "expect": "Growth ends here.",
                    },
                    {  # a chapter title: the contents and running heads change too
                        "path": str(project / "chapters" / "02-a-decade-in-time.md"),
                        "find": 'title: "A Decade in Time"',
                        "replace": 'title: "A Decade, Year by Year"',
                        "expect": "A Decade, Year by Year",
                    },
                ],
                "broken": {
                    "path": str(project / "data" / "partners.yaml"),
                    "content": "- name: A\n  short: [B\n  kind: C\n",
                    "where": "data/partners.yaml:3:",
                },
            },
            tmp_path,
        )
    finally:
        preview.stop()
    grown, retitled = seen["more"]
    print(
        f"\npreview in chromium: first paged rendering {seen['first_render_s']:.1f} s "
        f"({seen['pages']} pages); save → edited text on screen {seen['save_to_text_s']:.2f} s "
        f"(in the page {seen['refresh']['in_page_ms']} ms), → every page laid out again "
        f"{seen['save_to_paged_s']:.2f} s; a page longer: text {grown['save_to_text_s']:.2f} s, "
        f"exact pages {grown['save_to_paged_s']:.2f} s; a title: {retitled['save_to_text_s']:.2f} "
        f"s; save → overlay {seen['save_to_overlay_s']:.2f} s; fix → overlay gone "
        f"{seen['fix_to_gone_s']:.2f} s"
    )
    # print CSS Paged.js does not read by itself, supplied by the preview: the page margins are
    # custom properties (the text column as wide as the PDF's: about as many pages), and the
    # first chapter's page is page 1 (`counter-set` in `@page :nth(1 of body-start)`)
    assert "#chapter-1 → 1" in seen["fresh"]["references"]
    assert seen["pages"] < 60  # 68 with Paged.js's default inch of margin; the PDF has 53
    # a sentence edited: that chapter alone laid out again and swapped in, no reload, and the
    # pages are exactly those of a fresh whole-document rendering
    assert seen["refresh"]["reloaded"] is False
    assert seen["refresh"]["how"] == "chapters: chapter-1"
    same_pages(seen["patched"], seen["fresh"])
    # a page longer: shown the same way, then the whole document laid out again behind it
    assert grown["reloaded"] is False and grown["how"] == "chapters: chapter-1"
    assert grown["whole_again"] == "done"
    same_pages(grown["patched"], grown["fresh"])
    # a chapter title: the page is loaded again whole
    assert retitled["reloaded"] is True
    same_pages(retitled["patched"], retitled["fresh"])
    # paged like the PDF: A4 sheets (210 mm at 96 px/in), page numbers in the margin boxes, the
    # first chapter's title on a page of its own well after the front matter
    assert seen["pages"] > 40
    assert abs(seen["page_width"] - 210 / 25.4 * 96) < 1
    assert any("counter(page" in content for content in seen["margin_boxes"])
    assert seen["title_page"] is not None and seen["title_page"]["index"] >= 4
    assert seen["pages_after_edit"] > 40
    # the reader is where they were before the save
    assert seen["scroll_before"] > 0 and seen["scroll_kept"] == seen["scroll_before"]
    # the overlay named the file with its line and column, over the last good pages
    assert "data/partners.yaml:3:" in seen["overlay_text"]
    assert "YAML" in seen["overlay_text"]
    assert seen["still_paged"] == seen["pages_before_broken"]
    assert seen["overlay_after_fix"] is False
    # nothing the page asked for was refused or missing, and no script failed
    assert seen["console"] == [], seen["console"]


@pytest.mark.slow
def test_the_pdf_is_rebuilt_in_the_background_and_served(tmp_path):
    project = english_only(copy_sample(tmp_path / "report"))  # the served edition is one language
    preview = Preview(project, port=0, pdf=True)
    preview.start()
    try:
        deadline = time.monotonic() + 600
        state = preview.session.state
        while time.monotonic() < deadline and state.pdf.get("status") not in ("ready", "failed"):
            state = preview.session.wait(state.serial, 5)
        assert state.pdf["status"] == "ready", state.pdf
        with urllib.request.urlopen(preview.url + ".preview/report.pdf", timeout=30) as response:
            assert response.headers["Content-Type"] == "application/pdf"
            data = response.read()
    finally:
        preview.stop()
    pdf = tmp_path / "served.pdf"
    pdf.write_bytes(data)
    reader = PdfReader(pdf)
    assert len(reader.pages) > 40
    assert "A Decade at a Glance" in "".join(page.extract_text() for page in reader.pages[:20])
    # the normal build, into the preview's own (hidden) build folder
    manifest = json.loads((project / ".preview-build" / "manifest.json").read_text("utf-8"))
    assert {entry["edition"] for entry in manifest["outputs"]} == {"screen"}
    served = [e for e in manifest["outputs"] if e.get("language") == "en"]
    assert hashlib.sha256(data).hexdigest() == served[0]["sha256"]  # the English edition
