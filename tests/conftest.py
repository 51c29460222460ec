"""Shared fixtures: the sample project, disposable copies of it, and one build of it per session."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar, cast

import pytest

from canary import Server, serve
from decade_report.log import Log
from decade_report.pipeline import BuildResult, build
from projects import english_only

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "report"
EXAMPLE = ROOT / "examples" / "river-commission"
T = TypeVar("T")


@pytest.fixture
def sample() -> Path:
    return SAMPLE


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the sample project (tests break it on purpose)."""
    target = tmp_path / "report"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns(".cache"))
    return target


@pytest.fixture
def english_project(tmp_path: Path) -> Path:
    """A writable copy of the sample in its first language only (`languages = ["en"]`) and
    without its other reports (reports/): for tests of one report's sources, which `check` would
    otherwise compose and check again in Chinese and Persian, and again as the annual report.
    A test module that wants it for every test names it `project` (see tests/validate/)."""
    target = tmp_path / "report"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns(".cache", "reports"))
    return english_only(target)


@pytest.fixture
def tiny_project(tmp_path: Path) -> Path:
    """A new project as `decade-report init` makes it (about 10 pages, one language): for tests
    of the build's mechanics (dates, staging, interrupts), which the sample's 50 pages would
    only make slower."""
    from decade_report.authoring.init import init_project

    target = tmp_path / "tiny"
    init_project(target)
    return target


@pytest.fixture
def edit(project: Path) -> Callable[[str, str, str], None]:
    """Replace text in a file of the project copy; fails loudly when the text is not there."""

    def replace(relative: str, old: str, new: str) -> None:
        path = project / relative
        text = path.read_text("utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), "utf-8")

    return replace


def shared(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]) -> T:
    """What `make` returns, made once per test run: under pytest-xdist (`-n auto`) the first
    worker to ask makes it, in a folder every worker sees, while the others wait on a lock and
    then read the same result; without xdist, once for the session. `make` gets the folder."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, shared by the workers' own folders
    folder, stored = base / name, base / f"{name}.pickle"
    with (base / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stored.exists():
            return cast(T, pickle.loads(stored.read_bytes()))
        folder.mkdir(exist_ok=True)
        result = make(folder)
        stored.write_bytes(pickle.dumps(result))
        return result


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The sample built once for the whole run (every edition), shared by the xdist workers."""
    return shared(tmp_path_factory, "build", lambda out: build(SAMPLE, out, Log(0)))


@pytest.fixture(scope="session")
def annual_built(tmp_path_factory: pytest.TempPathFactory, built: BuildResult) -> BuildResult:
    """The sample's 2018 annual report (reports/annual-2018.toml), screen and print editions,
    built into its own folder of the session build's folder, as `build` alone would."""
    return shared(
        tmp_path_factory,
        "annual-build",
        lambda _: build(
            SAMPLE, built.manifest.parent, Log(0), ("screen", "print"), report_id="annual-2018"
        ),
    )


@pytest.fixture(scope="session")
def screen_pdf(built: BuildResult) -> Path:
    return built.manifest.parent / "apsco-decade-report-screen.pdf"


@pytest.fixture(scope="session")
def example_built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The second example project (examples/river-commission) built once, every edition."""
    return shared(tmp_path_factory, "example-build", lambda out: build(EXAMPLE, out, Log(0)))


def draw_sample_charts(folder: Path) -> Path:
    """Every chart of the sample's reports, in each of their languages, drawn into `folder`."""
    from decade_report.charts.render import render_charts
    from decade_report.checking import loaded_languages
    from decade_report.model.report_files import chosen_ids

    for report_id in chosen_ids(SAMPLE, None):
        versions, theme = loaded_languages(SAMPLE, report_id)
        for version in versions:
            render_charts(version, theme, folder)
    return folder


@pytest.fixture(scope="session")
def chart_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One chart cache for the worker's session: charts are cached by a hash of everything they
    are drawn from, so tests that compose, check or build the sample (or a copy changed
    elsewhere) share the drawings instead of drawing every chart again. It starts with the
    sample's charts, drawn once for the whole run (`shared`); each worker writes only to its own
    copy. Tests of the drawing itself keep their own cache."""
    cache = tmp_path_factory.mktemp("charts")
    shutil.copytree(shared(tmp_path_factory, "sample-charts", draw_sample_charts), cache,
                    dirs_exist_ok=True)  # fmt: skip
    return cache


def subset_sample_fonts(folder: Path, charts: Path) -> Path:
    """The font subsets of the sample's web edition (its first language), made into `folder`."""
    from decade_report.charts.render import render_charts
    from decade_report.checking import loaded
    from decade_report.web.page import render_web

    report, theme = loaded(SAMPLE)
    render_web(report, render_charts(report, theme, charts), theme, folder)
    return folder


@pytest.fixture(scope="session")
def font_cache(tmp_path_factory: pytest.TempPathFactory, chart_cache: Path) -> Path:
    """One cache of the web edition's font subsets for the worker's session (kept by a hash of
    the face and the characters), for tests about the page rather than the subsetting. It starts
    with the sample's, made once for the whole run (`shared`); each worker writes to its copy."""
    cache = tmp_path_factory.mktemp("fonts")
    made = shared(tmp_path_factory, "sample-fonts", lambda f: subset_sample_fonts(f, chart_cache))
    shutil.copytree(made, cache, dirs_exist_ok=True)
    return cache


BUILDING_FIXTURES = {"built", "screen_pdf", "print_pdf", "example_built", "annual_built", "hostile"}
"""Fixtures that build a project (the sample, the example, the annual report, a hostile copy):
every test using them is in the slow lane."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that build the sample (through the session build) are slow whether or not they are
    marked; the fast lane (`pytest -m "not slow"`, `make check`) leaves them out."""
    for item in items:
        if BUILDING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def server() -> Iterator[Server]:
    """A loopback canary: every request a build or a browser makes reaches it and is recorded."""
    recorder, httpd = serve()
    yield recorder
    httpd.shutdown()
    httpd.server_close()
