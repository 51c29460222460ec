"""Every language's editions of the built sample as a reader and a viewer see them (issue 16):
page labels that are the printed folios, no hyphen a language does not write, and Chinese lines
that neither start with closing nor end with opening punctuation."""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pypdf
import pytest

from decade_report.pipeline import BuildResult
from projects import SAMPLE, built_pdf, sample_languages

pytestmark = pytest.mark.slow

LANGUAGES = sample_languages()
FOLIO_ZONE = 20 * 72 / 25.4
"""The foot of the trimmed page where report.css prints the folio (bottom margin ~17 mm)."""
PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
CLOSING = set("，。、．：；！？）》」』】〕〉”’…·％")
"""Marks that close (UAX #14 classes CL, CP, NS, EX, IS and the quotation marks as Chinese
uses them): never at the start of a line."""
OPENING = set("（《「『【〔〈“‘")
"""Marks that open (OP): never at the end of a line."""
HYPHENS = ("-", "\u2010", "\u00ad")


def page_words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, (xMin, yMin, xMax, yMax, word) from poppler's -bbox output."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        words = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            page,
        )
        pages.append(
            [(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in words]
        )
    return pages


@pytest.mark.parametrize("edition", ["screen", "print"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_page_labels_are_the_printed_folios(
    built: BuildResult, language: str, edition: str
) -> None:
    """The viewer's page label of every page is the folio printed at its foot: "iv" and "12"
    in English and Chinese, "د" and ۱۲ (labelled 12, pdf/page_labels.py says why) in Persian."""
    pdf = built_pdf(built.manifest, language, edition)
    labels = pypdf.PdfReader(pdf).page_labels
    with pikepdf.open(pdf) as document:
        assert str(document.Root.Lang) == language
        trims = [[float(v) for v in page.trimbox] for page in document.pages]
        media_tops = [float(page.mediabox[3]) for page in document.pages]
    compared = 0
    for index, words in enumerate(page_words(pdf)):
        trim_bottom = media_tops[index] - trims[index][1]  # poppler's y runs down from the top
        folio = [w[4] for w in words if trim_bottom - FOLIO_ZONE < w[1] < trim_bottom]
        if len(folio) != 1:
            continue  # a cover, a blank page or a page whose foot carries more than its folio
        printed = folio[0]
        label = labels[index]
        assert printed.translate(PERSIAN_DIGITS) == label, (pdf.name, index + 1, printed, label)
        compared += 1
    assert compared >= 30, (pdf.name, compared)


def lines_of(pdf: Path) -> list[str]:
    """The lines of every page, as poppler reads them (-bbox-layout: blocks, lines, words)."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = []
    for line in re.findall(r"<line[^>]*>(.*?)</line>", out, re.S):
        words = [html.unescape(w) for w in re.findall(r"<word[^>]*>([^<]*)</word>", line)]
        lines.append(" ".join(words))
    return lines


def in_script(text: str, language: str) -> bool:
    """Whether `text` has a letter of the language's own script (Han for zh, Arabic for fa)."""
    names = {"zh": ("CJK UNIFIED",), "fa": ("ARABIC",)}[language]
    return any(unicodedata.name(c, "").startswith(names) for c in text)


def source_text(language: str) -> str:
    """Everything the sample's sources and the tool's catalogue of `language` write."""
    files = [*SAMPLE.rglob("*.md"), *SAMPLE.rglob("*.yaml"), *SAMPLE.rglob("*.csv")]
    files += [*SAMPLE.rglob("*.po"), *SAMPLE.glob("*.toml")]
    files += list((SAMPLE.parent / "locales" / language).rglob("*.po"))
    return "\n".join(p.read_text("utf-8") for p in files)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang in ("zh", "fa")])
def test_no_hyphen_is_added_to_a_language_that_has_none(built: BuildResult, language: str) -> None:
    """Chinese and Persian are not hyphenated (pyphen has no dictionary for them, and `lang` of
    the document reaches every element): a line of their script that ends in a hyphen ends in
    one of the sources ("2008-", "Asia-Pacific"), never in one the renderer added. English text
    printed untranslated in these editions (lang="en") is hyphenated as English, and is not
    looked at here: its lines have no Han or Arabic letter."""
    pdf = built_pdf(built.manifest, language, "screen")
    sources = re.sub(r"\s+", "", source_text(language))
    added = []
    for line in lines_of(pdf):
        if not in_script(line, language) or not line.split():
            continue
        # a right-to-left line comes in visual order: its end may be at either side
        for word in {line.split()[0], line.split()[-1]}:
            if not word.startswith(HYPHENS) and not word.endswith(HYPHENS):
                continue
            core = word.strip("".join(HYPHENS))
            written = {f"{core}-", f"-{core}", f"{core[::-1]}-", f"-{core[::-1]}"}
            if not any(form in sources for form in written):
                added.append(line)
    assert not added, added


@pytest.mark.skipif("zh" not in LANGUAGES, reason="the sample builds no Chinese edition")
def test_chinese_lines_keep_their_punctuation(built: BuildResult) -> None:
    """No line of the Chinese edition starts with a closing mark or ends with an opening one
    (clreq: 行首禁则 and 行尾禁则). Pango breaks by UAX #14, which forbids these breaks."""
    pdf = built_pdf(built.manifest, "zh", "screen")
    chinese = [line for line in lines_of(pdf) if in_script(line, "zh")]
    assert len(chinese) > 100
    wrong = [line for line in chinese if line[0] in CLOSING or line[-1] in OPENING]
    assert not wrong, wrong


def caption_labels(pdf: Path) -> list[str]:
    """The captions the layout lint finds on the pages of `pdf`, in order."""
    from decade_report.pdf.layout import Measures, read_pages
    from decade_report.preflight.layout import default_tokens

    with pikepdf.open(pdf) as document:
        pages = read_pages(pdf, document, Measures.of(default_tokens()))
    return [
        line.label for page in pages for line in page.lines if line.role == "caption" and line.label
    ]


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_the_layout_lint_reads_every_language_s_captions(built: BuildResult, language: str) -> None:
    """The lint finds the same figure and table captions in every edition as in the first
    language's: "图2.1" and "نمودار ۲.۱" (drawn right to left, read back in reading order by
    pdf/reading_order.py) are "Figure 2.1"."""
    first = caption_labels(built_pdf(built.manifest, LANGUAGES[0], "screen"))
    other = caption_labels(built_pdf(built.manifest, language, "screen"))
    assert len(first) >= 10
    assert set(other) == set(first), set(first) ^ set(other)


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_links_say_where_they_go_in_the_edition_s_language(
    built: BuildResult, language: str
) -> None:
    """A screen reader reads a link's /Contents: "十年概览，第1页", not "十年概览, page 1"."""
    with pikepdf.open(built_pdf(built.manifest, language, "screen")) as pdf:
        described = [
            str(a.Contents)
            for page in pdf.pages
            for a in page.obj.get("/Annots", [])
            if a.get("/Dest") is not None
        ]
    assert described
    assert not [d for d in described if "page" in d]
    # a caption's full stop is not left before the page ("…示意数据。，第47页")
    assert not [d for d in described if re.search(r"[.。][,，،]", d)]
    word = {"zh": "页", "fa": "صفحه"}[language]
    assert sum(word in d for d in described) > len(described) / 2
