"""Every script of the world's intergovernmental organisations prints without font work.

A new project (`decade-report init`) gets a chapter with a country name in each script the issue
lists, and its screen edition is built as any user's would be: no missing glyph, every engine
(poppler, Ghostscript, MuPDF, PDFium) draws it without a complaint and alike, and the text layer
gives each name back (poppler and PDFium, which follow /ActualText)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from decade_report.authoring.init import init_project
from decade_report.log import Log
from decade_report.pipeline import build
from engines import differences, pdfium_text, render_all

pytestmark = pytest.mark.slow

NAMES = {
    "Latin (Vietnamese)": "Việt Nam",
    "Cyrillic": "Монголия",
    "Greek": "Ελλάδα",
    "Arabic": "مصر",
    "Hebrew": "ישראל",
    "Devanagari": "नेपाल",
    "Bengali": "বাংলাদেশ",
    "Thai": "ประเทศไทย",
    "Lao": "ລາວ",
    "Khmer": "កម្ពុជា",
    "Myanmar": "မြန်မာ",
    "Sinhala": "ශ්‍රී ලංකාව",
    "Tamil": "தமிழ்நாடு",
    "Georgian": "საქართველო",
    "Armenian": "Հայաստան",
    "Ethiopic": "ኢትዮጵያ",
    "Chinese": "中华人民共和国",
    "Japanese": "日本国",
    "Korean": "대한민국",
}

TAGS = {"Cyrillic": "mn", "Arabic": "ar", "Devanagari": "ne", "Ethiopic": "am"}
"""Scripts that do not tell their language get it written: `[Монголия]{lang=mn}`; the others
are marked from their script."""


@pytest.fixture(scope="module")
def screen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("scripts") / "report"
    init_project(project)
    chapter = sorted((project / "chapters").glob("*.md"))[0]
    lines = "\n".join(
        f"- {script}: [{name}]{{lang={TAGS[script]}}}" if script in TAGS else f"- {script}: {name}"
        for script, name in NAMES.items()
    )
    chapter.write_text(
        chapter.read_text("utf-8") + f"\n\n## Names in their scripts\n\n{lines}\n", "utf-8"
    )
    result = build(project, project.parent / "out", Log(0), editions=("screen",))
    [output] = result.outputs
    return result.manifest.parent / output.path


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("\u200d", "")


def test_every_script_draws_in_every_engine_alike(screen: Path) -> None:
    renderings = render_all(screen)
    assert {name: r.complaints for name, r in renderings.items() if r.complaints} == {}
    poppler = renderings.pop("poppler")
    for rendering in renderings.values():
        assert differences(poppler, rendering) == [], rendering.engine


@pytest.mark.parametrize("script", NAMES)
def test_every_name_comes_back_from_the_text_layer(screen: Path, script: str) -> None:
    poppler = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(screen), "-"], check=True, capture_output=True, text=True
    ).stdout
    name = compact(NAMES[script])
    assert name in compact(poppler), script
    assert name in compact(pdfium_text(screen)), script
