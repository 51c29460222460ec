"""The composed page cut into the body's children, and which of them a save changed
(decade_report.preview.parts): only chapters may be sent alone; anything else is the whole page."""

from __future__ import annotations

from decade_report.preview.parts import MAX_PARTS, changed_chapters, cut

HEAD = '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><style>p{}</style></head>\n'


def page(*chapters: str, cover: str = "Cover", css: str = "p{}") -> str:
    body = "".join(
        f'<article class="chapter layout-narrative" id="chapter-{number}">'
        f'<h1>T{number}</h1><p>{text}<br>a line<img src="x.svg" alt=""></p>'
        f"<section><p>inner</p></section></article>\n"
        for number, text in enumerate(chapters, 1)
    )
    return (
        HEAD.replace("p{}", css)
        + '<body class="edition-screen">\n'
        + f'<section class="cover" id="cover"><p>{cover}</p><hr/></section>\n'
        + '<section class="imprint front"><p>imprint</p></section>\n'
        + body
        + "</body>\n</html>\n"
    )


def test_the_body_is_cut_into_its_children_and_put_back_together():
    html = page("one", "two")
    parts = cut(html)
    assert parts is not None
    assert parts.keys() == ("cover", "#1", "chapter-1", "chapter-2")
    assert [part.chapter for part in parts.parts] == [False, False, True, True]
    # void elements (<br>, <img>, <hr/>) open nothing: each part ends at its own end tag
    assert parts.parts[2].html.startswith('<article class="chapter layout-narrative"')
    assert parts.parts[2].html.endswith("</section></article>")
    gaps = parts.tail.split("\x00")
    pieces = zip(gaps[:-1], parts.parts, strict=True)
    rebuilt = parts.head + "".join(gap + part.html for gap, part in pieces) + gaps[-1]
    assert rebuilt == html


def test_a_changed_chapter_alone_is_named():
    old, new = cut(page("one", "two", "three")), cut(page("one", "two, edited", "three"))
    changed = changed_chapters(old, new)
    assert changed is not None
    assert [part.key for part in changed] == ["chapter-2"]
    assert "two, edited" in changed[0].html


def test_anything_but_chapters_changing_means_the_whole_page():
    base = cut(page("one", "two"))
    assert changed_chapters(base, cut(page("one", "two", cover="New cover"))) is None
    assert changed_chapters(base, cut(page("one", "two", css="p{color:red}"))) is None
    assert changed_chapters(base, cut(page("one", "two", "three"))) is None  # a chapter added
    assert changed_chapters(base, base) is None  # nothing to send
    assert changed_chapters(None, base) is None  # a version the server no longer has
    many = [f"c{n}" for n in range(MAX_PARTS + 1)]
    edited = [f"{text}!" for text in many]
    assert changed_chapters(cut(page(*many)), cut(page(*edited))) is None


def test_a_body_that_cannot_be_cut_cleanly_is_not_cut():
    unclosed = HEAD + "<body><article class='chapter' id='a'><p>text</body></html>"
    assert cut(unclosed) is None
    twice = HEAD + "<body><article class='chapter' id='a'></article>"
    twice += "<article class='chapter' id='a'></article></body></html>"
    assert cut(twice) is None
    assert cut("<p>no body at all</p>") is None
