"""The wheel ships the default theme: templates and assets (fonts with their licences)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_templates_and_assets(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("decade_report-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in ROOT.glob("templates/**/*"):
        if template.is_file():
            assert f"decade_report/theme/{template.relative_to(ROOT).as_posix()}" in names
    for font in ROOT.glob("assets/fonts/*"):
        assert f"decade_report/theme/assets/fonts/{font.name}" in names
    assert "decade_report/cli.py" in names
    scaffold = ROOT / "src" / "decade_report" / "scaffold"
    for path in scaffold.rglob("*"):  # what `decade-report init` copies
        if path.is_file():
            assert f"decade_report/scaffold/{path.relative_to(scaffold).as_posix()}" in names
    assert any(n.endswith("entry_points.txt") for n in names)
