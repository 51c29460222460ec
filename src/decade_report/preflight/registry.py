"""What preflight reports: findings, and the checks that produce them.

A check is one small function marked with `@pdf_check(...)` (it looks at a finished PDF) or
`@content_check` (it looks at the validated report before anything is rendered). The decorators
only mark the function: importing a module of checks changes nothing anywhere else. The modules of
checks are listed in `preflight.run`, which collects their checks with `checks_in`; adding a check
is adding one function (to a listed module), and `docs/preflight.md` lists them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Literal

from decade_report.editions.edition import Edition
from decade_report.errors import Location, Problem, ReportError, Severity


@dataclass(frozen=True)
class Finding:
    check: str
    """Name of the check that found it (the function name)."""
    severity: Severity
    message: str
    """What is wrong."""
    hint: str = ""
    """What to do about it."""
    page: int | None = None
    """1-based page of the PDF, for PDF checks."""
    where: Location | None = None
    """File, line and column in the project, for content checks."""
    edition: str = ""
    """The edition the PDF belongs to (print, screen), for PDF checks."""
    fix: tuple[str, str] | None = None
    """(the text at `where`, what to write instead), when the check is sure of the correction:
    `decade-report fix` applies it."""

    def as_json(self) -> dict[str, Any]:
        """The stable schema of preflight.json entries."""
        return {
            "check": self.check,
            "severity": str(self.severity),
            "edition": self.edition or None,
            "page": self.page,
            "file": self.where.path if self.where else None,
            "line": self.where.line if self.where and self.where.line else None,
            "column": self.where.column if self.where and self.where.column else None,
            "message": self.message,
            "hint": self.hint,
        }

    def as_problem(self) -> Problem:
        place = self.where or Location(
            f"{self.edition or 'pdf'} edition" + (f", page {self.page}" if self.page else "")
        )
        return Problem(place, f"{self.message} [{self.check}]", self.hint, self.severity)

    def __str__(self) -> str:
        if self.where:
            place = str(self.where)
        elif self.page:
            place = f"{self.edition or 'pdf'}, page {self.page}"
        else:
            place = self.edition or "pdf"
        hint = f" — {self.hint}" if self.hint else ""
        return f"{place}: {self.severity}: {self.message}{hint} [{self.check}]"


@dataclass(frozen=True)
class Check:
    name: str
    function: Callable[..., Iterable[Finding]]
    editions: tuple[Edition, ...]
    """PDF editions the check applies to; empty for content checks."""
    summary: str
    """First line of the docstring: what the check looks for (docs/preflight.md)."""
    kind: Literal["pdf", "content"] = "pdf"


MARK = "preflight_check"
"""The attribute the decorators set on a check function: its `Check`."""


def summary_of(function: Callable[..., Any]) -> str:
    return " ".join((function.__doc__ or "").strip().split("\n\n")[0].split())


def pdf_check(
    *editions: Edition,
) -> Callable[[Callable[..., Iterable[Finding]]], Callable[..., Any]]:
    """Mark a check of a finished PDF for the given editions."""

    def mark(function: Callable[..., Iterable[Finding]]) -> Callable[..., Any]:
        check = Check(function.__name__, function, editions, summary_of(function), "pdf")
        setattr(function, MARK, check)
        return function

    return mark


def content_check(function: Callable[..., Iterable[Finding]]) -> Callable[..., Any]:
    """Mark a check of the report's sources, run before rendering."""
    setattr(function, MARK, Check(function.__name__, function, (), summary_of(function), "content"))
    return function


def checks_in(kind: Literal["pdf", "content"], *modules: ModuleType) -> tuple[Check, ...]:
    """The checks of that kind defined in the modules, module by module in the order given, each
    module's in the order they are written (a module's namespace keeps definition order)."""
    return tuple(
        check
        for module in modules
        for value in vars(module).values()
        if isinstance(check := getattr(value, MARK, None), Check)
        and check.kind == kind
        and check.function.__module__ == module.__name__  # defined here, not imported
    )


def found(
    check: str,
    severity: Severity,
    message: str,
    hint: str = "",
    *,
    page: int | None = None,
    where: Location | None = None,
    fix: tuple[str, str] | None = None,
) -> Finding:
    return Finding(check, severity, message, hint, page, where, fix=fix)


def strict(findings: Iterable[Finding]) -> list[Finding]:
    """--strict: every warning becomes an error."""
    return [
        Finding(f.check, Severity.ERROR, f.message, f.hint, f.page, f.where, f.edition)
        if f.severity is Severity.WARNING
        else f
        for f in findings
    ]


class PreflightFailed(ReportError):
    """Preflight found errors in what the build produced; nothing was published."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings = tuple(findings)
        super().__init__([f.as_problem() for f in self.findings if f.severity is Severity.ERROR])


def findings_json(findings: Iterable[Finding]) -> bytes:
    """preflight.json: a list of findings with a stable schema (see Finding.as_json)."""
    import json

    entries = [f.as_json() for f in findings]
    return (json.dumps(entries, indent=2, ensure_ascii=False) + "\n").encode()
