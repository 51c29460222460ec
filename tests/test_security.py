"""All input is untrusted: data, Markdown, template overrides and assets never run as code, and the
build never reads outside the project nor touches the network.

Real builds of hostile copies of the sample: what must print literally is looked for in the text
of the PDF (pdftotext); what must be refused is refused with a located problem, before anything is
rendered when it is written in a file; a loopback HTTP server records any request the build makes.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import re
import shutil
import subprocess
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from canary import PNG, Server, serve
from decade_report.charts.render import ChartImage, render_charts
from decade_report.compose.document import compose
from decade_report.errors import Location, Problem, ReportError
from decade_report.load.project import load_report
from decade_report.log import Log
from decade_report.pdf.render import render_pdf
from decade_report.pipeline import BuildResult, build, check
from decade_report.theme.tokens import load_theme
from decade_report.validate.report import validate
from decade_report.web.page import render_web
from projects import SAMPLE, append, copy_sample, english_only, line_of, override, place, replace


@pytest.fixture
def project(english_project: Path) -> Path:
    """The sample in English only, without its annual report (conftest.english_project): these
    tests are about one report, whose other languages would be built and checked for nothing."""
    return english_project


INJECTIONS = ("{{ 7*7 }}", "{% include '/etc/passwd' %}", "{{ ''.__class__ }}")
NETWORK_HINT = "download the file into the project's assets/ folder and refer to it there"
FILE_HINT = "copy the file into the project's assets/ folder and refer to it there"
ONLY_INSIDE = "the build reads only files inside the project"


# --- helpers --------------------------------------------------------------------------------


def refused(project: Path) -> list[Problem]:
    """The problems `check` (load and validate, nothing rendered) raises for the project."""
    with pytest.raises(ReportError) as caught:
        check(project)
    return list(caught.value.problems)


def pdf_text(pdf: Path) -> str:
    """The PDF's text, whitespace collapsed, hyphenation undone and quotes made straight, so
    that a string can be looked for however the layout broke or typeset it."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return normalise(text)


def normalise(text: str) -> str:
    text = re.sub(r"\u2010\s+", "", text.replace("\u00ad", ""))
    text = text.translate(str.maketrans("‘’“”", "''\"\""))
    return " ".join(text.split())


# --- data and Markdown never run as template code, raw HTML is text ---------------------------


@dataclass
class Hostile:
    project: Path
    result: BuildResult
    text: str
    page: str
    server: Server


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    """One build (screen and web) of the sample with template code in a YAML value, a CSV cell
    and a chapter, raw HTML in the chapter and a Markdown image in a data value."""
    recorder, httpd = serve()
    project = english_only(copy_sample(tmp_path_factory.mktemp("hostile") / "report"))
    yaml_value = "YAML " + " ".join(INJECTIONS)
    replace(
        project,
        "data/partners.yaml",
        "- name: United Nations Office for Outer Space Affairs",
        f'- name: "{yaml_value}"',
    )
    replace(
        project,
        "data/partners.yaml",
        '  text: "The Secretary-General’s message highlights',
        f'  text: "Data image ![x]({recorder.url("data.png")}) here. The Secretary-General’s '
        "message highlights",
    )
    csv_value = "CSV " + " ".join(INJECTIONS)
    replace(
        project,
        "data/events.csv",
        "2008-12-16,1st Meeting of the APSCO Council,",
        f'2008-12-16,"{csv_value}",',
    )
    append(
        project,
        "chapters/08-outlook.md",
        "Markdown {{ 7*7 }} and {% include '/etc/passwd' %} and {{ ''.__class__ }} end.\n\n"
        "<script>alert(1)</script>\n\n"
        f'<iframe src="{recorder.url("frame")}"></iframe>\n\n'
        f'<link rel=stylesheet href="{recorder.url("link.css")}">\n\n'
        '<img src="file:///etc/passwd">\n\n'
        f"<style>@import url({recorder.url('import.css')})</style>\n\n"
        f"A link is not fetched: [site]({recorder.url('link')}).",
    )
    out = project.parent / "build"
    result = build(project, out, Log(0), ("screen", "web"))
    page = (out / "web" / "index.html").read_text("utf-8")
    yield Hostile(project, result, pdf_text(out / "apsco-decade-report-screen.pdf"), page, recorder)
    httpd.shutdown()
    httpd.server_close()


def test_template_code_in_a_yaml_value_prints_literally(hostile: Hostile) -> None:
    assert "YAML {{ 7*7 }} {% include '/etc/passwd' %} {{ ''.__class__ }}" in hostile.text
    assert "root:" not in hostile.text
    assert "<class" not in hostile.text


def test_template_code_in_a_csv_cell_prints_literally(hostile: Hostile) -> None:
    assert "CSV {{ 7*7 }} {% include '/etc/passwd' %} {{ ''.__class__ }}" in hostile.text


def test_template_code_in_markdown_prints_literally(hostile: Hostile) -> None:
    # Markdown may make `__class__` bold (that is Markdown, not template code): the braces, the
    # expression and the include are printed as written, never evaluated.
    assert "Markdown {{ 7*7 }} and {% include '/etc/passwd' %} and {{ ''." in hostile.text
    assert re.search(r"\{\{ ''\.(__)?class(__)? \}\} end\.", hostile.text)
    assert "Markdown 49" not in hostile.text


def test_raw_html_in_markdown_prints_as_text(hostile: Hostile) -> None:
    url = hostile.server.url
    for written in (
        "<script>alert(1)</script>",
        f'<iframe src="{url("frame")}"></iframe>',
        f'<link rel=stylesheet href="{url("link.css")}">',
        '<img src="file:///etc/passwd">',
        f"<style>@import url({url('import.css')})</style>",
    ):
        assert written in hostile.text


def test_a_markdown_image_in_a_data_value_prints_literally(hostile: Hostile) -> None:
    assert f"Data image ![x]({hostile.server.url('data.png')}) here." in hostile.text


def test_the_hostile_build_made_no_request(hostile: Hostile) -> None:
    assert hostile.result.outputs
    assert hostile.server.requests == []


def test_the_web_edition_escapes_it_all_and_fetches_nothing(hostile: Hostile) -> None:
    page = hostile.page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in page
    assert not re.search(r"<(script|iframe|link[^>]*127\.0\.0\.1|img[^>]*file:)", page)
    assert not re.search(r"(src|srcset|data|poster)=\"(https?:|file:|//|/)", page)
    assert hostile.server.requests == []


# --- Markdown images: refused where they are written --------------------------------------------


@pytest.mark.parametrize(
    ("target", "reason", "hint"),
    [
        ("http://127.0.0.1:9/a.png", "on the network: the build never downloads anything", None),
        ("file:///etc/passwd", f"a file: URL: {ONLY_INSIDE}", FILE_HINT),
        ("../../../../etc/hostname", "outside the project", FILE_HINT),
        ("/etc/hostname", f"an absolute path: {ONLY_INSIDE}", None),
        ("//127.0.0.1:9/a.png", "on the network: the build never downloads anything", None),
    ],
)
def test_markdown_images_outside_the_project_are_refused_at_their_line(
    project: Path, target: str, reason: str, hint: str | None
) -> None:
    append(project, "chapters/08-outlook.md", f"A figure: ![x]({target}) here.")
    problems = refused(project)
    expected = place(project, "chapters/08-outlook.md", target)
    assert [(p.where, p.message) for p in problems] == [
        (expected, f"Markdown image refers to '{target}', {reason}")
    ]
    if hint:
        assert problems[0].hint == hint


def test_markdown_images_in_footnotes_tables_and_the_message_are_refused(project: Path) -> None:
    append(project, "chapters/08-outlook.md", "| a | b |\n|---|---|\n| ![t](file:///etc/a) | 1 |")
    append(project, "chapters/02-a-decade-in-time.md", "Note.[^x]\n\n[^x]: ![n](/etc/b)")
    append(project, "message.md", "![m](http://127.0.0.1:9/c.png)")
    problems = refused(project)
    assert [p.where for p in problems] == [
        place(project, "chapters/02-a-decade-in-time.md", "/etc/b"),
        place(project, "chapters/08-outlook.md", "file:///etc/a"),
        place(project, "message.md", "http://127.0.0.1:9/c.png"),
    ]


def test_a_markdown_image_on_the_network_fails_the_build_before_any_request(
    project: Path, server: Server, tmp_path: Path
) -> None:
    append(project, "chapters/08-outlook.md", f"![x]({server.url('a.png')})")
    with pytest.raises(ReportError) as caught:
        build(project, tmp_path / "out", Log(0), ("screen",))
    assert [str(p.where) for p in caught.value.problems] == [
        str(place(project, "chapters/08-outlook.md", server.url("a.png")))
    ]
    assert server.requests == []
    assert not (tmp_path / "out" / "apsco-decade-report-screen.pdf").exists()


@pytest.mark.slow
def test_a_markdown_image_inside_the_project_is_used_and_copied_to_the_web(
    project: Path, tmp_path: Path
) -> None:
    (project / "assets").mkdir()
    (project / "assets" / "dot.png").write_bytes(PNG)
    append(project, "chapters/08-outlook.md", "![A dot](assets/dot.png)")
    result = build(project, tmp_path / "out", Log(0), ("web",))
    web = {output.path: output for output in result.outputs}
    name = f"assets/{hashlib.sha256(PNG).hexdigest()[:20]}.png"  # the build chooses the name
    assert (tmp_path / "out" / "web" / name).read_bytes() == PNG
    assert f"web/{name}" in web
    assert f'<img src="{name}" alt="A dot"' in (tmp_path / "out/web/index.html").read_text()


# --- template overrides -------------------------------------------------------------------------


def test_template_css_on_the_network_is_refused_naming_the_file_and_url(
    project: Path, server: Server, tmp_path: Path
) -> None:
    background, imported, quoted = server.url("bg.png"), server.url("a.css"), server.url("b.css")
    css = override(
        project,
        "report.css",
        lambda text: (
            f'@import url({imported});\n@import "{quoted}";\n'
            + text
            + f'\n.cover {{ background: url("{background}"); }}\n'
        ),
    )
    with pytest.raises(ReportError) as caught:
        build(project, tmp_path / "out", Log(0), ("screen",))
    assert [(p.where, p.message) for p in caught.value.problems] == [
        (
            place(project, css, imported),
            f"@import refers to '{imported}', on the network: the build never downloads anything",
        ),
        (
            place(project, css, quoted),
            f"@import refers to '{quoted}', on the network: the build never downloads anything",
        ),
        (
            place(project, css, background),
            f"url() refers to '{background}', on the network: the build never downloads anything",
        ),
    ]
    assert caught.value.problems[0].hint == NETWORK_HINT
    assert server.requests == []


def test_template_html_fetching_outside_the_project_is_refused(project: Path) -> None:
    layout = override(
        project,
        "layouts/partners.html",
        lambda text: text.replace(
            '<section class="partner-list">',
            '<section class="partner-list">\n<img src="file:///etc/passwd" alt="">\n'
            '<link rel="stylesheet" href="../../../etc/x.css">\n'
            '<a href="https://www.unoosa.org">links are fine</a>',
        ),
    )
    problems = refused(project)
    assert [(p.where, p.message) for p in problems] == [
        (
            place(project, layout, "file:///etc/passwd"),
            f"<img src> refers to 'file:///etc/passwd', a file: URL: {ONLY_INSIDE}",
        ),
        (
            place(project, layout, "../../../etc/x.css"),
            "<link href> refers to '../../../etc/x.css', outside the project",
        ),
    ]


@pytest.mark.slow
def test_a_url_made_by_template_code_is_refused_by_the_renderer(
    project: Path, server: Server, tmp_path: Path
) -> None:
    """The last line of defence: a URL that only exists once the template has run."""
    replace(project, "report.toml", 'website = "www.apsco.int"', f'website = "{server.url("")}"')
    css = override(
        project,
        "report.css",
        lambda text: text + '\n.cover { background: url("{{ config.contact.website }}bg.png"); }\n',
    )
    assert css == "templates/report.css"
    with pytest.raises(ReportError) as caught:
        build(project, tmp_path / "out", Log(0), ("screen",))
    assert [(p.where, p.message) for p in caught.value.problems] == [
        (
            place(project, "report.toml", f"http://127.0.0.1:{server.port}"),
            f"refused to load '{server.url('bg.png')}': the renderer reads only files inside "
            "the project",
        )
    ]
    assert server.requests == []


@pytest.fixture(scope="module")
def sample_charts(chart_cache: Path) -> dict[str, ChartImage]:
    report = validate(load_report(SAMPLE))
    theme = load_theme(report.root, report.config.theme)
    return render_charts(report, theme, chart_cache)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "{{ report.root.joinpath('../../etc/passwd').read_text() }}",
            "template error: access to attribute 'joinpath' of 'PosixPath' object is unsafe.",
        ),
        (
            "{% include '/etc/passwd' %}",
            "template error: '/etc/passwd' is not a template of the project or the theme",
        ),
        (
            "{% include '../../../../etc/passwd' %}",
            "template error: '../../../../etc/passwd' is not a template of the project or the "
            "theme",
        ),
        (
            "{{ ''.__class__.__mro__[1].__subclasses__() }}",
            "template error: access to attribute '__class__' of 'str' object is unsafe.",
        ),
        (
            "{{ config.parse_file('/etc/passwd') }}",
            "template error: <bound method BaseModel.parse_file of <class "
            "'decade_report.model.config.ReportConfig'>> is not safely callable",
        ),
        ("{{ 'x' * 10**8 }}", "template error: a repetition longer than 100,000 is refused"),
    ],
)
def test_template_overrides_run_in_the_sandbox(
    project: Path, sample_charts: dict[str, ChartImage], code: str, message: str
) -> None:
    layout = override(
        project,
        "layouts/partners.html",
        lambda text: text.replace("</section>", code + "\n</section>"),
    )
    report = validate(load_report(project))
    theme = load_theme(report.root, report.config.theme)
    with pytest.raises(ReportError) as caught:
        compose(report, sample_charts, theme, "screen")
    [problem] = caught.value.problems
    assert problem.message == message
    assert problem.where == Location(layout, line_of(project, layout, code))


# --- SVG assets ---------------------------------------------------------------------------------

SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
SVG_HEAD += ' width="40" height="40" viewBox="0 0 40 40">'


def with_logo(project: Path, svg: str) -> str:
    (project / "assets").mkdir(exist_ok=True)
    (project / "assets" / "logo.svg").write_text(svg, "utf-8")
    replace(
        project,
        "report.toml",
        'slug = "apsco-decade-report"',
        'slug = "apsco-decade-report"\nlogo = "assets/logo.svg"',
    )
    return "assets/logo.svg"


def test_an_svg_image_on_the_network_is_refused(project: Path, server: Server) -> None:
    url = server.url("x.png")
    logo = with_logo(project, f'{SVG_HEAD}\n  <image href="{url}" width="40" height="40"/>\n</svg>')
    [problem] = refused(project)
    assert problem.where == Location(logo, 2, 3)
    assert problem.message == (
        f"SVG <image href> refers to '{url}', on the network: the build never downloads anything"
    )
    assert server.requests == []


def test_an_svg_image_reading_a_file_is_refused(project: Path) -> None:
    logo = with_logo(
        project,
        f'{SVG_HEAD}\n<g>\n  <image xlink:href="file:///etc/passwd" width="4" height="4"/>\n'
        '</g>\n<style>\n  rect { fill: url("/etc/hostname#x") }\n</style>\n</svg>',
    )
    assert [(p.where, p.message) for p in refused(project)] == [
        (
            Location(logo, 3, 3),
            f"SVG <image xlink:href> refers to 'file:///etc/passwd', a file: URL: {ONLY_INSIDE}",
        ),
        (
            place(project, logo, "/etc/hostname#x"),
            f"SVG <style> url() refers to '/etc/hostname#x', an absolute path: {ONLY_INSIDE}",
        ),
    ]


XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE svg [\n  <!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n'
    + SVG_HEAD
    + "<text>&x;</text></svg>"
)
LAUGHS = "".join(
    f'  <!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "lol"}">\n' for i in range(10)
)
BOMB = f'<?xml version="1.0"?>\n<!DOCTYPE svg [\n{LAUGHS}]>\n{SVG_HEAD}<text>&lol9;</text></svg>'


@pytest.mark.parametrize(
    ("svg", "line", "message"),
    [
        (XXE, 3, "SVG declares the external XML entity 'x' (file:///etc/passwd): refused"),
        (BOMB, 4, "SVG declares the XML entity 'lol1' built to expand (an entity bomb): refused"),
    ],
)
def test_xml_entities_in_an_svg_are_refused_quickly(
    project: Path, tmp_path: Path, svg: str, line: int, message: str
) -> None:
    logo = with_logo(project, svg)
    started = time.monotonic()
    with pytest.raises(ReportError) as caught:
        build(project, tmp_path / "out", Log(0), ("screen",))
    assert time.monotonic() - started < 10
    assert [(p.where.path, p.where.line, p.message) for p in caught.value.problems] == [
        (logo, line, message)
    ]
    assert "root:" not in str(caught.value)
    assert not (tmp_path / "out" / "apsco-decade-report-screen.pdf").exists()


def test_the_renderer_refuses_what_an_svg_made_at_render_time_fetches(
    sample: Path, server: Server, tmp_path: Path
) -> None:
    """The last line of defence, below the checks of the project's files: an SVG that only exists
    in the HTML (a data: URL) is drawn, but its external image is refused, and an SVG the parser
    rejects fails the build instead of leaving a hole."""
    theme = load_theme(sample, {})

    def data_url(svg: str) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()

    outside = f'{SVG_HEAD}<image href="{server.url("deep.png")}" width="4" height="4"/></svg>'
    html = f'<html><body><p>x</p><img src="{data_url(outside)}" alt="x"></body></html>'
    with pytest.raises(ReportError) as caught:
        render_pdf(html, theme, [sample], tagged=False, metadata={"identifier": b"0" * 32})
    assert [p.message for p in caught.value.problems] == [
        f"refused to load '{server.url('deep.png')}': the renderer reads only files inside the "
        "project"
    ]
    html = f'<html><body><img src="{data_url(XXE)}" alt="x"></body></html>'
    with pytest.raises(ReportError) as caught:
        render_pdf(html, theme, [sample], tagged=False, metadata={"identifier": b"0" * 32})
    [problem] = caught.value.problems
    assert problem.message.startswith("the renderer could not use it: Failed to load image at")
    assert "root:" not in problem.message
    assert len(problem.message) < 400
    assert server.requests == []


def xlsx_with(project: Path, relative: str, sheet: Callable[[bytes], bytes]) -> str:
    """A spreadsheet whose first sheet's XML is changed by `sheet`."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["name", "value"])
    book.active.append(["PLAIN", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    changed = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(changed, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, sheet(data) if item.filename.endswith("sheet1.xml") else data)
    (project / relative).write_bytes(changed.getvalue())
    return relative


@pytest.mark.parametrize("kind", ["external entity", "entity bomb"])
def test_xml_entities_in_a_spreadsheet_are_refused_quickly(
    project: Path, outside: Path, kind: str
) -> None:
    secret = outside / "secret.txt"
    secret.write_text("root:SECRET-OUTSIDE\n", "utf-8")
    if kind == "external entity":
        doctype = f'<!DOCTYPE w [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        reference = "&x;"
    else:
        doctype = f"<!DOCTYPE w [\n{LAUGHS}]>"
        reference = "&lol9;"
    relative = xlsx_with(
        project,
        "data/hostile.xlsx",
        lambda xml: (
            f'<?xml version="1.0"?>{doctype}'.encode()
            + xml.replace(b"<t>PLAIN</t>", f"<t>{reference}</t>".encode())
        ),
    )
    started = time.monotonic()
    problems = refused(project)
    assert time.monotonic() - started < 10
    assert [p.where.path for p in problems] == [relative]
    assert "SECRET-OUTSIDE" not in str(problems[0])


def test_yaml_tags_construct_no_objects(project: Path, outside: Path) -> None:
    marker = outside / "made-by-yaml"
    replace(
        project,
        "data/partners.yaml",
        "  short: UNOOSA",
        f'  short: !!python/object/apply:os.system ["touch {marker}"]',
    )
    with contextlib.suppress(ReportError):
        check(project)
    assert not marker.exists()


# --- symbolic links -----------------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def link(project: Path, relative: str, target: Path) -> str:
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    path.symlink_to(target)
    return relative


def link_problem(relative: str, target: Path) -> tuple[Location, str]:
    return (
        Location(relative),
        f"'{relative}' is a symbolic link to '{target.resolve()}', outside the project: refused",
    )


def test_a_data_file_linked_out_of_the_project_is_refused_unread(
    project: Path, outside: Path
) -> None:
    secret = outside / "partners.yaml"
    secret.write_text("- name: SECRET-OUTSIDE\n  kind: x\n", "utf-8")
    relative = link(project, "data/partners.yaml", secret)
    problems = refused(project)
    assert link_problem(relative, secret) in [(p.where, p.message) for p in problems]
    assert problems[0].hint == "copy what it points at into the project instead of linking to it"
    assert "SECRET-OUTSIDE" not in "\n".join(str(p) for p in problems)


def test_a_chapter_linked_to_a_system_file_is_refused(project: Path) -> None:
    relative = link(project, "chapters/10-hostname.md", Path("/etc/hostname"))
    assert [(p.where, p.message) for p in refused(project)] == [
        link_problem(relative, Path("/etc/hostname"))
    ]


def test_an_asset_and_a_template_folder_linked_out_are_refused(
    project: Path, outside: Path
) -> None:
    (outside / "logo.svg").write_text(f"{SVG_HEAD}</svg>", "utf-8")
    (outside / "templates").mkdir()
    logo = with_logo(project, f"{SVG_HEAD}</svg>")
    link(project, logo, outside / "logo.svg")
    folder = link(project, "templates", outside / "templates")
    problems = [(p.where, p.message) for p in refused(project)]
    assert link_problem(logo, outside / "logo.svg") in problems
    assert link_problem(folder, outside / "templates") in problems


def test_a_loop_of_links_is_refused(project: Path) -> None:
    (project / "data" / "a.yaml").symlink_to("b.yaml")
    (project / "data" / "b.yaml").symlink_to("a.yaml")
    assert [(p.where, p.message) for p in refused(project)] == [
        (
            Location(f"data/{name}.yaml"),
            f"'data/{name}.yaml' is a symbolic link that leads back to itself: refused",
        )
        for name in ("a", "b")
    ]


def test_a_link_inside_the_project_is_fine(project: Path) -> None:
    (project / "assets").mkdir()
    (project / "assets" / "real.svg").write_text(f"{SVG_HEAD}</svg>", "utf-8")
    with_logo(project, "")
    link(project, "assets/logo.svg", project / "assets" / "real.svg")
    assert check(project).config.logo == "assets/logo.svg"


def test_the_renderer_names_an_asset_linked_out_of_the_project(
    sample: Path, outside: Path, tmp_path: Path
) -> None:
    """The fetcher's own check, for a link the loader did not see (made after loading)."""
    root = copy_sample(tmp_path / "report")
    (outside / "dot.png").write_bytes(PNG)
    link(root, "assets/dot.png", outside / "dot.png")
    theme = load_theme(sample, {})
    html = '<html><body><img src="assets/dot.png" alt="dot"></body></html>'
    with pytest.raises(ReportError) as caught:
        render_pdf(html, theme, [root], tagged=False, metadata={"identifier": b"0" * 32})
    assert [p.message for p in caught.value.problems] == [
        f"refused to load '{(root / 'assets' / 'dot.png').as_uri()}': it is a symbolic link to a "
        "file outside the project"
    ]


# --- everything at once, against a live server --------------------------------------------------


def test_a_build_referring_to_a_live_server_makes_no_request(
    project: Path, server: Server, tmp_path: Path
) -> None:
    append(project, "chapters/08-outlook.md", f"![x]({server.url('md.png')})")
    override(
        project,
        "report.css",
        lambda text: (
            f"@import url({server.url('import.css')});\n{text}\n"
            f".cover {{ background: url({server.url('css.png')}); }}\n"
        ),
    )
    with_logo(project, f'{SVG_HEAD}<image href="{server.url("svg.png")}" width="4"/></svg>')
    started = time.monotonic()
    with pytest.raises(ReportError) as caught:
        build(project, tmp_path / "out", Log(0), ("screen", "web"))
    assert time.monotonic() - started < 30
    assert sorted(p.where.path for p in caught.value.problems) == [
        "assets/logo.svg",
        "chapters/08-outlook.md",
        "templates/report.css",
        "templates/report.css",
    ]
    assert server.requests == []


def test_the_web_edition_refuses_a_reference_made_by_template_code(
    project: Path, server: Server, sample_charts: dict[str, ChartImage], font_cache: Path
) -> None:
    replace(project, "report.toml", 'website = "www.apsco.int"', f'website = "{server.url("")}"')
    override(
        project,
        "web/back_cover.html",
        lambda text: text.replace(
            '<div class="footer-inner">',
            '<div class="footer-inner"><img src="{{ config.contact.website }}w.png" alt="">',
        ),
    )
    report = validate(load_report(project))
    theme = load_theme(report.root, report.config.theme)
    with pytest.raises(ReportError) as caught:
        render_web(report, sample_charts, theme, font_cache)
    assert [(p.where, p.message) for p in caught.value.problems] == [
        (
            place(project, "report.toml", f"http://127.0.0.1:{server.port}"),
            f"the web edition refers to '{server.url('w.png')}', which is not one of its files: "
            "a browser would fetch it from the network",
        )
    ]
    assert server.requests == []


def test_the_web_edition_runs_no_code_from_a_template_override(
    project: Path, sample_charts: dict[str, ChartImage], font_cache: Path
) -> None:
    template = override(
        project,
        "web/back_cover.html",
        lambda text: text.replace(
            '<div class="footer-inner">',
            '<div class="footer-inner">\n<script>alert(1)</script>\n'
            '<p onclick="alert(2)">x</p><a href="javascript:alert(3)">y</a>',
        ),
    )
    report = validate(load_report(project))
    theme = load_theme(report.root, report.config.theme)
    with pytest.raises(ReportError) as caught:
        render_web(report, sample_charts, theme, font_cache)
    assert [(p.where, p.message) for p in caught.value.problems] == [
        (place(project, template, "<script"), "the web edition would run code: a <script> element"),
        (
            place(project, template, "onclick="),
            "the web edition would run code: an event handler (onclick=…)",
        ),
        (
            place(project, template, "javascript:alert(3)"),
            'the web edition would run code: a script URL (href="javascript:alert(3)")',
        ),
    ]
