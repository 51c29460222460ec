"""Saves in the project, seen by watchfiles (inotify), bunched, and what follows each bunch.

watchfiles waits for a quiet moment (50 ms without a new event, at most 400 ms) before it hands
over the set of changed files, so an editor's save in several steps (write a temporary
file, rename it over the old one) is one refresh. What the build does not read is not watched:
hidden files and folders (the preview's build folder, `.git`, editors' swap files), the project's
`build/` folder and Python's caches.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch


class ProjectFilter(DefaultFilter):
    """DefaultFilter (editors' backups and temporary files, `__pycache__`, `.git`) and more."""

    def __init__(self, project: Path, ignored: Sequence[Path]) -> None:
        super().__init__()
        self.project = project.resolve()
        self.ignored = tuple(path.resolve() for path in ignored)

    def __call__(self, change: Change, path: str) -> bool:
        if not super().__call__(change, path):
            return False
        candidate = Path(path)
        if any(candidate.is_relative_to(folder) for folder in self.ignored):
            return False
        try:
            parts = candidate.relative_to(self.project).parts
        except ValueError:
            return True
        return not any(part.startswith(".") for part in parts)


class Watcher:
    """A thread that calls `on_change(paths)` after each bunch of saves until `stop`."""

    def __init__(
        self,
        project: Path,
        ignored: Sequence[Path],
        on_change: Callable[[set[Path]], None],
        quiet_ms: int = 50,
    ) -> None:
        self.project = project.resolve()
        self.filter = ProjectFilter(self.project, ignored)
        self.on_change = on_change
        self.quiet_ms = quiet_ms
        self.stopped = threading.Event()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self.run, name="preview-watch", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def run(self) -> None:
        changes = watch(
            self.project,
            watch_filter=self.filter,
            debounce=400,
            step=self.quiet_ms,
            stop_event=self.stopped,
            yield_on_timeout=True,
            rust_timeout=200,
            raise_interrupt=False,
        )
        for batch in changes:
            self.ready.set()  # the first (empty) batch: the watch is in place
            if batch and not self.stopped.is_set():
                self.on_change({Path(path) for _, path in batch})

    def stop(self, timeout: float = 5) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join(timeout)
