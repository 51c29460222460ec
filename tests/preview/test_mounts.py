"""The preview's URL rule: which file a request path may reach, and the page's `file:` URLs
rewritten to served ones (decade_report.preview.mounts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from decade_report.preview.mounts import ASSETS, Mounts, Refused
from decade_report.preview.page import insertion, preview_page


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path, Mounts]:
    project = tmp_path / "project"
    (project / "chapters").mkdir(parents=True)
    (project / "chapters" / "one.md").write_text("# One\n", "utf-8")
    (project / "assets").mkdir()
    (project / "assets" / "logo.svg").write_text("<svg/>", "utf-8")
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[core]\n", "utf-8")
    (project / ".env").write_text("SECRET=1\n", "utf-8")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "Face.ttf").write_bytes(b"\0\1\0\0")
    (tmp_path / "outside.txt").write_text("outside\n", "utf-8")
    (project / "escape.txt").symlink_to(tmp_path / "outside.txt")
    (project / "inner.txt").symlink_to(project / "chapters" / "one.md")
    return project, fonts, Mounts.of(project, [fonts])


def test_project_files_theme_folders_and_own_assets_are_served(tree):
    project, fonts, mounts = tree
    assert mounts.locate("/chapters/one.md") == project / "chapters" / "one.md"
    assert mounts.locate("/assets/logo%2Esvg") == project / "assets" / "logo.svg"
    assert mounts.locate(mounts.url_of(fonts / "Face.ttf")) == fonts / "Face.ttf"
    assert mounts.locate("/.preview/assets/paged.polyfill.js") == ASSETS / "paged.polyfill.js"
    # a link that stays inside the project is followed, as the build follows it
    assert mounts.locate("/inner.txt") == project / "inner.txt"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/../outside.txt", 403),
        ("/chapters/../../outside.txt", 403),
        ("/%2e%2e/outside.txt", 403),
        ("/chapters/%2E%2E/%2E%2E/outside.txt", 403),
        ("/.preview/root/0/../../outside.txt", 403),
        ("/.preview/assets/../mounts.py", 403),
        ("/escape.txt", 403),  # a symbolic link to a file outside
        ("/.git/config", 403),
        ("/.env", 403),
        ("//etc/passwd", 403),  # a network-path reference, by guard.urls
        ("/javascript:alert(1)", 403),
        ("/C:/Windows/win.ini", 403),
        ("/chapters%5C..%5C..%5Coutside.txt", 403),
        ("/chapters/one.md%00.png", 403),
        ("/%ff%fe", 404),
        ("/", 404),
        ("/chapters/", 404),
        ("/chapters/missing.md", 404),
    ],
)
def test_everything_else_is_refused(tree, path, status):
    mounts = tree[2]
    with pytest.raises(Refused) as refused:
        mounts.locate(path)
    assert refused.value.status == status, refused.value.reason


def test_file_urls_of_mounted_folders_become_served_urls(tree):
    project, fonts, mounts = tree
    composed = (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><style>"
        f'@font-face {{ src: url("{(fonts / "Face.ttf").as_uri()}"); }}</style></head>'
        f'<body><img src="{(project / "assets" / "logo.svg").as_uri()}">'
        '<img src="file:///etc/hostname"></body></html>'
    )
    page = preview_page(composed, mounts, "v1", "NONCE").decode()
    assert f'url("{mounts.url_of(fonts / "Face.ttf")}")' in page
    assert '<img src="/assets/logo.svg">' in page
    # a file of no mounted folder keeps its file: URL, which neither browser nor policy loads
    assert 'src="file:///etc/hostname"' in page
    head = page.index("<head>") + len("<head>")
    assert page[head:].lstrip().startswith('<meta name="decade-report-preview" content="v1">')
    assert '<script nonce="NONCE" src="/.preview/assets/paged.polyfill.js"></script>' in page


@pytest.mark.parametrize(
    ("html", "before"),
    [
        ("<!DOCTYPE html>\n<html>\n<HEAD lang='x'>\n<title>t</title>", "\n<title>"),
        ("<!doctype html><html><body><p>no head", "<html><body>"),
        ("<p>no doctype, no head", "<p>"),
        ("<!DOCTYPE html><!-- <head> in a comment --><head><title>", "<title>"),
    ],
)
def test_the_preview_elements_go_at_the_top_of_the_head(html, before):
    assert html[insertion(html) :].startswith(before)
