"""Debian's chromium, headless: the DOM of a page opened from disk, and the requests it made."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

BROWSER_HOSTS = ("google.com", "googleapis.com", "gvt1.com", "gstatic.com")


CHROMIUM = shutil.which("chromium")


def open_in_browser(page: Path, log: Path) -> str:
    """The DOM after chromium loaded `page` from disk; network requests go to `log`."""
    assert CHROMIUM, "chromium is installed by `make test` (scripts/setup.sh --test)"
    result = subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", f"--log-net-log={log}", "--virtual-time-budget=5000",
            "--dump-dom", page.as_uri(),
        ],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return result.stdout


def requested(log: Path) -> set[str]:
    """http(s) URLs in chromium's network log, without the browser's own background calls."""
    events = json.loads(log.read_text("utf-8"))["events"]
    urls = {
        str(event["params"][key])
        for event in events
        for key in ("url", "original_url")
        if key in event.get("params", {})
    }
    return {
        url
        for url in urls
        if urlsplit(url).scheme in ("http", "https", "ws", "wss")
        and not (urlsplit(url).hostname or "").endswith(BROWSER_HOSTS)
    }
