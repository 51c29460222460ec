"""The registry of chapter layouts (compose.layouts.LAYOUTS) is the only description of them:
the theme has a template for each layout that adds something and none for a layout it does not
know, and every dataset a layout needs is one a project can hold."""

from __future__ import annotations

from pathlib import Path

from decade_report.compose.layouts import LAYOUTS

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
SAMPLE = ROOT / "report"


def test_the_theme_has_a_template_for_each_layout_and_no_other() -> None:
    registered = {layout.template for layout in LAYOUTS.values() if layout.template}
    on_disk = {f"layouts/{p.name}" for p in (TEMPLATES / "layouts").glob("*.html")}
    assert registered == on_disk
    web = {f"layouts/{p.name}" for p in (TEMPLATES / "web" / "layouts").glob("*.html")}
    assert web <= registered  # the web edition only overrides layouts that exist


def test_every_needed_dataset_is_one_the_sample_has() -> None:
    """The sample uses every layout, so each dataset a layout needs is one of its data files."""
    data = {p.stem for p in (SAMPLE / "data").iterdir()}
    needs = {layout.needs for layout in LAYOUTS.values() if layout.needs}
    assert needs <= data, needs - data


def test_the_sample_uses_every_layout() -> None:
    used = {
        line.split(":", 1)[1].strip()
        for chapter in (SAMPLE / "chapters").glob("*.md")
        for line in chapter.read_text("utf-8").split("---")[1].splitlines()
        if line.startswith("layout:")
    }
    assert used | {"narrative"} == set(LAYOUTS)


def test_the_last_entries_of_a_list_of_figures_go_over_together() -> None:
    """A list of figures whose last entry would fall alone on the page before the list of tables
    (a stray page the lint refused in a 256-page report): its last four entries go over
    together, with the theme's rule, and a control without the rule leaves one alone."""
    import pypdfium2
    from weasyprint import HTML

    css = (Path(__file__).resolve().parents[2] / "templates" / "report.css").read_text("utf-8")
    rules = "\n".join(line for line in css.splitlines() if line.startswith(".list-of li"))
    assert "break-before: avoid" in rules
    items = "".join(f"<li>Figure {n}</li>" for n in range(1, 11))
    pages = {}
    for name, style in (("theme", rules), ("control", "")):
        # room for nine entries of 8.6pt × 1.8 under the block, not ten
        pdf = HTML(
            string="<style>@page { size: 100mm 100mm; margin: 0 } body { margin: 0 }"
            " ol { list-style: none; margin: 0; padding: 0 } li { font: 8.6pt/1.8 sans-serif }"
            f" .block {{ height: calc(100mm - 9 * 8.6pt * 1.8 - 1pt) }} {style}</style>"
            f"<div class='block'></div><ol class='list-of'>{items}</ol>"
        ).write_pdf()
        document = pypdfium2.PdfDocument(pdf)
        pages[name] = [
            document[i].get_textpage().get_text_range().split() for i in range(len(document))
        ]
    assert pages["control"][-1] == ["Figure", "10"]
    assert pages["theme"][-1] == [w for n in range(7, 11) for w in ("Figure", str(n))]


def test_the_training_table_names_programmes_not_their_ids(english_project: Path) -> None:
    """trainings.xlsx names a programme by its id; a reader sees its short name."""
    from decade_report.checking import composed

    html = composed(english_project)[2].html
    table = html[html.index('class="training-list"') :]
    table = table[: table.index("</table>")]
    assert "<td>MASTA</td>" in table and "<td>SAPP</td>" in table
    assert "<td>masta</td>" not in table and "<td>applications-pilot</td>" not in table


def test_years_and_counts_in_profiles_and_tables_are_in_the_language_s_digits(
    tmp_path: Path,
) -> None:
    """The Persian edition prints a member state's year of joining and the training table's
    years and counts in Persian digits, as its dates and figures elsewhere ("2005" was Latin)."""
    from decade_report.charts.render import planned_charts
    from decade_report.checking import loaded_languages
    from decade_report.compose.document import compose

    (_, *translations), theme = loaded_languages(SAMPLE)
    [persian] = [t for t in translations if t.config.language == "fa"]
    html = compose(persian, planned_charts(persian, theme, tmp_path), theme, "screen").html
    assert "<dd>۲۰۰۵" in html and "<dd>2005" not in html
    table = html[html.index('class="training-list"') :]
    table = table[: table.index("</table>")]
    assert "<td>۲۰۰۹</td>" in table and "<td>2009</td>" not in table
