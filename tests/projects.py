"""Copies of the sample project, changed in place, and where a needle is written in them."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from decade_report.errors import Location

SAMPLE = Path(__file__).resolve().parents[1] / "report"


def copy_sample(target: Path) -> Path:
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns(".cache"))
    return target


def english_only(project: Path) -> Path:
    """Make a copy of the sample a report in its first language only (`languages = ["en"]`):
    for tests about anything but the other languages, which would only lay out, check and
    compare the same things twice more. Returns the project."""
    config = project / "report.toml"
    text = config.read_text("utf-8")
    assert 'languages = ["en", "zh", "fa"]' in text
    config.write_text(text.replace('languages = ["en", "zh", "fa"]', 'languages = ["en"]'), "utf-8")
    return project


def append(project: Path, relative: str, text: str) -> None:
    path = project / relative
    path.write_text(path.read_text("utf-8").rstrip("\n") + "\n\n" + text + "\n", "utf-8")


def replace(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def place(project: Path, relative: str, needle: str) -> Location:
    """path:line:col of the first `needle` in a project file."""
    text = (project / relative).read_text("utf-8")
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return Location(relative, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def line_of(project: Path, relative: str, needle: str) -> int:
    return place(project, relative, needle).line


def override(project: Path, name: str, change: Callable[[str], str]) -> str:
    """Copy the default template `name` into the project, changed; returns its project path."""
    source = SAMPLE.parent / "templates" / name
    target = project / "templates" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(change(source.read_text("utf-8")), "utf-8")
    return f"templates/{name}"


def annual_report(project: Path, year: int) -> str:
    """Add reports/annual-YEAR.toml to a copy of the sample: the 2018 annual report's title,
    slug and period moved to `year`, its message, chapters, key figures and charts kept.
    Returns the report's id."""
    text = (project / "reports" / "annual-2018.toml").read_text("utf-8")
    for key in ("title = ", "slug = ", "start = ", "end = "):
        line = next(line for line in text.splitlines() if line.startswith(key))
        text = text.replace(line, line.replace("2018", str(year)))
    (project / "reports" / f"annual-{year}.toml").write_text(text, "utf-8")
    return f"annual-{year}"


def first_language_chapters(project: Path) -> list[Path]:
    """The chapter files of the project's first language, in order: not their translations
    (`01-x.zh.md`)."""
    return sorted(p for p in (project / "chapters").glob("*.md") if p.suffixes == [".md"])


def sample_languages() -> list[str]:
    """The sample's languages (report.toml `languages`), first language first: what a test of
    every edition is parametrized over at collection time, before anything is built."""
    import tomllib

    config = tomllib.loads((SAMPLE / "report.toml").read_text("utf-8"))
    return list(config.get("languages", ["en"]))


def built_pdf(manifest: Path, language: str, edition: str) -> Path:
    """The built PDF of `edition` ("screen", "print") in `language`, as manifest.json lists it."""
    import json

    entries = json.loads(manifest.read_text("utf-8"))["outputs"]
    (entry,) = [
        e
        for e in entries
        if e["edition"] == edition and e.get("language") == language and "recipient" not in e
    ]
    return manifest.parent / entry["path"]


def share_charts(out: Path, chart_cache: Path) -> Path:
    """Let a build into `out` draw its charts into the session's chart cache (a build keeps them
    in out/.cache/charts): for tests about what the build says, not about drawing. Returns `out`."""
    (out / ".cache").mkdir(parents=True, exist_ok=True)
    (out / ".cache" / "charts").symlink_to(chart_cache)
    return out
