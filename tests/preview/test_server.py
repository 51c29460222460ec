"""The live preview's server on a copy of the sample: loopback only, the composed pages and their
files, a reload event after a save with the new text served, the problems of a broken file and
their end, and nothing outside the project (decade_report.preview.server)."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from decade_report.errors import ReportError
from decade_report.preview.server import Preview
from projects import copy_sample

CHAPTER = "chapters/01-decade-at-a-glance.md"
TITLE = "A Decade at a Glance"
PARTNERS = "data/partners.yaml"


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory, chart_cache: Path) -> Iterator[Preview]:
    """One preview of a copy of the sample for the module, its charts in the session's chart
    cache (composing cold would draw every chart); the tests that edit a file put it back."""
    project = copy_sample(tmp_path_factory.mktemp("preview") / "report")
    # a copy, not a link: the preview serves no file through a link out of the project
    out = project / ".preview-build"
    shutil.copytree(chart_cache, out / ".cache" / "charts")
    running = Preview(project, port=0, pdf=False, out_dir=out)
    running.start()
    assert running.watcher.ready.wait(30), "the watcher did not start"
    yield running
    running.stop()


def get(preview: Preview, path: str, host: str | None = None) -> http.client.HTTPResponse:
    """A GET with the path sent exactly as written (no normalising of `..` or `%2e`)."""
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=30)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host or f"127.0.0.1:{preview.port}")
    connection.endheaders()
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


class Events:
    """The page's event stream, read as a browser's EventSource reads it."""

    def __init__(self, preview: Preview) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=60)
        self.connection.request("GET", "/.preview/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type").startswith("text/event-stream")

    def next_state(self) -> dict:
        event, data = "", []
        while True:
            line = self.response.fp.readline().decode("utf-8")
            assert line, "the event stream ended"
            line = line.rstrip("\n")
            if not line:
                if event == "state":
                    return json.loads("\n".join(data))
                event, data = "", []
            elif line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())

    def until(self, condition, seconds: float = 90) -> dict:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            state = self.next_state()
            if condition(state):
                return state
        raise AssertionError("the awaited state never came")

    def close(self) -> None:
        self.connection.close()


def rewrite(path: Path, old: str, new: str) -> str:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    return text


def test_listens_on_loopback_only(preview, tmp_path):
    assert preview.httpd.server_address[0] == "127.0.0.1"
    assert preview.url == f"http://127.0.0.1:{preview.port}/"
    # every other address of this machine: nothing listens there
    addresses = {
        info[4][0]
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        if not info[4][0].startswith("127.")
    }
    for address in addresses:
        with pytest.raises(OSError), socket.create_connection((address, preview.port), 2):
            pass
    # asked for by another name (a DNS name pointed at 127.0.0.1): not answered
    assert get(preview, "/", host="attacker.example").status == 421
    assert get(preview, "/", host=f"localhost:{preview.port}").status == 200
    for host in ("0.0.0.0", "192.168.1.10", "example.org"):
        with pytest.raises(ReportError, match="this computer only"):
            Preview(tmp_path, port=0, host=host, pdf=False)


def test_serves_the_composed_pages_with_their_files(preview):
    response = get(preview, "/")
    assert response.status == 200
    page = response.body.decode("utf-8")
    policy = response.getheader("Content-Security-Policy")
    nonce = re.search(r"script-src 'nonce-([^']+)'", policy)[1]
    assert "default-src 'none'" in policy and "unsafe-eval" not in policy
    # the screen edition as composed for the PDF, print CSS and all, paged by Paged.js
    assert TITLE in page and "@page" in page and "counter(page)" in page
    assert f'<script nonce="{nonce}" src="/.preview/assets/paged.polyfill.js"></script>' in page
    assert "file://" not in page
    urls = set(re.findall(r'(?:src="|url\(")(/[^"]+)"', page))
    charts = [url for url in urls if url.endswith(".svg")]
    fonts = [url for url in urls if url.endswith((".ttf", ".otf"))]
    assert len(charts) >= 10 and len(fonts) >= 10
    for url in [*charts, *fonts[:3], "/.preview/assets/paged.polyfill.js"]:
        served = get(preview, url)
        assert served.status == 200, url
        assert "sandbox" in served.getheader("Content-Security-Policy")
    assert b"<svg" in get(preview, charts[0]).body[:400]
    polyfill = get(preview, "/.preview/assets/paged.polyfill.js")
    assert b"Paged.js v0.4.3" in polyfill.body[:200]
    assert polyfill.getheader("Content-Type").startswith("text/javascript")


def test_a_saved_chapter_is_announced_and_its_text_served(preview):
    path = preview.project / CHAPTER
    events = Events(preview)
    try:
        before = events.next_state()
        assert before["version"] and not before["problems"]
        saved = time.monotonic()
        original = rewrite(path, "rests on a Convention", "rests on a Quokka Convention")
        try:
            state = events.until(lambda s: s["version"] != before["version"])
            page = get(preview, "/").body.decode("utf-8")
            served = time.monotonic() - saved
            assert "rests on a Quokka Convention" in page
            assert f'content="{state["version"]}"' in page
            print(f"save → recomposed page served: {served:.2f} s")
        finally:
            path.write_text(original, "utf-8")
        restored = events.until(lambda s: s["version"] == before["version"])
        assert not restored["problems"]
    finally:
        events.close()


def test_a_chapter_edit_is_served_as_that_chapter_alone(preview):
    """The page asks what changed since its version: one chapter's HTML (mounted URLs) after a
    chapter's text changed; `reload` after a title changed (the contents changed with it) or
    for a version the server no longer knows."""
    path = preview.project / CHAPTER
    events = Events(preview)
    try:
        before = events.next_state()
        original = rewrite(path, "rests on a Convention", "rests on a Wombat Convention")
        try:
            state = events.until(lambda s: s["version"] != before["version"])
            assert state["changed"] == ["chapter-1"]
            patch = json.loads(get(preview, f"/.preview/patch?since={before['version']}").body)
            assert patch["version"] == state["version"] and "reload" not in patch
            assert [part["id"] for part in patch["parts"]] == ["chapter-1"]
            html = patch["parts"][0]["html"]
            assert html.startswith('<article class="chapter') and html.endswith("</article>")
            assert "rests on a Wombat Convention" in html and "file://" not in html
            assert get(preview, f"/.preview/patch?since={state['version']}").body == (
                json.dumps({"version": state["version"], "parts": []}).encode()
            )
            unknown = json.loads(get(preview, "/.preview/patch?since=0123456789abcdef").body)
            assert unknown == {"version": state["version"], "reload": True}
            rewrite(path, f'title: "{TITLE}"', 'title: "A Decade in Brief"')
            retitled = events.until(lambda s: s["version"] != state["version"])
            assert retitled["changed"] is None  # the contents and running heads changed too
            patch = json.loads(get(preview, f"/.preview/patch?since={state['version']}").body)
            assert patch == {"version": retitled["version"], "reload": True}
        finally:
            path.write_text(original, "utf-8")
        events.until(lambda s: s["version"] == before["version"])
    finally:
        events.close()


def test_a_broken_file_is_shown_with_its_place_until_it_is_fixed(preview):
    path = preview.project / PARTNERS
    events = Events(preview)
    try:
        good = events.next_state()
        original = path.read_text("utf-8")
        broken = original.replace("  kind: United Nations\n", "  kind: [United Nations\n", 1)
        assert broken != original
        kind_line = original[: original.index("  kind: United Nations")].count("\n") + 1
        path.write_text(broken, "utf-8")
        try:
            state = events.until(lambda s: bool(s["problems"]))
            problem = state["problems"][0]
            assert problem["path"] == PARTNERS
            # the unclosed bracket's line or the next, where the parser noticed it
            assert problem["line"] in (kind_line, kind_line + 1) and problem["column"] > 0
            assert problem["where"] == f"{PARTNERS}:{problem['line']}:{problem['column']}"
            assert "YAML" in problem["message"] and problem["hint"]
            # the page stays the last good one, meanwhile
            assert state["version"] == good["version"]
            assert "A Decade at a Glance" in get(preview, "/").body.decode("utf-8")
        finally:
            path.write_text(original, "utf-8")
        fixed = events.until(lambda s: not s["problems"])
        assert fixed["version"] == good["version"]
    finally:
        events.close()


@pytest.mark.parametrize(
    "path",
    [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/chapters/..%2f..%2f..%2fetc%2fpasswd",
        "/.preview/root/0/../../../../etc/passwd",
        "/.preview/assets/../server.py",
        "//etc/passwd",
        "/.preview-build/.cache/build.lock",
    ],
)
def test_paths_outside_the_project_are_refused(preview, path):
    response = get(preview, path)
    assert response.status in (403, 404)
    assert b"root:" not in response.body and b"import" not in response.body


def test_a_link_out_of_the_project_is_refused(preview):
    link = preview.project / "hostname.txt"
    link.symlink_to("/etc/hostname")
    try:
        response = get(preview, "/hostname.txt")
        assert response.status == 403
        assert b"symbolic link" in response.body
    finally:
        link.unlink()


def test_only_get_and_head_are_answered(preview):
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=10)
    connection.request("POST", "/", body=b"x")
    assert connection.getresponse().status == 501
    connection.close()


@pytest.mark.slow  # a real process, stopped by a real Ctrl-C while it builds the PDF
def test_the_command_refuses_other_hosts_and_stops_on_ctrl_c(tmp_path):
    project = copy_sample(tmp_path / "report")
    refused = subprocess.run(
        [sys.executable, "-m", "decade_report", "preview", str(project), "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 1
    assert "--host: error: the preview listens on this computer only" in refused.stderr
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "decade_report", "preview", str(project), "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
        # as from a terminal, even where the test run ignores SIGINT (a script's `cmd &`)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        started = process.stderr.readline()
        while "Ctrl-C stops" not in started:
            assert started, "the preview ended before it started"
            started = process.stderr.readline()
        assert f"http://127.0.0.1:{port}/" in started
        time.sleep(1)  # the background PDF build is under way
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            with process:  # its pipe closed too, not left to a later test's garbage collection
                process.kill()
    assert process.returncode == 0, rest
    assert "preview stopped" in rest and "Traceback" not in rest
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), 2).close()
    # the build it had started was ended with it: nothing is left running in the project
    survivors = subprocess.run(
        ["pgrep", "-f", f"decade_report build {project}"], capture_output=True, text=True
    )
    assert survivors.stdout.strip() == "", survivors.stdout
    assert not (project / ".preview-build" / ".staging").exists() or not os.listdir(
        project / ".preview-build" / ".staging"
    )
