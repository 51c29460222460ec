"""Which checks preflight runs: every marked check of the package, in one fixed order that does
not depend on which module happened to be imported first."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys

import pytest

import decade_report.preflight
from decade_report.preflight.registry import MARK, Check
from decade_report.preflight.run import all_content_checks, all_pdf_checks


def marked_checks() -> set[Check]:
    """Every function of every module of `decade_report.preflight` that a decorator marked."""
    found = set()
    for module_info in pkgutil.iter_modules(decade_report.preflight.__path__):
        module = importlib.import_module(f"decade_report.preflight.{module_info.name}")
        for value in vars(module).values():
            check = getattr(value, MARK, None)
            if isinstance(check, Check):
                found.add(check)
    return found


def test_every_marked_check_runs_once() -> None:
    listed = [*all_pdf_checks(), *all_content_checks()]
    assert len(listed) == len(set(listed))
    assert set(listed) == marked_checks()
    assert {check.kind for check in all_pdf_checks()} == {"pdf"}
    assert {check.kind for check in all_content_checks()} == {"content"}
    pdf_names = [check.name for check in all_pdf_checks()]
    assert len(pdf_names) == len(set(pdf_names)), "two PDF checks share a name"
    # one of each module listed, so a module left out of the list is noticed
    modules = {check.function.__module__.rsplit(".", 1)[1] for check in listed}
    assert modules == {
        *("basics", "press", "access", "document_info", "layout", "pdfua", "pdfua_content"),
        *("fonts", "pdfx", "wording", "outline", "glyphs"),
    }


ORDER = (
    "import {first}\n"
    "import json\n"
    "from decade_report.preflight.run import all_content_checks, all_pdf_checks\n"
    "print(json.dumps([c.name for c in (*all_pdf_checks(), *all_content_checks())]))\n"
)


def checks_after_importing(first: str) -> list[str]:
    run = subprocess.run(
        [sys.executable, "-c", ORDER.format(first=first)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout)


@pytest.mark.slow  # four new interpreters, each importing the package in another order
def test_the_order_does_not_depend_on_what_was_imported_first() -> None:
    """Checks used to join a registry when their module was imported: importing preflight.fonts
    before anything else ran the pdfx checks before the font checks."""
    expected = [check.name for check in (*all_pdf_checks(), *all_content_checks())]
    for first in (
        "decade_report.preflight.fonts",
        "decade_report.preflight.pdfua_content",
        "decade_report.pipeline",
        "decade_report.preflight.wording",
    ):
        assert checks_after_importing(first) == expected, first
