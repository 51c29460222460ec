"""The child-process work of a build: layouts and preflights, each reused when its inputs are
unchanged.

A build submits every layout first, so that the pool keeps all cores busy while this process
writes the web edition; an edition laid out is then finished in a job of its own (`finish`)
while the next is still being laid out. `layout`, `finished` and `findings` wait for one job
each, in the order the build asks, so that outputs and findings come out in a fixed order however
the work interleaves (the build is the same byte for byte). A job is named by its edition and
language ("screen", "print-zh", "copies-ar"); its layout or findings are kept in the build
folder's cache under that name (`pdf.reuse`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from decade_report.guard.processes import Job, Limits, Pool
from decade_report.pdf.finish import FinishedPdf
from decade_report.pdf.render import RenderedPdf, font_environment, render_edition
from decade_report.pdf.reuse import (
    findings_key,
    keep_findings,
    keep_layout,
    layout_key,
    reused_findings,
    reused_layout,
)
from decade_report.preflight.registry import Finding
from decade_report.theme.tokens import Theme


class Jobs:
    """Layouts and preflights of one build, in `pool`; reused from `reuse` (a cache folder)."""

    def __init__(self, pool: Pool, reuse: Path, theme: Theme, memory_mb: int) -> None:
        self.pool = pool
        self.reuse = reuse
        self.theme = theme
        self.memory_mb = memory_mb
        self.layouts: dict[str, tuple[str, Job] | RenderedPdf] = {}
        self.checks: dict[str, tuple[str, Job] | list[Finding]] = {}
        self.finishing: dict[str, Job] = {}
        self.laid_out: list[str] = []
        """The names WeasyPrint laid out in this build (the others were reused)."""
        self.checked: list[str] = []
        """The names preflight checked in this build (the others' findings were reused)."""

    def limits(self, what: str, seconds: float | None = None) -> Limits:
        return Limits(what, seconds, memory_mb=self.memory_mb)

    def lay_out(
        self,
        name: str,
        html: str,
        tagged: bool,
        identifier: bytes,
        roots: Sequence[Path],
        texts: Any,
        seconds: float | None,
    ) -> bool:
        """Start laying out `html` as `name`, unless the same layout is kept; True when it is."""
        key = layout_key(html, tagged, identifier, self.theme.font_dir)
        reused = reused_layout(self.reuse, name, key)
        if reused is not None:
            self.layouts[name] = reused
            return True
        self.laid_out.append(name)
        job = self.pool.submit(
            render_edition, html, self.theme, list(roots), tagged, identifier, texts,
            limits=self.limits(f"laying out the {name} edition", seconds),
            environment=font_environment(self.theme),
        )  # fmt: skip
        self.layouts[name] = (key, job)
        return False

    def layout(self, name: str) -> RenderedPdf:
        """The layout of `name`, waiting for it if need be (and keeping it for the next build)."""
        entry = self.layouts[name]
        if isinstance(entry, RenderedPdf):
            return entry
        key, job = entry
        rendered: RenderedPdf = job.result()
        keep_layout(self.reuse, name, key, rendered)
        self.layouts[name] = rendered
        return rendered

    def finish(self, name: str, function: Callable[..., FinishedPdf], *arguments: Any) -> None:
        """Wait for the layout of `name`, then start finishing it in a child process
        (`function(layout, *arguments)`: tags, labels, metadata, the print edition's colours),
        so that one edition is finished while the other is still being laid out."""
        rendered = self.layout(name)
        self.finishing[name] = self.pool.submit(
            function, rendered, *arguments, limits=self.limits(f"finishing the {name} edition")
        )

    def finished(self, name: str) -> FinishedPdf:
        """The finished PDF of `name` (`finish`), waiting for it if need be."""
        done: FinishedPdf = self.finishing[name].result()
        return done

    def preflight(
        self,
        name: str,
        pdfs: Sequence[bytes],
        told: tuple[Any, ...],
        function: Callable[..., list[Finding]],
        *arguments: Any,
    ) -> None:
        """Check PDFs in a child process (`function(*arguments)`), or reuse the findings on the
        same PDFs told the same things."""
        key = findings_key(pdfs, name, told)
        reused = reused_findings(self.reuse, name, key)
        if reused is not None:
            self.checks[name] = reused
            return
        self.checked.append(name)
        self.checks[name] = (key, self.pool.submit(
            function, *arguments, limits=self.limits(f"the preflight of the {name} edition")
        ))  # fmt: skip

    def findings(self, name: str) -> list[Finding]:
        """The findings of the preflight named `name` (none when it was not asked for)."""
        entry = self.checks.get(name)
        if entry is None:
            return []
        if isinstance(entry, list):
            return entry
        key, job = entry
        found: list[Finding] = job.result()
        keep_findings(self.reuse, name, key, found)
        self.checks[name] = found
        return found
