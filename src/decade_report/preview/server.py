"""The preview's HTTP server: loopback only, the page, its files, its event stream and the PDF.

    /                       the screen edition, paged by Paged.js (page.py)
    /.preview/events        Server-Sent Events: the state after each save (session.py)
    /.preview/state         the same state once, as JSON
    /.preview/patch?since=V the chapters that changed since the page V (parts.py), as JSON
    /.preview/report.pdf    the last screen PDF the background build published (pdf.py)
    /.preview/assets/…      the preview's own files (Paged.js, the client script, its stylesheet)
    /.preview/root/N/…      the theme's folders, the charts cache, packaged fonts (mounts.py)
    /…                      the project's own files

It listens on a loopback address and nowhere else, and answers only requests addressed to it by
that name (a page elsewhere cannot reach it by a DNS name it points at 127.0.0.1). Only GET and
HEAD are answered. Every file goes out with a policy that lets it run nothing (an SVG opened on
its own); the page with its own (page.py).
"""

from __future__ import annotations

import errno
import hashlib
import ipaddress
import json
import mimetypes
import secrets
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from decade_report.errors import ReportError
from decade_report.log import Log
from decade_report.preview.mounts import Refused
from decade_report.preview.page import FILE_POLICY, page_policy, preview_page, waiting_page
from decade_report.preview.pdf import PDF_URL, PdfBuilder
from decade_report.preview.session import Session, State
from decade_report.preview.watch import Watcher

KEEP_ALIVE_SECONDS = 15
TYPES = {
    ".otf": "font/otf", ".ttf": "font/ttf", ".woff": "font/woff", ".woff2": "font/woff2",
    ".svg": "image/svg+xml", ".js": "text/javascript", ".css": "text/css", ".md": "text/plain",
    ".yaml": "text/plain", ".toml": "text/plain", ".csv": "text/plain",
}  # fmt: skip


def loopback(host: str) -> str:
    """The address to listen on: `host` when it is this computer's own, else a ReportError."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        if ipaddress.ip_address(host).is_loopback:
            return host
    except ValueError:
        pass
    raise ReportError.at(
        "--host",
        f"the preview listens on this computer only, not on '{host}'",
        "leave --host out (127.0.0.1), or give localhost or ::1",
    )


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], preview: Preview) -> None:
        self.preview = preview
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows saves and problems, not every request

    def do_HEAD(self) -> None:
        self.answer(head=True)

    def do_GET(self) -> None:
        self.answer(head=False)

    def answer(self, head: bool) -> None:
        preview = self.server.preview
        if self.headers.get("Host", "") not in preview.hosts:
            self.plain(HTTPStatus.MISDIRECTED_REQUEST, f"ask {preview.url}", head)
            return
        address = urlsplit(self.path)
        path = address.path
        if path in ("/", "/index.html"):
            self.page(head)
        elif path == "/.preview/events":
            self.events()
        elif path == "/.preview/state":
            body = json.dumps(preview.session.state.as_json(), ensure_ascii=False).encode()
            self.send(HTTPStatus.OK, body, "application/json", head, "no-store")
        elif path == "/.preview/patch":
            since = parse_qs(address.query).get("since", [""])[0]
            answer = preview.session.patch(since)
            body = json.dumps(answer, ensure_ascii=False).encode()
            self.send(HTTPStatus.OK, body, "application/json", head, "no-store")
        elif path == PDF_URL:
            self.pdf(head)
        elif path == "/favicon.ico":  # asked for by every browser: nothing, rather than a 404
            self.send(HTTPStatus.NO_CONTENT, b"", "image/x-icon", head, "max-age=86400")
        else:
            self.file(path, head)

    def send(
        self,
        status: HTTPStatus,
        body: bytes,
        content_type: str,
        head: bool,
        cache: str,
        policy: str = FILE_POLICY,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.send_header("Content-Security-Policy", policy)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def plain(self, status: HTTPStatus, text: str, head: bool) -> None:
        body = f"{status.value} {status.phrase}: {text}\n".encode()
        self.send(status, body, "text/plain; charset=utf-8", head, "no-store")

    def page(self, head: bool) -> None:
        state = self.server.preview.session.state
        nonce = secrets.token_urlsafe(18)
        if state.version and state.mounts is not None:
            body = preview_page(state.composed, state.mounts, state.version, nonce)
        else:
            body = waiting_page(nonce)
        self.send(
            HTTPStatus.OK, body, "text/html; charset=utf-8", head, "no-store", page_policy(nonce)
        )

    def file(self, path: str, head: bool) -> None:
        mounts = self.server.preview.session.state.mounts
        if mounts is None:
            self.plain(HTTPStatus.NOT_FOUND, "the report has not been composed yet", head)
            return
        try:
            target = mounts.locate(path)
        except Refused as refused:
            self.plain(HTTPStatus(refused.status), refused.reason, head)
            return
        self.serve_file(target, head)

    def serve_file(self, target: Path, head: bool, extra: dict[str, str] | None = None) -> None:
        try:
            stat = target.stat()
            tag = (
                '"'
                + hashlib.sha256(f"{stat.st_mtime_ns}:{stat.st_size}".encode()).hexdigest()[:20]
                + '"'
            )
            if self.headers.get("If-None-Match") == tag:
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.send_header("ETag", tag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = target.read_bytes()
        except OSError:
            self.plain(HTTPStatus.NOT_FOUND, "no file at this address", head)
            return
        kind = TYPES.get(target.suffix.lower()) or mimetypes.guess_type(target.name)[0]
        kind = kind or "application/octet-stream"
        if kind.startswith("text/"):
            kind += "; charset=utf-8"
        self.send(HTTPStatus.OK, body, kind, head, "no-cache", extra={"ETag": tag, **(extra or {})})

    def pdf(self, head: bool) -> None:
        builder = self.server.preview.pdf
        path = builder.pdf_path() if builder else None
        if path is None:
            self.plain(HTTPStatus.NOT_FOUND, "the PDF is not built yet: it is on its way", head)
            return
        self.serve_file(path, head, {"Content-Disposition": f'inline; filename="{path.name}"'})

    def events(self) -> None:
        """The state now, then after every change, until the page or the preview goes."""
        session = self.server.preview.session
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        sent = -1
        try:
            self.wfile.write(b"retry: 500\n\n")
            while not session.closed:
                state: State = session.wait(sent, KEEP_ALIVE_SECONDS)
                if session.closed:
                    break
                if state.serial > sent:
                    data = json.dumps(state.as_json(), ensure_ascii=False)
                    self.wfile.write(f"event: state\ndata: {data}\n\n".encode())
                    sent = state.serial
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded


class Preview:
    """The preview of one project: session, watcher, background PDF and server, started and
    stopped together."""

    def __init__(
        self,
        project: Path,
        port: int = 8765,
        host: str = "127.0.0.1",
        out_dir: Path | None = None,
        pdf: bool = True,
        log: Log | None = None,
    ) -> None:
        project = project.resolve()
        if not project.is_dir():
            raise ReportError.at(project, "no such folder", "give the folder of a report project")
        self.project = project
        self.log = log or Log(0)
        self.out_dir = (out_dir or project / ".preview-build").resolve()
        self.session = Session(project, self.out_dir / ".cache")
        self.pdf = (
            PdfBuilder(project, self.out_dir, lambda status: self.session.update(pdf=status))
            if pdf
            else None
        )
        if self.pdf:
            self.session.update(pdf=self.pdf.status)
        self.requested_pdf = ""
        self.watcher = Watcher(project, [project / "build", self.out_dir], self.changed)
        address = loopback(host)
        try:
            self.httpd = PreviewServer((address, port), self)
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            raise ReportError.at(
                "--port", f"port {port} is in use", "choose another with --port (0: any free one)"
            ) from None
        self.port = self.httpd.server_address[1]
        shown = f"[{address}]" if ":" in address else address
        self.url = f"http://{shown}:{self.port}/"
        names = {shown, "localhost"} if ipaddress.ip_address(address).version == 4 else {shown}
        self.hosts = {f"{name}:{self.port}" for name in names}
        self.server_thread = threading.Thread(
            target=self.httpd.serve_forever, name="preview-http", daemon=True
        )

    def start(self) -> None:
        self.report(self.session.refresh(), "composed")
        self.watcher.start()
        self.server_thread.start()
        self.ask_for_pdf(self.session.state)

    def changed(self, paths: set[Path]) -> None:
        names = ", ".join(sorted(self.relative(path) for path in paths)[:3])
        state = self.session.refresh()
        self.report(state, names)
        self.ask_for_pdf(state)

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.project).as_posix()
        except ValueError:
            return str(path)

    def report(self, state: State, what: str) -> None:
        if state.problems:
            for problem in state.problems:
                self.log.info(str(problem))
            self.log.info(f"{what}: {len(state.problems)} problem(s), shown on the page")
        else:
            changed = ", ".join(state.changed) if state.changed else "the whole page"
            self.log.info(f"{what}: page ready in {state.refreshed_in:.2f} s ({changed})")

    def ask_for_pdf(self, state: State) -> None:
        if self.pdf and not state.problems and state.version != self.requested_pdf:
            self.requested_pdf = state.version
            self.pdf.request()

    def stop(self) -> None:
        self.watcher.stop()
        self.session.close()
        if self.server_thread.is_alive():
            self.httpd.shutdown()
        self.httpd.server_close()
        if self.pdf:
            self.pdf.stop()
