"""Several reports from one project: the anniversary report and the 2018 annual report of the
sample, built from the same data into their own folders, each with its own manifest."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pypdf
import pytest

from decade_report.cli import main
from decade_report.pipeline import BuildResult, check
from projects import copy_sample, replace

ANNUAL = "annual-2018"


def page_texts(path: Path) -> list[str]:
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-enc", "UTF-8", str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for n in range(1, len(pypdf.PdfReader(path).pages) + 1)
    ]


def annual_pdf(built: BuildResult, edition: str) -> Path:
    return built.manifest.parent / f"apsco-annual-report-2018-{edition}.pdf"


def body(texts: list[str]) -> str:
    """Everything before the annexes (which may show the years before, labelled)."""
    end = next(n for n, t in enumerate(texts) if "Annexes" in t and "Data and references" in t)
    return "\n".join(texts[:end])


@pytest.mark.slow
def test_the_annual_report_has_its_title_and_its_figures_of_2018(
    annual_built: BuildResult,
) -> None:
    text = "\n".join(page_texts(annual_pdf(annual_built, "screen")))
    assert "Annual Report 2018" in text
    for figure, change in (
        ("177", "+32 % on 2017"),  # participants in training
        ("11,500", "+25 % on 2017"),  # satellite images shared
        ("13", "+8 % on 2017"),  # cooperative projects under way
    ):
        assert re.search(rf"\b{figure}\b", text), figure
        assert change in text, change
    assert "unchanged on 2017" in text
    assert "915" not in text  # the anniversary report's participants in training, 2009–2018


@pytest.mark.slow
def test_nothing_dated_outside_2018_in_the_annual_body(
    annual_built: BuildResult, sample: Path
) -> None:
    """No event, milestone or figure of another year before the annexes: the only other year
    its body names is 2017, in the changes of the key figures ("+32 % on 2017")."""
    text = " ".join(body(page_texts(annual_pdf(annual_built, "screen"))).split())
    years = re.findall(r"(\S*\s)?\b(19[5-9]\d|20[0-2]\d)\b", text)
    assert {year for _, year in years} == {"2018", "2017"}
    assert all(before == "on " for before, year in years if year == "2017")
    decade = check(sample)
    of_2018 = {e.title for e in decade.events if e.date.year == 2018} | {
        m.title for m in decade.milestones if m.date.year == 2018
    }
    elsewhere = {e.title for e in decade.events if e.date.year != 2018} | {
        m.title for m in decade.milestones if m.date.year != 2018
    }
    for title in elsewhere - of_2018:
        assert " ".join(title.split()) not in text, title
    for title in of_2018:
        assert " ".join(title.split()) in text, title


@pytest.mark.slow
def test_two_reports_two_folders_two_manifests(
    built: BuildResult, annual_built: BuildResult
) -> None:
    top = built.manifest.parent
    assert annual_built.manifest == top / ANNUAL / "manifest.json"
    main_entries = json.loads(built.manifest.read_text("utf-8"))["outputs"]
    annual_entries = json.loads(annual_built.manifest.read_text("utf-8"))["outputs"]
    assert {e["path"] for e in annual_entries} == {
        "apsco-annual-report-2018-print.pdf",
        "apsco-annual-report-2018-screen.pdf",
    }
    assert not any("annual" in e["path"] for e in main_entries)
    assert (top / ANNUAL / "preflight.json").is_file()
    for folder, entries in ((top, main_entries), (top / ANNUAL, annual_entries)):
        for entry in entries:  # each manifest describes its own folder, untouched by the other
            data = (folder / entry["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    [print_pdf] = [e for e in annual_entries if e["edition"] == "print"]
    assert print_pdf["pages"] % 4 == 0


@pytest.mark.slow
def test_build_alone_builds_every_report(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "report")
    out = tmp_path / "build"
    assert main(["build", str(project), "--edition", "web", "--out", str(out), "-q"]) == 0
    for folder, title in (
        (out, "A Decade of Space Cooperation"),
        (out / ANNUAL, "Annual Report 2018"),
    ):
        entries = json.loads((folder / "manifest.json").read_text("utf-8"))["outputs"]
        assert entries and all(e["edition"] == "web" for e in entries)
        assert f"<title>{title}" in (folder / "web" / "index.html").read_text("utf-8")
    assert not (out / "web" / ANNUAL).exists()


def test_one_report_is_built_by_its_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_sample(tmp_path / "report")
    assert main(["build", str(project), "--report", "annual-2017", "--out", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert "reports/annual-2017.toml: error: no report 'annual-2017' in this project" in error
    assert "did you mean 'annual-2018'?" in error


def test_check_validates_every_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_sample(tmp_path / "report")
    assert main(["check", str(project)]) == 0
    out = capsys.readouterr().err  # the log's stream
    assert "report: ok — 9 chapters, 12 charts" in out
    assert "report (annual-2018): ok — 7 chapters, 4 charts" in out
    chapter = "annual-2018/chapters/04-education-and-training.md"
    replace(project, chapter, "[[chart: trainees-2018]]", "[[chart: trainees-2017]]")
    assert main(["check", str(project)]) == 1
    error = capsys.readouterr().err
    assert f"{chapter}:" in error and "unknown chart 'trainees-2017'" in error
    assert "did you mean 'trainees-2018'?" in error


def test_an_extra_report_sets_only_what_differs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_sample(tmp_path / "report")
    path = project / "reports" / "annual-2018.toml"
    path.write_text(path.read_text("utf-8") + '\n[theme]\nbrand = "#aa1133"\n', "utf-8")
    (project / "reports" / "copies.toml").write_text(path.read_text("utf-8"), "utf-8")
    assert main(["check", str(project)]) == 1
    error = capsys.readouterr().err
    assert "reports/annual-2018.toml:" in error
    assert "'theme' is shared by every report of the project — set it in report.toml" in error
    assert "reports/copies.toml: error: 'copies' cannot name a report" in error


def test_a_report_file_that_links_out_of_the_project_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_sample(tmp_path / "report")
    outside = tmp_path / "outside.toml"
    outside.write_text((project / "reports" / "annual-2018.toml").read_text("utf-8"), "utf-8")
    (project / "reports" / "annual-2019.toml").symlink_to(outside)
    assert main(["check", str(project)]) == 1
    error = capsys.readouterr().err
    assert "reports/annual-2019.toml: error: 'reports/annual-2019.toml' is a symbolic link" in error
    assert "(annual-2019): ok" not in error
