"""Images: damaged, truncated, oversized and mislabelled logos and portraits are refused before
rendering."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import ImageFile

from broken_projects import (
    PROPERTY,
    Edit,
    expect,
    image_bytes,
    png_bomb,
    the_problem,
    with_limits,
    with_logo,
    with_portrait,
    write,
)
from decade_report.errors import Location
from decade_report.load.project import load_report
from decade_report.model.config import Limits
from decade_report.validate.images import image_fault
from decade_report.validate.report import validate


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): these
    tests are about one report's sources."""
    return english_project


# --- images ---------------------------------------------------------------------------------


def test_truncated_png_logo(project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]) -> None:
    png = image_bytes("PNG")
    where = with_logo(project, edit, png[: len(png) // 2])
    problem = the_problem(project, capsys)
    assert problem.where == where == Location("report.toml", where.line, 1)
    assert problem.message.startswith("logo 'assets/logo.png' is damaged or truncated (")


def test_truncated_jpeg_portrait(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # importing WeasyPrint turns this on for the whole process: the check must not rely on it
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    jpeg = image_bytes("JPEG", (400, 300))
    where = with_portrait(project, edit, jpeg[: len(jpeg) // 2], "assets/portrait.jpg")
    problem = the_problem(project, capsys)
    assert problem.where == where == Location("message.md", where.line, 1)
    assert problem.message.startswith("portrait 'assets/portrait.jpg' is damaged or truncated (")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_decompression_bomb_logo(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = png_bomb(30_000, 30_000)
    assert len(bomb) < 200 * 1024
    where = with_logo(project, edit, bomb)
    expect(
        the_problem(project, capsys),
        where,
        "logo 'assets/logo.png' has 900 megapixels, over the limit of 40 megapixels",
    )


def test_huge_portrait_in_pixels(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    where = with_portrait(project, edit, png_bomb(10_000, 10_000), "assets/portrait.png")
    expect(
        the_problem(project, capsys),
        where,
        "portrait 'assets/portrait.png' is 10000 × 10000 pixels (100 megapixels), "
        "over the limit of 40 megapixels",
    )


def test_pixel_limit_from_report_toml(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    where = with_logo(project, edit, image_bytes("PNG", (200, 100)))
    assert validate(load_report(project)).config.logo == "assets/logo.png"
    with_limits(edit, "max_image_pixels = 10_000")
    expect(
        the_problem(project, capsys),
        where,
        "logo 'assets/logo.png' is 200 × 100 pixels (20000 pixels), over the limit of 10000 pixels",
    )


def test_image_file_size_limit(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg">' + "<g/>" * 3000 + "</svg>"
    where = with_logo(project, edit, svg.encode(), "assets/logo.svg")
    with_limits(edit, "max_image_mb = 0.01")
    expect(
        the_problem(project, capsys),
        where,
        f"logo 'assets/logo.svg' is {len(svg)} bytes, over the 10485 bytes limit",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is an empty file"),
        (b"GIF89a not really", "is not an image that can be read"),
    ],
    ids=["empty", "not-an-image"],
)
def test_logo_that_is_no_image(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    where = with_logo(project, edit, content)
    expect(the_problem(project, capsys), where, f"logo 'assets/logo.png' {message}")


def test_svg_logo_that_is_not_svg(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    where = with_logo(project, edit, b"<html><body>logo</body></html>", "assets/logo.svg")
    expect(
        the_problem(project, capsys),
        where,
        "logo 'assets/logo.svg' is not an SVG image (it starts with <html>)",
    )


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scratch")


@pytest.mark.slow  # a fuzzer: 60 images, each decoded in a child process
@PROPERTY
@given(
    kind=st.sampled_from(["PNG", "JPEG", "GIF"]),
    cut=st.integers(min_value=0, max_value=2000),
    noise=st.binary(max_size=64),
    suffix=st.sampled_from([".png", ".jpg", ".svg"]),
)
def test_image_checks_never_crash(
    scratch: Path, kind: str, cut: int, noise: bytes, suffix: str
) -> None:
    real = image_bytes(kind, (40, 30))
    path = write(scratch, f"image{suffix}", real[:cut] + noise)
    fault = image_fault(path, Limits())
    assert fault is None or all(fault)


def test_reading_images_leaves_pillows_process_wide_switch_alone(
    project: Path, edit: Edit, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pillow's "load truncated images" is a module global: the image is decoded in a child
    process, and this one's switch is neither read nor written (nor briefly turned off)."""
    writes: list[str] = []

    class Recording(ModuleType):
        def __setattr__(self, name: str, value: object) -> None:
            writes.append(name)
            super().__setattr__(name, value)

    jpeg = image_bytes("JPEG", (400, 300))
    where = with_portrait(project, edit, jpeg[: len(jpeg) // 2], "assets/portrait.jpg")
    ImageFile.__class__ = Recording
    try:
        problem = the_problem(project, capsys)
        written = list(writes)
    finally:
        ImageFile.__class__ = ModuleType
    assert problem.where == where
    assert "is damaged or truncated" in problem.message
    assert written == []
