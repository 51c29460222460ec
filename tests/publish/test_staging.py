"""Publishing: one write gate for every output path, and all-or-nothing publishing."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decade_report.errors import ReportError
from decade_report.log import Log
from decade_report.pipeline import build
from decade_report.publish import staging as publishing
from decade_report.publish.staging import Output, UnsafeOutputPath, output_path, publish


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): these
    tests are about one report, whose other languages would be built and checked for nothing."""
    return english_project


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (symbolic links not followed), with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def outputs(tag: str) -> list[Output]:
    return [
        Output("report-screen.pdf", "screen", 3, f"screen {tag}".encode()),
        Output("copies/peru.pdf", "copy", 3, f"copy {tag}".encode(), "Peru"),
        Output("web/index.html", "web", 1, f"page {tag}".encode()),
        Output("web/style.css", "web", None, f"css {tag}".encode()),
    ]


def assert_manifest_matches(out: Path) -> None:
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    for entry in manifest["outputs"]:
        data = (out / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]


@pytest.mark.parametrize(
    "name",
    [
        "../escape.pdf",
        "web/../../escape.pdf",
        "/etc/passwd",
        "web//x.png",
        "./x.pdf",
        "web/./x.pdf",
        "",
        "x\x00.pdf",
        "x\u202e.pdf",
        "C:escape.pdf",
        "web\\..\\escape.pdf",
        ".cache/charts/x.svg",
        ".staging/manifest.json",
    ],
)
def test_gate_refuses_paths_that_are_not_plain_and_inside(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsafeOutputPath):
        output_path(tmp_path / "build", name)


def test_gate_refuses_a_path_through_a_symbolic_link(tmp_path: Path) -> None:
    out, outside = tmp_path / "build", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "web").symlink_to(outside)
    with pytest.raises(UnsafeOutputPath, match="symbolic link"):
        output_path(out, "web/index.html")
    (out / "manifest.json").symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(UnsafeOutputPath, match="symbolic link"):
        output_path(out, "manifest.json")


def test_gate_accepts_plain_paths_inside_the_build_folder(tmp_path: Path) -> None:
    assert (
        output_path(tmp_path, "web/assets/ab12.png") == tmp_path.resolve() / "web/assets/ab12.png"
    )
    assert output_path(tmp_path, "copies/délégation-du-pérou.pdf").parent.name == "copies"


HOSTILE_PARTS = st.sampled_from(
    [
        "..",
        ".",
        "",
        "web",
        "copies",
        "link",
        "deep",
        "a",
        "․․",
        "%2e%2e",
        "..\u2215x",
        "x\x00y",
        "\u202e",
        "C:",
        "/",
        "\\..",
        "~",
        "manifest.json",
        ".staging",
        "ｗｅｂ",
    ]
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    parts=st.lists(HOSTILE_PARTS | st.text(max_size=6), min_size=1, max_size=6), lead=st.booleans()
)
def test_no_output_name_writes_outside_the_build_folder(
    tmp_path: Path, parts: list[str], lead: bool
) -> None:
    """Hostile names — `..`, symbolic links out, absolute paths, NUL, look-alikes — either publish
    inside the build folder or are refused; nothing outside ever changes."""
    base = Path(tempfile.mkdtemp(dir=tmp_path))
    out, outside = base / "build", base / "outside"
    (out / "deep").mkdir(parents=True)
    outside.mkdir()
    (out / "link").symlink_to(outside)
    (out / "deep" / "up").symlink_to("../..")
    name = ("/" if lead else "") + "/".join(parts)
    with contextlib.suppress(UnsafeOutputPath, ReportError):
        publish(out, [Output(name, "web", None, b"hostile")], ("web",))
    assert snapshot(outside) == {}
    written = [p for p in base.rglob("*") if p.is_file() and not p.is_symlink()]
    assert all(p.resolve().is_relative_to(out.resolve()) for p in written), written
    assert not any(p.name.endswith(".tmp") or ".staging" in p.parts for p in written)


def test_two_outputs_with_one_path_are_refused(tmp_path: Path) -> None:
    twins = [
        Output("copies/x.pdf", "copy", 1, b"a", "X"),
        Output("copies/x.pdf", "copy", 1, b"b", "X"),
    ]
    with pytest.raises(UnsafeOutputPath, match="two outputs"):
        publish(tmp_path, twins, ("copies",))
    assert not (tmp_path / "copies").exists()


def test_publish_writes_everything_and_a_matching_manifest(tmp_path: Path) -> None:
    publish(tmp_path, outputs("one"), ("screen", "copies", "web"), [("preflight.json", b"[]")])
    assert (tmp_path / "copies/peru.pdf").read_bytes() == b"copy one"
    assert (tmp_path / "preflight.json").read_bytes() == b"[]"
    assert_manifest_matches(tmp_path)
    assert not (tmp_path / ".staging").exists()


def test_files_a_build_no_longer_makes_leave_managed_folders(tmp_path: Path) -> None:
    publish(tmp_path, outputs("one"), ("screen", "copies", "web"))
    fewer = [o for o in outputs("two") if o.path != "copies/peru.pdf"]
    fewer.append(Output("copies/chile.pdf", "copy", 3, b"chile", "Chile"))
    publish(tmp_path, fewer, ("screen", "copies", "web"))
    assert sorted(p.name for p in (tmp_path / "copies").iterdir()) == ["chile.pdf"]
    assert_manifest_matches(tmp_path)


def test_other_editions_stay_while_their_sources_are_the_same(tmp_path: Path) -> None:
    publish(tmp_path, outputs("one"), ("screen", "copies", "web"), sources="a")
    screen = [o for o in outputs("two") if o.edition == "screen"]
    publish(tmp_path, screen, ("screen",), sources="a")
    manifest = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    assert {e["edition"] for e in manifest["outputs"]} == {"screen", "copy", "web"}
    assert {e["sources"] for e in manifest["outputs"]} == {"a"}
    assert (tmp_path / "copies/peru.pdf").read_bytes() == b"copy one"
    assert_manifest_matches(tmp_path)


def test_other_editions_made_from_older_sources_are_removed(tmp_path: Path) -> None:
    """After an edit, `--edition screen` must not leave the old copies and web beside the new
    screen edition as if they matched it: their files and entries go."""
    publish(tmp_path, outputs("one"), ("screen", "copies", "web"), sources="a")
    screen = [o for o in outputs("two") if o.edition == "screen"]
    publish(tmp_path, screen, ("screen",), sources="b")
    manifest = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    assert [e["path"] for e in manifest["outputs"]] == ["report-screen.pdf"]
    assert not (tmp_path / "copies/peru.pdf").exists()
    assert not (tmp_path / "web/index.html").exists()
    assert (tmp_path / "report-screen.pdf").read_bytes() == b"screen two"


def failing_on(call: int, real, error: int = errno.ENOSPC):
    """`real`, except that its `call`-th use raises OSError(error)."""
    count = {"n": 0}

    def wrapper(*args, **kwargs):
        count["n"] += 1
        if count["n"] == call:
            raise OSError(error, os.strerror(error))
        return real(*args, **kwargs)

    return wrapper


FILES_PUBLISHED = len(outputs("x")) + 2  # + preflight.json + manifest.json


@pytest.mark.parametrize("call", range(1, FILES_PUBLISHED + 1))
def test_a_full_disk_at_any_write_leaves_the_previous_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: int
) -> None:
    editions = ("screen", "copies", "web")
    publish(tmp_path, outputs("old"), editions, [("preflight.json", b"old")])
    before = snapshot(tmp_path)
    monkeypatch.setattr(publishing, "stage", failing_on(call, publishing.stage))
    with pytest.raises(ReportError, match="the disk is full; nothing was published"):
        publish(tmp_path, outputs("new"), editions, [("preflight.json", b"new")])
    assert snapshot(tmp_path) == before
    assert_manifest_matches(tmp_path)


RENAMES = FILES_PUBLISHED * 2  # each file: the old one moved aside, the new one moved in


@pytest.mark.parametrize("call", range(1, RENAMES + 1))
def test_a_failing_rename_at_any_step_puts_everything_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: int
) -> None:
    editions = ("screen", "copies", "web")
    publish(tmp_path, outputs("old"), editions, [("preflight.json", b"old")])
    before = snapshot(tmp_path)
    monkeypatch.setattr(publishing.os, "replace", failing_on(call, os.replace, errno.EIO))
    with pytest.raises(ReportError, match="could not write the outputs"):
        publish(tmp_path, outputs("new"), editions, [("preflight.json", b"new")])
    assert snapshot(tmp_path) == before
    assert_manifest_matches(tmp_path)


def test_a_real_full_disk_is_reported_and_changes_nothing(tmp_path: Path) -> None:
    """Without mocks: /dev/full answers every write with ENOSPC."""
    publish(tmp_path, outputs("old"), ("screen",))
    before = snapshot(tmp_path)

    def stage_on_full_disk(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open("/dev/full", "wb") as stream:
            stream.write(data)
            stream.flush()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(publishing, "stage", stage_on_full_disk)
        with pytest.raises(ReportError) as caught:
            publish(tmp_path, outputs("new"), ("screen",))
    assert "the disk is full" in str(caught.value)
    assert "free some space" in str(caught.value)
    assert snapshot(tmp_path) == before


def test_a_read_only_build_folder_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        publishing, "staging_folder", failing_on(1, publishing.staging_folder, errno.EROFS)
    )
    with pytest.raises(ReportError, match="read-only file system") as caught:
        publish(tmp_path, outputs("new"), ("screen",))
    assert "--out" in str(caught.value)
    assert not (tmp_path / "manifest.json").exists()


# --- nothing lost: interrupted and concurrent builds --------------------------------------


def run_cli(*arguments: str) -> subprocess.Popen[str]:
    """The command as started from a terminal: Ctrl-C stops it even where the test run itself
    ignores SIGINT (started in the background by a script, `cmd &`), which a child inherits."""
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "decade-report"), *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def wait_for_layout(process: subprocess.Popen[str]) -> None:
    """Read the verbose progress until the layout of the edition has started."""
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("Laying out"):
            return
    pytest.fail("the build ended before laying out")


@pytest.mark.slow  # builds a new project's screen edition twice
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_build_stopped_mid_render_leaves_the_previous_build(
    tiny_project: Path, tmp_path: Path, stop: signal.Signals
) -> None:
    out = tmp_path / "out"
    build(tiny_project, out, Log(0), ("screen",))
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    chapter = tiny_project / "chapters" / "01-overview.md"
    chapter.write_text(chapter.read_text("utf-8").replace("## ", "## Changed ", 1), "utf-8")
    process = run_cli("build", str(tiny_project), "--out", str(out), "--edition", "screen", "-v")
    try:
        wait_for_layout(process)
        process.send_signal(stop)
        _, errors = process.communicate(timeout=60)
    finally:  # when it did not stop: not left running (and its pipes open) into the next tests
        with process:
            process.kill()
    assert process.returncode == 130
    assert "interrupted; the previous outputs are untouched" in errors
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert {k: v for k, v in after.items() if k.parts[0] != ".cache"} == {
        k: v for k, v in before.items() if k.parts[0] != ".cache"
    }
    assert not [p for p in out.rglob("*.tmp")]


@pytest.mark.slow  # builds the screen edition twice
def test_a_second_build_into_the_same_folder_waits_its_turn(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_cli("build", str(project), "--out", str(out), "--edition", "screen", "-v")
    wait_for_layout(first)
    second = run_cli("build", str(project), "--out", str(out), "--edition", "screen")
    _, errors = second.communicate(timeout=60)
    assert second.returncode == 1
    assert f"another build (process {first.pid}) is writing to this folder" in errors
    first.communicate(timeout=600)  # a whole layout, on a loaded machine
    assert first.returncode == 0
    assert (out / "apsco-decade-report-screen.pdf").is_file()
