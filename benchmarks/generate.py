"""Make a large synthetic report project in our own format, for the benchmarks.

It starts from the sample (report/: its report.toml, message, chapters, data, charts and
templates, so every layout the theme has is exercised) and adds:

* `--chapters` narrative chapters between the sample's outlook and its annexes, with sections,
  prose and a footnote, sized so that the whole report comes to about `--pages` pages (the
  register and the charts come first: with the defaults they and the sample already make about
  250 pages, so the chapters get the least prose; 5,000 rows and 80 charts made 272 pages with
  the first calibration);
* charts up to `--charts` in all, each with its own small dataset (`data/bench_series_NN.csv`),
  placed once in the new chapters (the annex then prints each chart's data table, as for the
  sample's own charts);
* a `--rows`-row register (`data/bench_register.csv`) printed as one table in the annexes.

The prose is made of the sample's own words (so the spelling check passes it) in a fixed
pseudo-random order; it has no digits, so no sentence claims a number the data must back.

    .venv/bin/python benchmarks/generate.py OUT [--chapters 16] [--pages 240] [--charts 80]
                                             [--rows 5000] [--seed 14]
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import shutil
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "report"
SAMPLE_PAGES = 53
"""Pages of the sample's screen edition; the new material is sized against it."""
ROWS_PER_PAGE = 41
"""Register rows on one A4 page of the default theme's data tables (measured: 5,000 rows took
122 pages)."""
WORDS_PER_PAGE = 520
"""Words of prose on one page of body text, with its headings."""
CHART_PAGES = 1.1
"""A figure in its chapter and its data table in the annex, together (measured: 68 charts with
the minimum of prose took about 76 pages)."""
MIN_WORDS = 200
"""Prose of a chapter at the least, whatever the page budget: its charts need text between."""
KINDS = ("bar", "line", "stacked", "bar", "line")
YEARS = range(2008, 2019)


def vocabulary() -> list[str]:
    """Lower-case words of the sample's prose (front matter and directives left out)."""
    words: set[str] = set()
    for path in sorted((SAMPLE / "chapters").glob("[0-9][0-9]-*.md")):
        if path.name.count(".") > 1:  # a translation (01-….zh.md)
            continue
        text = path.read_text("utf-8").split("---", 2)[-1]
        text = re.sub(r"\[\[[^\]]*\]\]|\[\^[^\]]*\]|\([^)]*\)|^:::.*$", " ", text, flags=re.M)
        words.update(re.findall(r"(?<![\w’'-])[a-z]{3,12}(?![\w’'-])", text))
    return sorted(words)


def sentence(rng: random.Random, words: list[str], low: int = 10, high: int = 22) -> str:
    chosen: list[str] = []
    while len(chosen) < rng.randint(low, high):
        word = rng.choice(words)
        if not chosen or word != chosen[-1]:
            chosen.append(word)
    return " ".join(chosen).capitalize() + "."


def paragraph(rng: random.Random, words: list[str]) -> str:
    return " ".join(sentence(rng, words) for _ in range(rng.randint(4, 7)))


def heading(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(2, 4))).capitalize()


def chapter(rng: random.Random, words: list[str], charts: list[str], prose_words: int) -> str:
    lines = [
        "---",
        f'title: "{heading(rng, words)}"',
        f'kicker: "{heading(rng, words)}"',
        f'summary: "{sentence(rng, words, 8, 14)}"',
        "---",
        "",
    ]
    written, placed, section = 0, 0, 0
    per_chart = prose_words // (len(charts) + 1)
    while written < prose_words or placed < len(charts):
        if written >= section * 450:
            section += 1
            lines += [f"## {heading(rng, words)}", ""]
        text = paragraph(rng, words)
        if written == 0:
            text += "[^1]"
        lines += [text, ""]
        written += len(text.split())
        while placed < len(charts) and written >= per_chart * (placed + 1):
            lines += [f"[[chart: {charts[placed]}]]", ""]
            placed += 1
    lines += [f"[^1]: {sentence(rng, words, 8, 14)}", ""]
    return "\n".join(lines)


def series(rng: random.Random, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["year", "first", "second", "illustrative"])
        first, second = rng.randint(5, 40), rng.randint(5, 40)
        for year in YEARS:
            first += rng.randint(0, 12)
            second += rng.randint(-3, 9)
            out.writerow([year, first, max(second, 0), "true"])


def chart_entry(index: int, kind: str) -> str:
    y = "[first, second]" if kind == "stacked" else "[first]"
    return (
        f"\n- id: bench-series-{index:02d}\n"
        f"  kind: {kind}\n"
        f"  dataset: bench_series_{index:02d}\n"
        "  x: year\n"
        f"  y: {y}\n"
        '  labels: {first: "First series", second: "Second series"}\n'
        f'  title: "Synthetic series {index:02d}"\n'
        '  caption: "A synthetic series for the benchmarks, 2008–2018."\n'
    )


def register(rng: random.Random, path: Path, rows: int) -> None:
    """A register of activities: states and kinds of event from the sample's own data."""
    states = [
        line.split(":", 1)[1].strip().strip('"')
        for line in (SAMPLE / "data" / "member_states.yaml").read_text("utf-8").splitlines()
        if line.startswith("  name:")
    ]
    kinds = ["Workshop", "Training", "Symposium", "Forum", "Council meeting"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["year", "state", "activity", "participants", "days", "illustrative"])
        for _ in range(rows):
            out.writerow(
                [
                    rng.choice(YEARS),
                    rng.choice(states),
                    rng.choice(kinds),
                    rng.randint(8, 240),
                    rng.randint(1, 12),
                    "true",
                ]
            )


def first_language_only(project: Path) -> None:
    """Cut report.toml's `languages` to the first: one set of editions, as the floor has one
    document (the sample is written in three)."""
    toml = project / "report.toml"
    text = toml.read_text("utf-8")
    toml.write_text(
        re.sub(r'^languages = \[\s*("[^"]+")[^\]]*\]', r"languages = [\1]", text, flags=re.M),
        "utf-8",
    )


def generate(out: Path, chapters: int, pages: int, charts: int, rows: int, seed: int) -> Path:
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(SAMPLE, out, ignore=shutil.ignore_patterns(".cache", "build", ".preview*"))
    first_language_only(out)
    rng = random.Random(seed)
    words = vocabulary()
    sample_charts = len(re.findall(r"^- id:", (SAMPLE / "charts.yaml").read_text("utf-8"), re.M))
    extra_charts = max(0, charts - sample_charts)
    entries = []
    for index in range(1, extra_charts + 1):
        series(rng, out / "data" / f"bench_series_{index:02d}.csv")
        entries.append(chart_entry(index, KINDS[index % len(KINDS)]))
    with (out / "charts.yaml").open("a", encoding="utf-8") as handle:
        handle.write("".join(entries))
    register(rng, out / "data" / "bench_register.csv", rows)
    annex = out / "chapters" / "09-annexes.md"
    annex.write_text(
        annex.read_text("utf-8").rstrip("\n")
        + "\n\nThe register lists every recorded activity of the period.\n\n"
        + "[[table: bench_register]]\n",
        "utf-8",
    )
    left = pages - SAMPLE_PAGES - rows / ROWS_PER_PAGE - extra_charts * CHART_PAGES
    prose_words = max(MIN_WORDS, int(left * WORDS_PER_PAGE / max(chapters, 1)))
    ids = [f"bench-series-{index:02d}" for index in range(1, extra_charts + 1)]
    for number in range(1, chapters + 1):
        mine = ids[number - 1 :: chapters]
        text = chapter(rng, words, mine, prose_words)
        # after 08-outlook.md, before the annexes, each with a number of its own: chapters that
        # shared the prefix 08 were all given the id `chapter-8` in the composed page
        (out / "chapters" / f"{8 + number:02d}-synthetic.md").write_text(text, "utf-8")
    annex.rename(annex.with_name(f"{9 + chapters:02d}-annexes.md"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the project folder to write (replaced)")
    parser.add_argument("--chapters", type=int, default=16, help="narrative chapters to add")
    parser.add_argument("--pages", type=int, default=240, help="pages the report should have")
    parser.add_argument("--charts", type=int, default=80, help="charts in all")
    parser.add_argument("--rows", type=int, default=5000, help="rows of the annex register")
    parser.add_argument("--seed", type=int, default=14)
    arguments = parser.parse_args(argv)
    made = generate(
        arguments.out,
        arguments.chapters,
        arguments.pages,
        arguments.charts,
        arguments.rows,
        arguments.seed,
    )
    print(made)
    return 0


if __name__ == "__main__":
    sys.exit(main())
