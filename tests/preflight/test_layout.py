"""The layout lint (preflight_layout): each rule on a small document made to break it, the defects
of the PDFs built before issue 17, and none left in the sample as built today."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from decade_report.errors import Severity
from decade_report.pdf.render import render_pdf
from decade_report.pipeline import BuildResult
from decade_report.preflight.document import Pdf
from decade_report.preflight.registry import Finding
from decade_report.preflight.run import all_pdf_checks, preflight_pdf
from decade_report.theme.tokens import load_theme

ROOT = Path(__file__).resolve().parents[2]
BEFORE = ROOT / "tests" / "fixtures" / "pdfs-before"
LAYOUT_CHECKS = (
    "stray_page",
    "thin_opener",
    "keep_with_next",
    "split_table",
    "running_head",
    "widow_orphan",
    "far_from_mention",
)
WORDS = (
    "The Organization pooled the resources of its Member States through cooperative networks, "
    "shared satellite data for disaster monitoring and trained engineers from every region. "
)
STYLE = """
@page { size: A4; margin: 22mm 18mm 22mm 22mm;
        @bottom-right { content: counter(page); font: 7.5pt Inter; } {head} }
body { margin: 0; font: 9.6pt/1.45 "Noto Serif"; }
p { margin: 0 0 0.7em; text-align: justify; orphans: 1; widows: 1; }
h1 { font: 700 34pt Inter; margin: 0 0 8mm; }
h2 { font: 600 13.5pt Inter; margin: 1.6em 0 0.55em; break-after: auto; }
.page { break-before: page; }
.spacer { background: #888; width: 30mm; }
table { width: 100%; font: 7.8pt Inter; border-collapse: collapse; }
th { font-weight: 600; text-align: left; } td, th { padding: 1mm 2mm; }
thead { display: table-header-group; }
caption { caption-side: top; text-align: left; font: 7.8pt Inter; }
"""


def text(lines: int) -> str:
    """Running text of about `lines` full lines."""
    return " ".join([WORDS] * max(1, lines // 2))


def render(body: str, head: str = "") -> Pdf:
    """A small tagged A4 document in the default theme's fonts and sizes, as the lint reads it."""
    theme = load_theme(ROOT / "report", {})
    html = (
        f"<!DOCTYPE html><html lang='en'><head><title>t</title><style>"
        f"{STYLE.replace('{head}', head)}</style></head><body>"
        f"<p>Cover</p><div class='page'>{body}</div><div class='page'><p>The end.</p></div>"
        "</body></html>"
    )
    rendered = render_pdf(
        html, theme, [ROOT], tagged=False, metadata={"identifier": b"layout-test"}
    )
    return Pdf(rendered.pdf, "screen")


def run(document: Pdf, name: str) -> list[Finding]:
    """The findings of the registered check `name` (the test fails if it is not registered)."""
    (check,) = [c for c in all_pdf_checks() if c.name == name]
    assert "print" in check.editions and "screen" in check.editions
    try:
        return list(check.function(document))
    finally:
        document.close()


@pytest.fixture(scope="module")
def before() -> Iterator[dict[str, list[Finding]]]:
    """The layout findings on the screen and print PDFs built before the fixes."""
    findings = {}
    for edition in ("screen", "print"):
        document = Pdf((BEFORE / f"{edition}.pdf").read_bytes(), edition)
        findings[edition] = [f for name in LAYOUT_CHECKS for f in run(document, name)]
    yield findings


# --- each defect of the issue, on the PDFs built before the fixes ------------------------------


@pytest.mark.parametrize("edition", ["screen", "print"])
def test_before_signature_alone_on_page_iv(before: dict, edition: str) -> None:
    (finding,) = [f for f in before[edition] if f.check == "stray_page" and f.page == 4]
    assert finding.severity is Severity.ERROR
    assert "page iv" in finding.message and "Dr. Li Xinjun" in finding.message


@pytest.mark.parametrize("edition", ["screen", "print"])
def test_before_footnote_alone_on_page_10(before: dict, edition: str) -> None:
    (finding,) = [f for f in before[edition] if f.check == "stray_page" and f.page == 10]
    assert "only a footnote" in finding.message and "APSCO Secretariat; UNOOSA" in finding.message


@pytest.mark.parametrize("edition", ["screen", "print"])
def test_before_page_64_doubled_head_and_unmarked_rows(before: dict, edition: str) -> None:
    on_64 = {f.check: f for f in before[edition] if f.page == 64}
    assert "ANNEXES ANNEXES" in on_64["running_head"].message
    assert "4 more rows" in on_64["split_table"].message
    assert "(continued)" in on_64["split_table"].message


def test_before_openers_with_a_sentence(before: dict) -> None:
    openers = [f for f in before["screen"] if f.check == "thin_opener"]
    titles = " ".join(f.message for f in openers)
    assert len(openers) >= 4
    for title in ("A Decade at a Glance", "Member States", "Partnerships", "Annexes"):
        assert title in titles
    # the member-state profiles are not openers (issue 13 makes them compact)
    assert "Bangladesh" not in titles


# --- one crafted document per rule -------------------------------------------------------------


def test_stray_page_of_two_lines() -> None:
    document = render(
        f"<p>{text(40)}</p><p class='page'>Two short lines end here. {WORDS[:120]}</p>"
    )
    findings = run(document, "stray_page")
    assert [f.page for f in findings] == [3]
    assert "2 lines of running text" in findings[0].message


def test_thin_opener() -> None:
    document = render(f"<h1>Partnerships</h1><p>One sentence.</p><p class='page'>{text(30)}</p>")
    (finding,) = run(document, "thin_opener")
    assert finding.page == 2 and "Partnerships" in finding.message


def test_heading_at_the_foot_of_a_page() -> None:
    document = render(
        "<div class='spacer' style='height: 236mm'></div><h2>A parted heading</h2>"
        f"<p style='break-inside: avoid'>{text(8)}</p>"
    )
    (finding,) = run(document, "keep_with_next")
    assert finding.page == 2 and "A parted heading" in finding.message


def test_table_caption_at_the_foot_of_a_page() -> None:
    rows = "".join(f"<tr><td>{y}</td><td>{y * 3}</td></tr>" for y in range(2000, 2010))
    document = render(
        "<div class='spacer' style='height: 240mm'></div><table><caption>Table 1 Trainees"
        "</caption><thead><tr><th>Year</th><th>Trainees</th></tr></thead>"
        f"<tbody style='break-inside: avoid'>{rows}</tbody></table>"
    )
    findings = run(document, "keep_with_next")
    assert any(f.page == 2 and "caption of Table 1" in f.message for f in findings)


def split_table_document(marker: str) -> Pdf:
    rows = "".join(f"<tr><td>{y}</td><td>{y * 3}</td></tr>" for y in range(1900, 2000))
    head = f"@top-left {{ content: '{marker}'; font: 7pt Inter; }}" if marker else ""
    return render(
        f"<table><caption>Table 1 Years</caption><thead><tr><th>Year</th><th>Count</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>",
        head,
    )


def test_split_table_without_continued() -> None:
    findings = run(split_table_document(""), "split_table")
    assert findings and findings[0].page == 3
    assert "header row repeated" in findings[0].message


def test_split_table_with_continued_marker_passes() -> None:
    assert run(split_table_document("Table 1 (continued)"), "split_table") == []


def test_duplicated_running_head() -> None:
    document = render(f"<p>{text(6)}</p>", "@top-left { content: 'ANNEXES ANNEXES'; }")
    findings = run(document, "running_head")
    assert [f.page for f in findings] == [1, 2, 3]
    assert "ANNEXES ANNEXES" in findings[0].message


def test_orphan_at_the_foot_of_a_page() -> None:
    document = render(f"<div class='spacer' style='height: 247mm'></div><p>{text(12)}</p>")
    findings = run(document, "widow_orphan")
    assert any(f.page == 2 and "(orphan)" in f.message for f in findings)


def test_table_far_from_its_first_mention() -> None:
    rows = "<tr><td>2008</td><td>1</td></tr>"
    document = render(
        f"<p>As Table 1 shows, the work grew. {text(4)}</p>"
        f"<p class='page'>{text(40)}</p><p class='page'>{text(40)}</p>"
        f"<table class='page'><caption>Table 1 Growth</caption><thead><tr><th>Year</th>"
        f"<th>Projects</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    (finding,) = run(document, "far_from_mention")
    assert finding.page == 5 and "Table 1" in finding.message


def test_lint_level_is_a_theme_setting() -> None:
    document = render(f"<p>{text(6)}</p>", "@top-left { content: 'ANNEXES ANNEXES'; }")
    theme = load_theme(ROOT / "report", {"lint_running_head": "warning"})
    document.tokens = theme.tokens
    assert {f.severity for f in run(document, "running_head")} == {Severity.WARNING}
    document = render(f"<p>{text(6)}</p>", "@top-left { content: 'ANNEXES ANNEXES'; }")
    document.tokens = load_theme(ROOT / "report", {"lint_running_head": "off"}).tokens
    assert run(document, "running_head") == []


# --- the sample as built today -----------------------------------------------------------------


def test_sample_has_no_layout_errors(built: BuildResult) -> None:
    layout = [f for f in built.findings if f.check in LAYOUT_CHECKS]
    assert [str(f) for f in layout if f.severity is Severity.ERROR] == []
    for edition in ("screen", "print"):  # the lint itself, on each published PDF
        data = (built.manifest.parent / f"apsco-decade-report-{edition}.pdf").read_bytes()
        findings = preflight_pdf(data, edition, only=tuple(LAYOUT_CHECKS))
        assert [str(f) for f in findings if f.severity is Severity.ERROR] == [], edition
