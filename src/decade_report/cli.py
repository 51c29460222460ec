"""The command line: thin. Parses arguments, calls the pipeline, prints problems, returns a code.

Exit codes: 0 ok, 1 user error (bad input), 2 internal error. Heavy libraries are imported only
by the commands that need them, so `decade-report --help` is instant.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from decade_report import __version__
from decade_report.editions.edition import ALL, PDF_EDITIONS, Edition

if TYPE_CHECKING:
    from decade_report.log import Log


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="decade-report",
        description="Publish an organisation's reports (anniversary, annual) as print-ready PDF.",
    )
    main.add_argument("--version", action="version", version=f"decade-report {__version__}")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = commands.add_parser("build", help="validate the project and build its outputs")
    build.add_argument("project", nargs="?", default=".", type=Path, help="report project folder")
    build.add_argument(
        "--out", type=Path, default=None, help="output folder (default: build/ inside the project)"
    )
    check = commands.add_parser("check", help="validate the project only (fast, writes nothing)")
    fix = commands.add_parser(
        "fix", help="apply the spelling and spacing corrections, after showing them as a diff"
    )
    fix.add_argument("project", nargs="?", default=".", type=Path, help="report project folder")
    fix.add_argument(
        "--yes", action="store_true", help="apply without asking (needed without a terminal)"
    )
    init = commands.add_parser("init", help="make a new, complete report project that builds")
    init.add_argument("project", type=Path, help="the new project's folder (must be empty)")
    build.add_argument(
        "--edition",
        choices=(*ALL, "all"),
        default="all",
        help="which edition to build (default: all)",
    )
    build.add_argument(
        "--draft", action="store_true", help="watermark every stamped copy with DRAFT"
    )
    check.add_argument("project", nargs="?", default=".", type=Path, help="report project folder")
    preflight = commands.add_parser("preflight", help="check a finished PDF for print or screen")
    preflight.add_argument("pdf", type=Path, help="the PDF to check")
    preflight.add_argument(
        "--edition",
        choices=PDF_EDITIONS,
        default=None,
        help="what the PDF is for (default: print when it has a PDF/X output intent)",
    )
    preflight.add_argument("--json", action="store_true", help="print the findings as JSON")
    preflight.add_argument(
        "--project",
        type=Path,
        default=None,
        help="the report project the PDF was built from: its own fonts count as available",
    )
    pages = commands.add_parser(
        "pages", help="draw every page of a PDF on one picture (spreads), for a review by eye"
    )
    pages.add_argument("pdf", type=Path, help="the PDF to draw")
    pages.add_argument(
        "--out", type=Path, default=None, help="the PNG to write (default: beside the PDF)"
    )
    pages.add_argument("--columns", type=int, default=6, help="spreads per row (default: 6)")
    preview = commands.add_parser(
        "preview", help="show the report paged in the browser, updated after every save"
    )
    preview.add_argument("project", nargs="?", default=".", type=Path, help="report project folder")
    preview.add_argument(
        "--port", type=int, default=8765, help="port on 127.0.0.1 (default: 8765; 0: any free one)"
    )
    preview.add_argument(
        "--host", default="127.0.0.1", help="a loopback address only (default: 127.0.0.1)"
    )
    preview.add_argument(
        "--no-pdf", action="store_true", help="do not rebuild the screen PDF in the background"
    )
    for sub in (build, preflight):
        sub.add_argument("--strict", action="store_true", help="warnings count as errors")
    for sub in (build, check):
        sub.add_argument(
            "--report",
            default=None,
            metavar="ID",
            help="one report of the project: ID of reports/ID.toml, or the slug of report.toml "
            "(default: every report; docs/annual-reports.md)",
        )
    for sub in (build, check, preflight, pages, init, fix, preview):
        sub.add_argument("-q", "--quiet", action="store_true", help="print errors only")
        sub.add_argument("-v", "--verbose", action="store_true", help="print timings")
    return main


def fix_sources(arguments: argparse.Namespace, log: Log) -> int:
    """Show the corrections as a diff; write them with --yes or a "y" at the prompt. Returns 1
    when corrections were left unapplied, so a script sees that the sources need them."""
    from decade_report.authoring.fix import apply_fixes, plan_fixes
    from decade_report.pipeline import composed
    from decade_report.preflight.run import check_content

    report, theme, composition = composed(arguments.project)
    findings = check_content(report, theme, composition)
    plans = plan_fixes(report.root, findings)
    left = [f for f in findings if f.check == "spelling" and not f.fix]
    for finding in left:
        log.info(f"{finding} (not changed: check it by hand)")
    if not plans:
        log.info(f"{arguments.project}: nothing to fix")
        return 0
    for plan in plans:
        sys.stdout.write(plan.diff())
    count = sum(plan.count for plan in plans)
    question = f"{count} correction(s) in {len(plans)} file(s)"
    if not arguments.yes:
        if not sys.stdin.isatty():
            log.info(f"{question}: not applied (no terminal to ask); run with --yes to apply")
            return 1
        answer = input(f"Apply {question}? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            log.info("nothing was changed")
            return 1
    apply_fixes(report.root, plans)
    log.info(f"applied {question}")
    return 0


def interrupt(signum: int, frame: object) -> None:
    """SIGTERM ends a build the way Ctrl-C does: nothing published, temporary files removed."""
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    if threading.current_thread() is not threading.main_thread():
        return run_command(arguments)
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        return run_command(arguments)
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_command(arguments: argparse.Namespace) -> int:
    from decade_report.errors import ReportError
    from decade_report.log import Log

    log = Log(0 if arguments.quiet else 2 if arguments.verbose else 1)
    try:
        if arguments.command == "check":
            from decade_report.model.report_files import chosen_ids
            from decade_report.pipeline import check_reports

            ids = chosen_ids(arguments.project.resolve(), arguments.report)
            shown: set[str] = set()
            for report, findings in check_reports(arguments.project, ids, log):
                for line in map(str, (*report.warnings, *findings)):
                    if line not in shown:  # the shared data's warnings once, not per report
                        shown.add(line)
                        log.info(line)
                name = f" ({report.report_id})" if report.report_id else ""
                log.info(
                    f"{arguments.project}{name}: ok — {len(report.chapters)} chapters, "
                    f"{len(report.charts)} charts, {len(report.datasets)} datasets"
                )
            return 0
        if arguments.command == "fix":
            return fix_sources(arguments, log)
        if arguments.command == "init":
            from decade_report.authoring.init import init_project

            written = init_project(arguments.project)
            log.info(
                f"{arguments.project}: new report project, {len(written)} files — edit them, "
                f"then: decade-report build {arguments.project}"
            )
            return 0
        if arguments.command == "preflight":
            return preflight(arguments)
        if arguments.command == "pages":
            return pages(arguments, log)
        if arguments.command == "preview":
            return preview(arguments, log)
        from decade_report.model.report_files import chosen_ids

        out = arguments.out or arguments.project.resolve() / "build"
        for report_id in chosen_ids(arguments.project.resolve(), arguments.report):
            build_report(arguments, out, report_id, log)
        return 0
    except ReportError as error:
        log.close()  # the errors go below the steps, not into the live display
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(
            f"decade-report: {count} problem{'s' if count != 1 else ''}; nothing was written",
            file=sys.stderr,
        )
        return 1
    except BrokenPipeError:
        raise  # the reader of our output went away: `run` ends quietly
    except KeyboardInterrupt:
        log.close()
        print("decade-report: interrupted; the previous outputs are untouched", file=sys.stderr)
        return 130
    except Exception:  # an internal bug, not the user's: say so, with the details to report
        import traceback

        log.close()
        traceback.print_exc()
        print(
            "decade-report: internal error (a bug in decade-report, not in your project); "
            "please report it with the lines above",
            file=sys.stderr,
        )
        return 2
    finally:
        log.close()


def build_report(arguments: argparse.Namespace, out: Path, report_id: str, log: Log) -> None:
    """Build one report of the project into its folder (`out`, or `out`/ID/ for the reports of
    reports/); a quick answer when nothing it reads changed since its last build."""
    from decade_report.model.report_files import report_folder
    from decade_report.publish.build_folder import (
        build_lock,
        build_options,
        fingerprint,
        up_to_date,
    )

    editions = ALL if arguments.edition == "all" else (Edition(arguments.edition),)
    options = build_options(editions, arguments.draft, arguments.strict, report_id)
    folder = report_folder(out, report_id)
    with build_lock(folder.resolve()):
        current = fingerprint(arguments.project.resolve(), out.resolve(), options)
        if up_to_date(folder.resolve(), options, current) is not None:
            log.info(f"{folder}: up to date — nothing changed since the last build")
            return
    from decade_report.pipeline import build

    result = build(
        arguments.project, out, log, editions, arguments.draft, arguments.strict, report_id
    )
    for warning in result.warnings:
        log.info(str(warning))
    for finding in result.findings:
        log.info(str(finding))
    for output in result.outputs:
        if output.edition != Edition.WEB:
            log.info(f"wrote {folder / output.path} ({output.pages} pages)")
        elif output.pages:
            log.info(f"wrote {folder / output.path} (web edition)")


def preview(arguments: argparse.Namespace, log: Log) -> int:
    """`decade-report preview`: serve until Ctrl-C (or SIGTERM), then stop everything cleanly."""
    import time

    from decade_report.preview.server import Preview

    server = Preview(
        arguments.project, arguments.port, arguments.host, pdf=not arguments.no_pdf, log=log
    )
    try:
        server.start()
        print(f"decade-report preview: {server.url} (Ctrl-C stops)", file=sys.stderr, flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()
        log.info("preview stopped")


def pages(arguments: argparse.Namespace, log: Log) -> int:
    """`decade-report pages FILE.pdf`: a contact sheet of every page, written atomically."""
    from decade_report.authoring.contact_sheet import contact_sheet
    from decade_report.publish.staging import write_atomic

    pdf: Path = arguments.pdf
    out = arguments.out or pdf.with_name(pdf.stem + "-pages.png")
    sheet = contact_sheet(pdf, columns=max(1, arguments.columns))
    write_atomic(out, sheet.png)
    log.info(f"wrote {out} ({sheet.pages} pages in {sheet.spreads} spreads)")
    return 0


def preflight(arguments: argparse.Namespace) -> int:
    """`decade-report preflight FILE.pdf`: findings on stdout, exit 1 when any error remains."""
    import json

    from decade_report.errors import ReportError, Severity
    from decade_report.preflight.pdf_checks import guess_edition, summary
    from decade_report.preflight.registry import strict
    from decade_report.preflight.run import preflight_pdf

    path: Path = arguments.pdf
    if not path.is_file():
        raise ReportError.at(path, "no such file", "give the path of a PDF")
    data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise ReportError.at(path, "not a PDF file", "preflight checks PDF files")
    fonts: tuple[Path, ...] = ()
    tokens = None
    if arguments.project is not None:
        from decade_report.load.project import load_report
        from decade_report.theme.tokens import load_theme
        from decade_report.validate.report import validate

        report = validate(load_report(arguments.project))
        theme = load_theme(report.root, report.config.theme, report.config.file)
        fonts = tuple(path for path, _ in theme.faces)
        tokens = theme.tokens
    try:
        edition = Edition(arguments.edition) if arguments.edition else guess_edition(data)
        findings = preflight_pdf(data, edition, fonts=fonts, tokens=tokens)
    except Exception as error:  # pikepdf / poppler could not read it
        if isinstance(error, ReportError):
            raise
        raise ReportError.at(
            path, f"cannot be read as a PDF: {error}", "is the file damaged?"
        ) from None
    if arguments.strict:
        findings = strict(findings)
    if arguments.json:
        print(json.dumps([f.as_json() for f in findings], indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            print(finding)
        print(f"{path}: {edition} edition — {summary(findings)}")
    return 1 if any(f.severity is Severity.ERROR for f in findings) else 0


def run() -> None:
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`decade-report preflight --json | head`): not an error of ours.
        # Point stdout at /dev/null so that Python's own flush at exit does not complain again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    sys.exit(code)
