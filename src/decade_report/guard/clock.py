"""Time limits: the whole build (`limits.max_build_seconds`) and each layout
(`limits.max_layout_seconds`), stopped with a message when they run over.

One real-time timer (SIGALRM) serves every limit in force: limits nest (a layout inside the
build), and the timer is always set for the nearest deadline. When one has passed, the signal
handler raises `OutOfTime` in the code that is running — but only in library or template code
(WeasyPrint, Jinja templates, matplotlib, pikepdf…), where an exception unwinds normally, never in a
finaliser or a weakref callback, where Python would print and drop it; the timer repeats every
50 ms until the interruption lands. Publishing runs outside every limit: it is never cut short.

Only the main thread can receive signals: elsewhere (a build started from a thread) the limits
are not enforced.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from decade_report.errors import ReportError

INTERRUPTIBLE = ("weasyprint", "jinja2", "matplotlib", "pikepdf", "fontTools", "PIL", "markdown_it")
"""Code the timer may interrupt: libraries doing the long work (and the templates, whose code
has the template's file name)."""
REPEAT = 0.05


@dataclass
class Limit:
    seconds: float
    what: str
    setting: str
    deadline: float
    expired: bool = False


class OutOfTime(BaseException):
    """Raised by the timer; a BaseException so no `except Exception` in a library swallows it."""

    def __init__(self, limit: Limit) -> None:
        super().__init__(limit.what)
        self.limit = limit


ACTIVE: list[Limit] = []


def interruptible(frame: FrameType | None) -> bool:
    if frame is None or frame.f_code.co_name in ("__del__", "_remove", "callback"):
        return False
    filename = frame.f_code.co_filename
    return filename.endswith((".html", ".css", ".svg")) or any(
        name in filename for name in INTERRUPTIBLE
    )


def expire(signum: int, frame: FrameType | None) -> None:
    now = time.monotonic()
    for limit in ACTIVE:
        if now >= limit.deadline:
            limit.expired = True
            if interruptible(frame):
                raise OutOfTime(limit)
            return


def expired_limit() -> Limit | None:
    """The limit in force whose deadline has passed, if any: for code that waits on a child
    process, where the timer's signal cannot interrupt anything (`guard.processes`)."""
    now = time.monotonic()
    for limit in ACTIVE:
        if now >= limit.deadline:
            limit.expired = True
            return limit
    return None


def arm() -> None:
    """Set the timer for the nearest deadline, or stop it when no limit is in force."""
    if not ACTIVE:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    remaining = min(limit.deadline for limit in ACTIVE) - time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.001), REPEAT)


@contextmanager
def time_limit(seconds: float | None, what: str, setting: str) -> Iterator[None]:
    """Stop `what` after `seconds` (the `[limits]` key `setting` of report.toml) with an error."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    limit = Limit(seconds, what, setting, time.monotonic() + seconds)
    if not ACTIVE:
        previous = signal.signal(signal.SIGALRM, expire)
    ACTIVE.append(limit)
    arm()
    try:
        yield
    except OutOfTime as stopped:
        if stopped.limit is not limit:
            raise  # an outer limit: its own context reports it
    finally:
        ACTIVE.remove(limit)
        arm()
        if not ACTIVE:
            signal.signal(signal.SIGALRM, previous)
    if limit.expired:
        raise ReportError.at(
            "report.toml",
            f"{what} took longer than {seconds:g} s (limits.{setting})",
            "look for a runaway table, chart or template, or raise the limit in [limits]",
        )


class BuildClock:
    """The whole-build limit, started once the limit is known (after loading report.toml) and
    stopped before publishing; `build_clock()` makes sure it never outlives the build."""

    def __init__(self) -> None:
        self.context: object = None

    def start(self, seconds: float) -> None:
        self.context = time_limit(seconds, "the build", "max_build_seconds")
        self.context.__enter__()  # type: ignore[attr-defined]

    def stop(self) -> None:
        context, self.context = self.context, None
        if context is not None:
            context.__exit__(None, None, None)  # type: ignore[attr-defined]


@contextmanager
def build_clock() -> Iterator[BuildClock]:
    clock = BuildClock()
    try:
        yield clock
    except OutOfTime as stopped:
        context, clock.context = clock.context, None
        if context is None:
            raise
        context.__exit__(OutOfTime, stopped, None)  # type: ignore[attr-defined]
        raise AssertionError("unreachable: the clock raises its ReportError") from None
    finally:
        clock.stop()
