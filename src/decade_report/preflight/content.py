"""Preflight of the sources: content checks on the validated report, before anything is rendered.

Each check is one function marked with `@content_check`; it reads the `Report` (and, to point
at the exact place, the project's files) and yields findings at `path:line:col` of the original
file — typos, numbers the data contradicts, empty sections, broken links, figures without a
caption, characters no bundled font can print. Nothing here changes the author's text.
`preflight.run.check_content` runs every check and hands the findings, sorted by place, to the
pipeline.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import unquote

from decade_report.charts.render import describe, fmt
from decade_report.compose.document import Numbering
from decade_report.compose.markdown import PARSER, render_markdown, strip_footnote_block
from decade_report.errors import Location, Severity, did_you_mean
from decade_report.model.report import ChartSpec, Report, is_number
from decade_report.preflight.registry import Finding, content_check, found
from decade_report.preflight.sources import (
    Passage,
    bodies,
    chart_records,
    links,
    printed_texts,
    prose_passages,
)
from decade_report.preflight.spelling import WORD, WORDLIST, Dictionary, judge
from decade_report.theme.tokens import Theme, faces_coverage, missing_packaged_faces
from decade_report.validate.narrative import embeds

ERROR, WARNING = Severity.ERROR, Severity.WARNING


# --- spelling -------------------------------------------------------------------------------

MISSING_SPACE = re.compile(r"([^\W\d_]{2,})([;,])([^\W\d_]{2,})")


@content_check
def spelling(report: Report, theme: Theme) -> Iterator[Finding]:
    """Misspelt words, words run together ("stipulatedin", "Asia-PacificSpace",
    "agencies;international") and words split in two ("over whelming") in the message, the
    chapters and the chart titles and captions.

    Words are looked up in an English dictionary (pyspellchecker; British spellings accepted), in
    the names and acronyms of the project's data and in the project's `wordlist.txt`. Code,
    links, numbers, footnote markers, chart embeds and ALL-CAPS acronyms are skipped.
    """
    dictionary = Dictionary.of(report)
    for passage in prose_passages(report):
        yield from spelling_of(passage, dictionary)


def spelling_of(passage: Passage, dictionary: Dictionary) -> Iterator[Finding]:
    tokens = list(WORD.finditer(passage.text))
    split: set[int] = set()
    for index, (first, second) in enumerate(pairwise(tokens)):
        between = passage.text[first.end() : second.start()]
        if between == " " and dictionary.is_split(first[0], second[0]):
            split |= {index, index + 1}
            yield found(
                "spelling",
                WARNING,
                f"'{first[0]} {second[0]}' looks like one word split in two",
                f"did you mean '{first[0]}{second[0]}'?",
                where=passage.at(first.start()),
                fix=(f"{first[0]} {second[0]}", f"{first[0]}{second[0]}"),
            )
    for index, token in enumerate(tokens):
        verdict = None if index in split else judge(token[0], dictionary)
        if verdict is None:
            continue
        fix = None
        if verdict.problem == "run together":
            message = f"'{token[0]}' looks like words run together"
            hint = f"did you mean '{verdict.suggestion}'?"
            fix = (token[0], verdict.suggestion) if verdict.suggestion else None
        else:  # a guess from the dictionary: shown, never applied (it may be a name)
            message = f"'{token[0]}' is not in the dictionary"
            hint = f"did you mean '{verdict.suggestion}'? " if verdict.suggestion else ""
            hint += f"If it is spelt right, add it to {WORDLIST}"
        yield found("spelling", WARNING, message, hint, where=passage.at(token.start()), fix=fix)
    for match in MISSING_SPACE.finditer(passage.text):
        yield found(
            "spelling",
            WARNING,
            f"no space after '{match[2]}' in '{match[0]}'",
            f"did you mean '{match[1]}{match[2]} {match[3]}'?",
            where=passage.at(match.start()),
            fix=(match[0], f"{match[1]}{match[2]} {match[3]}"),
        )


# --- numbers --------------------------------------------------------------------------------

# fmt: off
NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty",
)
# fmt: on
COUNT = r"\b(?P<count>\d{1,3}(?:,\d{3})+|\d+|" + "|".join(NUMBER_WORDS) + r")"
QUOTE = r"[‘'“\"]?"
FAMILY = re.compile(rf"family\s+of\s+{COUNT}\s+(?:member\s+)?states\b", re.I)


@dataclass(frozen=True)
class Claim:
    """A phrase whose number the data knows: "<number> <phrase>" in the text must say `actual`."""

    pattern: re.Pattern[str]
    actual: int
    hint: str


def phrase_pattern(label: str) -> re.Pattern[str]:
    """ "<number> <label>", with any spacing, any case, and each word singular or plural
    ("full Member States" also finds "one full Member State")."""
    words = []
    for word in label.split():
        stem = re.escape(word.removesuffix("s") if len(word) > 3 else word)
        words.append(stem + "s?" if len(word) > 3 else stem)
    return re.compile(rf"{COUNT}\s+{QUOTE}" + r"\s+".join(words) + r"(?!\w)", re.I)


def claims(report: Report) -> Iterator[Claim]:
    """The project's own numbers: its key figures (data/key_figures.yaml), the number of
    member states of each declared status, and of member states in all."""
    for figure in report.key_figures:
        if is_number(figure.value) and float(figure.value).is_integer():
            hint = f"{figure.where} declares '{figure.label}' as {fmt(figure.value)}"
            hint += f" ({figure.how})" if figure.how else ""
            yield Claim(phrase_pattern(figure.label), int(figure.value), hint)
    states = report.datasets.get("member_states")
    if states is None:
        return
    for status, label in report.config.statuses.items():
        actual = sum(1 for s in report.member_states if s.status == status)
        hint = f"{states.path} lists {actual} with status {status}"
        yield Claim(phrase_pattern(label), actual, hint)
    total = len(report.member_states)
    for pattern in (phrase_pattern("participating states"), FAMILY):
        yield Claim(pattern, total, f"{states.path} lists {total} in all")


@content_check
def numbers_match_the_data(report: Report, theme: Theme) -> Iterator[Finding]:
    """Numbers in the text that contradict the project's data: "<number> <label>" for every key
    figure of data/key_figures.yaml and every member status of [statuses] ("eight full Member
    States"), and "a family of eleven States" against the member states in all.

    Numbers are read as digits (1,234 too) or as words from one to twenty, in the message, the
    chapters (front matter included) and the chart titles and captions.
    """
    known = list(claims(report))
    for passage in prose_passages(report):
        seen: set[int] = set()
        for claim in known:
            for match in claim.pattern.finditer(passage.text):
                said = match["count"].lower().replace(",", "")
                number = int(said) if said.isdigit() else NUMBER_WORDS.index(said)
                if number == claim.actual or match.start("count") in seen:
                    continue
                seen.add(match.start("count"))
                yield found(
                    "numbers_match_the_data",
                    ERROR,
                    f"the text says '{' '.join(match[0].split())}' but the data has "
                    f"{fmt(claim.actual)}",
                    f"{claim.hint}: correct the text or the data",
                    where=passage.at(match.start("count")),
                )


# --- structure ------------------------------------------------------------------------------


@content_check
def empty_sections(report: Report, theme: Theme) -> Iterator[Finding]:
    """Headings with nothing under them: followed directly by a heading of the same or a higher
    level, or by the end of the file, with no text, chart or table in between."""
    for passage in bodies(report):
        tokens = [t for t in strip_footnote_block(PARSER.parse(passage.text, {})) if t.type != "hr"]
        for index, token in enumerate(tokens):
            if token.type != "heading_open" or token.map is None:
                continue
            after = tokens[index + 3] if index + 3 < len(tokens) else None
            if after is not None and not (
                after.type == "heading_open" and int(after.tag[1]) <= int(token.tag[1])
            ):
                continue
            line = passage.text.splitlines()[token.map[0]]
            title = tokens[index + 1].content
            yield found(
                "empty_sections",
                WARNING,
                f"section '{title}' is empty"
                + ("" if after else ": nothing follows it to the end of the file"),
                "write its text, or remove the heading",
                where=Location(
                    passage.path, passage.line + token.map[0], len(line) - len(line.lstrip()) + 1
                ),
            )


TEMPLATE_ID = re.compile(r'\bid="([^"]*)"')
ITEM_ID = re.compile(r"\{\{\s*item\.id\s*\}\}([^{}]*)")
STATE_ID = re.compile(r"([^{}]*)\{\{\s*state\.id\s*\|\s*lower\s*\}\}([^{}]*)")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")


def anchors(report: Report, theme: Theme) -> set[str]:
    """Every id a link may point at: headings (render_markdown), figures and tables (numbered
    as compose numbers them) and the ids the theme's templates give chapters and sections."""
    ids = {h[1] for h in render_markdown(report.message.body, "message", no_embed).headings}
    numbering = Numbering()
    for chapter in report.chapters:
        anchor = f"chapter-{chapter.number}"
        label = "A" if chapter.layout == "annex" else str(chapter.number)
        ids |= {h[1] for h in render_markdown(chapter.body, anchor, no_embed).headings}
        for kind, _, _ in embeds(chapter):
            ids.add(numbering.next("figure" if kind == "chart" else "table", label)[1])
        if chapter.layout == "annex":
            ids |= {numbering.next("table", label)[1] for _ in report.charts}
    for folder in theme.template_dirs:
        for path in sorted(folder.rglob("*.html")):
            in_layout = path.parent.name == "layouts"
            for value in TEMPLATE_ID.findall(path.read_text("utf-8")):
                if "{" not in value:
                    ids.add(value)
                elif match := ITEM_ID.fullmatch(value):
                    ids |= {
                        f"chapter-{c.number}{match[1]}"
                        for c in report.chapters
                        if not in_layout or c.layout == path.stem
                    }
                elif match := STATE_ID.fullmatch(value):
                    ids |= {f"{match[1]}{s.id.lower()}{match[2]}" for s in report.member_states}
    return ids


def no_embed(kind: str, ident: str) -> str:
    return ""


@content_check
def cross_references(report: Report, theme: Theme) -> Iterator[Finding]:
    """Links to `#anchors` that no heading, figure, table or section has, and links or images
    pointing at files that do not exist inside the project."""
    known = anchors(report, theme)
    root = report.root.resolve()
    for passage in bodies(report):
        folder = (root / passage.path).parent
        for target, where in links(passage):
            if SCHEME.match(target):
                continue
            if target.startswith("#"):
                if unquote(target[1:]) not in known:
                    yield found(
                        "cross_references",
                        ERROR,
                        f"link to '{target}': nothing in the report has this id",
                        did_you_mean(unquote(target[1:]), known)
                        or "link to a heading id such as #chapter-1-…",
                        where=where,
                    )
                continue
            relative = unquote(re.split(r"[#?]", target, maxsplit=1)[0])
            if not relative:
                continue
            candidates = [(root / relative.lstrip("/")).resolve()]
            if not relative.startswith("/"):
                candidates.insert(0, (folder / relative).resolve())
            if not any(p.is_relative_to(root) and p.exists() for p in candidates):
                yield found(
                    "cross_references",
                    ERROR,
                    f"link to '{target}': no such file in the project",
                    "give a path relative to the project, to a file inside it",
                    where=where,
                )


@content_check
def figure_captions(report: Report, theme: Theme) -> Iterator[Finding]:
    """Charts placed in the text without a caption, and charts without alt text where none can
    be generated from their data."""
    placed = {ident for c in report.chapters for kind, ident, _ in embeds(c) if kind == "chart"}
    records = chart_records(report)
    for chart in report.charts:
        record = records.get(chart.id)
        where = record.at("id") if record else Location("charts.yaml")
        if chart.id in placed and not chart.caption:
            yield found(
                "figure_captions",
                WARNING,
                f"chart '{chart.id}' is placed in the text without a caption",
                "add caption: … to the chart in charts.yaml (it is printed under the figure)",
                where=where,
            )
        if not chart.alt and not generated_alt(chart, report):
            yield found(
                "figure_captions",
                WARNING,
                f"chart '{chart.id}' has no alt text and none can be generated from its data",
                "add alt: … saying what the chart shows, for readers who cannot see it",
                where=where,
            )


def generated_alt(chart: ChartSpec, report: Report) -> str:
    dataset = report.datasets.get(chart.dataset)
    try:
        return describe(chart, dataset).strip() if dataset else ""
    except (IndexError, KeyError, TypeError, ValueError, ZeroDivisionError):
        return ""


# --- glyphs ---------------------------------------------------------------------------------

INVISIBLE = ("Cc", "Cf", "Zs", "Zl", "Zp")


def printable(char: str) -> bool:
    variation = 0xFE00 <= ord(char) <= 0xFE0F or 0xE0100 <= ord(char) <= 0xE01EF
    return not (char.isspace() or variation or unicodedata.category(char) in INVISIBLE)


@content_check
def missing_glyphs(report: Report, theme: Theme) -> Iterator[Finding]:
    """Characters in the text that no available font has a glyph for: the message, the
    chapters, every string of every dataset and chart, and the titles and contacts in
    report.toml. Reported once per script (Khmer, Runic …), at its first place, naming the
    package to install when a face of faces.toml for that script is not installed; a symbol
    outside any script (an emoji) is reported once per character.

    Fonts are those of assets/fonts/faces.toml (the theme's and the project's, bundled files and
    the `[[system_face]]` files of installed packages); whitespace and control characters are not
    checked.
    """
    covered = faces_coverage(path for path, _ in theme.faces)
    packages = {
        script: face.package for face in missing_packaged_faces(theme) for script in face.scripts
    }
    seen: dict[str, dict[str, list[Location]]] = {}

    def suspicious(text: str) -> bool:
        return any(ord(c) not in covered and printable(c) for c in set(text))

    for passage in printed_texts(report, suspicious):
        missing = {c for c in set(passage.text) if ord(c) not in covered and printable(c)}
        for char in sorted(missing, key=passage.text.index):
            code = unicode_script(char)
            group = seen.setdefault(char if code in ("Zyyy", "Zinh", "Zzzz") else code, {})
            places = group.setdefault(char, [])
            places += [passage.at(m.start()) for m in re.finditer(re.escape(char), passage.text)]
    for key, characters in seen.items():
        first = min(characters, key=lambda c: min(characters[c]))
        where = min(characters[first])
        count = sum(len(p) for p in characters.values())
        name = f"U+{ord(first):04X} {unicodedata.name(first, 'unnamed character')} ('{first}')"
        times = f" ({count} times in the project)" if count > 1 else ""
        if len(key) == 1:  # a symbol of no script: the character is the group
            message = f"{name} is in none of the available fonts{times}"
        else:
            kinds = len(characters)
            first_of = f"{kinds} different characters, first " if kinds > 1 else ""
            message = (
                f"{script_name(key)} text is in none of the available fonts: "
                f"{first_of}{name}{times}"
            )
        package = packages.get(key)
        hint = (
            f"install the Debian package {package} (scripts/setup.sh installs it): it has "
            f"the font faces.toml declares for the {script_name(key)} script"
            if package
            else "use another character or add a font that has it to assets/fonts/faces.toml "
            "(a file in assets/fonts/, or a [[system_face]] of a Debian fonts-noto-* package)"
        )
        yield found("missing_glyphs", ERROR, message, hint, where=where)


def unicode_script(char: str) -> str:
    """ISO 15924 code of a character's script ("Khmr"); "Zyyy" for symbols of no script."""
    from fontTools import unicodedata as ucd

    return str(ucd.script(char))


def script_name(code: str) -> str:
    from fontTools import unicodedata as ucd

    return str(ucd.script_name(code, default=code))
