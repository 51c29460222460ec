"""The web edition in each language with a switcher between them (web/languages.py): web/ in the
first language, web/zh/ in Chinese, each page with its lang and dir, and a reader clicking the
switcher in the real browser lands on the other language's page."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from decade_report.log import Log
from decade_report.pipeline import build
from decade_report.web.languages import switcher
from decade_report.web.sanitise import sanitised_page
from projects import copy_sample

HARNESS = Path(__file__).resolve().parent


def test_the_switcher_links_every_page_to_the_same_page_in_the_other_languages() -> None:
    english = switcher("en", ("en", "zh", "fa"))
    assert [(k.language, k.name, k.href, k.direction) for k in english] == [
        ("en", "English", "", "ltr"),
        ("zh", "中文", "zh/index.html", "ltr"),
        ("fa", "فارسی", "fa/index.html", "rtl"),
    ]
    chinese = switcher("zh", ("en", "zh", "fa"))
    assert [k.href for k in chinese] == ["../index.html", "", "../fa/index.html"]
    assert switcher("en", ("en",)) == ()  # one language: no switcher


def test_the_sanitiser_lets_a_language_page_link_up_but_not_out() -> None:
    page = (
        '<!DOCTYPE html><html lang="zh"><head><title>t</title></head><body>'
        '<a href="../index.html" hreflang="en">English</a>'
        '<a href="../../outside.html">out</a></body></html>'
    )
    published, removed = sanitised_page(page, {"index.html"}, {}, "zh")
    assert '<a href="../index.html" hreflang="en">English</a>' in published
    assert [r.message for r in removed] == [
        "the web edition refers to '../../outside.html', which is not one of its files: a browser"
        " would not find it"
    ]
    # the same link on the first language's page leaves the web folder
    assert "../index.html" not in sanitised_page(page, {"index.html"}, {})[0]


@pytest.mark.slow
def test_a_reader_switches_from_the_english_page_to_the_chinese_one(tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed: `make test` (scripts/setup.sh --test) checks for it"
    out = tmp_path / "build"
    build(copy_sample(tmp_path / "project"), out, Log(0), editions=("web",))
    web = out / "web"
    chinese = (web / "zh" / "index.html").read_text("utf-8")
    assert re.search(r'<html lang="zh" dir="ltr">', chinese)
    assert (web / "zh" / "style.css").is_file()  # each language's folder stands alone
    assert "十年概览" in chinese and "本章尚无中文译文" in chinese
    persian = (web / "fa" / "index.html").read_text("utf-8")
    assert '<p class="hero-period">۲۰۰۸–۲۰۱۸</p>' in persian  # the years as the PDFs give them
    entries = json.loads((out / "manifest.json").read_text("utf-8"))["outputs"]
    assert {e["path"]: e["language"] for e in entries}["web/zh/index.html"] == "zh"

    done = subprocess.run(
        [node, str(HARNESS / "switch.mjs"), (web / "index.html").as_uri(), "zh"],
        capture_output=True, text=True, timeout=180, check=True, cwd=HARNESS,
    )  # fmt: skip
    seen = json.loads(done.stdout)
    assert seen["url"] == (web / "zh" / "index.html").as_uri()
    assert (seen["lang"], seen["dir"], seen["current"]) == ("zh", "ltr", "中文")
    assert seen["links"] == [
        {"hreflang": "en", "href": "../index.html", "name": "English"},
        {"hreflang": "fa", "href": "../fa/index.html", "name": "فارسی"},
    ]
    assert seen["back"] == {"url": (web / "index.html").as_uri(), "lang": "en"}
