"""Markdown → HTML: embeds, typographic text, and the words a PDF must give back."""

from __future__ import annotations

import pytest

from decade_report.compose.markdown import last_words, render_markdown


def embeds(text: str) -> str:
    return str(render_markdown(text, "c1", lambda kind, ident: f"<EMBED {kind}:{ident}>").html)


@pytest.mark.parametrize(
    "text",
    [
        "[[chart: growth]]\nText on the very next line.",
        "Text on the line before.\n[[chart: growth]]",
        "Before.\n[[chart: growth]]\nAfter.",
        "Before.\n\n[[chart: growth]]\n\nAfter.",
    ],
)
def test_an_embed_line_is_a_block_even_next_to_text(text: str) -> None:
    html = embeds(text)
    assert "<EMBED chart:growth>" in html
    assert "[[" not in html


def test_embeds_in_lists_and_callouts_and_not_in_code() -> None:
    html = embeds(
        "- item\n  [[table: members]]\n\n::: callout\n[[chart: x]]\n:::\n\n    [[chart: code]]\n"
    )
    assert "<EMBED table:members>" in html and "<EMBED chart:x>" in html
    assert "[[chart: code]]" in html  # an indented code block prints as written


@pytest.mark.parametrize(
    ("markdown", "words"),
    [
        (
            "First.\n\nLet's keep the river's data open -- for everyone.\n",
            "Let’s keep the river’s data open – for",
        ),
        ("First.\n\n::: pullquote\nWe *keep* going, always.\n:::\n", "We keep going, always."),
        ("Body text here.[^1]\n\n[^1]: A note, not the message.\n", "Body text here."),
    ],
)
def test_last_words_are_the_text_a_reader_sees(markdown: str, words: str) -> None:
    assert last_words(markdown) == words


def test_a_hyphenated_acronym_stays_on_one_line() -> None:
    """Laid out by WeasyPrint with the theme's own rule, in a narrow column, after words of every
    length: without the rule some line ends in "MR-" (the control); with it, none does."""
    from pathlib import Path

    import pypdfium2
    from weasyprint import HTML

    rule = next(
        line
        for line in (Path(__file__).resolve().parents[2] / "templates" / "report.css")
        .read_text("utf-8")
        .splitlines()
        if line.startswith(".nobreak")
    )
    text = "\n\n".join(f"{'m' * n} MR-WCC is here." for n in range(1, 14))
    body = render_markdown(text, "c", embeds)
    assert body.html.count('<span class="nobreak">MR-WCC</span>') == 13
    for html in (str(body.html), str(body.html).replace('class="nobreak"', "")):
        pdf = HTML(
            string=f"<style>@page {{ size: 60mm 200mm; margin: 5mm }} p {{ width: 24mm; "
            f"font: 11pt sans-serif }} {rule}</style>{html}"
        ).write_pdf()
        lines = pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range().splitlines()
        # pdfium joins a word broken at its hyphen and marks the break with U+FFFE
        broken = [line for line in lines if "\ufffe" in line or "MR" in line.replace("MR-WCC", "")]
        assert bool(broken) == ('class="nobreak"' not in html), lines


def test_a_language_is_marked_from_its_script_or_as_written() -> None:
    html = str(
        render_markdown(
            'ລາວ, [Монголия]{lang=mn}, [x]{lang="a onclick=1"}, [y]{style=color:red}', "c", embeds
        ).html
    )
    assert '<span lang="lo">ລາວ' in html
    assert '<span lang="mn">Монголия</span>' in html
    assert "<span>x</span>" in html and "<span>y</span>" in html  # nothing else gets through
    assert "onclick" not in html and "style" not in html
