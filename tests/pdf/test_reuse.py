"""A rebuild reuses the laid-out edition and its preflight when composition gives the same HTML,
and lays out again when it does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from decade_report.log import Log
from decade_report.pipeline import build


@pytest.mark.slow
def test_a_change_that_leaves_the_html_alone_lays_nothing_out(
    tiny_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1542153600")
    project = tiny_project  # a new project, in one language (each other is laid out alike)
    out = tmp_path / "out"
    first = build(project, out, Log(0), ("screen",))
    assert first.laid_out == ("screen",) and first.checked == ("screen",)
    edition = out / first.outputs[0].path
    pdf = edition.read_bytes()

    data = project / "data" / "milestones.yaml"  # a comment: the data, and the HTML, are the same
    data.write_text(data.read_text("utf-8") + "\n# checked by the secretariat\n", "utf-8")
    second = build(project, out, Log(0), ("screen",))
    assert not second.unchanged  # the project changed: the build ran
    assert second.laid_out == () and second.checked == ()
    assert edition.read_bytes() == pdf
    assert second.findings == first.findings

    chapter = next((project / "chapters").glob("02-*.md"))
    chapter.write_text(chapter.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    third = build(project, out, Log(0), ("screen",))
    assert third.laid_out == ("screen",) and third.checked == ("screen",)
    assert edition.read_bytes() != pdf
