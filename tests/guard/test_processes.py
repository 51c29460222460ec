"""Jobs in child processes: their own environment, time and memory limits that end as located
errors, errors and warnings carried back to the build."""

from __future__ import annotations

import os
import signal
import time
import warnings
from pathlib import Path

import pytest

from decade_report.errors import Location, ReportError
from decade_report.guard.clock import build_clock
from decade_report.guard.processes import Job, Limits, Pool
from decade_report.load.project import load_report


def test_a_job_returns_its_value_in_its_own_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DECADE_TEST_VARIABLE", "from the parent")
    with Pool() as pool:
        own = pool.submit(os.getenv, "FONTCONFIG_FILE", limits=Limits("reading"),
                          environment={"FONTCONFIG_FILE": "/fonts/fonts.conf"})  # fmt: skip
        inherited = pool.submit(os.getenv, "DECADE_TEST_VARIABLE", limits=Limits("reading"))
        assert own.result() == "/fonts/fonts.conf"
        assert inherited.result() == "from the parent"
    assert os.environ.get("FONTCONFIG_FILE") != "/fonts/fonts.conf"


def test_work_shared_out_comes_back_in_order() -> None:
    """Three font subsets shared out among two workers (the web edition's use of it): each
    back in its place, as made in this process; fewer items than workers leaves none empty."""
    from decade_report.theme.tokens import default_theme_root, load_faces
    from decade_report.web.fonts import subset_in_turn

    root = default_theme_root()
    fonts = [path for path, _ in load_faces(root / "assets", root) if path.suffix == ".ttf"][:3]
    wanted = [(path, set("Space")) for path in fonts]
    assert len(wanted) == 3
    with Pool(workers=2) as pool:
        shared = pool.shared_out(subset_in_turn, wanted, None, limits=Limits("subsetting"))
    assert shared == subset_in_turn(wanted, None)
    with Pool(workers=4) as pool:
        assert (
            pool.shared_out(subset_in_turn, wanted[:1], None, limits=Limits("subsetting"))
            == (shared[:1])
        )


def test_a_job_over_its_time_is_killed_with_a_located_error() -> None:
    started = time.monotonic()
    with Pool() as pool, pytest.raises(ReportError) as caught:
        pool.submit(time.sleep, 30, limits=Limits("laying out the print edition", 0.5)).result()
    assert time.monotonic() - started < 20
    [problem] = caught.value.problems
    assert problem.where == Location("report.toml")
    assert problem.message == (
        "laying out the print edition took longer than 0.5 s (limits.max_layout_seconds)"
    )


def test_a_job_over_its_memory_ends_with_a_located_error() -> None:
    with Pool() as pool, pytest.raises(ReportError) as caught:
        pool.submit(bytearray, 2**31, limits=Limits("laying out the print edition",
                                                    memory_mb=512)).result()  # fmt: skip
    [problem] = caught.value.problems
    assert problem.where == Location("report.toml")
    assert problem.message == (
        "laying out the print edition needed more than 512 MB (limits.max_layout_mb)"
    )


def test_the_build_clock_stops_a_job() -> None:
    started = time.monotonic()
    with pytest.raises(ReportError) as caught, build_clock() as clock, Pool() as pool:
        clock.start(0.5)
        pool.submit(time.sleep, 30, limits=Limits("laying out the screen edition")).result()
    assert time.monotonic() - started < 20
    assert caught.value.problems[0].message == (
        "the build took longer than 0.5 s (limits.max_build_seconds)"
    )


def test_a_report_error_and_warnings_come_back_to_the_parent(tmp_path: Path) -> None:
    with Pool() as pool, pytest.raises(ReportError) as caught:
        pool.submit(load_report, tmp_path / "missing", limits=Limits("loading")).result()
    assert caught.value.problems
    with Pool() as pool, pytest.warns(UserWarning, match="said in the child"):
        assert pool.submit(warnings.warn, "said in the child", limits=Limits("w")).result() is None


def test_ctrl_c_as_a_job_starts_leaves_no_child_running(monkeypatch: pytest.MonkeyPatch) -> None:
    """The interrupt lands between the fork and the bookkeeping (likely on a loaded machine):
    the child is still killed with the others, not left laying out after the build ended."""
    started: list[Job] = []
    start = Job.start

    def start_then_interrupted(job: Job, context: object) -> None:
        start(job, context)
        started.append(job)
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(Job, "start", start_then_interrupted)
    # Ctrl-C as in a terminal, even where the test run ignores SIGINT (a script's `cmd &`)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt), Pool(workers=1) as pool:
            pool.submit(time.sleep, 30, limits=Limits("a nap")).result()
    finally:
        signal.signal(signal.SIGINT, previous)
    [job] = started
    job.process.join(5)
    assert not job.process.is_alive()
