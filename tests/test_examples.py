"""The second example project, examples/river-commission: another kind of organisation, other
scripts, statuses and key figures, a logo and no member-state profiles — built like the sample."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pytest
from ruamel.yaml import YAML

from decade_report.pipeline import BuildResult
from engines import render_all

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "river-commission"
pytestmark = pytest.mark.slow


def output(result: BuildResult, edition: str) -> Path:
    [found] = [o for o in result.outputs if o.edition == edition]
    return result.manifest.parent / found.path


def native_names() -> dict[str, str]:
    states = YAML(typ="safe").load((EXAMPLE / "data" / "member_states.yaml").read_text("utf-8"))
    return {state["native_name"]: state["native_lang"] for state in states}


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def fonts(path: Path) -> set[str]:
    listing = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout
    # a CJK face is named by its file ("Noto-Sans-CJK-SC") or by its CSS family ("Noto-Sans-SC"),
    # depending on how fontconfig was asked for it: the same bundled file either way
    return {
        line.split()[0].split("+")[-1].replace("-CJK-", "-") for line in listing.splitlines()[2:]
    }


def test_the_example_builds_every_edition_without_errors(example_built: BuildResult) -> None:
    editions = {o.edition for o in example_built.outputs}
    assert editions == {"print", "screen", "copy", "web"}
    assert not [f for f in example_built.findings if f.severity.value == "error"]
    assert len([o for o in example_built.outputs if o.edition == "copy"]) == 5


@pytest.mark.parametrize("edition", ["screen", "print"])
def test_every_script_has_its_font(example_built: BuildResult, edition: str) -> None:
    """Khmer, Lao and Myanmar come from fonts-noto-core ([[system_face]]); Chinese, Japanese,
    Korean and Arabic from the bundled faces; all embedded."""
    embedded = fonts(output(example_built, edition))
    assert {
        "Noto-Sans-Khmer",
        "Noto-Sans-Lao",
        "Noto-Sans-Myanmar",
        "Noto-Sans-Thai",
        "Noto-Sans-SC",
        "Noto-Sans-JP",
        "Noto-Sans-KR",
    } <= embedded
    # Arabic script in a heading face: Noto Sans Arabic (bundled since the Persian edition),
    # or Naskh, the text face
    assert {"Noto-Sans-Arabic", "Noto-Naskh-Arabic"} & embedded


def faces_drawing(pdf: Path) -> dict[str, set[str]]:
    """{character: the fonts MuPDF says draw it} over every page (mutool's structured text)."""
    stext = subprocess.run(
        ["mutool", "draw", "-q", "-F", "stext", "-o", "-", str(pdf)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    drawn: dict[str, set[str]] = {}
    for font in ElementTree.fromstring(stext).iter("font"):
        for char in font.iter("char"):
            name = font.get("name", "").replace("-CJK-", "-")  # as in `fonts`
            drawn.setdefault(char.get("c", ""), set()).add(name)
    return drawn


def test_han_characters_take_the_forms_of_their_language(example_built: BuildResult) -> None:
    """中国 (lang zh) in the Chinese face, 日本 (lang ja) in the Japanese one, 대한민국 (ko) in the
    Korean one: faces.toml gives each face its `languages`, and the CSS prefers it for them."""
    drawn = faces_drawing(output(example_built, "screen"))
    assert drawn["中"] == drawn["国"] == {"Noto-Sans-SC"}
    assert drawn["日"] == drawn["本"] == {"Noto-Sans-JP"}
    assert drawn["대"] == drawn["한"] == {"Noto-Sans-KR"}


def test_native_names_carry_their_language(example_built: BuildResult) -> None:
    with pikepdf.open(output(example_built, "screen")) as pdf:
        languages: set[str] = set()
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            element = stack.pop()
            if isinstance(element, pikepdf.Dictionary):
                if "/Lang" in element:
                    languages.add(str(element.Lang))
                kids = element.get("/K")
                stack += list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    assert set(native_names().values()) <= languages


def test_native_names_are_extracted(example_built: BuildResult) -> None:
    text = re.sub(r"\s+", "", pdftotext(output(example_built, "screen")))
    for name in native_names():
        assert re.sub(r"\s+", "", name) in text, name


@pytest.mark.parametrize("edition", ["screen", "print"])
def test_three_engines_draw_the_example_without_complaint(
    example_built: BuildResult, edition: str
) -> None:
    renderings = render_all(output(example_built, edition))
    assert {name: r.complaints for name, r in renderings.items() if r.complaints} == {}
    assert len({len(r.pages) for r in renderings.values()}) == 1


def test_the_example_is_its_own_organisation(example_built: BuildResult) -> None:
    text = " ".join(pdftotext(output(example_built, "screen")).split())
    assert "Riverlands Basin Commission" in text
    assert not re.search(r"APSCO|cooperative networks?|council meetings?", text, re.I)
    assert "Dialogue Partner" in text  # its own status, from [statuses]
    web = (example_built.manifest.parent / "web" / "index.html").read_text("utf-8")
    assert "state-profile" not in web  # no member-state profiles
    assert "gauging stations reporting in 2025" in web  # its own key figure
    with pikepdf.open(output(example_built, "screen")) as pdf:
        cover = pdf.pages[0].obj.Resources.get("/XObject", {})
        assert len(cover) >= 1  # the logo
