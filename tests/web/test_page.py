"""The web edition of the sample, checked on the real files: the page parsed as HTML, the
stylesheet's references, the subset fonts opened with fontTools."""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from decade_report.charts.render import ChartImage, render_charts
from decade_report.load.narrative import EMBED
from decade_report.load.project import load_report
from decade_report.model.report import Report
from decade_report.theme.tokens import Theme, load_theme
from decade_report.validate.report import validate
from decade_report.web.page import inline_svg, page_characters, render_web

MESSAGE_PHRASES = ("Dr. Li Xinjun", "I wish an even greater success to the Organization")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parents: tuple[str, ...]
    text: list[str] = field(default_factory=list)

    @property
    def content(self) -> str:
        return " ".join("".join(self.text).split())


class Page(HTMLParser):
    """Every element of the page with its attributes, ancestors and text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, tuple(e.tag for e in self.open))
        self.elements.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(
            Element(tag, {k: v or "" for k, v in attrs}, tuple(e.tag for e in self.open))
        )

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag
            and all(e.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())
        ]

    def by_id(self) -> dict[str, Element]:
        return {e.attrs["id"]: e for e in self.elements if "id" in e.attrs}

    @property
    def text(self) -> str:
        return self.find("body")[0].content


@dataclass(frozen=True)
class Inputs:
    report: Report
    charts: dict[str, ChartImage]
    theme: Theme


def inputs_of(project: Path, cache: Path) -> Inputs:
    report = validate(load_report(project))
    theme = load_theme(report.root, report.config.theme)
    return Inputs(report, render_charts(report, theme, cache), theme)


@pytest.fixture(scope="module")
def inputs(chart_cache: Path) -> Inputs:
    return inputs_of(Path(__file__).resolve().parents[2] / "report", chart_cache)


@pytest.fixture(scope="module")
def web(inputs: Inputs, font_cache: Path) -> dict[str, bytes]:
    return render_web(inputs.report, inputs.charts, inputs.theme, font_cache)


@pytest.fixture(scope="module")
def page(web: dict[str, bytes]) -> Page:
    return Page(web["index.html"].decode())


@pytest.fixture(scope="module")
def stylesheet(web: dict[str, bytes]) -> str:
    return web["style.css"].decode()


def placed_charts(report: Report) -> list[str]:
    return [
        match[2]
        for chapter in report.chapters
        for line in chapter.body.splitlines()
        if (match := EMBED.match(line)) and match[1] == "chart"
    ]


def test_the_page_is_semantic_html_in_the_report_language(page: Page, inputs: Inputs) -> None:
    report = inputs.report
    assert page.find("html")[0].attrs["lang"] == report.config.language
    assert page.find("meta", name="viewport")
    assert [h.content for h in page.find("h1")] == [report.config.title]
    assert len(page.find("main")) == 1
    assert page.find("nav", aria_label="Contents")
    first_link = page.find("a")[0]
    assert first_link.attrs == {"class": "skip-link", "href": "#main"}
    assert page.by_id()["main"].tag == "main"
    articles = [e.attrs["id"] for e in page.find("article")]
    assert articles == [f"chapter-{c.number}" for c in report.chapters]
    levels = [int(e.tag[1]) for e in page.elements if re.fullmatch(r"h[1-6]", e.tag)]
    assert levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, "a heading level is skipped"


def test_every_chapter_the_message_and_the_contact_are_on_the_page(
    page: Page, inputs: Inputs
) -> None:
    config = inputs.report.config
    titles = [h.content for h in page.find("h2", class_="chapter-title")]
    assert titles == [chapter.title for chapter in inputs.report.chapters]
    message = page.by_id()["message"].content
    for phrase in MESSAGE_PHRASES:
        assert phrase in message
    footer = page.find("footer")[0].content
    for line in (*config.contact.address, config.contact.phone, config.contact.website):
        assert line in footer
    # what the layouts add: key figures, timeline, profiles, catalogue, calendar, annexes
    assert len(page.find("div", class_="key-figure")) == 8
    assert len(page.find("li", class_="timeline-event cat-governance")) > 3
    profiles = [e for e in page.elements if e.attrs.get("id", "").startswith("state-")]
    assert len(profiles) == len(inputs.report.member_states)
    assert "ประเทศไทย" in page.text and "中国" in page.text
    ids = page.by_id()
    for ident in ("chapter-4-catalogue", "chapter-6-calendar", "chapter-9-abbreviations"):
        assert ident in ids
        # sections of the chapters are listed in the contents
        assert page.find("a", href=f"#{ident}")


def test_charts_are_inline_svg_named_by_their_alt_text(page: Page, inputs: Inputs) -> None:
    assert not page.find("img")  # the sample has no logo or portrait: nothing to fetch
    svgs = page.find("svg", role="img")
    placed = placed_charts(inputs.report)
    assert len(svgs) == len(placed) == len(inputs.charts)
    ids = page.by_id()
    for svg, chart in zip(svgs, placed, strict=True):
        assert svg.parents[-1] == "figure"
        assert "viewbox" in svg.attrs and "width" not in svg.attrs and "height" not in svg.attrs
        title = ids[svg.attrs["aria-labelledby"]]
        assert title.tag == "title" and title.parents[-1] == "svg"
        assert title.content == inputs.charts[chart].alt != ""
    figures = page.find("figure", class_="chart")
    assert len(figures) == len(placed)
    assert len(page.find("figcaption")) == len(placed)


def test_ids_are_unique_and_every_reference_resolves(page: Page, web: dict[str, bytes]) -> None:
    counts = Counter(e.attrs["id"] for e in page.elements if "id" in e.attrs)
    assert [ident for ident, count in counts.items() if count > 1] == []
    targets = {
        e.attrs["href"][1:] for e in page.elements if e.attrs.get("href", "").startswith("#")
    }
    assert targets and targets <= set(counts)
    html = web["index.html"].decode()
    references = set(re.findall(r"url\(#([^)]+)\)", html))
    assert references and references <= set(counts)
    # every in-page anchor of the contents, footnotes and lists of figures/tables works
    assert {"main", "message", "fn-chapter-1-1", "fnref-chapter-1-1", "figure-1-1"} <= targets


def test_nothing_is_fetched_from_the_network(
    page: Page, web: dict[str, bytes], stylesheet: str
) -> None:
    assert not page.find("script") and not page.find("iframe")
    for element in page.elements:
        for name in ("src", "href", "srcset", "poster", "data"):
            value = element.attrs.get(name, "")
            assert not re.match(r"\s*(https?:|//|file:)", value), (element.tag, value)
    assert [e.attrs["href"] for e in page.find("link")] == ["style.css"]
    html = web["index.html"].decode()
    assert "http://" not in html and "https://" not in html and "file:" not in html
    assert "@import" not in stylesheet
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", stylesheet)
    assert urls
    for url in urls:
        assert url in web, url


def test_tables_have_captions_and_header_scopes(page: Page) -> None:
    tables = [e for e in page.elements if e.tag == "table"]
    captions = [e for e in page.elements if e.tag == "caption"]
    assert tables and len(captions) == len(tables)
    assert all(caption.content for caption in captions)
    assert all(th.attrs.get("scope") in ("col", "row") for th in page.find("th"))


def test_fonts_are_subsets_of_the_bundled_faces(
    web: dict[str, bytes], stylesheet: str, inputs: Inputs
) -> None:
    originals = {path.stem: path for path, _ in inputs.theme.faces}
    fonts = {name: data for name, data in web.items() if name.startswith("fonts/")}
    assert set(re.findall(r'url\("(fonts/[^"]+)"\)', stylesheet)) == set(fonts)
    families = set(re.findall(r'font-family: "([^"]+)"', stylesheet))
    assert {"Noto Serif", "Inter", "Noto Sans Thai", "Noto Sans SC"} <= families
    assert "Inter-Light" not in " ".join(fonts)  # no face the stylesheet does not use
    for name, data in fonts.items():
        original_path = originals[Path(name).stem]
        subset = TTFont(io.BytesIO(data))
        original = TTFont(original_path)
        assert len(data) < original_path.stat().st_size
        assert len(subset.getGlyphOrder()) < len(original.getGlyphOrder()) / 2, name
        assert subset["head"].modified == original["head"].modified  # no build time in the font


def test_every_character_of_the_page_has_a_glyph(web: dict[str, bytes]) -> None:
    covered: set[int] = set()
    for name, data in web.items():
        if name.startswith("fonts/"):
            covered |= set(TTFont(io.BytesIO(data)).getBestCmap())
    text = page_characters(web["index.html"].decode())
    missing = sorted(c for c in text if not c.isspace() and ord(c) not in covered)
    assert missing == []


@pytest.mark.slow  # subsets every font again, without the session's cache
def test_the_same_input_gives_the_same_bytes(inputs: Inputs, web: dict[str, bytes]) -> None:
    assert render_web(inputs.report, inputs.charts, inputs.theme) == web


def test_images_are_copied_beside_the_page_and_data_stays_text(
    project: Path, edit, chart_cache: Path, font_cache: Path
) -> None:
    (project / "assets").mkdir()
    logo = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10"/></svg>'
    (project / "assets" / "logo.svg").write_bytes(logo)
    (project / "assets" / "portrait.svg").write_bytes(logo)
    edit(
        "report.toml",
        'organisation_short = "APSCO"',
        'organisation_short = "APSCO"\nlogo = "assets/logo.svg"',
    )
    edit("message.md", "author:", "portrait: assets/portrait.svg\nauthor:")
    edit(
        "data/partners.yaml",
        "- name: United Nations Office for Outer Space Affairs",
        '- name: "{{ 7*7 }} <script>x</script>"',
    )
    inputs = inputs_of(project, chart_cache)
    web = render_web(inputs.report, inputs.charts, inputs.theme, font_cache)
    # SVG drawings are published as web_svg rebuilds them: the same drawing, plain SVG.
    assert (
        web["images/logo.svg"]
        == web["images/portrait.svg"]
        == (
            b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<svg viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg">'
            b'<rect width="10"/></svg>\n'
        )
    )
    page = Page(web["index.html"].decode())
    sources = [img.attrs["src"] for img in page.find("img")]
    assert sources == ["images/logo.svg", "images/portrait.svg", "images/logo.svg"]
    assert page.find("img", class_="message-portrait")[0].attrs["alt"] == (
        "Portrait of Dr. Li Xinjun"
    )
    html = web["index.html"].decode()
    assert "{{ 7*7 }} &lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>" not in html


def test_inline_svg_prefixes_ids_and_references(tmp_path: Path) -> None:
    source = tmp_path / "chart.svg"
    source.write_text(
        '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n'
        '  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        '<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="100pt" height="50pt" '
        'viewBox="0 0 100 50" xmlns="http://www.w3.org/2000/svg" version="1.1">\n'
        " <metadata><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/></metadata>\n"
        ' <defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>\n'
        '  <clipPath id="p1"><rect width="10" height="10"/></clipPath>\n'
        '  <path id="glyph-31" d="M 0 0 \nL 1 1 \nz\n"/></defs>\n'
        ' <g id="figure_1" clip-path="url(#p1)"><use xlink:href="#glyph-31"/>'
        '<use href="#elsewhere"/></g>\n'
        "</svg>\n",
        "utf-8",
    )
    markup = inline_svg(ChartImage("trend", source, 'Growth & "more" <fast>', False))
    assert markup == (
        '<svg viewBox="0 0 100 50" version="1.1" role="img" aria-labelledby="trend--title" '
        'style="stroke-linejoin: round; stroke-linecap: butt">'
        '<title id="trend--title">Growth &amp; "more" &lt;fast&gt;</title>'
        '<defs><clipPath id="trend--p1"><rect width="10" height="10"/></clipPath>'
        '<path id="trend--glyph-31" d="M 0 0 L 1 1 z"/></defs>'
        '<g id="trend--figure_1" clip-path="url(#trend--p1)"><use href="#trend--glyph-31"/>'
        '<use href="#elsewhere"/></g></svg>'
    )
