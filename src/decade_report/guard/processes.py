"""Work that needs process-wide settings or a time and memory limit runs in a child process.

A layout sets fontconfig's configuration file in the environment (read when WeasyPrint first
loads fonts) and may run away on a hostile table; a preflight of one edition is independent of
the other's. Each job runs in a fresh process forked from a forkserver (never from the build
process itself, which may hold threads and locks), with:

- the parent's environment and working folder as they are when the job is started, plus the
  job's own variables (`FONTCONFIG_FILE`);
- resource limits set with `setrlimit`: processor time (`RLIMIT_CPU`) and address space
  (`RLIMIT_AS`); a job over them becomes a located `ReportError`, never a traceback;
- a wall-clock deadline watched by the parent, which also honours the build clock
  (`guard.clock`): a job still running when either passes is killed.

Jobs run at most as many at a time as the machine has cores; the parent waits for them in
`Job.result()`, starting queued jobs as others finish. Warnings a job emits are raised again
in the parent, so the parent's warning filters decide what they mean.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from decade_report.errors import Location, Problem, ReportError
from decade_report.guard.clock import OutOfTime, expired_limit

PRELOAD = [
    "decade_report.pdf.render",
    "decade_report.preflight.run",
    "pikepdf",
    "matplotlib.figure",
    "PIL.Image",
]
"""Imported once by the forkserver, so that every job starts with them loaded (matplotlib for the
charts and Pillow for the images, each read in a job: a job changes only its own copy of their
process-wide settings, such as the font manager).
WeasyPrint itself is not: its import reads the fontconfig configuration, which each job
chooses."""


@dataclass(frozen=True)
class Limits:
    """What a job may use, and how to name it when it does not keep to it."""

    what: str
    """The job in a sentence: "laying out the print edition"."""
    seconds: float | None = None
    """Wall-clock and processor time, the `[limits]` key `setting` of report.toml."""
    setting: str = "max_layout_seconds"
    memory_mb: float | None = None
    """Address space, the `[limits]` key `memory_setting`."""
    memory_setting: str = "max_layout_mb"


class OverLimit(BaseException):
    """Raised in the child when its processor time runs out (SIGXCPU)."""


def over_cpu(signum: int, frame: Any) -> None:
    raise OverLimit


def child(
    connection: Connection,
    environment: dict[str, str],
    folder: str,
    limits: Limits,
    function: Callable[..., Any],
    arguments: tuple[Any, ...],
) -> None:
    """The child's whole life: its environment and limits, the job, and one message back."""
    import resource

    os.environ.clear()
    os.environ.update(environment)
    os.chdir(folder)
    if limits.seconds:
        # whole seconds of processor time; the wall-clock deadline in the parent is the precise one
        soft = math.ceil(limits.seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 5))
        signal.signal(signal.SIGXCPU, over_cpu)
    if limits.memory_mb:
        size = int(limits.memory_mb * 2**20)
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            message: tuple[str, Any] = ("ok", function(*arguments))
        except ReportError as error:
            message = ("error", error.problems)
        except OverLimit:
            message = ("cpu", None)
        except MemoryError:
            message = ("memory", None)
        except BaseException:  # sent to the parent, which raises it there
            message = ("crash", traceback.format_exc())
    shown = [(str(w.message), w.category, w.filename, w.lineno) for w in caught]
    try:
        connection.send((*message, shown))
    except MemoryError:
        connection.send(("memory", None, []))
    connection.close()


@dataclass
class Job:
    function: Callable[..., Any]
    arguments: tuple[Any, ...]
    limits: Limits
    environment: dict[str, str]
    pool: Pool
    process: Any = None
    connection: Connection | None = None
    deadline: float = math.inf
    outcome: tuple[str, Any, list[Any]] | None = None

    def start(self, context: Any) -> None:
        receiving, sending = context.Pipe(duplex=False)
        environment = {**os.environ, **self.environment}
        self.process = context.Process(
            target=child,
            args=(sending, environment, os.getcwd(), self.limits, self.function, self.arguments),
            daemon=True,
        )
        self.process.start()
        sending.close()
        self.connection = receiving
        if self.limits.seconds:
            self.deadline = time.monotonic() + self.limits.seconds

    def result(self) -> Any:
        """Wait for the job (and keep the others going); its value, or its ReportError."""
        self.pool.run_until(self)
        assert self.outcome is not None
        kind, value, shown = self.outcome
        for message, category, filename, line in shown:
            warnings.warn_explicit(message, category, filename, line)
        if kind == "ok":
            return value
        if kind == "error":
            raise ReportError(value)
        if kind == "crash":
            raise RuntimeError(f"{self.limits.what} failed in its worker process:\n{value}")
        raise ReportError([self.problem(kind)])

    def problem(self, kind: str) -> Problem:
        limits = self.limits
        if kind == "memory":
            return Problem(
                Location("report.toml"),
                f"{limits.what} needed more than {limits.memory_mb:g} MB "
                f"(limits.{limits.memory_setting})",
                "look for a runaway table, chart or image, or raise the limit in [limits]",
            )
        if kind in ("time", "cpu"):
            return Problem(
                Location("report.toml"),
                f"{limits.what} took longer than {limits.seconds:g} s (limits.{limits.setting})",
                "look for a runaway table, chart or template, or raise the limit in [limits]",
            )
        return Problem(
            Location("rendered document"),
            f"{limits.what} stopped unexpectedly (the worker process ended with {kind})",
            "run the build again; if it keeps failing, report it with the project",
        )

    def receive(self) -> None:
        assert self.connection is not None
        try:
            self.outcome = self.connection.recv()
        except (EOFError, OSError):
            self.process.join()
            code = self.process.exitcode
            # killed by the kernel at the hard processor limit, or out of memory
            kind = "cpu" if code == -signal.SIGKILL and self.limits.seconds else f"code {code}"
            self.outcome = (kind, None, [])
        self.finish()

    def kill(self, kind: str) -> None:
        self.process.kill()
        self.outcome = (kind, None, [])
        self.finish()

    def finish(self) -> None:
        assert self.connection is not None
        self.connection.close()
        self.process.join()
        self.pool.running.remove(self)


@dataclass
class Pool:
    """Jobs started as cores free up, in the order they were submitted."""

    workers: int = field(default_factory=lambda: max(1, len(os.sched_getaffinity(0))))
    waiting: list[Job] = field(default_factory=list)
    running: list[Job] = field(default_factory=list)

    def submit(
        self,
        function: Callable[..., Any],
        *arguments: Any,
        limits: Limits,
        environment: dict[str, str] | None = None,
    ) -> Job:
        job = Job(function, arguments, limits, environment or {}, self)
        self.waiting.append(job)
        self.fill()
        return job

    def shared_out(
        self, function: Callable[..., list[Any]], items: list[Any], *arguments: Any, limits: Limits
    ) -> list[Any]:
        """`function(share, *arguments)` for each of as many shares of `items` as there are
        workers (every other item to the next share), which returns a result per item of its
        share; the results in the order of `items`. For work whose items depend on nothing
        done before them in the same process (charts, font subsets)."""
        shares = [items[start :: self.workers] for start in range(self.workers)]
        jobs = [self.submit(function, s, *arguments, limits=limits) for s in shares if s]
        results: list[Any] = [None] * len(items)
        for start, job in enumerate(jobs):
            results[start :: self.workers] = job.result()
        return results

    def fill(self) -> None:
        while self.waiting and len(self.running) < self.workers:
            job = self.waiting.pop(0)
            # a Ctrl-C between the fork and the bookkeeping would leave a child no one kills: a
            # layout running on after the build, holding its output pipes open
            with signals_held():
                job.start(context())
                self.running.append(job)

    def run_until(self, target: Job) -> None:
        while target.outcome is None:
            if target in self.waiting:  # the awaited job goes first
                self.waiting.remove(target)
                self.waiting.insert(0, target)
            self.fill()
            limit = expired_limit()
            if limit is not None:  # the build clock: stop everything, say why
                self.stop()
                raise OutOfTime(limit)
            now = time.monotonic()
            for job in list(self.running):
                if now >= job.deadline:
                    job.kill("time")
            nearest = min((job.deadline for job in self.running), default=math.inf)
            ready = wait(
                [job.connection for job in self.running if job.connection is not None],
                timeout=max(0.0, min(nearest - now, 0.1)),
            )
            for job in list(self.running):
                if job.connection in ready:
                    job.receive()

    def stop(self) -> None:
        """Kill every job still running and forget the queued ones."""
        self.waiting.clear()
        for job in list(self.running):
            job.kill("stopped")

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done (a job started and recorded, the outputs
    renamed into place); the signal is acted on right after, by the handler it had. Held by
    Python's handlers, not by a signal mask: a process-directed signal that one thread blocks is
    delivered to another. Outside the main thread (where handlers cannot be set) nothing is
    held."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {
        number: signal.signal(number, lambda number, frame: caught.append(number))
        for number in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        if caught:
            signal.raise_signal(caught[0])


CONTEXT: list[Any] = []


def context() -> Any:
    """The forkserver context, its server started once per process with the modules preloaded."""
    if not CONTEXT:
        forkserver = multiprocessing.get_context("forkserver")
        forkserver.set_forkserver_preload(PRELOAD)
        CONTEXT.append(forkserver)
    return CONTEXT[0]
