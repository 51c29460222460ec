"""The live preview in a real browser (Debian's chromium, driven by playwright-core): paged like
the PDF, updated after a save without a reload by hand, problems shown over the page and gone
once fixed; and the PDF beside it, built in the background by the normal build.

tests/preview/preview.mjs drives the browser and edits the files itself, so the time it reports
runs from the save to the updated pages on screen. It is printed, never asserted: the machine is
shared and its speed is no property of the code.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from decade_report.preview.server import Preview
from projects import copy_sample

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


@pytest.mark.slow
def test_the_preview_in_chromium_follows_saves_and_shows_problems(tmp_path):
    project = copy_sample(tmp_path / "report")
    preview = Preview(project, port=0, pdf=False)
    preview.start()
    try:
        assert preview.watcher.ready.wait(30)
        seen = drive(
            {
                "url": preview.url,
                "title": "A Decade at a Glance",
                "edit": {
                    "path": str(project / "chapters" / "01-decade-at-a-glance.md"),
                    "find": "rests on a Convention signed in Beijing",
                    "replace": "rests on a Convention signed (as the preview shows) in Beijing",
                    "expect": "signed (as the preview shows) in Beijing",
                },
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
    print(
        f"\npreview in chromium: first paged rendering {seen['first_render_s']:.1f} s "
        f"({seen['pages']} pages); save → edited text on screen {seen['save_to_text_s']:.2f} s, "
        f"→ every page laid out again {seen['save_to_paged_s']:.2f} s; "
        f"save → overlay {seen['save_to_overlay_s']:.2f} s; fix → overlay gone "
        f"{seen['fix_to_gone_s']:.2f} s"
    )
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
    assert seen["still_paged"] == seen["pages_after_edit"]
    assert seen["overlay_after_fix"] is False
    # nothing the page asked for was refused or missing, and no script failed
    assert seen["console"] == [], seen["console"]


@pytest.mark.slow
def test_the_pdf_is_rebuilt_in_the_background_and_served(tmp_path):
    project = copy_sample(tmp_path / "report")
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
    assert [entry["edition"] for entry in manifest["outputs"]] == ["screen"]
