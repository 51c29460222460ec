"""The PDF beside the preview: the screen edition, rebuilt in the background after good saves.

It is the normal build (`decade-report build --edition screen`, with its preflight), run as a
child process into the preview's own build folder: the layout does not compete with the preview
for Python's lock, runs at a lower priority than the editor and the browser, and Ctrl-C or a
crash of the preview cannot leave the folder half written (the build publishes all or nothing).
A save during a build does not stop it; one more build follows, for the files as they are then,
so a burst of saves costs at most two builds. The last good PDF stays served until a new one is
published; a failed build says why (the build's own messages) beside the link.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

PDF_URL = "/.preview/report.pdf"
NICENESS = 10
"""The build yields the processor to the editor, the browser and the preview's refresh."""


class PdfBuilder:
    def __init__(self, project: Path, out_dir: Path, on_change: Callable[[dict[str, Any]], None]):
        self.project = project
        self.out_dir = out_dir
        self.on_change = on_change
        self.lock = threading.Lock()
        self.pending = False
        self.stopping = False
        self.worker: threading.Thread | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.status: dict[str, Any] = {"status": "waiting", "url": None, "message": ""}
        if self.pdf_path():
            self.status = {"status": "ready", "url": PDF_URL, "message": "from an earlier preview"}

    def request(self) -> None:
        """Build once more after the current build (if any), for the files as they are then."""
        with self.lock:
            if self.stopping:
                return
            self.pending = True
            if self.worker is None or not self.worker.is_alive():
                self.worker = threading.Thread(target=self.work, name="preview-pdf", daemon=True)
                self.worker.start()

    def work(self) -> None:
        while True:
            with self.lock:
                if not self.pending or self.stopping:
                    self.worker = None
                    return
                self.pending = False
            self.build_once()

    def build_once(self) -> None:
        self.tell(status="building")
        start = time.perf_counter()
        command = [
            sys.executable, "-m", "decade_report", "build", str(self.project),
            "--out", str(self.out_dir), "--edition", "screen", "--quiet",
        ]  # fmt: skip
        with self.lock:
            if self.stopping:
                return
            # its own session: the terminal's Ctrl-C reaches the preview, which ends it
            process = self.process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
            )
        with suppress(OSError):  # it ended already, or the system refuses: only slower
            os.setpriority(os.PRIO_PROCESS, process.pid, NICENESS)
        _, errors = process.communicate()
        code = process.returncode
        with self.lock:
            self.process = None
        seconds = round(time.perf_counter() - start, 2)
        if self.stopping:
            return
        if code == 0 and self.pdf_path():
            self.tell(status="ready", url=PDF_URL, message="", built_in=seconds, at=time.time())
        else:
            lines = errors.decode("utf-8", "replace").strip().splitlines()
            self.tell(status="failed", message="\n".join(lines[-12:])[-3000:], built_in=seconds)

    def tell(self, **changes: Any) -> None:
        with self.lock:
            self.status = {**self.status, **changes}
            status = dict(self.status)
        self.on_change(status)

    def pdf_path(self) -> Path | None:
        """The screen edition the last successful build published, if any."""
        try:
            manifest = json.loads((self.out_dir / "manifest.json").read_text("utf-8"))
            entries = [e for e in manifest["outputs"] if e.get("edition") == "screen"]
            # the first language's: <slug>-screen.pdf, where another adds -<lang> to the name
            entries.sort(key=lambda e: len(str(e["path"])))
            path = (self.out_dir / str(entries[0]["path"])).resolve()
        except (OSError, ValueError, KeyError, IndexError, TypeError):
            return None
        if path.parent != self.out_dir.resolve() or not path.is_file():
            return None
        return path

    def stop(self, timeout: float = 10) -> None:
        """End the build under way (the build removes its temporary files) and wait for it."""
        with self.lock:
            self.stopping = True
            process = self.process
            worker = self.worker
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if worker is not None:
            worker.join(timeout)
