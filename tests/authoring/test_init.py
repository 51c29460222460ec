"""`decade-report init DIR`: a complete, neutral project that builds as it is."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from decade_report.cli import main
from decade_report.model.config import ReportConfig
from decade_report.pipeline import check

SAMPLE_VOCABULARY = re.compile(r"APSCO|cooperative networks?|programmes?|council meetings?", re.I)


def test_init_writes_a_project_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "new-report"
    assert main(["init", str(target), "-q"]) == 0
    written = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    assert {
        "report.toml",
        "message.md",
        "README.md",
        "charts.yaml",
        "chapters/01-overview.md",
        "chapters/02-milestones.md",
        "chapters/03-outlook.md",
        "data/key_figures.yaml",
        "data/milestones.yaml",
        "data/activities.csv",
        "data/contributions.xlsx",
    } <= written
    report = check(target)
    assert report.config.organisation == "Example Regional Commission"
    assert {"milestones", "activities", "contributions", "key_figures"} <= set(report.datasets)
    assert report.datasets["contributions"].column("contributions")[-1] == 250  # the XLSX
    assert [f.label for f in report.key_figures][:2] == ["years of work", "milestones reached"]
    for path in target.rglob("*"):
        if path.suffix in (".md", ".toml", ".yaml", ".csv"):
            assert not SAMPLE_VOCABULARY.search(path.read_text("utf-8")), path


def test_every_option_of_report_toml_is_shown(tmp_path: Path) -> None:
    main(["init", str(tmp_path / "p"), "-q"])
    text = (tmp_path / "p" / "report.toml").read_text("utf-8")
    tables = re.findall(r"^#?\s*\[+([a-z_]+)\]+", text, re.M)
    keys = set(tables) | set(re.findall(r"^#?\s*([a-z_]+)\s*=", text, re.M))
    assert set(ReportConfig.model_fields) - keys == set()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys) -> None:
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    assert main(["init", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert f"{tmp_path}: error: the folder is not empty" in error
    assert "decade-report init my-report" in error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.slow
def test_a_new_project_builds_with_none_of_the_samples_vocabulary(tmp_path: Path) -> None:
    target = tmp_path / "newreport"
    assert main(["init", str(target), "-q"]) == 0
    assert main(["build", str(target), "--edition", "screen", "-q"]) == 0
    pdf = target / "build" / "erc-report-screen.pdf"
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    text = " ".join(text.replace("\u2010", "-").replace("-\n", "").split())
    assert "Example Regional Commission" in text
    assert SAMPLE_VOCABULARY.findall(text) == []
    assert "years of work" in text and "milestones reached" in text
