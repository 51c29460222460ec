"""The registry of chapter layouts (compose.layouts.LAYOUTS) is the only description of them:
the theme has a template for each layout that adds something and none for a layout it does not
know, and every dataset a layout needs is one a project can hold."""

from __future__ import annotations

from pathlib import Path

from decade_report.compose.layouts import LAYOUTS

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
SAMPLE = ROOT / "report"


def test_the_theme_has_a_template_for_each_layout_and_no_other() -> None:
    registered = {layout.template for layout in LAYOUTS.values() if layout.template}
    on_disk = {f"layouts/{p.name}" for p in (TEMPLATES / "layouts").glob("*.html")}
    assert registered == on_disk
    web = {f"layouts/{p.name}" for p in (TEMPLATES / "web" / "layouts").glob("*.html")}
    assert web <= registered  # the web edition only overrides layouts that exist


def test_every_needed_dataset_is_one_the_sample_has() -> None:
    """The sample uses every layout, so each dataset a layout needs is one of its data files."""
    data = {p.stem for p in (SAMPLE / "data").iterdir()}
    needs = {layout.needs for layout in LAYOUTS.values() if layout.needs}
    assert needs <= data, needs - data


def test_the_sample_uses_every_layout() -> None:
    used = {
        line.split(":", 1)[1].strip()
        for chapter in (SAMPLE / "chapters").glob("*.md")
        for line in chapter.read_text("utf-8").split("---")[1].splitlines()
        if line.startswith("layout:")
    }
    assert used | {"narrative"} == set(LAYOUTS)
