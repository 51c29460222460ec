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
