"""The web edition in a real browser (Debian's chromium, headless): it opens from disk, shows
every chapter, and asks the network for nothing.

Chromium's network log records every URL the page requests. The browser itself also calls a few
Google services in the background (time, updates, accounts) whatever page is open; those hosts are
left out, and a control page that does reach out proves the log catches page requests.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from browser import CHROMIUM, open_in_browser, requested
from decade_report.pipeline import BuildResult
from projects import first_language_chapters


def test_the_web_edition_opens_from_disk_without_network(
    built: BuildResult, sample: Path, tmp_path: Path
) -> None:
    page = built.manifest.parent / "web" / "index.html"
    dom = open_in_browser(page, tmp_path / "net.json")
    assert requested(tmp_path / "net.json") == set()
    for chapter in first_language_chapters(sample):
        title = re.search(r"^title:\s*\"?(.+?)\"?\s*$", chapter.read_text("utf-8"), re.M)[1]
        assert title in dom
    assert dom.count('role="img"') >= 12  # the charts, inline
    assert "I wish an even greater success to the Organization" in dom


def test_the_network_log_catches_a_page_that_reaches_out(tmp_path: Path) -> None:
    page = tmp_path / "leak.html"
    page.write_text(
        '<!DOCTYPE html><html><head><link rel="stylesheet" href="https://example.org/a.css">'
        '</head><body><img src="http://127.0.0.1:9/x.png" alt=""></body></html>',
        "utf-8",
    )
    open_in_browser(page, tmp_path / "net.json")
    assert requested(tmp_path / "net.json") >= {
        "https://example.org/a.css",
        "http://127.0.0.1:9/x.png",
    }


@pytest.mark.parametrize("width", [390, 1280])
def test_the_web_edition_renders_on_phone_and_desktop(
    built: BuildResult, tmp_path: Path, width: int
) -> None:
    from PIL import Image

    shot = tmp_path / f"{width}.png"
    subprocess.run(
        [
            CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
            "--hide-scrollbars", f"--window-size={width},1400", f"--screenshot={shot}",
            (built.manifest.parent / "web" / "index.html").as_uri(),
        ],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    with Image.open(shot) as image:
        assert image.size == (width, 1400)
        rgb = image.convert("RGB")
        # the language switcher's bar in the dark brand colour, then the cover banner's brand
        assert rgb.getpixel((5, 5)) == (7, 51, 90)
        assert rgb.getpixel((5, 60)) == (11, 79, 138)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
        assert len(colours) > 50  # text, art and colour, not a blank page
