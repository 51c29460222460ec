"""The web edition judged by axe-core (the engine of browser devtools' accessibility audits) in
Debian's chromium: zero violations of the WCAG 2.0/2.1 A and AA rules at desktop and phone widths.

axe-core and playwright-core come pinned from tests/web/package-lock.json (`scripts/setup.sh
--test` runs `npm ci`); tests/web/axe.mjs loads the page as published, under its strict CSP, and
evaluates axe through the DevTools protocol. A control page with known faults proves the harness
reports them, so an empty list means the page was judged, not that nothing ran.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from decade_report.log import Log
from decade_report.pipeline import BuildResult, build
from decade_report.web.sanitise import CSP

HARNESS = Path(__file__).parent
WIDTHS = (1280, 390)
"""A desktop and a phone (the widths of the issue: 1280 px and 390 px)."""


def run_axe(page: Path, widths: tuple[int, ...] = WIDTHS) -> dict[str, dict]:
    """{width: {"violations": [...], "passed": [rule ids]}} for the page at each width."""
    node = shutil.which("node")
    assert node, "Node.js is needed: `make test` (scripts/setup.sh --test) checks for it"
    assert (HARNESS / "node_modules" / "axe-core").is_dir(), (
        "axe-core is not installed: run scripts/setup.sh --test (npm ci in tests/web)"
    )
    result = subprocess.run(
        [node, str(HARNESS / "axe.mjs"), page.as_uri(), *map(str, widths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def described(results: dict[str, dict]) -> str:
    """Every violation: width, rule, impact, help text, and each element it was found on."""
    lines = []
    for width, found in results.items():
        for violation in found["violations"]:
            lines.append(
                f"{width} px: {violation['id']} ({violation['impact']}): {violation['help']} "
                f"— {violation['helpUrl']}"
            )
            for node in violation["nodes"]:
                lines.append(f"    {node['target']}: {node['html'][:120]}")
                lines += [f"      {line}" for line in (node["summary"] or "").splitlines()[:3]]
    return "\n".join(lines)


ISSUE_RULES = frozenset({"color-contrast", "link-in-text-block", "scrollable-region-focusable"})
BASIC_RULES = frozenset({"html-has-lang", "document-title", "list", "svg-img-alt"})


def assert_accessible(page: Path, judged: frozenset[str] = ISSUE_RULES | BASIC_RULES) -> None:
    """No violation at any width, and the `judged` rules ran and passed (not skipped because
    nothing on the page was of their kind)."""
    results = run_axe(page)
    assert set(results) == {str(width) for width in WIDTHS}
    assert not any(found["violations"] for found in results.values()), "\n" + described(results)
    for found in results.values():
        assert judged <= set(found["passed"]), found["passed"]


def test_the_sample_web_edition_has_no_axe_violations(built: BuildResult) -> None:
    assert_accessible(built.manifest.parent / "web" / "index.html")


def test_the_example_web_edition_has_no_axe_violations(example_built: BuildResult) -> None:
    """The second organisation's project: another brand colour, other scripts, a logo."""
    # no links inside its paragraphs and no table wider than the page: those two rules have
    # nothing to judge there (they are judged on the sample)
    assert_accessible(
        example_built.manifest.parent / "web" / "index.html",
        judged=frozenset({"color-contrast"}) | BASIC_RULES,
    )


@pytest.fixture(scope="module")
def pale_brand_web(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The sample with a pale yellow brand colour, its web edition built."""
    root = tmp_path_factory.mktemp("pale")
    project = root / "report"
    shutil.copytree(
        Path(__file__).resolve().parents[2] / "report",
        project,
        ignore=shutil.ignore_patterns(".cache", "build"),
    )
    toml = project / "report.toml"
    toml.write_text(
        toml.read_text("utf-8").replace('brand = "#0b4f8a"', 'brand = "#f5e663"'), "utf-8"
    )
    return project, build(project, root / "build", Log(0), ("web",))


@pytest.mark.slow
def test_a_pale_brand_colour_still_gives_a_readable_web_edition(
    pale_brand_web: tuple[Path, BuildResult],
) -> None:
    project, result = pale_brand_web
    # the project is told which shades its text gets, where it set the colour
    line = next(
        n
        for n, text in enumerate((project / "report.toml").read_text("utf-8").splitlines(), 1)
        if text.startswith("brand =")
    )
    notes = [w for w in result.warnings if "brand #f5e663" in w.message]
    assert notes and all((w.where.path, w.where.line) == ("report.toml", line) for w in notes)
    assert any("accessible variant" in w.message for w in notes)
    stylesheet = (result.manifest.parent / "web" / "style.css").read_text("utf-8")
    assert "--brand: #f5e663;" in stylesheet  # the brand stays the brand for fills and rules
    assert_accessible(result.manifest.parent / "web" / "index.html")


def test_the_harness_reports_what_the_issue_found(tmp_path: Path) -> None:
    """A page under the web edition's CSP with the three faults axe found in the old web edition:
    gold text on white, a link told by colour alone, a table scrolling out of a keyboard's reach."""
    page = tmp_path / "faults.html"
    rows = "".join(f"<tr><td>{'wide cell ' * 30}</td></tr>" for _ in range(3))
    page.write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        "<title>Faults</title></head><body><main><h1>Faults</h1>"
        '<p style="color: #e0a526">Chapter 1</p>'
        '<p style="color: #5d6b7a">Text with <a href="#x" id="x" style="color: #0b4f8a; '
        'text-decoration: none">a link</a> in it.</p>'
        '<div style="overflow-x: auto; width: 200px"><table style="white-space: nowrap">'
        "<tr><th>Head</th></tr>"
        f"{rows}</table></div></main></body></html>",
        "utf-8",
    )
    results = run_axe(page, (1280,))
    found = {violation["id"] for violation in results["1280"]["violations"]}
    assert {"color-contrast", "link-in-text-block", "scrollable-region-focusable"} <= found
    text = described(results)
    assert "#e0a526" in text and "Elements must meet minimum color contrast" in text


def test_the_page_states_its_language_and_direction(built: BuildResult) -> None:
    page = (built.manifest.parent / "web" / "index.html").read_text("utf-8")
    assert '<html lang="en" dir="ltr">' in page


@pytest.mark.parametrize(
    ("written", "published"),
    [('dir="rtl"', ' dir="rtl"'), ('dir="ltr"', ' dir="ltr"'), ('dir="x onload=y"', "")],
)
def test_the_sanitiser_keeps_a_valid_direction_only(written: str, published: str) -> None:
    from decade_report.web.sanitise import sanitised_page

    page, _ = sanitised_page(f'<html lang="ar" {written}><body><p>نص</p></body></html>', [], {})
    assert f'<html lang="ar"{published}>' in page


def test_right_to_left_languages_get_rtl() -> None:
    from decade_report.model.config import ReportConfig

    for languages, direction in ((("fa",), "rtl"), (("ar-EG", "en"), "rtl"), (("en",), "ltr")):
        assert ReportConfig.model_construct(languages=languages).direction == direction
