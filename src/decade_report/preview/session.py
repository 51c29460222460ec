"""What the preview shows now: the last good page, the problems of the last save, the PDF's state.

`refresh` runs the stages a save can affect, through their public entry points: loading and
validation (`checking.loaded`), the charts (`render_charts`, whose cache is keyed by content, so
only a chart whose data or style changed is drawn again) and composing the screen edition. It
takes well under a second on the sample. A `ReportError` keeps the last good page and records the
problems (the page shows them in an overlay); the next good save clears them. A page that did
not change (a save of identical text) keeps its version, so the browser does not reload.

Every change of state has a serial number; the event streams wait on `wait` for a serial newer
than the one they last sent.
"""

from __future__ import annotations

import hashlib
import sys
import threading
import time
import traceback
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from decade_report.errors import Location, Problem, ReportError
from decade_report.preview.mounts import Mounts
from decade_report.preview.parts import Cut, changed_chapters, cut

KEPT_VERSIONS = 8
"""Pages kept cut into parts, so that a page a few saves behind can still be patched."""


@dataclass(frozen=True)
class State:
    serial: int = 0
    version: str = ""
    """The content hash of the page served at `/`; empty before the first good composition."""
    composed: str = ""
    mounts: Mounts | None = None
    title: str = ""
    problems: tuple[Problem, ...] = ()
    refreshed_in: float = 0.0
    """Seconds the last refresh took (load, validate, charts, compose)."""
    refreshed_at: float = 0.0
    pdf: dict[str, Any] = field(default_factory=dict)
    changed: tuple[str, ...] | None = None
    """The chapters (ids) the last save changed, when nothing else changed; None: the page."""

    def as_json(self) -> dict[str, Any]:
        """What the page is told (the event stream, `/.preview/state`)."""
        return {
            "serial": self.serial,
            "version": self.version,
            "title": self.title,
            "problems": [
                {
                    "where": str(problem.where),
                    "path": problem.where.path,
                    "line": problem.where.line,
                    "column": problem.where.column,
                    "message": problem.message,
                    "hint": problem.hint,
                }
                for problem in self.problems
            ],
            "refreshed_in": round(self.refreshed_in, 3),
            "changed": list(self.changed) if self.changed is not None else None,
            "pdf": self.pdf,
        }


class Session:
    """The preview's state, shared by the watcher, the PDF builder and the server's threads."""

    def __init__(self, project: Path, cache: Path) -> None:
        self.project = project.resolve()
        self.cache = cache
        self.state = State()
        self.changed = threading.Condition()
        self.refreshing = threading.Lock()
        self.closed = False
        self.cuts: OrderedDict[str, Cut | None] = OrderedDict()
        self.cutting = threading.Lock()

    def update(self, **changes: Any) -> State:
        with self.changed:
            self.state = replace(self.state, serial=self.state.serial + 1, **changes)
            self.changed.notify_all()
            return self.state

    def wait(self, after: int, timeout: float) -> State:
        """The state once its serial is past `after`, or as it is when `timeout` ran out or the
        session closed."""
        with self.changed:
            self.changed.wait_for(lambda: self.closed or self.state.serial > after, timeout)
            return self.state

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.changed.notify_all()

    def refresh(self) -> State:
        """Compose the screen edition again from the files as they are now."""
        # imported here: `decade-report preview --help` stays instant, like the other commands
        from decade_report.charts.render import render_charts
        from decade_report.checking import loaded
        from decade_report.compose.document import compose

        with self.refreshing:
            start = time.perf_counter()
            try:
                report, theme = loaded(self.project)
                charts = render_charts(report, theme, self.cache / "charts")
                composed = compose(report, charts, theme, "screen").html
            except ReportError as error:
                return self.update(problems=error.problems, refreshed_at=time.time())
            except Exception as error:  # a bug of ours: shown on the page, the preview goes on
                traceback.print_exc(file=sys.stderr)
                problem = Problem(
                    Location("decade-report"),
                    f"internal error: {type(error).__name__}: {error}",
                    "a bug in decade-report, not in your project: please report it with the "
                    "lines printed in the terminal",
                )
                return self.update(problems=(problem,), refreshed_at=time.time())
            folders = [
                *theme.template_dirs,
                *theme.asset_dirs,
                self.cache / "charts",
                *theme.system_font_dirs,
            ]
            version = hashlib.sha256(composed.encode()).hexdigest()[:16]
            changed = self.remember(version, composed)
            return self.update(
                version=version,
                composed=composed,
                mounts=Mounts.of(report.root, folders),
                title=report.config.title,
                problems=(),
                changed=changed,
                refreshed_in=time.perf_counter() - start,
                refreshed_at=time.time(),
            )

    def remember(self, version: str, composed: str) -> tuple[str, ...] | None:
        """Keep the page `version` cut into parts; the chapters it changed from the last one."""
        with self.cutting:
            last = self.cuts.get(self.state.version)
            known = self.cuts.get(version)
        made = known or cut(composed)  # outside the lock: the server's threads go on answering
        with self.cutting:
            self.cuts[version] = made
            self.cuts.move_to_end(version)
            while len(self.cuts) > KEPT_VERSIONS:
                self.cuts.popitem(last=False)
        changed = changed_chapters(last, made)
        return tuple(part.key for part in changed) if changed is not None else None

    def patch(self, since: str) -> dict[str, Any]:
        """What turns the page `since` into the current one: the HTML of the chapters that
        changed (served, i.e. with mounted URLs), or `reload` when more than chapters did."""
        state = self.state
        answer: dict[str, Any] = {"version": state.version}
        if since == state.version:
            answer["parts"] = []
            return answer
        with self.cutting:
            old, new = self.cuts.get(since), self.cuts.get(state.version)
        changed = changed_chapters(old, new)
        if changed is None or state.mounts is None:
            answer["reload"] = True
            return answer
        answer["parts"] = [
            {"id": part.key, "html": state.mounts.rewrite(part.html)} for part in changed
        ]
        return answer
