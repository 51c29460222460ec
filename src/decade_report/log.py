"""Progress and messages on the terminal: quiet, normal or verbose; never a traceback for users.

A build is a series of steps (loading, validating, charts, composing and laying out each edition,
preflight, publishing). On a terminal they show as a live list, each with a spinner while it runs
and its time once done (rich); otherwise, in a log file or a CI job, each finished step is one
plain line. `--quiet` shows nothing but errors; `--verbose` adds a line when a step starts and the
details the stages report with `debug`. Steps may run at the same time (in threads): each has its
own line.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TextIO

QUIET, NORMAL, VERBOSE = 0, 1, 2


@dataclass
class Log:
    verbosity: int = NORMAL
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    live: bool | None = None
    """Show a live display: None decides by whether `stream` is a terminal."""
    _progress: Any = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def showing_live(self) -> bool:
        if self.verbosity < NORMAL:
            return False
        if self.live is None:
            return bool(getattr(self.stream, "isatty", lambda: False)())
        return self.live

    def info(self, message: str) -> None:
        if self.verbosity >= NORMAL:
            self._print(message)

    def debug(self, message: str) -> None:
        if self.verbosity >= VERBOSE:
            self._print(message)

    def _print(self, message: str) -> None:
        with self._lock:
            if self._progress is not None:
                # above the live display, which redraws below it
                self._progress.console.print(message, markup=False, highlight=False)
            else:
                print(message, file=self.stream, flush=True)

    @contextmanager
    def step(self, title: str) -> Iterator[None]:
        """A stage of the work: shown while it runs, with its time when it is done."""
        start = time.perf_counter()
        task = self._start(title)
        try:
            yield
        except BaseException:
            self._end(task, title, time.perf_counter() - start, failed=True)
            raise
        self._end(task, title, time.perf_counter() - start, failed=False)

    def _start(self, title: str) -> Any:
        if self.verbosity < NORMAL:
            return None
        if not self.showing_live:
            self.debug(f"{title} …")
            return None
        with self._lock:
            if self._progress is None:
                self._progress = live_progress(self.stream)
                self._progress.start()
            return self._progress.add_task(title, total=1, failed=False)

    def _end(self, task: Any, title: str, seconds: float, failed: bool) -> None:
        if self.verbosity < NORMAL:
            return
        if task is None:
            if not failed:
                self._print(f"{title}: {seconds:.1f} s")
            return
        with self._lock:
            self._progress.update(task, completed=1, failed=failed)

    def close(self) -> None:
        """Stop the live display, leaving the finished steps on the screen."""
        with self._lock:
            if self._progress is not None:
                self._progress.stop()
                self._progress = None

    def __enter__(self) -> Log:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def live_progress(stream: TextIO) -> Any:
    """One line per step: a spinner (a tick once done), its title and the time it took."""
    from rich.console import Console
    from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn
    from rich.text import Text

    class Mark(SpinnerColumn):  # type: ignore[misc]
        """A spinner while the step runs; a tick once done, a cross when it was stopped."""

        def render(self, task: Task) -> Any:
            if task.finished and task.fields.get("failed"):
                return Text("✗", style="red")
            return super().render(task)

    class Seconds(ProgressColumn):  # type: ignore[misc]
        def render(self, task: Task) -> Text:
            seconds = task.finished_time if task.finished else task.elapsed
            return Text(f"{seconds or 0:.1f} s", style="progress.elapsed")

    return Progress(
        Mark(finished_text="[green]✓"),
        TextColumn("{task.description}"),
        Seconds(),
        console=Console(file=stream, stderr=stream is sys.stderr),
        transient=False,
    )
