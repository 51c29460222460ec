"""Errors people can act on: every problem knows where it is (`path:line:col`) and what to do.

Validation collects `Problem`s and raises one `ValidationFailed` carrying all of them; the CLI
prints each on one line and exits 1. Anything that is not a `ReportError` is an internal bug.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a project file; line and column are 1-based, 0 when unknown."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        parts = [self.path]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    where: Location
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        text = f"{self.where}: {self.severity.value}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class ReportError(Exception):
    """A user-facing error: bad input, bad options. The CLI prints it and exits 1."""

    def __init__(self, problems: Problem | Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = (
            (problems,) if isinstance(problems, Problem) else tuple(problems)
        )
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(
        cls, path: str | Path, message: str, hint: str = "", line: int = 0, column: int = 0
    ) -> ReportError:
        return cls(Problem(Location(str(path), line, column), message, hint))


class ValidationFailed(ReportError):
    """Raised once, after validation collected every problem of the project."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest known choice, or listing the choices when none is close."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        close = [o for o in options if o.lower() == str(word).lower()]
    if close:
        return f"did you mean '{close[0]}'?"
    if options and len(options) <= 12:
        return "expected one of: " + ", ".join(options)
    return ""


def raise_if_errors(
    problems: Iterable[Problem], error: type[ReportError] = ValidationFailed
) -> None:
    found = [p for p in problems if p.severity is Severity.ERROR]
    if found:
        raise error(sorted(found, key=lambda p: p.where))
