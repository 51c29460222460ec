"""Composition: tokens reach the CSS, data is escaped, figures are numbered per chapter."""

from __future__ import annotations

import re
from pathlib import Path

from decade_report.charts.render import planned_charts
from decade_report.compose.document import compose
from decade_report.load.project import load_report
from decade_report.theme.tokens import load_theme
from decade_report.validate.report import validate


def composed_html(project: Path, cache: Path, overrides: dict[str, object] | None = None) -> str:
    """The screen edition's HTML. Its charts are planned, not drawn: composition reads only their
    paths (a hash of the data and the theme) and alt texts, which planning gives as drawing does."""
    report = validate(load_report(project))
    theme = load_theme(report.root, {**report.config.theme, **(overrides or {})})
    return compose(report, planned_charts(report, theme, cache), theme, "screen").html


def test_brand_colour_reaches_the_css(sample: Path, chart_cache: Path) -> None:
    html = composed_html(sample, chart_cache, {"brand": "#aa1133"})
    assert "--brand: #aa1133;" in html
    assert "--chart-1: #aa1133;" in html
    assert "#aa1133" not in composed_html(sample, chart_cache)


def test_template_syntax_in_data_is_printed_literally(
    project: Path, edit, chart_cache: Path
) -> None:
    edit(
        "data/partners.yaml",
        "- name: United Nations Office for Outer Space Affairs",
        '- name: "{{ 7*7 }} <script>x</script>"',
    )
    html = composed_html(project, chart_cache)
    assert "{{ 7*7 }} &lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>" not in html


def test_figures_are_numbered_per_chapter(sample: Path, chart_cache: Path) -> None:
    html = composed_html(sample, chart_cache)
    numbers = re.findall(r'<figure class="chart" id="figure-(\d+)-(\d+)"', html)
    assert numbers
    by_chapter: dict[str, list[int]] = {}
    for chapter, index in numbers:
        by_chapter.setdefault(chapter, []).append(int(index))
    for indexes in by_chapter.values():
        assert indexes == list(range(1, len(indexes) + 1))


def test_headings_of_layout_templates_are_in_the_contents(sample: Path, chart_cache: Path) -> None:
    html = composed_html(sample, chart_cache)
    contents = html[html.index('<nav class="contents') : html.index("</nav>")]
    for ident, title in [
        ("chapter-4-catalogue", "Programme catalogue"),
        ("chapter-9-abbreviations", "Abbreviations"),
        ("chapter-4-sharing-data", "Sharing data"),
    ]:
        assert f'<a href="#{ident}">{title}</a>' in contents
        assert f'<h2 id="{ident}">' in html
    # state names are headings without an id: profiles stay out of the contents
    assert "Bangladesh</a>" not in contents


def test_a_project_template_overrides_the_default(project: Path, chart_cache: Path) -> None:
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / "back_cover.html").write_text(
        '<section class="back-cover" id="back-cover"><p>Printed by {{ config.organisation }}</p>'
        "</section>\n",
        "utf-8",
    )
    html = composed_html(project, chart_cache)
    assert "<p>Printed by Asia-Pacific Space Cooperation Organization</p>" in html
    assert '<p class="back-org">' not in html
    assert '<nav class="contents' in html  # the other templates are still the default ones


def test_logo_and_portrait_come_from_the_project(project: Path, edit, chart_cache: Path) -> None:
    (project / "assets").mkdir()
    (project / "assets" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" '
        'height="10" fill="#fff"/></svg>',
        "utf-8",
    )
    (project / "assets" / "portrait.svg").write_bytes(
        (project / "assets" / "logo.svg").read_bytes()
    )
    edit(
        "report.toml",
        'organisation_short = "APSCO"',
        'organisation_short = "APSCO"\nlogo = "assets/logo.svg"',
    )
    edit("message.md", "author:", "portrait: assets/portrait.svg\nauthor:")
    html = composed_html(project, chart_cache)
    logo = (project / "assets" / "logo.svg").resolve().as_uri()
    portrait = (project / "assets" / "portrait.svg").resolve().as_uri()
    alt = "Asia-Pacific Space Cooperation Organization logo"
    assert f'<img class="cover-logo-image" src="{logo}" alt="{alt}">' in html
    assert (
        f'<img class="message-portrait" src="{portrait}" alt="Portrait of Dr. Li Xinjun">' in html
    )
    assert "logo placeholder" not in html
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) >= 3  # cover, back cover, portrait
    assert all(re.search(r'alt="[^"]+"', image) for image in images), images


def test_callouts_and_pull_quotes(sample: Path, chart_cache: Path) -> None:
    html = composed_html(sample, chart_cache)
    assert (
        '<aside class="callout"><p class="callout-title">The six Cooperative Networks</p>' in html
    )
    assert '<aside class="pullquote">' in html
    assert ":::" not in html


def test_years_in_tables_have_no_thousands_separator(sample: Path, chart_cache: Path) -> None:
    html = composed_html(sample, chart_cache)
    assert "<td>2005</td>" in html  # the "joined" column of the member states
    assert not re.search(r">2,0\d\d<", html)


def imprint(html: str) -> str:
    return re.sub(
        r"\s+",
        " ",
        re.sub(r"<[^>]+>", " ", html.split('class="imprint', 1)[1].split("</section>")[0]),
    )


def nothing_illustrative(data: Path) -> None:
    import openpyxl

    for path in data.iterdir():
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            sheet = book.active
            column = [c.value for c in sheet[1]].index("illustrative") + 1
            for row in range(2, sheet.max_row + 1):
                sheet.cell(row, column).value = False
            book.save(path)
        else:
            text = path.read_text("utf-8").replace("illustrative: true", "illustrative: false")
            path.write_text(re.sub(r",true$", ",false", text, flags=re.M), "utf-8")


def test_the_imprint_says_what_the_project_says_once(
    project: Path, edit, chart_cache: Path
) -> None:
    """One ©, the project's own typefaces, and no note about illustrative figures when no
    figure is illustrative."""
    edit("report.toml", 'rights = "All rights reserved.', 'rights = "© 2019 All rights reserved.')
    nothing_illustrative(project / "data")
    html = imprint(
        composed_html(
            project, chart_cache, {"font_heading": "Noto Serif", "font_figures": "Noto Serif"}
        )
    )
    assert html.count("©") == 1 and "© 2019 All rights reserved." in html
    assert "Set in Noto Serif." in html
    assert "About the figures" not in html


def test_annex_data_tables_follow_the_figures(project: Path, chart_cache: Path) -> None:
    """Annex tables A.1, A.2 … are the data of Figure 1.1, 1.2 … in reading order, whatever the
    order of charts.yaml."""
    charts = (project / "charts.yaml").read_text("utf-8")
    entries = charts.split("\n- id:")
    (project / "charts.yaml").write_text(
        "\n- id:".join([entries[0], *reversed(entries[1:])]).rstrip() + "\n", "utf-8"
    )
    html = composed_html(project, chart_cache)
    annex = html.split('class="annex-data"', 1)[1].split("</section>")[0]
    referenced = re.findall(r"Data for Figure (\d+)\.(\d+)", annex)
    assert referenced
    assert referenced == sorted(referenced, key=lambda n: (int(n[0]), int(n[1])))
