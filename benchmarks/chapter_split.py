"""Chapter-level layout measured (issue 14): what laying out each chapter as a document of its
own would buy, and how far the merged PDF is from one pass.

docs/architecture.md ("Chapter-level layout: not done, and why") says which features of the
theme keep a split layout from being equivalent to one pass; this measures the alternative on
the same composed screen HTML, with plain WeasyPrint and default options, as the floor is:

* one pass: `HTML(...).render()` and `write_pdf()`, in this process (after a warm-up, so that
  imports and font loading are not counted);
* split, on every core: the front matter (the body's parts before the first chapter: cover,
  message, contents), each chapter, and the back matter as separate documents, laid out and
  written by a pool of processes; the wall time from starting the pool (the workers' imports
  and fonts included, as a build would pay them) to the last document written;
* an edit: the first chapter and the front matter (whose contents would carry the new page
  numbers) laid out again one after the other, in this warm process;
* merged: the separate documents laid out again, each told from the page counts of the
  parallel layout what one pass counts before it (page number, footnote number, the side its
  first page is on), and their pages written as one PDF in this process (`copy(pages)`),
  compared with the one pass (pypdf's text of each page): the page counts, and the pages
  whose text differs; then again after the documents with the contents or a list of figures
  were laid out a third time with their links' page numbers written in as text.

    .venv/bin/python benchmarks/chapter_split.py PAGE.html BASE_URL FONTS_CONF

prints one JSON object; bench.py runs it in a child process of its own (FONTCONFIG_FILE must be
set before WeasyPrint is first imported) and shows it as rows of its table.
"""

from __future__ import annotations

import html
import io
import json
import multiprocessing
import os
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from decade_report.pdf.page_labels import printed_folios  # noqa: E402
from decade_report.preview.parts import cut  # noqa: E402


def starts(
    parts: list[str], laid_out: list[tuple[int, float]], first_chapter: int
) -> list[tuple[int, int, bool]]:
    """Where each document from the first chapter on begins in one pass: its first page number
    (the body is numbered from 1), the footnotes before it, and whether its first page is a
    right-hand one (the cover is; sides alternate from there)."""
    found = []
    index = sum(count for count, _ in laid_out[:first_chapter])
    page, footnotes = 1, 0
    for part, (count, _) in zip(parts[first_chapter:], laid_out[first_chapter:], strict=True):
        found.append((page, footnotes, index % 2 == 0))
        index, page = index + count, page + count
        footnotes += part.count('class="footnote"')
    return found


def numbered_on(part: str, page: int, footnotes: int, right: bool) -> str:
    """A document laid out alone, told what one pass would have counted before it: its page
    number, its footnotes' numbers, and the side of its first page (WeasyPrint reads the root's
    `break-before` for that, without adding a page). The first chapter numbers itself from 1."""
    side = "right" if right else "left"
    rules = f"html {{ counter-reset: footnote {footnotes}; break-before: {side} }}"
    if page != 1:
        rules += f" @page :first {{ counter-set: page {page} }}"
    return part.replace("</head>", f"<style>{rules}</style></head>", 1)


PAGE_AS_TEXT = (
    "<style>.toc a::after, .list-of a::after, .toc-front a::after "
    '{ content: leader(dotted) " " attr(data-page) }</style>'
)
"""The contents and lists with each link's page number given as text (`data-page`), where the
theme asks WeasyPrint for `target-counter(attr(href), page)`, which a document laid out alone
cannot resolve for a target in another document."""


LISTS = re.compile(r'class="(toc|list-of)"')
"""A document with the contents or a list of figures or tables (the annex is a chapter)."""


def page_numbers(documents: list, first_chapter: int) -> dict[str, str]:
    """The number printed on the page of each anchor of the laid-out documents (the build's
    folios: the front matter's in lower-case roman from the cover, the body's from 1)."""
    numbers: dict[str, str] = {}
    front = sum(len(document.pages) for document in documents[:first_chapter])
    pages = [page for document in documents for page in document.pages]
    for page, folio in zip(pages, printed_folios(len(pages), front), strict=True):
        for anchor in page.anchors:
            numbers.setdefault(anchor, folio)
    return numbers


def with_page_numbers(part: str, numbers: dict[str, str]) -> str:
    """`part` with every in-document link carrying its target's page number as text."""
    linked = re.sub(
        r'<a href="#([^"]+)"',
        lambda link: f'{link[0]} data-page="{numbers.get(html.unescape(link[1]), "")}"',
        part,
    )
    return linked.replace("</head>", PAGE_AS_TEXT + "</head>", 1)


def documents(page_html: str) -> tuple[list[str], int]:
    """The page as separate documents (front matter, each chapter, back matter), each with the
    whole head; and the index of the first chapter's document."""
    page = cut(page_html)
    if page is None:
        raise SystemExit("the composed page could not be cut into its parts")
    closing = page.tail.split("\x00")[-1]
    front, chapters, back = [], [], []
    for part in page.parts:
        if part.chapter:
            chapters.append(part.html)
        elif chapters:
            back.append(part.html)
        else:
            front.append(part.html)
    groups = [front] + [[chapter] for chapter in chapters] + ([back] if back else [])
    return [page.head + "\n".join(group) + closing for group in groups], 1


def start_worker(fonts: str) -> None:
    os.environ["FONTCONFIG_FILE"] = fonts
    import weasyprint  # noqa: F401  (imported once per worker, before its first document)


def lay_out(job: tuple[str, str]) -> tuple[int, float]:
    """Pages of one document laid out and written, and the seconds it took."""
    from weasyprint import HTML

    html, base = job
    start = time.perf_counter()
    document = HTML(string=html, base_url=base).render()
    document.write_pdf(io.BytesIO())
    return len(document.pages), time.perf_counter() - start


def texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def compared(one: list[str], other: list[str]) -> list[int]:
    """The pages (from 1) whose text differs, as far as both go."""
    return [index + 1 for index, (a, b) in enumerate(zip(one, other, strict=False)) if a != b]


def main(argv: list[str]) -> int:
    page_file, base, fonts = argv
    os.environ["FONTCONFIG_FILE"] = fonts
    page_html = Path(page_file).read_text("utf-8")
    parts, first_chapter = documents(page_html)
    cores = os.cpu_count() or 1

    start = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with context.Pool(cores, initializer=start_worker, initargs=(fonts,)) as pool:
        laid_out = pool.map(lay_out, [(part, base) for part in parts], chunksize=1)
    split_seconds = time.perf_counter() - start

    from weasyprint import HTML

    HTML(string=parts[first_chapter], base_url=base).render()  # warm: imports and fonts
    start = time.perf_counter()
    whole = HTML(string=page_html, base_url=base).render()
    one_pass_pdf = whole.write_pdf()
    one_pass_seconds = time.perf_counter() - start

    start = time.perf_counter()
    for index in (first_chapter, 0):
        HTML(string=parts[index], base_url=base).render().write_pdf(io.BytesIO())
    edit_seconds = time.perf_counter() - start

    numbered = parts[:first_chapter] + [
        numbered_on(part, *where)
        for part, where in zip(
            parts[first_chapter:], starts(parts, laid_out, first_chapter), strict=True
        )
    ]
    rendered = [HTML(string=part, base_url=base).render() for part in numbered]
    pages = [page for document in rendered for page in document.pages]
    merged_pdf = rendered[0].copy(pages).write_pdf()
    one = texts(one_pass_pdf)
    differing = compared(one, texts(merged_pdf))
    numbers = page_numbers(rendered, first_chapter)
    listing = [index for index, part in enumerate(numbered) if LISTS.search(part)]
    for index in listing:
        rendered[index] = HTML(
            string=with_page_numbers(numbered[index], numbers), base_url=base
        ).render()
    pages = [page for document in rendered for page in document.pages]
    numbered_merged = texts(rendered[0].copy(pages).write_pdf())
    print(
        json.dumps(
            {
                "documents": len(parts),
                "cores": cores,
                "one_pass_s": one_pass_seconds,
                "one_pass_pages": len(whole.pages),
                "split_s": split_seconds,
                "split_pages": sum(count for count, _ in laid_out),
                "slowest_document_s": max(seconds for _, seconds in laid_out),
                "edit_s": edit_seconds,
                "merged_pages": len(numbered_merged),
                "differing_pages": differing,
                "differing_pages_numbers_as_text": compared(one, numbered_merged),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
