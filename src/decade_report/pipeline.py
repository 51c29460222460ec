"""The whole story of a build, top to bottom.

load → validate → charts → compose → render → finish → publish. Each stage takes and returns
frozen objects; nothing is written to the build folder until every edition rendered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from decade_report.compose import compose
from decade_report.errors import Problem
from decade_report.finish import finish_pdf
from decade_report.load_project import load_report
from decade_report.log import Log
from decade_report.models import Report
from decade_report.publish import Output, publish
from decade_report.render_charts import render_charts
from decade_report.render_pdf import render_pdf
from decade_report.theme import load_theme
from decade_report.validate import validate


@dataclass(frozen=True)
class BuildResult:
    outputs: tuple[Output, ...]
    manifest: Path
    warnings: tuple[Problem, ...]


def check(project: Path) -> Report:
    """Load and validate only: fast, writes nothing."""
    report = validate(load_report(project))
    load_theme(report.root, report.config.theme)
    return report


def build_date(report: Report) -> str:
    """SOURCE_DATE_EPOCH when set, else the project's last change — never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        stamp = int(epoch)
    else:
        stamp = max(
            int(p.stat().st_mtime)
            for p in report.root.rglob("*")
            if p.is_file() and ".cache" not in p.parts
        )
    return dt.datetime.fromtimestamp(stamp, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def build(project: Path, out_dir: Path, log: Log) -> BuildResult:
    with log.step("Loading and validating"):
        report = validate(load_report(project))
        theme = load_theme(report.root, report.config.theme)
    out_dir = out_dir.resolve()
    cache = out_dir / ".cache"
    with log.step("Drawing charts"):
        charts = render_charts(report, theme, cache / "charts")
    date = build_date(report)
    identifier = hashlib.sha256(f"{report.config.slug}:{date}".encode()).hexdigest()[:32].encode()
    roots = [report.root, *theme.template_dirs, *theme.asset_dirs, cache]
    with log.step("Composing the screen edition"):
        composed = compose(report, charts, theme, "screen")
    with log.step("Laying out the screen edition"):
        rendered = render_pdf(
            composed.html, theme, roots, tagged=True, metadata={"identifier": identifier}
        )
    with log.step("Finishing"):
        finished = finish_pdf(rendered, report, date)
    outputs = (
        Output(f"{report.config.slug}-screen.pdf", "screen", finished.page_count, finished.pdf),
    )
    with log.step("Publishing"):
        manifest = publish(out_dir, outputs)
    return BuildResult(outputs, manifest, report.warnings)
