"""PDF/UA-1 rules: each one finds the audited defect in the screen edition built before the fix
(tests/fixtures/pdfs-before/screen.pdf), none in today's build, and finish_tags repairs a small
document WeasyPrint tags the same wrong ways."""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import pikepdf
import pytest

from decade_report.errors import Severity
from decade_report.pdf.finish import link_words, save
from decade_report.pdf.finish_tags import finish_tags
from decade_report.pdf.render import render_pdf
from decade_report.pdf.structure import element_kids, kids, page_numbers, page_of, tag, walk
from decade_report.pipeline import BuildResult
from decade_report.preflight.document import Pdf
from decade_report.preflight.registry import Finding
from decade_report.preflight.run import all_pdf_checks
from decade_report.theme.tokens import load_theme
from projects import built_pdf, sample_languages

IN_ENGLISH = link_words(gettext.NullTranslations())

ROOT = Path(__file__).resolve().parents[2]
BEFORE = ROOT / "tests" / "fixtures" / "pdfs-before" / "screen.pdf"
RULES = [check for check in all_pdf_checks() if check.name.startswith("pdfua_")]


def run(data: bytes) -> dict[str, list[Finding]]:
    """Every PDF/UA rule on a PDF: check name → its findings."""
    document = Pdf(data, "screen")
    try:
        return {check.name: list(check.function(document)) for check in RULES}
    finally:
        document.close()


def times(findings: list[Finding], text: str) -> int:
    """How many defects the findings whose message contains `text` count ("12 × …" is 12)."""
    total = 0
    for finding in findings:
        if text in finding.message:
            counted = re.match(r"(\d+) (?:×|links)", finding.message)
            total += int(counted[1]) if counted else 1
    return total


@pytest.fixture(scope="module")
def before() -> dict[str, list[Finding]]:
    return run(BEFORE.read_bytes())


def test_every_rule_is_registered_for_the_screen_edition() -> None:
    assert {c.name for c in RULES} == {
        "pdfua_document", "pdfua_structure_types", "pdfua_lists", "pdfua_tables", "pdfua_ids",
        "pdfua_tagged_content", "pdfua_annotations", "pdfua_link_descriptions", "pdfua_languages",
    }  # fmt: skip
    assert all(c.editions == ("screen",) for c in RULES)


# --- the audit's defects, found in the PDF built before the fix ------------------------------


def test_links_under_span_instead_of_link(before: dict[str, list[Finding]]) -> None:
    misplaced = [f for f in before["pdfua_annotations"] if "another element than Link" in f.message]
    assert {f.page for f in misplaced} == {5, 6, 65, 66}
    assert times(misplaced, "another element than Link") == 36
    assert all("/Link/Span)" in f.message for f in misplaced)
    assert all(f.severity is Severity.ERROR for f in misplaced)


def test_lists_with_div_between_l_and_li(before: dict[str, list[Finding]]) -> None:
    divs = [f for f in before["pdfua_lists"] if f.message.endswith("/L/Div)")]
    assert {f.page for f in divs} == set(range(21, 32))  # 11 member-state profiles
    items = [f for f in before["pdfua_lists"] if "/L/Div/LI)" in f.message]
    assert times(items, "outside the parent") == 88


def test_running_heads_outside_the_tree(before: dict[str, list[Finding]]) -> None:
    orphans = [f for f in before["pdfua_tagged_content"] if "does not list" in f.message]
    assert times(orphans, "does not list") == 108
    assert all("(at Document/" in f.message for f in orphans)


def test_ids_without_an_idtree(before: dict[str, list[Finding]]) -> None:
    assert times(before["pdfua_ids"], "IDTree does not list") == 80
    assert all(
        f.message.endswith("/TH)") for f in before["pdfua_ids"] if "does not list" in f.message
    )


def test_tables_split_at_a_page_break(before: dict[str, list[Finding]]) -> None:
    split = [f for f in before["pdfua_tables"] if "split at a page break" in f.message]
    assert {f.page for f in split} == {20, 43, 49, 62, 63, 64}
    (alone,) = [f for f in before["pdfua_tables"] if "no rows" in f.message]
    assert alone.page == 60  # Table A.3: its caption alone on the page


def test_links_described_by_anchor_names(before: dict[str, list[Finding]]) -> None:
    findings = before["pdfua_link_descriptions"]
    assert times(findings, "anchor names") == 288
    assert [f.page for f in findings if "(such as 'figure-1-1')" in f.message] == [65]


def test_text_in_other_scripts_without_lang(before: dict[str, list[Finding]]) -> None:
    messages = " ".join(f.message for f in before["pdfua_languages"])
    for script in ("Arabic", "Bengali", "Thai", "Han"):
        assert f"{script} text" in messages
    assert {2, 68} <= {f.page for f in before["pdfua_languages"]}  # 京ICP备… rights line


@pytest.mark.slow  # preflights the whole 70-page screen PDF again, changed
def test_document_keys_pass_before_and_fail_when_removed(
    before: dict[str, list[Finding]],
) -> None:
    assert before["pdfua_document"] == []
    with pikepdf.open(BEFORE) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            del meta["pdfuaid:part"]
        pdf.Root.ViewerPreferences.DisplayDocTitle = False
        pdf.Root.MarkInfo.Suspects = True
        messages = [f.message for f in run(save(pdf))["pdfua_document"]]
    assert len(messages) == 3
    assert any("pdfuaid:part" in m for m in messages)
    assert any("DisplayDocTitle" in m for m in messages)
    assert any("Suspects" in m for m in messages)


@pytest.mark.slow  # preflights the whole 70-page screen PDF again, changed
def test_structure_types_must_be_standard_or_role_mapped(
    before: dict[str, list[Finding]],
) -> None:
    assert before["pdfua_structure_types"] == []
    with pikepdf.open(BEFORE) as pdf:
        first = pdf.Root.StructTreeRoot.K[0].K[0]
        first.S = pikepdf.Name("/Chapter")
        (finding,) = run(save(pdf))["pdfua_structure_types"]
        assert "Document/Chapter" in finding.message
        pdf.Root.StructTreeRoot.RoleMap = pikepdf.Dictionary(Chapter=pikepdf.Name.Art)
        assert run(save(pdf))["pdfua_structure_types"] == []


@pytest.mark.slow  # preflights the whole 70-page screen PDF again, changed
def test_annotation_without_structure_parent_or_contents() -> None:
    with pikepdf.open(BEFORE) as pdf:
        link = pdf.pages[4].Annots[0]
        del link["/StructParent"]
        del link["/Contents"]
        findings = run(save(pdf))["pdfua_annotations"]
    assert any("no structure element holds" in f.message and f.page == 5 for f in findings)
    assert any("without /Contents" in f.message and f.page == 5 for f in findings)


@pytest.mark.slow  # preflights the whole 70-page screen PDF again, changed
def test_untagged_painting_is_found() -> None:
    with pikepdf.open(BEFORE) as pdf:
        page = pdf.pages[2]
        page.contents_add(pdf.make_stream(b"0 0 m 100 100 l S"), prepend=False)
        findings = run(save(pdf))["pdfua_tagged_content"]
    assert any("neither tagged nor artifacts" in f.message and f.page == 3 for f in findings)


# --- finish_tags repairs what WeasyPrint writes ----------------------------------------------

SMALL = """<html lang="en"><head><title>Small</title><style>
@page {{ size: A6; margin: 14mm 8mm; @top-center {{ content: "Running head" }}
         @bottom-center {{ content: counter(page) }} }}
body {{ font-size: 9pt }} .cols {{ columns: 2 }}
</style></head><body>
<h1 id="intro">Introduction</h1>
<p>See <a href="#numbers"><span>Table 1</span> below</a> or <a href="#intro">the start</a>.</p>
<p>The name <span lang="th">ประเทศไทย</span> is Thai.</p>
<dl><div><dt>Joined</dt><dd>2005</dd></div><div><dt>Status</dt><dd>Full</dd></div></dl>
<ul class="cols"><li>one</li><li>two</li><li>three</li><li>four</li></ul>
<table id="numbers"><caption>Table 1 Numbers by year</caption>
<thead><tr><th scope="col">Year</th><th scope="col">Count</th></tr></thead>
<tbody>{rows}</tbody></table>
</body></html>"""


@pytest.fixture(scope="module")
def small() -> tuple[bytes, bytes]:
    """A small document laid out by WeasyPrint: (as written, after finish_tags)."""
    rows = "".join(f"<tr><td>{2000 + i}</td><td>{i * 7}</td></tr>" for i in range(60))
    sample_root = ROOT / "report"
    theme = load_theme(sample_root, {})
    rendered = render_pdf(
        SMALL.format(rows=rows), theme, [sample_root], tagged=True,
        metadata={"identifier": b"0" * 32},
    )  # fmt: skip
    with pikepdf.open(io.BytesIO(rendered.pdf)) as pdf:
        labels = tuple(str(n) for n in range(1, len(pdf.pages) + 1))
        finish_tags(pdf, rendered.titles, labels, IN_ENGLISH)
        return rendered.pdf, save(pdf)


def test_weasyprint_alone_breaks_the_rules(small: tuple[bytes, bytes]) -> None:
    findings = run(small[0])
    for rule in ("pdfua_lists", "pdfua_tables", "pdfua_ids", "pdfua_tagged_content"):
        assert findings[rule], rule
    assert findings["pdfua_annotations"] and findings["pdfua_link_descriptions"]


def test_finish_tags_repairs_every_rule(small: tuple[bytes, bytes]) -> None:
    assert {name: f for name, f in run(small[1]).items() if f} == {}


def test_finished_table_is_one_element_with_its_caption_and_rows(
    small: tuple[bytes, bytes],
) -> None:
    with pikepdf.open(io.BytesIO(small[1])) as pdf:
        numbers = page_numbers(pdf)
        (table,) = [p.element for p in walk(pdf) if tag(p.element) == "Table"]
        parts = [tag(k) for k in element_kids(table)]
        assert parts[:2] == ["Caption", "THead"] and set(parts[2:]) == {"TBody"}
        rows = [r for k in element_kids(table)[2:] for r in element_kids(k)]
        assert len(rows) == 60
        assert len({page_of(r, numbers) for r in rows}) > 1  # it did split across pages
        scopes = {str(c.A.Scope) for p in walk(pdf) if tag(c := p.element) == "TH"}
        assert scopes == {"/Column"}
        assert "/IDTree" in pdf.Root.StructTreeRoot


def test_finished_links_running_heads_and_languages(small: tuple[bytes, bytes]) -> None:
    with pikepdf.open(io.BytesIO(small[1])) as pdf:
        described = {str(a.Contents) for p in pdf.pages for a in p.obj.get("/Annots", [])}
        assert "Table 1 Numbers by year, page 1" in described
        assert "Introduction, page 1" in described
        links = [p for p in walk(pdf) if tag(p.element) == "Link"]
        assert links and all("Link" not in p.path[:-1] for p in links)
        languages = {str(p.element.Lang) for p in walk(pdf) if "/Lang" in p.element}
        assert languages == {"th"}
        artifacts = [
            operands[1]
            for page in pdf.pages
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) == "BDC" and operands[0] == pikepdf.Name.Artifact
        ]
        assert artifacts and all(a.Type == pikepdf.Name.Pagination for a in artifacts)
        dl = next(p.element for p in walk(pdf) if tag(p.element) == "L")
        assert [[tag(k) for k in element_kids(item)] for item in element_kids(dl)] == [
            ["Lbl", "LBody"],
            ["Lbl", "LBody"],
        ]


def test_finish_tags_is_deterministic(small: tuple[bytes, bytes]) -> None:
    with pikepdf.open(io.BytesIO(small[0])) as pdf:
        finish_tags(pdf, {}, (), IN_ENGLISH)
        first = save(pdf)
    with pikepdf.open(io.BytesIO(small[0])) as pdf:
        finish_tags(pdf, {}, (), IN_ENGLISH)
        assert save(pdf) == first


# --- today's build: no defect -----------------------------------------------------------------


@pytest.fixture(scope="module", params=sample_languages())
def after(request: pytest.FixtureRequest, built: BuildResult) -> dict[str, list[Finding]]:
    """The PDF/UA findings of each language's built screen edition."""
    return run(built_pdf(built.manifest, request.param, "screen").read_bytes())


@pytest.mark.slow
@pytest.mark.parametrize("rule", [c.name for c in RULES])
def test_built_screen_edition_passes(rule: str, after: dict[str, list[Finding]]) -> None:
    assert [str(f) for f in after[rule]] == []


@pytest.mark.slow
def test_built_native_names_and_tables(built: BuildResult, screen_pdf: Path) -> None:
    with pikepdf.open(screen_pdf) as pdf:
        languages = {str(p.element.Lang) for p in walk(pdf) if "/Lang" in p.element}
        assert {"bn", "zh", "fa", "mn", "ur", "th", "ar"} <= languages
        captions = {}
        for placed in walk(pdf):
            if tag(placed.element) == "Table":
                rows = sum(len(element_kids(k)) for k in element_kids(placed.element))
                first = element_kids(placed.element)[0]
                captions[len(captions)] = (tag(first), rows)
        assert all(rows > 1 for _, rows in captions.values())
        described = [str(a.Contents) for p in pdf.pages for a in p.obj.get("/Annots", [])]
        assert "A Decade at a Glance, page 1" in described
        assert not any(kids(p.element) == [] for p in walk(pdf))


# --- an independent validator: page (PyPI page-validation), PDF/UA-1 profile -----------------


def independent_failures(path: Path) -> set[str]:
    """Rule ids the `page` validator fails, except font rules (issue 12's font work owns them)."""
    import page

    report = page.validate_pdf(path, profile="ua1")
    return {f.rule_id for f in report.failures if not f.rule_id.startswith("PDFUA1-FONT")}


def test_independent_validator_agrees_on_the_defects_it_knows() -> None:
    assert independent_failures(BEFORE) == {
        "PDFUA1-L-KIDS-001",
        "PDFUA1-LI-PARENT-001",
        "PDFUA1-LINK-LINK-TAG-001",
    }


def test_independent_validator_passes_the_small_finished_document(
    small: tuple[bytes, bytes], tmp_path: Path
) -> None:
    (tmp_path / "small.pdf").write_bytes(small[1])
    assert independent_failures(tmp_path / "small.pdf") == set()


@pytest.mark.slow
@pytest.mark.parametrize("language", sample_languages())
def test_independent_validator_passes_the_built_screen_edition(
    built: BuildResult, language: str
) -> None:
    pdf = built_pdf(built.manifest, language, "screen")
    with pikepdf.open(pdf) as document:
        assert str(document.Root.Lang) == language
    assert independent_failures(pdf) == set()
