"""The screen edition as a reader scrolls it: no blank left-hand pages, profiles that share pages,
the theme's neutral cover unless the project draws its own."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdf
import pytest

from decade_report.pipeline import BuildResult


def page_texts(path: Path) -> list[str]:
    reader = pypdf.PdfReader(path)
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-enc", "UTF-8", str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for n in range(1, len(reader.pages) + 1)
    ]


@pytest.mark.slow
def test_the_screen_edition_has_no_blank_pages(screen_pdf: Path) -> None:
    """Chapters start on the next page, not on the next right-hand one: every page has text."""
    blank = [n for n, text in enumerate(page_texts(screen_pdf), 1) if not text.strip()]
    assert blank == []


@pytest.mark.slow
def test_the_print_edition_keeps_right_hand_starts(built: BuildResult) -> None:
    """Each chapter of the printed book opens on a right-hand (odd) page."""
    [pdf] = [o for o in built.outputs if o.edition == "print" and o.language == "en"]
    texts = page_texts(built.manifest.parent / pdf.path)
    # a chapter's opener is the first page naming it ("CHAPTER 3"); its running heads follow
    openers = [
        next(n for n, text in enumerate(texts, 1) if f"CHAPTER {number}\n" in text.upper())
        for number in range(1, 9)
    ]
    assert all(n % 2 == 1 for n in openers), openers


@pytest.mark.slow
def test_member_state_profiles_share_pages(screen_pdf: Path, sample: Path) -> None:
    texts = page_texts(screen_pdf)
    headers = [text.count("JOINED") for text in texts]  # the fact label, in capitals
    assert max(headers) >= 2  # at least one page holds two profiles
    assert sum(headers) == 11
    assert not any("No programme participation recorded" in text for text in texts)
