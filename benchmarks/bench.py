"""The authoring loop measured, in one run, for the sample and a large synthetic project (issue 14).

For each project, side by side on the same machine and in the same run:

* plain WeasyPrint on the same composed screen HTML (`HTML(...).write_pdf()`, default options,
  the bundled fonts, a fresh process): the floor every other time is divided by;
* `build` of all editions and of the screen edition alone: cold (empty build folder), with
  nothing changed, and after editing one chapter;
* the 13 stamped copies, stamped from the built screen edition (stamping only);
* `check`;
* the preview's refresh: a chapter saved → the recomposed page served at `/` (median of three);
* in chromium (when tests/web has playwright-core): save → edited text on screen, and → every
  page laid out again by Paged.js; the first paged rendering;
* the peak resident memory of each command (its process and children);
* chapter-level layout, plain WeasyPrint on the same HTML (chapter_split.py): the chapters laid
  out as separate documents on every core, one chapter and the contents laid out again, and
  how the merged pages differ from one pass.

Both projects are measured in their first language only (`languages` cut to it in the copy):
the floor lays out one document, and a build in N languages does the same work N times.

Every command runs as a child of a small wrapper (the `/usr/bin/time` way: its RUSAGE_CHILDREN is
that command's alone). The table is printed and appended to benchmarks/RESULTS.md with the
machine: CPU, cores, memory, Python, WeasyPrint, date, and the load average before and after
(the machine may be shared: a high load makes every number slower, ratios less so).

    .venv/bin/python benchmarks/bench.py [--only sample|large] [--no-browser] [--no-append]
                                          [--chapters N --pages N --charts N --rows N]
                                          [--skip GROUP,…] [--large-skip GROUP,…]
                                          [--scaling] [--timeout S]

On a small shared machine the large project takes long (each build lays out ~250 pages, twice
for all editions), so: `--skip` leaves groups of measurements out (floor, split, check, all,
screen, copies, edited, preview, browser), `--large-skip` for the large project only; `--timeout`
bounds every command (one that runs over is killed with its children and shown as such, the run
goes on; so does a build that fails); `--scaling` also measures the large project at half its
size (plain WeasyPrint and a cold screen build only) to show whether time grows linearly.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import first_language_only, generate  # noqa: E402
from results import Result, Row, machine, scaling, table  # noqa: E402

from decade_report.charts.render import render_charts  # noqa: E402
from decade_report.checking import loaded  # noqa: E402
from decade_report.compose.document import compose  # noqa: E402
from decade_report.editions.copies import stamp_copies  # noqa: E402
from decade_report.preview.server import Preview  # noqa: E402

CHAPTER = "chapters/01-decade-at-a-glance.md"
WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "seconds = time.perf_counter() - start\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(f'{seconds} {peak} {code}')\n"
)
FLOOR = (
    "import os, sys\n"
    "os.environ['FONTCONFIG_FILE'] = sys.argv[3]\n"
    "from weasyprint import HTML\n"
    "HTML(filename=sys.argv[1], base_url=sys.argv[4]).write_pdf(sys.argv[2])\n"
)


TIMEOUT: float | None = None
"""Seconds any one command may take (`--timeout`); None: no limit."""


class OverTime(Exception):
    pass


def timed(command: list[str]) -> tuple[float, float, int]:
    """Seconds, peak RSS (MB, the largest of its processes) and exit code of `command`; one over
    `TIMEOUT` is killed with its children and raises OverTime."""
    process = subprocess.Popen(
        [sys.executable, "-c", WRAPPER, *command],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: killed whole when over time
    )
    try:
        stdout, _ = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise OverTime from None
    seconds, peak, code = stdout.split()
    return float(seconds), int(peak) / 1024, int(code)


def add(result: Result, name: str, command: list[str], note: str = "") -> float | None:
    """Run `command` timed and add its row; None when it ran over time or failed (a build that
    refused its output, say: its time is shown, with a note, and the run goes on)."""
    try:
        seconds, peak, code = timed(command)
    except OverTime:
        result.rows.append(Row(name, None, note=f"over {TIMEOUT:.0f} s, stopped"))
        return None
    ratio = None if name.endswith("(floor)") else "floor"
    if code != 0:
        why = f"exit {code}: nothing written (its errors are in the run's log)"
        result.rows.append(Row(name, seconds, peak, ratio, note=why))
        return None
    result.rows.append(Row(name, seconds, peak, ratio))
    return seconds


def pages(numbers: list[int]) -> str:
    return f"{len(numbers)} pages ({', '.join(map(str, numbers))})" if numbers else "no page"


def chapter_split(html: Path, base: str, fonts: str) -> list[Row]:
    """The rows of chapter_split.py's measurements, run in a child process of their own."""
    command = [sys.executable, str(HERE / "chapter_split.py"), str(html), base, fonts]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return [Row("chapter-level layout", None, note=f"over {TIMEOUT:.0f} s, stopped")]
    if done.returncode != 0:
        return [Row("chapter-level layout", None, note=done.stderr.strip()[-300:])]
    split = json.loads(done.stdout)
    one_pass = split["one_pass_s"]
    differing = split["differing_pages"]
    return [
        Row("one pass, in a warm process (for the split)", one_pass,
            note=f"{split['one_pass_pages']} pages"),
        Row(f"split: {split['documents']} documents on {split['cores']} cores", split["split_s"],
            note=f"{split['split_s'] / one_pass:.2f} × one pass; slowest document "
            f"{split['slowest_document_s']:.1f} s; workers' start included"),
        Row("split: one chapter and the contents again", split["edit_s"],
            note=f"{split['edit_s'] / one_pass:.2f} × one pass"),
        Row("split merged, against one pass", None, None, None,
            note=f"{split['merged_pages']} pages to {split['one_pass_pages']}; text differs on "
            f"{pages(differing)}; with the contents' and lists' page numbers written in as "
            f"text: on {pages(split['differing_pages_numbers_as_text'])}"),
    ]  # fmt: skip


def build_command(project: Path, out: Path, edition: str = "all") -> list[str]:
    cli = str(Path(sys.executable).with_name("decade-report"))
    return [cli, "build", str(project), "--out", str(out), "--edition", edition, "-q"]


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def edit_chapter(project: Path, words: str) -> None:
    path = project / CHAPTER
    path.write_text(path.read_text("utf-8").rstrip("\n") + f"\n\n{words}\n", "utf-8")


def reword_chapter(project: Path) -> None:
    """An author's everyday edit: one word of the chapter's text changed for another of the same
    length, so the pages stay as they were (a sentence added at the end of the sample's first
    chapter left one line alone on a page, which the layout checks refuse)."""
    path = project / CHAPTER
    text = path.read_text("utf-8")
    front, end, body = text.partition("\n---\n")
    assert end and " the " in body, f"{CHAPTER}: no front matter or no ' the ' to change"
    path.write_text(front + end + body.replace(" the ", " its ", 1), "utf-8")


def preview_refresh(project: Path, rounds: int = 3) -> tuple[list[float], Preview]:
    """Seconds from a saved chapter to the page at `/` holding its new text."""
    preview = Preview(project, port=0, pdf=False)
    preview.start()
    assert preview.watcher.ready.wait(60)
    times = []
    for index in range(rounds):
        marker = f"Preview marker {'abcdefgh'[index]} appears here."
        saved = time.perf_counter()
        edit_chapter(project, marker)
        while True:
            connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=60)
            connection.request("GET", "/")
            body = connection.getresponse().read()
            connection.close()
            if marker.encode() in body:
                break
            preview.session.wait(preview.session.state.serial, 0.05)
        times.append(time.perf_counter() - saved)
    return times, preview


def browser(preview: Preview, project: Path, folder: Path) -> dict | None:
    """The times chromium reports (tests/preview/preview.mjs), or None without the harness."""
    harness = ROOT / "tests" / "preview" / "preview.mjs"
    if not shutil.which("node") or not (ROOT / "tests/web/node_modules/playwright-core").is_dir():
        return None
    plan = {
        "url": preview.url,
        "title": "A Decade at a Glance",
        "timeout_ms": int((TIMEOUT or 1800) * 1000),
        "edit": {
            "path": str(project / CHAPTER),
            "find": "rests on a Convention",
            "replace": "rests on a benchmarked Convention",
            "expect": "rests on a benchmarked Convention",
        },
        "broken": {
            "path": str(project / "data" / "partners.yaml"),
            "content": "- name: A\n  short: [B\n  kind: C\n",
            "where": "data/partners.yaml:3:",
        },
    }
    (folder / "plan.json").write_text(json.dumps(plan), "utf-8")
    try:
        out = subprocess.run(
            ["node", str(harness), str(folder / "plan.json")],
            capture_output=True, text=True, timeout=(TIMEOUT or 1800) * 3, check=True,
        )  # fmt: skip
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        print(f"browser measurement failed: {str(error)[:300]}", file=sys.stderr)
        return None
    return json.loads(out.stdout)


def measure(
    name: str, project: Path, work: Path, skip: set[str], cold_only: bool = False
) -> Result:
    """The measurements of one project; `cold_only`: the floor and a cold screen build alone."""
    result = Result(name)
    say = lambda text: print(  # noqa: E731
        f"[{time.strftime('%H:%M:%S')} {name}] {text}", file=sys.stderr, flush=True
    )
    report, theme = loaded(project)
    charts = render_charts(report, theme, work / "floor-cache" / "charts")
    html = work / "screen.html"
    html.write_text(compose(report, charts, theme, "screen").html, "utf-8")
    say("floor: plain WeasyPrint on the composed screen HTML")
    fonts = str(theme.font_dir / "fonts.conf")
    floor = work / "floor.pdf"
    base = report.root.as_uri() + "/"
    floor_name = "plain WeasyPrint, same HTML (floor)"
    if "floor" not in skip:
        add(result, floor_name, [sys.executable, "-c", FLOOR, str(html), str(floor), fonts, base])
    if floor.exists():
        result.pages = page_count(floor)
    if "split" not in skip:
        say("chapter-level layout, plain WeasyPrint")
        result.rows += chapter_split(html, base, fonts)
    cli = str(Path(sys.executable).with_name("decade-report"))
    if "check" not in skip and not cold_only:
        say("check")
        add(result, "check", [cli, "check", str(project), "-q"])

    everything, screen = work / "all", work / "screen"
    builds = [("all editions", everything, "all"), ("screen", screen, "screen")]
    builds = [b for b in builds if ("all" if b[2] == "all" else "screen") not in skip]
    if cold_only:
        builds = [b for b in builds if b[2] == "screen"]
    for label, out, edition in builds:
        say(f"cold build, {label}")
        cold = add(result, f"build {label}, cold", build_command(project, out, edition))
        if cold_only or not (out / "manifest.json").exists():
            continue
        say(f"build, {label}, nothing changed")
        add(result, f"build {label}, nothing changed", build_command(project, out, edition))
    if cold_only:
        return result

    screen_pdf = screen / f"{report.config.slug}-screen.pdf"
    if "copies" not in skip and screen_pdf.exists():
        say("13 copies")
        recipients = tuple(report.config.recipients)
        recipients = (recipients * (13 // max(len(recipients), 1) + 1))[:13]
        data = screen_pdf.read_bytes()
        start = time.perf_counter()
        copies = stamp_copies(data, recipients, theme, False)
        result.rows.append(
            Row(
                f"{len(copies)} copies, stamped from the screen edition",
                time.perf_counter() - start,
            )
        )

    reword_chapter(project)
    for label, out, edition in builds:
        if "edited" in skip or not (out / "manifest.json").exists():
            continue
        say(f"build, {label}, one chapter edited")
        seconds = add(
            result, f"build {label}, one chapter edited", build_command(project, out, edition)
        )
        cold = result.seconds(f"build {label}, cold")
        if seconds is not None and cold:
            result.rows[-1].note = f"{seconds / cold:.2f} × cold"

    if "preview" in skip:
        return result
    say("preview refresh")
    times, preview = preview_refresh(project)
    try:
        result.rows.append(
            Row(
                "preview: save → recomposed page served",
                statistics.median(times),
                None,
                None,
                note="median of " + ", ".join(f"{t:.2f}" for t in times),
            )
        )
        if "browser" not in skip:
            say("preview in chromium")
            seen = browser(preview, project, work)
            if seen:
                refresh = seen.get("refresh") or {}
                how = refresh.get("how") or "the whole page reloaded"
                timings = refresh.get("timings_ms") or ""
                result.rows += [
                    Row("chromium: first paged rendering", seen["first_render_s"], None, None,
                        note=f"{seen['pages']} pages by Paged.js"),
                    Row("chromium: save → edited text on screen", seen["save_to_text_s"], None,
                        None, note=f"{how}; in the page {refresh.get('in_page_ms')} ms "
                        f"(server answer, layout, numbers: {timings} ms)"),
                    Row("chromium: save → every page final", seen["save_to_paged_s"],
                        None, None),
                ]  # fmt: skip
    finally:
        preview.stop()
    return result


def guarded(measure: Callable[..., Result], name: str, *arguments: Any) -> Result:
    """One project's measurements, printed as soon as they are done; a failure ends that
    project's rows with a note, so that a long run still reports what it measured."""
    try:
        result = measure(name, *arguments)
    except Exception as error:  # reported in the table: the run goes on
        traceback.print_exc()
        result = Result(name, rows=[Row(f"failed: {type(error).__name__}", None, note=str(error))])
    print(table([result]), file=sys.stderr, flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("sample", "large"), default=None)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-append", action="store_true", help="print only")
    parser.add_argument("--chapters", type=int, default=16)
    parser.add_argument("--pages", type=int, default=240)
    parser.add_argument("--charts", type=int, default=80)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--skip", default="", help="groups left out: check,all,screen,copies,…")
    parser.add_argument("--large-skip", default="", help="groups left out for the large project")
    parser.add_argument("--scaling", action="store_true", help="the large project at half size")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per command")
    arguments = parser.parse_args(argv)
    global TIMEOUT
    TIMEOUT = arguments.timeout
    skip = {group.strip() for group in arguments.skip.split(",") if group.strip()}
    large_skip = skip | {group.strip() for group in arguments.large_skip.split(",") if group}
    if arguments.no_browser:
        skip.add("browser")
    about = machine()
    load_before = os.getloadavg()
    results = []
    with tempfile.TemporaryDirectory(prefix="decade-report-bench-") as folder:
        work = Path(folder)
        if arguments.only in (None, "sample"):
            project = work / "sample" / "report"
            # its annual report (reports/) left out: the floor lays out the anniversary report alone
            ignored = shutil.ignore_patterns(".*", "build", "reports")
            shutil.copytree(ROOT / "report", project, ignore=ignored)
            first_language_only(project)
            results.append(guarded(measure, "sample", project, work / "sample", skip))
        if arguments.only in (None, "large"):
            sizes = [("large", 1.0)] + ([("large ½", 0.5)] if arguments.scaling else [])
            for label, scale in sizes:
                project = generate(
                    work / label / "report",
                    max(1, round(arguments.chapters * scale)),
                    round(arguments.pages * scale),
                    round(arguments.charts * scale),
                    round(arguments.rows * scale),
                    14,
                )
                results.append(
                    guarded(measure, label, project, work / label, large_skip, scale != 1.0)
                )
    load_after = os.getloadavg()
    parameters = (
        f"large project: {arguments.chapters} added chapters, {arguments.charts} charts, "
        f"{arguments.rows}-row register, aimed at {arguments.pages} pages"
    )
    text = "\n".join(
        [
            f"## {about['date']} — commit {about['commit']}",
            "",
            f"- machine: {about['cpu']}, {about['cores']} cores, {about['memory']} RAM; "
            f"{about['system']}",
            f"- Python {about['python']}, WeasyPrint {about['weasyprint']}",
            f"- load average (1 min) before {load_before[0]:.2f}, after {load_after[0]:.2f}",
            *([f"- {parameters}"] if arguments.only != "sample" else []),
            *([f"- left out: {', '.join(sorted(skip))}"] if skip else []),
            *(
                [f"- left out for the large project: {', '.join(sorted(large_skip - skip))}"]
                if large_skip - skip and arguments.only != "sample"
                else []
            ),
            *([f"- each command limited to {TIMEOUT:.0f} s"] if TIMEOUT else []),
            "",
            table(results),
            "",
            *scaling(results),
        ]
    )
    print(text)
    if not arguments.no_append:
        results_file = HERE / "RESULTS.md"
        if not results_file.exists():
            results_file.write_text(
                "# Benchmark results\n\nAppended by `make bench` (benchmarks/bench.py); ratios are "
                "to plain WeasyPrint on the same composed HTML in the same run.\n\n",
                "utf-8",
            )
        with results_file.open("a", encoding="utf-8") as handle:
            handle.write("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
