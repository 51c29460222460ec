"""Progress and messages on the terminal: quiet, normal or verbose; never a traceback for users."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO


@dataclass
class Log:
    verbosity: int = 1
    stream: TextIO = field(default_factory=lambda: sys.stderr)

    def info(self, message: str) -> None:
        if self.verbosity >= 1:
            print(message, file=self.stream)

    def debug(self, message: str) -> None:
        if self.verbosity >= 2:
            print(message, file=self.stream)

    @contextmanager
    def step(self, title: str) -> Iterator[None]:
        start = time.perf_counter()
        self.debug(f"{title} …")
        yield
        self.debug(f"  {title}: {time.perf_counter() - start:.2f} s")
