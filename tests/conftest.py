"""Shared fixtures: the sample project, disposable copies of it, and one build of it per session."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from canary import Server, serve
from decade_report.log import Log
from decade_report.pipeline import BuildResult, build

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "report"
EXAMPLE = ROOT / "examples" / "river-commission"


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
def edit(project: Path) -> Callable[[str, str, str], None]:
    """Replace text in a file of the project copy; fails loudly when the text is not there."""

    def replace(relative: str, old: str, new: str) -> None:
        path = project / relative
        text = path.read_text("utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), "utf-8")

    return replace


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The sample built once for the whole session (it takes ~10 s)."""
    out = tmp_path_factory.mktemp("build")
    return build(SAMPLE, out, Log(0))


@pytest.fixture(scope="session")
def annual_built(built: BuildResult) -> BuildResult:
    """The sample's 2018 annual report (reports/annual-2018.toml), screen and print editions,
    built into its own folder of the session build's folder, as `build` alone would."""
    return build(
        SAMPLE, built.manifest.parent, Log(0), ("screen", "print"), report_id="annual-2018"
    )


@pytest.fixture(scope="session")
def screen_pdf(built: BuildResult) -> Path:
    return built.manifest.parent / "apsco-decade-report-screen.pdf"


@pytest.fixture(scope="session")
def example_built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The second example project (examples/river-commission) built once, every edition."""
    out = tmp_path_factory.mktemp("example-build")
    return build(EXAMPLE, out, Log(0))


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
